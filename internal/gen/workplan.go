package gen

import (
	"context"
	"fmt"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/workplan"
)

// The work plans of a generated area (internal/workplan), county by county: the year's tasks
// of the bureau and its townships — most done with their evidence or under way in time, a few
// past their deadline (I4-31) — and the upper-level policies with the dates the city and the
// county issued their implementation plans, one or two not yet matched past the delay
// (I4-32). Written through the store, as the pages would; the same seed gives the same plans.

// WorkPlanConfig says what work plans to generate.
type WorkPlanConfig struct {
	Area region.Code
	Seed uint64
}

// WorkPlanStats counts what was generated.
type WorkPlanStats struct {
	Tasks, Done, Overdue, Policies, Unmatched int
}

// planTask is a task of the demo plans: its content, the unit that answers for it (a township
// when town), the indicators it serves, its deadline in days from today, and its status.
type planTask struct {
	title, unit string
	town        bool
	indicators  []int
	dueIn       int
	status      workplan.Status
	evidence    string
}

var planTasks = []planTask{
	{"制定年度巩固拓展脱贫攻坚成果工作要点", "县乡村振兴局", false, []int{4}, -270, workplan.Done, "县委农村工作领导小组会议审定印发，文件已归档"},
	{"开展防止返贫监测集中排查", "县乡村振兴局", false, []int{1, 2}, -30, workplan.Done, "排查农户全覆盖，新识别监测对象台账已归档"},
	{"衔接资金项目全部开工", "县财政局、县乡村振兴局", false, []int{5, 8}, -150, workplan.Done, "项目库项目全部开工，开工报告已归档"},
	{"全面排查住房安全和饮水安全", "县住建局、县水务局", false, []int{1}, -10, workplan.Doing, ""},
	{"脱贫劳动力务工就业规模不低于上年", "县人社局", false, []int{6}, 33, workplan.Doing, ""},
	{"完成扶贫项目资产确权登记", "县农业农村局", false, []int{5}, -20, workplan.NotStarted, ""},
	{"开展群众认可度入户调查", "县乡村振兴局", false, []int{10}, 20, workplan.Doing, ""},
	{"整理户档案和村级档案", "", true, []int{2, 4}, 15, workplan.Doing, ""},
	{"驻村工作队员在岗情况抽查", "", true, []int{4}, -5, workplan.Doing, ""},
	{"低收入人口常态化帮扶台账更新", "县民政局", false, []int{7}, 45, workplan.NotStarted, ""},
	{"易地搬迁安置点后续扶持设施管护落实", "县发改局", false, []int{3}, -60, workplan.Done, "安置点设施管护责任书已签订"},
	{"脱贫户收入监测数据核实", "县乡村振兴局", false, []int{9}, 30, workplan.Doing, ""},
}

var planPersons = []string{"王建国", "李红梅", "张志强", "刘文军", "陈晓燕", "杨永刚"}

// planPolicy is an upper-level policy of the demo: issued so many days ago, its city plan and
// its county plan issued so many days after it (-1: not yet).
type planPolicy struct {
	title, docNo string
	level        workplan.Level
	ago          int
	city, county int
}

var planPolicies = []planPolicy{
	{"关于做好2026年全面推进乡村振兴重点工作的意见", "中发〔2026〕1号", workplan.Central, 300, 60, 75},
	{"关于健全防止返贫动态监测和帮扶机制的实施意见", "省委办〔2026〕12号", workplan.Province, 240, 40, 70},
	{"巩固拓展脱贫攻坚成果后评估工作方案", "省乡振组〔2026〕5号", workplan.Province, 150, 30, -1},
	{"关于加强扶贫项目资产后续管理的指导意见", "省农办〔2026〕21号", workplan.Province, 60, -1, -1},
	{"全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接考核办法", "市委办〔2026〕8号", workplan.City, 200, 0, 110},
	{"关于进一步做好脱贫人口稳岗就业工作的通知", "市人社发〔2026〕17号", workplan.City, 130, 0, -1},
}

// FillWorkPlan generates the work plans of the counties of cfg.Area.
func FillWorkPlan(ctx context.Context, db *store.DB, tree *region.Tree, cfg WorkPlanConfig) (WorkPlanStats, error) {
	var st WorkPlanStats
	ctx = audit.WithActor(ctx, audit.Actor{Username: "demo"})
	ws := store.NewWorkPlans(db)
	today := ws.Today()
	day := func(n int) registry.Date { return registry.DateOf(today.Time().AddDate(0, 0, n)) }
	counties := tree.Descendants(cfg.Area, region.County)
	if cfg.Area.Level() == region.County {
		counties = []region.Region{{Code: cfg.Area, Level: region.County}}
	}
	for _, c := range counties {
		ps, err := store.NewParams(db).Resolve(ctx, c.Code, today.Time().Year())
		if err != nil {
			return st, err
		}
		delay := ps.Int(policy.PlanPolicyMatchDays)
		r := genRand(cfg.Seed, "workplan", string(c.Code))
		towns := tree.Children(c.Code)
		for i, pt := range planTasks {
			t := &workplan.Task{Region: c.Code, Year: today.Time().Year(), Title: pt.title, Unit: pt.unit, Indicators: pt.indicators,
				Person: planPersons[r.IntN(len(planPersons))], Deadline: day(pt.dueIn + r.IntN(3)), Status: pt.status, Evidence: pt.evidence}
			if pt.town && len(towns) > 0 {
				town := towns[(i+r.IntN(len(towns)))%len(towns)]
				t.Region, t.Unit = town.Code, town.Name+"人民政府"
			}
			if t.Status == workplan.Done {
				t.DoneOn = registry.DateOf(t.Deadline.Time().AddDate(0, 0, -r.IntN(10)))
				if t.DoneOn.Time().After(today.Time()) {
					t.DoneOn = today
				}
			}
			if err := ws.AddTask(ctx, t); err != nil {
				return st, fmt.Errorf("gen.workplan %s: %w", c.Code, err)
			}
			st.Tasks++
			switch {
			case t.Status == workplan.Done:
				st.Done++
			case t.Overdue(today):
				st.Overdue++
			}
		}
		for _, pp := range planPolicies {
			p := &workplan.Policy{County: c.Code, Title: pp.title, DocNo: pp.docNo, Level: pp.level, IssuedOn: day(-pp.ago)}
			for _, m := range []struct {
				l     workplan.Level
				after int
			}{{workplan.City, pp.city}, {workplan.County, pp.county}} {
				owed := false
				for _, o := range pp.level.Owed() {
					owed = owed || o == m.l
				}
				if owed && m.after >= 0 {
					// Issued a few days after the planned day, never after today.
					*p.Plan(m.l) = workplan.Match{IssuedOn: day(min(-pp.ago+m.after+r.IntN(5), 0)), Title: string(m.l) + "级贯彻落实实施方案"}
				}
			}
			if err := ws.SavePolicy(ctx, p); err != nil {
				return st, fmt.Errorf("gen.workplan %s: %w", c.Code, err)
			}
			st.Policies++
			if len(p.Unmatched(delay, today)) > 0 {
				st.Unmatched++
			}
		}
	}
	return st, nil
}
