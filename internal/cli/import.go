package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/importer"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/screen"
)

// runImport imports national exports: it checks every file first, writes an error report next
// to each file that has blocking errors, and imports in one transaction when there are none
// (or, with --partial, the households without them). The changed households are re-screened.
func runImport(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("import")
	dsn := m.dbFlag(fs)
	partial := fs.Bool("partial", false, "只导入没有阻断性错误的户，其余写入错误报告")
	year := fs.Int("year", 0, "收入数据没有「年度」列时使用的年度（默认上一年，与网页导入相同）")
	check := fs.Bool("check", false, "只检查文件、生成错误报告，不写入数据库")
	noScreen := fs.Bool("no-screen", false, "导入后不重新筛查变动的户")
	markLeft := fs.Bool("mark-left", false, "把原在册、本次文件的同户成员中没有列出的人标记为离开（不加此项时只列出这些人，不作改动）")
	paths, err := parseWithFiles(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return errs.E(errs.Invalid, "请给出要导入的文件：gonggu import --db 数据库 文件.xlsx|文件.csv …")
	}
	db, err := m.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	tree, err := region.Load()
	if err != nil {
		return err
	}
	bar := newProgressBar(m.Stderr)
	if *year == 0 {
		// The national export is taken after the year whose income it states.
		*year = m.Now().Year() - 1
	}
	im := &importer.Importer{DB: db, Tree: tree, Now: m.Now, Log: m.Log, DefaultYear: *year,
		Username: m.Getenv("USER"), Progress: bar.importProgress}
	var files []importer.File
	for _, p := range paths {
		files = append(files, importer.File{Path: p})
	}
	start := time.Now()
	if *check {
		st, err := im.Stage(ctx, files)
		bar.done()
		if err != nil {
			return err
		}
		defer st.Close()
		rep := &st.Report
		// The column mapping first: what each header was read as, before what was found.
		rep.WriteColumns(m.Stdout)
		rep.Summary(m.Stdout, 20)
		if !rep.OK() {
			if err := writeReports(m.Stdout, rep, files); err != nil {
				return err
			}
			return errs.E(errs.Invalid, "检查发现问题（见上），未写入任何数据")
		}
		fmt.Fprintln(m.Stdout, "检查通过（未写入数据库；去掉 --check 即可导入）。")
		return nil
	}
	// The changed households are re-screened after the commit, with those of any earlier
	// import whose re-screen did not finish; with --no-screen their screening stays owed,
	// for gonggu screen or the next start of gonggu serve.
	var sres *screen.HouseholdResult
	var screened int
	if !*noScreen {
		en := m.newEngine(db)
		en.Now, en.Log = m.Now, m.Log
		im.AfterWrite = func(ctx context.Context, nos []string) error {
			bar.done()
			fmt.Fprintf(m.Stderr, "正在重新筛查变动的 %s 户……\n", count(len(nos)))
			var err error
			sres, err = en.Households(ctx, nos)
			screened = len(nos)
			return err
		}
	}
	st, res, err := im.Import(ctx, files, importer.Options{Partial: *partial, MarkLeft: *markLeft})
	bar.done()
	if st != nil {
		defer st.Close()
		rep := &st.Report
		rep.Summary(m.Stdout, 20)
		if !rep.OK() {
			if err := writeReports(m.Stdout, rep, files); err != nil {
				return err
			}
		}
		switch {
		case err != nil:
		case rep.Fatal:
			return errs.E(errs.Invalid, "文件缺少必需的列或不是全国系统的导出表，未写入任何数据")
		case res == nil:
			return errs.E(errs.Invalid, "有 %d 处阻断性错误，未写入任何数据；改正后重新导入，或加 --partial 只导入没有错误的户", rep.Blocking)
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "\n已导入（一个事务内完成）：\n  户：新增 %s，变更 %s，未变 %s",
		count(res.Households.Added), count(res.Households.Changed), count(res.Households.Unchanged))
	if res.Skipped > 0 {
		fmt.Fprintf(m.Stdout, "，因错误跳过 %s", count(res.Skipped))
	}
	fmt.Fprintf(m.Stdout, "\n  人：新增 %s，变更 %s，未变 %s，标记离开 %s\n  收入记录：新增或变更 %s 条\n",
		count(res.Persons.Added), count(res.Persons.Changed), count(res.Persons.Unchanged), count(res.Persons.Left), count(res.Incomes))
	for _, l := range res.LeavingLines(50, *markLeft, "确认后加 --mark-left 重新导入同一文件") {
		fmt.Fprintln(m.Stdout, l)
	}
	fmt.Fprintf(m.Stdout, "用时 %s，内存峰值约 %d MB。\n", time.Since(start).Round(time.Millisecond), peakMemoryMB())
	switch {
	case res.AfterWriteErr != nil:
		m.Log.Error("re-screening after import failed", "err", res.AfterWriteErr)
		fmt.Fprintf(m.Stdout, "注意：数据已导入，但重新筛查失败（%s）；请运行 gonggu screen 重新筛查。\n", errs.Message(res.AfterWriteErr))
	case sres != nil:
		fmt.Fprintf(m.Stdout, "已重新筛查变动的 %s 户：新发现问题 %d 个，仍存在 %d 个，已消除 %d 个。\n",
			count(screened), len(sres.Opened), len(sres.Kept), len(sres.Closed))
	case *noScreen && len(res.Written) > 0:
		fmt.Fprintf(m.Stdout, "变动的 %s 户尚未重新筛查（--no-screen）：运行 gonggu screen，或下次启动 gonggu serve 时自动补做。\n", count(len(res.Written)))
	}
	return nil
}

// writeReports writes the error report of each file with blocking errors next to it.
func writeReports(w io.Writer, rep *importer.Report, files []importer.File) error {
	for _, name := range rep.FilesWithIssues() {
		path := ""
		for _, f := range files {
			if filepath.Base(f.Path) == name {
				path = importer.ReportPath(f.Path)
			}
		}
		if path == "" {
			path = importer.ReportPath(name)
		}
		out, err := os.Create(path)
		if err != nil {
			return errs.Wrap(err, errs.Invalid, "无法写入错误报告「%s」", path)
		}
		err = rep.WriteXLSX(out, name)
		if cerr := out.Close(); err == nil && cerr != nil {
			err = errs.Wrap(cerr, errs.Internal, "无法写入错误报告")
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n错误报告已写入：%s\n", path)
	}
	return nil
}

// parseWithFiles parses flags that may come before, between or after the file arguments.
func parseWithFiles(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errs.E(errs.Invalid, "参数有误：%v", err)
		}
		if fs.NArg() == 0 {
			return files, nil
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// count formats a count with thousands separators.
func count(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && c != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// progressBar draws progress on a terminal; on anything else it stays silent, so that logs
// and pipes get the summary only.
type progressBar struct {
	w     io.Writer
	tty   bool
	last  time.Time
	label string
	drawn bool
}

func newProgressBar(w io.Writer) *progressBar {
	b := &progressBar{w: w}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			b.tty = true
		}
	}
	return b
}

func (b *progressBar) importProgress(p importer.Progress) {
	if !b.tty {
		return
	}
	label := p.Phase.Label()
	if p.File != "" {
		label += " " + p.File
		if p.Sheet != "" {
			label += "「" + p.Sheet + "」"
		}
	}
	now := time.Now()
	if label == b.label && now.Sub(b.last) < 100*time.Millisecond && p.Done < p.Total {
		return
	}
	if label != b.label && b.drawn {
		fmt.Fprintln(b.w)
	}
	b.label, b.last, b.drawn = label, now, true
	const width = 30
	switch {
	case p.Total > 0:
		frac := min(float64(p.Done)/float64(p.Total), 1)
		n := int(frac * width)
		fmt.Fprintf(b.w, "\r%s [%s%s] %3.0f%%  %s 行", label, strings.Repeat("█", n), strings.Repeat("░", width-n), frac*100, count(p.Rows))
	default:
		fmt.Fprintf(b.w, "\r%s %s 户  %s 行", label, count(int(p.Done)), count(p.Rows))
	}
}

func (b *progressBar) exportProgress(done int) {
	if b.tty {
		fmt.Fprintf(b.w, "\r导出 %s 户", count(done))
		b.drawn = true
	}
}

// done ends the current bar's line.
func (b *progressBar) done() {
	if b.tty && b.drawn {
		fmt.Fprintln(b.w)
	}
	b.drawn, b.label = false, ""
}
