package rules

import (
	"time"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/workplan"
)

// Indicator 4, responsibility (责任不摘、政策不摘): the bureau's work plan is managed as a list with
// closed loops — every task done by its deadline, with its evidence — and every upper-level
// policy is matched by the city's and the county's own implementation plans within the
// allowed delay. Each rule judges one task or policy (internal/workplan) at the screening's
// reference date.
var _ = registerObjects(
	&ObjectRule{
		ID: "I4-31", Indicator: 4, Severity: Medium, Kind: workplan.KindTask,
		Title:   "工作任务逾期未完成",
		Explain: "%s（责任单位：%s%s）时限 %s，至今%s，已逾期 %d 天",
		Basis: "巩固脱贫成果后评估查责任落实：年度工作计划要清单化、闭环式管理，每项任务明确责任单位、责任人和完成时限，按期完成并留存佐证；" +
			"任务以工作计划中登记的时限和状态为准，标为已完成须填写完成情况",
		Fix: "责任单位说明逾期原因，倒排工期尽快完成，完成后在工作计划中把任务标为已完成并填写完成情况和佐证；确需调整时限的，经局务会研究后修改并说明",
		Cases: []ObjectCase{
			{Desc: "时限是今天（11 月 28 日），进行中", Object: taskCase(taskDue(11, 28))},
			{Desc: "时限是昨天（11 月 27 日），进行中", Object: taskCase(taskDue(11, 27)), Fires: true},
			{Desc: "时限 10 月 31 日，未开始", Object: taskCase(taskDue(10, 31), taskStatus(workplan.NotStarted)), Fires: true},
			{Desc: "时限 10 月 31 日，11 月 20 日已完成（逾期完成，不再是问题）", Object: taskCase(taskDue(10, 31), taskStatus(workplan.Done))},
		},
		Check: func(c *Context, o Object, emit Emit) {
			t := &o.(*workplan.TaskObject).Task
			if !t.Overdue(c.Ref) {
				return
			}
			person := ""
			if t.Person != "" {
				person = "，责任人：" + t.Person
			}
			days := int(c.Ref.Time().Sub(t.Deadline.Time()).Hours() / 24)
			emit(t.ID, o.Label(), t.Unit, person, t.Deadline.String(), string(t.Status), days)
		},
	},
	&ObjectRule{
		ID: "I4-32", Indicator: 4, Severity: Medium, Kind: workplan.KindPolicy,
		Title:   "上级政策未按期出台配套实施方案",
		Explain: "%s于 %s 印发，%s级至今未出台配套实施方案，已超过期限 %s",
		Params:  []policy.Name{policy.PlanPolicyMatchDays},
		Basis: "上级出台巩固拓展脱贫攻坚成果的政策后，市、县两级应结合实际及时出台具体实施方案（后评估查政策落实：“市县两级的具体实施方案仍在研究”是常见问题）；" +
			"期限是本省的工作要求（默认印发后 90 天），已出台的以登记的印发日期为准",
		Fix: "由牵头部门抓紧起草配套实施方案，按程序审定印发，并在工作计划的政策配套表中登记方案名称、文号和印发日期；市级方案未出台的，由县里报告并跟进",
		Cases: []ObjectCase{
			{Desc: "省级政策 8 月 30 日印发，今天（11 月 28 日）是第 90 天，市县都未出台", Object: policyCase(workplan.Province, 8, 30)},
			{Desc: "省级政策 8 月 29 日印发，第 91 天，市县都未出台", Object: policyCase(workplan.Province, 8, 29), Fires: true},
			{Desc: "省级政策 3 月 1 日印发，市、县都已出台", Object: policyCase(workplan.Province, 3, 1, policyPlan(workplan.City, 4, 1), policyPlan(workplan.County, 5, 1))},
			{Desc: "省级政策 3 月 1 日印发，市已出台，县未出台", Object: policyCase(workplan.Province, 3, 1, policyPlan(workplan.City, 4, 1)), Fires: true},
			{Desc: "市级政策 3 月 1 日印发，县 11 月才出台（晚了，但已出台）", Object: policyCase(workplan.City, 3, 1, policyPlan(workplan.County, 11, 1))},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := &o.(*workplan.PolicyObject).Policy
			days := c.P.Int(policy.PlanPolicyMatchDays)
			if levels := p.Unmatched(days, c.Ref); len(levels) > 0 {
				names := make([]string, len(levels))
				for i, l := range levels {
					names[i] = string(l)
				}
				emit(p.ID, o.Label(), p.IssuedOn.String(), joinCN(names), p.Due(days).String())
			}
		},
	},
)

// taskCase is a task of the county's plan, in progress, changed by the options.
func taskCase(opts ...func(*workplan.Task)) func() Object {
	return func() Object {
		t := workplan.Task{County: "621121000000", ID: "RW01", Region: "621121000000", Year: 2026, Title: "完成全县监测对象集中排查",
			Unit: "县乡村振兴局", Person: "王局长", Deadline: registry.NewDate(2026, 11, 28), Status: workplan.Doing, Indicators: []int{2}}
		for _, o := range opts {
			o(&t)
		}
		return &workplan.TaskObject{Task: t}
	}
}

func taskDue(m, d int) func(*workplan.Task) {
	return func(t *workplan.Task) { t.Deadline = planDay(m, d) }
}

func taskStatus(s workplan.Status) func(*workplan.Task) {
	return func(t *workplan.Task) {
		t.Status = s
		if s == workplan.Done {
			t.DoneOn, t.Evidence = planDay(11, 20), "排查台账已归档"
		}
	}
}

// policyCase is a policy of the level issued on the day of 2026, with no plan below yet.
func policyCase(l workplan.Level, m, d int, opts ...func(*workplan.Policy)) func() Object {
	return func() Object {
		p := workplan.Policy{County: "621121000000", ID: "ZC01", Title: "关于做好2026年巩固拓展脱贫攻坚成果工作的实施意见", Level: l, IssuedOn: planDay(m, d)}
		for _, o := range opts {
			o(&p)
		}
		return &workplan.PolicyObject{Policy: p}
	}
}

func policyPlan(l workplan.Level, m, d int) func(*workplan.Policy) {
	return func(p *workplan.Policy) {
		*p.Plan(l) = workplan.Match{IssuedOn: planDay(m, d), Title: string(l) + "级实施方案"}
	}
}

func planDay(m, d int) registry.Date { return registry.NewDate(2026, time.Month(m), d) }
