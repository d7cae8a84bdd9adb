package score

import (
	"cmp"
	"context"
	"slices"
	"strconv"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

// Fix is a household whose open findings, once closed, raise a region's total score.
type Fix struct {
	No          string
	Village     region.Code
	VillageName string
	Head        string   // the head's name
	Rules       []string // the rules of its open findings
	Rates       []string // the scored rates it counts in, e.g. "2.漏纳率"
	Gain        float64  // the points the region's total gains, to two decimals
}

// Fixes is what closing the open findings of single households adds to a region's total (成果
// 提升): the households that add most, ranked.
type Fixes struct {
	Period     string // the snapshot the gains are computed on: the latest
	Region     region.Code
	Total      float64
	Max        float64
	Households int   // households whose fixing adds points
	List       []Fix // the first of them, by gain
}

// DefaultFixes is how many households Fixes lists unless told.
const DefaultFixes = 20

// Fixes returns the limit households of code whose open findings, if closed, raise the
// region's total score most, with the points each adds, on the latest snapshot of the region.
//
// A household counts in the numerator of some of the region's rates; closing its findings
// takes one from each of those numerators, the denominators staying (a suspected missed
// household brought into monitoring still counts in the 漏纳率's). The gain is the region's
// total so recomputed less its total now; households whose findings score nothing (data quality,
// or rules no rate counts) add nothing and are left out. The open findings are read as they
// are now, the counts as last refreshed.
func (s *Service) Fixes(ctx context.Context, code region.Code, limit int) (*Fixes, error) {
	out := &Fixes{Region: code}
	if limit <= 0 {
		limit = DefaultFixes
	}
	periods, err := s.Scores.Periods(ctx, code)
	if err != nil || len(periods) == 0 {
		return out, err
	}
	out.Period = periods[0].Period
	counts, err := s.Scores.Children(ctx, out.Period, code)
	if err != nil {
		return nil, err
	}
	own := counts[:0:0]
	for _, c := range counts {
		if c.Region == code {
			own = append(own, c)
		}
	}
	res, err := s.resolver(ctx)
	if err != nil {
		return nil, err
	}
	year := PeriodYear(out.Period)
	p, err := res(code, year)
	if err != nil {
		return nil, err
	}
	base := s.emptyRow(code)
	for _, c := range own {
		base.set(c)
	}
	compute(&base, p)
	out.Total, out.Max = base.Total, base.Max

	// Where each rate of the spec sits in a row, and its count now.
	type slot struct{ ind, comp int }
	slots := make([]slot, len(Spec.Rates))
	for k, r := range Spec.Rates {
		slots[k] = slot{r.Indicator, -1}
		for j, pt := range Measures[r.Indicator].Parts {
			if pt.Key == r.Part {
				slots[k].comp = j
			}
		}
	}
	gains := map[uint64]float64{}
	gainOf := func(mask uint64) float64 {
		if g, ok := gains[mask]; ok {
			return g
		}
		row := s.emptyRow(code)
		for _, c := range own {
			row.set(c)
		}
		for k, sl := range slots {
			if mask&(1<<k) == 0 || sl.comp < 0 {
				continue
			}
			c := &row.Values[sl.ind].Components[sl.comp]
			if c.Target != "" && p.Num(c.Target) > p.Num(c.Floor) {
				// A rate where higher is better counts the households that are fine (visited,
				// with a helper): fixing one adds it.
				c.Num = min(c.Den, c.Num+1)
			} else {
				c.Num = max(0, c.Num-1)
			}
		}
		compute(&row, p)
		g := row.raw - base.raw
		gains[mask] = g
		return g
	}
	type cand struct {
		h    store.HouseholdRates
		gain float64
	}
	var top []cand
	better := func(a, b cand) int {
		if c := cmp.Compare(b.gain, a.gain); c != 0 {
			return c
		}
		if c := cmp.Compare(a.h.Village, b.h.Village); c != 0 {
			return c
		}
		return cmp.Compare(a.h.No, b.h.No)
	}
	err = s.Scores.EachHousehold(ctx, code, Spec, func(h store.HouseholdRates) error {
		g := gainOf(h.Rates)
		if g < 0.005 {
			return nil
		}
		out.Households++
		c := cand{h, g}
		if len(top) == limit && better(c, top[len(top)-1]) >= 0 {
			return nil
		}
		i, _ := slices.BinarySearchFunc(top, c, better)
		top = slices.Insert(top, i, c)
		if len(top) > limit {
			top = top[:limit]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	nos := make([]string, len(top))
	for i, c := range top {
		nos[i] = c.h.No
	}
	briefs, err := s.Scores.Briefs(ctx, code, nos)
	if err != nil {
		return nil, err
	}
	for _, c := range top {
		f := Fix{No: c.h.No, Village: c.h.Village, VillageName: s.name(c.h.Village), Gain: round2(c.gain)}
		if b := briefs[c.h.No]; b != nil {
			f.Head, f.Rules = b.Head, b.Rules
		}
		seen := map[string]bool{}
		for k, sl := range slots {
			if c.h.Rates&(1<<k) == 0 || sl.comp < 0 || sl.ind == 0 || !Measures[sl.ind].HasData {
				continue
			}
			name := Measures[sl.ind].Title
			if len(Measures[sl.ind].Parts) > 1 {
				name = Measures[sl.ind].Parts[sl.comp].Title
			}
			name = strconv.Itoa(sl.ind) + "." + name
			if !seen[name] {
				seen[name] = true
				f.Rates = append(f.Rates, name)
			}
		}
		out.List = append(out.List, f)
	}
	return out, nil
}
