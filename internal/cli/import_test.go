package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func copyTestdata(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("..", "nationalfmt", "testdata", n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestImportExportCommands: a broken file writes nothing and leaves a report beside it;
// the good files import, re-screen, export, and the export imports back unchanged.
func TestImportExportCommands(t *testing.T) {
	dir := t.TempDir()
	copyTestdata(t, dir, "broken.xlsx", "members_gb18030.csv", "incomes.xlsx")
	db := filepath.Join(dir, "g.db")

	code, out, errOut := runCmd(t, "import", "--db", db, filepath.Join(dir, "broken.xlsx"))
	if code != 1 || !strings.Contains(errOut, "未写入任何数据") || !strings.Contains(out, "阻断性错误") {
		t.Fatalf("broken: exit %d\n%s\n%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "broken_导入错误报告.xlsx")); err != nil {
		t.Errorf("no report: %v", err)
	}

	code, out, errOut = runCmd(t, "import", filepath.Join(dir, "members_gb18030.csv"), "--db", db, filepath.Join(dir, "incomes.xlsx"))
	if code != 0 || !strings.Contains(out, "户：新增 4，变更 0，未变 0") || !strings.Contains(out, "已重新筛查变动的 4 户") {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errOut)
	}

	export := filepath.Join(dir, "导出.xlsx")
	code, out, errOut = runCmd(t, "export", "registry", "--db", db, "--region", "621121", "--out", export)
	if code != 0 || !strings.Contains(out, "4 户、10 人、8 条收入记录") {
		t.Fatalf("export: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = runCmd(t, "import", "--db", db, "--check", export)
	if code != 0 || !strings.Contains(out, "检查通过") {
		t.Fatalf("check: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = runCmd(t, "import", "--db", db, export)
	if code != 0 || !strings.Contains(out, "户：新增 0，变更 0，未变 4") || strings.Contains(out, "重新筛查") {
		t.Fatalf("re-import: exit %d\n%s\n%s", code, out, errOut)
	}

	if code, _, errOut = runCmd(t, "import", "--db", db); code != 1 || !strings.Contains(errOut, "请给出要导入的文件") {
		t.Errorf("no files: exit %d %s", code, errOut)
	}
	if code, _, errOut = runCmd(t, "export", "--db", db); code != 1 || !strings.Contains(errOut, "export registry") {
		t.Errorf("export without what: exit %d %s", code, errOut)
	}
}
