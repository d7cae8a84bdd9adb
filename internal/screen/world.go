package screen

import (
	"context"
	"hash/maphash"
	"slices"
	"sort"
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

// index is the registry-wide World of a full run, built in one narrow pass over the current
// persons. It keeps only what is shared: ID keys held by more than one person and phones
// given by members of more than one household, so its size follows the problems, not the
// registry. Phones are compared as idno.NormalizePhone spells them, so that "139 1234 5678"
// and "+86 13912345678" are one phone. Keys are 64-bit hashes; with a few million persons a
// collision is about as likely as one in several million runs.
type index struct {
	seed     maphash.Seed
	ids      map[uint64]*idGroup
	phones   map[uint64]int
	deceased map[uint64]int // ID key → deceased persons holding it
}

type idGroup struct {
	households []string
	posts      int
}

func (x *index) hash(s string) uint64 { return maphash.String(x.seed, s) }

// IDHolders implements rules.World.
func (x *index) IDHolders(key string) ([]string, int) {
	if g := x.ids[x.hash(key)]; g != nil {
		return g.households, g.posts
	}
	return nil, 0
}

// DeceasedHolders implements rules.World.
func (x *index) DeceasedHolders(key string) int { return x.deceased[x.hash(key)] }

// PhoneHouseholds implements rules.World, comparing normalised phones.
func (x *index) PhoneHouseholds(phone string) int {
	p := idno.NormalizePhone(phone)
	if p == "" {
		return 0
	}
	return x.phones[x.hash(p)]
}

// idKey returns the duplicate key of an ID number: its first 18 characters in upper case, or
// "" when it is too short to be one.
func idKey(raw string) string {
	s := strings.TrimSpace(raw)
	if len(s) < 18 {
		return ""
	}
	return strings.ToUpper(s[:18])
}

// keyRec is a current person's ID key or phone (as a hash) with the person's household, as a
// number that is one per household: the reader in the top bit and the household's place
// among the reader's households below; post tells, for an ID key, that the person holds a
// public-welfare post.
type keyRec struct {
	key  uint64
	hh   uint32
	post bool
}

// indexPart is what one reader of the index pass collected: its households, the ID keys and
// the phones of their current members, and the deceased persons' keys.
type indexPart struct {
	households []string
	ids        []keyRec
	phones     []keyRec
	deceased   map[uint64]int
}

// growFor returns s with room for n more elements, doubling its capacity when it has none.
func growFor[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	out := make([]T, len(s), max(2*cap(s), len(s)+n))
	copy(out, s)
	return out
}

// buildIndex reads household_no, id_number, phone and post_type of every person of the
// registry who has not left once. Two readers (the lower and the upper half of the
// counties) each collect their persons' keys and sort them; the index is then one merge of
// the two sorted lists, which finds the keys held more than once without a map over every
// person.
func buildIndex(ctx context.Context, db *store.DB, counties []region.Code) (*index, error) {
	x := &index{seed: maphash.MakeSeed(), ids: map[uint64]*idGroup{}, phones: map[uint64]int{}, deceased: map[uint64]int{}}
	ranges := [][2]string{{"", ""}}
	if len(counties) > 1 {
		sorted := slices.Clone(counties)
		slices.Sort(sorted)
		mid := string(sorted[len(sorted)/2])
		ranges = [][2]string{{"", mid}, {mid, ""}}
	}
	reg := store.NewRegistry(db)
	parts := make([]*indexPart, len(ranges))
	errc := make(chan error, len(ranges))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for r, rg := range ranges {
		part := &indexPart{deceased: map[uint64]int{}}
		parts[r] = part
		go func() {
			err := reg.PersonKeys(ctx, rg[0], rg[1], func(in []store.PersonKey) error {
				// Millions of keys: grow by doubling, not by append's quarter, which copied
				// the slices four times over (a tenth of a re-screening's CPU).
				part.ids = growFor(part.ids, len(in))
				part.phones = growFor(part.phones, len(in))
				part.households = growFor(part.households, len(in))
				for i := range in {
					k := &in[i]
					if n := len(part.households); n == 0 || part.households[n-1] != k.HouseholdNo {
						// A copy, so that the index keeps no packed row alive.
						part.households = append(part.households, strings.Clone(k.HouseholdNo))
					}
					hh := uint32(r)<<31 | uint32(len(part.households)-1)
					if k.Deceased != "" {
						if len(k.Deceased) > 1 {
							part.deceased[x.hash(k.Deceased[1:])]++
						}
						continue
					}
					if key := idKey(k.IDNumber); key != "" {
						part.ids = append(part.ids, keyRec{x.hash(key), hh, k.PostType != ""})
					}
					if k.Phone != "" {
						if n := idno.NormalizePhone(k.Phone); n != "" {
							part.phones = append(part.phones, keyRec{key: x.hash(n), hh: hh})
						}
					}
				}
				return nil
			})
			if err == nil {
				// By key, then household: the records were appended in household order,
				// and the radix sort keeps the order of equal keys.
				scratch := make([]keyRec, max(len(part.ids), len(part.phones)))
				sortByKey(part.ids, scratch)
				sortByKey(part.phones, scratch)
			} else {
				cancel()
			}
			errc <- err
		}()
	}
	var first error
	for range ranges {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	if first != nil {
		return nil, first
	}
	household := func(hh uint32) string { return parts[hh>>31].households[hh&(1<<31-1)] }
	for _, part := range parts {
		for k, n := range part.deceased {
			x.deceased[k] += n
		}
	}
	// ID keys held by more than one current person.
	eachRun(parts, func(p *indexPart) []keyRec { return p.ids }, func(key uint64, run []keyRec) {
		if len(run) < 2 {
			return
		}
		g := &idGroup{households: make([]string, len(run))}
		for i, r := range run {
			g.households[i] = household(r.hh)
			if r.post {
				g.posts++
			}
		}
		x.ids[key] = g
	})
	// Phones given by members of more than one household.
	eachRun(parts, func(p *indexPart) []keyRec { return p.phones }, func(key uint64, run []keyRec) {
		n := 0
		for i := range run {
			if i == 0 || run[i].hh != run[i-1].hh {
				n++
			}
		}
		if n > 1 {
			x.phones[key] = n
		}
	})
	return x, nil
}

// sortByKey sorts recs by key, keeping the order of equal keys, with scratch (at least as
// long) as the second buffer: a radix sort by a byte at a time (whose 256 buckets the cache
// holds), a pass skipped when every key has the same byte there. 1.75 million records sort in
// 60 ms, against 211 ms for the library's comparison sort (BenchmarkSortByKey).
func sortByKey(recs, scratch []keyRec) {
	if len(recs) < 2 {
		return
	}
	src, dst := recs, scratch[:len(recs)]
	var counts [1 << 8]int
	for shift := uint(0); shift < 64; shift += 8 {
		clear(counts[:])
		for i := range src {
			counts[uint8(src[i].key>>shift)]++
		}
		if counts[uint8(src[0].key>>shift)] == len(src) {
			continue // one digit for all: the order stands
		}
		pos := 0
		for d, n := range counts {
			counts[d] = pos
			pos += n
		}
		for i := range src {
			d := uint8(src[i].key >> shift)
			dst[counts[d]] = src[i]
			counts[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &recs[0] {
		copy(recs, src)
	}
}

// eachRun calls fn with each key of the parts' sorted lists and its records, in order of the
// households within a part.
func eachRun(parts []*indexPart, list func(*indexPart) []keyRec, fn func(key uint64, run []keyRec)) {
	lists := make([][]keyRec, len(parts))
	for i, p := range parts {
		lists[i] = list(p)
	}
	var run []keyRec
	for {
		// The smallest key at the head of a list.
		var key uint64
		found := false
		for _, l := range lists {
			if len(l) > 0 && (!found || l[0].key < key) {
				key, found = l[0].key, true
			}
		}
		if !found {
			return
		}
		run = run[:0]
		for i, l := range lists {
			j := 0
			for j < len(l) && l[j].key == key {
				j++
			}
			run = append(run, l[:j]...)
			lists[i] = l[j:]
		}
		fn(key, run)
	}
}

// countySizes returns the counties that have households in the scope with their numbers of
// households, largest first, so that parallel workers finish together.
func countySizes(ctx context.Context, db *store.DB, scope region.Code) ([]region.Code, []int, error) {
	codes, sizes, err := store.NewRegistry(db).CountyHouseholds(ctx, scope)
	if err != nil {
		return nil, nil, err
	}
	order := make([]int, len(codes))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return sizes[order[a]] > sizes[order[b]] })
	outCodes, outSizes := make([]region.Code, len(codes)), make([]int, len(codes))
	for i, k := range order {
		outCodes[i], outSizes[i] = codes[k], sizes[k]
	}
	return outCodes, outSizes, nil
}

// deceasedKeys counts the deceased persons (not left) per ID key: of every key when all is
// set, otherwise of the keys given.
func deceasedKeys(ctx context.Context, db *store.DB, all bool, only []string) (map[string]int, error) {
	q := `SELECT upper(substr(id_number, 1, 18)) FROM persons WHERE deceased_on IS NOT NULL AND left_on IS NULL AND length(id_number) >= 18`
	if !all {
		if len(only) == 0 {
			return map[string]int{}, nil
		}
		q += ` AND upper(substr(id_number, 1, 18)) IN (` + marks(len(only)) + `)`
	}
	rows, err := db.SQL.QueryContext(ctx, db.Rebind(q), anys(only)...)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "读取已故人员证件号码失败")
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, errs.Wrap(err, errs.Internal, "读取已故人员证件号码失败")
		}
		out[k]++
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "读取已故人员证件号码失败")
	}
	return out, nil
}

// localWorld is the World of a few households, read with indexed queries: the persons who
// share their members' ID keys and phones. Phones are keyed by their normalised spelling.
type localWorld struct {
	ids      map[string]*idGroup
	phones   map[string]int
	deceased map[string]int
}

// DeceasedHolders implements rules.World.
func (w *localWorld) DeceasedHolders(key string) int { return w.deceased[key] }

// IDHolders implements rules.World.
func (w *localWorld) IDHolders(key string) ([]string, int) {
	if g := w.ids[key]; g != nil {
		return g.households, g.posts
	}
	return nil, 0
}

// PhoneHouseholds implements rules.World, comparing normalised phones.
func (w *localWorld) PhoneHouseholds(phone string) int {
	if p := idno.NormalizePhone(phone); p != "" {
		return w.phones[p]
	}
	return 0
}

// phoneBatch bounds the spellings one phone query binds.
const phoneBatch = 500

// loadLocalWorld queries the holders of the keys and the households of the phones.
func loadLocalWorld(ctx context.Context, db *store.DB, keys, phones []string) (*localWorld, error) {
	w := &localWorld{ids: map[string]*idGroup{}, phones: map[string]int{}}
	var err error
	if w.deceased, err = deceasedKeys(ctx, db, false, keys); err != nil {
		return nil, err
	}
	if len(keys) > 0 {
		rows, err := db.SQL.QueryContext(ctx, db.Rebind(`SELECT upper(substr(id_number, 1, 18)), household_no, post_type FROM persons
			WHERE upper(substr(id_number, 1, 18)) IN (`+marks(len(keys))+`) AND left_on IS NULL AND deceased_on IS NULL`), anys(keys)...)
		if err != nil {
			return nil, errs.Wrap(err, errs.Internal, "读取证件号码索引失败")
		}
		defer rows.Close()
		for rows.Next() {
			var k, no, post string
			if err := rows.Scan(&k, &no, &post); err != nil {
				return nil, errs.Wrap(err, errs.Internal, "读取证件号码索引失败")
			}
			g := w.ids[k]
			if g == nil {
				g = &idGroup{}
				w.ids[k] = g
			}
			g.households = append(g.households, no)
			if post != "" {
				g.posts++
			}
		}
		if err := rows.Err(); err != nil {
			return nil, errs.Wrap(err, errs.Internal, "读取证件号码索引失败")
		}
		rows.Close()
	}
	// The registry keeps phones as the sources wrote them. The indexed query asks for each
	// phone as given and in its common spellings; the rows it returns are compared by their
	// normalised value, so that a household that wrote the phone another way still counts.
	// A spelling outside that list is found by the next full run, whose index normalises
	// every phone.
	wanted := map[string]map[string]bool{} // normalised phone → households
	var spellings []string
	for _, raw := range phones {
		p := idno.NormalizePhone(raw)
		if p == "" || wanted[p] != nil {
			continue
		}
		wanted[p] = map[string]bool{}
		spellings = append(spellings, phoneSpellings(p)...)
		if t := strings.TrimSpace(raw); t != p {
			spellings = append(spellings, raw, t)
		}
	}
	slices.Sort(spellings)
	spellings = slices.Compact(spellings)
	for start := 0; start < len(spellings); start += phoneBatch {
		batch := spellings[start:min(start+phoneBatch, len(spellings))]
		if err := phoneHolders(ctx, db, batch, wanted); err != nil {
			return nil, err
		}
	}
	for p, households := range wanted {
		if len(households) > 0 {
			w.phones[p] = len(households)
		}
	}
	return w, nil
}

// phoneHolders adds to wanted the households of the current persons whose phone is one of the
// spellings, by the phone's normalised value.
func phoneHolders(ctx context.Context, db *store.DB, spellings []string, wanted map[string]map[string]bool) error {
	rows, err := db.SQL.QueryContext(ctx, db.Rebind(`SELECT phone, household_no FROM persons
		WHERE phone IN (`+marks(len(spellings))+`) AND left_on IS NULL AND deceased_on IS NULL`), anys(spellings)...)
	if err != nil {
		return errs.Wrap(err, errs.Internal, "读取联系电话索引失败")
	}
	defer rows.Close()
	for rows.Next() {
		var phone, no string
		if err := rows.Scan(&phone, &no); err != nil {
			return errs.Wrap(err, errs.Internal, "读取联系电话索引失败")
		}
		if households := wanted[idno.NormalizePhone(phone)]; households != nil {
			households[no] = true
		}
	}
	if err := rows.Err(); err != nil {
		return errs.Wrap(err, errs.Internal, "读取联系电话索引失败")
	}
	return nil
}

// phoneSpellings returns the common ways of writing a normalised phone: a mobile number as it
// is or grouped 3-4-4 by spaces or dashes, alone or after +86, 0086 or 86; a landline with a
// dash or brackets after a 3- or 4-digit area code.
func phoneSpellings(p string) []string {
	out := []string{p}
	switch {
	case len(p) == 11 && p[0] == '1':
		for _, prefix := range []string{"", "+86", "+86 ", "+86-", "0086", "0086 ", "0086-", "86"} {
			for _, sep := range []string{"", " ", "-"} {
				out = append(out, prefix+p[:3]+sep+p[3:7]+sep+p[7:])
			}
		}
	case len(p) >= 10 && p[0] == '0':
		out = append(out, p[:3]+"-"+p[3:], p[:4]+"-"+p[4:], "("+p[:3]+")"+p[3:], "("+p[:4]+")"+p[4:])
	}
	return out
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// prefixEnd returns the smallest string of digits greater than every string that starts with
// the digits p: p with its last digit below 9 incremented ("6211" → "6212", "6219" → "622").
func prefixEnd(p string) string {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b[:i+1])
		}
	}
	return "a" // after every string of digits
}
