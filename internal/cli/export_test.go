package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportCSVAndPerCounty: the export says first what it will write, writes csv with its
// income table beside it, and one file per county on request; an unknown format is refused.
func TestExportCSVAndPerCounty(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "gonggu.db")
	if code, out, stderr := runCmd(t, "gen", "--db", db, "--area", "6211", "--households", "400", "--seed", "3"); code != 0 {
		t.Fatalf("gen: exit %d, %s %s", code, out, stderr)
	}
	code, out, stderr := runCmd(t, "export", "registry", "--db", db, "--region", "6211", "--out", filepath.Join(dir, "定西.csv"))
	if code != 0 {
		t.Fatalf("csv: exit %d\n%s", code, stderr)
	}
	if first, _, _ := strings.Cut(out, "\n"); !strings.HasPrefix(first, "将导出 甘肃省定西市 的 400 户、") || !strings.Contains(first, "定西-家庭收入.csv") {
		t.Errorf("the first line does not say what will be written:\n%s", out)
	}
	for _, f := range []string{"定西.csv", "定西-家庭收入.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil || !strings.HasPrefix(string(b), "\uFEFF") {
			t.Errorf("%s: %v, or no byte-order mark", f, err)
		}
	}
	code, out, stderr = runCmd(t, "export", "registry", "--db", db, "--region", "6211", "--per-county", "--out", filepath.Join(dir, "定西.xlsx"))
	if code != 0 || !strings.Contains(out, "每县一个 xlsx 文件，共 7 个文件") {
		t.Fatalf("per county: exit %d\n%s\n%s", code, out, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "定西-621121-通渭县.xlsx")); err != nil {
		t.Error(err)
	}
	if code, _, stderr = runCmd(t, "export", "registry", "--db", db, "--region", "6211", "--format", "ods", "--out", filepath.Join(dir, "x.ods")); code != 1 || !strings.Contains(stderr, "xlsx 或 csv") {
		t.Errorf("ods: exit %d %s", code, stderr)
	}
}
