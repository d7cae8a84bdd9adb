package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/workbook/hostile"
)

// TestImportHostileFiles runs `gonggu import` on what an attacker would hand a county: each
// file is refused with a message that names the problem, nothing is written, and no
// temporary file is left behind.
func TestImportHostileFiles(t *testing.T) {
	dir := t.TempDir()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	db := filepath.Join(dir, "g.db")
	for _, tc := range []struct {
		file string
		data []byte
		want string
	}{
		{"bomb.xlsx", hostile.Bomb(nil, 256<<20), "压缩炸弹"},
		{"cell.xlsx", hostile.HugeCell(nil, 40000), "32767 个字符"},
		{"row.xlsx", hostile.HugeRow(nil, 200, 30000), "的内容超过 4 MB"},
		{"line.csv", hostile.CSVLongLine(nil, 8<<20), "超过 1 MB"},
		{"cut.csv", hostile.CSVOpenQuote(nil), "引号没有闭合"},
	} {
		path := filepath.Join(dir, tc.file)
		if err := os.WriteFile(path, tc.data, 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := runCmd(t, "import", "--db", db, path)
		if code == 0 || !strings.Contains(out+errOut, tc.want) || !strings.Contains(out+errOut, "未写入任何数据") {
			t.Errorf("%s: exit %d, want a refusal naming %q\n%s\n%s", tc.file, code, tc.want, out, errOut)
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}
