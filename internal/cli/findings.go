package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/csvout"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/store"
)

const findingsUsage = `用法:
  gonggu findings --db 数据库 [--region 区划代码] [--rule 规则编号] [--status open|closed|waived] --format csv|xlsx [--out 文件]
  gonggu findings waive --db 数据库 --id 问题编号 --by 说明人 --reason 理由`

// runFindings lists findings as CSV or as the 疑点清单 workbook, or waives one.
func runFindings(ctx context.Context, m *Main, args []string) error {
	if len(args) > 0 && args[0] == "waive" {
		return runWaive(ctx, m, args[1:])
	}
	fs := m.flags("findings")
	dsn := m.dbFlag(fs)
	code := fs.String("region", "", "只列出该区划内的问题")
	rule := fs.String("rule", "", "只列出该规则的问题（规则编号见 gonggu rules）")
	status := fs.String("status", "", "只列出该状态的问题：open（未整改）、closed（已消除）、waived（已说明）")
	format := fs.String("format", "csv", "输出格式：csv 或 xlsx（疑点清单）")
	out := fs.String("out", "", "输出文件；不给则写到标准输出")
	if err := parse(fs, args); err != nil {
		fmt.Fprintln(m.Stderr, findingsUsage)
		return err
	}
	var f store.FindingFilter
	if *code != "" {
		c, err := region.ParseCode(*code)
		if err != nil {
			return err
		}
		f.Scope = c
	}
	if *rule != "" {
		if rules.All().Get(*rule) == nil {
			return errs.E(errs.Invalid, "没有编号为「%s」的规则，见 gonggu rules", *rule)
		}
		f.Rule = *rule
	}
	if *status != "" {
		st, err := store.ParseFindingStatus(*status)
		if err != nil {
			return err
		}
		f.Status = st
	}
	if *format != "csv" && *format != "xlsx" {
		return errs.E(errs.Invalid, "--format 应为 csv 或 xlsx")
	}
	db, err := m.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	w := m.Stdout
	if *out != "" {
		file, err := os.Create(*out)
		if err != nil {
			return errs.Wrap(err, errs.Invalid, "无法创建文件 %s", *out)
		}
		defer file.Close()
		w = file
	}
	fstore := store.NewFindings(db)
	if *format == "csv" {
		err = writeFindingsCSV(ctx, w, fstore, f)
	} else {
		err = writeFindingsXLSX(ctx, w, fstore, f, loadTree(f.Scope), m.Now())
	}
	if err != nil {
		return err
	}
	n, _ := fstore.Count(ctx, f)
	ctx = audit.WithActor(ctx, audit.Actor{Username: "（命令行）"})
	if err := store.NewAuditLog(db).Append(ctx, audit.Entry{Action: audit.Export, ObjectType: "findings", Region: f.Scope,
		Detail: fmt.Sprintf("导出问题清单（%s）%d 条", *format, n)}); err != nil {
		return err
	}
	if *out != "" {
		fmt.Fprintf(m.Stdout, "已导出 %d 条问题到 %s。\n", n, *out)
	}
	return nil
}

// cst is China Standard Time, in which dates are shown.
var cst = time.FixedZone("CST", 8*3600)

func showTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(cst).Format("2006-01-02 15:04:05")
}

// writeFindingsCSV streams findings with the header of the export.
func writeFindingsCSV(ctx context.Context, w io.Writer, fs *store.Findings, f store.FindingFilter) error {
	cw := csvout.NewWriter(w)
	cw.Write([]string{"rule_id", "indicator", "severity", "subject_kind", "subject_id", "region_code", "status",
		"opened_at", "closed_at", "explanation"})
	err := fs.Each(ctx, f, func(x *store.Finding) error {
		return cw.Write([]string{x.RuleID, rules.IndicatorName(x.Indicator), x.Severity, x.SubjectKind, x.SubjectID,
			string(x.Region), string(x.Status), showTime(x.OpenedAt), showTime(x.ClosedAt), x.Explanation})
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// writeFindingsXLSX writes the 疑点清单: a summary sheet with the count per rule and status,
// then one sheet per rule listing its findings, streamed row by row.
func writeFindingsXLSX(ctx context.Context, w io.Writer, fs *store.Findings, f store.FindingFilter, tree *region.Tree, now time.Time) error {
	x := excelize.NewFile()
	defer x.Close()
	head, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	wrap, _ := x.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err := x.SetSheetName("Sheet1", "汇总"); err != nil {
		return errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}

	// Counts per rule and status for the summary, from the same filter.
	type counts struct{ open, waived, closed int }
	byRule := map[string]*counts{}
	err := fs.Each(ctx, store.FindingFilter{Scope: f.Scope, Rule: f.Rule, Status: f.Status, ByRule: true}, func(fd *store.Finding) error {
		c := byRule[fd.RuleID]
		if c == nil {
			c = &counts{}
			byRule[fd.RuleID] = c
		}
		switch fd.Status {
		case store.StatusOpen:
			c.open++
		case store.StatusWaived:
			c.waived++
		default:
			c.closed++
		}
		return nil
	})
	if err != nil {
		return err
	}
	sw, err := x.NewStreamWriter("汇总")
	if err != nil {
		return errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	sw.SetColWidth(1, 1, 8)
	sw.SetColWidth(2, 2, 14)
	sw.SetColWidth(3, 3, 44)
	sw.SetColWidth(4, 8, 10)
	title := "疑点清单"
	if f.Scope != "" && tree != nil {
		title = tree.FullName(f.Scope) + " " + title
	}
	sw.SetRow("A1", []any{excelize.Cell{StyleID: head, Value: title}})
	sw.SetRow("A2", []any{"导出时间：" + showTime(now)})
	sw.SetRow("A4", cells(head, "规则编号", "指标", "规则", "严重程度", "未整改", "已说明", "已消除", "合计"))
	row := 5
	for _, r := range rules.All() {
		c := byRule[r.ID]
		if c == nil {
			continue
		}
		ind := "数据质量"
		if r.Indicator != rules.DataQuality {
			ind = "指标" + strconv.Itoa(r.Indicator)
		}
		sw.SetRow(cellName(1, row), []any{r.ID, ind, r.Title, r.Severity.Label(), c.open, c.waived, c.closed, c.open + c.waived + c.closed})
		row++
	}
	if err := sw.Flush(); err != nil {
		return errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}

	// One sheet per rule, in catalog order of the rules that have findings.
	var cur *excelize.StreamWriter
	var curRule string
	n := 0
	flush := func() error {
		if cur == nil {
			return nil
		}
		return cur.Flush()
	}
	err = fs.Each(ctx, store.FindingFilter{Scope: f.Scope, Rule: f.Rule, Status: f.Status, ByRule: true}, func(fd *store.Finding) error {
		if fd.RuleID != curRule {
			if err := flush(); err != nil {
				return err
			}
			curRule, n = fd.RuleID, 0
			name := sheetName(fd.RuleID)
			if _, err := x.NewSheet(name); err != nil {
				return err
			}
			s, err := x.NewStreamWriter(name)
			if err != nil {
				return err
			}
			cur = s
			for i, wd := range []float64{6, 10, 10, 14, 20, 20, 7, 22, 60, 8, 18, 18, 14, 30, 26} {
				cur.SetColWidth(i+1, i+1, wd)
			}
			r := rules.All().Get(fd.RuleID)
			label := fd.RuleID
			if r != nil {
				label = fd.RuleID + " " + r.Title + "（" + r.Severity.Label() + "）"
			}
			cur.SetRow("A1", []any{excelize.Cell{StyleID: head, Value: label}})
			cur.SetRow("A2", cells(head, "序号", "县（区）", "乡（镇）", "村", "户编号", "对象编号", "对象", "问题编号",
				"问题说明", "状态", "发现时间", "消除时间", "说明人", "例外说明", "最近确认时间"))
		}
		n++
		county, town, village := regionName(tree, fd.Region.County()), regionName(tree, fd.Region.Up(region.Township)), regionName(tree, fd.Region)
		return cur.SetRow(cellName(1, n+2), []any{n, county, town, village, fd.HouseholdNo, fd.SubjectID,
			subjectLabel(fd.SubjectKind), fd.ID, excelize.Cell{StyleID: wrap, Value: fd.Explanation}, fd.Status.Label(),
			showTime(fd.OpenedAt), showTime(fd.ClosedAt), fd.WaivedBy, fd.WaiveReason, showTime(fd.LastSeenAt)})
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		if errs.CodeOf(err) != errs.Internal {
			return err
		}
		return errs.Wrap(err, errs.Internal, "生成疑点清单失败")
	}
	x.SetActiveSheet(0)
	if err := x.Write(w); err != nil {
		return errs.Wrap(err, errs.Internal, "写出疑点清单失败")
	}
	return nil
}

func cells(style int, vs ...string) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = excelize.Cell{StyleID: style, Value: v}
	}
	return out
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// sheetName is the rule id and title, cut to the 31 characters a sheet name may have.
func sheetName(ruleID string) string {
	name := ruleID
	if r := rules.All().Get(ruleID); r != nil {
		name += " " + r.Title
	}
	rs := []rune(name)
	if len(rs) > 31 {
		rs = rs[:31]
	}
	out := make([]rune, 0, len(rs))
	for _, c := range rs {
		switch c {
		case '[', ']', ':', '*', '?', '/', '\\':
			c = '_'
		}
		out = append(out, c)
	}
	return string(out)
}

func subjectLabel(kind string) string {
	return rules.Subject(kind).Label()
}

// runWaive records the explanation (例外说明) of a finding.
func runWaive(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("findings waive")
	dsn := m.dbFlag(fs)
	id := fs.String("id", "", "问题编号（见导出清单的“问题编号”列）")
	by := fs.String("by", "", "说明人")
	reason := fs.String("reason", "", "例外说明的理由")
	if err := parse(fs, args); err != nil {
		fmt.Fprintln(m.Stderr, findingsUsage)
		return err
	}
	if *id == "" {
		return errs.E(errs.Invalid, "请用 --id 给出问题编号")
	}
	db, err := m.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = audit.WithActor(ctx, audit.Actor{Username: "（命令行）" + *by})
	f, err := store.NewFindings(db).Waive(ctx, *id, *by, *reason, m.Now())
	if err != nil {
		return err
	}
	if err := store.NewAuditLog(db).Append(ctx, audit.Entry{Action: audit.FindingWaive, ObjectType: "finding", ObjectID: f.ID,
		Region: f.Region, Detail: fmt.Sprintf("%s %s 例外说明：%s", f.RuleID, f.SubjectID, f.WaiveReason)}); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "问题 %s（%s %s）已由 %s 作出例外说明。问题仍存在时保持“已说明”，不再存在时自动消除。\n",
		f.ID, f.RuleID, f.SubjectID, f.WaivedBy)
	return nil
}
