// Package score computes the post-evaluation scorecard (DOMAIN.md section 6, "Indicator
// values"; section 7, 短板梳理 and 成果提升): for each region and period the measured rate
// behind each of the ten indicators, a score out of the indicator's weight (full marks at the
// target, linear to zero at the floor, both policy parameters per year), the total, the rank
// among sibling regions, the gap to full marks, the change since the last period, the
// comparison with a province average entered by users, and what closing the open findings
// would add.
//
// A period is a month, "YYYY-MM": the counts are refreshed after every full screening and the
// last refresh of a month stands for the month. The counts are stored (store.Scores); scores
// are computed when read, with the weights, targets and floors in force for the period's year.
//
// Indicators whose data gonggu does not hold (4 four-not-removed visits and helpers, 5 funds
// and assets, 8 industry, 10 satisfaction) are "暂无数据": they are not scored, and the total
// says how many indicators it counts. Indicator 7 is measured by the social-assistance rules
// over the registry (低保 and 特困 against their measures and payments).
package score

import (
	"time"

	"github.com/gonggu/gonggu/internal/policy"
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

// Measure describes the rate behind one indicator.
type Measure struct {
	Indicator int
	Title     string // the indicator's name
	Rate      string // what the rate measures, in Chinese
	Unit      Unit
	HasData   bool // whether gonggu computes it
}

// Measures are the rates of data quality (0, not scored) and the ten indicators, by indicator.
var Measures = func() [11]Measure {
	var ms [11]Measure
	for i := 0; i <= 10; i++ {
		name, unit := policy.ScoreRate(i)
		ms[i] = Measure{Indicator: i, Title: rules.IndicatorTitles[i], Rate: name, Unit: Unit(unit)}
	}
	ms[0].Rate, ms[0].Unit = "存在数据质量问题的户", PerMille
	for _, i := range []int{0, 1, 2, 3, 6, 7, 9} {
		ms[i].HasData = true
	}
	return ms
}()

// MissedRules are the rules whose open findings make a household a suspected missed (漏纳)
// one: income below the line, before or after rigid expenditure, and not monitored.
var MissedRules = []string{"I2-01", "I2-02"}

// Spec is what a refresh counts.
var Spec = store.ScoreSpec{
	PerHousehold: []int{0, 1, 6, 7, 9},
	Relocated:    []int{3},
	Missed:       2,
	MissedRules:  MissedRules,
}

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

// Config is the scoring configuration of one indicator in force for a region and year.
type Config struct {
	Weight, Target, Floor float64
}

// ConfigOf reads indicator i's configuration from the parameters.
func ConfigOf(p *policy.Set, i int) Config {
	return Config{Weight: p.Num(policy.ScoreWeight(i)), Target: p.Num(policy.ScoreTarget(i)), Floor: p.Num(policy.ScoreFloor(i))}
}
