package policy

import (
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
)

// The parameters of indicators 5 and 8 and of the fund performance evaluation (衔接资金绩效评价):
// the expenditure schedule (序时进度) and its tolerance, the deadlines of a project's steps, when
// an asset counts as idle and its income as undistributed, what a PV station must yield and how
// often it must be maintained, the words of a short-term handout (买苗发物), and the weights,
// targets and floors of the performance card's five parts. Every one is set per region and
// year like the others; IndustryShareMin and PVPostShareMin (policy.go) belong here too.
const (
	FundSchedule         Name = "fund_schedule"
	FundScheduleGap      Name = "fund_schedule_gap"
	IndustryShareDrop    Name = "fund_industry_drop_max"
	ProjectStartDays     Name = "project_start_days"
	ProjectLateDays      Name = "project_late_days"
	ProjectAcceptDays    Name = "project_accept_days"
	ProjectPayDays       Name = "project_pay_days"
	ProjectHandoutWords  Name = "project_handout_words"
	AssetIdleMonths      Name = "asset_idle_months"
	IncomeDistributeDays Name = "income_distribute_days"
	PVYieldMinPct        Name = "pv_yield_min_pct"
	PVMaintDays          Name = "pv_maint_days"
)

// fundDefaults are the defaults of the parameters above (DOMAIN.md section 5: the schedule is
// linear to 100 % in December; the 60-day acceptance and 30-day payment deadlines are the
// issue's; the others are reasonable defaults a county confirms).
var fundDefaults = []Param{
	{FundSchedule, "衔接资金序时进度：linear 为按月均匀到 12 月底 100%，或 12 个数（1–12 月末累计应支出的百分比，用逗号分隔）", "", Text, "linear", "default"},
	{FundScheduleGap, "衔接资金支出进度可低于序时进度的百分点", "个百分点", Number, "0", "default"},
	{IndustryShareDrop, "产业项目资金占比可低于上年的百分点", "个百分点", Number, "0", "default"},
	{ProjectStartDays, "项目批复后开工的期限", "天", Number, "60", "default"},
	{ProjectLateDays, "项目超过计划完工日期仍未完工的宽限", "天", Number, "30", "default"},
	{ProjectAcceptDays, "项目完工后组织验收的期限", "天", Number, "60", "policy"},
	{ProjectPayDays, "到户项目验收后资金发放到户的期限", "天", Number, "30", "policy"},
	{ProjectHandoutWords, "到户产业项目建设内容中视为“买苗发物”短期发放的词（用逗号或顿号分隔）", "", Text,
		"买苗,发苗,送苗,发放种苗,发放鸡苗,发放仔猪,发放羊只,发放牛犊,发放化肥,发放农资,发物,发放物资", "default"},
	{AssetIdleMonths, "经营性资产多少个月没有收益即视为闲置", "月", Number, "12", "default"},
	{IncomeDistributeDays, "资产和光伏电站收益到账后分配的期限", "天", Number, "180", "default"},
	{PVYieldMinPct, "光伏电站近 12 个月发电量占设计发电量的下限", "%", Number, "80", "default"},
	{PVMaintDays, "光伏电站两次运维（除草、除尘、清杂等）的最长间隔", "天", Number, "90", "default"},
}

// The fund performance evaluation (衔接资金绩效评价) scores a county out of 100 on five parts,
// each full marks at its target and zero at its floor like the scorecard's rates.
var perfParts = []struct {
	key, title, unit      string
	weight, target, floor string
}{
	{"expenditure", "资金支出进度（占序时进度）", "%", "30", "100", "80"},
	{"industry", "产业项目资金占比", "%", "20", "60", "50"},
	{"industry_change", "产业项目资金占比较上年下降的百分点（不降为 0）", "个百分点", "10", "0", "5"},
	{"completion", "到期项目完工率（计划完工日期已过的当年项目中已完工的比例）", "%", "20", "100", "80"},
	{"assets", "资产管理规范率（无闲置、未分配、无管护主体、未确权问题的资产占比）", "%", "20", "100", "80"},
}

// PerfPart is one part of the fund performance card, with the names of its parameters.
type PerfPart struct {
	Key, Title, Unit      string
	Weight, Target, Floor Name
}

// PerfParts returns the parts of the fund performance card.
func PerfParts() []PerfPart {
	out := make([]PerfPart, len(perfParts))
	for i, p := range perfParts {
		out[i] = PerfPart{Key: p.key, Title: p.title, Unit: p.unit, Weight: perfName(p.key, "weight"),
			Target: perfName(p.key, "target"), Floor: perfName(p.key, "floor")}
	}
	return out
}

func perfName(key, what string) Name { return Name("perf_" + key + "_" + what) }

func perfDefaults() []Param {
	var out []Param
	for _, p := range perfParts {
		out = append(out,
			Param{perfName(p.key, "weight"), "衔接资金绩效评价中“" + p.title + "”的分值", "分", Number, p.weight, "default"},
			Param{perfName(p.key, "target"), "衔接资金绩效评价中“" + p.title + "”得满分的值", p.unit, Number, p.target, "default"},
			Param{perfName(p.key, "floor"), "衔接资金绩效评价中“" + p.title + "”得零分的值", p.unit, Number, p.floor, "default"},
		)
	}
	return out
}

// validators check the text parameters of this file.
var validators = map[Name]func(string) error{
	FundSchedule: func(v string) error {
		_, err := ParseCurve(v)
		return err
	},
	ProjectHandoutWords: func(v string) error {
		if len(SplitList(v)) == 0 {
			return errs.E(errs.Invalid, "参数 %s 至少应有一个词", ProjectHandoutWords)
		}
		return nil
	},
}

// Curve is a cumulative schedule over the months of a year: At(m) is the share, in %, that
// should be reached by the end of month m (1–12); before January it is 0.
type Curve [13]float64

// ParseCurve reads a schedule: "linear" (or blank) for month/12 of 100 %, or twelve
// non-decreasing percentages from 0 to 100 separated by commas, 、 or spaces.
func ParseCurve(s string) (Curve, error) {
	var c Curve
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "linear") {
		for m := 1; m <= 12; m++ {
			c[m] = float64(m) * 100 / 12
		}
		return c, nil
	}
	f := SplitList(s)
	if len(f) != 12 {
		return c, errs.E(errs.Invalid, "序时进度应为 linear 或 12 个百分比（1–12 月末累计），而不是 %d 个值", len(f))
	}
	for i, x := range f {
		v, err := strconv.ParseFloat(strings.TrimSuffix(x, "%"), 64)
		if err != nil || v != v || v < 0 || v > 100 {
			return c, errs.E(errs.Invalid, "序时进度第 %d 个值「%s」应为 0 到 100 之间的百分比", i+1, x)
		}
		if v < c[i] {
			return c, errs.E(errs.Invalid, "序时进度第 %d 个值 %s 小于上月的 %s：累计进度不能下降", i+1, x, strconv.FormatFloat(c[i], 'f', -1, 64))
		}
		c[i+1] = v
	}
	return c, nil
}

// At returns the share due by the end of month m (0 for m < 1, the December share for m > 12).
func (c Curve) At(m int) float64 {
	switch {
	case m < 1:
		return 0
	case m > 12:
		return c[12]
	}
	return c[m]
}

// On returns the share due on a day of year: the previous month-end's share plus the month's
// step in proportion to the days of the month gone by (the whole step on its last day).
func (c Curve) On(year int, t time.Time) float64 {
	switch {
	case t.Year() < year:
		return 0
	case t.Year() > year:
		return c[12]
	}
	m := int(t.Month())
	days := time.Date(year, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return c[m-1] + (c[m]-c[m-1])*float64(t.Day())/float64(days)
}

// String writes the curve as the parameter holds it: twelve percentages.
func (c Curve) String() string {
	parts := make([]string, 12)
	for m := 1; m <= 12; m++ {
		parts[m-1] = strconv.FormatFloat(c[m], 'f', -1, 64)
	}
	return strings.Join(parts, ",")
}

// SplitList splits a list parameter on commas (half- and full-width), 、, semicolons and
// white space, dropping empty items.
func SplitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case ',', '，', '、', ';', '；', ' ', '\t', '\n', '\r':
			return true
		}
		return false
	})
}

// Curve returns a schedule parameter (Resolve validated it).
func (s *Set) Curve(n Name) Curve {
	c, err := ParseCurve(s.Text(n))
	if err != nil {
		c, _ = ParseCurve("linear")
	}
	return c
}

// List returns a list parameter's items.
func (s *Set) List(n Name) []string { return SplitList(s.Text(n)) }
