package rules

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
)

// The rule tests screen one household at a time, built from a clean base that no rule flags
// and changed by each case. The reference date is 2026-11-28.
var testRef = registry.NewDate(2026, 11, 28)

const (
	village = "621121100201"
	hhNo    = "H1"
)

func id(y int, m time.Month, d, seq int) string {
	return idno.Make("621121", time.Date(y, m, d, 0, 0, 0, 0, time.UTC), seq)
}

func member(no, rel, sex string, y int, m time.Month, d int) registry.Person {
	seq := 12
	if sex == "男" {
		seq = 11
	}
	return registry.Person{
		No: no, HouseholdNo: hhNo, Name: "成员" + no, IDType: "居民身份证", IDNumber: id(y, m, d, seq),
		Gender: sex, Birth: registry.NewDate(y, m, d), Relation: rel, Ethnicity: "汉族", Political: "群众",
		Education: "初中", LabourSkill: "普通劳动力", Health: "健康",
		ResidentMedical: registry.Yes, EmployeeMedical: registry.No, CriticalIllness: registry.Yes,
		ResidentPension: registry.Yes, Dibao: registry.No, Tekun: registry.No,
	}
}

// base is a 脱贫户 of three, not monitored, that no rule flags: a working couple and a son of
// ten in primary school, a safe house, safe water, steady income.
func base() *registry.Aggregate {
	head := member("P1", "户主", "男", 1981, 5, 10)
	head.WorkLocation, head.WorkMonths, head.Employer, head.Phone = "省外", registry.CountOf(10), "某建筑公司", "13912345678"
	spouse := member("P2", "配偶", "女", 1983, 3, 2)
	spouse.WorkLocation, spouse.WorkMonths, spouse.Phone = "县内乡外", registry.CountOf(8), "13812345678"
	son := member("P3", "之子", "男", 2016, 6, 1)
	son.Education, son.SchoolStatus, son.LabourSkill, son.ResidentPension = "", "小学", "无劳动力", registry.No
	a := &registry.Aggregate{
		Household: registry.Household{
			No: hhNo, Village: village, Kind: registry.KindAlleviated, YearOut: 2019, DeclaredSize: 3,
			Dibao: registry.No, Tekun: registry.No, Relocated: registry.No, Phone: "13912345678",
			UnsafeHouse: registry.No, HousingGrade: "A", HousingAppraised: registry.NewDate(2024, 5, 6),
			WaterSafe: registry.Yes, Toilet: registry.Yes, Electricity: registry.Yes, RoadHardened: registry.Yes,
			HouseArea: 96,
		},
		Persons: []registry.Person{head, spouse, son},
	}
	for _, y := range []int{2025, 2026} {
		a.Incomes = append(a.Incomes, registry.Income{HouseholdNo: hhNo, Year: y, Wages: registry.Yuan(40000),
			Business: registry.Yuan(5000), Transfers: registry.Yuan(1000), OtherTrans: registry.Yuan(1000), Size: 3})
	}
	return a
}

// monitored is base as an unresolved 脱贫不稳定户 identified in 2025-03 for 因病, the wife
// chronically ill (weak labour), with a health and an industry measure.
func monitored() *registry.Aggregate {
	a := base()
	h := &a.Household
	h.Category, h.IdentifiedOn, h.Channel = registry.MonUnstable, registry.NewMonth(2025, 3), "基层干部排查"
	h.RiskTypes, h.RiskEliminated, h.DevMeasureDone = []string{"因病"}, registry.No, "已实施"
	a.Persons[1].Health, a.Persons[1].LabourSkill = "长期慢性病", "弱劳动力或半劳动力"
	a.Measures = []registry.Measure{
		{HouseholdNo: hhNo, Seq: 1, Type: registry.MeasureHealth, Description: "慢病签约服务", Start: registry.NewDate(2025, 4, 1)},
		{HouseholdNo: hhNo, Seq: 2, Type: registry.MeasureIndustry, Description: "养殖补贴", Start: registry.NewDate(2025, 4, 1)},
	}
	return a
}

// eliminated is monitored with its risk eliminated through assistance in 2025-12.
func eliminated() *registry.Aggregate {
	a := monitored()
	a.Household.RiskEliminated, a.Household.EliminationWay, a.Household.EliminatedOn = registry.Yes, "帮扶消除", registry.NewMonth(2025, 12)
	return a
}

// ordinary is base as an ordinary household.
func ordinary() *registry.Aggregate {
	a := base()
	a.Household.Kind, a.Household.YearOut = registry.KindOrdinary, 0
	return a
}

func income(a *registry.Aggregate, year int) *registry.Income { return a.Income(year) }

// setPerCapita sets the year's income so that 人均纯收入 is yuan (household of 3).
func setPerCapita(a *registry.Aggregate, year int, yuan int64) {
	in := a.Income(year)
	in.Wages, in.Business, in.Property, in.Transfers, in.OtherTrans, in.BusinessExpense = registry.Yuan(yuan*3), 0, 0, 0, 0, 0
}

// fakeWorld is a World with fixed answers.
type fakeWorld struct {
	ids    map[string][]string
	posts  map[string]int
	phones map[string]int
}

func (w fakeWorld) IDHolders(k string) ([]string, int) { return w.ids[k], w.posts[k] }
func (w fakeWorld) PhoneHouseholds(p string) int       { return w.phones[p] }

type ruleCase struct {
	name  string
	base  func() *registry.Aggregate // nil: base
	mut   func(a *registry.Aggregate)
	world World
	want  []string // subjects flagged; nil: must not fire
	text  string   // a part the explanation must contain
}

var badFormat = regexp.MustCompile(`%!|%[a-z]`)

// runCases checks a rule over each case, holding it to its declared parameters.
func runCases(t *testing.T, ruleID string, cases []ruleCase) {
	t.Helper()
	r := All().Get(ruleID)
	if r == nil {
		t.Fatalf("no rule %s", ruleID)
	}
	fires, quiet := false, false
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mk := tc.base
			if mk == nil {
				mk = base
			}
			a := mk()
			if tc.mut != nil {
				tc.mut(a)
			}
			w := tc.world
			if w == nil {
				w = NoWorld{}
			}
			c := &Context{P: policy.MustDefaults(2026).Restrict(r.Params), Ref: testRef, Year: 2026, World: w}
			var got []string
			var texts []string
			r.Run(c, NewHouse(c, a), func(h Hit) {
				got = append(got, h.SubjectID)
				texts = append(texts, h.Explanation)
				if badFormat.MatchString(h.Explanation) {
					t.Errorf("bad explanation %q", h.Explanation)
				}
			})
			if !slices.Equal(got, tc.want) {
				t.Fatalf("%s flagged %v, want %v (%v)", ruleID, got, tc.want, texts)
			}
			if tc.text != "" && !strings.Contains(strings.Join(texts, "\n"), tc.text) {
				t.Errorf("explanation %q lacks %q", texts, tc.text)
			}
		})
		if tc.want != nil {
			fires = true
		} else {
			quiet = true
		}
	}
	if !fires || !quiet {
		t.Errorf("%s: cases must include some that fire and some that do not", ruleID)
	}
}

func TestCleanBasesFlagNothing(t *testing.T) {
	for name, mk := range map[string]func() *registry.Aggregate{
		"base": base, "monitored": monitored, "eliminated": eliminated, "ordinary": ordinary,
	} {
		c := &Context{P: policy.MustDefaults(2026), Ref: testRef, Year: 2026, World: NoWorld{}}
		a := mk()
		if err := a.Validate(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, h := range All().Evaluate(c, a) {
			t.Errorf("%s: %s flags %s: %s", name, h.Rule.ID, h.SubjectID, h.Explanation)
		}
	}
}

func TestCatalog(t *testing.T) {
	seen := map[string]bool{}
	idForm := regexp.MustCompile(`^(I([1-9]|10)|DQ)-\d\d$`)
	for _, r := range All() {
		if seen[r.ID] {
			t.Errorf("duplicate id %s", r.ID)
		}
		seen[r.ID] = true
		if !idForm.MatchString(r.ID) {
			t.Errorf("%s: id form", r.ID)
		}
		if want := "DQ"; r.Indicator == DataQuality && !strings.HasPrefix(r.ID, want) ||
			r.Indicator != DataQuality && !strings.HasPrefix(r.ID, "I"+IndicatorName(r.Indicator)+"-") {
			t.Errorf("%s: indicator %d does not match id", r.ID, r.Indicator)
		}
		if r.Title == "" || r.Explain == "" || r.Check == nil || (r.Subject != Household && r.Subject != Person) {
			t.Errorf("%s: incomplete", r.ID)
		}
		if _, ok := IndicatorTitles[r.Indicator]; !ok {
			t.Errorf("%s: indicator %d", r.ID, r.Indicator)
		}
		if r.Severity.Label() == "未知" {
			t.Errorf("%s: severity", r.ID)
		}
		if len([]rune(r.Title)) > 31 {
			t.Errorf("%s: title longer than an xlsx sheet name allows", r.ID)
		}
		for _, p := range r.Params {
			if _, ok := policy.Lookup(p); !ok {
				t.Errorf("%s: unknown parameter %s", r.ID, p)
			}
		}
	}
	if len(All()) < 60 {
		t.Errorf("catalog has %d rules", len(All()))
	}
}

// Every rule has a test of its own: a TestRule function naming it.
func TestEveryRuleTested(t *testing.T) {
	tested := map[string]bool{}
	for _, cs := range allCases() {
		tested[cs] = true
	}
	for _, r := range All() {
		if !tested[r.ID] {
			t.Errorf("rule %s has no cases", r.ID)
		}
	}
}

func TestSeverityAndSubject(t *testing.T) {
	for _, s := range []Severity{High, Medium, Low} {
		if got, ok := ParseSeverity(s.String()); !ok || got != s {
			t.Errorf("%v", s)
		}
	}
	if _, ok := ParseSeverity("x"); ok {
		t.Error("parsed x")
	}
	if Person.Label() != "人" || Household.Label() != "户" || IndicatorName(0) != "dq" || IndicatorName(9) != "9" {
		t.Error("labels")
	}
}

func TestRunReportsSubjectOnce(t *testing.T) {
	r := &Rule{ID: "X", Explain: "%s", Check: func(c *Context, h *House, emit Emit) { emit("a", "1"); emit("a", "2"); emit("b", "3") }}
	var got []string
	r.Run(nil, nil, func(h Hit) { got = append(got, h.SubjectID+h.Explanation) })
	if !slices.Equal(got, []string{"a1", "b3"}) {
		t.Errorf("%v", got)
	}
}
