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

// Refresh recomputes the current period's counts for the province(s) of scope after a
// screening, and returns the period.
func (s *Service) Refresh(ctx context.Context, scope region.Code) (string, error) {
	p := PeriodOf(s.Now())
	return p, s.Scores.Refresh(ctx, scope, p, Spec)
}

// Value is one indicator of one region.
type Value struct {
	Measure
	Measured bool    // the rate could be computed (data held and something to measure)
	Num, Den int     // the counts behind the rate
	Rate     float64 // in Measure.Unit
	Config   Config
	Scored   bool    // counts in the total
	Score    float64 // out of Config.Weight
	IfFixed  float64 // the score once the open findings behind it are closed
	HasPrev  bool
	PrevRate float64
	HasAvg   bool
	Avg      float64 // the province average entered for the period
}

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
	Total   float64   // the sum of the scored indicators' scores
	Max     float64   // the sum of their weights
	Scored  int       // how many indicators are scored
	Gap     float64   // Max − Total
	IfFixed float64   // the total once the open findings are closed
	Rank    int       // among its siblings by gap, 1 the best; 0 for the parent
	HasPrev bool
	Change  float64 // Total − the previous period's total
}

// Card is the scorecard of a region's children in a period, with the region's own row.
type Card struct {
	Period   string
	Previous string // the previous period with counts, or ""
	Periods  []string
	Parent   Row
	Children []Row // in rank order
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
		c.Period = periods[0]
	} else if err := store.ValidatePeriod(period); err != nil {
		return nil, err
	}
	for _, p := range periods {
		if p < c.Period {
			c.Previous = p
			break
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
	overrides, err := s.Params.List(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.rows(cur, prev, overrides, PeriodYear(c.Period), avgs)
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

func (s *Service) emptyRow(code region.Code) Row {
	r := Row{Region: code, Name: s.name(code)}
	for i := range r.Values {
		r.Values[i].Measure = Measures[i]
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

// rows computes the rows of the regions in cur, comparing with prev.
func (s *Service) rows(cur, prev []store.ScoreCount, overrides []policy.Override, year int, avgs map[int]float64) ([]*Row, error) {
	sets := map[region.Code]*policy.Set{}
	byRegion := map[region.Code]*Row{}
	var order []*Row
	for _, sc := range cur {
		r := byRegion[sc.Region]
		if r == nil {
			nr := s.emptyRow(sc.Region)
			r = &nr
			byRegion[sc.Region] = r
			order = append(order, r)
		}
		if sc.Indicator >= 0 && sc.Indicator <= 10 {
			r.Values[sc.Indicator].Num, r.Values[sc.Indicator].Den = sc.Num, sc.Den
			r.Values[sc.Indicator].Measured = Measures[sc.Indicator].HasData
		}
	}
	prevRows := map[region.Code]*Row{}
	for _, sc := range prev {
		r := prevRows[sc.Region]
		if r == nil {
			nr := s.emptyRow(sc.Region)
			r = &nr
			prevRows[sc.Region] = r
		}
		if sc.Indicator >= 0 && sc.Indicator <= 10 {
			r.Values[sc.Indicator].Num, r.Values[sc.Indicator].Den = sc.Num, sc.Den
			r.Values[sc.Indicator].Measured = Measures[sc.Indicator].HasData
		}
	}
	setOf := func(code region.Code) (*policy.Set, error) {
		key := code
		if code.Level() >= region.County {
			key = code.County()
		}
		if p := sets[key]; p != nil {
			return p, nil
		}
		p, err := policy.Resolve(key, year, overrides)
		if err != nil {
			return nil, errs.Wrap(err, errs.Invalid, "%s 的评分参数有误，请用 gonggu params 修正", key)
		}
		sets[key] = p
		return p, nil
	}
	for _, r := range order {
		p, err := setOf(r.Region)
		if err != nil {
			return nil, err
		}
		compute(r, p)
		if pr := prevRows[r.Region]; pr != nil {
			compute(pr, p)
			r.HasPrev, r.Change = true, r.Total-pr.Total
			for i := range r.Values {
				if pv := pr.Values[i]; pv.Measured {
					if _, ok := Rate(pv.Num, pv.Den, pv.Unit); ok {
						r.Values[i].HasPrev, r.Values[i].PrevRate = true, pv.Rate
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

// compute scores the row's values with the parameters and sums the total.
func compute(r *Row, p *policy.Set) {
	r.Total, r.Max, r.Scored, r.IfFixed = 0, 0, 0, 0
	for i := range r.Values {
		v := &r.Values[i]
		v.Measure = Measures[i]
		rate, ok := Rate(v.Num, v.Den, v.Unit)
		v.Measured = v.HasData && ok
		v.Rate = rate
		if i == 0 || !v.Measured {
			continue
		}
		v.Config = ConfigOf(p, i)
		v.Scored = true
		v.Score = Points(rate, v.Config.Target, v.Config.Floor, v.Config.Weight)
		// Closing the open findings takes the numerator to zero; the denominator stays (a
		// suspected missed household brought into monitoring still counts in it).
		v.IfFixed = Points(0, v.Config.Target, v.Config.Floor, v.Config.Weight)
		r.Total += v.Score
		r.Max += v.Config.Weight
		r.IfFixed += v.IfFixed
		r.Scored++
	}
	r.Total, r.IfFixed = round2(r.Total), round2(r.IfFixed)
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

// Point is one period of a region's trend.
type Point struct {
	Period string
	Row    Row
}

// Trend returns the region's scorecard row in every period, oldest first.
func (s *Service) Trend(ctx context.Context, code region.Code) ([]Point, error) {
	hist, err := s.Scores.History(ctx, code)
	if err != nil {
		return nil, err
	}
	overrides, err := s.Params.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []Point
	for start := 0; start < len(hist); {
		end := start
		for end < len(hist) && hist[end].Period == hist[start].Period {
			end++
		}
		rows, err := s.rows(hist[start:end], nil, overrides, PeriodYear(hist[start].Period), nil)
		if err != nil {
			return nil, err
		}
		if len(rows) == 1 {
			out = append(out, Point{Period: hist[start].Period, Row: *rows[0]})
		}
		start = end
	}
	return out, nil
}

// AfterScreening refreshes the counts after a screening of scope: the screen.Engine's AfterRun.
func (s *Service) AfterScreening(ctx context.Context, scope region.Code) error {
	_, err := s.Refresh(ctx, scope)
	return err
}
