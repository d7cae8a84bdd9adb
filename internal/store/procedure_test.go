package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/procedure"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// procFixture stores household 1 in village A, monitored and unresolved, and household 2 in
// village B, not monitored (storetest's clock: 2026-11-28).
func procFixture(t *testing.T, e storetest.Engine) (context.Context, *store.Procedures, string, string) {
	t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{Username: "tester"})
	reg := store.NewRegistry(e.DB)
	monitored, plain := household(villageA, 1, 2), household(villageB, 2, 2)
	plain.Household.Category, plain.Household.IdentifiedOn, plain.Household.Channel = "", registry.Month{}, ""
	plain.Household.RiskTypes, plain.Household.RiskEliminated = nil, registry.Unknown
	for _, a := range []*registry.Aggregate{&monitored, &plain} {
		if err := reg.Put(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	return ctx, store.NewProcedures(e.DB), monitored.Household.No, plain.Household.No
}

func TestProcedureStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx, st, monitored, plain := procFixture(t, e)
		// Identification of the household not monitored.
		p := &procedure.Procedure{HouseholdNo: plain, Kind: procedure.Identify, Category: registry.MonEdge, Source: "农户电话申请",
			LeadOn: day(11, 10), LeadNote: "户主来电：妻子住院自付 3 万元"}
		if err := st.Start(ctx, p); err != nil {
			t.Fatal(err)
		}
		if p.County != villageB.County() || p.Village != villageB || p.ID == "" {
			t.Fatalf("started %+v", p)
		}
		again := &procedure.Procedure{HouseholdNo: plain, Kind: procedure.Identify, Category: registry.MonEdge, Source: "入户走访发现", LeadOn: day(11, 11)}
		if err := st.Start(ctx, again); !errs.Is(err, errs.Conflict) {
			t.Errorf("a second open identification: %v", err)
		}
		if err := st.Start(ctx, &procedure.Procedure{HouseholdNo: monitored, Kind: procedure.Identify, Category: registry.MonEdge,
			Source: "规则预警", LeadOn: day(11, 1)}); !errs.Is(err, errs.Conflict) {
			t.Errorf("identifying a monitored household: %v", err)
		}
		if err := st.Start(ctx, &procedure.Procedure{HouseholdNo: plain, Kind: procedure.Eliminate, Source: "入户走访发现",
			LeadOn: day(11, 1), StableSince: day(3, 1)}); !errs.Is(err, errs.Conflict) {
			t.Errorf("eliminating the risk of a household not monitored: %v", err)
		}
		if err := st.Start(ctx, &procedure.Procedure{HouseholdNo: "nobody", Kind: procedure.Identify, Category: registry.MonEdge,
			Source: "规则预警", LeadOn: day(11, 1)}); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown household: %v", err)
		}

		// Steps in order; out of order, backwards or with a short notice refused.
		if _, err := st.RecordStep(ctx, p.County, p.ID, procedure.Record{Step: procedure.Review, On: day(11, 12), By: "村委会"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("review before the visit: %v", err)
		}
		if _, err := st.RecordStep(ctx, p.County, p.ID, procedure.Record{Step: procedure.Visit, On: day(11, 9), By: "李干部"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("visit before the lead: %v", err)
		}
		steps := []procedure.Record{
			{Step: procedure.Visit, On: day(11, 11), By: "李干部", Note: "核实住院票据，家庭人均纯收入 6,200 元"},
			{Step: procedure.Review, On: day(11, 12), By: "东关村委会", Note: "到会 23 人，同意 23 人"},
			{Step: procedure.Notice, On: day(11, 13), Until: day(11, 17), By: "东关村委会", Note: "村委会公示栏"},
		}
		for _, r := range steps {
			if _, err := st.RecordStep(ctx, p.County, p.ID, r); err != nil {
				t.Fatalf("%s: %v", r.Step.Name(), err)
			}
		}
		// The same visit sent again is taken as recorded; a different one is a conflict.
		if got, err := st.RecordStep(ctx, p.County, p.ID, steps[0]); err != nil || len(got.Steps) != 3 {
			t.Errorf("the visit again: %v", err)
		}
		if _, err := st.RecordStep(ctx, p.County, p.ID, procedure.Record{Step: procedure.Visit, On: day(11, 12), By: "李干部"}); !errs.Is(err, errs.Conflict) {
			t.Errorf("another visit: %v", err)
		}
		if _, err := st.RecordStep(ctx, p.County, p.ID, procedure.Record{Step: procedure.Township, On: day(11, 17), By: "乡政府"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("township review on the notice's last day: %v", err)
		}
		// Two cadres record the township's review at once, differently: one wins, the other is told.
		var wg sync.WaitGroup
		results := make([]error, 2)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, results[i] = st.RecordStep(ctx, p.County, p.ID, procedure.Record{Step: procedure.Township, On: day(11, 18), By: []string{"乡政府", "镇政府"}[i]})
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range results {
			if err == nil {
				ok++
			} else if c := errs.CodeOf(err); c != errs.Conflict && c != errs.Internal {
				t.Errorf("the race's loser: %v", err)
			}
		}
		if ok != 1 {
			t.Errorf("township review recorded %d times: %v", ok, results)
		}
		got, err := st.Get(ctx, p.County, p.ID)
		if err != nil || len(got.Steps) != 4 || got.Steps[2].Until != day(11, 17) || got.Steps[0].RecordedBy != "tester" || got.State() != procedure.Open {
			t.Fatalf("get: %v %+v", err, got)
		}
		for _, r := range []procedure.Record{{Step: procedure.County, On: day(11, 20), By: "县乡村振兴局"}, {Step: procedure.Entry, On: day(11, 21), By: "县乡村振兴局"}} {
			if _, err := st.RecordStep(ctx, p.County, p.ID, r); err != nil {
				t.Fatalf("%s: %v", r.Step.Name(), err)
			}
		}
		if _, err := st.RecordStep(ctx, p.County, p.ID, procedure.Record{Step: procedure.Entry, On: day(11, 22), By: "x"}); !errs.Is(err, errs.Conflict) {
			t.Errorf("a step after the last: %v", err)
		}
		// Done, a new identification of the same household may start.
		if err := st.Start(ctx, again); err != nil {
			t.Errorf("after the first is done: %v", err)
		}
		if err := st.Close(ctx, again.County, again.ID, day(11, 10), "重复线索"); !errs.Is(err, errs.Invalid) {
			t.Errorf("closed before its lead: %v", err)
		}
		if err := st.Close(ctx, again.County, again.ID, day(11, 12), "重复线索，已于 11 月 21 日纳入"); err != nil {
			t.Fatal(err)
		}

		// A risk elimination: the income stable for 6 months before it starts.
		el := &procedure.Procedure{HouseholdNo: monitored, Kind: procedure.Eliminate, Way: "帮扶消除", Source: "入户走访发现",
			LeadOn: day(11, 1), StableSince: day(5, 2)}
		if err := st.Start(ctx, el); !errs.Is(err, errs.Invalid) {
			t.Errorf("stable 1 day short of 6 months: %v", err)
		}
		recent := household(villageA, 3, 2)
		recent.Household.IdentifiedOn = registry.NewMonth(2026, 6)
		if err := store.NewRegistry(e.DB).Put(ctx, &recent); err != nil {
			t.Fatal(err)
		}
		if err := st.Start(ctx, &procedure.Procedure{HouseholdNo: recent.Household.No, Kind: procedure.Eliminate, Source: "入户走访发现",
			LeadOn: day(11, 1), StableSince: day(3, 1)}); !errs.Is(err, errs.Invalid) {
			t.Errorf("identified in June: %v", err)
		}
		el.StableSince = day(5, 1)
		if err := st.Start(ctx, el); err != nil || el.Category != registry.MonUnstable {
			t.Fatalf("elimination: %v %+v", err, el)
		}

		// Lists by scope and state, with the head's name.
		list, total, err := st.List(ctx, store.ProcedureFilter{Scope: villageA.County()})
		if err != nil || total != 3 || len(list) != 3 || list[0].ID != el.ID || list[0].Head != "张0" || len(list[1].Steps) != 6 || list[2].State() != procedure.Closed {
			t.Fatalf("list: %v %d %+v", err, total, list)
		}
		if list, _, _ := st.List(ctx, store.ProcedureFilter{Scope: villageA}); len(list) != 1 || list[0].ID != el.ID {
			t.Errorf("village A: %+v", list)
		}
		if list, n, _ := st.List(ctx, store.ProcedureFilter{Scope: villageA.County(), State: procedure.Done}); n != 1 || list[0].ID != p.ID {
			t.Errorf("done: %+v", list)
		}
		// The objects the rules judge: the open and done ones, not the closed.
		var seen []string
		if err := st.Each(ctx, villageA.County(), villageA.County(), func(o *procedure.Object) error {
			seen = append(seen, o.ID())
			if o.ID() == p.ID && len(o.Steps) != 6 {
				t.Errorf("steps of %s: %d", o.ID(), len(o.Steps))
			}
			return nil
		}); err != nil || len(seen) != 2 {
			t.Errorf("each: %v %v", err, seen)
		}
		seen = nil
		st.Each(ctx, villageA.County(), villageB, func(o *procedure.Object) error { seen = append(seen, o.ID()); return nil })
		if len(seen) != 1 || seen[0] != p.ID {
			t.Errorf("each in village B: %v", seen)
		}
		if got, _ := st.Get(ctx, region.Code("621121000000"), "621121-nothing"); got != nil {
			t.Error("a missing procedure")
		}
		// Every change audited: 3 starts, 6 steps, 1 close.
		entries, err := store.NewAuditLog(e.DB).List(ctx, audit.Filter{Action: audit.ProcedureUpdate})
		if err != nil || len(entries) != 10 {
			t.Errorf("audit: %v %d", err, len(entries))
		}
	})
}
