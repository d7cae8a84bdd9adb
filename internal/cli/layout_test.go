package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestGenLayoutImportsClean: `gonggu gen --clean --layout L --out F` followed by `gonggu
// import` screens to zero findings in each real layout, and with problems seeded finds them.
func TestGenLayoutImportsClean(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ layout, file string }{
		{"national2023", "n23.xlsx"}, {"national2021", "n21.xlsx"}, {"county", "county.xlsx"}, {"county", "county.csv"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join(dir, tc.file)
			code, out, errOut := runCmd(t, "gen", "--area", "621121", "--households", "300", "--seed", "3", "--clean", "--layout", tc.layout, "--out", path)
			if code != 0 || !strings.Contains(out, "300 户") {
				t.Fatalf("gen: exit %d\n%s\n%s", code, out, errOut)
			}
			db := filepath.Join(dir, tc.file+".db")
			code, out, errOut = runCmd(t, "import", "--db", db, path)
			if code != 0 || !strings.Contains(out, "新增 300") || !strings.Contains(out, "新发现问题 0 个") {
				t.Fatalf("import: exit %d\n%s\n%s", code, out, errOut)
			}
		})
	}
	path := filepath.Join(dir, "seeded.xlsx")
	if code, out, errOut := runCmd(t, "gen", "--area", "621121", "--households", "300", "--seed", "3", "--layout", "national2023", "--out", path); code != 0 {
		t.Fatalf("gen: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut := runCmd(t, "import", "--db", filepath.Join(dir, "seeded.db"), path)
	if code != 0 || strings.Contains(out, "新发现问题 0 个") {
		t.Fatalf("seeded import: exit %d, want problems found\n%s\n%s", code, out, errOut)
	}
	if code, _, errOut := runCmd(t, "gen", "--layout", "national2099", "--out", filepath.Join(dir, "x.xlsx")); code == 0 || !strings.Contains(errOut, "national2023") {
		t.Errorf("unknown layout: exit %d %s", code, errOut)
	}
}
