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

func TestGenCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "g.db")
	code, out, stderr := runCmd(t, "gen", "--db", db, "--area", "621121", "--households", "300", "--seed", "3")
	if code != 0 {
		t.Fatalf("gen: exit %d, %s %s", code, out, stderr)
	}
	if !strings.Contains(out, "甘肃省定西市通渭县") || !strings.Contains(out, "已生成 300 户") {
		t.Fatalf("gen output: %s", out)
	}
	d, err := store.Open(context.Background(), db, storetest.Clock())
	if err != nil {
		t.Fatal(err)
	}
	n, err := store.NewRegistry(d).CountHouseholds(context.Background(), "621121000000")
	d.Close()
	if err != nil || n != 300 {
		t.Fatalf("%d households in 通渭县, %v", n, err)
	}

	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"area already filled", []string{"gen", "--db", db, "--area", "621121", "--households", "10"}, nil, "已有 300 户数据"},
		{"unknown area", []string{"gen", "--db", db, "--area", "629999", "--households", "10"}, nil, "未知的行政区划代码"},
		{"bad area", []string{"gen", "--db", db, "--area", "62a"}, nil, "区划代码"},
		{"no database", []string{"gen", "--households", "10"}, nil, "GONGGU_DB"},
		{"bad count", []string{"gen", "--db", db, "--households", "0"}, nil, "户数须在"},
		{"extra argument", []string{"migrate", "--db", db, "x"}, nil, "多余的参数"},
		{"unknown command", []string{"frobnicate"}, nil, "未知命令「frobnicate」"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, tc.args...)
			if code == 0 || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q, want %q", code, stderr, tc.want)
			}
		})
	}
}

func TestGenUsesGONGGU_DB(t *testing.T) {
	db := filepath.Join(t.TempDir(), "env.db")
	var out, errb strings.Builder
	m := &Main{Stdout: &out, Stderr: &errb, Now: storetest.Clock(),
		Getenv: func(k string) string {
			if k == "GONGGU_DB" {
				return db
			}
			return ""
		}}
	if code := m.Run(context.Background(), []string{"migrate"}); code != 0 {
		t.Fatalf("migrate: %d %s", code, errb.String())
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("GONGGU_DB was not used: %v", err)
	}
}

func TestDemoSummary(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	code, out, stderr := runCmd(t, "demo", "--db", db, "--households", "400", "--no-serve")
	if code != 0 {
		t.Fatalf("demo: exit %d, %s", code, stderr)
	}
	for _, want := range []string{"甘肃省定西市 登记概况", "安定区", "岷县", "合计", "脱贫户", "人均纯收入"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	// A second run reuses the database.
	code, out, _ = runCmd(t, "demo", "--db", db, "--no-serve")
	if code != 0 || !strings.Contains(out, "使用已有的演示数据库") {
		t.Fatalf("second demo: exit %d\n%s", code, out)
	}
}
