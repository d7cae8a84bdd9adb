package cli

import (
	"context"
	"fmt"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/workplan"
)

// wireWorkPlan wires the work plan (internal/workplan) into the screening engine: each task
// and each upper-level policy a county keeps is an object its rules judge.
func wireWorkPlan(db *store.DB, e *screen.Engine) {
	e.Sources = append(e.Sources, WorkPlanSources(store.NewWorkPlans(db))...)
}

// WorkPlanSources are the object sources of the work plan over its store.
func WorkPlanSources(st *store.WorkPlans) []screen.ObjectSource {
	return []screen.ObjectSource{
		objectsOf(workplan.KindTask, func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
			return st.EachTask(ctx, county, scope, func(t *workplan.Task) error { return fn(&workplan.TaskObject{Task: *t}) })
		}),
		objectsOf(workplan.KindPolicy, func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
			if scope.Level() > region.County {
				return nil // a county's policies are judged with the county, not with one of its villages
			}
			list, err := st.Policies(ctx, county)
			if err != nil {
				return err
			}
			for _, p := range list {
				if err := fn(&workplan.PolicyObject{Policy: *p}); err != nil {
					return err
				}
			}
			return nil
		}),
	}
}

// fillWorkPlan fills the demo area's work plans: tasks done, under way and overdue, and the
// upper-level policies with their implementation plans, some not yet issued past the delay.
func fillWorkPlan(ctx context.Context, m *Main, db *store.DB, tree *region.Tree, area region.Code) error {
	st, err := gen.FillWorkPlan(ctx, db, tree, gen.WorkPlanConfig{Area: area, Seed: 1})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "已生成工作计划：任务 %d 项（已完成 %d 项，逾期 %d 项），上级政策 %d 件（配套方案逾期未出台 %d 件）。\n",
		st.Tasks, st.Done, st.Overdue, st.Policies, st.Unmatched)
	return nil
}
