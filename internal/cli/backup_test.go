package cli

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/store/storetest"
)

// TestBackupRestoreCommands: backup, restore into a new file, and the refusals, as a county's
// administrator sees them.
func TestBackupRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "gonggu.db")
	if code, out, stderr := runCmd(t, "gen", "--db", db, "--area", "621121", "--households", "300", "--seed", "3"); code != 0 {
		t.Fatalf("gen: exit %d, %s %s", code, out, stderr)
	}
	if code, _, stderr := runCmd(t, "screen", "--db", db); code != 0 {
		t.Fatalf("screen: exit %d, %s", code, stderr)
	}
	backup := filepath.Join(dir, "gonggu-20261128.db")
	code, out, stderr := runCmd(t, "backup", "--db", db, "--out", backup)
	if code != 0 || !strings.Contains(out, "已备份到 "+backup+"（300 户、") || !strings.Contains(out, "个排查问题") ||
		strings.Contains(out, "（300 户、0 人") || strings.Contains(out, " 0 个排查问题") {
		t.Fatalf("backup: exit %d\n%s%s", code, out, stderr)
	}
	restored := filepath.Join(dir, "restored.db")
	code, out, stderr = runCmd(t, "restore", "--db", restored, "--from", backup)
	if code != 0 || !strings.Contains(out, "已从 "+backup+" 恢复数据库 "+restored+"（300 户、") {
		t.Fatalf("restore: exit %d\n%s%s", code, out, stderr)
	}
	code, out, stderr = runCmd(t, "restore", "--db", restored, "--from", backup, "--force")
	if code != 0 || !strings.Contains(out, "原数据库已改名保留为 "+restored+".replaced-20261128-100000") {
		t.Fatalf("forced restore: exit %d\n%s%s", code, out, stderr)
	}

	export := filepath.Join(dir, "导出.xlsx")
	if err := os.WriteFile(export, []byte("PK\x03\x04 not a backup"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"backup over a file", []string{"backup", "--db", db, "--out", backup}, "已存在，不会覆盖"},
		{"backup without --out", []string{"backup", "--db", db}, "--out"},
		{"backup of a missing database", []string{"backup", "--db", filepath.Join(dir, "none.db"), "--out", filepath.Join(dir, "x.db")}, "不存在"},
		{"restore over a database", []string{"restore", "--db", restored, "--from", backup}, "再加 --force"},
		{"restore without --from", []string{"restore", "--db", restored}, "--from"},
		{"restore of an export", []string{"restore", "--db", filepath.Join(dir, "n.db"), "--from", export}, "不是 gonggu backup 生成的备份"},
		{"no database", []string{"backup", "--out", filepath.Join(dir, "y.db")}, "GONGGU_DB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, tc.args...)
			if code == 0 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q, want %q", code, stderr, tc.want)
			}
		})
	}
}

// TestBackupPostgresCommand: the password of a postgres:// URL shows nowhere in what the
// command prints or logs, and a machine without pg_dump is told what to install.
func TestBackupPostgresCommand(t *testing.T) {
	if os.Getenv("GONGGU_TEST_PG") == "" {
		t.Skip("GONGGU_TEST_PG is not set")
	}
	e := storetest.Postgres(t)
	u, err := url.Parse(e.DSN)
	if err != nil {
		t.Fatal(err)
	}
	// The test server trusts local connections: any password is accepted.
	u.User = url.UserPassword(u.User.Username(), "Pa55-secret")
	dsn := u.String()
	out := filepath.Join(t.TempDir(), "gonggu.dump")
	code, stdout, stderr := runCmd(t, "backup", "--db", dsn, "--out", out)
	if code != 0 && !strings.Contains(stderr, "找不到 pg_dump") {
		t.Fatalf("backup: exit %d\n%s%s", code, stdout, stderr)
	}
	if strings.Contains(stdout+stderr, "Pa55-secret") {
		t.Errorf("the password shows:\n%s%s", stdout, stderr)
	}

	t.Setenv("PATH", t.TempDir())
	code, stdout, stderr = runCmd(t, "backup", "--db", dsn, "--out", filepath.Join(t.TempDir(), "x.dump"))
	if code == 0 || !strings.Contains(stderr, "找不到 pg_dump") || !strings.Contains(stderr, "postgresql-client") ||
		strings.Contains(stdout+stderr, "Pa55-secret") {
		t.Errorf("backup without pg_dump: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestExportSaysWhatItLeavesOut: the export's summary names what the national format cannot
// hold, and points to gonggu backup.
func TestExportSaysWhatItLeavesOut(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "gonggu.db")
	if code, out, stderr := runCmd(t, "gen", "--db", db, "--area", "621121", "--households", "300", "--seed", "3"); code != 0 {
		t.Fatalf("gen: exit %d, %s %s", code, out, stderr)
	}
	code, out, stderr := runCmd(t, "export", "registry", "--db", db, "--region", "621121", "--out", filepath.Join(dir, "导出.xlsx"))
	if code != 0 {
		t.Fatalf("export: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"已将 甘肃省定西市通渭县 的 300 户", "国家格式不能容纳的内容未导出：", "帮扶措施的起止日期 ",
		"不含排查问题、整改台账、用户和审计日志", "如需完整保存，请使用 gonggu backup。"} {
		if !strings.Contains(out, want) {
			t.Errorf("export output lacks %q:\n%s", want, out)
		}
	}
}
