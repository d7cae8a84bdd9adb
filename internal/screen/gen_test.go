package screen_test

import (
	"context"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// expected names, for each problem the generator seeds, the rules that must find it; one of
// them must flag each seeded subject.
var expected = map[gen.Problem][]string{
	gen.ProblemUnsafeHouse:          {"I1-01"},
	gen.ProblemNotAppraised:         {"I1-02"},
	gen.ProblemUninsured:            {"I1-03"},
	gen.ProblemDoubleInsured:        {"I1-04"},
	gen.ProblemDropout:              {"I1-05"},
	gen.ProblemUnsafeWater:          {"I1-06"},
	gen.ProblemHighMedicalCost:      {"I1-07"},
	gen.ProblemShouldMonitor:        {"I2-04"},
	gen.ProblemBelowLine:            {"I2-01"},
	gen.ProblemDibaoBelowLine:       {"I2-03"},
	gen.ProblemNoMeasure:            {"I2-05"},
	gen.ProblemNoDevMeasure:         {"I2-06", "I2-07"},
	gen.ProblemRiskWithoutMeasure:   {"I2-08", "I2-09", "I2-10", "I2-11", "I2-12"},
	gen.ProblemEarlyElimination:     {"I2-13"},
	gen.ProblemEliminatedBelowLine:  {"I2-14"},
	gen.ProblemNoLabourEliminated:   {"I2-15"},
	gen.ProblemIllRiskNobodyIll:     {"I2-16"},
	gen.ProblemLabourRiskWithLabour: {"I2-19"},
	gen.ProblemNoLabourNotFlagged:   {"I2-23"},
	gen.ProblemNoYulu:               {"I2-25"},
	gen.ProblemRiskNoRemark:         {"I2-21"},
	gen.ProblemEliminatedNoMeasure:  {"I2-22"},
	gen.ProblemDevNotDone:           {"I2-24"},
	gen.ProblemTokenMeasures:        {"I2-28"},
	gen.ProblemDibaoNoMeasure:       {"I7-01"},
	gen.ProblemDibaoMeasureNoFlag:   {"I7-02"},
	gen.ProblemTekunNoMeasure:       {"I7-03"},
	gen.ProblemTekunMeasureNoFlag:   {"I7-04"},
	gen.ProblemTekunPayNoMeasure:    {"I7-05"},
	gen.ProblemNoLabourNoAssistance: {"I7-06"},
	gen.ProblemTekunWorking:         {"I7-07"},
	gen.ProblemRelocatedIdle:        {"I3-01"},
	gen.ProblemIdleLabour:           {"I6-10"},
	gen.ProblemSharedPhone:          {"I6-01"},
	gen.ProblemPostOutOfProvince:    {"I6-02"},
	gen.ProblemPostNoMonths:         {"I6-04"},
	gen.ProblemMonthsNoPost:         {"I6-05"},
	gen.ProblemPostAge:              {"I6-06"},
	gen.ProblemWorkNoMonths:         {"DQ-12"},
	gen.ProblemMonthsNoWork:         {"DQ-12"},
	gen.ProblemIncomeDrop:           {"I9-01"},
	gen.ProblemTinyWage:             {"I9-04"},
	gen.ProblemNegativeIncome:       {"I9-05"},
	gen.ProblemWagesNoWorker:        {"I9-06"},
	gen.ProblemTransferMismatch:     {"I9-08"},
	gen.ProblemRichAtIdentification: {"I9-07"},
	gen.ProblemVeryLowIncome:        {"I9-09"},
	gen.ProblemBadCheckChar:         {"DQ-01"},
	gen.ProblemBirthMismatch:        {"DQ-03"},
	gen.ProblemGenderMismatch:       {"DQ-04"},
	gen.ProblemDuplicateID:          {"DQ-02"},
	gen.ProblemNoHead:               {"DQ-05"},
	gen.ProblemTwoHeads:             {"DQ-05"},
	gen.ProblemTwoSpouses:           {"DQ-06"},
	gen.ProblemSameSexSpouse:        {"DQ-07"},
	gen.ProblemRelationSex:          {"DQ-08"},
	gen.ProblemBadEnum:              {"DQ-09"},
	gen.ProblemEduAndSchool:         {"DQ-11"},
	gen.ProblemEduNeither:           {"DQ-11"},
	gen.ProblemGradeAge:             {"DQ-20"},
	gen.ProblemBadPhone:             {"DQ-13"},
	gen.ProblemDeceasedCounted:      {"DQ-14"},
	gen.ProblemHealthyNoLabour:      {"DQ-16"},
	gen.ProblemStudentLabour:        {"DQ-17"},
	gen.ProblemElderLabour:          {"DQ-18"},
	gen.ProblemDisabledLabour:       {"DQ-26"},
	gen.ProblemLostX:                {"DQ-01"},
	gen.ProblemOldID:                {"DQ-01"},
	gen.ProblemDisabledNoCert:       {"DQ-19"},
	gen.ProblemPersonBlank:          {"DQ-22"},
	gen.ProblemHouseholdBlank:       {"DQ-23"},
	gen.ProblemMonitoringInfo:       {"DQ-24"},
	gen.ProblemWorkerPhone:          {"DQ-25"},
}

// genRef is the reference date of the generated areas and the screening clock.
var genRef = time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)

// generate fills e with an area of n households of 定西市 and screens it.
func generate(t *testing.T, e storetest.Engine, n int, rates gen.Rates) (gen.Stats, *screen.Engine) {
	t.Helper()
	ctx := context.Background()
	tree, err := region.LoadArea(gen.DefaultArea)
	if err != nil {
		t.Fatal(err)
	}
	stats, err := gen.Fill(ctx, store.NewRegistry(e.DB), tree, gen.Config{Area: gen.DefaultArea, Households: n, Seed: 11,
		Year: 2026, Ref: genRef, Rates: rates})
	if err != nil {
		t.Fatal(err)
	}
	en := screen.New(e.DB)
	en.Now, en.Year = func() time.Time { return genRef }, 2026
	if _, err := en.Run(ctx, screen.Options{}); err != nil {
		t.Fatal(err)
	}
	return stats, en
}

func TestCleanAreaHasNoFindings(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		_, en := generate(t, e, 8000, gen.ZeroRates())
		byRule := map[string][]string{}
		err := en.Findings.Each(context.Background(), store.FindingFilter{Active: true}, func(f *store.Finding) error {
			byRule[f.RuleID] = append(byRule[f.RuleID], f.SubjectID+": "+f.Explanation)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for rule, fs := range byRule {
			t.Errorf("%s fires %d times on clean data, e.g. %s", rule, len(fs), fs[0])
		}
	})
}

func TestGeneratedProblemsAreFound(t *testing.T) {
	e := storetest.SQLite(t)
	stats, en := generate(t, e, 15000, gen.DefaultRates())
	found := map[string]map[string]bool{} // rule → subjects
	households := map[string]bool{}       // households with any finding
	err := en.Findings.Each(context.Background(), store.FindingFilter{Active: true}, func(f *store.Finding) error {
		if found[f.RuleID] == nil {
			found[f.RuleID] = map[string]bool{}
		}
		found[f.RuleID][f.SubjectID] = true
		households[f.HouseholdNo] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	hosts := map[string]bool{}
	for _, p := range gen.Problems() {
		ids, ok := expected[p]
		if !ok {
			t.Errorf("problem %s: no rule is expected to find it", p)
			continue
		}
		for _, id := range ids {
			r := rules.All().Get(id)
			if r == nil || (r.Subject == rules.Person) != p.PersonLevel() {
				t.Errorf("problem %s: rule %s does not flag its kind of subject", p, id)
			}
		}
		subjects := stats.Seeded[p]
		if len(subjects) == 0 {
			// The generator's coverage is its own tests' business; say so and go on.
			t.Logf("problem %s was not seeded in %d households", p, stats.Households)
		}
		var missed []string
		for _, s := range subjects {
			hh := s
			if p.PersonLevel() {
				hh = s[:len(s)-2]
			}
			hosts[hh] = true
			if !slices.ContainsFunc(ids, func(id string) bool { return found[id][s] }) {
				missed = append(missed, s)
			}
		}
		if len(missed) > 0 {
			t.Errorf("problem %s: %d of %d subjects not found by %v, e.g. %s", p, len(missed), len(subjects), ids, missed[0])
		}
	}
	// Hosts are otherwise clean: a finding elsewhere is a rule that fires on clean data.
	var stray []string
	for hh := range households {
		if !hosts[hh] {
			stray = append(stray, hh)
		}
	}
	sort.Strings(stray)
	if len(stray) > 0 {
		var rs []string
		en.Findings.Each(context.Background(), store.FindingFilter{HouseholdNo: stray[0], Active: true}, func(f *store.Finding) error {
			rs = append(rs, f.RuleID+" "+f.Explanation)
			return nil
		})
		t.Errorf("%d households without a seeded problem have findings, e.g. %s: %v", len(stray), stray[0], rs)
	}
}
