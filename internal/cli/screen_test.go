package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/rules"
)

// runCmd runs a gonggu command and returns its exit code, stdout and stderr.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Now: func() time.Time { return time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC) }}
	code := m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

func TestRulesCommand(t *testing.T) {
	code, out, _ := runCmd(t, "rules", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "rule_id,indicator,severity,subject_kind,title,basis,fields,params" || len(recs)-1 != len(rules.All()) {
		t.Fatalf("header %v, %d rows", recs[0], len(recs)-1)
	}
	if got := strings.Join(recs[1][:5], ","); got != "I1-01,1,high,household,危房未落实住房保障" {
		t.Errorf("first row %s", got)
	}
	for _, r := range recs[1:] {
		if r[1] == "dq" && !strings.HasPrefix(r[0], "DQ-") {
			t.Errorf("row %v", r)
		}
		if rule := rules.All().Get(r[0]); rule == nil || r[5] != rule.Basis || r[6] != rule.FieldLabels() || r[7] != rule.ParamLabels() {
			t.Errorf("row %v: basis, fields or params differ from the catalog", r)
		}
	}
	if code, out, _ := runCmd(t, "rules"); code != 0 || !strings.Contains(out, "数据质量") {
		t.Errorf("text: %d %s", code, out)
	}
}

func TestParamsCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	if code, out, errs := runCmd(t, "params", "--db", db, "--region", "6211", "--set", "monitor_line=7300", "--by", "市局"); code != 0 {
		t.Fatalf("set: %d %s %s", code, out, errs)
	}
	code, out, _ := runCmd(t, "params", "--db", db, "--region", "621121", "--format", "csv")
	if code != 0 || !strings.Contains(out, "monitor_line,7300,元/人·年,8000,6211（各年度）") {
		t.Fatalf("list: %d %s", code, out)
	}
	if code, _, _ := runCmd(t, "params", "--db", db, "--region", "621121100", "--set", "monitor_line=1"); code != 1 {
		t.Errorf("township accepted: %d", code)
	}
	if code, _, errs := runCmd(t, "params", "--db", db, "--set", "monitor_line=很多"); code != 1 || !strings.Contains(errs, "应为数字") {
		t.Errorf("bad value: %d %s", code, errs)
	}
	if code, _, _ := runCmd(t, "params", "--db", db, "--region", "6211", "--unset", "monitor_line"); code != 0 {
		t.Errorf("unset: %d", code)
	}
}

func TestScreenAndFindingsCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	if code, _, errs := runCmd(t, "gen", "--db", db, "--area", "621121", "--households", "3000", "--seed", "5"); code != 0 {
		t.Fatalf("gen: %s", errs)
	}
	code, out, errs := runCmd(t, "screen", "--db", db)
	if code != 0 || !strings.Contains(out, "按规则") || !strings.Contains(out, "通渭县") || !strings.Contains(errs, "已筛查 3000 / 3000 户") {
		t.Fatalf("screen: %d\n%s\n%s", code, out, errs)
	}

	code, out, _ = runCmd(t, "findings", "--db", db, "--format", "csv", "--status", "open")
	if code != 0 {
		t.Fatalf("findings: %d", code)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) < 10 {
		t.Fatalf("csv: %v, %d rows", err, len(recs))
	}
	if got := strings.Join(recs[0], ","); got != "rule_id,indicator,severity,subject_kind,subject_id,region_code,status,opened_at,closed_at,explanation" {
		t.Fatalf("header %s", got)
	}
	first := recs[1]
	if first[6] != "open" || first[7] != "2026-11-28 18:00:00" || first[8] != "" || first[9] == "" {
		t.Errorf("row %v", first)
	}

	// Narrow by rule and region.
	code, out, _ = runCmd(t, "findings", "--db", db, "--rule", "DQ-05", "--region", "621121", "--format", "csv")
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		if !strings.HasPrefix(line, "DQ-05,dq,high,household,621121") {
			t.Errorf("line %s", line)
		}
	}
	if code, _, _ := runCmd(t, "findings", "--db", db, "--rule", "X-1"); code != 1 {
		t.Error("unknown rule accepted")
	}

	// The 疑点清单: a summary sheet, then one sheet per rule.
	xlsx := filepath.Join(dir, "疑点清单.xlsx")
	if code, out, errs := runCmd(t, "findings", "--db", db, "--format", "xlsx", "--out", xlsx); code != 0 {
		t.Fatalf("xlsx: %s %s", out, errs)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if sheets[0] != "汇总" || len(sheets) < 5 {
		t.Fatalf("sheets %v", sheets)
	}
	rows, _ := f.GetRows(sheets[1])
	if len(rows) < 3 || rows[1][0] != "序号" || rows[2][0] != "1" || !strings.HasPrefix(rows[2][4], "621121") {
		t.Fatalf("sheet %s: %v", sheets[1], rows[:min(3, len(rows))])
	}
	sum, _ := f.GetRows("汇总")
	if len(sum) != 5+len(sheets)-1+1 || sum[4][0] != "规则编号" || sum[len(sum)-1][0] != "合计" {
		t.Errorf("summary %d rows for %d sheets", len(sum), len(sheets))
	}

	// Waive a finding: reason and user required.
	id := rows[2][len(rows[1])-1]
	if code, _, errs := runCmd(t, "findings", "waive", "--db", db, "--id", id, "--by", "张三"); code != 1 || !strings.Contains(errs, "理由") {
		t.Errorf("waive without reason: %d %s", code, errs)
	}
	if code, out, errs := runCmd(t, "findings", "waive", "--db", db, "--id", id, "--by", "张三", "--reason", "已核实"); code != 0 {
		t.Fatalf("waive: %s %s", out, errs)
	}
	code, out, _ = runCmd(t, "findings", "--db", db, "--status", "waived", "--format", "csv")
	if n := strings.Count(strings.TrimSpace(out), "\n"); code != 0 || n != 1 {
		t.Errorf("waived %d: %s", n, out)
	}
	// A second run keeps everything, the waived one included.
	if code, out, _ := runCmd(t, "screen", "--db", db, "--region", "621121"); code != 0 || !strings.Contains(out, "合计") {
		t.Errorf("rerun: %s", out)
	}
}
