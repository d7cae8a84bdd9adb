package importer

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/workbook"
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

// ExportOptions says how Export writes a registry.
type ExportOptions struct {
	// CSV writes csv files (UTF-8 with a byte-order mark, cells made safe from formula
	// injection) instead of an xlsx workbook: the member table to the path and the income
	// table beside it (see ExportPlan.Files).
	CSV bool
	// PerCounty writes one file (or pair of csv files) per county, its code and name added to
	// the file's name, instead of one for the whole region.
	PerCounty bool
	// SheetRows is the most rows an xlsx sheet takes, its header included; 0 means
	// workbook.MaxRows, all a sheet can hold (tests split with fewer).
	SheetRows int
}

// ExportPlan is what an export will write, counted before anything is written: whoever asks
// for a city of a million people learns at once how its tables are split.
type ExportPlan struct {
	Scope    region.Code
	Path     string
	Options  ExportOptions
	Counties []CountyExport
	// Households, Persons and Incomes are the registry's in the scope: households without
	// people, and their incomes, are counted here but not written (ExportStats says so).
	Households, Persons, Incomes int
	// Split is set when the member or income table of a workbook exceeds the rows a sheet
	// holds: each county's rows then go to sheets of their own (家庭成员-安定区 …), and a
	// county larger than a sheet continues on further sheets.
	Split bool
}

// CountyExport is one county's part of an export.
type CountyExport struct {
	store.CountyCount
	Name string
	Path string // the file its member rows go to
}

// IncomePath returns the csv file the income rows of a member csv file go to.
func IncomePath(memberPath string) string {
	ext := filepath.Ext(memberPath)
	return strings.TrimSuffix(memberPath, ext) + "-" + nationalfmt.IncomeSheet + ext
}

// Files returns the files the export writes, in order.
func (p *ExportPlan) Files() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range p.Counties {
		if seen[c.Path] {
			continue
		}
		seen[c.Path] = true
		out = append(out, c.Path)
		if p.Options.CSV {
			out = append(out, IncomePath(c.Path))
		}
	}
	if len(out) == 0 {
		out = append(out, p.Path)
		if p.Options.CSV {
			out = append(out, IncomePath(p.Path))
		}
	}
	return out
}

// PlanExport counts what an export of the region's registry to path writes and decides how
// its tables are split.
func PlanExport(ctx context.Context, db *store.DB, tree *region.Tree, scope region.Code, path string, opt ExportOptions) (*ExportPlan, error) {
	counts, err := store.NewRegistry(db).CountByCounty(ctx, scope)
	if err != nil {
		return nil, err
	}
	p := &ExportPlan{Scope: scope, Path: path, Options: opt}
	ext := filepath.Ext(path)
	for _, c := range counts {
		ce := CountyExport{CountyCount: c, Name: string(c.County.Prefix()), Path: path}
		if r, err := tree.Get(c.County); err == nil {
			ce.Name = r.Name
		}
		if opt.PerCounty {
			ce.Path = strings.TrimSuffix(path, ext) + "-" + c.County.Prefix() + "-" + ce.Name + ext
		}
		p.Counties = append(p.Counties, ce)
		p.Households += c.Households
		p.Persons += c.Persons
		p.Incomes += c.Incomes
	}
	if !opt.CSV {
		// A sheet holds its header and SheetRows-1 rows.
		rows := opt.SheetRows
		if rows <= 0 {
			rows = workbook.MaxRows
		}
		most := func(persons, incomes int) bool { return persons >= rows || incomes >= rows }
		if opt.PerCounty {
			for _, c := range p.Counties {
				p.Split = p.Split || most(c.Persons, c.Incomes)
			}
		} else {
			p.Split = most(p.Persons, p.Incomes)
		}
	}
	return p, nil
}

// Describe says in Chinese what the plan writes, for the user who asked, before it starts.
func (p *ExportPlan) Describe(tree *region.Tree) string {
	var b strings.Builder
	fmt.Fprintf(&b, "将导出 %s 的 %s 户、%s 人、%s 条收入记录", tree.FullName(p.Scope), num(p.Households), num(p.Persons), num(p.Incomes))
	files := p.Files()
	switch {
	case p.Options.CSV && p.Options.PerCounty:
		fmt.Fprintf(&b, "，每县一对 csv 文件（成员表、收入表），共 %d 个文件。", len(files))
	case p.Options.CSV:
		fmt.Fprintf(&b, "到 csv 文件 %s（成员表）和 %s（收入表）。", files[0], files[1])
	case p.Options.PerCounty:
		fmt.Fprintf(&b, "，每县一个 xlsx 文件，共 %d 个文件。", len(files))
	default:
		fmt.Fprintf(&b, "到 %s。", p.Path)
	}
	if p.Split {
		fmt.Fprintf(&b, "人数或收入记录超过 xlsx 一个工作表的上限 %s 行，成员表和收入表按县分为工作表（如「%s-%s」），导入时各表一并读入。",
			num(workbook.MaxRows-1), nationalfmt.MemberSheet, p.Counties[0].Name)
	}
	return b.String()
}

// Export writes the households of a region to an xlsx workbook at path (see ExportPlan.Write),
// its tables split by county when they do not fit one sheet.
func Export(ctx context.Context, db *store.DB, tree *region.Tree, scope region.Code, path string, progress func(done int)) (ExportStats, error) {
	plan, err := PlanExport(ctx, db, tree, scope, path, ExportOptions{})
	if err != nil {
		return ExportStats{}, err
	}
	return plan.Write(ctx, db, tree, progress)
}

// Write writes the households the plan covers in the national format: the member table and
// the income table, which Stage reads back into the same registry except for what the layout
// cannot hold, which the returned stats count. Households without people are not written: the
// member table has no row for them, and their income rows alone would stop a re-import. Each
// file is written to a temporary name beside it and renamed when complete, so that a failed
// export leaves no half-written file. ID numbers and phones are written unmasked: the caller
// checks that the user may see them, and audits the export.
func (plan *ExportPlan) Write(ctx context.Context, db *store.DB, tree *region.Tree, progress func(done int)) (ExportStats, error) {
	var st ExportStats
	names := nationalfmt.NamesFrom(tree)
	reg := store.NewRegistry(db)
	var (
		w     *nationalfmt.Writer
		out   *exportFile
		total nationalfmt.WriteStats
		n     int
	)
	defer func() {
		if out != nil {
			out.abort()
		}
	}()
	finish := func() error {
		if w == nil {
			return nil
		}
		s := w.Stats()
		total.Households += s.Households
		total.Persons += s.Persons
		total.Incomes += s.Incomes
		total.Empty += s.Empty
		err := out.commit(w)
		w.Close()
		w, out = nil, nil
		return err
	}
	open := func(path string) error {
		var err error
		if out, err = newExportFile(path, plan.Options.CSV); err != nil {
			return err
		}
		if plan.Options.CSV {
			w, err = nationalfmt.NewCSVWriter(names, out.members, out.incomes)
		} else if w, err = nationalfmt.NewWriter(names); err == nil {
			w.SheetRows = plan.Options.SheetRows
		}
		return err
	}
	path := ""
	for _, c := range plan.Counties {
		if c.Path != path {
			if err := finish(); err != nil {
				return st, err
			}
			if err := open(c.Path); err != nil {
				return st, err
			}
			path = c.Path
		}
		part := 1
		if plan.Split {
			if err := w.StartSheets(c.Name); err != nil {
				return st, err
			}
		}
		scope := c.County
		if plan.Scope.Level() > region.County {
			scope = plan.Scope
		}
		err := reg.ScanCounty(ctx, c.County, scope, store.ScanOptions{}, func(a *registry.Aggregate) error {
			st.Omitted.add(a)
			if len(a.Persons) == 0 {
				return nil
			}
			if !w.Room(a) {
				// A county larger than a sheet continues on the next.
				part++
				if err := w.StartSheets(fmt.Sprintf("%s（%d）", c.Name, part)); err != nil {
					return err
				}
			}
			if err := w.Write(a); err != nil {
				return err
			}
			if n++; n%2000 == 0 && progress != nil {
				progress(n)
			}
			return ctx.Err()
		})
		if err != nil {
			return st, err
		}
	}
	if w == nil {
		// Nothing in the scope: an empty file with the tables' headers.
		if err := open(plan.Path); err != nil {
			return st, err
		}
	}
	if err := finish(); err != nil {
		return st, err
	}
	st.WriteStats = total
	if progress != nil {
		progress(n)
	}
	return st, nil
}

// exportFile is a file being written under a temporary name (two, for csv).
type exportFile struct {
	path             string
	tmp              []*os.File
	members, incomes io.Writer
}

func newExportFile(path string, csv bool) (*exportFile, error) {
	f := &exportFile{path: path}
	n := 1
	if csv {
		n = 2
	}
	for range n {
		t, err := os.CreateTemp(filepath.Dir(path), ".gonggu-export-*"+filepath.Ext(path))
		if err != nil {
			f.abort()
			return nil, errs.Wrap(err, errs.Invalid, "无法在「%s」写入文件", filepath.Dir(path))
		}
		f.tmp = append(f.tmp, t)
	}
	f.members = f.tmp[0]
	if csv {
		f.incomes = f.tmp[1]
	}
	return f, nil
}

// commit finishes the writer into the temporary files and gives them their names.
func (f *exportFile) commit(w *nationalfmt.Writer) error {
	if _, err := w.WriteTo(f.tmp[0]); err != nil {
		return err
	}
	names := []string{f.path, IncomePath(f.path)}
	for i, t := range f.tmp {
		if err := t.Close(); err != nil {
			return errs.Wrap(err, errs.Internal, "无法写入导出文件")
		}
		if err := os.Rename(t.Name(), names[i]); err != nil {
			return errs.Wrap(err, errs.Invalid, "无法保存「%s」", names[i])
		}
	}
	f.tmp = nil
	return nil
}

// abort removes the temporary files of a file not committed.
func (f *exportFile) abort() {
	for _, t := range f.tmp {
		t.Close()
		os.Remove(t.Name())
	}
	f.tmp = nil
}
