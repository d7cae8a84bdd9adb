package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/handbook"
	"github.com/gonggu/gonggu/internal/keycard"
	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/printout"
	"github.com/gonggu/gonggu/internal/recognition"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/sample"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// The commands of indicator 10 and the printed pages: `gonggu card` (明白卡), `gonggu handbook`
// (户帮扶手册), `gonggu sample` (the evaluators' sample rehearsal) and `gonggu recognition`
// (import surveys, petitions and the 脱贫村 list; village satisfaction). The web's pages use the
// same producers.

// writePrinted writes a printed page to out: the HTML itself for .html, a PDF through
// headless Chromium for .pdf.
func writePrinted(ctx context.Context, m *Main, out string, write func(w *bytes.Buffer) error) error {
	ext := strings.ToLower(filepath.Ext(out))
	if ext != ".html" && ext != ".htm" && ext != ".pdf" {
		return errs.E(errs.Invalid, "--out 应为 .html 或 .pdf 文件")
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	data := buf.Bytes()
	if ext == ".pdf" {
		var err error
		if data, err = printout.PDF(ctx, data); err != nil {
			return err
		}
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return errs.Wrap(err, errs.Invalid, "无法写入 %s", out)
	}
	fmt.Fprintf(m.Stdout, "已写入 %s（%d KB）。\n", out, (len(data)+1023)/1024)
	return nil
}

// runCard writes the 明白卡 of a region, or of every village of it.
func runCard(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("card")
	dsn := m.dbFlag(fs)
	code := fs.String("region", "", "区划代码：县、乡镇或村")
	role := fs.String("role", "leader", "版本：leader（领导干部版）或 cadre（村干部和驻村工作队版）")
	villages := fs.Bool("villages", false, "为该地区下的每个村各生成一张（一个文件，每村一页）")
	full := fs.Bool("full-names", false, "显示户主全名（默认脱敏）")
	out := fs.String("out", "", "输出文件：.html 或 .pdf")
	if err := parse(fs, args); err != nil {
		return err
	}
	r, err := keycard.ParseRole(*role)
	if err != nil {
		return err
	}
	scope, err := region.ParseCode(*code)
	if err != nil {
		return errs.E(errs.Invalid, "请用 --region 给出区划代码")
	}
	if *out == "" {
		return errs.E(errs.Invalid, "请用 --out 给出输出文件（.html 或 .pdf）")
	}
	db, err := m.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	tree := loadTree(scope)
	if tree == nil {
		return errs.E(errs.Invalid, "区划「%s」不存在", scope)
	}
	scores := score.New(db, tree)
	scores.Now = m.Now
	src := keycard.Sources{DB: db, Tree: tree, Scores: scores}
	opt := keycard.Options{Role: r, Now: m.Now(), FullNames: *full, Save: true}
	var cards []*keycard.Card
	if *villages {
		if cards, err = keycard.Villages(ctx, src, scope, opt); err != nil {
			return err
		}
	} else {
		c, err := keycard.Build(ctx, src, scope, opt)
		if err != nil {
			return err
		}
		cards = []*keycard.Card{c}
	}
	ctx = audit.WithActor(ctx, audit.Actor{Username: "（命令行）"})
	if err := store.NewAuditLog(db).Append(ctx, audit.Entry{Action: audit.PrintOut, ObjectType: "card", ObjectID: string(scope), Region: scope,
		Detail: fmt.Sprintf("生成明白卡（%s，%d 张，%s）", r.Label(), len(cards), fullOrMasked(*full))}); err != nil {
		return err
	}
	return writePrinted(ctx, m, *out, func(w *bytes.Buffer) error { return keycard.Write(w, cards) })
}

func fullOrMasked(full bool) string {
	if full {
		return "姓名全显"
	}
	return "姓名脱敏"
}

// runHandbook writes the 户帮扶手册 of a household, or of every target household of a village.
func runHandbook(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("handbook")
	dsn := m.dbFlag(fs)
	no := fs.String("household", "", "户编号")
	village := fs.String("village", "", "村的区划代码：为该村每户脱贫户和监测户各生成一册")
	size := fs.String("size", "A4", "纸张：A4 或 A5")
	full := fs.Bool("full-names", false, "显示姓名全名（默认脱敏）")
	out := fs.String("out", "", "输出文件：.html 或 .pdf")
	if err := parse(fs, args); err != nil {
		return err
	}
	paper, err := printout.ParseSize(*size)
	if err != nil {
		return err
	}
	if (*no == "") == (*village == "") || *out == "" {
		return errs.E(errs.Invalid, "请用 --household 或 --village 之一，并用 --out 给出输出文件")
	}
	db, err := m.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	nos := []string{*no}
	scope := region.Code(*village)
	if *village != "" {
		if scope.Level() != region.Village {
			return errs.E(errs.Invalid, "--village 应为村级区划代码")
		}
		rows, err := store.NewRegistry(db).VillageHouseholds(ctx, scope)
		if err != nil {
			return err
		}
		nos = nil
		for _, h := range rows {
			if h.Category != "" || slices.Contains(score.TargetKinds, h.Kind) {
				nos = append(nos, h.No)
			}
		}
		if len(nos) == 0 {
			return errs.E(errs.NotFound, "该村没有脱贫户和监测户")
		}
	}
	tree := loadTree(scope)
	if tree == nil {
		if tree, err = region.Load(); err != nil {
			return err
		}
	}
	src := handbook.Sources{DB: db, Tree: tree, Support: handbook.StoreSupport(db)}
	var books []*handbook.Handbook
	for _, n := range nos {
		b, err := handbook.Build(ctx, src, n, handbook.Options{Now: m.Now(), FullNames: *full})
		if err != nil {
			return err
		}
		books = append(books, b)
	}
	ctx = audit.WithActor(ctx, audit.Actor{Username: "（命令行）"})
	subject := *no
	if subject == "" {
		subject = *village
	}
	if err := store.NewAuditLog(db).Append(ctx, audit.Entry{Action: audit.PrintOut, ObjectType: "handbook", ObjectID: subject,
		Region: scope, Detail: fmt.Sprintf("生成户帮扶手册 %d 册（%s）", len(books), fullOrMasked(*full))}); err != nil {
		return err
	}
	return writePrinted(ctx, m, *out, func(w *bytes.Buffer) error { return handbook.Write(w, books, paper) })
}

// runSample rehearses the evaluators' sample of a county: the draw of the seed, and the score
// over many draws.
func runSample(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("sample")
	dsn := m.dbFlag(fs)
	code := fs.String("county", "", "县的区划代码")
	seed := fs.Uint64("seed", 1, "随机种子：相同种子抽到相同的村和户")
	draws := fs.Int("draws", 0, "模拟抽样次数（默认取政策参数 sample_draws）")
	if err := parse(fs, args); err != nil {
		return err
	}
	county, err := region.ParseCode(*code)
	if err != nil || county.Level() != region.County {
		return errs.E(errs.Invalid, "请用 --county 给出县的区划代码")
	}
	db, err := m.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	now := m.Now().In(ledger.China)
	ps, err := store.NewParams(db).Resolve(ctx, county, now.Year())
	if err != nil {
		return err
	}
	tree := loadTree(county)
	f, err := sample.Load(ctx, db, tree, store.RecognitionVisits(db), county, ps, registry.DateOf(now))
	if err != nil {
		return err
	}
	p := sample.ParamsOf(ps)
	if *draws > 0 {
		p.Draws = *draws
	}
	d := f.Draw(p, *seed, 0)
	o := f.Evaluate(d, ps)
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "%s 抽样演练（种子 %d）：%d 个村、%d 户；模拟得分 %.2f / %.0f\n", regionName(tree, county), *seed, len(d.Villages),
		o.Households, o.Row.Total, o.Row.Max)
	fmt.Fprintln(w, "村\t类别\t人口\t抽中户数")
	per := map[int32]int{}
	for _, h := range d.Households {
		per[f.Households[h].Village]++
	}
	for _, v := range d.Villages {
		kind := "非脱贫村"
		if f.Villages[v].Poor {
			kind = "脱贫村"
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\n", f.Villages[v].Name, kind, f.Villages[v].People, per[v])
	}
	w.Flush()
	fmt.Fprintf(m.Stdout, "抽中户中有未解决问题的 %d 户（问题 %d 个，其中不计分 %d 个），有满意度调查的 %d 户（满意 %d 户）",
		o.WithOpen, o.Open, o.Unscored, o.Answered, o.Satisfied)
	if f.VisitsKept {
		fmt.Fprintf(m.Stdout, "，走访间隔内未走访 %d 户", o.NotVisited)
	}
	fmt.Fprintln(m.Stdout, "。")
	dist := f.Simulate(p, ps, *seed, p.Draws)
	fmt.Fprintf(m.Stdout, "%d 次模拟抽样：预计得分 %.2f（标准差 %.2f，90%% 的抽样在 %.2f–%.2f 之间，最低 %.2f，最高 %.2f），满分 %.0f。\n",
		dist.Draws, dist.Mean, dist.SD, dist.P5, dist.P95, dist.Min, dist.Max, dist.Full)
	return nil
}

// runRecognition imports a county's survey, petition and 脱贫村 lists, and prints the village
// satisfaction of a region.
func runRecognition(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("recognition")
	dsn := m.dbFlag(fs)
	code := fs.String("region", "", "区划代码：县、乡镇或村（导入须在县及以下）")
	surveys := fs.String("surveys", "", "导入群众满意度调查表（xlsx/csv）")
	petitions := fs.String("petitions", "", "导入信访事项登记表（xlsx/csv）")
	poor := fs.String("poor-villages", "", "导入脱贫村名单（xlsx/csv），替换该县原有名单")
	if err := parse(fs, args); err != nil {
		return err
	}
	scope, err := region.ParseCode(*code)
	if err != nil {
		return errs.E(errs.Invalid, "请用 --region 给出区划代码")
	}
	db, err := m.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = audit.WithActor(ctx, audit.Actor{Username: "（命令行）"})
	rec := store.NewRecognition(db)
	today := rec.Today()
	tree := loadTree(scope)
	if tree == nil {
		return errs.E(errs.Invalid, "区划「%s」不存在", scope)
	}
	report := func(res store.RecognitionImport, problems []tableimport.Problem, what string) error {
		if len(problems) > 0 {
			r := &tableimport.Result[struct{}]{File: res.File, Problems: problems}
			return r.Err()
		}
		fmt.Fprintf(m.Stdout, "已导入%s「%s」：%d 行，新增 %d 条，更新 %d 条。\n", what, res.File, res.Rows, res.Added, res.Updated)
		return nil
	}
	if *surveys != "" {
		rows, err := readList(recognition.SurveyTable(today), *surveys)
		if err != nil {
			return err
		}
		res, problems, err := rec.ImportSurveys(ctx, scope, filepath.Base(*surveys), rows)
		if err != nil {
			return err
		}
		if err := report(res, problems, "满意度调查表"); err != nil {
			return err
		}
	}
	if *petitions != "" {
		rows, err := readList(recognition.PetitionTable(today), *petitions)
		if err != nil {
			return err
		}
		res, problems, err := rec.ImportPetitions(ctx, scope, tree, filepath.Base(*petitions), rows)
		if err != nil {
			return err
		}
		if err := report(res, problems, "信访事项登记表"); err != nil {
			return err
		}
	}
	if *poor != "" {
		if scope.Level() != region.County {
			return errs.E(errs.Invalid, "脱贫村名单须按县导入")
		}
		rows, err := readList(sample.PoorTable(), *poor)
		if err != nil {
			return err
		}
		codes, problems := sample.ResolvePoor(tree, scope, rows)
		if len(problems) > 0 {
			return (&tableimport.Result[struct{}]{File: filepath.Base(*poor), Problems: problems}).Err()
		}
		if err := store.NewSample(db).SetPoorVillages(ctx, scope, codes, filepath.Base(*poor)); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "已导入脱贫村名单：%d 个村。\n", len(codes))
	}
	if *surveys != "" || *petitions != "" || *poor != "" {
		return nil
	}
	ps, err := store.NewParams(db).Resolve(ctx, scope.Up(region.County), today.Time().Year())
	if err != nil {
		return err
	}
	since := recognition.Since(ps, today)
	answers, err := rec.Answers(ctx, scope, since)
	if err != nil {
		return err
	}
	n := recognition.ChildLen(scope)
	total, by := recognition.AreaTallies(answers, since, ps, n)
	w := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "地区\t调查户数\t满意度（95% 置信区间）\t认识帮扶干部和工作队\t主要诉求")
	line := func(name string, t recognition.Tally) {
		var top []string
		for _, c := range t.TopComplaints(3) {
			top = append(top, fmt.Sprintf("%s %d", c.Category, c.N))
		}
		fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%s\n", name, t.Satisfied.N, t.Satisfied, t.Knows, strings.Join(top, "、"))
	}
	line(regionName(tree, scope), total)
	for _, r := range tree.Children(scope) {
		p := r.Code.Prefix()
		if len(p) > n {
			p = p[:n]
		}
		if t, ok := by[p]; ok && len(r.Code.Prefix()) <= n {
			line("  "+r.Name, t)
		}
	}
	return w.Flush()
}

// readList reads a list file as the table.
func readList[T any](t *tableimport.Table[T], path string) ([]tableimport.Row[T], error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errs.Wrap(err, errs.Invalid, "无法打开 %s", path)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, errs.Wrap(err, errs.Invalid, "无法读取 %s", path)
	}
	res, err := tableimport.Read(t, filepath.Base(path), f, st.Size())
	if err != nil {
		return nil, err
	}
	if err := res.Err(); err != nil {
		return nil, err
	}
	return res.Rows, nil
}
