package screen_test

import (
	"context"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// cadre is an object of a test domain.
type cadre struct {
	id     string
	region region.Code
	left   bool
}

func (c *cadre) Kind() string        { return "cadre" }
func (c *cadre) ID() string          { return c.id }
func (c *cadre) Region() region.Code { return c.region }
func (c *cadre) Label() string       { return "帮扶干部「" + c.id + "」" }

type cadres struct{ list []*cadre }

func (s *cadres) Kind() string { return "cadre" }
func (s *cadres) Objects(_ context.Context, county, scope region.Code, fn func(rules.Object) error) error {
	for _, c := range s.list {
		if scope.Contains(c.region) {
			if err := fn(c); err != nil {
				return err
			}
		}
	}
	return nil
}

// helpers is a test domain's facts: which households have a helper.
type helpers struct{ have map[string]bool }

func (h *helpers) Domain() string { return "test-support" }
func (h *helpers) Load(_ context.Context, county, scope region.Code, nos []string) (map[string]any, error) {
	out := map[string]any{}
	for no, ok := range h.have {
		out[no] = ok
	}
	return out, nil
}

// TestObjectsAndFacts: object rules open and close findings on objects; household rules read
// the facts a domain gives, and stay silent where it gives none.
func TestObjectsAndFacts(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		c := &clock{time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
		en := newEngine(t, e, c)
		a, b := clean(villageA, 1), clean(villageB, 2)
		put(t, en.Registry, a, b)
		src := &cadres{list: []*cadre{{id: "C1", region: villageA, left: true}, {id: "C2", region: villageB}}}
		en.Sources = []screen.ObjectSource{src}
		en.ObjectRules = rules.ObjectCatalog{{ID: "T4-01", Indicator: 4, Severity: rules.High, Kind: "cadre", Title: "帮扶干部已调离",
			Explain: "%s 已调离", Check: func(_ *rules.Context, o rules.Object, emit rules.Emit) {
				if o.(*cadre).left {
					emit(o.ID(), o.Label())
				}
			}}}
		en.FactSources = []screen.Facts{&helpers{have: map[string]bool{a.Household.No: false}}}
		en.Rules = rules.Catalog{{ID: "T4-02", Indicator: 4, Severity: rules.High, Subject: rules.Household, Title: "无帮扶责任人",
			Explain: "没有帮扶责任人", Check: func(_ *rules.Context, h *rules.House, emit rules.Emit) {
				if has, ok := h.Fact("test-support").(bool); ok && !has {
					emit(h.H.No)
				}
			}}}
		if _, err := en.Run(ctx, screen.Options{}); err != nil {
			t.Fatal(err)
		}
		got := active(t, en, "")
		if f, ok := got["T4-01 C1"]; !ok || f.HouseholdNo != "" || f.SubjectKind != "cadre" || f.Region != villageA || f.Explanation != "帮扶干部「C1」 已调离" {
			t.Errorf("cadre finding %+v in %v", f, keys(got))
		}
		if _, ok := got["T4-02 "+a.Household.No]; !ok {
			t.Errorf("household rule on the fact: %v", keys(got))
		}
		if len(got) != 2 {
			t.Errorf("findings %v: the household without facts and the cadre still in place are silent", keys(got))
		}
		// The cadre is replaced: re-screening the kind closes the finding.
		src.list[0].left = false
		c.advance(time.Hour)
		res, err := en.Objects(ctx, villageA.County(), "cadre")
		if err != nil || len(res.Closed) != 1 || len(res.Opened) != 0 {
			t.Fatalf("objects: %+v %v", res, err)
		}
		// Re-screening a household alone reads its facts too.
		if res, err := en.Household(ctx, a.Household.No); err != nil || len(res.Kept) != 1 || res.Kept[0].RuleID != "T4-02" {
			t.Fatalf("household: %+v %v", res, err)
		}
	})
}
