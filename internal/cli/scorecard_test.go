package cli

import (
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestScorecardCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	if code, _, errs := runCmd(t, "gen", "--db", db, "--area", "621121", "--households", "300", "--seed", "2"); code != 0 {
		t.Fatalf("gen: %d %s", code, errs)
	}
	if code, _, _ := runCmd(t, "scorecard", "--db", db, "--region", "621121"); code != 1 {
		t.Errorf("before screening: %d", code)
	}
	if code, _, errs := runCmd(t, "screen", "--db", db, "--region", "621121"); code != 0 {
		t.Fatalf("screen: %d %s", code, errs)
	}
	code, out, errs := runCmd(t, "scorecard", "--db", db, "--region", "621121", "--format", "csv")
	if code != 0 {
		t.Fatalf("scorecard: %d %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("csv %v %d", err, len(recs))
	}
	if h := strings.Join(recs[0], ","); !strings.HasPrefix(h, "region_code,region_name,total,rank,gap,i1_rate,i1_score,i2_rate,i2_score,") ||
		!strings.Contains(h, "i10_rate,i10_score") {
		t.Fatalf("header %s", h)
	}
	first := recs[1]
	if !strings.HasPrefix(first[0], "621121") || first[3] != "1" || first[5+2*3] != "暂无数据" { // i4_rate
		t.Errorf("first row %v", first)
	}
	if code, out, errs := runCmd(t, "scorecard", "--db", db, "--region", "621121", "--period", "2026-11",
		"--set-province-average", "2=1.5, 1=4"); code != 0 || !strings.Contains(out, "指标 2") {
		t.Fatalf("average: %d %s %s", code, out, errs)
	}
	if code, _, _ := runCmd(t, "scorecard", "--db", db, "--region", "621121", "--set-province-average", "x"); code != 1 {
		t.Errorf("bad average accepted")
	}
	xlsx := filepath.Join(dir, "s.xlsx")
	if code, _, errs := runCmd(t, "scorecard", "--db", db, "--region", "621121", "--format", "xlsx", "--out", xlsx); code != 0 {
		t.Fatalf("xlsx: %d %s", code, errs)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("指标评分")
	if len(rows) != len(recs)+2 || rows[1][0] != "区划代码" {
		t.Errorf("xlsx rows %d, csv %d", len(rows), len(recs))
	}
}
