package cli

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/gonggu/gonggu/internal/assistance"
	"github.com/gonggu/gonggu/internal/employment"
	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/relocation"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
)

// The domains of indicators 3, 6 and 7 beyond the registry, wired into the screening engine:
// resettlement sites (internal/relocation), posts, workshops, employment figures and work
// needs (internal/employment), the low-income list and small loans (internal/assistance). Each
// gives its household facts and its objects.

// wireRelocation wires the resettlement sites and follow-up support.
func wireRelocation(db *store.DB, e *screen.Engine) {
	st := store.NewRelocation(db)
	e.FactSources = append(e.FactSources, factsOf(relocation.Domain, func(ctx context.Context, county, scope region.Code, nos []string) (map[string]any, error) {
		return anyMap(st.Facts(ctx, county, scope, nos))
	}))
	e.Sources = append(e.Sources, objectsOf(relocation.KindSite, func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
		return st.EachSite(ctx, county, scope, func(o *relocation.SiteObject) error { return fn(o) })
	}))
}

// wireEmployment wires the posts, workshops, employment figures and work needs.
func wireEmployment(db *store.DB, e *screen.Engine) {
	st := store.NewEmployment(db)
	day := func() registry.Date { return registry.DateOf(e.Now().In(cst)) }
	names := &regionNames{}
	e.FactSources = append(e.FactSources, factsOf(employment.Domain, func(ctx context.Context, county, scope region.Code, nos []string) (map[string]any, error) {
		return anyMap(st.Facts(ctx, county, scope, nos, day()))
	}))
	e.Sources = append(e.Sources,
		objectsOf(employment.KindPost, func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
			return st.EachPost(ctx, county, scope, day(), func(o *employment.PostObject) error { return fn(o) })
		}),
		objectsOf(employment.KindVillagePosts, func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
			return st.EachVillagePosts(ctx, county, scope, day(), names.name, func(o *employment.VillagePosts) error { return fn(o) })
		}),
		objectsOf(employment.KindPostRegion, func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
			now, then, err := st.PostCounts(ctx, county, day())
			if err != nil {
				return err
			}
			for _, c := range sortedCodes(now, then) {
				if scope.Level() <= region.County || scope.Contains(c) {
					if err := fn(&employment.PostRegion{Code: c, Name: names.name(c), Now: now[c], Then: then[c]}); err != nil {
						return err
					}
				}
			}
			return nil
		}),
		objectsOf(employment.KindWorkshop, func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
			return st.EachWorkshop(ctx, county, scope, day(), func(o *employment.WorkshopObject) error { return fn(o) })
		}),
		objectsOf(employment.KindRegion, func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
			year := e.Now().In(cst).Year()
			// The rule compares with last year's 务工监测: without it there is nothing to judge,
			// and this year's count from the registry (a scan of the county's people) is skipped.
			if known, err := st.FiguresKnown(ctx, county, year-1); err != nil || !known {
				return err
			}
			fs, err := st.Figures(ctx, county, year)
			if err != nil {
				return err
			}
			codes := []region.Code{county}
			for c := range fs.Prev {
				if t := c.Up(region.Township); t != "" {
					codes = append(codes, t)
				}
			}
			for _, c := range sortedCodes(codeSet(codes)) {
				if scope.Level() > region.County && !scope.Contains(c) {
					continue
				}
				r := &employment.RegionEmployment{Code: c, Name: names.name(c), Year: year}
				r.Labour, r.Employed, _ = fs.Sum(c, false)
				r.PrevLabour, r.PrevEmpl, r.PrevKnown = fs.Sum(c, true)
				if err := fn(r); err != nil {
					return err
				}
			}
			return nil
		}),
		objectsOf(employment.KindNeed, func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
			if scope.Level() < region.County {
				scope = county
			}
			ns, err := st.Needs(ctx, scope, true)
			if err != nil {
				return err
			}
			for _, n := range ns {
				if err := fn(&employment.NeedObject{Need: *n}); err != nil {
					return err
				}
			}
			return nil
		}),
	)
}

// wireAssistance wires the low-income list, its assistance records and the small loans.
func wireAssistance(db *store.DB, e *screen.Engine) {
	st := store.NewAssistance(db)
	e.FactSources = append(e.FactSources, factsOf(assistance.Domain, func(ctx context.Context, county, scope region.Code, nos []string) (map[string]any, error) {
		return anyMap(st.Facts(ctx, county, scope, nos))
	}))
	e.Sources = append(e.Sources,
		objectsOf(assistance.KindFamily, func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
			return st.EachFamily(ctx, county, scope, func(o *assistance.FamilyObject) error { return fn(o) })
		}),
		objectsOf(assistance.KindLoan, func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
			return st.EachLoan(ctx, county, scope, func(o *assistance.LoanObject) error { return fn(o) })
		}),
	)
}

// factSource is a screen.Facts from a domain name and a load function.
type factSource struct {
	domain string
	load   func(ctx context.Context, county, scope region.Code, nos []string) (map[string]any, error)
}

func factsOf(domain string, load func(ctx context.Context, county, scope region.Code, nos []string) (map[string]any, error)) screen.Facts {
	return factSource{domain, load}
}

// Domain names the facts.
func (f factSource) Domain() string { return f.domain }

// Load returns the facts of the county's households in scope, or of the households nos.
func (f factSource) Load(ctx context.Context, county, scope region.Code, nos []string) (map[string]any, error) {
	return f.load(ctx, county, scope, nos)
}

// objectSource is a screen.ObjectSource from a kind and a function.
type objectSource struct {
	kind    string
	objects func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error
}

func objectsOf(kind string, objects func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error) screen.ObjectSource {
	return objectSource{kind, objects}
}

// Kind returns the kind of object.
func (o objectSource) Kind() string { return o.kind }

// Objects calls fn for each object of the kind in county that lies in scope.
func (o objectSource) Objects(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
	return o.objects(ctx, county, scope, fn)
}

// anyMap turns a domain's facts by 户编号 into the engine's.
func anyMap[T any](m map[string]*T, err error) (map[string]any, error) {
	if err != nil {
		return nil, err
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out, nil
}

// regionNames names regions from the country's divisions, loaded once when first needed.
type regionNames struct {
	once sync.Once
	tree *region.Tree
}

func (n *regionNames) name(c region.Code) string {
	n.once.Do(func() { n.tree, _ = region.Load() })
	if n.tree != nil {
		if r, err := n.tree.Get(c); err == nil {
			return r.Name
		}
	}
	return string(c)
}

// codeSet returns the codes as a set.
func codeSet(cs []region.Code) map[region.Code]int {
	m := map[region.Code]int{}
	for _, c := range cs {
		m[c] = 1
	}
	return m
}

// sortedCodes returns the keys of the maps, sorted.
func sortedCodes(ms ...map[region.Code]int) []region.Code {
	seen := map[region.Code]bool{}
	var out []region.Code
	for _, m := range ms {
		for c := range m {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	slices.Sort(out)
	return out
}

// fillFollowup fills the demo area's lists of indicators 3, 6 and 7 from its households
// (gen.Followup), with their planted problems.
func fillFollowup(ctx context.Context, m *Main, db *store.DB, tree *region.Tree, area region.Code) error {
	st, err := gen.Followup(ctx, db, tree, area, m.Now(), 1)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "已生成易地搬迁、就业帮扶和低收入人口常态化帮扶的演示台账：安置点 %d 个、公益性岗位 %d 个、就业帮扶车间 %d 个、"+
		"就业需求 %d 条、农村低收入人口 %d 户、小额信贷 %d 笔，预置问题 %d 处。\n",
		st.Sites, st.Posts, st.Workshops, st.Needs, st.Families, st.Loans, len(st.Planted))
	return nil
}
