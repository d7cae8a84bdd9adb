// Package score computes the post-evaluation scorecard (DOMAIN.md section 6, "Indicator
// values"; section 7, 短板梳理 and 成果提升; docs/scorecard.md): for each region and period the
// measured rates behind each of the ten indicators, a score out of the indicator's weight
// (full marks at the target, linear to zero at the floor, both policy parameters per year), the
// total, the rank among sibling regions, the gap to full marks, the change since the last
// period, the comparison with a province average entered by users, and the households whose
// open findings, once closed, would add most to a region's total.
//
// A period is a month, "YYYY-MM": the counts are refreshed after every full screening and in
// the background after edits, and the last refresh of a month stands for the month; the
// snapshots of past months are kept, so the card compares with the previous month and draws
// the trend. The counts are stored (store.Scores); scores are computed when read, with the
// weights, targets and floors in force for the period's year.
//
// An indicator is scored on one rate, or, for indicator 2, on several (its parts): each part
// scores its share of the indicator's weight, the shares normalised over the parts that can be
// measured in the region.
//
// Indicators whose data gonggu does not hold (4 four-not-removed visits and helpers, 5 funds
// and assets, 8 industry, 10 satisfaction) are "暂无数据": they are not scored, and the total
// says how many indicators it counts. Indicator 7 is measured by the social-assistance rules
// over the registry (低保 and 特困 against their measures and payments).
package score

import (
	"strconv"
	"time"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/store"
)

// Unit is how a rate is expressed.
type Unit string

// The units of the rates.
const (
	PerMille Unit = "‰"
	Percent  Unit = "%"
)

// Part is one rate an indicator is scored on.
type Part struct {
	Key   string // "" for an indicator scored on one rate
	Title string // short name, in Chinese
	Rate  string // what the rate measures, in Chinese
	Unit  Unit
	// Rules are the rules whose open findings put a household of the population in the
	// numerator; nil for every rule of the indicator.
	Rules []string
	Of    store.Population
	// Counter, when set, counts the part's rate itself: a domain's rate (visit coverage, the
	// expenditure rate, satisfaction) rather than households with open findings.
	Counter store.VillageCounter
	// The parameters: the part's share of the indicator's weight ("" for a single part, which
	// has it all), and its target and floor.
	Share, Target, Floor policy.Name
}

// Measure describes the rates behind one indicator.
type Measure struct {
	Indicator int
	Title     string // the indicator's name
	Rate      string // what the headline rate (the first part's) measures, in Chinese
	Unit      Unit
	HasData   bool // whether gonggu computes it
	Parts     []Part
}

// TargetKinds are the 户类型 spellings of a 脱贫户, as the rules read them: with the monitored
// households they are the target households (帮扶对象) the post-evaluation samples.
var TargetKinds = []string{registry.KindAlleviated, "一般脱贫户", "低保脱贫户", "特困供养脱贫户"}

// MissedRules are the rules whose open findings make a household a suspected missed (漏纳) one:
// income below the line, before or after rigid expenditure (I2-01, I2-02), on 低保 or 特困 and
// below the line (体外循环, I2-03), or a basic need unmet (I2-04), and not monitored.
var MissedRules = []string{"I2-01", "I2-02", "I2-03", "I2-04"}

// The rules behind the other parts of indicator 2 (docs/scorecard.md).
var (
	// NoMeasureRules: an unresolved monitored household without measures, without a
	// development-type one while it has labour, with only 综合保障, or with only token ones.
	NoMeasureRules = []string{"I2-05", "I2-06", "I2-07", "I2-28"}
	// EliminationRules: a risk eliminated too soon after identification, while income is still
	// below the line, for a household without labour, "through assistance" with none, or while
	// a basic need is still unmet.
	EliminationRules = []string{"I2-13", "I2-14", "I2-15", "I2-22", "I2-29"}
	// MismatchRules: a risk without the measure that answers it, or a need the measures miss.
	MismatchRules = []string{"I2-08", "I2-09", "I2-10", "I2-11", "I2-12", "I2-27"}
	// UnscoredRules are the rules of indicator 2 that score in no part: risk types the
	// household's facts contradict or that lack an explanation (I2-16 to I2-21, I2-30), and
	// records (兜底 not marked, a development measure not yet carried out, 雨露计划, the
	// insurance subsidy's dates: I2-23 to I2-26, I2-31), and a department's list naming a
	// family that is not monitored (I2-32), a signal to verify at the door rather than a
	// measured shortfall. They are findings to fix; an
	// evaluator counts none of them in the indicator's rates. Every rule of indicator 2 is in
	// one part or here (TestEveryRuleOfIndicator2IsPlaced).
	UnscoredRules = []string{"I2-16", "I2-17", "I2-18", "I2-19", "I2-20", "I2-21", "I2-23", "I2-24", "I2-25", "I2-26",
		"I2-30", "I2-31", "I2-32"}
)

// The object rules whose open findings put an object in the numerator of the parts of
// indicators 3, 6 and 7 that the domains count (docs/scorecard.md).
var (
	// SiteRules: a site's facility without custodian or funding, nobody keeping it clean.
	SiteRules = []string{"I3-04", "I3-05"}
	// PostRules: one person on several departments' posts, a holder working out of the
	// province, pay unpaid.
	PostRules = []string{"I6-17", "I6-20", "I6-21"}
	// WorkshopRules: a workshop stopped or shrinking, or counting people who work elsewhere.
	WorkshopRules = []string{"I6-22", "I6-23"}
	// FamilyRules: a low-income family not followed up after a hospital stay, or whose
	// records are a quarter old.
	FamilyRules = []string{"I7-12", "I7-13"}
	// LoanRules: an overdue loan.
	LoanRules = []string{"I7-16"}
	// FollowUpRules: a relocated household without follow-up support, whose fixing adds to
	// the coverage.
	FollowUpRules = []string{"I3-03"}
	// EmployRules: an able target person without a job, whose fixing adds to the employed.
	EmployRules = []string{"I6-10"}
)

// SupportRules are the rules whose open findings keep a household out of the numerator of
// indicator 4's parts, by part: closing them is what raises the part (docs/scorecard.md). The
// attendance part's rules judge work-team members, never a household.
var SupportRules = map[string][]string{"visits": {"I4-03"}, "helpers": {"I4-01", "I4-02"}, "attendance": {"I4-09"}}

// Measures are the rates of data quality (0, not scored) and the ten indicators, by indicator.
var Measures = func() [11]Measure {
	var ms [11]Measure
	for i := 0; i <= 10; i++ {
		name, unit := policy.ScoreRate(i)
		ms[i] = Measure{Indicator: i, Title: rules.IndicatorTitles[i], Rate: name, Unit: Unit(unit)}
	}
	ms[0].Rate, ms[0].Unit = "存在数据质量问题的户", PerMille
	for _, i := range []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10} {
		ms[i].HasData = true
	}
	of := map[int]store.Population{0: store.PopAll, 1: store.PopTarget, 3: store.PopRelocated,
		4: store.PopAll, 5: store.PopAll, 6: store.PopAll, 7: store.PopAll, 8: store.PopAll, 9: store.PopAll, 10: store.PopAll}
	for i := range ms {
		m := &ms[i]
		if parts := policy.ScoreParts(i); len(parts) > 0 {
			for _, p := range parts {
				m.Parts = append(m.Parts, Part{Key: p.Key, Title: p.Title, Rate: p.Rate, Unit: Unit(p.Unit),
					Share: p.Share, Target: p.Target, Floor: p.Floor})
			}
			continue
		}
		m.Parts = []Part{{Title: m.Title, Rate: m.Rate, Unit: m.Unit, Of: of[i]}}
		if i > 0 {
			m.Parts[0].Target, m.Parts[0].Floor = policy.ScoreTarget(i), policy.ScoreFloor(i)
		}
	}
	parts2 := map[string]struct {
		rules []string
		of    store.Population
	}{
		"missed":      {MissedRules, store.PopMissed},
		"no_measure":  {NoMeasureRules, store.PopUnresolved},
		"elimination": {EliminationRules, store.PopEliminated},
		"mismatch":    {MismatchRules, store.PopMonitored},
	}
	for k := range ms[2].Parts {
		p := &ms[2].Parts[k]
		p.Rules, p.Of = parts2[p.Key].rules, parts2[p.Key].of
	}
	// Indicator 10's rates are the recognition domain's own: satisfaction, knowing the
	// cadres, petitions handled in time (store.RecognitionCounter).
	for k := range ms[10].Parts {
		ms[10].Parts[k].Counter = store.RecognitionCounter{Part: ms[10].Parts[k].Key}
	}
	fundParts(&ms)
	// Indicators 3, 6 and 7: the households with an open finding of any of the indicator's
	// rules, and the rates of the domains' objects — sites, follow-up coverage, posts,
	// workshops, employment against last year, low-income families, loans — each counted by
	// its own store (docs/scorecard.md).
	// A counted part's Rules are those whose household findings, once fixed, move its rate (a
	// follow-up recorded, a person employed); the objects' rules have no household.
	counted := map[string]struct {
		c     store.VillageCounter
		rules []string
	}{
		"3/sites":      {store.SiteCounter(SiteRules), SiteRules},
		"3/followup":   {store.FollowUpCounter(), FollowUpRules},
		"6/posts":      {store.PostCounter(PostRules), PostRules},
		"6/workshops":  {store.WorkshopCounter(WorkshopRules), WorkshopRules},
		"6/employment": {store.EmploymentCounter(), EmployRules},
		"7/low_income": {store.FamilyCounter(FamilyRules), FamilyRules},
		"7/loans":      {store.LoanCounter(LoanRules), LoanRules},
	}
	for _, i := range []int{3, 6, 7} {
		for k := range ms[i].Parts {
			p := &ms[i].Parts[k]
			p.Of = of[i]
			if c, ok := counted[strconv.Itoa(i)+"/"+p.Key]; ok {
				p.Counter, p.Rules = c.c, c.rules
			}
		}
	}
	// Indicator 4's rates are the support domain's own: visits within the frequency, helpers in
	// post, the work teams' days in the village (store.SupportRate).
	for k := range ms[4].Parts {
		pt := &ms[4].Parts[k]
		pt.Counter, pt.Rules = store.SupportRate{Rate: pt.Key}, SupportRules[pt.Key]
	}
	return ms
}()

// Spec is what a refresh counts: every part of every indicator with data.
var Spec = func() store.ScoreSpec {
	spec := store.ScoreSpec{TargetKinds: TargetKinds}
	for _, m := range Measures {
		if !m.HasData {
			continue
		}
		for _, p := range m.Parts {
			spec.Rates = append(spec.Rates, store.ScoreRate{Indicator: m.Indicator, Part: p.Key, Rules: p.Rules, Of: p.Of, Counter: p.Counter})
		}
	}
	return spec
}()

// PeriodOf returns the period a moment falls in: its month in China's time zone (UTC+8).
func PeriodOf(t time.Time) string {
	return t.In(time.FixedZone("CST", 8*3600)).Format("2006-01")
}

// PeriodYear returns the year of a period, whose parameters score it.
func PeriodYear(p string) int {
	t, err := time.Parse("2006-01", p)
	if err != nil {
		return 0
	}
	return t.Year()
}

// AddMonths returns the period n months after p (before it for negative n).
func AddMonths(p string, n int) string {
	t, err := time.Parse("2006-01", p)
	if err != nil {
		return p
	}
	return t.AddDate(0, n, 0).Format("2006-01")
}

// Rate returns num/den in the unit; ok is false when there is nothing to measure (den 0).
func Rate(num, den int, u Unit) (rate float64, ok bool) {
	if den <= 0 {
		return 0, false
	}
	f := float64(num) / float64(den)
	if u == PerMille {
		return f * 1000, true
	}
	return f * 100, true
}

// Points scores a rate out of weight: full marks at or beyond the target, zero at or beyond
// the floor, linear in between. A target below the floor means lower rates are better; a
// target equal to the floor gives full marks at the target or better and zero otherwise.
func Points(rate, target, floor, weight float64) float64 {
	if weight <= 0 {
		return 0
	}
	better := func(a, b float64) bool { // a is at least as good as b
		if target <= floor {
			return a <= b
		}
		return a >= b
	}
	switch {
	case better(rate, target):
		return weight
	case better(floor, rate):
		return 0
	}
	return weight * (rate - floor) / (target - floor)
}

// Config is the scoring configuration of one indicator, or one part of it, in force for a
// region and year. Share is a part's share of the indicator's weight, in %, as configured.
type Config struct {
	Weight, Target, Floor float64
	Share                 float64
}

// ConfigOf reads indicator i's configuration from the parameters: its weight, and the target
// and floor of its headline rate.
func ConfigOf(p *policy.Set, i int) Config {
	return Config{Weight: p.Num(policy.ScoreWeight(i)), Target: p.Num(policy.ScoreTarget(i)), Floor: p.Num(policy.ScoreFloor(i))}
}

// partConfig reads a part's target, floor and share (100 for a single part).
func partConfig(p *policy.Set, part Part) Config {
	c := Config{Target: p.Num(part.Target), Floor: p.Num(part.Floor), Share: 100}
	if part.Share != "" {
		c.Share = p.Num(part.Share)
	}
	return c
}
