// Package findinglist writes the 疑点清单, the workbook of screening findings that a county
// hands in and works through: a summary sheet (汇总) with the count of each rule's findings by
// state, then one sheet per rule listing its findings with the 县, 乡 and 村, the 户编号 and the
// 户主, the person concerned, the explanation, the state and the rectification ledger item.
// Every sheet has its header rows frozen and an autofilter.
//
// It is the one producer of the workbook: the command line (gonggu findings --format xlsx), the
// web (/findings.xlsx) and the API write it through Write. Names and numbers are written in
// full only when the caller says the user may see them (and has audited it); otherwise the
// 户主's and the person's names keep their first character and the ID numbers and phones in
// every free text are masked.
package findinglist

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/store"
)

// Title is the workbook's name, as pages, exports and the command line call it.
const Title = "疑点清单"

// Request says which findings to list and how.
type Request struct {
	Query store.FindingQuery // the findings: scope, rule, state, indicator, severity (paging is ignored)
	Tree  *region.Tree       // names the regions; nil leaves the names blank
	Now   time.Time          // when it is exported, written on the summary
	Full  bool               // names and numbers in full; masked otherwise
	// Filter describes the filter in words for the summary ("地区：通渭县，状态：未解决").
	Filter string
}

// Columns are the header of each rule's sheet.
var Columns = []string{"序号", "县（区）", "乡（镇）", "村", "户编号", "户主", "对象", "姓名", "对象编号",
	"问题说明", "严重程度", "状态", "发现时间", "消除时间", "说明人", "例外说明", "整改状态", "整改事项编号", "问题编号"}

// SummaryColumns are the header of the summary's table.
var SummaryColumns = []string{"规则编号", "指标", "规则", "严重程度", "未解决", "已说明", "已消除", "合计"}

// Write writes the 疑点清单 of the request to w and returns how many findings it lists.
func Write(ctx context.Context, w io.Writer, fs *store.Findings, req Request) (int, error) {
	x := excelize.NewFile()
	defer x.Close()
	st, err := newStyles(x)
	if err != nil {
		return 0, err
	}
	total, err := writeSummary(ctx, x, fs, req, st)
	if err != nil {
		return 0, err
	}
	var cur *ruleSheet
	err = fs.EachListed(ctx, req.Query, func(l *store.Listed) error {
		if cur == nil || cur.rule != l.RuleID {
			if err := cur.finish(); err != nil {
				return err
			}
			s, err := newRuleSheet(x, l.RuleID, st)
			if err != nil {
				return err
			}
			cur = s
		}
		return cur.add(l, req)
	})
	if err == nil {
		err = cur.finish()
	}
	if err != nil {
		if errs.CodeOf(err) != errs.Internal {
			return 0, err
		}
		return 0, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	x.SetActiveSheet(0)
	if _, err := x.WriteTo(w); err != nil {
		return 0, errs.Wrap(err, errs.Internal, "写出疑点清单失败")
	}
	return total, nil
}

type styles struct{ head, title, wrap int }

func newStyles(x *excelize.File) (styles, error) {
	var st styles
	var err error
	if st.head, err = x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}); err != nil {
		return st, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	if st.title, err = x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}); err != nil {
		return st, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	if st.wrap, err = x.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return st, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	return st, nil
}

// writeSummary writes the 汇总 sheet and returns how many findings the workbook lists.
func writeSummary(ctx context.Context, x *excelize.File, fs *store.Findings, req Request, st styles) (int, error) {
	const sheet = "汇总"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return 0, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	counts, err := fs.CountByRule(ctx, req.Query)
	if err != nil {
		return 0, err
	}
	type tally struct{ open, waived, closed int }
	byRule := map[string]*tally{}
	for _, c := range counts {
		t := byRule[c.Rule]
		if t == nil {
			t = &tally{}
			byRule[c.Rule] = t
		}
		switch c.Status {
		case store.StatusOpen:
			t.open += c.N
		case store.StatusWaived:
			t.waived += c.N
		default:
			t.closed += c.N
		}
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return 0, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	for i, wd := range []float64{10, 12, 44, 10, 10, 10, 10, 10} {
		sw.SetColWidth(i+1, i+1, wd)
	}
	const headRow = 5
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: headRow, TopLeftCell: cell(1, headRow+1), ActivePane: "bottomLeft"}); err != nil {
		return 0, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	title := Title
	if req.Query.Scope != "" && req.Tree != nil {
		title = req.Tree.FullName(req.Query.Scope) + " " + Title
	}
	shown := "姓名和号码：已隐去（户主、成员姓名只留姓，证件号码和电话号码打星号）"
	if req.Full {
		shown = "姓名和号码：完整（本次导出已记入审计日志，请妥善保管，勿外传）"
	}
	rows := [][]any{
		{excelize.Cell{StyleID: st.title, Value: title}},
		{"导出时间：" + showTime(req.Now)},
		{"筛选条件：" + dash(req.Filter)},
		{shown},
		cells(st.head, SummaryColumns...),
	}
	for i, r := range rows {
		if err := sw.SetRow(cell(1, i+1), r); err != nil {
			return 0, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
		}
	}
	row, total := headRow+1, tally{}
	for _, r := range rules.All() {
		t := byRule[r.ID]
		if t == nil {
			continue
		}
		if err := sw.SetRow(cell(1, row), []any{r.ID, rules.IndicatorTitles[r.Indicator], r.Title, r.Severity.Label(),
			t.open, t.waived, t.closed, t.open + t.waived + t.closed}); err != nil {
			return 0, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
		}
		total.open, total.waived, total.closed = total.open+t.open, total.waived+t.waived, total.closed+t.closed
		delete(byRule, r.ID)
		row++
	}
	// Rules no longer in the catalog still count.
	for id, t := range byRule {
		if err := sw.SetRow(cell(1, row), []any{id, "", "（已停用的规则）", "", t.open, t.waived, t.closed, t.open + t.waived + t.closed}); err != nil {
			return 0, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
		}
		total.open, total.waived, total.closed = total.open+t.open, total.waived+t.waived, total.closed+t.closed
		row++
	}
	if err := x.AutoFilter(sheet, cell(1, headRow)+":"+cell(len(SummaryColumns), max(row-1, headRow+1)), nil); err != nil {
		return 0, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	all := total.open + total.waived + total.closed
	sum := cells(st.head, "合计", "", "", "")
	for _, n := range []int{total.open, total.waived, total.closed, all} {
		sum = append(sum, excelize.Cell{StyleID: st.head, Value: n})
	}
	if err := sw.SetRow(cell(1, row), sum); err != nil {
		return 0, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	if err := sw.Flush(); err != nil {
		return 0, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	return all, nil
}

// ruleSheet is the sheet of one rule, being written.
type ruleSheet struct {
	x    *excelize.File
	name string
	rule string
	sw   *excelize.StreamWriter
	st   styles
	n    int
}

const ruleHeadRow = 2 // the rule's title, then the header

func newRuleSheet(x *excelize.File, rule string, st styles) (*ruleSheet, error) {
	name := SheetName(rule)
	if _, err := x.NewSheet(name); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	sw, err := x.NewStreamWriter(name)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	for i, wd := range []float64{6, 10, 12, 16, 20, 10, 6, 10, 22, 60, 8, 8, 18, 18, 12, 30, 10, 26, 26} {
		sw.SetColWidth(i+1, i+1, wd)
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: ruleHeadRow, TopLeftCell: cell(1, ruleHeadRow+1), ActivePane: "bottomLeft"}); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	label := rule
	if r := rules.All().Get(rule); r != nil {
		label = rule + " " + r.Title + "（" + r.Severity.Label() + "，" + rules.IndicatorTitles[r.Indicator] + "）"
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: label}}); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	if err := sw.SetRow(cell(1, ruleHeadRow), cells(st.head, Columns...)); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	return &ruleSheet{x: x, name: name, rule: rule, sw: sw, st: st}, nil
}

func (s *ruleSheet) add(l *store.Listed, req Request) error {
	s.n++
	head, subject, explanation, reason := l.Head, l.SubjectName, l.Explanation, l.WaiveReason
	if !req.Full {
		explanation = auth.MaskText(auth.MaskNames(explanation, head, subject))
		reason = auth.MaskText(auth.MaskNames(reason, head, subject))
		head, subject = auth.MaskName(head), auth.MaskName(subject)
	}
	var county, town, village string
	if req.Tree != nil {
		county = regionName(req.Tree, l.Region.County())
		town = regionName(req.Tree, l.Region.Up(region.Township))
		village = regionName(req.Tree, l.Region)
	}
	severity := l.Severity
	if sev, ok := rules.ParseSeverity(l.Severity); ok {
		severity = sev.Label()
	}
	item := l.ItemStatus
	if l.Item == "" {
		item = "未列入台账"
	}
	row := []any{s.n, county, town, village, l.HouseholdNo, head, rules.Subject(l.SubjectKind).Label(), subject, l.SubjectID,
		excelize.Cell{StyleID: s.st.wrap, Value: explanation}, severity, l.Status.Label(), showTime(l.OpenedAt),
		showTime(l.ClosedAt), l.WaivedBy, reason, item, l.Item, l.ID}
	if err := s.sw.SetRow(cell(1, s.n+ruleHeadRow), row); err != nil {
		return errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	return nil
}

// finish sets the sheet's autofilter over its rows and flushes it; a nil sheet is done.
func (s *ruleSheet) finish() error {
	if s == nil {
		return nil
	}
	last := cell(len(Columns), s.n+ruleHeadRow)
	if err := s.x.AutoFilter(s.name, cell(1, ruleHeadRow)+":"+last, nil); err != nil {
		return errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	if err := s.sw.Flush(); err != nil {
		return errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	return nil
}

// SheetName is the name of a rule's sheet: its id and title, cut to the 31 characters a sheet
// name may have, without the characters a sheet name may not hold.
func SheetName(ruleID string) string {
	name := ruleID
	if r := rules.All().Get(ruleID); r != nil {
		name += " " + r.Title
	}
	rs := []rune(name)
	if len(rs) > 31 {
		rs = rs[:31]
	}
	for i, c := range rs {
		switch c {
		case '[', ']', ':', '*', '?', '/', '\\':
			rs[i] = '_'
		}
	}
	return string(rs)
}

func regionName(t *region.Tree, c region.Code) string {
	if r, err := t.Get(c); err == nil {
		return r.Name
	}
	return ""
}

// cst is China Standard Time, in which times are written.
var cst = time.FixedZone("CST", 8*3600)

func showTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(cst).Format("2006-01-02 15:04")
}

func dash(s string) string {
	if s == "" {
		return "全部"
	}
	return s
}

func cells(style int, vs ...string) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = excelize.Cell{StyleID: style, Value: v}
	}
	return out
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// Describe says in words which findings the query selects, as the summary and the audit log
// write it: 地区：通渭县，规则：I1-03 …，状态：未解决.
func Describe(t *region.Tree, q store.FindingQuery) string {
	scope := "全部"
	if q.Scope != "" {
		scope = string(q.Scope)
		if t != nil {
			if name := regionName(t, q.Scope); name != "" {
				scope = name
			}
		}
	}
	parts := []string{"地区：" + scope}
	if title, ok := rules.IndicatorTitles[q.Indicator]; ok && q.Indicator >= 0 {
		parts = append(parts, "指标："+title)
	}
	if q.Rule != "" {
		rule := q.Rule
		if r := rules.All().Get(q.Rule); r != nil {
			rule += " " + r.Title
		}
		parts = append(parts, "规则："+rule)
	}
	if sev, ok := rules.ParseSeverity(q.Severity); ok {
		parts = append(parts, "严重程度："+sev.Label())
	}
	status := "全部"
	if q.Status != "" {
		status = q.Status.Label()
	}
	return strings.Join(append(parts, "状态："+status), "，")
}
