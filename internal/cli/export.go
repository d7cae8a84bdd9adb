package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/importer"
	"github.com/gonggu/gonggu/internal/region"
)

// runExport runs an export subcommand: export registry writes the registry of a region in the
// national format, which gonggu import reads back unchanged.
func runExport(ctx context.Context, m *Main, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return errs.E(errs.Invalid, "请指明导出什么：gonggu export registry --db 数据库 --region 区划代码 --out 文件.xlsx（或 .csv）")
	}
	switch args[0] {
	case "registry":
		return runExportRegistry(ctx, m, args[1:])
	}
	return errs.E(errs.Invalid, "未知的导出内容「%s」；目前可导出：registry（户籍台账，全国系统格式）", args[0])
}

func runExportRegistry(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("export registry")
	dsn := m.dbFlag(fs)
	code := fs.String("region", "", "导出该区划（省、市、县、乡镇或村）下的全部户")
	out := fs.String("out", "", "导出文件（.xlsx 或 .csv）")
	format := fs.String("format", "", "文件格式：xlsx 或 csv（UTF-8 带 BOM；收入表另存为「文件名-家庭收入.csv」）；默认按 --out 的扩展名")
	perCounty := fs.Bool("per-county", false, "每县一个文件（文件名后加县代码和县名），而不是整个区域一个文件")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *code == "" || *out == "" {
		return errs.E(errs.Invalid, "请给出 --region 区划代码 和 --out 文件.xlsx（或 .csv）")
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if *format == "" {
		*format = strings.TrimPrefix(ext, ".")
	}
	switch *format {
	case "xlsx", "csv":
	default:
		return errs.E(errs.Invalid, "导出格式应为 xlsx 或 csv，而不是「%s」", *format)
	}
	if ext != "."+*format {
		return errs.E(errs.Invalid, "导出文件须以 .%s 结尾", *format)
	}
	scope, err := region.ParseCode(*code)
	if err != nil {
		return err
	}
	tree, err := region.LoadArea(scope)
	if err != nil {
		return err
	}
	db, err := m.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	// Count first, and say at once what will be written and how the tables are split.
	plan, err := importer.PlanExport(ctx, db, tree, scope, *out, importer.ExportOptions{CSV: *format == "csv", PerCounty: *perCounty})
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, plan.Describe(tree))
	bar := newProgressBar(m.Stderr)
	stats, err := plan.Write(ctx, db, tree, bar.exportProgress)
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "已将 %s 的 %s 户、%s 人、%s 条收入记录导出到 %s，用时 %s，内存峰值约 %d MB。\n",
		tree.FullName(scope), count(stats.Households), count(stats.Persons), count(stats.Incomes),
		strings.Join(plan.Files(), "、"), time.Since(start).Round(time.Millisecond), peakMemoryMB())
	fmt.Fprintln(m.Stdout, stats.Omitted.Summary())
	fmt.Fprintln(m.Stdout, "文件含未遮盖的身份证号码和电话，请妥善保管。")
	return nil
}
