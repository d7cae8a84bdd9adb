package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

const ledgerUsage = `用法:
  gonggu ledger --db 数据库 --region 区划代码 [--status pending|doing|fixed|closed|open] [--overdue] [--mask] [--out 文件.xlsx]`

// runLedger exports the rectification ledger of a region as a 整改台账 workbook, or, without
// --out, prints how many items it has by status and how many are overdue.
func runLedger(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("ledger")
	dsn := m.dbFlag(fs)
	code := fs.String("region", "", "该区划（省、市、县、乡镇或村）的整改事项")
	status := fs.String("status", "", "只导出该状态的事项；open 为未销号的全部事项")
	overdue := fs.Bool("overdue", false, "只导出已逾期的事项")
	out := fs.String("out", "", "导出文件（.xlsx）；不给则只列出各状态的数量")
	mask := fs.Bool("mask", false, "导出时隐去户主姓名（只留姓）和文字中的证件号码、电话号码")
	if err := parse(fs, args); err != nil {
		fmt.Fprintln(m.Stderr, ledgerUsage)
		return err
	}
	if *code == "" {
		fmt.Fprintln(m.Stderr, ledgerUsage)
		return errs.E(errs.Invalid, "请给出 --region 区划代码")
	}
	scope, err := region.ParseCode(*code)
	if err != nil {
		return err
	}
	f := store.Filter{Scope: scope}
	switch *status {
	case "":
	case "open":
		f.Open = true
	default:
		if f.Status, err = ledger.ParseStatus(*status); err != nil {
			return err
		}
	}
	if *overdue {
		f.Overdue = m.Now()
	}
	db, err := m.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	l := store.NewLedger(db)
	if *out == "" {
		for _, st := range ledger.Statuses {
			n, err := l.Count(ctx, store.Filter{Scope: scope, Status: st})
			if err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "%s\t%d\n", st.Label(), n)
		}
		n, err := l.Count(ctx, store.Filter{Scope: scope, Overdue: m.Now()})
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "已逾期\t%d\n", n)
		return nil
	}
	if !strings.EqualFold(filepath.Ext(*out), ".xlsx") {
		return errs.E(errs.Invalid, "导出文件须以 .xlsx 结尾")
	}
	rows, err := l.ExportRows(ctx, f)
	if err != nil {
		return err
	}
	n := len(rows)
	tree := loadTree(scope)
	title := ledger.SheetName
	if tree != nil {
		title = tree.FullName(scope) + " " + ledger.SheetName
	}
	file, err := os.Create(*out)
	if err != nil {
		return errs.Wrap(err, errs.Invalid, "无法创建文件 %s", *out)
	}
	if err := ledger.WriteRows(file, rows, tree, ledger.WriterOptions{Title: title, Mask: *mask}); err != nil {
		file.Close()
		return err
	}
	if err := file.Close(); err != nil {
		return errs.Wrap(err, errs.Internal, "无法写入文件 %s", *out)
	}
	what := "含完整姓名和号码"
	if *mask {
		what = "已隐去姓名和号码"
	}
	if err := store.NewAuditLog(db).Append(ctx, audit.Entry{Action: audit.Export, ObjectType: "ledger", Region: scope,
		Detail: fmt.Sprintf("命令行导出整改台账 %d 条（%s）", n, what)}); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "已导出整改事项 %d 条到 %s\n", n, *out)
	return nil
}
