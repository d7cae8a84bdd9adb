package importer

import (
	"context"
	"os"
	"os/exec"
	"reflect"
	"syscall"
	"testing"

	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// TestKillDuringImport kills a process with SIGKILL while its import is writing, in the middle
// of the transaction (after the first batch is written, with the people's indexes dropped for
// a bulk load), and checks that the SQLite database is as it was before: same households, same
// indexes, intact.
func TestKillDuringImport(t *testing.T) {
	if path := os.Getenv("GONGGU_KILL_CHILD"); path != "" {
		db, err := store.Open(context.Background(), path, storetest.Clock())
		if err != nil {
			t.Fatal(err)
		}
		deferIndexesAbove = 1
		im := newImporter(t, db)
		im.Progress = func(p Progress) {
			if p.Phase == PhaseWrite {
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
			}
		}
		importFiles(t, im, Options{}, "reimport_2.xlsx")
		t.Fatal("the import finished instead of being killed")
	}
	e := storetest.SQLite(t)
	im := newImporter(t, e.DB)
	if _, _, err := importFiles(t, im, Options{}, "reimport_1.xlsx"); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, e.DB)
	indexes := func(db *store.DB) []string {
		rows, err := db.SQL.Query(`SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var n string
			rows.Scan(&n)
			out = append(out, n)
		}
		return out
	}
	wantIndexes := indexes(e.DB)
	e.DB.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringImport$")
	cmd.Env = append(os.Environ(), "GONGGU_KILL_CHILD="+e.DSN)
	err := cmd.Run()
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if err == nil || !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child was not killed: %v", err)
	}

	db, err := store.Open(context.Background(), e.DSN, storetest.Clock())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.SQL.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity check: %q %v", check, err)
	}
	if after := snapshot(t, db); !reflect.DeepEqual(before, after) {
		t.Errorf("registry changed by a killed import")
	}
	if got := indexes(db); !reflect.DeepEqual(got, wantIndexes) {
		t.Errorf("indexes %v, want %v", got, wantIndexes)
	}
	if n := count(t, db, "imports"); n != 1 {
		t.Errorf("%d imports logged", n)
	}
}
