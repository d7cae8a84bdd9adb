// Package sample rehearses the post-evaluation's sample (DOMAIN.md section 1; section 7,
// campaigns 3 and 6): the province draws about 10 villages and 300 households per county,
// interviews the families and reads the records; a county prepares by fixing what a draw is
// most likely to hit.
//
// A draw is stratified and weighted as the evaluators draw: villages split into 脱贫村 and
// other villages (a share of the draw each), drawn within each stratum with probability
// proportional to their population; households split equally over the drawn villages and,
// within a village, into monitored households, 脱贫户 and ordinary households (a share each),
// drawn within each stratum with a higher weight for households with a seriously ill or
// disabled member, hit by a disaster or relocated. Every number is a policy parameter, and a
// draw is reproducible: the same frame, parameters and seed give the same villages and
// households on any machine.
//
// Each draw is scored as the scorecard scores a region (score.Score): the rates counted over
// households (indicators 1, 2, 3, 6, 7, 9 and satisfaction) are counted over the drawn
// households, the county's own rates (funds, petitions …) are the county's; 1,000 draws give
// the expected score and its spread, and how often each village and household is drawn.
//
// The package reads no database: store.Sample builds the Frame of a county.
package sample

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/store"
)

// Class is a household's stratum.
type Class uint8

// The strata of households, in the order their shares are filled.
const (
	Monitored  Class = iota // 监测户
	Alleviated              // 脱贫户, not monitored
	Ordinary                // 一般农户
	numClasses
)

// Label names the stratum.
func (c Class) Label() string {
	return [...]string{"监测户", "脱贫户", "一般农户"}[c]
}

// Visit states of a household.
const (
	VisitUnknown int8 = iota // the county keeps no visit records
	NotVisited
	Visited
)

// Household is a household of the frame: what a draw needs of it.
type Household struct {
	No      string
	Head    string
	Village int32 // index in Frame.Villages
	Class   Class
	Special bool // a seriously ill or disabled member, hit by a disaster, or relocated
	// FormerlyPoor: a 脱贫户 by its 户类型, monitored or not.
	FormerlyPoor bool
	People       int16 // current members
	Pops         uint8 // store population bits (bit p for store.Population p)
	// Rates has bit k set when the household counts in the numerator of Frame.Spec.Rates[k]
	// (an open finding of the rate's rules, in its population).
	Rates    uint64
	Open     int16 // open findings
	Unscored int16 // open findings that count in no rate of the scorecard
	// The household's latest survey in the window.
	Answered, Satisfied bool
	KnowsAsked, Knows   bool
	Visit               int8 // VisitUnknown, NotVisited or Visited (in the visit interval)
}

// Village is a village of the frame.
type Village struct {
	Code   region.Code
	Name   string
	Poor   bool // 脱贫村
	People int
	// First and N are the village's households: Frame.Households[First:First+N].
	First, N int32
}

// Frame is a county as a draw sees it.
type Frame struct {
	County     region.Code
	Villages   []Village
	Households []Household // by village, in village order
	// Spec is the scorecard's rates (score.Spec), the bits of Household.Rates.
	Spec store.ScoreSpec
	// Fixed are the county's counts of the rates a draw does not count (the domains' own:
	// funds, petitions …), from its latest scorecard.
	Fixed []store.ScoreCount
	// PoorListed: the county imported its list of 脱贫村; without it Village.Poor is derived
	// from the share of 脱贫户 (sample_poor_village_min_share).
	PoorListed bool
	VisitsKept bool
}

// Params are the draw's parameters.
type Params struct {
	Villages, Households int
	PoorShare            float64 // % of the villages drawn among 脱贫村
	MonitoredShare       float64 // % of the households drawn among monitored households
	AlleviatedShare      float64 // % among 脱贫户 not monitored; the rest among ordinary ones
	SpecialWeight        float64
	Draws                int
}

// ParamsOf reads the draw's parameters.
func ParamsOf(p *policy.Set) Params {
	return Params{Villages: p.Int(policy.SampleVillages), Households: p.Int(policy.SampleHouseholds),
		PoorShare: p.Num(policy.SamplePoorVillages), MonitoredShare: p.Num(policy.SampleMonitored),
		AlleviatedShare: p.Num(policy.SampleAlleviated), SpecialWeight: p.Num(policy.SampleSpecialW), Draws: p.Int(policy.SampleDraws)}
}

// Draw is one sample: the villages and households drawn, as indexes into the frame.
type Draw struct {
	Villages   []int32
	Households []int32 // grouped by village, in the order of Villages
}

// rng returns the random stream of draw n of a seed.
func rng(seed uint64, n int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(n)*0x9E3779B97F4A7C15+1))
}

// keyed is an item with its sampling key.
type keyed struct {
	i   int32
	key float64
}

// weighted draws k of the items without replacement with probability proportional to their
// weights (Efraimidis and Spirakis: the k largest u^(1/w)), in the order of their keys.
func weighted(r *rand.Rand, items []int32, weight func(int32) float64, k int, buf []keyed) ([]int32, []keyed) {
	buf = buf[:0]
	for _, i := range items {
		w := weight(i)
		if w <= 0 {
			continue
		}
		u := r.Float64()
		for u == 0 {
			u = r.Float64()
		}
		buf = append(buf, keyed{i, math.Log(u) / w})
	}
	slices.SortFunc(buf, func(a, b keyed) int {
		if c := cmp.Compare(b.key, a.key); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	out := make([]int32, 0, min(k, len(buf)))
	for _, x := range buf[:min(k, len(buf))] {
		out = append(out, x.i)
	}
	return out, buf
}

// split divides n by the shares (in %, the last taking the rest), largest remainders first.
func split(n int, shares ...float64) []int {
	out := make([]int, len(shares)+1)
	left := n
	for i, s := range shares {
		out[i] = min(left, int(math.Round(float64(n)*s/100)))
		left -= out[i]
	}
	out[len(shares)] = left
	return out
}

// fill takes want[i] of each group's candidates, and where a group has too few, the rest from
// the following groups (then the preceding ones), so that the draw keeps its size while the
// frame has households.
func fill(want []int, have []int) []int {
	got := make([]int, len(want))
	short := 0
	for i := range want {
		got[i] = min(want[i], have[i])
		short += want[i] - got[i]
	}
	for i := 0; short > 0 && i < len(want); i++ {
		extra := min(short, have[i]-got[i])
		got[i] += extra
		short -= extra
	}
	return got
}

// Draw draws sample n of the seed.
func (f *Frame) Draw(p Params, seed uint64, n int) Draw {
	r := rng(seed, n)
	var d Draw
	var buf []keyed
	// Villages: 脱贫村 and others, by population.
	var strata [2][]int32
	for i := range f.Villages {
		if f.Villages[i].N == 0 {
			continue
		}
		if f.Villages[i].Poor {
			strata[0] = append(strata[0], int32(i))
		} else {
			strata[1] = append(strata[1], int32(i))
		}
	}
	vw := split(p.Villages, p.PoorShare)
	vn := fill(vw, []int{len(strata[0]), len(strata[1])})
	for s := range strata {
		var got []int32
		got, buf = weighted(r, strata[s], func(i int32) float64 { return float64(max(f.Villages[i].People, 1)) }, vn[s], buf)
		d.Villages = append(d.Villages, got...)
	}
	if len(d.Villages) == 0 {
		return d
	}
	// Households: equal shares of the drawn villages, a village's leftover to the others.
	per := make([]int, len(d.Villages))
	sizes := make([]int, len(d.Villages))
	for i, v := range d.Villages {
		per[i] = p.Households / len(d.Villages)
		if i < p.Households%len(d.Villages) {
			per[i]++
		}
		sizes[i] = int(f.Villages[v].N)
	}
	per = spread(per, sizes)
	weight := func(i int32) float64 {
		if f.Households[i].Special {
			return p.SpecialWeight
		}
		return 1
	}
	var classes [numClasses][]int32
	for vi, v := range d.Villages {
		vg := &f.Villages[v]
		for c := range classes {
			classes[c] = classes[c][:0]
		}
		for i := vg.First; i < vg.First+vg.N; i++ {
			classes[f.Households[i].Class] = append(classes[f.Households[i].Class], i)
		}
		want := split(per[vi], p.MonitoredShare, p.AlleviatedShare)
		got := fill(want, []int{len(classes[Monitored]), len(classes[Alleviated]), len(classes[Ordinary])})
		for c := range classes {
			var hs []int32
			hs, buf = weighted(r, classes[c], weight, got[c], buf)
			d.Households = append(d.Households, hs...)
		}
	}
	return d
}

// spread moves the households a small village cannot give to the villages that can.
func spread(per, sizes []int) []int {
	short := 0
	for i := range per {
		if per[i] > sizes[i] {
			short += per[i] - sizes[i]
			per[i] = sizes[i]
		}
	}
	for i := 0; short > 0 && i < len(per); i++ {
		extra := min(short, sizes[i]-per[i])
		per[i] += extra
		short -= extra
	}
	return per
}

// Outcome is what the evaluators would find in a draw.
type Outcome struct {
	Row        score.Row // the draw scored as the scorecard scores the county
	Households int
	WithOpen   int // households with open findings
	Open       int // open findings
	Unscored   int // open findings that count in no rate
	Answered   int // households with a survey in the window
	Satisfied  int
	NotVisited int // households not visited in the visit interval (when the county keeps visits)
	Special    int
	ByClass    [numClasses]int
}

// Counts returns the scorecard counts of the draw: the rates counted over households from the
// drawn households, satisfaction and knowing the cadres from their surveys, and the county's
// own counts of the other rates.
func (f *Frame) Counts(d Draw) []store.ScoreCount {
	rates := f.Spec.Rates
	nums := make([]int, len(rates))
	var pops [8]int
	var sat, ans, knows, asked int
	for _, i := range d.Households {
		h := &f.Households[i]
		for p := range pops {
			if h.Pops&(1<<p) != 0 {
				pops[p]++
			}
		}
		for k := range rates {
			if h.Rates&(1<<k) != 0 {
				nums[k]++
			}
		}
		if h.Answered {
			ans++
			if h.Satisfied {
				sat++
			}
		}
		if h.KnowsAsked {
			asked++
			if h.Knows {
				knows++
			}
		}
	}
	var out []store.ScoreCount
	for k, r := range rates {
		c := store.ScoreCount{Region: f.County, Indicator: r.Indicator, Part: r.Part, Num: nums[k]}
		switch {
		case r.Counter != nil && r.Indicator == 10 && r.Part == store.PartSatisfaction:
			c.Num, c.Den = sat, ans
		case r.Counter != nil && r.Indicator == 10 && r.Part == store.PartKnows:
			c.Num, c.Den = knows, asked
		case r.Counter != nil:
			continue // the county's own count, from Fixed
		case r.Of == store.PopMissed:
			c.Den = pops[store.PopMonitored] + nums[k]
		default:
			c.Den = pops[r.Of]
		}
		out = append(out, c)
	}
	for _, c := range f.Fixed {
		if c.Indicator == 10 && (c.Part == store.PartSatisfaction || c.Part == store.PartKnows) {
			continue
		}
		if counted(rates, c) {
			c.Region = f.County
			out = append(out, c)
		}
	}
	return out
}

// counted reports whether a fixed count is of a rate the draw does not count itself.
func counted(rates []store.ScoreRate, c store.ScoreCount) bool {
	for _, r := range rates {
		if r.Indicator == c.Indicator && r.Part == c.Part {
			return r.Counter != nil
		}
	}
	return false
}

// Evaluate scores a draw and counts what the evaluators would find in it.
func (f *Frame) Evaluate(d Draw, p *policy.Set) Outcome {
	o := Outcome{Row: score.Score(f.County, f.Counts(d), p), Households: len(d.Households)}
	for _, i := range d.Households {
		h := &f.Households[i]
		if h.Open > 0 {
			o.WithOpen++
			o.Open += int(h.Open)
		}
		o.Unscored += int(h.Unscored)
		if h.Answered {
			o.Answered++
			if h.Satisfied {
				o.Satisfied++
			}
		}
		if h.Visit == NotVisited {
			o.NotVisited++
		}
		if h.Special {
			o.Special++
		}
		o.ByClass[h.Class]++
	}
	return o
}

// Distribution is the county's score over many draws, and how often each village and
// household was drawn.
type Distribution struct {
	Draws                int
	Mean, SD             float64
	Min, Max             float64
	P5, P50, P95         float64
	Full                 float64 // the most points the draws could score (their indicators' weights)
	Totals               []float64
	VillageHits          []int32 // by frame village: draws that drew it
	HouseholdHits        []int32 // by frame household
	MeanOpen, MeanUnseen float64 // open findings, and households not visited, in an average draw
}

// Simulate draws n samples of the seed (draws 0 to n−1) and scores each.
func (f *Frame) Simulate(p Params, ps *policy.Set, seed uint64, n int) Distribution {
	dist := Distribution{Draws: n, VillageHits: make([]int32, len(f.Villages)), HouseholdHits: make([]int32, len(f.Households))}
	for i := 0; i < n; i++ {
		d := f.Draw(p, seed, i)
		o := f.Evaluate(d, ps)
		dist.Totals = append(dist.Totals, o.Row.Total)
		dist.Full = max(dist.Full, o.Row.Max)
		dist.MeanOpen += float64(o.Open)
		dist.MeanUnseen += float64(o.NotVisited)
		for _, v := range d.Villages {
			dist.VillageHits[v]++
		}
		for _, h := range d.Households {
			dist.HouseholdHits[h]++
		}
	}
	if n == 0 {
		return dist
	}
	dist.MeanOpen /= float64(n)
	dist.MeanUnseen /= float64(n)
	sorted := slices.Clone(dist.Totals)
	slices.Sort(sorted)
	var sum, sq float64
	for _, t := range sorted {
		sum += t
	}
	dist.Mean = sum / float64(n)
	for _, t := range sorted {
		sq += (t - dist.Mean) * (t - dist.Mean)
	}
	dist.SD = math.Sqrt(sq / float64(n))
	q := func(p float64) float64 { return sorted[min(n-1, int(p*float64(n-1)+0.5))] }
	dist.Min, dist.Max, dist.P5, dist.P50, dist.P95 = sorted[0], sorted[n-1], q(0.05), q(0.5), q(0.95)
	return dist
}

// Risk is a household a draw is likely to hit with open findings.
type Risk struct {
	Household int32
	Chance    float64 // share of the draws that drew it
	Open      int
}

// Risks returns the households with open findings that the draws hit most often, at most n:
// what a county fixes first.
func (f *Frame) Risks(dist Distribution, n int) []Risk {
	var out []Risk
	for i, hits := range dist.HouseholdHits {
		if h := &f.Households[i]; h.Open > 0 && hits > 0 {
			out = append(out, Risk{Household: int32(i), Chance: float64(hits) / float64(dist.Draws), Open: int(h.Open)})
		}
	}
	slices.SortFunc(out, func(a, b Risk) int {
		if c := cmp.Compare(b.Chance*float64(b.Open), a.Chance*float64(a.Open)); c != 0 {
			return c
		}
		return cmp.Compare(a.Household, b.Household)
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// DerivePoor marks as 脱贫村 the villages whose share of 脱贫户 (by their 户类型, monitored
// or not) reaches minShare %, for a county without a list.
func (f *Frame) DerivePoor(minShare float64) {
	for vi := range f.Villages {
		v := &f.Villages[vi]
		n := 0
		for i := v.First; i < v.First+v.N; i++ {
			if f.Households[i].FormerlyPoor {
				n++
			}
		}
		v.Poor = v.N > 0 && 100*float64(n) >= minShare*float64(v.N)
	}
}
