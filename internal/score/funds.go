package score

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/gonggu/gonggu/internal/funds"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
)

// Indicators 5 and 8 and the fund performance evaluation (衔接资金绩效评价), from the domain of
// internal/funds (docs/scorecard.md).

// The rules behind the object parts of indicators 5 and 8: an object with an open finding of
// one of them counts in its part's numerator.
var (
	ProjectRules5 = []string{"I5-05", "I5-06"}
	AssetRules    = []string{"I5-07", "I5-08", "I5-09", "I5-10"}
	ProjectRules8 = []string{"I8-01", "I8-02", "I8-03", "I8-04"}
	PVRules       = []string{"I8-05", "I8-06", "I8-07", "I8-08"}
)

// fundParts gives the parts of indicators 5 and 8 their counters: every one of their rates
// is the funds domain's own (store.FundsCounter).
func fundParts(ms *[11]Measure) {
	rules := map[[2]any][]string{{5, store.FundsProjects}: ProjectRules5, {5, store.FundsAssets}: AssetRules,
		{8, store.FundsProjects}: ProjectRules8, {8, store.FundsPV}: PVRules}
	for _, i := range []int{5, 8} {
		for k := range ms[i].Parts {
			p := &ms[i].Parts[k]
			p.Rules = rules[[2]any{i, p.Key}]
			p.Counter = store.FundsCounter{Indicator: i, Part: p.Key, Rules: p.Rules}
		}
	}
}

// FundCards computes the fund performance card of regions.
type FundCards struct {
	Funds  *store.Funds
	Params *store.Params
	Tree   *region.Tree // names of regions; may be nil
	Now    func() time.Time
}

// NewFundCards returns the fund performance cards over db.
func NewFundCards(db *store.DB, tree *region.Tree) *FundCards {
	return &FundCards{Funds: store.NewFunds(db), Params: store.NewParams(db), Tree: tree, Now: db.Now}
}

// FundPart is one part of a fund performance card: its value, and the points it scores.
type FundPart struct {
	policy.PerfPart
	Measured              bool
	Value                 float64 // in the part's unit
	Weight, Target, Floor float64
	Score                 float64
}

// FundRow is the fund performance card of one region: its figures and the five parts, out of
// 100. A part that cannot be measured (no projects due yet, no last year) is left out and the
// total scaled to 100 over the others.
type FundRow struct {
	Region  region.Code
	Name    string
	Figures store.CountyFigures
	Parts   []FundPart
	HasData bool    // some part is measured
	Total   float64 // out of 100, to two decimals
	Rank    int     // among its siblings, 1 the best; 0 for the parent
}

// FundCard is the fund performance card of a region and, for a city or province, of its
// counties, as of a date.
type FundCard struct {
	Year     int
	AsOf     registry.Date
	Parent   FundRow
	Counties []FundRow // ranked by total
}

// Card computes the card of scope as of now: the counties of scope that hold funds data, and
// the region's own row from their figures pooled. A township or village sees its county's.
func (fc *FundCards) Card(ctx context.Context, scope region.Code) (*FundCard, error) {
	now := fc.Now().In(time.FixedZone("CST", 8*3600))
	asOf := registry.DateOf(now)
	card := &FundCard{Year: now.Year(), AsOf: asOf}
	if scope.Level() > region.County {
		scope = scope.County()
	}
	counties, err := fc.Funds.Counties(ctx, scope)
	if err != nil {
		return nil, err
	}
	pool := store.CountyFigures{County: scope, Year: card.Year}
	var poolSet *policy.Set
	for _, c := range counties {
		ps, err := fc.Params.Resolve(ctx, c, card.Year)
		if err != nil {
			return nil, err
		}
		fig, err := fc.Funds.CountyFigures(ctx, c, ps, asOf)
		if err != nil {
			return nil, err
		}
		card.Counties = append(card.Counties, fc.row(c, *fig, ps))
		// What the pool owes is the sum of what each county owes by its own schedule.
		pool.Progress.Allocated += fig.Progress.Allocated
		pool.Progress.Paid += fig.Progress.Paid
		pool.Owed += fig.Owed
		pool.Industry, pool.Total = pool.Industry+fig.Industry, pool.Total+fig.Total
		pool.LastIndustry, pool.LastTotal = pool.LastIndustry+fig.LastIndustry, pool.LastTotal+fig.LastTotal
		pool.Due, pool.Finished = pool.Due+fig.Due, pool.Finished+fig.Finished
		pool.Assets, pool.AssetsBad = pool.Assets+fig.Assets, pool.AssetsBad+fig.AssetsBad
		if poolSet == nil {
			poolSet = ps
		}
	}
	if poolSet == nil {
		if poolSet, err = fc.Params.Resolve(ctx, scope, card.Year); err != nil {
			return nil, err
		}
	}
	if due, ok := funds.Share(pool.Owed, pool.Progress.Allocated); ok {
		pool.Schedule = due
	}
	if len(counties) == 1 && counties[0] == scope {
		card.Parent = card.Counties[0]
		card.Counties = nil
		return card, nil
	}
	if scope.Level() == region.County && len(counties) == 0 {
		card.Parent = fc.row(scope, pool, poolSet)
		return card, nil
	}
	if rs, err := fc.Params.Resolve(ctx, scope, card.Year); err == nil {
		poolSet = rs
	}
	card.Parent = fc.row(scope, pool, poolSet)
	slices.SortStableFunc(card.Counties, func(a, b FundRow) int {
		if c := cmp.Compare(b.Total, a.Total); c != 0 {
			return c
		}
		return cmp.Compare(a.Region, b.Region)
	})
	for i := range card.Counties {
		card.Counties[i].Rank = i + 1
		if i > 0 && card.Counties[i].Total == card.Counties[i-1].Total {
			card.Counties[i].Rank = card.Counties[i-1].Rank
		}
	}
	return card, nil
}

// row scores a region's figures with the parameters.
func (fc *FundCards) row(code region.Code, fig store.CountyFigures, ps *policy.Set) FundRow {
	r := FundRow{Region: code, Name: string(code), Figures: fig}
	if fc.Tree != nil {
		if reg, err := fc.Tree.Get(code); err == nil {
			r.Name = reg.Name
		}
	}
	values := map[string]func() (float64, bool){
		"expenditure": func() (float64, bool) {
			return funds.Share(fig.Progress.Paid, fig.Owed)
		},
		"industry": func() (float64, bool) { return funds.Share(fig.Industry, fig.Total) },
		"industry_change": func() (float64, bool) {
			now, ok := funds.Share(fig.Industry, fig.Total)
			last, had := funds.Share(fig.LastIndustry, fig.LastTotal)
			if !ok || !had {
				return 0, false
			}
			return max(0, last-now), true
		},
		"completion": func() (float64, bool) {
			if fig.Due == 0 {
				return 0, false
			}
			return float64(fig.Finished) * 100 / float64(fig.Due), true
		},
		"assets": func() (float64, bool) {
			if fig.Assets == 0 {
				return 0, false
			}
			return float64(fig.Assets-fig.AssetsBad) * 100 / float64(fig.Assets), true
		},
	}
	var got, weights float64
	for _, p := range policy.PerfParts() {
		fp := FundPart{PerfPart: p, Weight: ps.Num(p.Weight), Target: ps.Num(p.Target), Floor: ps.Num(p.Floor)}
		if fp.Value, fp.Measured = values[p.Key](); fp.Measured {
			fp.Score = Points(fp.Value, fp.Target, fp.Floor, fp.Weight)
			got += fp.Score
			weights += fp.Weight
		}
		r.Parts = append(r.Parts, fp)
	}
	if weights > 0 {
		r.HasData = true
		r.Total = round2(got * 100 / weights)
	}
	return r
}
