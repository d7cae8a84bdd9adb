package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
)

func runGen(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("gen")
	dsn := m.dbFlag(fs)
	area := fs.String("area", "6211", "区域的行政区划代码（默认 6211 定西市）")
	n := fs.Int("households", 20000, "户数")
	seed := fs.Uint64("seed", 1, "随机种子（同一种子生成相同数据）")
	clean := fs.Bool("clean", false, "不植入问题数据")
	layout := fs.String("layout", "", "不写入数据库，而按真实文件的版式写成文件：national2023（全国系统 2023 年起的导出）、national2021（2021 年导出，两行表头）或 county（县级工作底表，户信息合并单元格）")
	out := fs.String("out", "", "与 --layout 一起使用：输出文件（.xlsx，或 .csv 即 GB18030 编码的 csv）")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *n <= 0 || *n > 20_000_000 {
		return errs.E(errs.Invalid, "户数须在 1 到 20,000,000 之间")
	}
	code, err := region.ParseCode(*area)
	if err != nil {
		return err
	}
	if *layout != "" {
		return m.generateFile(ctx, code, *n, *seed, *clean, *layout, *out)
	}
	db, err := m.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = m.generate(ctx, db, code, *n, *seed, *clean)
	return err
}

// generate fills db with a synthetic area, refusing an area that already has households.
func (m *Main) generate(ctx context.Context, db *store.DB, area region.Code, n int, seed uint64, clean bool) (gen.Stats, error) {
	tree, err := region.LoadArea(area)
	if err != nil {
		return gen.Stats{}, err
	}
	if _, err := tree.Get(area); err != nil {
		return gen.Stats{}, err
	}
	reg := store.NewRegistry(db)
	have, err := reg.CountHouseholds(ctx, area)
	if err != nil {
		return gen.Stats{}, err
	}
	if have > 0 {
		return gen.Stats{}, errs.E(errs.Conflict, "%s 已有 %d 户数据，不再生成；请换一个数据库", tree.FullName(area), have)
	}
	now := m.Now()
	cfg := gen.Config{Area: area, Households: n, Seed: seed, Year: now.Year(), Ref: now, Rates: gen.DefaultRates()}
	if clean {
		cfg.Rates = gen.ZeroRates()
	}
	fmt.Fprintf(m.Stdout, "正在生成 %s 的 %d 户演示数据（种子 %d）……\n", tree.FullName(area), n, seed)
	start := time.Now()
	stats, err := gen.Fill(ctx, reg, tree, cfg)
	if err != nil {
		return stats, err
	}
	fmt.Fprintf(m.Stdout, "已生成 %d 户、%d 人、%d 条收入、%d 条帮扶措施，用时 %s，内存峰值 %d MB。\n",
		stats.Households, stats.Persons, stats.Incomes, stats.Measures,
		time.Since(start).Round(time.Millisecond), peakMemoryMB())
	return stats, nil
}

// generateFile writes a synthetic area as a file in one of the real layouts, as a county
// would receive it.
func (m *Main) generateFile(ctx context.Context, area region.Code, n int, seed uint64, clean bool, layout, out string) error {
	l, ok := nationalfmt.LayoutByName(layout)
	if !ok {
		return errs.E(errs.Invalid, "--layout 应为 national2023、national2021 或 county，不是「%s」", layout)
	}
	if out == "" {
		return errs.E(errs.Invalid, "请用 --out 给出输出文件")
	}
	csv := strings.EqualFold(filepath.Ext(out), ".csv")
	if !csv && !strings.EqualFold(filepath.Ext(out), ".xlsx") {
		return errs.E(errs.Invalid, "--out 应为 .xlsx 或 .csv 文件")
	}
	tree, err := region.LoadArea(area)
	if err != nil {
		return err
	}
	country, err := region.Load()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return errs.Wrap(err, errs.Invalid, "无法创建「%s」（文件已存在时不覆盖）", out)
	}
	defer f.Close()
	places := region.NewWorkAreaResolver(country)
	var w *nationalfmt.LayoutWriter
	if csv {
		w, err = nationalfmt.NewLayoutCSV(l, country, places, f)
	} else {
		w, err = nationalfmt.NewLayoutWriter(l, country, places)
	}
	if err != nil {
		return err
	}
	now := m.Now()
	cfg := gen.Config{Area: area, Households: n, Seed: seed, Year: now.Year(), Ref: now, Rates: gen.DefaultRates()}
	if clean {
		cfg.Rates = gen.ZeroRates()
	}
	stats, err := gen.Generate(ctx, tree, cfg, 1000, func(b []registry.Aggregate) error {
		for i := range b {
			if err := w.Write(&b[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := w.WriteTo(f); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "已按「%s」版式把 %s 的 %d 户、%d 人写入 %s。\n", l.Title, tree.FullName(area), stats.Households, stats.Persons, out)
	return f.Close()
}

func runDemo(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("demo")
	path := fs.String("db", "gonggu-demo.db", "演示数据库文件")
	n := fs.Int("households", 20000, "演示区域户数")
	addr := fs.String("addr", "127.0.0.1:8080", "网页服务监听地址")
	noServe := fs.Bool("no-serve", false, "只准备演示数据（生成、排查、演示账号），不启动网页服务")
	if err := parse(fs, args); err != nil {
		return err
	}
	fresh := false
	if _, err := os.Stat(*path); os.IsNotExist(err) {
		fresh = true
	}
	db, err := store.Open(ctx, *path, m.Now)
	if err != nil {
		return err
	}
	defer db.Close()
	area := region.Code("621100000000")
	have, err := store.NewRegistry(db).CountHouseholds(ctx, area)
	if err != nil {
		return err
	}
	if fresh || have == 0 {
		if _, err := m.generate(ctx, db, area, *n, 1, false); err != nil {
			return err
		}
		tree, err := region.LoadArea(area)
		if err != nil {
			return err
		}
		for _, fill := range demoFills {
			if err := fill(ctx, m, db, tree, area); err != nil {
				return err
			}
		}
	} else {
		fmt.Fprintf(m.Stdout, "使用已有的演示数据库 %s（%d 户）。\n", *path, have)
	}
	tree, err := region.LoadArea(area)
	if err != nil {
		return err
	}
	if err := printSummary(ctx, m.Stdout, db, tree, area); err != nil {
		return err
	}
	if err := m.demoScreen(ctx, db, tree, area); err != nil {
		return err
	}
	logins, err := m.demoUsers(ctx, db)
	if err != nil {
		return err
	}
	if *noServe {
		return nil
	}
	srv, err := m.newWeb(db, tree, false)
	if err != nil {
		return err
	}
	defer srv.Wait() // background scorecard refreshes end before the database closes
	return m.serve(ctx, db, srv, *addr, "", "", func(url string) {
		fmt.Fprintf(m.Stdout, "\n请用浏览器打开 %s ，用下列演示账号登录（密码均为 %s）：\n", url, demoPassword)
		for _, l := range logins {
			fmt.Fprintf(m.Stdout, "  %-14s %s\n", l[0], l[1])
		}
		fmt.Fprintln(m.Stdout, "按 Ctrl+C 停止。")
	})
}

// demoScreen screens the demo area unless a run has done so already, and makes sure the demo
// has its scorecard: this month's, computed after the screening, and a year of history before
// it (synthetic: see demoScoreHistory).
func (m *Main) demoScreen(ctx context.Context, db *store.DB, tree *region.Tree, area region.Code) error {
	scores := score.New(db, tree)
	scores.Now = m.Now
	engine := m.newEngine(db)
	engine.Now = m.Now
	engine.Log = m.Log
	engine.AfterRun = scores.AfterScreening
	_, err := engine.Findings.LastRun(ctx, area)
	switch {
	case errs.Is(err, errs.NotFound):
		fmt.Fprintln(m.Stdout, "\n正在逐户排查……")
		sum, err := engine.Run(ctx, screen.Options{Scope: area})
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "排查完成：%d 户，发现问题 %d 个，用时 %s。\n", sum.Run.Households, sum.Run.Opened,
			sum.Elapsed.Round(time.Millisecond))
	case err != nil:
		return err
	default:
		// Screened by an earlier demo: the month's scorecard is refreshed from its findings.
		if _, err := scores.Refresh(ctx, area); err != nil {
			return err
		}
	}
	if err := m.demoScoreHistory(ctx, scores, area); err != nil {
		return err
	}
	card, err := scores.Card(ctx, area, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "已计算 %s 期指标评分：%s总分 %s / %s 分", card.Period, card.Parent.Name,
		strconv.FormatFloat(card.Parent.Total, 'f', -1, 64), strconv.FormatFloat(card.Parent.Max, 'f', -1, 64))
	if card.Parent.HasPrev {
		fmt.Fprintf(m.Stdout, "，较上期（%s）%+.2f 分", card.Previous, card.Parent.Change)
	}
	fmt.Fprintln(m.Stdout, "。")
	return nil
}

// demoHistoryMonths is how many months of synthetic scorecard history the demo holds.
const demoHistoryMonths = 12

// demoScoreHistory gives the demo area a year of scorecard history unless it has some: a
// generated area has no past, so the snapshots of the 12 months before this one are made up
// from this month's village counts by gen.ScoreHistory and stored as synthetic (the page marks
// them 演示模拟). Only the demo does this; a real deployment's history is its own monthly
// snapshots.
func (m *Main) demoScoreHistory(ctx context.Context, scores *score.Service, area region.Code) error {
	periods, err := scores.Scores.Periods(ctx, area)
	if err != nil || len(periods) != 1 {
		return err
	}
	cur := periods[0].Period
	villages, err := scores.Scores.Villages(ctx, cur, area)
	if err != nil {
		return err
	}
	for back := demoHistoryMonths; back >= 1; back-- {
		past := gen.ScoreHistory(villages, back, 1)
		if err := scores.Scores.Write(ctx, area, score.AddMonths(cur, -back), store.SourceSynthetic, past); err != nil {
			return err
		}
	}
	fmt.Fprintf(m.Stdout, "已生成 %s 至 %s 的 %d 期模拟评分历史（演示用，非实际排查结果）。\n",
		score.AddMonths(cur, -demoHistoryMonths), score.AddMonths(cur, -1), demoHistoryMonths)
	return nil
}

// demoPassword is the password of the demo accounts: the demo database holds synthetic data only.
const demoPassword = "gonggu2026"

// demoUsers creates the demo accounts, one per role level, unless they exist, and returns
// their usernames and descriptions.
func (m *Main) demoUsers(ctx context.Context, db *store.DB) ([][2]string, error) {
	accounts := []struct {
		name, display string
		role          auth.Role
		code          region.Code
		what          string
	}{
		{"city", "市局演示账号", auth.RoleCity, "621100000000", "定西市乡村振兴局（全市）"},
		{"county", "县局演示账号", auth.RoleCounty, "621121000000", "通渭县乡村振兴局"},
		{"town", "乡镇演示账号", auth.RoleTownship, "621121100000", "通渭县平襄镇"},
		{"village", "村干部演示账号", auth.RoleVillage, "621121100201", "平襄镇的一个村"},
		{"auditor", "审计演示账号", auth.RoleAuditor, "621100000000", "审计人员（可看审计日志）"},
		{"admin", "管理员演示账号", auth.RoleAdmin, "621100000000", "系统管理员（可改政策参数）"},
	}
	users := store.NewUsers(db)
	var out [][2]string
	var hash string
	for _, a := range accounts {
		out = append(out, [2]string{a.name, a.what})
		if _, err := users.User(ctx, a.name); err == nil {
			continue
		} else if !errs.Is(err, errs.NotFound) {
			return nil, err
		}
		if hash == "" {
			var err error
			if hash, err = auth.HashPassword(demoPassword, auth.DefaultHashParams); err != nil {
				return nil, err
			}
		}
		u := &auth.User{Username: a.name, DisplayName: a.display, Role: a.role, Region: a.code, PasswordHash: hash}
		if err := users.Create(ctx, u); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// printSummary prints the registry per county: households by kind and monitoring category,
// people and the average per-capita net income.
func printSummary(ctx context.Context, w io.Writer, db *store.DB, tree *region.Tree, area region.Code) error {
	sums, err := store.NewRegistry(db).Summary(ctx, area)
	if err != nil {
		return err
	}
	row := func(cells ...string) {
		for i, c := range cells {
			if i == 0 {
				fmt.Fprint(w, padName(c, 12))
			} else {
				fmt.Fprint(w, padLeft(c, 12))
			}
		}
		fmt.Fprintln(w)
	}
	line := func(name string, s *store.CountySummary) {
		row(name, strconv.Itoa(s.Households), strconv.Itoa(s.ByKind[registry.KindAlleviated]),
			strconv.Itoa(s.ByKind[registry.KindOrdinary]), strconv.Itoa(s.ByCategory[registry.MonUnstable]),
			strconv.Itoa(s.ByCategory[registry.MonEdge]), strconv.Itoa(s.ByCategory[registry.MonSudden]),
			strconv.Itoa(s.People), (s.AvgPerCapita / 100 * 100).String())
	}
	fmt.Fprintf(w, "\n%s 登记概况\n", tree.FullName(area))
	row("县区", "户数", "脱贫户", "一般农户", "不稳定户", "边缘户", "突发困难", "人数", "人均纯收入")
	total := store.CountySummary{ByKind: map[string]int{}, ByCategory: map[string]int{}}
	var weighted float64
	for i := range sums {
		s := &sums[i]
		name := string(s.County)
		if r, err := tree.Get(s.County); err == nil {
			name = r.Name
		}
		line(name, s)
		total.Households += s.Households
		total.People += s.People
		for k, v := range s.ByKind {
			total.ByKind[k] += v
		}
		for k, v := range s.ByCategory {
			total.ByCategory[k] += v
		}
		weighted += float64(s.AvgPerCapita) * float64(s.Households)
		total.IncomeYear = s.IncomeYear
	}
	if total.Households > 0 {
		total.AvgPerCapita = registry.Money(weighted/float64(total.Households) + 0.5)
	}
	line("合计", &total)
	if total.IncomeYear > 0 {
		fmt.Fprintf(w, "（人均纯收入：%d 年各户人均纯收入的平均值，元）\n", total.IncomeYear)
	}
	return nil
}

// padName pads a Chinese name on the right to a display width, counting a CJK character as
// two columns, since fmt pads by runes and would misalign the table.
func padName(s string, width int) string {
	return s + strings.Repeat(" ", max(0, width-displayWidth(s)))
}

// padLeft pads s on the left to a display width.
func padLeft(s string, width int) string {
	return strings.Repeat(" ", max(0, width-displayWidth(s))) + s
}

func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		if r > 0x2E80 {
			w += 2
		} else {
			w++
		}
	}
	return w
}
