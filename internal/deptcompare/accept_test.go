package deptcompare

import (
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/deptlists"
	"github.com/gonggu/gonggu/internal/registry"
)

// TestApply accepts what each kind of list says into a household and checks the registry
// fields it changes and the provenance it records for them.
func TestApply(t *testing.T) {
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	today := registry.NewDate(2026, 11, 28)
	base := func() *registry.Aggregate {
		return &registry.Aggregate{Household: registry.Household{No: "H1", Village: "621121100001", HousingGrade: "A",
			UnsafeHouse: registry.No, HousingAppraised: registry.NewDate(2024, 5, 1)},
			Persons: []registry.Person{{No: "P1", HouseholdNo: "H1", Name: "张三", IDNumber: "621121198001010017", Relation: "户主",
				Health: "健康", ResidentMedical: registry.Yes, EmployeeMedical: registry.No}}}
	}
	for _, tc := range []struct {
		name    string
		kind    deptlists.Kind
		person  string
		row     deptlists.Row
		check   func(a *registry.Aggregate) bool
		pfields []registry.Field
		hfields []registry.Field
	}{
		{"医保 says suspended: not insured", deptlists.Medical, "P1",
			deptlists.Row{State: deptlists.Suspended, Type: deptlists.Resident, Year: 2026},
			func(a *registry.Aggregate) bool { return a.Persons[0].ResidentMedical == registry.No },
			[]registry.Field{registry.PResidentMedical}, nil},
		{"公安 says dead: deceased", deptlists.Police, "P1",
			deptlists.Row{State: deptlists.Died, Date: registry.NewDate(2026, 6, 3)},
			func(a *registry.Aggregate) bool { return a.Persons[0].DeceasedOn == registry.NewDate(2026, 6, 3) },
			[]registry.Field{registry.PDeceasedOn}, nil},
		{"住建 grade C: the house's grade", deptlists.Housing, "",
			deptlists.Row{Grade: "C", State: deptlists.NotRebuilt, Date: registry.NewDate(2026, 3, 1)},
			func(a *registry.Aggregate) bool {
				return a.Household.HousingGrade == "C" && a.Household.UnsafeHouse == registry.Yes
			},
			nil, []registry.Field{registry.HHousingGrade, registry.HUnsafeHouse, registry.HHousingAppraised}},
		{"残联 certificate: the disability and its grade", deptlists.Disability, "P1",
			deptlists.Row{Type: "肢体残疾", Grade: "二级", State: deptlists.Valid},
			func(a *registry.Aggregate) bool {
				p := a.Persons[0]
				return p.DisabilityCategory == "肢体残疾" && p.DisabilityGrade == "二级" && p.Health == "残疾"
			},
			[]registry.Field{registry.PDisabilityCategory, registry.PDisabilityGrade, registry.PHealth}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref := &deptlists.ListRef{ID: "L1", Kind: tc.kind, File: "名单.xlsx", Scope: "621121000000", Year: 2026, At: at}
			facts := &deptlists.Facts{Rows: []deptlists.Fact{{List: ref, Seq: 2, PersonNo: tc.person, Row: tc.row}}}
			a := base()
			x, err := Apply(tc.kind, facts, a, tc.person, today)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(a) || len(x.Changes) == 0 || x.List != ref {
				t.Fatalf("after the accept: %+v %+v, changes %v", a.Household, a.Persons[0], x.Changes)
			}
			var p, h registry.FieldSet
			for _, f := range x.fills {
				if f.ListID != "L1" || f.HouseholdNo != "H1" || f.PersonNo != tc.person {
					t.Errorf("fill %+v", f)
				}
				p, h = p|f.PFields, h|f.HFields
			}
			if want := registry.FieldSet(0).With(tc.pfields...); p != want {
				t.Errorf("person fields recorded %v, want %v", p.List(registry.PersonTable), tc.pfields)
			}
			if want := registry.FieldSet(0).With(tc.hfields...); h != want {
				t.Errorf("household fields recorded %v, want %v", h.List(registry.HouseholdTable), tc.hfields)
			}
			// Accepting again changes nothing: the registry agrees now.
			if again, err := Apply(tc.kind, facts, a, tc.person, today); err != nil || len(again.Changes) != 0 || len(again.fills) != 0 {
				t.Errorf("a second accept: %v %v", again, err)
			}
		})
	}
	if _, err := Apply(deptlists.Police, &deptlists.Facts{}, base(), "P1", today); err == nil {
		t.Error("an accept without the department's data went through")
	}
}
