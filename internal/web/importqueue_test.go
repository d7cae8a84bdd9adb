package web

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

func newTestImports(t *testing.T, db *store.DB) *imports {
	t.Helper()
	en := screen.New(db)
	en.Now = storetest.Clock()
	return NewImports(db, en, storetest.Clock(), slog.New(slog.DiscardHandler), t.TempDir()).(*imports)
}

// upload starts an import of a test file for the scope.
func upload(t *testing.T, m *imports, name string, scope region.Code) string {
	t.Helper()
	f, err := os.Open("../importer/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	id, err := m.Start(context.Background(), name, f, scope)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// waitDone waits until an import is done or waits for the user.
func waitDone(t *testing.T, m *imports, id string) ImportStatus {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, err := m.Status(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Done || st.Waiting || st.Confirm || time.Now().After(deadline) {
			return st
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitImported waits until an import is done, confirming it when it waits for that.
func waitImported(t *testing.T, m *imports, id string) ImportStatus {
	t.Helper()
	st := waitDone(t, m, id)
	if !st.Confirm {
		return st
	}
	if err := m.Confirm(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	return waitDone(t, m, id)
}

// TestImportQueue: while an import of a county runs, a second upload for the county waits in
// the queue, its page saying how many are ahead of it, and runs when the first is done. Where
// two imports may run at once (PostgreSQL), an import of another county runs beside them;
// with one writer (SQLite) it waits too.
func TestImportQueue(t *testing.T) {
	for _, c := range []struct {
		name       string
		maxRunning int
		otherWaits bool
	}{{"one writer", 1, true}, {"two at once", 2, false}} {
		t.Run(c.name, func(t *testing.T) {
			db := storetest.SQLite(t).DB
			m := newTestImports(t, db)
			m.maxRunning = c.maxRunning
			const county, other = region.Code("621121000000"), region.Code("621102000000")
			// The first import of the county holds its turn until release is closed.
			release, started := make(chan struct{}), make(chan struct{})
			first := &importJob{st: ImportStatus{ID: "first", Scope: county, Started: m.now()}}
			m.mu.Lock()
			m.jobs["first"] = first
			m.mu.Unlock()
			m.enqueue(first, func(ctx context.Context, job *importJob) {
				close(started)
				<-release
				job.mu.Lock()
				m.finish(job, "")
				job.mu.Unlock()
			})
			<-started
			second := upload(t, m, "reimport_1.xlsx", county)
			township := upload(t, m, "reimport_1.xlsx", "621121101000")
			elsewhere := upload(t, m, "reimport_1.xlsx", other)
			time.Sleep(100 * time.Millisecond)
			st, _ := m.Status(context.Background(), second)
			if st.Done || !strings.Contains(st.Phase, "排队（前面还有 1 个导入") {
				t.Errorf("second upload of the county: %q done %v", st.Phase, st.Done)
			}
			st, _ = m.Status(context.Background(), township)
			if st.Done || !strings.Contains(st.Phase, "排队（前面还有 2 个导入") {
				t.Errorf("upload of a township of the county: %q", st.Phase)
			}
			// The file's households lie outside the other county: read, it waits for the
			// user's decision on its errors.
			if c.otherWaits {
				st, _ = m.Status(context.Background(), elsewhere)
				if !strings.Contains(st.Phase, "排队（前面还有 3 个导入") {
					t.Errorf("another county's upload: %q", st.Phase)
				}
			} else if st = waitDone(t, m, elsewhere); !st.Waiting {
				t.Errorf("another county's upload: %q", st.Phase)
			}
			close(release)
			for _, id := range []string{second, township, elsewhere} {
				if st := waitImported(t, m, id); !st.Done && !st.Waiting {
					t.Errorf("%s: %q", id, st.Phase)
				}
			}
			if n := countRows(t, db, "imports"); n != 2 {
				t.Errorf("%d imports logged", n)
			}
		})
	}
}

func countRows(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.SQL.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportLeavingConfirmed: an upload that no longer lists a member marks nobody as left; the
// import lists them, and marks them once the user confirms.
func TestImportLeavingConfirmed(t *testing.T) {
	db := storetest.SQLite(t).DB
	m := newTestImports(t, db)
	const county = region.Code("621121000000")
	if st := waitImported(t, m, upload(t, m, "reimport_1.xlsx", county)); st.Failed != "" {
		t.Fatal(st.Failed)
	}
	id := upload(t, m, "reimport_2.xlsx", county)
	st := waitImported(t, m, id)
	if st.Failed != "" || st.PersonsLeft != 0 || !strings.Contains(strings.Join(st.Summary, "\n"), "未标记离开") {
		t.Fatalf("second upload: %+v", st)
	}
	var lv ImportLeaving = m
	l, err := lv.Leaving(context.Background(), id)
	if err != nil || !l.Pending || l.Total != 1 || len(l.People) != 1 || l.People[0].Name != "张浩然" {
		t.Fatalf("leaving %+v %v", l, err)
	}
	person := func() *registry.Person {
		a, err := store.NewRegistry(db).Get(context.Background(), "6211211012010002")
		if err != nil {
			t.Fatal(err)
		}
		for i := range a.Persons {
			if a.Persons[i].No == "621121101201000203" {
				return &a.Persons[i]
			}
		}
		return nil
	}
	if p := person(); p == nil || !p.Current() {
		t.Fatalf("marked as left without confirmation: %+v", p)
	}
	if err := lv.MarkLeft(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	if st := waitDone(t, m, id); st.Failed != "" || st.PersonsLeft != 1 {
		t.Fatalf("confirmed: %+v", st)
	}
	if p := person(); p.Current() {
		t.Errorf("not marked as left: %+v", p)
	}
	if l, _ := lv.Leaving(context.Background(), id); !l.Marked || l.Pending {
		t.Errorf("after confirming: %+v", l)
	}
	if err := lv.MarkLeft(context.Background(), id); err == nil {
		t.Error("marked twice")
	}
}
