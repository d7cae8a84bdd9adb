package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
)

// ExportStats counts what Export wrote, and what the registry holds that the national layout
// cannot and the file therefore lacks.
type ExportStats struct {
	nationalfmt.WriteStats
	Omitted Omitted
}

// Omitted counts what a registry holds that the national layout cannot, so that an export
// leaves it out: a re-import of the file lacks exactly this. gonggu backup keeps all of it.
type Omitted struct {
	// Households without people: the member table carries a household on its people's rows,
	// so they are not written, nor their incomes and measures (counted here, not below).
	Households, HouseholdIncomes, HouseholdMeasures int
	// ExtraMeasures are a household's second and later measures of one type: a measure column
	// holds one cell per household, so their descriptions are joined into one measure.
	ExtraMeasures int
	// UnlistedMeasures are measures of a type that has no measure column (其他).
	UnlistedMeasures int
	// MeasureDates and MeasureAmounts count the written households' measures with a start or
	// end date, and with an amount: the layout has columns for neither.
	MeasureDates, MeasureAmounts int
}

// add counts what the layout leaves out of one household.
func (o *Omitted) add(a *registry.Aggregate) {
	if len(a.Persons) == 0 {
		o.Households++
		o.HouseholdIncomes += len(a.Incomes)
		o.HouseholdMeasures += len(a.Measures)
		return
	}
	var seen uint64 // bit i: a measure of column i was met (there are 14 columns)
	for i := range a.Measures {
		m := &a.Measures[i]
		if !m.Start.IsZero() || !m.End.IsZero() {
			o.MeasureDates++
		}
		if m.Amount != 0 {
			o.MeasureAmounts++
		}
		switch col := measureColumn(m.Type); {
		case col < 0:
			o.UnlistedMeasures++
		case seen&(1<<col) != 0:
			o.ExtraMeasures++
		default:
			seen |= 1 << col
		}
	}
}

// measureColumn returns the index of a measure type among the national measure columns, or -1.
func measureColumn(typ string) int {
	for i, t := range nationalfmt.MeasureTypes {
		if t == typ {
			return i
		}
	}
	return -1
}

// Any reports whether anything was left out.
func (o Omitted) Any() bool { return o != Omitted{} }

// Summary says in Chinese what the export left out of the registry, that the file holds
// nothing but the registry, and how to keep everything.
func (o Omitted) Summary() string {
	var parts []string
	if o.ExtraMeasures > 0 {
		parts = append(parts, fmt.Sprintf("帮扶措施 %s 条（同一户同一类型的第二条及以后；其内容已并入该类型的第一条）", num(o.ExtraMeasures)))
	}
	if o.UnlistedMeasures > 0 {
		parts = append(parts, fmt.Sprintf("帮扶措施 %s 条（类型不在国家格式的 %d 个帮扶措施列中，如「%s」）",
			num(o.UnlistedMeasures), len(nationalfmt.MeasureTypes), registry.MeasureOther))
	}
	switch {
	case o.MeasureDates > 0 && o.MeasureAmounts > 0:
		parts = append(parts, fmt.Sprintf("帮扶措施的起止日期 %s 条、金额 %s 条", num(o.MeasureDates), num(o.MeasureAmounts)))
	case o.MeasureDates > 0:
		parts = append(parts, fmt.Sprintf("帮扶措施的起止日期 %s 条", num(o.MeasureDates)))
	case o.MeasureAmounts > 0:
		parts = append(parts, fmt.Sprintf("帮扶措施的金额 %s 条", num(o.MeasureAmounts)))
	}
	if o.Households > 0 {
		parts = append(parts, fmt.Sprintf("没有家庭成员的户 %s 户（成员表无处登记；连同其收入记录 %s 条、帮扶措施 %s 条）",
			num(o.Households), num(o.HouseholdIncomes), num(o.HouseholdMeasures)))
	}
	const rest = "导出文件只含户籍台账，不含排查问题、整改台账、用户和审计日志。如需完整保存，请使用 gonggu backup。"
	if len(parts) == 0 {
		return rest
	}
	return "国家格式不能容纳的内容未导出：" + strings.Join(parts, "；") + "。" + rest
}

// Export writes the households of a region in the national format to an xlsx file at path:
// the member table and the income table, which Stage reads back into the same registry except
// for what the layout cannot hold, which the returned stats count. Households without people
// are not written: the member table has no row for them, and their income rows alone would
// stop a re-import. The file is written to a temporary name beside path and renamed when
// complete, so that a failed export leaves no half-written file. ID numbers and phones are
// written unmasked: the caller checks that the user may see them, and audits the export.
func Export(ctx context.Context, db *store.DB, tree *region.Tree, scope region.Code, path string, progress func(done int)) (ExportStats, error) {
	var st ExportStats
	w, err := nationalfmt.NewWriter(nationalfmt.NamesFrom(tree))
	if err != nil {
		return st, err
	}
	defer w.Close()
	stats := func() ExportStats { st.WriteStats = w.Stats(); return st }
	n := 0
	err = store.NewRegistry(db).Scan(ctx, scope, func(a *registry.Aggregate) error {
		st.Omitted.add(a)
		if len(a.Persons) > 0 {
			if err := w.Write(a); err != nil {
				return err
			}
		}
		if n++; n%2000 == 0 && progress != nil {
			progress(n)
		}
		return ctx.Err()
	})
	if err != nil {
		return stats(), err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gonggu-export-*.xlsx")
	if err != nil {
		return stats(), errs.Wrap(err, errs.Invalid, "无法在「%s」写入文件", filepath.Dir(path))
	}
	defer os.Remove(tmp.Name())
	if _, err := w.WriteTo(tmp); err != nil {
		tmp.Close()
		return stats(), err
	}
	if err := tmp.Close(); err != nil {
		return stats(), errs.Wrap(err, errs.Internal, "无法写入导出文件")
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return stats(), errs.Wrap(err, errs.Invalid, "无法保存「%s」", path)
	}
	if progress != nil {
		progress(n)
	}
	return stats(), nil
}
