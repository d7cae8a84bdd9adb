package store_test

import (
	"context"
	"testing"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/deptlists"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// TestDeptAccept accepts what a 医保 list says about a person into the registry: the person's
// field, the household's version, the decision, the provenance and the audit entry are
// written together; an accept over a version another save raised, and one of a kind no list
// concerns the household with, write nothing at all.
func TestDeptAccept(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Username: "county"})
		reg, lists, log := store.NewRegistry(e.DB), store.NewDeptLists(e.DB), store.NewAuditLog(e.DB)
		h := household(villageA, 1, 2)
		if err := reg.Put(ctx, &h); err != nil {
			t.Fatal(err)
		}
		no, county, person := h.Household.No, villageA.County(), h.Persons[0].No
		l := store.DeptList{County: county, ID: store.NewDeptListID(county), Batch: "b1", Kind: deptlists.Medical, Scope: county,
			File: "参保名单.xlsx", Year: 2026, By: "county", At: e.DB.Now(), FileRows: 1, Matched: 1}
		row := store.DeptRow{HouseholdNo: no, Village: villageA, Entries: []deptlists.Entry{{PersonNo: person, Seq: 2,
			Row: deptlists.Row{Name: "张0", ID: h.Persons[0].IDNumber, State: deptlists.Suspended, Type: deptlists.Resident, Year: 2026}}}}
		imp := &store.DeptImport{List: l, Replace: true, Source: "医保部门名单（参保名单.xlsx）",
			Rows: func(fn func(r *store.DeptRow) error) error { return fn(&row) }}
		if err := lists.Save(ctx, []*store.DeptImport{imp}, audit.Entry{Action: audit.Import, ObjectType: "deptlist", ObjectID: "b1", Region: county}); err != nil {
			t.Fatal(err)
		}
		entries := func() int {
			t.Helper()
			got, err := log.List(ctx, audit.Filter{Object: "household", ObjectID: no})
			if err != nil {
				t.Fatal(err)
			}
			return len(got)
		}
		load := func() *registry.Aggregate {
			t.Helper()
			a, err := reg.Get(ctx, no)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		accept := func(a *registry.Aggregate, expect int64, kind deptlists.Kind) error {
			a.Persons[0].ResidentMedical = registry.No
			return lists.Accept(ctx, &store.DeptAccept{Household: a, Expect: expect, PersonNo: person, Kind: kind,
				Fills: []store.DeptFill{{County: county, HouseholdNo: no, PersonNo: person,
					PFields: registry.FieldSet(0).With(registry.PResidentMedical), ListID: l.ID}},
				Source: "医保部门名单（参保名单.xlsx）"}, audit.Entry{Action: audit.PersonUpdate, Detail: "采纳医保部门数据"})
		}

		stale := load()
		a := load()
		if err := accept(a, a.Household.Version, deptlists.Medical); err != nil {
			t.Fatal(err)
		}
		got := load()
		if got.Persons[0].ResidentMedical != registry.No || got.Household.Version != stale.Household.Version+1 || a.Household.Version != got.Household.Version {
			t.Fatalf("after the accept: 城乡居民医保 %v, version %d (aggregate %d), want 否 at %d",
				got.Persons[0].ResidentMedical, got.Household.Version, a.Household.Version, stale.Household.Version+1)
		}
		es, err := lists.Household(ctx, county, no)
		if err != nil || len(es) != 1 || es[0].Decision != store.DeptAccepted || es[0].DecidedBy != "county" {
			t.Fatalf("decision: %+v %v", es, err)
		}
		srcs, err := lists.Sources(ctx, county, no)
		if err != nil || len(srcs) != 1 || srcs[0].How != "accept" || !srcs[0].Fields.Has(registry.PResidentMedical) ||
			srcs[0].PersonNo != person || srcs[0].ListID != l.ID || srcs[0].By != "county" {
			t.Fatalf("provenance: %+v %v", srcs, err)
		}
		if n := entries(); n != 1 {
			t.Fatalf("audit entries of the household: %d, want 1", n)
		}

		for _, tc := range []struct {
			name   string
			a      *registry.Aggregate
			expect int64
			kind   deptlists.Kind
			want   errs.Code
		}{
			{"over a version another save raised", stale, stale.Household.Version, deptlists.Medical, errs.Conflict},
			{"of a kind no list concerns the household with", load(), got.Household.Version, deptlists.Police, errs.NotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := load()
				err := accept(tc.a, tc.expect, tc.kind)
				if !errs.Is(err, tc.want) {
					t.Fatalf("accept: %v, want %v", err, tc.want)
				}
				if after := load(); after.Household.Version != before.Household.Version {
					t.Errorf("version %d after a refused accept, want %d", after.Household.Version, before.Household.Version)
				}
				if tc.a.Household.Version != tc.expect {
					t.Errorf("the aggregate's version is %d after a refused accept, want %d", tc.a.Household.Version, tc.expect)
				}
				if n := entries(); n != 1 {
					t.Errorf("audit entries of the household: %d, want 1", n)
				}
			})
		}
	})
}
