// Package workplan holds the bureau's work plan and task list (工作计划和任务清单): the year's
// tasks, each with the unit and person who answer for it, a deadline, a status and the
// evidence of its completion, and the indicators (1–10) it serves — "清单化、闭环式管理": a
// task is closed only with its evidence; and the upper-level policies that the levels below
// must match with their own implementation plans (配套实施方案), each level's plan with the
// date it was issued. A task past its deadline and a policy not matched within the allowed
// delay (policy.PlanPolicyMatchDays) are findings.
package workplan

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The kinds of object the work-plan rules judge, stored as the findings' subject kind.
const (
	KindTask   = "plan_task"
	KindPolicy = "plan_policy"
)

// Status is where a task stands.
type Status string

// The statuses of a task.
const (
	NotStarted Status = "未开始"
	Doing      Status = "进行中"
	Done       Status = "已完成"
)

// Statuses lists the statuses in order.
var Statuses = []Status{NotStarted, Doing, Done}

// ParseStatus reads a status; the empty text is NotStarted.
func ParseStatus(s string) (Status, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return NotStarted, nil
	}
	if slices.Contains(Statuses, Status(s)) {
		return Status(s), nil
	}
	return "", errs.E(errs.Invalid, "任务状态「%s」无效（应为未开始、进行中或已完成）", s)
}

// Task is a task of a year's work plan.
type Task struct {
	County     region.Code
	ID         string
	Region     region.Code // the county, or the township or village the task belongs to
	Year       int
	Title      string
	Unit       string // 责任单位
	Person     string // 责任人
	Deadline   registry.Date
	Status     Status
	DoneOn     registry.Date // when it was completed
	Evidence   string        // 完成情况和佐证
	Indicators []int         // the post-evaluation indicators it serves, 1–10
	UpdatedBy  string
	UpdatedAt  time.Time
}

// The lengths of a task's texts, in characters.
const (
	maxTitle    = 200
	maxUnit     = 100
	maxPerson   = 50
	maxEvidence = 1000
)

func tooLong(what, s string, n int) error {
	if utf8.RuneCountInString(s) > n {
		return errs.E(errs.Invalid, "%s超过 %d 个字", what, n)
	}
	return nil
}

// Validate checks a task and tidies its texts and indicators.
func (t *Task) Validate() error {
	t.Title, t.Unit, t.Person, t.Evidence = strings.TrimSpace(t.Title), strings.TrimSpace(t.Unit), strings.TrimSpace(t.Person),
		strings.TrimSpace(t.Evidence)
	switch {
	case t.Title == "":
		return errs.E(errs.Invalid, "请填写任务内容")
	case t.Unit == "":
		return errs.E(errs.Invalid, "请填写责任单位")
	case t.Deadline.IsZero():
		return errs.E(errs.Invalid, "请填写完成时限")
	case t.Year < 2000 || t.Year > 2100:
		return errs.E(errs.Invalid, "计划年度「%d」无效", t.Year)
	case t.Region.Level() < region.County:
		return errs.E(errs.Invalid, "任务须属于一个县（或其乡镇、村）")
	}
	for _, c := range []struct {
		what, s string
		n       int
	}{{"任务内容", t.Title, maxTitle}, {"责任单位", t.Unit, maxUnit}, {"责任人", t.Person, maxPerson}, {"完成情况", t.Evidence, maxEvidence}} {
		if err := tooLong(c.what, c.s, c.n); err != nil {
			return err
		}
	}
	if _, err := ParseStatus(string(t.Status)); err != nil {
		return err
	}
	if t.Status == "" {
		t.Status = NotStarted
	}
	if t.Status == Done && t.Evidence == "" {
		return errs.E(errs.Invalid, "任务标为已完成时须填写完成情况和佐证（闭环管理）")
	}
	if t.Status != Done {
		t.DoneOn = registry.Date{}
	}
	if len(t.Indicators) == 0 {
		return errs.E(errs.Invalid, "请选择任务服务的后评估指标（1–10）")
	}
	for _, i := range t.Indicators {
		if i < 1 || i > 10 {
			return errs.E(errs.Invalid, "指标「%d」无效（应为 1–10）", i)
		}
	}
	slices.Sort(t.Indicators)
	t.Indicators = slices.Compact(t.Indicators)
	return nil
}

// Overdue reports whether the task is not done and its deadline has passed on the day.
func (t *Task) Overdue(today registry.Date) bool {
	return t.Status != Done && t.Deadline.Before(today)
}

// Serves reports whether the task serves the indicator.
func (t *Task) Serves(indicator int) bool { return slices.Contains(t.Indicators, indicator) }

// ParseIndicators reads indicators written as "1,4、6" or one per form value.
func ParseIndicators(values ...string) ([]int, error) {
	var out []int
	for _, v := range values {
		for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' }) {
			n, err := strconv.Atoi(f)
			if err != nil || n < 1 || n > 10 {
				return nil, errs.E(errs.Invalid, "指标「%s」无效（应为 1–10）", f)
			}
			out = append(out, n)
		}
	}
	return out, nil
}

// Level is the level that issues a policy or plan.
type Level string

// The levels.
const (
	Central  Level = "中央"
	Province Level = "省"
	City     Level = "市"
	County   Level = "县"
)

// Levels lists the levels that issue the policies to match, from the top.
var Levels = []Level{Central, Province, City}

// Owed returns the levels below that must issue their own implementation plan of a policy
// issued at l: the city and the county below the centre or the province, the county below the
// city.
func (l Level) Owed() []Level {
	switch l {
	case Central, Province:
		return []Level{City, County}
	case City:
		return []Level{County}
	}
	return nil
}

// Match is a level's implementation plan of a policy.
type Match struct {
	IssuedOn registry.Date // zero while not issued
	Title    string        // its title and number
}

// Policy is an upper-level policy and the implementation plans of the levels below, as one
// county keeps it.
type Policy struct {
	County     region.Code
	ID         string
	Title      string
	DocNo      string // 文号
	Level      Level
	IssuedOn   registry.Date
	CityPlan   Match
	CountyPlan Match
	UpdatedBy  string
	UpdatedAt  time.Time
}

// Plan returns the plan of the level (City or County).
func (p *Policy) Plan(l Level) *Match {
	if l == City {
		return &p.CityPlan
	}
	return &p.CountyPlan
}

// Validate checks a policy and tidies its texts.
func (p *Policy) Validate() error {
	p.Title, p.DocNo = strings.TrimSpace(p.Title), strings.TrimSpace(p.DocNo)
	p.CityPlan.Title, p.CountyPlan.Title = strings.TrimSpace(p.CityPlan.Title), strings.TrimSpace(p.CountyPlan.Title)
	switch {
	case p.Title == "":
		return errs.E(errs.Invalid, "请填写政策文件名称")
	case !slices.Contains(Levels, p.Level):
		return errs.E(errs.Invalid, "印发层级「%s」无效（应为中央、省或市）", p.Level)
	case p.IssuedOn.IsZero():
		return errs.E(errs.Invalid, "请填写政策印发日期")
	}
	for _, c := range []struct {
		what, s string
		n       int
	}{{"政策文件名称", p.Title, maxTitle}, {"文号", p.DocNo, maxUnit}, {"市级方案名称", p.CityPlan.Title, maxTitle},
		{"县级方案名称", p.CountyPlan.Title, maxTitle}} {
		if err := tooLong(c.what, c.s, c.n); err != nil {
			return err
		}
	}
	for _, l := range []Level{City, County} {
		m := p.Plan(l)
		if !slices.Contains(p.Level.Owed(), l) {
			if !m.IssuedOn.IsZero() || m.Title != "" {
				return errs.E(errs.Invalid, "%s级印发的政策不需要%s级配套方案", p.Level, l)
			}
			continue
		}
		if !m.IssuedOn.IsZero() && m.IssuedOn.Before(p.IssuedOn) {
			return errs.E(errs.Invalid, "%s级配套方案的印发日期 %s 早于政策印发日期 %s", l, m.IssuedOn, p.IssuedOn)
		}
		if m.IssuedOn.IsZero() && m.Title != "" {
			return errs.E(errs.Invalid, "请填写%s级配套方案的印发日期", l)
		}
	}
	return nil
}

// Due returns the last day the levels below may issue their plans: days after the policy.
func (p *Policy) Due(days int) registry.Date {
	return registry.DateOf(p.IssuedOn.Time().AddDate(0, 0, days))
}

// Unmatched returns the levels that owe a plan of the policy, have not issued it, and are past
// the allowed delay on the day.
func (p *Policy) Unmatched(days int, today registry.Date) []Level {
	var out []Level
	due := p.Due(days)
	for _, l := range p.Level.Owed() {
		if p.Plan(l).IssuedOn.IsZero() && due.Before(today) {
			out = append(out, l)
		}
	}
	return out
}

// TaskObject is a task as the rules judge it (rules.Object).
type TaskObject struct{ Task }

// Kind returns KindTask.
func (o *TaskObject) Kind() string { return KindTask }

// ID returns the task's id.
func (o *TaskObject) ID() string { return o.Task.ID }

// Region returns the task's region.
func (o *TaskObject) Region() region.Code { return o.Task.Region }

// Label names the task: 工作任务「…」.
func (o *TaskObject) Label() string { return "工作任务「" + clip(o.Title, 40) + "」" }

// PolicyObject is a policy as the rules judge it (rules.Object).
type PolicyObject struct{ Policy }

// Kind returns KindPolicy.
func (o *PolicyObject) Kind() string { return KindPolicy }

// ID returns the policy's id.
func (o *PolicyObject) ID() string { return o.Policy.ID }

// Region returns the county that keeps the policy.
func (o *PolicyObject) Region() region.Code { return o.County }

// Label names the policy: 上级政策「…」.
func (o *PolicyObject) Label() string {
	return string(o.Level) + "级政策「" + clip(o.Title, 40) + "」"
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
