package deptcompare

import (
	"context"
	"slices"

	"github.com/gonggu/gonggu/internal/deptlists"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
)

// Wire adds what the department lists say to a screening engine: the rows matched to each
// household (the facts the comparison's rules read) and each village's 医保 participation
// (the objects of its village rule).
func Wire(db *store.DB, e *screen.Engine) {
	lists := store.NewDeptLists(db)
	e.FactSources = append(e.FactSources, facts{lists})
	e.Sources = append(e.Sources, insuredVillages{lists})
}

// facts gives the department lists' rows about households.
type facts struct{ lists *store.DeptLists }

func (facts) Domain() string { return deptlists.Domain }

func (f facts) Load(ctx context.Context, county, scope region.Code, nos []string) (map[string]any, error) {
	return f.lists.Facts(ctx, county, scope, nos)
}

// insuredVillages gives each village's 医保 participation of the latest year against the year
// before, from the 医保 lists compared.
type insuredVillages struct{ lists *store.DeptLists }

func (insuredVillages) Kind() string { return rules.KindInsuredVillage }

func (v insuredVillages) Objects(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
	rates, err := v.lists.VillageRates(ctx, county, deptlists.Medical)
	if err != nil || len(rates) == 0 {
		return err
	}
	names := map[region.Code]string{}
	if tree, err := region.LoadArea(county); err == nil {
		for _, r := range tree.Descendants(county, region.Village) {
			names[r.Code] = r.Name
		}
	}
	codes := make([]region.Code, 0, len(rates))
	for c := range rates {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, code := range codes {
		if scope.Level() > region.County && !scope.Contains(code) {
			continue
		}
		rs := rates[code]
		last := rs[len(rs)-1]
		o := &rules.InsuredVillage{Village: code, Name: names[code], Year: last.Year, Expected: last.Expected, Covered: last.Covered}
		for _, r := range rs {
			if r.Year == last.Year-1 {
				o.Prev, o.PrevExpected, o.PrevCovered = r.Year, r.Expected, r.Covered
			}
		}
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}
