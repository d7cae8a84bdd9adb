package screen

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// sortByKey is a stable sort by key: it agrees with the library's stable sort on lists of
// every shape, duplicates and keys that differ in one byte only included.
func TestSortByKey(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 11))
	lists := map[string][]keyRec{"empty": nil, "one": {{key: 5, hh: 1}}}
	for name, key := range map[string]func() uint64{
		"random":     rnd.Uint64,
		"few keys":   func() uint64 { return uint64(rnd.IntN(5)) << 40 },
		"high digit": func() uint64 { return uint64(rnd.IntN(300)) << 48 },
		"low digit":  func() uint64 { return 1<<63 | uint64(rnd.IntN(70000)) },
		"all equal":  func() uint64 { return 42 },
		"mixed bits": func() uint64 { return uint64(rnd.IntN(3))<<60 | uint64(rnd.IntN(3))<<20 | uint64(rnd.IntN(3)) },
	} {
		recs := make([]keyRec, 5000)
		for i := range recs {
			recs[i] = keyRec{key: key(), hh: uint32(i), post: i%3 == 0}
		}
		lists[name] = recs
	}
	for name, recs := range lists {
		want := slices.Clone(recs)
		slices.SortStableFunc(want, func(a, b keyRec) int { return cmp.Compare(a.key, b.key) })
		got := slices.Clone(recs)
		sortByKey(got, make([]keyRec, len(got)))
		if !slices.Equal(got, want) {
			t.Errorf("%s: sortByKey differs from a stable sort by key", name)
		}
	}
}

func BenchmarkSortByKey(b *testing.B) {
	rnd := rand.New(rand.NewPCG(1, 2))
	recs := make([]keyRec, 1_750_000)
	for i := range recs {
		recs[i] = keyRec{key: rnd.Uint64(), hh: uint32(i)}
	}
	work, scratch := make([]keyRec, len(recs)), make([]keyRec, len(recs))
	b.Run("radix", func(b *testing.B) {
		for b.Loop() {
			copy(work, recs)
			sortByKey(work, scratch)
		}
	})
	b.Run("pdq", func(b *testing.B) {
		for b.Loop() {
			copy(work, recs)
			slices.SortFunc(work, func(a, b keyRec) int {
				if c := cmp.Compare(a.key, b.key); c != 0 {
					return c
				}
				return cmp.Compare(a.hh, b.hh)
			})
		}
	})
}
