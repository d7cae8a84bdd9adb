package funds

import (
	"fmt"
	"io"
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/listfile"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// The county ledgers of this domain, as counties keep them, each described once: the columns
// (with the headers seen in real files) serve both reading a file through tableimport and
// writing the export in the same layout, so that an export reads back unchanged.
//
// A file is read whole and checked before anything is stored: cells by their kind, each
// record by its validation, keys repeated within the file, places resolved in the county.
// Whether the objects and households a row names exist is checked by the store, which writes
// the file in one transaction or not at all. What a file replaces:
//
//   - 项目库, 资产台账, 光伏电站台账: the projects, assets and stations it lists (by their
//     编号); the others are kept.
//   - 项目受益户名单: the beneficiaries of the projects it names.
//   - 资金拨付明细: the county's flows of the 资金年度 it covers.
//   - 收益分配台账: the income and distributions of the assets and stations it names.
//   - 光伏电站运维台账, 光伏收益台账: the maintenance log, the months, of the stations it names.

// Ledger is one of the county ledgers.
type Ledger struct {
	Key    string // stable: URLs and the import log use it
	Title  string
	Object string // the kind of object its rows change (re-screened after an import)
	Help   string // what one row is, in Chinese
	read   func(l *Ledger, env env, name string, r io.ReaderAt, size int64) (*Import, error)
	export func(b *Batch, w *sheetWriter) error
	heads  func() []string
}

// Heads returns the ledger's column headers, in the export's order.
func (l *Ledger) Heads() []string { return l.heads() }

// Batch is the records of one or more ledgers.
type Batch struct {
	Projects      []*Project
	Beneficiaries []Beneficiary
	Flows         []Flow
	Assets        []*Asset
	Incomes       []Income
	Distributions []Distribution
	Stations      []*Station
	Ops           []Maintenance
	Months        []PVMonth
}

// Len returns how many records the batch holds.
func (b *Batch) Len() int {
	return len(b.Projects) + len(b.Beneficiaries) + len(b.Flows) + len(b.Assets) + len(b.Incomes) + len(b.Distributions) +
		len(b.Stations) + len(b.Ops) + len(b.Months)
}

// Ref is an object or household a row names, which must exist for the file to be stored.
type Ref struct {
	Kind   string // KindProject, KindAsset (an asset or a station), KindPV, or "household"
	No     string
	Row    int
	Col    string // the column's letter
	Header string
}

// The Ref kinds besides the kinds of object: a registry household, and an asset that
// receives income (a station's income is recorded by month in 光伏收益台账).
const (
	RefHousehold = "household"
	RefIncome    = "income"
)

// Import is a ledger file read and checked: its records, or the problems that keep it from
// being stored.
type Import struct {
	Ledger    *Ledger
	County    region.Code
	File      string
	Sheet     string
	HeaderRow int
	Rows      int
	Ignored   []string // headers the ledger does not know
	Problems  []tableimport.Problem
	Stopped   bool
	Refs      []Ref
	Batch
}

// OK reports whether the file can be stored.
func (im *Import) OK() bool { return len(im.Problems) == 0 }

// Err is nil for a file that can be stored, else errs.Invalid naming the first problems.
func (im *Import) Err() error {
	if im.OK() {
		return nil
	}
	return im.result().Err()
}

// WriteReport writes the problems as the xlsx error report.
func (im *Import) WriteReport(w io.Writer) error { return im.result().WriteReport(w) }

func (im *Import) result() *tableimport.Result[struct{}] {
	return &tableimport.Result[struct{}]{Table: im.Ledger.Title, File: im.File, Sheet: im.Sheet, HeaderRow: im.HeaderRow,
		Problems: im.Problems, Stopped: im.Stopped}
}

// Refuse adds the problems of refs the store found missing.
func (im *Import) Refuse(missing []Ref) {
	for _, r := range missing {
		what := map[string]string{KindProject: "项目库中没有编号为「%s」的项目，请先导入项目库",
			KindAsset:    "资产台账和光伏电站台账中都没有编号为「%s」的资产或电站，请先导入台账",
			KindPV:       "光伏电站台账中没有编号为「%s」的电站，请先导入光伏电站台账",
			RefIncome:    "资产台账中没有编号为「%s」的资产（光伏电站的收益请按月填在光伏收益台账中）",
			RefHousehold: "本县的农户中没有户编号「%s」"}[r.Kind]
		im.Problems = append(im.Problems, tableimport.Problem{Row: r.Row, Col: r.Col, Header: r.Header, Value: r.No,
			Reason: fmt.Sprintf(what, r.No)})
	}
}

// Ledgers are the county ledgers, in the order pages list them.
var Ledgers = []*Ledger{projectLedger, beneficiaryLedger, flowLedger, assetLedger, incomeLedger, stationLedger, opLedger, monthLedger}

// LedgerOf returns the ledger with the key.
func LedgerOf(key string) (*Ledger, error) {
	for _, l := range Ledgers {
		if l.Key == key {
			return l, nil
		}
	}
	return nil, errs.E(errs.NotFound, "没有名为「%s」的台账", key)
}

// Read reads a file of the ledger for a county: tree resolves the 乡镇 and 村 names of its
// rows under the county. The error is for a file that cannot be read at all (not a
// spreadsheet, no header, hostile); the problems of its cells are in the Import.
func (l *Ledger) Read(tree *region.Tree, county region.Code, name string, r io.ReaderAt, size int64) (*Import, error) {
	if county.Level() != region.County {
		return nil, errs.E(errs.Invalid, "请选择县（区）后导入%s", l.Title)
	}
	return l.read(l, env{tree: tree, county: county}, name, r, size)
}

// env is what reading a ledger needs besides the file.
type env struct {
	tree   *region.Tree
	county region.Code
}

// locate sets a row's county and the region its 乡镇, 村 or 区划代码 name in the county, as every
// county list resolves them (listfile.Places; the county itself when all are blank), and
// returns the problem of a place it cannot resolve.
func (e env) locate(p placeCells, county, place *region.Code) [][2]string {
	code, why := listfile.Places{Tree: e.tree, County: e.county}.Resolve(listfile.Place{Town: p.town, Village: p.village, Code: p.code})
	*county, *place = e.county, code
	if why != "" {
		return [][2]string{{"村", why}}
	}
	return nil
}

// placeCells are the cells that place a row.
type placeCells struct{ town, village, code string }

// field is one column of a ledger: how a cell is read into a record and how the record's
// value is written back.
type field[T any] struct {
	col tableimport.Column[T]
	get func(*T) any // nil: not written by the export
}

func textField[T any](name string, aliases []string, max int, required bool, f func(*T) *string) field[T] {
	return field[T]{col: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Text, Max: max,
		Required: required, NotBlank: required, Set: func(r *T, v tableimport.Value) { *f(r) = v.Text }},
		get: func(r *T) any { return *f(r) }}
}

func enumField[T any](name string, aliases []string, enum []string, spell map[string]string, required bool, f func(*T) *string) field[T] {
	return field[T]{col: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Enum, Enum: enum, Spell: spell,
		Required: required, NotBlank: required, Set: func(r *T, v tableimport.Value) { *f(r) = v.Text }},
		get: func(r *T) any { return *f(r) }}
}

func intField[T any](name string, aliases []string, required bool, f func(*T) *int) field[T] {
	return field[T]{col: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Int, Required: required, NotBlank: required,
		Set: func(r *T, v tableimport.Value) { *f(r) = v.Int }},
		get: func(r *T) any {
			if n := *f(r); n != 0 {
				return n
			}
			return nil
		}}
}

func numField[T any](name string, aliases []string, required bool, f func(*T) *float64) field[T] {
	return field[T]{col: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Number, Required: required, NotBlank: required,
		Set: func(r *T, v tableimport.Value) { *f(r) = v.Num }},
		get: func(r *T) any { return *f(r) }}
}

func dateField[T any](name string, aliases []string, required bool, f func(*T) *registry.Date) field[T] {
	return field[T]{col: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Date, Required: required, NotBlank: required,
		Set: func(r *T, v tableimport.Value) { *f(r) = v.Date }},
		get: func(r *T) any { return f(r).String() }}
}

func monthField[T any](name string, aliases []string, required bool, f func(*T) *registry.Month) field[T] {
	return field[T]{col: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Month, Required: required, NotBlank: required,
		Set: func(r *T, v tableimport.Value) { *f(r) = v.Month }},
		get: func(r *T) any {
			if m := *f(r); !m.IsZero() {
				return m.Compact()
			}
			return ""
		}}
}

func flagField[T any](name string, aliases []string, f func(*T) *registry.Flag) field[T] {
	return field[T]{col: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Flag,
		Set: func(r *T, v tableimport.Value) { *f(r) = v.Flag }},
		get: func(r *T) any { return f(r).String() }}
}

// moneyFields are a money column in yuan, written by the export, and the same column in
// 万元 (the unit many county ledgers use), read only.
func moneyFields[T any](name string, aliases []string, f func(*T) *registry.Money) []field[T] {
	yuan := field[T]{col: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Money,
		Set: func(r *T, v tableimport.Value) { *f(r) = v.Money }},
		get: func(r *T) any { return f(r).Yuan() }}
	base := strings.TrimSuffix(strings.TrimSuffix(name, "（元）"), "(元)")
	var wan []string
	for _, a := range append([]string{base}, aliases...) {
		a = strings.TrimSuffix(strings.TrimSuffix(a, "（元）"), "(元)")
		wan = append(wan, a+"（万元）")
	}
	tenk := field[T]{col: tableimport.Column[T]{Name: wan[0], Aliases: wan[1:], Kind: tableimport.Number,
		Set: func(r *T, v tableimport.Value) { *f(r) = registry.Money(v.Num*1e6 + 0.5) }}}
	return []field[T]{yuan, tenk}
}

func placeFields[T any](f func(*T) *placeCells) []field[T] {
	return []field[T]{
		{col: tableimport.Column[T]{Name: "乡镇", Aliases: []string{"乡(镇)", "乡镇（街道）", "实施乡镇", "所在乡镇", "乡"}, Max: 50,
			Set: func(r *T, v tableimport.Value) { f(r).town = v.Text }}, get: func(r *T) any { return f(r).town }},
		{col: tableimport.Column[T]{Name: "村", Aliases: []string{"行政村", "实施村", "所在村", "村（社区）"}, Max: 50,
			Set: func(r *T, v tableimport.Value) { f(r).village = v.Text }}, get: func(r *T) any { return f(r).village }},
		{col: tableimport.Column[T]{Name: "区划代码", Aliases: []string{"实施地点区划代码", "行政区划代码", "村级区划代码"}, Max: 20,
			Set: func(r *T, v tableimport.Value) { f(r).code = v.Text }}, get: func(r *T) any { return f(r).code }},
	}
}

// table builds the tableimport table of fields, with a check per record.
func table[T any](title string, fields []field[T], check func(rec *T) [][2]string) *tableimport.Table[T] {
	t := &tableimport.Table[T]{Name: title, Check: check}
	for _, f := range fields {
		t.Columns = append(t.Columns, f.col)
	}
	return t
}

func heads[T any](fields []field[T]) []string {
	var out []string
	for _, f := range fields {
		if f.get != nil {
			out = append(out, f.col.Name)
		}
	}
	return out
}

func rowOf[T any](fields []field[T], rec *T) []any {
	var out []any
	for _, f := range fields {
		if f.get != nil {
			out = append(out, f.get(rec))
		}
	}
	return out
}

// readTable reads the file as the table and fills the import's header facts and problems.
func readTable[T any](l *Ledger, e env, t *tableimport.Table[T], name string, r io.ReaderAt, size int64) (*Import, []tableimport.Row[T], error) {
	res, err := tableimport.Read(t, name, r, size)
	if err != nil {
		return nil, nil, err
	}
	im := &Import{Ledger: l, County: e.county, File: res.File, Sheet: res.Sheet, HeaderRow: res.HeaderRow,
		Rows: len(res.Rows), Ignored: res.Ignored, Problems: res.Problems, Stopped: res.Stopped}
	if !res.OK() {
		return im, nil, nil // nothing of a file with problems is stored
	}
	return im, res.Rows, nil
}

// problems turns validation problems into the check's pairs.
func problems(ps []Problem) [][2]string {
	out := make([][2]string, len(ps))
	for i, p := range ps {
		out[i] = [2]string{p.Field, p.Reason}
	}
	return out
}

// once reports a key repeated within the file.
type once map[string]int

func (o once) seen(key string, what string) [][2]string {
	if key == "" {
		return nil
	}
	if _, ok := o[key]; ok {
		return [][2]string{{"", what + "「" + key + "」在文件中重复出现"}}
	}
	o[key] = 1
	return nil
}

// refAt returns the reference of a column of a row.
func refAt(kind, no string, row int, letter, header string) Ref {
	return Ref{Kind: kind, No: no, Row: row, Col: letter, Header: header}
}

// --- 项目库

type projectRec struct {
	Project
	place  placeCells
	status string
}

var projectFields = func() []field[projectRec] {
	p := func(r *projectRec) *Project { return &r.Project }
	fs := []field[projectRec]{
		textField("项目编号", []string{"项目代码", "项目库编号", "项目序号编码"}, 64, true, func(r *projectRec) *string { return &p(r).No }),
		textField("项目名称", nil, 200, true, func(r *projectRec) *string { return &p(r).Name }),
		enumField("项目类型", []string{"项目类别", "项目大类", "项目类型（一级）"}, ProjectTypes, TypeSpell, true, func(r *projectRec) *string { return &p(r).Type }),
		textField("项目子类型", []string{"二级类型", "项目子类", "项目类型（二级）"}, 50, false, func(r *projectRec) *string { return &p(r).Subtype }),
		enumField("到村到户", []string{"到村/到户", "到村或到户", "实施类型", "到户类型"}, Scopes, ScopeSpell, false, func(r *projectRec) *string { return &p(r).Scope }),
		intField("项目年度", []string{"年度", "计划年度", "实施年度"}, true, func(r *projectRec) *int { return &p(r).Year }),
	}
	fs = append(fs, placeFields(func(r *projectRec) *placeCells { return &r.place })...)
	fs = append(fs,
		textField("实施单位", []string{"项目实施单位", "建设单位", "项目主管部门"}, 100, false, func(r *projectRec) *string { return &p(r).Unit }),
		textField("建设内容", []string{"建设内容及规模", "建设任务", "项目内容"}, 1000, false, func(r *projectRec) *string { return &p(r).Content }),
		textField("联农带农机制", []string{"联农带农机制及带动方式", "带农方式", "利益联结机制", "联农带农方式"}, 500, false, func(r *projectRec) *string { return &p(r).Mechanism }),
		intField("受益户数", []string{"带动户数", "受益农户数", "受益户数（户）"}, false, func(r *projectRec) *int { return &p(r).Households }),
	)
	for i, s := range Sources {
		fs = append(fs, moneyFields("计划投资-"+s+"（元）", []string{"计划投资(" + s + ")", "计划-" + s, "计划" + s},
			func(r *projectRec) *registry.Money { return &p(r).Planned[i] })...)
	}
	for i, s := range Sources {
		fs = append(fs, moneyFields("批复金额-"+s+"（元）", []string{"批复金额(" + s + ")", "批复-" + s, "批复" + s, "批复资金-" + s},
			func(r *projectRec) *registry.Money { return &p(r).Approved[i] })...)
	}
	dates := []struct {
		name    string
		aliases []string
		f       func(*Dates) *registry.Date
	}{
		{"入库日期", []string{"纳入项目库日期", "入库时间"}, func(d *Dates) *registry.Date { return &d.Listed }},
		{"批复日期", []string{"批复时间", "立项批复日期"}, func(d *Dates) *registry.Date { return &d.Approval }},
		{"计划开工日期", []string{"计划开工时间"}, func(d *Dates) *registry.Date { return &d.PlanStart }},
		{"计划完工日期", []string{"计划完工时间", "计划完成日期"}, func(d *Dates) *registry.Date { return &d.PlanFinish }},
		{"开工日期", []string{"实际开工日期", "开工时间"}, func(d *Dates) *registry.Date { return &d.Start }},
		{"完工日期", []string{"实际完工日期", "完工时间", "竣工日期"}, func(d *Dates) *registry.Date { return &d.Finish }},
		{"验收日期", []string{"验收时间", "竣工验收日期"}, func(d *Dates) *registry.Date { return &d.Accept }},
		{"报账日期", []string{"报账时间", "资金报账日期"}, func(d *Dates) *registry.Date { return &d.Settle }},
		{"资金到户日期", []string{"补助发放日期", "到户发放日期", "资金发放到户日期"}, func(d *Dates) *registry.Date { return &d.Paid }},
	}
	for _, d := range dates {
		fs = append(fs, dateField(d.name, d.aliases, false, func(r *projectRec) *registry.Date { return d.f(&p(r).Dates) }))
	}
	fs = append(fs,
		field[projectRec]{col: tableimport.Column[projectRec]{Name: "项目状态", Aliases: []string{"状态", "实施进度"}, Kind: tableimport.Enum,
			Enum: ProjectStatuses, Spell: map[string]string{"终止": StatusStopped, "取消": StatusStopped, "已取消": StatusStopped,
				"调整取消": StatusStopped, "入库": StatusListed, "已入库": StatusListed, "批复": StatusApproved, "开工": StatusBuilding,
				"建设中": StatusBuilding, "完工": StatusFinished, "竣工": StatusFinished, "验收": StatusAccepted, "报账": StatusSettled},
			Set: func(r *projectRec, v tableimport.Value) { r.status = v.Text }},
			get: func(r *projectRec) any { return r.Status() }},
		textField("备注", nil, 500, false, func(r *projectRec) *string { return &p(r).Note }),
	)
	return fs
}()

var projectLedger = &Ledger{Key: "projects", Title: "项目库", Object: KindProject,
	Help:  "每行一个项目：项目编号、名称、类型、年度、实施地点、各资金来源的计划和批复金额、入库至报账各环节日期、联农带农机制",
	heads: func() []string { return heads(projectFields) },
	read: func(l *Ledger, e env, name string, r io.ReaderAt, size int64) (*Import, error) {
		seen := once{}
		t := table("项目库", projectFields, func(rec *projectRec) [][2]string {
			rec.Stopped = rec.status == StatusStopped
			out := seen.seen(rec.No, "项目编号")
			out = append(out, problems(rec.Validate())...)
			out = append(out, e.locate(rec.place, &rec.County, &rec.Place)...)
			return out
		})
		im, rows, err := readTable(l, e, t, name, r, size)
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			p := row.Rec.Project
			im.Projects = append(im.Projects, &p)
		}
		return im, nil
	},
	export: func(b *Batch, w *sheetWriter) error {
		for _, p := range b.Projects {
			rec := projectRec{Project: *p, place: w.placeOf(p.Place)}
			if err := w.row(rowOf(projectFields, &rec)); err != nil {
				return err
			}
		}
		return nil
	},
}

// --- 项目受益户名单

var beneficiaryFields = []field[Beneficiary]{
	textField("项目编号", []string{"项目代码"}, 64, true, func(r *Beneficiary) *string { return &r.ProjectNo }),
	textField("户编号", []string{"受益户户编号", "农户编号"}, 64, true, func(r *Beneficiary) *string { return &r.HouseholdNo }),
	enumField("带动方式", []string{"联农带农方式", "受益方式", "利益联结方式"}, Mechanisms, MechanismSpell, false, func(r *Beneficiary) *string { return &r.Mechanism }),
}

var beneficiaryAll = append(append(beneficiaryFields, moneyFields("受益金额（元）", []string{"补助金额", "补助金额（元）", "受益金额", "分红金额"},
	func(r *Beneficiary) *registry.Money { return &r.Amount })...),
	textField("备注", nil, 200, false, func(r *Beneficiary) *string { return &r.Note }))

var beneficiaryLedger = &Ledger{Key: "beneficiaries", Title: "项目受益户名单", Object: KindProject,
	Help:  "每行一户：项目编号、受益户的户编号、带动方式（务工就业、订单收购、土地流转、入股分红、资产收益、生产托管、技术服务、直接补助等）、受益金额",
	heads: func() []string { return heads(beneficiaryAll) },
	read: func(l *Ledger, e env, name string, r io.ReaderAt, size int64) (*Import, error) {
		seen := once{}
		t := table("项目受益户名单", beneficiaryAll, func(rec *Beneficiary) [][2]string {
			return seen.seen(rec.ProjectNo+" "+rec.HouseholdNo, "项目编号和户编号")
		})
		im, rows, err := readTable(l, e, t, name, r, size)
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			im.Beneficiaries = append(im.Beneficiaries, *row.Rec)
			im.Refs = append(im.Refs, refAt(KindProject, row.Rec.ProjectNo, row.Num, "", "项目编号"),
				refAt(RefHousehold, row.Rec.HouseholdNo, row.Num, "", "户编号"))
		}
		return im, nil
	},
	export: func(b *Batch, w *sheetWriter) error {
		for i := range b.Beneficiaries {
			if err := w.row(rowOf(beneficiaryAll, &b.Beneficiaries[i])); err != nil {
				return err
			}
		}
		return nil
	},
}

// --- 资金拨付明细

type flowRec struct {
	Flow
	source string
}

var flowFields = func() []field[flowRec] {
	fs := []field[flowRec]{
		intField("资金年度", []string{"年度", "资金所属年度"}, true, func(r *flowRec) *int { return &r.Year }),
		dateField("日期", []string{"拨付日期", "下达日期", "支出日期", "发生日期", "记账日期"}, true, func(r *flowRec) *registry.Date { return &r.Date }),
		enumField("类型", []string{"资金流向", "业务类型", "类别", "下达或支出"}, FlowKinds, FlowSpell, true, func(r *flowRec) *string { return &r.Kind }),
		enumField("资金来源", []string{"资金性质", "资金类别", "资金级次"}, Sources[:], SourceSpell, true, func(r *flowRec) *string { return &r.source }),
		textField("项目编号", []string{"项目代码"}, 64, false, func(r *flowRec) *string { return &r.ProjectNo }),
	}
	fs = append(fs, moneyFields("金额（元）", []string{"金额", "拨付金额", "资金金额", "支出金额", "下达金额"},
		func(r *flowRec) *registry.Money { return &r.Amount })...)
	fs = append(fs,
		textField("文号或凭证号", []string{"文号", "凭证号", "指标文号", "拨款凭证号"}, 100, false, func(r *flowRec) *string { return &r.DocNo }),
		textField("备注", nil, 200, false, func(r *flowRec) *string { return &r.Note }))
	return fs
}()

var flowLedger = &Ledger{Key: "flows", Title: "资金拨付明细", Object: KindFunds,
	Help:  "每行一笔资金：资金年度、日期、类型（下达或支出；拨付、报账算支出）、资金来源、项目编号（已落实到项目的）、金额（元或万元）",
	heads: func() []string { return heads(flowFields) },
	read: func(l *Ledger, e env, name string, r io.ReaderAt, size int64) (*Import, error) {
		t := table("资金拨付明细", flowFields, func(rec *flowRec) [][2]string {
			rec.Source = SourceIndex(rec.source)
			return problems(rec.Validate())
		})
		im, rows, err := readTable(l, e, t, name, r, size)
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			im.Flows = append(im.Flows, row.Rec.Flow)
			if row.Rec.ProjectNo != "" {
				im.Refs = append(im.Refs, refAt(KindProject, row.Rec.ProjectNo, row.Num, "", "项目编号"))
			}
		}
		return im, nil
	},
	export: func(b *Batch, w *sheetWriter) error {
		for _, f := range b.Flows {
			rec := flowRec{Flow: f, source: Sources[min(max(f.Source, 0), Other)]}
			if err := w.row(rowOf(flowFields, &rec)); err != nil {
				return err
			}
		}
		return nil
	},
}

// --- 资产台账

type assetRec struct {
	Asset
	place placeCells
}

var assetFields = func() []field[assetRec] {
	a := func(r *assetRec) *Asset { return &r.Asset }
	fs := []field[assetRec]{
		textField("资产编号", []string{"资产代码", "资产序号编码"}, 64, true, func(r *assetRec) *string { return &a(r).No }),
		textField("资产名称", nil, 200, true, func(r *assetRec) *string { return &a(r).Name }),
		enumField("资产类别", []string{"资产类型（经营性/公益性/到户类）", "资产性质", "资产分类"}, AssetClasses, ClassSpell, true, func(r *assetRec) *string { return &a(r).Class }),
		textField("资产类型", []string{"资产种类", "资产形态"}, 50, false, func(r *assetRec) *string { return &a(r).Type }),
		textField("项目编号", []string{"来源项目编号", "形成资产的项目编号", "项目代码"}, 64, false, func(r *assetRec) *string { return &a(r).ProjectNo }),
	}
	fs = append(fs, placeFields(func(r *assetRec) *placeCells { return &r.place })...)
	fs = append(fs,
		textField("所有权人", []string{"产权归属", "所有权归属", "产权单位"}, 100, false, func(r *assetRec) *string { return &a(r).Owner }),
		textField("管护主体", []string{"管护单位", "管护责任单位"}, 100, false, func(r *assetRec) *string { return &a(r).Custodian }),
		textField("管护责任人", []string{"管护人"}, 50, false, func(r *assetRec) *string { return &a(r).Keeper }),
		flagField("是否确权登记", []string{"是否确权", "确权登记", "是否完成确权登记"}, func(r *assetRec) *registry.Flag { return &a(r).Registered }),
		dateField("确权登记日期", []string{"确权日期", "登记日期"}, false, func(r *assetRec) *registry.Date { return &a(r).RegDate }),
	)
	fs = append(fs, moneyFields("资产原值（元）", []string{"资产原值", "资产价值", "原值", "资产金额"}, func(r *assetRec) *registry.Money { return &a(r).Value })...)
	fs = append(fs,
		dateField("形成日期", []string{"建成日期", "形成资产日期", "竣工日期", "交付日期"}, false, func(r *assetRec) *registry.Date { return &a(r).Formed }),
		enumField("资产状态", []string{"运营状态", "状态", "使用状态"}, AssetStatuses, AssetStatusSpell, false, func(r *assetRec) *string { return &a(r).Status }),
		textField("备注", nil, 500, false, func(r *assetRec) *string { return &a(r).Note }),
	)
	return fs
}()

var assetLedger = &Ledger{Key: "assets", Title: "资产台账", Object: KindAsset,
	Help:  "每行一项资产：资产编号、名称、类别（经营性、公益性、到户类）、来源项目、所在地、所有权人、管护主体、是否确权登记、原值、形成日期、状态",
	heads: func() []string { return heads(assetFields) },
	read: func(l *Ledger, e env, name string, r io.ReaderAt, size int64) (*Import, error) {
		seen := once{}
		t := table("资产台账", assetFields, func(rec *assetRec) [][2]string {
			if rec.Status == "" {
				rec.Status = AssetRunning
			}
			out := seen.seen(rec.No, "资产编号")
			out = append(out, problems(rec.Validate())...)
			out = append(out, e.locate(rec.place, &rec.County, &rec.Place)...)
			return out
		})
		im, rows, err := readTable(l, e, t, name, r, size)
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			a := row.Rec.Asset
			im.Assets = append(im.Assets, &a)
			if a.ProjectNo != "" {
				im.Refs = append(im.Refs, refAt(KindProject, a.ProjectNo, row.Num, "", "项目编号"))
			}
		}
		return im, nil
	},
	export: func(b *Batch, w *sheetWriter) error {
		for _, a := range b.Assets {
			rec := assetRec{Asset: *a, place: w.placeOf(a.Place)}
			if err := w.row(rowOf(assetFields, &rec)); err != nil {
				return err
			}
		}
		return nil
	},
}

// --- 收益分配台账: the income of assets and stations and its distribution, one line each.

// The kinds of line of the 收益分配台账.
const (
	LineIncome = "收益"
	LineDist   = "分配"
)

type incomeRec struct {
	ObjectNo, Kind, Use, HouseholdNo, Payee, Note string
	Date                                          registry.Date
	Period                                        registry.Month
	Amount                                        registry.Money
}

var incomeFields = func() []field[incomeRec] {
	fs := []field[incomeRec]{
		textField("资产编号", []string{"资产或电站编号", "电站编号", "资产（电站）编号", "编号"}, 64, true, func(r *incomeRec) *string { return &r.ObjectNo }),
		enumField("类别", []string{"收支类型", "业务类型", "收益或分配"}, []string{LineIncome, LineDist},
			map[string]string{"收益到账": LineIncome, "收入": LineIncome, "到账": LineIncome, "收益分配": LineDist, "支出": LineDist},
			true, func(r *incomeRec) *string { return &r.Kind }),
		dateField("日期", []string{"到账日期", "分配日期", "发生日期"}, true, func(r *incomeRec) *registry.Date { return &r.Date }),
		monthField("收益期间", []string{"所属期间", "收益月份", "收益所属年月"}, false, func(r *incomeRec) *registry.Month { return &r.Period }),
	}
	fs = append(fs, moneyFields("金额（元）", []string{"金额", "收益金额", "分配金额"}, func(r *incomeRec) *registry.Money { return &r.Amount })...)
	fs = append(fs,
		enumField("分配用途", []string{"用途", "分配方式", "分配去向"}, Uses, UseSpell, false, func(r *incomeRec) *string { return &r.Use }),
		textField("户编号", []string{"受益户户编号"}, 64, false, func(r *incomeRec) *string { return &r.HouseholdNo }),
		textField("分配对象", []string{"收款人", "分配对象名称", "受益对象"}, 100, false, func(r *incomeRec) *string { return &r.Payee }),
		textField("备注", nil, 200, false, func(r *incomeRec) *string { return &r.Note }),
	)
	return fs
}()

var incomeLedger = &Ledger{Key: "incomes", Title: "收益分配台账", Object: KindAsset,
	Help:  "每行一笔：资产或光伏电站编号、类别（收益到账或分配）、日期、收益期间、金额；分配的写明用途（到户分红、公益岗位、小型公益事业、村集体经济、奖励补助）和对象",
	heads: func() []string { return heads(incomeFields) },
	read: func(l *Ledger, e env, name string, r io.ReaderAt, size int64) (*Import, error) {
		t := table("收益分配台账", incomeFields, func(rec *incomeRec) [][2]string {
			var out [][2]string
			if rec.Amount <= 0 {
				out = append(out, [2]string{"金额（元）", "金额应大于 0"})
			}
			if rec.Kind == LineDist && rec.Use == "" {
				out = append(out, [2]string{"分配用途", "分配应写明用途（" + strings.Join(Uses, "、") + "）"})
			}
			return out
		})
		im, rows, err := readTable(l, e, t, name, r, size)
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			rec := row.Rec
			if rec.Kind == LineIncome {
				im.Incomes = append(im.Incomes, Income{ObjectNo: rec.ObjectNo, Period: rec.Period, Received: rec.Date, Amount: rec.Amount, Note: rec.Note})
			} else {
				im.Distributions = append(im.Distributions, Distribution{ObjectNo: rec.ObjectNo, Date: rec.Date, Use: rec.Use,
					HouseholdNo: rec.HouseholdNo, Payee: rec.Payee, Amount: rec.Amount, Note: rec.Note})
				if rec.HouseholdNo != "" {
					im.Refs = append(im.Refs, refAt(RefHousehold, rec.HouseholdNo, row.Num, "", "户编号"))
				}
			}
			kind := KindAsset
			if rec.Kind == LineIncome {
				kind = RefIncome
			}
			im.Refs = append(im.Refs, refAt(kind, rec.ObjectNo, row.Num, "", "资产编号"))
		}
		return im, nil
	},
	export: func(b *Batch, w *sheetWriter) error {
		for _, in := range b.Incomes {
			rec := incomeRec{ObjectNo: in.ObjectNo, Kind: LineIncome, Date: in.Received, Period: in.Period, Amount: in.Amount, Note: in.Note}
			if err := w.row(rowOf(incomeFields, &rec)); err != nil {
				return err
			}
		}
		for _, d := range b.Distributions {
			rec := incomeRec{ObjectNo: d.ObjectNo, Kind: LineDist, Date: d.Date, Use: d.Use, HouseholdNo: d.HouseholdNo,
				Payee: d.Payee, Amount: d.Amount, Note: d.Note}
			if err := w.row(rowOf(incomeFields, &rec)); err != nil {
				return err
			}
		}
		return nil
	},
}

// --- 光伏电站台账

type stationRec struct {
	Station
	place placeCells
}

var stationFields = func() []field[stationRec] {
	s := func(r *stationRec) *Station { return &r.Station }
	fs := []field[stationRec]{
		textField("电站编号", []string{"电站代码", "项目电站编号"}, 64, true, func(r *stationRec) *string { return &s(r).No }),
		textField("电站名称", nil, 200, true, func(r *stationRec) *string { return &s(r).Name }),
		enumField("电站类型", []string{"电站类别", "建设类型"}, StationTypes, StationTypeSpell, false, func(r *stationRec) *string { return &s(r).Type }),
		textField("项目编号", []string{"来源项目编号", "项目代码"}, 64, false, func(r *stationRec) *string { return &s(r).ProjectNo }),
	}
	fs = append(fs, placeFields(func(r *stationRec) *placeCells { return &r.place })...)
	fs = append(fs,
		numField("装机容量（千瓦）", []string{"装机容量", "装机容量(kW)", "装机规模（千瓦）", "装机容量（kW）"}, true, func(r *stationRec) *float64 { return &s(r).CapacityKW }),
		numField("设计年发电量（千瓦时）", []string{"设计年发电量", "预计年发电量", "设计年发电量(kWh)", "年设计发电量"}, false, func(r *stationRec) *float64 { return &s(r).ExpectedKWh }),
		dateField("并网日期", []string{"并网发电日期", "并网时间"}, false, func(r *stationRec) *registry.Date { return &s(r).Connected }),
		textField("产权单位", []string{"所有权人", "产权归属"}, 100, false, func(r *stationRec) *string { return &s(r).Owner }),
		textField("运维单位", []string{"运维主体", "管护单位", "运维责任单位"}, 100, false, func(r *stationRec) *string { return &s(r).Operator }),
		enumField("运行状态", []string{"状态", "电站状态"}, StationStatuses, StationStatusSpell, false, func(r *stationRec) *string { return &s(r).Status }),
		textField("备注", nil, 500, false, func(r *stationRec) *string { return &s(r).Note }),
	)
	return fs
}()

var stationLedger = &Ledger{Key: "stations", Title: "光伏电站台账", Object: KindPV,
	Help:  "每行一座电站：电站编号、名称、类型（村级、集中式、户用）、所在地、装机容量、设计年发电量、并网日期、产权和运维单位、运行状态",
	heads: func() []string { return heads(stationFields) },
	read: func(l *Ledger, e env, name string, r io.ReaderAt, size int64) (*Import, error) {
		seen := once{}
		t := table("光伏电站台账", stationFields, func(rec *stationRec) [][2]string {
			if rec.Status == "" {
				rec.Status = AssetRunning
			}
			out := seen.seen(rec.No, "电站编号")
			out = append(out, problems(rec.Validate())...)
			out = append(out, e.locate(rec.place, &rec.County, &rec.Place)...)
			return out
		})
		im, rows, err := readTable(l, e, t, name, r, size)
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			s := row.Rec.Station
			im.Stations = append(im.Stations, &s)
			if s.ProjectNo != "" {
				im.Refs = append(im.Refs, refAt(KindProject, s.ProjectNo, row.Num, "", "项目编号"))
			}
		}
		return im, nil
	},
	export: func(b *Batch, w *sheetWriter) error {
		for _, s := range b.Stations {
			rec := stationRec{Station: *s, place: w.placeOf(s.Place)}
			if err := w.row(rowOf(stationFields, &rec)); err != nil {
				return err
			}
		}
		return nil
	},
}

// --- 光伏电站运维台账

var opFields = []field[Maintenance]{
	textField("电站编号", []string{"电站代码"}, 64, true, func(r *Maintenance) *string { return &r.StationNo }),
	dateField("运维日期", []string{"日期", "运维时间"}, true, func(r *Maintenance) *registry.Date { return &r.Date }),
	enumField("运维类型", []string{"运维项目", "类型", "运维类别"}, OpKinds, OpSpell, true, func(r *Maintenance) *string { return &r.Kind }),
	textField("运维内容", []string{"内容", "情况说明", "运维情况"}, 500, false, func(r *Maintenance) *string { return &r.Content }),
	textField("运维人员", []string{"运维单位", "责任人", "运维人"}, 100, false, func(r *Maintenance) *string { return &r.By }),
}

var opLedger = &Ledger{Key: "pvops", Title: "光伏电站运维台账", Object: KindPV,
	Help:  "每行一次运维：电站编号、日期、类型（除草、除尘、清杂、检修、其他）、内容、运维人员",
	heads: func() []string { return heads(opFields) },
	read: func(l *Ledger, e env, name string, r io.ReaderAt, size int64) (*Import, error) {
		t := table("光伏电站运维台账", opFields, nil)
		im, rows, err := readTable(l, e, t, name, r, size)
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			im.Ops = append(im.Ops, *row.Rec)
			im.Refs = append(im.Refs, refAt(KindPV, row.Rec.StationNo, row.Num, "", "电站编号"))
		}
		return im, nil
	},
	export: func(b *Batch, w *sheetWriter) error {
		for i := range b.Ops {
			if err := w.row(rowOf(opFields, &b.Ops[i])); err != nil {
				return err
			}
		}
		return nil
	},
}

// --- 光伏收益台账

var monthFields = func() []field[PVMonth] {
	fs := []field[PVMonth]{
		textField("电站编号", []string{"电站代码"}, 64, true, func(r *PVMonth) *string { return &r.StationNo }),
		monthField("月份", []string{"年月", "发电月份", "结算月份"}, true, func(r *PVMonth) *registry.Month { return &r.Month }),
		numField("发电量（千瓦时）", []string{"发电量", "发电量(kWh)", "上网电量", "上网电量（千瓦时）"}, true, func(r *PVMonth) *float64 { return &r.KWh }),
	}
	fs = append(fs, moneyFields("收益金额（元）", []string{"收益金额", "发电收益", "电费收入", "收益"}, func(r *PVMonth) *registry.Money { return &r.Income })...)
	fs = append(fs, dateField("到账日期", []string{"收益到账日期", "结算日期"}, false, func(r *PVMonth) *registry.Date { return &r.Received }))
	return fs
}()

var monthLedger = &Ledger{Key: "pvmonths", Title: "光伏收益台账", Object: KindPV,
	Help:  "每行一座电站一个月：电站编号、月份、发电量（千瓦时）、收益金额、到账日期（未填的按当月月底计）",
	heads: func() []string { return heads(monthFields) },
	read: func(l *Ledger, e env, name string, r io.ReaderAt, size int64) (*Import, error) {
		seen := once{}
		t := table("光伏收益台账", monthFields, func(rec *PVMonth) [][2]string {
			out := seen.seen(rec.StationNo+" "+rec.Month.String(), "电站编号和月份")
			if rec.KWh < 0 {
				out = append(out, [2]string{"发电量（千瓦时）", "发电量不能为负数"})
			}
			if rec.Income < 0 {
				out = append(out, [2]string{"收益金额（元）", "收益金额不能为负数"})
			}
			return out
		})
		im, rows, err := readTable(l, e, t, name, r, size)
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			im.Months = append(im.Months, *row.Rec)
			im.Refs = append(im.Refs, refAt(KindPV, row.Rec.StationNo, row.Num, "", "电站编号"))
		}
		return im, nil
	},
	export: func(b *Batch, w *sheetWriter) error {
		for i := range b.Months {
			if err := w.row(rowOf(monthFields, &b.Months[i])); err != nil {
				return err
			}
		}
		return nil
	},
}
