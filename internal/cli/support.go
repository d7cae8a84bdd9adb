package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/support"
)

// wireSupport wires indicator 4's domain (internal/support) into the screening engine: what it
// knows of each household (pairings, the last visit, the grid) as facts, and the cadres,
// work-team members, grids and grid members as objects.
func wireSupport(db *store.DB, e *screen.Engine) {
	s := store.NewSupport(db)
	e.FactSources = append(e.FactSources, supportFacts{s})
	for _, kind := range []string{support.KindCadre, support.KindMember, support.KindGrid, support.KindGridMember} {
		e.Sources = append(e.Sources, supportObjects{s, kind})
	}
}

// supportFacts gives the domain's facts about households.
type supportFacts struct{ s *store.Support }

// Domain returns support.Domain.
func (f supportFacts) Domain() string { return support.Domain }

// Load returns the facts of the households of county in scope, or of the households nos.
func (f supportFacts) Load(ctx context.Context, county, scope region.Code, nos []string) (map[string]any, error) {
	facts, err := f.s.Facts(ctx, county, scope, nos)
	if err != nil || facts == nil {
		return nil, err
	}
	out := make(map[string]any, len(facts))
	for no, fc := range facts {
		out[no] = fc
	}
	return out, nil
}

// supportObjects gives the domain's objects of one kind.
type supportObjects struct {
	s    *store.Support
	kind string
}

// Kind returns the kind of object.
func (o supportObjects) Kind() string { return o.kind }

// Objects calls fn with each object of the kind of county in scope.
func (o supportObjects) Objects(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
	switch o.kind {
	case support.KindCadre:
		return o.s.EachCadre(ctx, county, scope, func(c *support.CadreObject) error { return fn(c) })
	case support.KindMember:
		return o.s.EachMember(ctx, county, scope, func(m *support.MemberObject) error { return fn(m) })
	case support.KindGrid:
		return o.s.EachGrid(ctx, county, scope, func(g *support.GridObject) error { return fn(g) })
	case support.KindGridMember:
		return o.s.EachGridMember(ctx, county, scope, func(g *support.GridMemberObject) error { return fn(g) })
	}
	return nil
}

// fillSupport fills the demo area's cadres, pairings, a year of visits, work teams with their
// attendance, leave and spot checks, and grids (gen.Support), with its planted problems.
func fillSupport(ctx context.Context, m *Main, db *store.DB, tree *region.Tree, area region.Code) error {
	start := time.Now()
	st, err := gen.FillSupport(ctx, db, tree, gen.SupportConfig{Area: area, Seed: 1, Ref: m.Now(), Rates: gen.DefaultSupportRates(),
		HelperUser: demoHelper, HelperVillage: demoHelperVillage})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "已生成帮扶干部 %d 人、结对 %d 户、走访记录 %d 条、驻村工作队 %d 个、网格 %d 个，用时 %s。\n",
		st.Cadres, st.Pairings, st.Visits, st.Teams, st.Grids, time.Since(start).Round(time.Millisecond))
	// The helper the demo names logs in as a 帮扶责任人 and sees "我的走访".
	users := store.NewUsers(db)
	if _, err := users.User(ctx, demoHelper); err == nil || !errs.Is(err, errs.NotFound) {
		return err
	}
	hash, err := auth.HashPassword(demoPassword, auth.DefaultHashParams)
	if err != nil {
		return err
	}
	if err := users.Create(ctx, &auth.User{Username: demoHelper, DisplayName: "帮扶责任人演示账号", Role: auth.RoleHelper,
		Region: demoHelperVillage, PasswordHash: hash}); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "帮扶责任人演示账号：%s（密码 %s），登录后打开“我的走访”。\n", demoHelper, demoPassword)
	return nil
}

// The demo's helper account and the village of its households.
const (
	demoHelper        = "helper"
	demoHelperVillage = region.Code("621121100201")
)
