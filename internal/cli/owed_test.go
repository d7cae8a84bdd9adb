package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// pendingScreens counts the imports whose re-screen is owed.
func pendingScreens(t *testing.T, path string) int {
	t.Helper()
	db, err := store.Open(context.Background(), path, storetest.Clock())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := store.NewImports(db).Pending(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(p)
}

// TestImportOwesScreening: an import with --no-screen owes the re-screen of what it wrote,
// and says so; gonggu screen pays it, and so does the next import, even one that changes
// nothing.
func TestImportOwesScreening(t *testing.T) {
	dir := t.TempDir()
	copyTestdata(t, dir, "members_gb18030.csv", "incomes.xlsx")
	db := filepath.Join(dir, "g.db")
	code, out, errOut := runCmd(t, "import", "--no-screen", "--db", db, filepath.Join(dir, "members_gb18030.csv"))
	if code != 0 || !strings.Contains(out, "变动的 4 户尚未重新筛查") {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errOut)
	}
	if n := pendingScreens(t, db); n != 1 {
		t.Fatalf("%d imports owe screening", n)
	}
	if code, out, errOut = runCmd(t, "screen", "--db", db); code != 0 {
		t.Fatalf("screen: exit %d\n%s\n%s", code, out, errOut)
	}
	if n := pendingScreens(t, db); n != 0 {
		t.Errorf("after gonggu screen, %d imports owe screening", n)
	}
	code, out, errOut = runCmd(t, "import", "--no-screen", "--db", db, filepath.Join(dir, "incomes.xlsx"))
	if code != 0 || pendingScreens(t, db) != 1 {
		t.Fatalf("incomes: exit %d\n%s\n%s", code, out, errOut)
	}
	// The same file again changes nothing, and re-screens what the last import owed.
	code, out, errOut = runCmd(t, "import", "--db", db, filepath.Join(dir, "incomes.xlsx"))
	if code != 0 || !strings.Contains(out, "户：新增 0，变更 0，未变 4") || !strings.Contains(out, "已重新筛查变动的 4 户") {
		t.Fatalf("re-import: exit %d\n%s\n%s", code, out, errOut)
	}
	if n := pendingScreens(t, db); n != 0 {
		t.Errorf("after the re-import, %d imports owe screening", n)
	}
}

// TestImportMarkLeft: people a file no longer lists are listed, and marked as left only with
// --mark-left.
func TestImportMarkLeft(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"reimport_1.xlsx", "reimport_2.xlsx"} {
		b, err := os.ReadFile(filepath.Join("..", "importer", "testdata", n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(dir, "g.db")
	if code, out, errOut := runCmd(t, "import", "--no-screen", "--db", db, filepath.Join(dir, "reimport_1.xlsx")); code != 0 {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut := runCmd(t, "import", "--no-screen", "--db", db, filepath.Join(dir, "reimport_2.xlsx"))
	if code != 0 || !strings.Contains(out, "标记离开 0") || !strings.Contains(out, "未标记离开") || !strings.Contains(out, "张浩然") ||
		!strings.Contains(out, "--mark-left") {
		t.Fatalf("without --mark-left: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = runCmd(t, "import", "--no-screen", "--mark-left", "--db", db, filepath.Join(dir, "reimport_2.xlsx"))
	if code != 0 || !strings.Contains(out, "标记离开 1") || !strings.Contains(out, "已标记离开 1 人") {
		t.Fatalf("with --mark-left: exit %d\n%s\n%s", code, out, errOut)
	}
}
