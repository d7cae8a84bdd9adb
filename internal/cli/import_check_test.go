package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestImportCheckMapping: import --check prints the column mapping first (each header with its
// letter and the field it was read as, the headers not read and why, the fields the file
// lacks), then the rest of the check as before.
func TestImportCheckMapping(t *testing.T) {
	dir := t.TempDir()
	copyTestdata(t, dir, "members_gb18030.csv")
	code, out, errOut := runCmd(t, "import", "--db", filepath.Join(dir, "g.db"), "--check", filepath.Join(dir, "members_gb18030.csv"))
	if code != 0 {
		t.Fatalf("check: exit %d\n%s\n%s", code, out, errOut)
	}
	mapping := strings.Index(out, "列对应关系：")
	summary := strings.Index(out, "文件：members_gb18030.csv")
	if mapping != 0 || summary < mapping {
		t.Fatalf("the mapping does not come first:\n%s", out)
	}
	for _, want := range []string{"members_gb18030.csv「members_gb18030」（成员表，表头在第 1 行）", "列「户编号」→ 户编号",
		"「人编号」→ 人口编号", "「风险是否已消除0」：与 ", "表中没有的列", "检查通过", "已按常见写法读取"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
