package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/workplan"
)

func TestWorkPlanStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Username: "tester"})
		st := store.NewWorkPlans(e.DB)
		county := villageA.County()
		if st.Today() != day(11, 28) {
			t.Fatalf("today %s", st.Today())
		}
		tasks := []*workplan.Task{
			{Region: county, Year: 2026, Title: "开展监测对象集中排查", Unit: "县乡村振兴局", Person: "王局长", Deadline: day(11, 27),
				Status: workplan.Doing, Indicators: []int{2}},
			{Region: villageA.Up(region.Township), Year: 2026, Title: "整理村级档案", Unit: "平襄镇", Deadline: day(12, 31),
				Indicators: []int{4, 2}},
			{Region: county, Year: 2026, Title: "衔接资金项目全部开工", Unit: "县财政局", Deadline: day(6, 30), Status: workplan.Done,
				Evidence: "开工 42 个，见项目库", Indicators: []int{5, 8}},
			{Region: villageC.County(), Year: 2026, Title: "安定区的任务", Unit: "区乡村振兴局", Deadline: day(3, 1), Indicators: []int{1}},
		}
		for _, tk := range tasks {
			if err := st.AddTask(ctx, tk); err != nil {
				t.Fatal(err)
			}
		}
		if tasks[2].DoneOn != day(11, 28) || tasks[0].County != county || tasks[1].County != county || tasks[1].Status != workplan.NotStarted {
			t.Errorf("added %+v %+v %+v", tasks[0], tasks[1], tasks[2])
		}
		if err := st.AddTask(ctx, &workplan.Task{Region: county, Year: 2026, Title: "无单位", Deadline: day(1, 1), Indicators: []int{1}}); !errs.Is(err, errs.Invalid) {
			t.Errorf("no unit: %v", err)
		}
		for _, c := range []struct {
			name string
			f    store.TaskFilter
			want int
		}{
			{"本县", store.TaskFilter{Scope: county}, 3},
			{"全市", store.TaskFilter{Scope: "621100000000"}, 4},
			{"乡镇", store.TaskFilter{Scope: villageA.Up(region.Township)}, 1},
			{"已完成", store.TaskFilter{Scope: county, Status: workplan.Done}, 1},
			{"指标 2", store.TaskFilter{Scope: county, Indicator: 2}, 2},
			{"逾期", store.TaskFilter{Scope: county, Overdue: true, Today: day(11, 28)}, 1},
			{"年度 2025", store.TaskFilter{Scope: county, Year: 2025}, 0},
		} {
			got, err := st.Tasks(ctx, c.f)
			if err != nil || len(got) != c.want {
				t.Errorf("%s: %d tasks, want %d (%v)", c.name, len(got), c.want, err)
			}
		}
		got, err := st.Task(ctx, county, tasks[0].ID)
		if err != nil || got.Title != tasks[0].Title || len(got.Indicators) != 1 || got.Deadline != day(11, 27) || got.UpdatedBy != "tester" {
			t.Fatalf("task %+v %v", got, err)
		}
		if _, err := st.Task(ctx, county, "nothing"); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown task: %v", err)
		}
		// Done without evidence is refused; with it, it gets today's date.
		got.Status = workplan.Done
		if err := st.UpdateTask(ctx, got); !errs.Is(err, errs.Invalid) {
			t.Errorf("done without evidence: %v", err)
		}
		got.Evidence = "排查 3,211 户，发现线索 12 条，台账已归档"
		if err := st.UpdateTask(ctx, got); err != nil {
			t.Fatal(err)
		}
		if err := st.UpdateTask(ctx, got); !errs.Is(err, errs.Conflict) {
			t.Errorf("unchanged: %v", err)
		}
		got, _ = st.Task(ctx, county, tasks[0].ID)
		if got.Status != workplan.Done || got.DoneOn != day(11, 28) {
			t.Errorf("updated %+v", got)
		}
		got.Region = villageC.County()
		if err := st.UpdateTask(ctx, got); !errs.Is(err, errs.Invalid) {
			t.Errorf("moved to another county: %v", err)
		}

		p := &workplan.Policy{County: county, Title: "关于做好2026年巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作的实施意见", DocNo: "甘发〔2026〕3号",
			Level: workplan.Province, IssuedOn: day(3, 1)}
		if err := st.SavePolicy(ctx, p); err != nil || p.ID == "" {
			t.Fatal(p.ID, err)
		}
		if err := st.SavePolicy(ctx, &workplan.Policy{County: villageA, Title: "x", Level: workplan.Province, IssuedOn: day(3, 1)}); !errs.Is(err, errs.Invalid) {
			t.Errorf("policy of a village: %v", err)
		}
		p.CityPlan = workplan.Match{IssuedOn: day(4, 15), Title: "定西市实施方案"}
		if err := st.SavePolicy(ctx, p); err != nil {
			t.Fatal(err)
		}
		back, err := st.Policy(ctx, county, p.ID)
		if err != nil || back.CityPlan.IssuedOn != day(4, 15) || !back.CountyPlan.IssuedOn.IsZero() || back.Level != workplan.Province {
			t.Fatalf("policy %+v %v", back, err)
		}
		for scope, want := range map[region.Code]int{county: 1, villageA: 1, "621100000000": 1, villageC.County(): 0} {
			list, err := st.Policies(ctx, scope)
			if err != nil || len(list) != want {
				t.Errorf("policies of %s: %d %v", scope, len(list), err)
			}
		}
		entries, err := store.NewAuditLog(e.DB).List(ctx, audit.Filter{Action: audit.PlanUpdate})
		if err != nil || len(entries) != 7 {
			t.Fatalf("audit %d %v", len(entries), err)
		}
		var details []string
		for _, en := range entries {
			details = append(details, en.Detail)
		}
		if all := strings.Join(details, "\n"); !strings.Contains(all, "市级方案「未出台」→「2026-04-15 定西市实施方案」") ||
			!strings.Contains(all, "状态「进行中」→「已完成」") {
			t.Errorf("audit details %s", all)
		}
	})
}
