package support

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// The county ledgers of the domain, as counties keep them in spreadsheets today: the
// 帮扶责任人结对名单, the 走访记录, the 驻村工作队名册, its 考勤 and 请销假, and the 网格划分. Each is a
// column table read by internal/tableimport (headers found by name and alias, every cell
// checked before anything is stored) and written back by Export in the same layout, so that an
// exported ledger imports unchanged.

// The kinds of ledger.
const (
	LedgerPairings   = "pairings"
	LedgerVisits     = "visits"
	LedgerTeams      = "teams"
	LedgerAttendance = "attendance"
	LedgerLeaves     = "leaves"
	LedgerGrids      = "grids"
)

// LedgerKinds lists the ledgers in the order they are best imported: people first.
var LedgerKinds = []string{LedgerPairings, LedgerVisits, LedgerTeams, LedgerAttendance, LedgerLeaves, LedgerGrids}

// LedgerTitles are the ledgers' names, in Chinese.
var LedgerTitles = map[string]string{
	LedgerPairings:   "帮扶责任人结对名单",
	LedgerVisits:     "走访记录",
	LedgerTeams:      "驻村工作队名册",
	LedgerAttendance: "驻村工作队考勤",
	LedgerLeaves:     "驻村工作队请销假",
	LedgerGrids:      "网格划分",
}

// Place is where a ledger row lies: a village named (乡镇, 村) or coded (村代码), resolved by
// the Check of the table to Village.
type Place struct {
	Township, VillageName, Code string
	Village                     region.Code
}

// CadreRecord is a person as a ledger row gives them.
type CadreRecord struct {
	Name, Unit, Post, Phone, Level, Status string
	StatusOn                               registry.Date
}

// PairingRecord is a row of the 帮扶责任人结对名单.
type PairingRecord struct {
	HouseholdNo, Head string
	Cadre             CadreRecord
	Start, End        registry.Date
	EndReason         string
}

// VisitRecord is a row of the 走访记录.
type VisitRecord struct {
	HouseholdNo, Head   string
	Visitor, VisitPhone string
	Visit               Visit
}

// TeamRecord is a row of the 驻村工作队名册: a member of a village's team.
type TeamRecord struct {
	Place
	Team, Unit string
	Cadre      CadreRecord // the member (Unit is the sending unit, Post the post there)
	Role       string
	Start, End registry.Date
}

// AttendanceRecord is a row of the 考勤.
type AttendanceRecord struct {
	Place
	Name, Phone string
	Month       registry.Month
	Days        int
}

// LeaveRecord is a row of the 请销假 ledger.
type LeaveRecord struct {
	Place
	Name, Phone string
	Days        int // as written; checked against the dates
	Leave       Leave
}

// GridRecord is a row of the 网格划分: a household of a grid, a member of it, or both.
type GridRecord struct {
	Place
	Grid              string
	HouseholdNo, Head string
	Member, Phone     string
	Role              string
	Confirmed         registry.Flag
}

// Resolver finds the village a ledger row names, within the region the import is for.
type Resolver struct {
	Tree  *region.Tree
	Scope region.Code // a county or a region inside one
}

// resolve sets p.Village from its code or its names, or says why it cannot.
func (r Resolver) resolve(p *Place) string {
	if p.Code != "" {
		c, err := region.ParseCode(p.Code)
		if err != nil || c.Level() != region.Village {
			return "村代码应为 12 位村级行政区划代码"
		}
		p.Village = c
	} else {
		if p.VillageName == "" {
			return "请填写村或村代码"
		}
		county, err := r.Tree.Get(r.Scope.County())
		if err != nil {
			return "导入的地区不在行政区划中"
		}
		names := region.Names{County: county.Name, Township: p.Township, Village: p.VillageName}
		for _, a := range r.Tree.Ancestors(county.Code) {
			switch a.Level {
			case region.Province:
				names.Province = a.Name
			case region.City:
				names.City = a.Name
			}
		}
		c, err := r.Tree.Resolve(names)
		if err != nil {
			return errs.Message(err)
		}
		if c.Level() != region.Village {
			return "没有找到这个村"
		}
		p.Village = c
	}
	if !r.Scope.Contains(p.Village) {
		return fmt.Sprintf("村「%s」不在导入的地区（%s）内", r.name(p.Village), r.name(r.Scope))
	}
	return ""
}

func (r Resolver) name(c region.Code) string {
	if reg, err := r.Tree.Get(c); err == nil {
		return reg.Name
	}
	return string(c)
}

// column is a column of a ledger: how a cell is read into the record, and how the record
// writes it back.
type column[T any] struct {
	tableimport.Column[T]
	Get func(rec *T) any
}

// Ledger is one of the county ledgers of type T.
type Ledger[T any] struct {
	Kind  string
	Title string
	cols  []column[T]
	check func(r Resolver, rec *T) [][2]string
}

// Table returns the column table that reads the ledger for an import into the resolver's
// region.
func (l *Ledger[T]) Table(r Resolver) *tableimport.Table[T] {
	t := &tableimport.Table[T]{Name: l.Title}
	for _, c := range l.cols {
		t.Columns = append(t.Columns, c.Column)
	}
	if l.check != nil {
		t.Check = func(rec *T) [][2]string { return l.check(r, rec) }
	}
	return t
}

// Heads returns the ledger's headers, in order.
func (l *Ledger[T]) Heads() []string {
	out := make([]string, len(l.cols))
	for i, c := range l.cols {
		out[i] = c.Name
	}
	return out
}

// Export writes the records as the ledger's workbook: a title row, the header, a row per
// record. It is the one writer of the ledger, for every caller.
func (l *Ledger[T]) Export(w io.Writer, title string, each func(fn func(rec *T) error) error) error {
	f := excelize.NewFile()
	defer f.Close()
	fail := func(err error) error { return errs.Wrap(err, errs.Internal, "无法生成%s", l.Title) }
	if err := f.SetSheetName("Sheet1", l.Title); err != nil {
		return fail(err)
	}
	sw, err := f.NewStreamWriter(l.Title)
	if err != nil {
		return fail(err)
	}
	for i, c := range l.cols {
		width := float64(len([]rune(c.Name)))*2.2 + 2
		if err := sw.SetColWidth(i+1, i+1, min(max(width, 10), 40)); err != nil {
			return fail(err)
		}
	}
	if err := sw.SetRow("A1", []any{title}); err != nil {
		return fail(err)
	}
	heads := make([]any, len(l.cols))
	for i, c := range l.cols {
		heads[i] = c.Name
	}
	if err := sw.SetRow("A2", heads); err != nil {
		return fail(err)
	}
	n := 3
	err = each(func(rec *T) error {
		row := make([]any, len(l.cols))
		for i, c := range l.cols {
			row[i] = cell(c.Get(rec))
		}
		if err := sw.SetRow("A"+strconv.Itoa(n), row); err != nil {
			return fail(err)
		}
		n++
		return nil
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return fail(err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写出%s", l.Title)
	}
	return nil
}

// cell turns a value into what a spreadsheet cell holds: dates and months as text in the
// forms the reader takes back, flags as 是/否, text that a spreadsheet would take for a formula
// with a leading apostrophe's worth of protection (a space), blank values as nil.
func cell(v any) any {
	switch x := v.(type) {
	case registry.Date:
		if x.IsZero() {
			return nil
		}
		return x.String()
	case registry.Month:
		if x.IsZero() {
			return nil
		}
		return x.Compact()
	case registry.Flag:
		if s := x.String(); s != "" {
			return s
		}
		return nil
	case int:
		return x
	case string:
		if x == "" {
			return nil
		}
		if strings.ContainsAny(x[:1], "=+-@") {
			return " " + x
		}
		return x
	}
	return v
}

// Column helpers.

func textCol[T any](name string, aliases []string, required bool, max int, get func(*T) *string) column[T] {
	return column[T]{Column: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Text, Required: required,
		NotBlank: required, Max: max, Set: func(r *T, v tableimport.Value) { *get(r) = v.Text }},
		Get: func(r *T) any { return *get(r) }}
}

func kindCol[T any](name string, aliases []string, kind tableimport.Kind, required bool, get func(*T) *string) column[T] {
	c := textCol(name, aliases, required, 0, get)
	c.Kind = kind
	return c
}

func enumCol[T any](name string, aliases []string, enum []string, spell map[string]string, get func(*T) *string) column[T] {
	c := textCol(name, aliases, false, 0, get)
	c.Kind, c.Enum, c.Spell = tableimport.Enum, enum, spell
	return c
}

func dateCol[T any](name string, aliases []string, required bool, get func(*T) *registry.Date) column[T] {
	return column[T]{Column: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Date, Required: required,
		NotBlank: required, Set: func(r *T, v tableimport.Value) { *get(r) = v.Date }},
		Get: func(r *T) any { return *get(r) }}
}

func intCol[T any](name string, aliases []string, required bool, get func(*T) *int) column[T] {
	return column[T]{Column: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Int, Required: required,
		NotBlank: required, Set: func(r *T, v tableimport.Value) { *get(r) = v.Int }},
		Get: func(r *T) any { return *get(r) }}
}

// yesNoCol is a 是/否 column with the spellings ledgers write for it: yes and no are the words
// that mean 是 and 否 in this column.
func yesNoCol[T any](name string, aliases []string, yes, no []string, get func(*T) *registry.Flag) column[T] {
	spell := map[string]string{"Y": "是", "N": "否", "√": "是", "×": "否", "1": "是", "0": "否"}
	for _, w := range yes {
		spell[w] = "是"
	}
	for _, w := range no {
		spell[w] = "否"
	}
	return column[T]{Column: tableimport.Column[T]{Name: name, Aliases: aliases, Kind: tableimport.Enum, Enum: []string{"是", "否"}, Spell: spell,
		Set: func(r *T, v tableimport.Value) {
			*get(r) = map[string]registry.Flag{"是": registry.Yes, "否": registry.No}[v.Text]
		}},
		Get: func(r *T) any { return *get(r) }}
}

func placeCols[T any](get func(*T) *Place) []column[T] {
	return []column[T]{
		textCol("乡镇", []string{"乡（镇）", "乡(镇)", "乡镇（街道）", "镇", "乡"}, false, 50, func(r *T) *string { return &get(r).Township }),
		textCol("村", []string{"行政村", "村名", "村（社区）", "驻村村名", "所驻村"}, false, 50, func(r *T) *string { return &get(r).VillageName }),
		textCol("村代码", []string{"行政区划代码", "村级代码", "村编码"}, false, 20, func(r *T) *string { return &get(r).Code }),
	}
}

// Pairings is the 帮扶责任人结对名单.
var Pairings = &Ledger[PairingRecord]{Kind: LedgerPairings, Title: LedgerTitles[LedgerPairings],
	cols: []column[PairingRecord]{
		textCol("户编号", []string{"户码"}, true, 40, func(r *PairingRecord) *string { return &r.HouseholdNo }),
		textCol("户主姓名", []string{"户主"}, false, 50, func(r *PairingRecord) *string { return &r.Head }),
		textCol("帮扶责任人", []string{"帮扶责任人姓名", "帮扶干部", "帮扶干部姓名", "帮扶人"}, true, 50, func(r *PairingRecord) *string { return &r.Cadre.Name }),
		textCol("工作单位", []string{"帮扶责任人工作单位", "单位", "帮扶单位", "所在单位"}, false, 100, func(r *PairingRecord) *string { return &r.Cadre.Unit }),
		textCol("职务", []string{"帮扶责任人职务", "职务职级"}, false, 50, func(r *PairingRecord) *string { return &r.Cadre.Post }),
		kindCol("联系电话", []string{"帮扶责任人联系电话", "帮扶责任人电话", "手机号码", "联系方式"}, tableimport.Phone, false, func(r *PairingRecord) *string { return &r.Cadre.Phone }),
		enumCol("帮扶层级", []string{"干部层级", "层级", "帮扶责任人类别"}, Levels, LevelSpellings, func(r *PairingRecord) *string { return &r.Cadre.Level }),
		dateCol("结对时间", []string{"结对日期", "帮扶开始时间", "开始帮扶时间"}, false, func(r *PairingRecord) *registry.Date { return &r.Start }),
		dateCol("解除时间", []string{"解除日期", "结对解除时间", "帮扶结束时间"}, false, func(r *PairingRecord) *registry.Date { return &r.End }),
		enumCol("解除原因", []string{"结束原因"}, EndReasons, StatusSpellings, func(r *PairingRecord) *string { return &r.EndReason }),
		enumCol("人员状态", []string{"状态", "帮扶责任人状态", "在岗状态"}, Statuses, StatusSpellings, func(r *PairingRecord) *string { return &r.Cadre.Status }),
		dateCol("状态变动时间", []string{"调离时间", "离岗时间", "变动时间"}, false, func(r *PairingRecord) *registry.Date { return &r.Cadre.StatusOn }),
	},
	check: func(_ Resolver, r *PairingRecord) [][2]string {
		var out [][2]string
		if !r.End.IsZero() && !r.Start.IsZero() && r.End.Before(r.Start) {
			out = append(out, [2]string{"解除时间", "解除时间早于结对时间"})
		}
		if !r.End.IsZero() && r.EndReason == "" {
			out = append(out, [2]string{"解除原因", "已解除的结对应填写解除原因"})
		}
		if r.Cadre.Status != "" && r.Cadre.Status != InPost && r.Cadre.StatusOn.IsZero() {
			out = append(out, [2]string{"状态变动时间", r.Cadre.Status + "的帮扶责任人应填写状态变动时间"})
		}
		return out
	},
}

// Visits is the 走访记录.
var Visits = &Ledger[VisitRecord]{Kind: LedgerVisits, Title: LedgerTitles[LedgerVisits],
	cols: []column[VisitRecord]{
		textCol("户编号", []string{"户码"}, true, 40, func(r *VisitRecord) *string { return &r.HouseholdNo }),
		textCol("户主姓名", []string{"户主"}, false, 50, func(r *VisitRecord) *string { return &r.Head }),
		textCol("走访人", []string{"走访干部", "走访人员", "走访人姓名", "帮扶责任人"}, true, 50, func(r *VisitRecord) *string { return &r.Visitor }),
		kindCol("走访人电话", []string{"走访人联系电话", "走访干部电话"}, tableimport.Phone, false, func(r *VisitRecord) *string { return &r.VisitPhone }),
		dateCol("走访日期", []string{"走访时间", "日期"}, true, func(r *VisitRecord) *registry.Date { return &r.Visit.On }),
		enumCol("走访方式", []string{"方式"}, Ways, WaySpellings, func(r *VisitRecord) *string { return &r.Visit.Way }),
		yesNoCol("两不愁三保障和饮水安全有保障", []string{"两不愁三保障及饮水安全", "“两不愁三保障”及饮水安全", "两不愁三保障", "两不愁三保障是否有保障"},
			[]string{"有保障", "已保障", "达标", "无问题", "正常"}, []string{"无保障", "未保障", "不达标", "有问题", "存在问题"},
			func(r *VisitRecord) *registry.Flag { return &r.Visit.NeedsMet }),
		textCol("存在的问题", []string{"两不愁三保障存在问题", "存在问题说明"}, false, maxNote, func(r *VisitRecord) *string { return &r.Visit.NeedsNote }),
		yesNoCol("帮扶措施是否落实", []string{"帮扶措施落实情况", "措施落实"}, []string{"已落实", "落实"}, []string{"未落实"},
			func(r *VisitRecord) *registry.Flag { return &r.Visit.MeasuresDone }),
		yesNoCol("是否有新的困难", []string{"有无新的困难", "新的困难和问题"}, []string{"有"}, []string{"无", "没有"},
			func(r *VisitRecord) *registry.Flag { return &r.Visit.Hardship }),
		textCol("新的困难", []string{"新困难情况", "困难情况"}, false, maxNote, func(r *VisitRecord) *string { return &r.Visit.HardshipNote }),
		textCol("帮助解决的问题", []string{"帮助解决问题", "解决的问题", "帮助解决的困难"}, false, maxNote, func(r *VisitRecord) *string { return &r.Visit.HelpGiven }),
		yesNoCol("是否开展政策宣讲", []string{"政策宣讲", "政策宣传"}, []string{"已开展", "已宣讲"}, []string{"未开展", "未宣讲"},
			func(r *VisitRecord) *registry.Flag { return &r.Visit.PolicyTold }),
		yesNoCol("是否认识帮扶干部", []string{"认识帮扶干部", "是否认识帮扶责任人"}, []string{"认识"}, []string{"不认识"},
			func(r *VisitRecord) *registry.Flag { return &r.Visit.KnowsCadre }),
		yesNoCol("是否知道驻村工作队", []string{"是否认识驻村工作队", "知道驻村工作队", "是否了解驻村工作队"}, []string{"知道", "认识", "了解"}, []string{"不知道", "不认识", "不了解"},
			func(r *VisitRecord) *registry.Flag { return &r.Visit.KnowsTeam }),
		textCol("备注", []string{"走访情况", "走访内容"}, false, maxNote, func(r *VisitRecord) *string { return &r.Visit.Notes }),
	},
	check: func(_ Resolver, r *VisitRecord) [][2]string {
		var out [][2]string
		if r.Visit.Way == "" {
			r.Visit.Way = InPerson
		}
		if r.Visit.NeedsMet == registry.No && r.Visit.NeedsNote == "" {
			out = append(out, [2]string{"存在的问题", "“两不愁三保障”或饮水安全有问题时，请写明是什么问题"})
		}
		if r.Visit.Hardship == registry.Yes && r.Visit.HardshipNote == "" {
			out = append(out, [2]string{"新的困难", "有新的困难时，请写明是什么困难"})
		}
		return out
	},
}

// Teams is the 驻村工作队名册.
var Teams = &Ledger[TeamRecord]{Kind: LedgerTeams, Title: LedgerTitles[LedgerTeams],
	cols: append(placeCols(func(r *TeamRecord) *Place { return &r.Place }),
		textCol("工作队名称", []string{"驻村工作队", "工作队"}, false, 100, func(r *TeamRecord) *string { return &r.Team }),
		textCol("派出单位", []string{"选派单位", "派驻单位"}, true, 100, func(r *TeamRecord) *string { return &r.Unit }),
		textCol("姓名", []string{"队员姓名"}, true, 50, func(r *TeamRecord) *string { return &r.Cadre.Name }),
		enumCol("队内职务", []string{"驻村职务", "担任职务", "驻村身份", "职务（队内）"}, Roles, RoleSpellings, func(r *TeamRecord) *string { return &r.Role }),
		textCol("原单位职务", []string{"原职务", "单位职务", "现任职务"}, false, 50, func(r *TeamRecord) *string { return &r.Cadre.Post }),
		kindCol("联系电话", []string{"手机号码", "联系方式"}, tableimport.Phone, false, func(r *TeamRecord) *string { return &r.Cadre.Phone }),
		dateCol("驻村开始时间", []string{"到村时间", "驻村时间", "选派时间"}, false, func(r *TeamRecord) *registry.Date { return &r.Start }),
		dateCol("驻村结束时间", []string{"离村时间", "期满时间"}, false, func(r *TeamRecord) *registry.Date { return &r.End }),
	),
	check: func(rs Resolver, r *TeamRecord) [][2]string {
		var out [][2]string
		if why := rs.resolve(&r.Place); why != "" {
			out = append(out, [2]string{"村", why})
		}
		if r.Role == "" {
			out = append(out, [2]string{"队内职务", "请填写队内职务（" + strings.Join(Roles, "、") + "）"})
		}
		if !r.End.IsZero() && !r.Start.IsZero() && r.End.Before(r.Start) {
			out = append(out, [2]string{"驻村结束时间", "驻村结束时间早于开始时间"})
		}
		return out
	},
}

// AttendanceLedger is the 考勤 of the work teams.
var AttendanceLedger = &Ledger[AttendanceRecord]{Kind: LedgerAttendance, Title: LedgerTitles[LedgerAttendance],
	cols: append(placeCols(func(r *AttendanceRecord) *Place { return &r.Place }),
		textCol("姓名", []string{"队员姓名"}, true, 50, func(r *AttendanceRecord) *string { return &r.Name }),
		kindCol("联系电话", []string{"手机号码"}, tableimport.Phone, false, func(r *AttendanceRecord) *string { return &r.Phone }),
		column[AttendanceRecord]{Column: tableimport.Column[AttendanceRecord]{Name: "月份", Aliases: []string{"考勤月份", "年月"}, Kind: tableimport.Month,
			Required: true, NotBlank: true, Set: func(r *AttendanceRecord, v tableimport.Value) { r.Month = v.Month }},
			Get: func(r *AttendanceRecord) any { return r.Month }},
		intCol("在村天数", []string{"驻村天数", "在岗天数", "出勤天数"}, true, func(r *AttendanceRecord) *int { return &r.Days }),
	),
	check: func(rs Resolver, r *AttendanceRecord) [][2]string {
		var out [][2]string
		if why := rs.resolve(&r.Place); why != "" {
			out = append(out, [2]string{"村", why})
		}
		a := Attendance{Month: r.Month, Days: r.Days}
		if err := a.Validate(); err != nil {
			out = append(out, [2]string{"在村天数", errs.Message(err)})
		}
		return out
	},
}

// Leaves is the 请销假 ledger of the work teams.
var Leaves = &Ledger[LeaveRecord]{Kind: LedgerLeaves, Title: LedgerTitles[LedgerLeaves],
	cols: append(placeCols(func(r *LeaveRecord) *Place { return &r.Place }),
		textCol("姓名", []string{"队员姓名", "请假人"}, true, 50, func(r *LeaveRecord) *string { return &r.Name }),
		kindCol("联系电话", []string{"手机号码"}, tableimport.Phone, false, func(r *LeaveRecord) *string { return &r.Phone }),
		dateCol("请假开始日期", []string{"请假开始时间", "开始日期", "离村日期"}, true, func(r *LeaveRecord) *registry.Date { return &r.Leave.From }),
		dateCol("请假结束日期", []string{"请假结束时间", "结束日期"}, true, func(r *LeaveRecord) *registry.Date { return &r.Leave.To }),
		intCol("请假天数", []string{"天数"}, false, func(r *LeaveRecord) *int { return &r.Days }),
		textCol("请假事由", []string{"事由", "请假原因"}, false, maxNote, func(r *LeaveRecord) *string { return &r.Leave.Reason }),
		enumCol("审批状态", []string{"审批结果", "状态"}, LeaveStates, map[string]string{"同意": LeaveApproved, "批准": LeaveApproved, "已同意": LeaveApproved,
			"不同意": LeaveRefused, "驳回": LeaveRefused, "不批准": LeaveRefused, "待批": LeavePending, "审批中": LeavePending, "已返岗": LeaveReturned},
			func(r *LeaveRecord) *string { return &r.Leave.State }),
		textCol("审批人", []string{"批准人"}, false, 50, func(r *LeaveRecord) *string { return &r.Leave.Approver }),
		enumCol("审批层级", []string{"审批单位", "批准单位"}, ApproverLevels, ApproverSpellings, func(r *LeaveRecord) *string { return &r.Leave.ApproverLevel }),
		dateCol("销假日期", []string{"销假时间", "返岗日期", "返村日期"}, false, func(r *LeaveRecord) *registry.Date { return &r.Leave.ReturnedOn }),
	),
	check: func(rs Resolver, r *LeaveRecord) [][2]string {
		var out [][2]string
		if why := rs.resolve(&r.Place); why != "" {
			out = append(out, [2]string{"村", why})
		}
		if r.Leave.State == "" {
			r.Leave.State = LeavePending
		}
		if !r.Leave.ReturnedOn.IsZero() && r.Leave.State == LeaveApproved {
			r.Leave.State = LeaveReturned
		}
		l := r.Leave
		l.MemberID = "-"
		if err := l.Validate(); err != nil {
			out = append(out, [2]string{"", errs.Message(err)})
		} else if r.Days != 0 && r.Days != l.Days() {
			out = append(out, [2]string{"请假天数", fmt.Sprintf("请假天数 %d 与起止日期（%d 天）不符", r.Days, l.Days())})
		}
		r.Days = 0
		return out
	},
}

// GridsLedger is the 网格划分.
var GridsLedger = &Ledger[GridRecord]{Kind: LedgerGrids, Title: LedgerTitles[LedgerGrids],
	cols: append(placeCols(func(r *GridRecord) *Place { return &r.Place }),
		textCol("网格名称", []string{"网格", "所属网格", "网格编号"}, true, 100, func(r *GridRecord) *string { return &r.Grid }),
		textCol("户编号", []string{"户码"}, false, 40, func(r *GridRecord) *string { return &r.HouseholdNo }),
		textCol("户主姓名", []string{"户主"}, false, 50, func(r *GridRecord) *string { return &r.Head }),
		textCol("网格员", []string{"网格员姓名"}, false, 50, func(r *GridRecord) *string { return &r.Member }),
		kindCol("网格员电话", []string{"网格员联系电话", "网格员手机号码"}, tableimport.Phone, false, func(r *GridRecord) *string { return &r.Phone }),
		enumCol("网格职务", []string{"网格员职务", "职务"}, GridRoles, map[string]string{"网格长（组长）": GridLeader, "组长": GridLeader, "专职网格员": GridWorker, "兼职网格员": GridWorker},
			func(r *GridRecord) *string { return &r.Role }),
		column[GridRecord]{Column: tableimport.Column[GridRecord]{Name: "网格员是否已确认", Aliases: []string{"是否已确认", "本人确认"}, Kind: tableimport.Flag,
			Set: func(r *GridRecord, v tableimport.Value) { r.Confirmed = v.Flag }}, Get: func(r *GridRecord) any { return r.Confirmed }},
	),
	check: func(rs Resolver, r *GridRecord) [][2]string {
		var out [][2]string
		if r.Code != "" || r.VillageName != "" {
			if why := rs.resolve(&r.Place); why != "" {
				out = append(out, [2]string{"村", why})
			}
		} else if r.HouseholdNo == "" {
			out = append(out, [2]string{"村", "请填写村（或户编号）"})
		}
		if r.HouseholdNo == "" && r.Member == "" {
			out = append(out, [2]string{"", "每行应填写户编号或网格员"})
		}
		if r.Member == "" && (r.Phone != "" || r.Role != "") {
			out = append(out, [2]string{"网格员", "填写了网格员电话或职务，却没有填写网格员姓名"})
		}
		return out
	},
}
