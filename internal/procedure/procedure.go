// Package procedure is the monitoring procedure (监测对象识别和风险消除程序, DOMAIN.md sections 4
// and 6, indicator 2): how a household becomes a monitoring object (识别纳入) and how its risk is
// declared eliminated (风险消除). Either starts from a lead (线索) — a rule's finding, a
// department's list, a visit, the household's own application by phone or in person — and
// walks the same six steps in order: 入户核实 → 村级民主评议 → 村内公示 → 乡镇审核 → 县级审定 →
// 录入全国系统. Each step records who did it, on which day, and a note of its evidence.
//
// The deadlines come from the parameters (internal/policy): the visit within proc_visit_days of
// the lead, identification (the county's decision) within ident_deadline_days of the lead, the
// notice posted for at least proc_notice_days, the township's review within
// proc_township_days after the notice ends, the entry into the national system within
// proc_entry_days of the county's decision. A risk elimination may only start once the
// household's income has been stable for elim_stable_income_months, and elim_min_months after it
// was identified.
//
// The package holds the types, their validation and the deadlines; it reads no database (the
// SQL is internal/store/procedure.go).
package procedure

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// KindObject is the kind of object the procedure rules judge, stored as the findings' subject
// kind.
const KindObject = "monitoring_procedure"

// Kind is what a procedure decides.
type Kind string

// The kinds of procedure.
const (
	Identify  Kind = "identify"  // 识别纳入
	Eliminate Kind = "eliminate" // 风险消除
)

// Kinds lists the kinds in the order forms show them.
var Kinds = []Kind{Identify, Eliminate}

// Label names the kind in Chinese.
func (k Kind) Label() string {
	switch k {
	case Identify:
		return "识别纳入"
	case Eliminate:
		return "风险消除"
	}
	return string(k)
}

// ParseKind reads a kind from a form.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s || k.Label() == s {
			return k, nil
		}
	}
	return "", errs.E(errs.Invalid, "程序类型应为识别纳入或风险消除")
}

// Sources are where a lead comes from (线索来源).
var Sources = []string{"规则预警", "部门数据比对", "入户走访发现", "农户电话申请", "农户当面申请"}

// Step is one step of the procedure, in order.
type Step int

// The steps, in the order they must be recorded.
const (
	Visit    Step = iota // 入户核实
	Review               // 村级民主评议
	Notice               // 村内公示
	Township             // 乡镇审核
	County               // 县级审定
	Entry                // 录入全国系统
	NumSteps
)

var stepNames = [NumSteps]string{"入户核实", "村级民主评议", "村内公示", "乡镇审核", "县级审定", "录入全国系统"}

// Name returns the step's Chinese name.
func (s Step) Name() string {
	if s < 0 || s >= NumSteps {
		return "未知步骤"
	}
	return stepNames[s]
}

// Steps lists the steps in order.
func Steps() []Step {
	out := make([]Step, NumSteps)
	for i := range out {
		out[i] = Step(i)
	}
	return out
}

// Limits of the texts, in characters.
const (
	MaxBy   = 50
	MaxNote = 500
)

// Record is a step as it was done.
type Record struct {
	Step  Step
	On    registry.Date // the day it was done; for the notice the day it was posted
	Until registry.Date // the notice only: its last day (inclusive)
	By    string        // who did it: a person or a unit
	Note  string        // the evidence: what was checked, the meeting's votes, where the notice hung …
	// RecordedBy and Recorded are who entered the record into gonggu, and when.
	RecordedBy string
	Recorded   time.Time
}

// End is the day the step ended: the notice's last day, the day of any other step.
func (r *Record) End() registry.Date {
	if r.Step == Notice && !r.Until.IsZero() {
		return r.Until
	}
	return r.On
}

// State is where a procedure stands.
type State string

// The states of a procedure.
const (
	Open   State = "open"   // steps remain
	Done   State = "done"   // every step recorded
	Closed State = "closed" // ended early: the household did not qualify
)

// Label names the state in Chinese.
func (s State) Label() string {
	switch s {
	case Open:
		return "办理中"
	case Done:
		return "已办结"
	case Closed:
		return "已终止"
	}
	return string(s)
}

// Procedure is one household's identification or risk elimination.
type Procedure struct {
	ID          string
	County      region.Code
	Village     region.Code
	HouseholdNo string
	Kind        Kind
	// Category is the monitoring category: the one proposed (identification) or the one the
	// household has (elimination); the notice shows it.
	Category string
	Way      string // elimination only: 帮扶消除 or 自然消除, or "" while undecided
	Source   string // one of Sources
	LeadOn   registry.Date
	LeadNote string
	// StableSince is, for an elimination, the first month of the stable income the household
	// has had since; the procedure may start after elim_stable_income_months of it.
	StableSince registry.Date
	Steps       []Record // the steps recorded, in order
	ClosedOn    registry.Date
	CloseReason string
	CreatedBy   string
	Created     time.Time
	Updated     time.Time
}

// State returns where the procedure stands.
func (p *Procedure) State() State {
	switch {
	case !p.ClosedOn.IsZero():
		return Closed
	case len(p.Steps) >= int(NumSteps):
		return Done
	}
	return Open
}

// Next returns the step to record next, and false when none is left (done or closed).
func (p *Procedure) Next() (Step, bool) {
	if p.State() != Open {
		return 0, false
	}
	return Step(len(p.Steps)), true
}

// Record returns the record of a step, or nil when it has not been recorded.
func (p *Procedure) Record(s Step) *Record {
	if s < 0 || int(s) >= len(p.Steps) {
		return nil
	}
	return &p.Steps[s]
}

// last returns the day the procedure last moved: the end of its last step, or its lead.
func (p *Procedure) last() registry.Date {
	if n := len(p.Steps); n > 0 {
		return p.Steps[n-1].End()
	}
	return p.LeadOn
}

// AddDays returns the day n days after d.
func AddDays(d registry.Date, n int) registry.Date { return registry.DateOf(d.Time().AddDate(0, 0, n)) }

// AddMonths returns the day n months after d.
func AddMonths(d registry.Date, n int) registry.Date {
	return registry.DateOf(d.Time().AddDate(0, n, 0))
}

// Days returns the days from a to b (negative when b is before a).
func Days(a, b registry.Date) int { return int(b.Time().Sub(a.Time()).Hours()/24 + 0.5) }

// StartFrom returns the first day a risk elimination may start (its lead) when the income has
// been stable since the day given.
func StartFrom(ps *policy.Set, stableSince registry.Date) registry.Date {
	return AddMonths(stableSince, ps.Int(policy.StableIncomeMonths))
}

// Validate checks a procedure as it is started, at today: the kind, the category, the lead,
// and for an elimination the observation of stable income before it.
func (p *Procedure) Validate(ps *policy.Set, today registry.Date) error {
	if p.Kind != Identify && p.Kind != Eliminate {
		return errs.E(errs.Invalid, "程序类型应为识别纳入或风险消除")
	}
	if p.HouseholdNo == "" {
		return errs.E(errs.Invalid, "请填写户编号")
	}
	if !registry.In(registry.MonitoringCategories, p.Category) {
		return errs.E(errs.Invalid, "监测对象类别应为%s之一", strings.Join(registry.MonitoringCategories, "、"))
	}
	if !registry.In(Sources, p.Source) {
		return errs.E(errs.Invalid, "线索来源应为%s之一", strings.Join(Sources, "、"))
	}
	if p.LeadOn.IsZero() {
		return errs.E(errs.Invalid, "请填写发现线索的日期")
	}
	if today.Before(p.LeadOn) {
		return errs.E(errs.Invalid, "发现线索的日期 %s 晚于今天", p.LeadOn)
	}
	if err := checkText("线索情况", p.LeadNote, MaxNote); err != nil {
		return err
	}
	switch p.Kind {
	case Identify:
		if p.Way != "" || !p.StableSince.IsZero() {
			return errs.E(errs.Invalid, "识别纳入程序不填风险消除方式和收入稳定起始日期")
		}
	case Eliminate:
		if p.Way != "" && !registry.In(registry.EliminationWays, p.Way) {
			return errs.E(errs.Invalid, "风险消除方式应为%s之一", strings.Join(registry.EliminationWays, "、"))
		}
		if p.StableSince.IsZero() {
			return errs.E(errs.Invalid, "风险消除须填写收入稳定的起始日期")
		}
		if from := StartFrom(ps, p.StableSince); p.LeadOn.Before(from) {
			return errs.E(errs.Invalid, "收入自 %s 起稳定，须观察满 %d 个月（%s 起）才能启动风险消除程序",
				p.StableSince, ps.Int(policy.StableIncomeMonths), from)
		}
	}
	return nil
}

// CheckIdentified checks that a risk elimination starts no earlier than elim_min_months after
// the household was identified (识别监测时间, a month): counted from the first day of that
// month, since the registry keeps no day. A household whose month is not recorded is not held.
func (p *Procedure) CheckIdentified(ps *policy.Set, identified registry.Month) error {
	if p.Kind != Eliminate || identified.IsZero() {
		return nil
	}
	n := ps.Int(policy.ElimMinMonths)
	if from := AddMonths(identified.First(), n); p.LeadOn.Before(from) {
		return errs.E(errs.Invalid, "该户 %s 纳入监测，须满 %d 个月（%s 起）才能启动风险消除程序", identified, n, from)
	}
	return nil
}

// CheckRecord checks that r may be recorded next at today: it is the next step, it is done no
// earlier than the step before it ended (the lead for the visit) and not after today, the
// notice ran for the statutory days, and the text fits.
func (p *Procedure) CheckRecord(ps *policy.Set, r Record, today registry.Date) error {
	next, ok := p.Next()
	if !ok {
		return errs.E(errs.Conflict, "该程序%s，不能再登记步骤", p.State().Label())
	}
	if r.Step != next {
		if r.Step < next {
			return errs.E(errs.Conflict, "「%s」已登记", r.Step.Name())
		}
		return errs.E(errs.Invalid, "请先登记「%s」，再登记「%s」", next.Name(), r.Step.Name())
	}
	if r.On.IsZero() {
		return errs.E(errs.Invalid, "请填写「%s」的日期", r.Step.Name())
	}
	if today.Before(r.On) {
		return errs.E(errs.Invalid, "「%s」的日期 %s 晚于今天", r.Step.Name(), r.On)
	}
	prev, what := p.LeadOn, "发现线索"
	if n := len(p.Steps); n > 0 {
		prev, what = p.Steps[n-1].End(), "「"+p.Steps[n-1].Step.Name()+"」"
	}
	if r.On.Before(prev) {
		return errs.E(errs.Invalid, "「%s」的日期 %s 早于%s的日期 %s", r.Step.Name(), r.On, what, prev)
	}
	if next == Township && !prev.Before(r.On) {
		return errs.E(errs.Invalid, "公示 %s 期满，乡镇审核应在公示期满之后（%s 起）", prev, AddDays(prev, 1))
	}
	if next == Notice {
		if r.Until.IsZero() {
			return errs.E(errs.Invalid, "请填写公示的截止日期")
		}
		n := ps.Int(policy.NoticeDays)
		if got := Days(r.On, r.Until) + 1; got < n {
			return errs.E(errs.Invalid, "公示期 %s 至 %s 只有 %d 天，不得少于 %d 天（%s 之前不能结束）", r.On, r.Until, max(got, 0), n, AddDays(r.On, n-1))
		}
	} else if !r.Until.IsZero() {
		return errs.E(errs.Invalid, "只有村内公示填写截止日期")
	}
	if strings.TrimSpace(r.By) == "" {
		return errs.E(errs.Invalid, "请填写「%s」的经办人或单位", r.Step.Name())
	}
	if err := checkText("经办人或单位", r.By, MaxBy); err != nil {
		return err
	}
	return checkText("佐证说明", r.Note, MaxNote)
}

// CheckClose checks that the procedure may be ended early at day on, with the reason.
func (p *Procedure) CheckClose(on registry.Date, reason string, today registry.Date) error {
	if p.State() != Open {
		return errs.E(errs.Conflict, "该程序%s，不能终止", p.State().Label())
	}
	if strings.TrimSpace(reason) == "" {
		return errs.E(errs.Invalid, "请填写终止的理由（如入户核实不符合纳入条件、民主评议未通过）")
	}
	if err := checkText("终止理由", reason, MaxNote); err != nil {
		return err
	}
	if on.IsZero() || today.Before(on) {
		return errs.E(errs.Invalid, "终止日期应为今天或之前的日期")
	}
	if last := p.last(); on.Before(last) {
		return errs.E(errs.Invalid, "终止日期 %s 早于上一步的日期 %s", on, last)
	}
	return nil
}

func checkText(label, s string, n int) error {
	if utf8.RuneCountInString(s) > n {
		return errs.E(errs.Invalid, "%s不能超过 %d 个字", label, n)
	}
	if strings.ContainsAny(s, "\x00\r") {
		return errs.E(errs.Invalid, "%s含有无效字符", label)
	}
	return nil
}

// Due returns the deadline of a step, and false when the step has no deadline of its own or
// the step it counts from has not been recorded yet:
//   - 入户核实: proc_visit_days after the lead;
//   - 乡镇审核: proc_township_days after the notice's last day;
//   - 县级审定 of an identification: ident_deadline_days after the lead (the policy's 15 days
//     from the first lead to identification);
//   - 录入全国系统: proc_entry_days after the county's decision.
func (p *Procedure) Due(ps *policy.Set, s Step) (registry.Date, bool) {
	switch s {
	case Visit:
		return AddDays(p.LeadOn, ps.Int(policy.ProcVisitDays)), true
	case Township:
		if n := p.Record(Notice); n != nil {
			return AddDays(n.End(), ps.Int(policy.ProcTownshipDays)), true
		}
	case County:
		if p.Kind == Identify {
			return AddDays(p.LeadOn, ps.Int(policy.IdentDeadlineDays)), true
		}
	case Entry:
		if c := p.Record(County); c != nil {
			return AddDays(c.On, ps.Int(policy.ProcEntryDays)), true
		}
	}
	return registry.Date{}, false
}

// Late is a step not done by its deadline: still pending after it (Done zero), or done after
// it.
type Late struct {
	Step Step
	Due  registry.Date
	Done registry.Date
}

// Lateness returns the step's lateness at today, and false when it is in time: done on or
// before its deadline, or pending with the deadline today or later. A closed procedure owes
// nothing more.
func (p *Procedure) Lateness(ps *policy.Set, s Step, today registry.Date) (Late, bool) {
	due, ok := p.Due(ps, s)
	if !ok {
		return Late{}, false
	}
	if r := p.Record(s); r != nil {
		return Late{s, due, r.On}, due.Before(r.On)
	}
	if p.State() != Open {
		return Late{}, false
	}
	return Late{s, due, registry.Date{}}, due.Before(today)
}

// Overdue returns the steps still pending after their deadline at today: what the list of
// procedures marks.
func (p *Procedure) Overdue(ps *policy.Set, today registry.Date) []Late {
	var out []Late
	for s := Step(len(p.Steps)); s < NumSteps; s++ {
		if l, late := p.Lateness(ps, s, today); late {
			out = append(out, l)
		}
	}
	return out
}

// NoticeName masks a name as a public notice shows it: the middle character (of a name of two,
// the second; of a longer one, all but the first and the last) becomes ＊. A notice hangs in
// the village; the villagers know the household, the passer-by need not.
func NoticeName(name string) string {
	r := []rune(strings.TrimSpace(name))
	switch len(r) {
	case 0:
		return ""
	case 1:
		return string(r)
	case 2:
		return string(r[0]) + "＊"
	}
	return string(r[0]) + strings.Repeat("＊", len(r)-2) + string(r[len(r)-1])
}

// Object is a procedure as the object rules judge it.
type Object struct{ Procedure }

// Kind returns KindObject.
func (o *Object) Kind() string { return KindObject }

// ID returns the procedure's id.
func (o *Object) ID() string { return o.Procedure.ID }

// Region returns the household's village.
func (o *Object) Region() region.Code { return o.Village }

// Label names the procedure: 户「H1」的识别纳入程序.
func (o *Object) Label() string {
	return "户「" + o.HouseholdNo + "」的" + o.Procedure.Kind.Label() + "程序"
}
