package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/csvout"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/findinglist"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/store"
)

const findingsUsage = `用法:
  gonggu findings --db 数据库 [--region 区划代码] [--rule 规则编号] [--status open|closed|waived] --format csv|xlsx [--mask] [--out 文件]
  gonggu findings waive --db 数据库 --id 问题编号 --by 说明人 --reason 理由`

// runFindings lists findings as CSV or as the 疑点清单 workbook (the one findinglist writes for
// the web too), or waives one.
func runFindings(ctx context.Context, m *Main, args []string) error {
	if len(args) > 0 && args[0] == "waive" {
		return runWaive(ctx, m, args[1:])
	}
	fs := m.flags("findings")
	dsn := m.dbFlag(fs)
	code := fs.String("region", "", "只列出该区划内的问题")
	rule := fs.String("rule", "", "只列出该规则的问题（规则编号见 gonggu rules）")
	status := fs.String("status", "", "只列出该状态的问题：open（未解决）、closed（已消除）、waived（已说明）")
	format := fs.String("format", "csv", "输出格式：csv 或 xlsx（疑点清单）")
	mask := fs.Bool("mask", false, "疑点清单中隐去姓名和号码（户主、成员姓名只留姓，证件号码和电话打星号），交给无权查看完整信息的人员时使用")
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
	what := "csv"
	if *format == "csv" {
		err = writeFindingsCSV(ctx, w, fstore, f)
	} else {
		what = "xlsx，含完整姓名和号码"
		if *mask {
			what = "xlsx，已隐去姓名和号码"
		}
		q, tree := store.FindingQuery{FindingFilter: f, Indicator: -1}, loadTree(f.Scope)
		_, err = findinglist.Write(ctx, w, fstore, findinglist.Request{Query: q, Tree: tree, Now: m.Now(), Full: !*mask,
			Filter: findinglist.Describe(tree, q)})
	}
	if err != nil {
		return err
	}
	n, _ := fstore.Count(ctx, f)
	ctx = audit.WithActor(ctx, audit.Actor{Username: "（命令行）"})
	if err := store.NewAuditLog(db).Append(ctx, audit.Entry{Action: audit.Export, ObjectType: "findings", Region: f.Scope,
		Detail: fmt.Sprintf("导出%s（%s）%d 条", findinglist.Title, what, n)}); err != nil {
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
