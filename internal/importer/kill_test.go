package importer

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// The kill tests run an import in a child process (this test binary again, with
// GONGGU_KILL_CHILD naming the database and GONGGU_KILL_FILE the file) and kill it with
// SIGKILL. The child imports as gonggu import does: Import, then the re-screen through
// AfterWrite. With GONGGU_KILL_AT=rescreen it kills itself half-way through the re-screen.
func TestKillChild(t *testing.T) {
	path := os.Getenv("GONGGU_KILL_CHILD")
	if path == "" {
		t.Skip("run by the kill tests")
	}
	db, err := store.Open(context.Background(), path, storetest.Clock())
	if err != nil {
		t.Fatal(err)
	}
	im := newImporter(t, db)
	en := killEngine(db)
	im.AfterWrite = func(ctx context.Context, nos []string) error {
		if os.Getenv("GONGGU_KILL_AT") == "rescreen" {
			if _, err := en.Households(ctx, nos[:len(nos)/2]); err != nil {
				return err
			}
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
		_, err := en.Households(ctx, nos)
		return err
	}
	st, res, err := im.Import(context.Background(), files(os.Getenv("GONGGU_KILL_FILE")), Options{})
	if err != nil || res == nil {
		t.Fatalf("import: %v", err)
	}
	st.Close()
	if res.AfterWriteErr != nil {
		t.Fatal(res.AfterWriteErr)
	}
	db.Close()
}

func killEngine(db *store.DB) *screen.Engine {
	en := screen.New(db)
	en.Now = storetest.Clock()
	return en
}

// killState is what the kill tests compare: the register, the indexes, the active findings,
// the imports logged and the imports that owe a re-screen.
type killState struct {
	Households []registry.Aggregate
	Indexes    []string
	Findings   []string
	Imports    int
	Pending    int
}

func readKillState(t *testing.T, db *store.DB) killState {
	t.Helper()
	var s killState
	s.Households = snapshot(t, db)
	s.Indexes = storetest.Strings(t, db, `SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name`)
	s.Findings = storetest.Strings(t, db, `SELECT rule_id || ' ' || subject_id || ' ' || household_no || ' ' || status || ' ' || explanation
		FROM findings WHERE status <> 'closed' ORDER BY 1`)
	s.Imports = count(t, db, "imports")
	s.Pending = count(t, db, "pending_screens")
	return s
}

// killFiles writes, once per test binary, the two files of the kill tests: a member export of
// 3,000 people, and one of 8,000 that lists them again with more households, so that its import
// adds households and takes the indexes of persons off for the load.
var killFiles = sync.OnceValues(func() ([2]string, error) {
	dir, err := os.MkdirTemp("", "gonggu-kill-")
	if err != nil {
		return [2]string{}, err
	}
	var out [2]string
	for i, n := range []int{3000, 8000} {
		out[i] = filepath.Join(dir, fmt.Sprintf("members-%d.xlsx", n))
		if _, err := writeGenerated(context.Background(), out[i], n, true); err != nil {
			return out, err
		}
	}
	return out, nil
})

// killSetup returns a database file holding the first file imported and screened, the state
// of the second file imported into it and re-screened without interruption, and the second
// file's path.
func killSetup(t *testing.T) (base string, before, after killState, second string) {
	t.Helper()
	fs, err := killFiles()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	base = filepath.Join(dir, "base.db")
	importInto := func(path, file string) killState {
		db, err := store.Open(context.Background(), path, storetest.Clock())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		im := newImporter(t, db)
		en := killEngine(db)
		im.AfterWrite = func(ctx context.Context, nos []string) error {
			_, err := en.Households(ctx, nos)
			return err
		}
		st, res, err := im.Import(context.Background(), files(file), Options{})
		if err != nil || res == nil || res.AfterWriteErr != nil {
			t.Fatalf("import %s: %v %+v", file, err, res)
		}
		st.Close()
		return readKillState(t, db)
	}
	before = importInto(base, fs[0])
	ref := filepath.Join(dir, "ref.db")
	copyFile(t, base, ref)
	after = importInto(ref, fs[1])
	if reflect.DeepEqual(before.Households, after.Households) || reflect.DeepEqual(before.Findings, after.Findings) {
		t.Fatal("the second import changes nothing")
	}
	return base, before, after, fs[1]
}

// copyFile copies a closed SQLite database file.
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// runChild runs the child import on the database file, killing it after delay when delay is
// not negative; it reports whether the child was killed.
func runChild(t *testing.T, path, file string, delay time.Duration, env ...string) bool {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$")
	cmd.Env = append(os.Environ(), append(env, "GONGGU_KILL_CHILD="+path, "GONGGU_KILL_FILE="+file)...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if delay >= 0 {
		timer := time.AfterFunc(delay, func() { cmd.Process.Signal(syscall.SIGKILL) })
		defer timer.Stop()
	}
	err := cmd.Wait()
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		return true
	}
	if err != nil {
		t.Fatalf("child failed: %v\n%s", err, out.String())
	}
	return false
}

// checkAfterKill opens a database whose import was killed and checks it: it opens, it is
// intact, and it holds the register from before the import or from after it, nothing in
// between. When the import committed, its re-screen is either complete or owed. Then a
// re-import of the same file brings it to the state of an import never interrupted.
func checkAfterKill(t *testing.T, path, file string, before, after killState) (committed bool) {
	t.Helper()
	db, err := store.Open(context.Background(), path, storetest.Clock())
	if err != nil {
		t.Fatalf("the database does not open: %v", err)
	}
	defer db.Close()
	var check string
	if err := db.SQL.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity check: %q %v", check, err)
	}
	got := readKillState(t, db)
	switch {
	case reflect.DeepEqual(got, before):
	case reflect.DeepEqual(got.Households, after.Households) && reflect.DeepEqual(got.Indexes, after.Indexes) && got.Imports == after.Imports:
		committed = true
		if got.Pending == 0 && !reflect.DeepEqual(got.Findings, after.Findings) {
			t.Errorf("the import committed, its re-screen is not complete, and no re-screen is owed")
		}
	default:
		t.Fatalf("the database holds neither the state before the import nor after it: %d/%d/%d households, imports %d (%d/%d), indexes %v",
			len(got.Households), len(before.Households), len(after.Households), got.Imports, before.Imports, after.Imports, got.Indexes)
	}
	im := newImporter(t, db)
	en := killEngine(db)
	im.AfterWrite = func(ctx context.Context, nos []string) error {
		_, err := en.Households(ctx, nos)
		return err
	}
	st, res, err := im.Import(context.Background(), files(file), Options{})
	if err != nil || res == nil || res.AfterWriteErr != nil {
		t.Fatalf("re-import: %v %+v", err, res)
	}
	st.Close()
	got = readKillState(t, db)
	want := after
	if committed {
		want.Imports++ // the re-import is logged too
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after the re-import: %d households (want %d), %d findings (want %d), imports %d (want %d), pending %d, indexes %v",
			len(got.Households), len(want.Households), len(got.Findings), len(want.Findings), got.Imports, want.Imports, got.Pending, got.Indexes)
	}
	return committed
}

// TestKillDuringImport kills an import with SIGKILL at 20 random moments between its start
// and the end of its re-screen: reading, checking, writing with the indexes of persons off,
// rebuilding them, committing, re-screening. Each time the database opens, is intact and
// holds the state from before or after the import, never between; a re-screen a kill cut
// short is owed; and a re-import of the same file brings the database to the state of an
// import never interrupted.
func TestKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 20 child processes")
	}
	base, before, after, file := killSetup(t)
	// How long the whole child takes, to spread the kills over it.
	probe := filepath.Join(t.TempDir(), "probe.db")
	copyFile(t, base, probe)
	start := time.Now()
	runChild(t, probe, file, -1)
	span := time.Since(start)
	seed := uint64(time.Now().UnixNano())
	t.Logf("child runs %s; seed %d", span.Round(time.Millisecond), seed)
	rnd := rand.New(rand.NewPCG(seed, 1))
	committed := 0
	for i := range 20 {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("kill-%d.db", i))
		copyFile(t, base, path)
		delay := time.Duration(rnd.Int64N(int64(span)))
		killed := runChild(t, path, file, delay)
		if checkAfterKill(t, path, file, before, after) {
			committed++
		}
		t.Logf("kill %d after %s: killed %v", i, delay.Round(time.Millisecond), killed)
		if t.Failed() {
			t.Fatalf("kill %d after %s (seed %d)", i, delay, seed)
		}
	}
	t.Logf("%d of 20 kills came after the commit", committed)
}

// TestKillDuringRescreen kills an import half-way through its re-screen, after its commit: the
// households it wrote are imported, half of them unscreened, and the screening is owed. A
// re-import of the same file changes nothing and still finishes it; so does FinishPending,
// which gonggu serve runs when it starts and gonggu screen after a run.
func TestKillDuringRescreen(t *testing.T) {
	base, _, after, file := killSetup(t)
	for _, repair := range []string{"re-import", "FinishPending"} {
		t.Run(repair, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kill.db")
			copyFile(t, base, path)
			if !runChild(t, path, file, -1, "GONGGU_KILL_AT=rescreen") {
				t.Fatal("the child was not killed")
			}
			db, err := store.Open(context.Background(), path, storetest.Clock())
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			got := readKillState(t, db)
			if !reflect.DeepEqual(got.Households, after.Households) || got.Pending != 1 || reflect.DeepEqual(got.Findings, after.Findings) {
				t.Fatalf("after the kill: %d households (want %d), pending %d, findings complete %v",
					len(got.Households), len(after.Households), got.Pending, reflect.DeepEqual(got.Findings, after.Findings))
			}
			want := after
			en := killEngine(db)
			rescreen := func(ctx context.Context, nos []string) error {
				_, err := en.Households(ctx, nos)
				return err
			}
			switch repair {
			case "re-import":
				im := newImporter(t, db)
				im.AfterWrite = rescreen
				st, res, err := im.Import(context.Background(), files(file), Options{})
				if err != nil || res == nil || res.AfterWriteErr != nil || len(res.Written) != 0 {
					t.Fatalf("re-import: %v %+v", err, res)
				}
				st.Close()
				want.Imports++
			case "FinishPending":
				if n, err := FinishPending(context.Background(), db, rescreen); err != nil || n == 0 {
					t.Fatalf("FinishPending: %d, %v", n, err)
				}
			}
			if got := readKillState(t, db); !reflect.DeepEqual(got, want) {
				t.Errorf("after the repair: %d findings (want %d), pending %d, imports %d (want %d)",
					len(got.Findings), len(want.Findings), got.Pending, got.Imports, want.Imports)
			}
		})
	}
}
