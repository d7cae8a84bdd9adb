package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/deptcompare"
	"github.com/gonggu/gonggu/internal/deptlists"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
)

// wireDuties wires the duties around the registry into the screening engine: what the
// department lists say about households and villages (deptcompare).
func wireDuties(db *store.DB, e *screen.Engine) {
	deptcompare.Wire(db, e)
}

// runCompare imports a department's list, matches it to the registry by ID number and prints
// what matched, who is missing and how many contradictions screening found.
func runCompare(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("compare")
	dsn := m.dbFlag(fs)
	kinds := make([]string, len(deptlists.Kinds))
	for i, k := range deptlists.Kinds {
		kinds[i] = string(k)
	}
	list := fs.String("list", "", "部门名单："+strings.Join(kinds, "|"))
	scopeFlag := fs.String("region", "", "名单覆盖的区域（区划代码；默认为数据库中全部户所在的区域）")
	year := fs.Int("year", 0, "名单所属年度（默认取名单中的参保年度或年度，没有时为当年）")
	noScreen := fs.Bool("no-screen", false, "比对后不重新筛查")
	report := fs.String("report", "", "文件有错误时，把错误报告写到这个 xlsx 文件")
	var paths []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return errs.E(errs.Invalid, "参数有误：%v", err)
		}
		if fs.NArg() == 0 {
			break
		}
		paths, args = append(paths, fs.Arg(0)), fs.Args()[1:]
	}
	if *list == "" || len(paths) != 1 {
		return errs.E(errs.Invalid, "用法：gonggu compare --db 数据库 --list %s [--region 区划代码] 文件.xlsx|文件.csv", strings.Join(kinds, "|"))
	}
	kind, err := deptlists.ParseKind(*list)
	if err != nil {
		return err
	}
	f, err := os.Open(paths[0])
	if err != nil {
		return errs.Wrap(err, errs.Invalid, "无法打开文件 %s", paths[0])
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return errs.Wrap(err, errs.Invalid, "无法读取文件 %s", paths[0])
	}
	db, err := m.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	scope, err := compareScope(ctx, db, *scopeFlag)
	if err != nil {
		return err
	}
	res, err := deptcompare.Read(kind, filepath.Base(paths[0]), f, st.Size())
	if err != nil {
		return err
	}
	if !res.OK() {
		for i, p := range res.Problems {
			if i == 20 {
				fmt.Fprintf(m.Stdout, "……共 %d 处错误\n", len(res.Problems))
				break
			}
			fmt.Fprintln(m.Stdout, p.String())
		}
		if *report != "" {
			out, err := os.Create(*report)
			if err != nil {
				return errs.Wrap(err, errs.Invalid, "无法写入错误报告 %s", *report)
			}
			werr := res.WriteReport(out)
			if cerr := out.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				return werr
			}
			fmt.Fprintf(m.Stdout, "错误报告：%s\n", *report)
		}
		return errs.E(errs.Invalid, "名单有 %d 处错误（见上），未写入任何数据", len(res.Problems))
	}
	if len(res.Ignored) > 0 {
		fmt.Fprintf(m.Stdout, "未使用的列：%s\n", strings.Join(res.Ignored, "、"))
	}
	tree, err := region.LoadArea(scope)
	if err != nil {
		tree = nil
	}
	user := m.Getenv("USER")
	if user == "" {
		user = "（命令行）"
	}
	ctx = audit.WithActor(ctx, audit.Actor{Username: user})
	svc := deptcompare.New(db, m.newEngine(db), tree)
	svc.Now = m.Now
	out, err := svc.Compare(ctx, res, deptcompare.Options{Kind: kind, Scope: scope, Year: *year, Screen: !*noScreen})
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, out.Summary()+"。")
	for _, l := range out.Lists {
		fmt.Fprintf(m.Stdout, "  %s：匹配 %d 行，缺少 %d，补采 %d 条记录（名单编号 %s）\n", l.County, l.Matched, l.Missing, l.Filled, l.ID)
	}
	if out.Screened != nil {
		fmt.Fprintf(m.Stdout, "已重新筛查 %d 户：新发现问题 %d 个，消除 %d 个。\n", out.Screened.Run.Households,
			out.Screened.Run.Opened, out.Screened.Run.Closed)
	} else {
		fmt.Fprintln(m.Stdout, "未重新筛查：矛盾将在下次筛查（gonggu screen）时列为问题。")
	}
	return nil
}

// compareScope returns the area a list covers: the region given, or the smallest region that
// holds every county of the registry.
func compareScope(ctx context.Context, db *store.DB, given string) (region.Code, error) {
	if given != "" {
		c, err := region.ParseCode(given)
		if err != nil {
			return "", errs.E(errs.Invalid, "区划代码「%s」无效", given)
		}
		return c, nil
	}
	counties, err := store.NewRegistry(db).Counties(ctx, "")
	if err != nil {
		return "", err
	}
	if len(counties) == 0 {
		return "", errs.E(errs.Invalid, "登记库中还没有户，请先导入全国系统导出的数据")
	}
	p := counties[0].Prefix()
	for _, c := range counties[1:] {
		for !strings.HasPrefix(c.Prefix(), p) {
			p = p[:len(p)-2]
		}
	}
	if p == "" {
		return "", errs.E(errs.Invalid, "登记库中的户分属多个省，请用 --region 指定名单覆盖的区域")
	}
	return region.ParseCode(p)
}

// demoListCounty is the demo county whose departments send their lists: the one the demo's
// county account works in.
const demoListCounty = region.Code("621121000000")

// fillDeptLists gives the demo county every department's list, drawn from its registry with a
// few rows that contradict it, compared as gonggu compare does (the demo screens afterwards),
// so that the comparison page and its findings have something to show.
func fillDeptLists(ctx context.Context, m *Main, db *store.DB, tree *region.Tree, area region.Code) error {
	if !area.Contains(demoListCounty) {
		return nil
	}
	if n, err := store.NewRegistry(db).CountHouseholds(ctx, demoListCounty); err != nil || n == 0 {
		return err
	}
	start := time.Now()
	ctx = audit.WithActor(ctx, audit.Actor{Username: "demo"})
	svc := deptcompare.New(db, m.newEngine(db), tree)
	svc.Now = m.Now
	year := m.Now().Year()
	var lists, rows, wrong int
	for i, kind := range deptlists.Kinds {
		var buf bytes.Buffer
		n, w, err := gen.DeptList(ctx, db, demoListCounty, gen.DeptListConfig{Kind: kind, Seed: uint64(i + 1), Year: year,
			Rate: 1, Wrong: 0.02, Outsiders: 3, Ref: m.Now()}, &buf)
		if err != nil {
			return err
		}
		name := string(kind) + "名单.csv"
		res, err := deptcompare.Read(kind, name, bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			return err
		}
		if !res.OK() {
			return errs.E(errs.Internal, "演示名单「%s」有 %d 处错误：%s", name, len(res.Problems), res.Problems[0].String())
		}
		if _, err := svc.Compare(ctx, res, deptcompare.Options{Kind: kind, Scope: demoListCounty, Year: year}); err != nil {
			return err
		}
		lists, rows, wrong = lists+1, rows+n, wrong+w
	}
	fmt.Fprintf(m.Stdout, "已生成通渭县的 %d 份部门名单（%d 行，其中 %d 行与登记不符）并完成比对，用时 %s。\n",
		lists, rows, wrong, time.Since(start).Round(time.Millisecond))
	return nil
}
