package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// TestRegistryVersion follows a household's version through every way of writing it: each
// write raises it, a save over a version no longer stored is a conflict, and a save expecting
// a new household finds an existing one.
func TestRegistryVersion(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		reg := store.NewRegistry(e.DB)
		put := func(a *registry.Aggregate, expect int64) error {
			return e.DB.Tx(ctx, func(tx *sql.Tx) error { return reg.PutTx(ctx, tx, a, expect) })
		}
		version := func(no string) int64 {
			t.Helper()
			got, err := reg.Get(ctx, no)
			if err != nil {
				t.Fatal(err)
			}
			return got.Household.Version
		}

		a := household(villageA, 1, 2)
		if err := put(&a, 0); err != nil {
			t.Fatal(err)
		}
		if a.Household.Version != 1 || version(a.Household.No) != 1 {
			t.Fatalf("new household: version %d, stored %d, want 1", a.Household.Version, version(a.Household.No))
		}
		b := household(villageA, 1, 2)
		if err := put(&b, 0); !errs.Is(err, errs.Conflict) {
			t.Fatalf("new household stored twice: %v, want conflict", err)
		}

		for _, tc := range []struct {
			name    string
			expect  int64
			want    int64 // the version after, 0 for a conflict
			village string
		}{
			{"edit of the stored version", 1, 2, ""},
			{"stale edit", 1, 0, ""},
			{"edit from the future", 7, 0, ""},
			{"edit moving the household to another county", 2, 3, string(villageC)},
			{"write whatever the version", store.AnyVersion, 4, ""},
		} {
			a.Household.Address = tc.name
			if tc.village != "" {
				a.Household.Village = villageC
			}
			err := put(&a, tc.expect)
			if tc.want == 0 {
				if !errs.Is(err, errs.Conflict) {
					t.Errorf("%s: %v, want conflict", tc.name, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			got, err := reg.Get(ctx, a.Household.No)
			if err != nil {
				t.Fatal(err)
			}
			if got.Household.Version != tc.want || a.Household.Version != tc.want || !reflect.DeepEqual(*got, a) {
				t.Errorf("%s: stored version %d (aggregate %d), want %d; stored %+v", tc.name,
					got.Household.Version, a.Household.Version, tc.want, got.Household)
			}
		}

		// A household deleted meanwhile cannot be saved over.
		if err := reg.Delete(ctx, a.Household.No); err != nil {
			t.Fatal(err)
		}
		if err := put(&a, 4); !errs.Is(err, errs.Conflict) {
			t.Fatalf("save over a deleted household: %v, want conflict", err)
		}

		// Bulk loads start at 1.
		c, d := household(villageB, 2, 1), household(villageB, 3, 1)
		if err := reg.Load(ctx, []registry.Aggregate{c, d}); err != nil {
			t.Fatal(err)
		}
		if v := version(c.Household.No); v != 1 {
			t.Fatalf("loaded household at version %d, want 1", v)
		}
	})
}

// TestImportRaisesVersion checks that the import's write path raises a household's version
// from what is stored when it deletes the row, even when the import read an older version.
func TestImportRaisesVersion(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		reg := store.NewRegistry(e.DB)
		imports := store.NewImports(e.DB)
		a := household(villageA, 1, 2)
		if err := reg.Put(ctx, &a); err != nil {
			t.Fatal(err)
		}
		read := a.Clone() // what the import read, at version 1
		if err := reg.Put(ctx, &a); err != nil {
			t.Fatal(err)
		}
		fresh := household(villageB, 2, 1)
		read.Household.Address = "导入的住址"
		err := e.DB.Tx(ctx, func(tx *sql.Tx) error {
			w := imports.Writer(tx)
			defer w.Close()
			return w.Replace(ctx, []store.ImportKey{{County: read.Household.County(), No: read.Household.No}},
				[]*registry.Aggregate{read, &fresh})
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			a    *registry.Aggregate
			want int64
		}{{read, 3}, {&fresh, 1}} {
			got, err := reg.Get(ctx, tc.a.Household.No)
			if err != nil {
				t.Fatal(err)
			}
			if got.Household.Version != tc.want || tc.a.Household.Version != tc.want || !reflect.DeepEqual(got, tc.a) {
				t.Errorf("%s: stored version %d (aggregate %d), want %d", tc.a.Household.No, got.Household.Version,
					tc.a.Household.Version, tc.want)
			}
		}
	})
}

// TestRegistryConcurrentSaves has two saves of one household, both started from the same
// version, run at the same moment, twenty times: exactly one succeeds, the other is a conflict
// (never a lost update, a duplicate key or a busy database), and what is stored is the
// winner's.
func TestRegistryConcurrentSaves(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		reg := store.NewRegistry(e.DB)
		base := household(villageA, 1, 3)
		if err := reg.Put(ctx, &base); err != nil {
			t.Fatal(err)
		}
		for trial := range 20 {
			stored, err := reg.Get(ctx, base.Household.No)
			if err != nil {
				t.Fatal(err)
			}
			var edits [2]*registry.Aggregate
			for i := range edits {
				a := stored.Clone()
				a.Household.Address = fmt.Sprintf("第%d次，第%d个保存", trial, i)
				a.Persons[1].Name = fmt.Sprintf("改名%d-%d", trial, i)
				a.Measures = append(a.Measures, registry.Measure{HouseholdNo: a.Household.No, Seq: 1 + len(a.Measures),
					Type: registry.MeasureEmployment, Description: a.Household.Address})
				edits[i] = a
			}
			var (
				wg    sync.WaitGroup
				start = make(chan struct{})
				res   [2]error
			)
			for i, a := range edits {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					res[i] = e.DB.Tx(ctx, func(tx *sql.Tx) error { return reg.PutTx(ctx, tx, a, stored.Household.Version) })
				}()
			}
			close(start)
			wg.Wait()
			win, lose := 0, 1
			if res[0] != nil {
				win, lose = 1, 0
			}
			if res[win] != nil || !errs.Is(res[lose], errs.Conflict) {
				t.Fatalf("trial %d: results %v and %v, want one success and one conflict", trial, res[0], res[1])
			}
			got, err := reg.Get(ctx, base.Household.No)
			if err != nil {
				t.Fatal(err)
			}
			if got.Household.Version != stored.Household.Version+1 || !reflect.DeepEqual(got, edits[win]) {
				t.Fatalf("trial %d: stored version %d (want %d), %+v\nwant the winner's %+v", trial,
					got.Household.Version, stored.Household.Version+1, got, edits[win])
			}
		}
	})
}
