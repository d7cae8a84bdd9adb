package cli

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"sort"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
)

// runScreen screens every household of a region with every rule, showing progress on
// Stderr, and prints a summary by rule and by county.
func runScreen(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("screen")
	dsn := m.dbFlag(fs)
	code := fs.String("region", "", "只筛查该区划（省、市、县、乡镇或村）；不给则筛查全部")
	year := fs.Int("year", 0, "筛查年度（政策参数和收入年度）；默认为今年")
	workers := fs.Int("workers", 0, "同时筛查的县数；默认为 CPU 核数")
	if err := parse(fs, args); err != nil {
		return err
	}
	var scope region.Code
	if *code != "" {
		c, err := region.ParseCode(*code)
		if err != nil {
			return err
		}
		scope = c
	}
	db, err := m.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	// A full screening is a batch job: let the heap grow to spend less time collecting garbage,
	// under a soft limit that keeps the process, SQLite's page caches included, within 2 GB.
	defer debug.SetGCPercent(debug.SetGCPercent(batchGCPercent))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(batchMemoryLimit))
	en := m.newEngine(db)
	en.Now, en.Log, en.Year, en.Workers = m.Now, m.Log, *year, *workers
	// The summary names regions; over the whole registry that is the country's tree, which the
	// rules' work-place resolver reads too: loaded once for both.
	tree := loadTree(scope)
	if scope == "" && tree != nil && en.Places == nil {
		en.Places = region.NewWorkAreaResolver(tree)
	}
	scores := score.New(db, nil)
	scores.Now = m.Now
	en.AfterRun = scores.AfterScreening
	start := time.Now()
	owed := owedScreens(ctx, db)
	// Progress redraws one line on a terminal; logs and pipes get a line every tenth.
	tty := newProgressBar(m.Stderr).tty
	lastTenth := -1
	sum, err := en.Run(ctx, screen.Options{Scope: scope, Progress: func(p screen.Progress) {
		pct := 100
		if p.Total > 0 {
			pct = p.Households * 100 / p.Total
		}
		line := fmt.Sprintf("已筛查 %d / %d 户（%d%%），完成 %d / %d 个县", p.Households, p.Total, pct, p.Counties, p.Of)
		switch {
		case tty:
			fmt.Fprint(m.Stderr, "\r"+line)
		case pct/10 > lastTenth:
			lastTenth = pct / 10
			fmt.Fprintln(m.Stderr, line)
		}
	}})
	if tty {
		fmt.Fprintln(m.Stderr)
	}
	if err != nil {
		return err
	}
	if err := m.settleOwed(ctx, db, en, scope, owed); err != nil {
		return err
	}
	ctx = audit.WithActor(ctx, audit.Actor{Username: "（命令行）"})
	if err := store.NewAuditLog(db).Append(ctx, audit.Entry{Action: audit.Screen, ObjectType: "screen_run", ObjectID: sum.Run.ID,
		Region: scope, Detail: fmt.Sprintf("筛查 %d 户：新增 %d、持续 %d、消除 %d 条问题", sum.Run.Households, sum.Run.Opened,
			sum.Run.Kept, sum.Run.Closed)}); err != nil {
		return err
	}
	printScreenSummary(m.Stdout, sum, tree)
	fmt.Fprintf(m.Stdout, "\n筛查 %d 户，用时 %s，内存峰值约 %d MB。\n", sumHouseholds(sum),
		time.Since(start).Round(time.Millisecond), peakMemoryMB())
	return nil
}

// The garbage collector's settings during a full screening (see runScreen).
const (
	batchGCPercent   = 400
	batchMemoryLimit = 1200 << 20
)

func sumHouseholds(sum *screen.Summary) int { return sum.Run.Households }

// loadTree loads the region tree of the scope, for names; nil when it cannot.
func loadTree(scope region.Code) *region.Tree {
	var t *region.Tree
	var err error
	if scope == "" {
		t, err = region.Load()
	} else {
		t, err = region.LoadArea(scope.Up(region.Province))
	}
	if err != nil {
		return nil
	}
	return t
}

func regionName(t *region.Tree, c region.Code) string {
	if t != nil {
		if r, err := t.Get(c); err == nil {
			return r.Name
		}
	}
	return string(c)
}

// printScreenSummary prints what a run opened, kept and closed, by rule and by county.
func printScreenSummary(w io.Writer, sum *screen.Summary, tree *region.Tree) {
	fmt.Fprintf(w, "按规则（新增 / 持续 / 消除 / 现有）\n")
	for _, r := range rules.All() {
		c := sum.ByRule[r.ID]
		if c == nil {
			continue
		}
		fmt.Fprintf(w, "  %-6s %s %7d %7d %7d %7d\n", r.ID, padName(r.Title, 44), c.Opened, c.Kept, c.Closed, c.Active())
	}
	var counties []region.Code
	for c := range sum.ByCounty {
		counties = append(counties, c)
	}
	sort.Slice(counties, func(i, j int) bool { return counties[i] < counties[j] })
	fmt.Fprintf(w, "\n按县（新增 / 持续 / 消除 / 现有）\n")
	var total screen.Count
	for _, code := range counties {
		c := sum.ByCounty[code]
		fmt.Fprintf(w, "  %s %s %7d %7d %7d %7d\n", code.Prefix(), padName(regionName(tree, code), 16), c.Opened, c.Kept, c.Closed, c.Active())
		total.Opened += c.Opened
		total.Kept += c.Kept
		total.Closed += c.Closed
	}
	fmt.Fprintf(w, "  %s %7d %7d %7d %7d\n", padName("合计", 23), total.Opened, total.Kept, total.Closed, total.Active())
}
