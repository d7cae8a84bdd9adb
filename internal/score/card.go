package score

import (
	"cmp"
	"context"
	"math"
	"slices"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

// Service refreshes and reads scorecards.
type Service struct {
	Scores *store.Scores
	Params *store.Params
	Tree   *region.Tree // names of regions; may be nil
	Now    func() time.Time
}

// New returns the scorecard service over db.
func New(db *store.DB, tree *region.Tree) *Service {
	return &Service{Scores: store.NewScores(db), Params: store.NewParams(db), Tree: tree, Now: db.Now}
}

// Refresh recomputes the current period's counts for the province(s) of scope, replacing the
// month's snapshot (the snapshots of past months are kept), and returns the period.
func (s *Service) Refresh(ctx context.Context, scope region.Code) (string, error) {
	p := PeriodOf(s.Now())
	return p, s.Scores.Refresh(ctx, scope, p, Spec)
}

// Component is one part of an indicator in one region: its rate and the points it scores.
type Component struct {
	Part
	Measured bool // the rate could be computed (something to measure)
	Num, Den int
	Rate     float64 // in Part.Unit
	Config   Config  // Weight is the part's points out of the indicator's weight
	Score    float64
	HasPrev  bool
	PrevRate float64
}

// Value is one indicator of one region.
type Value struct {
	Measure
	Measured   bool    // some rate could be computed (data held and something to measure)
	Num, Den   int     // the counts behind the headline rate
	Rate       float64 // the headline rate, in Measure.Unit
	Config     Config
	Scored     bool    // counts in the total
	Score      float64 // out of Config.Weight
	Components []Component
	HasPrev    bool
	PrevRate   float64
	HasAvg     bool
	Avg        float64 // the province average entered for the period
}

// Composite reports whether the indicator is scored on more than one rate.
func (v Value) Composite() bool { return len(v.Components) > 1 }

// Gap returns the points the indicator misses to full marks.
func (v Value) Gap() float64 {
	if !v.Scored {
		return 0
	}
	return v.Config.Weight - v.Score
}

// Row is the scorecard of one region in one period.
type Row struct {
	Region  region.Code
	Name    string
	Values  [11]Value // by indicator; 0 is data quality, never scored
	Total   float64   // the sum of the scored indicators' scores, to two decimals
	Max     float64   // the sum of their weights
	Scored  int       // how many indicators are scored
	Gap     float64   // Max − Total
	Rank    int       // among its siblings by gap, 1 the best; 0 for the parent
	HasPrev bool
	Change  float64 // Total − the previous period's total
	raw     float64 // Total before rounding
}

// Card is the scorecard of a region's children in a period, with the region's own row.
type Card struct {
	Period    string
	Previous  string // the previous period with counts, or ""
	Periods   []store.ScorePeriod
	Synthetic bool // the period's snapshot was made up by the demo
	Parent    Row
	Children  []Row // in rank order
}

// Card returns the scorecard of the children of parent in the period ("" for the latest).
func (s *Service) Card(ctx context.Context, parent region.Code, period string) (*Card, error) {
	periods, err := s.Scores.Periods(ctx, parent)
	if err != nil {
		return nil, err
	}
	c := &Card{Periods: periods, Period: period}
	if period == "" {
		if len(periods) == 0 {
			c.Parent = s.emptyRow(parent)
			return c, nil
		}
		c.Period = periods[0].Period
	} else if err := store.ValidatePeriod(period); err != nil {
		return nil, err
	}
	for _, p := range periods {
		if p.Period == c.Period {
			c.Synthetic = p.Source == store.SourceSynthetic
		}
		if p.Period < c.Period && c.Previous == "" {
			c.Previous = p.Period
		}
	}
	cur, err := s.Scores.Children(ctx, c.Period, parent)
	if err != nil {
		return nil, err
	}
	var prev []store.ScoreCount
	if c.Previous != "" {
		if prev, err = s.Scores.Children(ctx, c.Previous, parent); err != nil {
			return nil, err
		}
	}
	var avgs map[int]float64
	if prov := parent.Up(region.Province); prov != "" {
		if avgs, err = s.Scores.ProvinceAverages(ctx, prov, c.Period); err != nil {
			return nil, err
		}
	}
	res, err := s.resolver(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.rows(cur, prev, res, PeriodYear(c.Period), avgs)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		if r.Region == parent {
			c.Parent = *r
		} else {
			c.Children = append(c.Children, *r)
		}
	}
	if c.Parent.Region == "" {
		c.Parent = s.emptyRow(parent)
	}
	Rank(c.Children)
	return c, nil
}

// Siblings returns the rows of code and of its siblings (the children of its parent) in the
// period, ranked: where the region stands among its peers. A province has none.
func (s *Service) Siblings(ctx context.Context, code region.Code, period string) ([]Row, error) {
	if code.Level() <= region.Province {
		return nil, nil
	}
	c, err := s.Card(ctx, code.Parent(), period)
	if err != nil {
		return nil, err
	}
	return c.Children, nil
}

func (s *Service) emptyRow(code region.Code) Row {
	r := Row{Region: code, Name: s.name(code)}
	for i := range r.Values {
		v := &r.Values[i]
		v.Measure = Measures[i]
		v.Components = make([]Component, len(Measures[i].Parts))
		for k, p := range Measures[i].Parts {
			v.Components[k].Part = p
		}
	}
	return r
}

func (s *Service) name(code region.Code) string {
	if s.Tree == nil {
		return string(code)
	}
	if reg, err := s.Tree.Get(code); err == nil {
		return reg.Name
	}
	return string(code)
}

// set stores a count in the row's component it belongs to; counts of unknown parts are
// ignored.
func (r *Row) set(sc store.ScoreCount) {
	if sc.Indicator < 0 || sc.Indicator > 10 {
		return
	}
	v := &r.Values[sc.Indicator]
	for k := range v.Components {
		if v.Components[k].Key == sc.Part {
			v.Components[k].Num, v.Components[k].Den = sc.Num, sc.Den
			return
		}
	}
	// A count of an indicator that was scored on one rate when it was taken is its headline
	// rate, the first part's: the history of an indicator that gained parts carries on.
	if sc.Part == "" && len(v.Components) > 0 {
		v.Components[0].Num, v.Components[0].Den = sc.Num, sc.Den
	}
}

// resolver returns the parameters in force for a region and year, resolved once per county.
type resolver func(code region.Code, year int) (*policy.Set, error)

func (s *Service) resolver(ctx context.Context) (resolver, error) {
	overrides, err := s.Params.List(ctx)
	if err != nil {
		return nil, err
	}
	type key struct {
		code region.Code
		year int
	}
	sets := map[key]*policy.Set{}
	return func(code region.Code, year int) (*policy.Set, error) {
		k := key{code, year}
		if code.Level() >= region.County {
			k.code = code.County()
		}
		if p := sets[k]; p != nil {
			return p, nil
		}
		p, err := policy.Resolve(k.code, year, overrides)
		if err != nil {
			return nil, errs.Wrap(err, errs.Invalid, "%s 的评分参数有误，请用 gonggu params 修正", k.code)
		}
		sets[k] = p
		return p, nil
	}, nil
}

// rows computes the rows of the regions in cur, comparing with prev.
func (s *Service) rows(cur, prev []store.ScoreCount, res resolver, year int, avgs map[int]float64) ([]*Row, error) {
	group := func(counts []store.ScoreCount) ([]*Row, map[region.Code]*Row) {
		by := map[region.Code]*Row{}
		var order []*Row
		for _, sc := range counts {
			r := by[sc.Region]
			if r == nil {
				nr := s.emptyRow(sc.Region)
				r = &nr
				by[sc.Region] = r
				order = append(order, r)
			}
			r.set(sc)
		}
		return order, by
	}
	order, _ := group(cur)
	_, prevRows := group(prev)
	for _, r := range order {
		p, err := res(r.Region, year)
		if err != nil {
			return nil, err
		}
		compute(r, p)
		if pr := prevRows[r.Region]; pr != nil {
			compute(pr, p)
			r.HasPrev, r.Change = true, round2(r.Total-pr.Total)
			for i := range r.Values {
				pv := pr.Values[i]
				if pv.Measured {
					r.Values[i].HasPrev, r.Values[i].PrevRate = true, pv.Rate
				}
				for k, pc := range pv.Components {
					if pc.Measured {
						r.Values[i].Components[k].HasPrev, r.Values[i].Components[k].PrevRate = true, pc.Rate
					}
				}
			}
		}
		for i, a := range avgs {
			if i >= 0 && i <= 10 {
				r.Values[i].HasAvg, r.Values[i].Avg = true, a
			}
		}
	}
	return order, nil
}

// compute scores the row's values with the parameters and sums the total. An indicator's score
// is the sum of its measured parts' points; each part has the share of the indicator's weight
// its parameter gives, normalised over the measured parts (equal shares when those are all 0).
func compute(r *Row, p *policy.Set) {
	r.raw, r.Max, r.Scored = 0, 0, 0
	for i := range r.Values {
		v := &r.Values[i]
		v.Measured, v.Scored, v.Score = false, false, 0
		var shares float64
		v.HasData = Measures[i].HasData
		counted := len(v.Components) > 0
		for k := range v.Components {
			c := &v.Components[k]
			rate, ok := Rate(c.Num, c.Den, c.Unit)
			c.Measured, c.Rate, c.Score = v.HasData && ok, rate, 0
			if k < len(Measures[i].Parts) && Measures[i].Parts[k].Counter == nil {
				counted = false
			}
			if c.Measured {
				v.Measured = true
				if i > 0 {
					c.Config = partConfig(p, c.Part)
					shares += c.Config.Share
				}
			}
		}
		// An indicator counted only from a domain's own ledgers (support, funds, surveys) has
		// no data in a region whose county keeps none of them: 暂无数据, not 无适用对象.
		if counted && !v.Measured {
			v.HasData = false
		}
		if len(v.Components) > 0 {
			h := v.Components[0]
			v.Num, v.Den, v.Rate = h.Num, h.Den, h.Rate
		}
		if i == 0 || !v.Measured {
			continue
		}
		v.Config = ConfigOf(p, i)
		measured := 0
		for _, c := range v.Components {
			if c.Measured {
				measured++
			}
		}
		for k := range v.Components {
			c := &v.Components[k]
			if !c.Measured {
				continue
			}
			if shares > 0 {
				c.Config.Weight = v.Config.Weight * c.Config.Share / shares
			} else {
				c.Config.Weight = v.Config.Weight / float64(measured)
			}
			c.Score = Points(c.Rate, c.Config.Target, c.Config.Floor, c.Config.Weight)
			v.Score += c.Score
		}
		v.Scored = true
		r.raw += v.Score
		r.Max += v.Config.Weight
		r.Scored++
	}
	r.Total = round2(r.raw)
	r.Gap = round2(r.Max - r.Total)
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// Rank orders sibling rows by their gap to full marks (smallest first; then by code) and
// numbers them, equal gaps sharing a rank. The gap, not the total, ranks them, so that a
// region with fewer measurable indicators is not ranked lower for it.
func Rank(rows []Row) {
	slices.SortStableFunc(rows, func(a, b Row) int {
		if c := cmp.Compare(a.Gap, b.Gap); c != 0 {
			return c
		}
		return cmp.Compare(a.Region, b.Region)
	})
	for i := range rows {
		if i > 0 && rows[i].Gap == rows[i-1].Gap {
			rows[i].Rank = rows[i-1].Rank
		} else {
			rows[i].Rank = i + 1
		}
	}
}

// Point is one period of a region's trend, with its children's rows.
type Point struct {
	Period    string
	Synthetic bool // made up by the demo
	Row       Row
	Children  []Row // ranked
}

// Trend returns the region's scorecard row, and its children's, in every period, oldest
// first.
func (s *Service) Trend(ctx context.Context, code region.Code) ([]Point, error) {
	hist, err := s.Scores.ChildrenHistory(ctx, code)
	if err != nil {
		return nil, err
	}
	periods, err := s.Scores.Periods(ctx, code)
	if err != nil {
		return nil, err
	}
	synthetic := map[string]bool{}
	for _, p := range periods {
		synthetic[p.Period] = p.Source == store.SourceSynthetic
	}
	res, err := s.resolver(ctx)
	if err != nil {
		return nil, err
	}
	var out []Point
	for start := 0; start < len(hist); {
		end := start
		for end < len(hist) && hist[end].Period == hist[start].Period {
			end++
		}
		period := hist[start].Period
		rows, err := s.rows(hist[start:end], nil, res, PeriodYear(period), nil)
		if err != nil {
			return nil, err
		}
		pt := Point{Period: period, Synthetic: synthetic[period]}
		found := false
		for _, r := range rows {
			if r.Region == code {
				pt.Row, found = *r, true
			} else {
				pt.Children = append(pt.Children, *r)
			}
		}
		if found {
			Rank(pt.Children)
			out = append(out, pt)
		}
		start = end
	}
	return out, nil
}

// AfterScreening refreshes the counts after a screening of scope: the screen.Engine's AfterRun.
// The tally, when not nil, holds the households the screening read, which the refresh then
// need not count again.
func (s *Service) AfterScreening(ctx context.Context, scope region.Code, tally *store.HouseholdTally) error {
	return s.Scores.RefreshFrom(ctx, scope, PeriodOf(s.Now()), Spec, tally)
}
