package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/store"
)

func TestLedgerCommand(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "l.db")
	db, err := store.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	u := &auth.User{Username: "xian", Role: auth.RoleCounty, Region: "621121000000"}
	ctx := audit.WithActor(auth.WithUser(context.Background(), u), audit.Actor{Username: u.Username})
	err = store.NewLedger(db).Create(ctx, []*ledger.Item{
		{Region: "621121100000", Source: ledger.FromProvince, Description: "问题一", Unit: "平襄镇", Person: "甲", Deadline: "2026-01-01"},
		{Region: "621121101000", Source: ledger.FromPetition, Description: "问题二", Unit: "马营镇", Person: "乙", Deadline: "2027-01-01"},
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, errb := runCmd(t, "ledger", "--db", dsn, "--region", "621121")
	if code != 0 || !strings.Contains(out, "待整改\t2") || !strings.Contains(out, "已逾期\t1") {
		t.Fatalf("counts: %d %s %s", code, out, errb)
	}
	file := filepath.Join(dir, "台账.xlsx")
	if code, out, errb := runCmd(t, "ledger", "--db", dsn, "--region", "621121100", "--out", file); code != 0 {
		t.Fatalf("export: %d %s %s", code, out, errb)
	}
	x, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows(ledger.SheetName)
	if len(rows) != 3 || rows[0][0] != "甘肃省定西市通渭县平襄镇 整改台账" || rows[2][7] != "问题一" || rows[2][1] != "省级反馈" ||
		rows[2][3] != "平襄镇" || rows[2][12] != "待整改" {
		t.Fatalf("rows %q", rows)
	}
}
