package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

func as(u *auth.User) context.Context {
	ctx := auth.WithUser(context.Background(), u)
	return audit.WithActor(ctx, audit.Actor{Username: u.Username})
}

func TestLedgerWorkflow(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		county := &auth.User{Username: "xian", Role: auth.RoleCounty, Region: villageA.County()}
		town := &auth.User{Username: "zhen", Role: auth.RoleTownship, Region: villageA.Parent()}
		town2 := &auth.User{Username: "zhen2", Role: auth.RoleTownship, Region: villageA.Parent()}
		cadre := &auth.User{Username: "cun", Role: auth.RoleVillage, Region: villageA}
		stranger := &auth.User{Username: "anding", Role: auth.RoleCounty, Region: villageC.County()}
		l := store.NewLedger(e.DB)
		fs := store.NewFindings(e.DB)
		t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
		f1 := finding(villageA.County(), villageA, "I1-01", "H1", t0)
		f2 := finding(villageA.County(), villageB, "I1-01", "H2", t0)
		if err := fs.Apply(context.Background(), &store.Changes{Open: []*store.Finding{f1, f2}, At: t0}); err != nil {
			t.Fatal(err)
		}

		// Bulk from findings, one item per finding, by the county.
		items := []*ledger.Item{
			{Region: villageA, Source: ledger.FromFinding, RuleID: "I1-01", Description: "问题一", Unit: "某镇", Person: "张三", Deadline: "2026-11-20", FindingIDs: []string{f1.ID}},
			{Region: villageB, Source: ledger.FromFinding, RuleID: "I1-01", Description: "问题二", Unit: "某镇", Person: "张三", Deadline: "2026-12-20", FindingIDs: []string{f2.ID}},
		}
		if err := l.Create(as(cadre), items); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("village cadre creates: %v", err)
		}
		if err := l.Create(as(county), items); err != nil {
			t.Fatal(err)
		}
		if items[0].BatchID == "" || items[0].BatchID != items[1].BatchID || items[0].Status != ledger.Pending {
			t.Fatalf("%+v", items[0])
		}
		tracked, err := l.Tracked(context.Background(), []string{f1.ID, f2.ID, "621121-X"})
		if err != nil || !tracked[f1.ID] || !tracked[f2.ID] || tracked["621121-X"] {
			t.Fatalf("tracked %v %v", tracked, err)
		}

		// An external item, half-invalid batches write nothing.
		ext := &ledger.Item{Region: villageA.Parent(), Source: ledger.FromInspection, Description: "督查发现档案不全", Unit: "某镇", Person: "李四", Deadline: "2026-12-31"}
		bad := &ledger.Item{Region: villageA, Source: ledger.FromPetition, Unit: "某镇", Person: "李四", Deadline: "2026-12-31"}
		if err := l.Create(as(town), []*ledger.Item{ext, bad}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("invalid batch: %v", err)
		}
		if n, _ := l.Count(context.Background(), store.Filter{Scope: villageA.County()}); n != 2 {
			t.Fatalf("half-written batch: %d items", n)
		}
		ext.ID = ""
		if err := l.Create(as(town), []*ledger.Item{ext}); err != nil {
			t.Fatal(err)
		}

		// Scope.
		if _, err := l.Get(as(stranger), ext.ID); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("stranger reads: %v", err)
		}
		if n, _ := l.Count(context.Background(), store.Filter{Scope: villageB}); n != 1 {
			t.Fatalf("village B has %d", n)
		}

		// Overdue: the clock is 2026-11-28; the first item's deadline was 11-20.
		if n, _ := l.Count(context.Background(), store.Filter{Scope: villageA.County(), Overdue: e.DB.Now()}); n != 1 {
			t.Fatalf("overdue %d", n)
		}

		// Progress by the village cadre; assignment is not theirs.
		p := "已入户核实"
		if _, err := l.Update(as(cadre), items[0].ID, store.Change{Progress: &p}); err != nil {
			t.Fatal(err)
		}
		who := "王五"
		if _, err := l.Update(as(cadre), items[0].ID, store.Change{Person: &who}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("cadre assigns: %v", err)
		}

		// A finding-backed item closes only when its findings are closed.
		if _, err := l.Move(as(cadre), items[0].ID, ledger.Fixed, "已补录"); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Move(as(town), items[0].ID, ledger.Closed, ""); !errs.Is(err, errs.Conflict) {
			t.Fatalf("close with open finding: %v", err)
		}
		if err := fs.Apply(context.Background(), &store.Changes{Close: []*store.Finding{f1}, At: t0.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		it, err := l.Move(as(town), items[0].ID, ledger.Closed, "筛查已消除")
		if err != nil || it.Status != ledger.Closed || it.ClosedBy != "zhen" {
			t.Fatalf("close: %v %+v", err, it)
		}
		if _, err := l.Update(as(town), items[0].ID, store.Change{Progress: &p}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("edit closed: %v", err)
		}

		// An external item needs a verifier other than the worker.
		if _, err := l.Move(as(town), ext.ID, ledger.Fixed, ""); !errs.Is(err, errs.Invalid) {
			t.Fatalf("fixed without a word: %v", err)
		}
		if _, err := l.Move(as(town), ext.ID, ledger.Fixed, "档案已补齐"); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Move(as(town), ext.ID, ledger.Closed, ""); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("worker closes: %v", err)
		}
		if _, err := l.Move(as(town2), ext.ID, ledger.Closed, "核查属实"); err != nil {
			t.Fatal(err)
		}

		// Evidence.
		if _, err := l.AddFile(as(town), items[1].ID, "a.exe", "application/x-msdownload", []byte("MZ")); !errs.Is(err, errs.Invalid) {
			t.Fatalf("exe: %v", err)
		}
		if _, err := l.AddFile(as(town), items[1].ID, "big.pdf", "application/pdf", make([]byte, store.MaxFileSize+1)); !errs.Is(err, errs.Invalid) {
			t.Fatalf("big: %v", err)
		}
		png := []byte("\x89PNG\r\n\x1a\n rest of a picture")
		f, err := l.AddFile(as(town), items[1].ID, `C:\照片\现场.png`, "image/png", png)
		if err != nil || f.Name != "现场.png" {
			t.Fatalf("%v %+v", err, f)
		}
		if _, _, err := l.FileData(as(stranger), items[1].ID, f.ID); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("stranger downloads: %v", err)
		}
		_, data, err := l.FileData(as(town), items[1].ID, f.ID)
		if err != nil || string(data) != string(png) {
			t.Fatalf("download: %v %q", err, data)
		}

		// History and audit.
		it, _ = l.Get(as(county), ext.ID)
		h, err := l.History(context.Background(), it)
		if err != nil || len(h) != 3 || h[1].To != ledger.Fixed || h[1].Username != "zhen" || h[2].Username != "zhen2" {
			t.Fatalf("history %v %+v", err, h)
		}
		entries, err := store.NewAuditLog(e.DB).List(context.Background(), audit.Filter{Object: "ledger", ObjectID: ext.ID})
		if err != nil || len(entries) != 3 {
			t.Fatalf("audit %v %d", err, len(entries))
		}
	})
}

// BenchmarkLedger measures a bulk creation of 1,000 items (one per finding) and the queries
// the pages run over a ledger of 20,000 items: the overdue count of the home page and a page
// of a township's list.
func BenchmarkLedger(b *testing.B) {
	e := storetest.SQLite(b)
	l := store.NewLedger(e.DB)
	u := &auth.User{Username: "xian", Role: auth.RoleCounty, Region: villageA.County()}
	batch := func(n int) []*ledger.Item {
		out := make([]*ledger.Item, n)
		for i := range out {
			v := villageA
			if i%2 == 1 {
				v = villageB
			}
			out[i] = &ledger.Item{Region: v, Source: ledger.FromFinding, RuleID: "I1-01", Description: "问题", Unit: "某镇", Person: "张三",
				Deadline: []string{"2026-11-01", "2026-12-31"}[i%2], FindingIDs: []string{store.NewFindingID(villageA.County())}}
		}
		return out
	}
	for range 19 {
		if err := l.Create(as(u), batch(1000)); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("create-1000", func(b *testing.B) {
		for b.Loop() {
			if err := l.Create(as(u), batch(1000)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("overdue-count", func(b *testing.B) {
		for b.Loop() {
			if _, err := l.Count(context.Background(), store.Filter{Scope: villageA.County(), Overdue: e.DB.Now()}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("list-page", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := l.List(context.Background(), store.Filter{Scope: villageA.Parent(), Open: true, Limit: 100}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
