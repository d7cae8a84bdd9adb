package cli

import (
	"context"
	"encoding/csv"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/store"
)

// TestDemoComputesScores: `gonggu demo` leaves a scorecard behind, this month's and a year of
// synthetic history before it, so `gonggu scorecard` and the page have something to show
// (change since last month included) without another command; a second demo adds no history.
func TestDemoComputesScores(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	code, out, stderr := runCmd(t, "demo", "--db", db, "--households", "400", "--no-serve")
	demoOut := out
	if code != 0 {
		t.Fatalf("demo: exit %d, %s", code, stderr)
	}
	for _, want := range []string{"已计算 2026-11 期指标评分：定西市总分", "较上期（2026-10）", "已生成 2025-11 至 2026-10 的 12 期模拟评分历史"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	code, out, stderr = runCmd(t, "scorecard", "--db", db, "--region", "6211")
	if code != 0 {
		t.Fatalf("scorecard: exit %d, %s", code, stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("csv %v %d", err, len(recs))
	}
	change := slices.Index(recs[0], "change")
	for _, r := range recs[1:] {
		if r[change] == "" {
			t.Errorf("county %s without its change since last month", r[1])
		}
	}

	ctx := context.Background()
	st, err := store.Open(ctx, db, func() time.Time { return time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC) })
	if err != nil {
		t.Fatal(err)
	}
	// The demo county's departments sent their nine lists, and their contradictions are open
	// findings naming the department.
	var lists, contradictions int
	if err := st.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM dept_lists WHERE county_code = '621121000000'`).Scan(&lists); err != nil {
		t.Fatal(err)
	}
	if err := st.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM findings WHERE status = 'open'
		AND rule_id IN ('I1-08', 'I1-10', 'DQ-34', 'DQ-35', 'I7-17', 'DQ-36', 'I1-11')`).Scan(&contradictions); err != nil {
		t.Fatal(err)
	}
	if lists != 9 || contradictions == 0 || !strings.Contains(demoOut, "份部门名单") {
		t.Errorf("the demo's department lists: %d lists, %d contradictions open", lists, contradictions)
	}
	svc := score.New(st, nil)
	trend, err := svc.Trend(ctx, region.Code("621100000000"))
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(trend) != 13 || !trend[0].Synthetic || trend[12].Synthetic || trend[0].Period != "2025-11" {
		t.Fatalf("trend of %d periods from %s", len(trend), trend[0].Period)
	}
	// The made-up past was worse: the year's rectification shows as a rise.
	if trend[0].Row.Total > trend[12].Row.Total {
		t.Errorf("a year ago %v, now %v", trend[0].Row.Total, trend[12].Row.Total)
	}
	code, out, _ = runCmd(t, "demo", "--db", db, "--no-serve")
	if code != 0 || strings.Contains(out, "模拟评分历史") || !strings.Contains(out, "已计算 2026-11 期指标评分") {
		t.Errorf("second demo: exit %d\n%s", code, out)
	}
}
