package cli

import (
	"context"
	"fmt"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/procedure"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
)

// wireProcedure wires the monitoring procedure (internal/procedure) into the screening engine:
// each open or finished procedure is an object the rules of its deadlines judge.
func wireProcedure(db *store.DB, e *screen.Engine) {
	e.Sources = append(e.Sources, ProcedureSources(store.NewProcedures(db))...)
}

// ProcedureSources are the object sources of the monitoring procedure over its store.
func ProcedureSources(st *store.Procedures) []screen.ObjectSource {
	return []screen.ObjectSource{objectsOf(procedure.KindObject, func(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
		return st.Each(ctx, county, scope, func(o *procedure.Object) error { return fn(o) })
	})}
}

// fillProcedures fills the demo area's monitoring procedures: some finished in time, some
// with a step overdue.
func fillProcedures(ctx context.Context, m *Main, db *store.DB, tree *region.Tree, area region.Code) error {
	st, err := gen.FillProcedures(ctx, db, tree, gen.ProcedureConfig{Area: area, Seed: 1})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "已生成监测对象识别和风险消除程序 %d 件（已办结 %d 件，有步骤逾期 %d 件）。\n", st.Procedures, st.Done, st.Overdue)
	return nil
}
