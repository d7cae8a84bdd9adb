package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/gonggu/gonggu/internal/funds"
	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
)

// wireFunds wires indicators 5 and 8 (internal/funds) into the screening engine: a county's
// funds of each year, its projects, assets and PV stations are objects of the rules.
func wireFunds(db *store.DB, e *screen.Engine) {
	e.Sources = append(e.Sources, FundsSources(store.NewFunds(db))...)
}

// FundsSources are the object sources of the funds domain over its store.
func FundsSources(f *store.Funds) []screen.ObjectSource {
	return []screen.ObjectSource{
		fundsSource{funds.KindFunds, func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
			if scope != county {
				return nil // a county's money is judged in a run of the whole county
			}
			years, err := f.Years(ctx, county)
			if err != nil {
				return err
			}
			for _, y := range years {
				cy, err := f.CountyYear(ctx, county, y)
				if err != nil {
					return err
				}
				if err := fn(cy); err != nil {
					return err
				}
			}
			return nil
		}},
		fundsSource{funds.KindProject, func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
			return f.EachProject(ctx, county, scope, func(p *funds.Project) error { return fn(p) })
		}},
		fundsSource{funds.KindAsset, func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
			return f.EachAsset(ctx, county, scope, func(a *funds.Asset) error { return fn(a) })
		}},
		fundsSource{funds.KindPV, func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
			return f.EachStation(ctx, county, scope, func(s *funds.Station) error { return fn(s) })
		}},
	}
}

// fundsSource gives the objects of one kind of the funds domain.
type fundsSource struct {
	kind string
	each func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error
}

// Kind returns the kind of object.
func (s fundsSource) Kind() string { return s.kind }

// Objects calls fn for each object of the kind in county that lies in scope.
func (s fundsSource) Objects(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
	return s.each(ctx, county, scope, fn)
}

// fillFundsDemo generates the demo area's projects, fund flow, assets and PV stations
// (gen.GenerateFunds) and writes them through the ledgers' imports, as a county would.
func fillFundsDemo(ctx context.Context, m *Main, db *store.DB, tree *region.Tree, area region.Code) error {
	fs := store.NewFunds(db)
	cfg := gen.FundsConfig{Seed: 1, Ref: m.Now(), Tree: tree}
	for _, c := range tree.Descendants(area, region.County) {
		targets, err := fs.TargetHouseholds(ctx, c.Code, score.TargetKinds)
		if err != nil {
			return err
		}
		fc := gen.FundsCounty{County: c.Code}
		for _, v := range tree.Descendants(c.Code, region.Village) {
			if hs := targets[v.Code]; len(hs) > 0 {
				fc.Villages = append(fc.Villages, gen.FundsVillage{Code: v.Code, Households: hs})
			}
		}
		if len(fc.Villages) > 0 {
			cfg.Counties = append(cfg.Counties, fc)
		}
	}
	if len(cfg.Counties) == 0 {
		return nil
	}
	data := gen.GenerateFunds(cfg)
	data.Beneficiaries(cfg)
	var projects, assets, stations int
	for _, c := range data.Counties {
		b := data.Batches[c]
		for _, l := range funds.Ledgers {
			part := ledgerPart(l.Key, b)
			im := &funds.Import{Ledger: l, County: c, File: "演示数据", Batch: part, Rows: part.Len()}
			if _, err := fs.Apply(ctx, im); err != nil {
				return fmt.Errorf("demo %s %s: %w", c, l.Title, err)
			}
		}
		projects, assets, stations = projects+len(b.Projects), assets+len(b.Assets), stations+len(b.Stations)
	}
	for _, a := range data.Averages {
		if err := fs.SetProvinceAverage(ctx, a); err != nil {
			return err
		}
	}
	var planted []string
	for _, r := range []string{"I5-01", "I5-02", "I5-03", "I5-04", "I5-05", "I5-06", "I5-07", "I5-08", "I5-09", "I5-10",
		"I8-01", "I8-02", "I8-03", "I8-04", "I8-05", "I8-06", "I8-07", "I8-08"} {
		planted = append(planted, fmt.Sprintf("%s %d", r, len(data.Planted[r])))
	}
	fmt.Fprintf(m.Stdout, "已生成项目 %d 个、资产 %d 项、光伏电站 %d 座及资金拨付明细（埋设问题：%s）。\n", projects, assets, stations,
		strings.Join(planted, "，"))
	return nil
}

// ledgerPart returns the records of a batch that a ledger holds.
func ledgerPart(key string, b *funds.Batch) funds.Batch {
	switch key {
	case "projects":
		return funds.Batch{Projects: b.Projects}
	case "beneficiaries":
		return funds.Batch{Beneficiaries: b.Beneficiaries}
	case "flows":
		return funds.Batch{Flows: b.Flows}
	case "assets":
		return funds.Batch{Assets: b.Assets}
	case "incomes":
		return funds.Batch{Incomes: b.Incomes, Distributions: b.Distributions}
	case "stations":
		return funds.Batch{Stations: b.Stations}
	case "pvops":
		return funds.Batch{Ops: b.Ops}
	case "pvmonths":
		return funds.Batch{Months: b.Months}
	}
	return funds.Batch{}
}
