package store_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// TestSearchKinds holds Registry.Search to what each kind of text finds, at village, county
// and whole-registry scope, on both engines: a household by its 户编号 (listed with its
// members) or its own phone (no member named), a member by name (exact, or a prefix of two
// characters or more, rare characters outside the Basic Multilingual Plane included), by 人口编号,
// whole certificate number (a lower-case x too), phone, or the last 6 characters of the
// number; the exact matches of the scope before a name's prefixes; never a household outside
// the scope.
func TestSearchKinds(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		a, b, c := household(villageA, 1, 3), household(villageB, 2, 2), household(villageC, 3, 2)
		a.Household.Phone = "13700001111"
		a.Persons[0].Name, a.Persons[1].Name, a.Persons[2].Name = "王𠇔明", "王𠇔", "李四"
		a.Persons[1].IDNumber, a.Persons[1].Phone = "62112119800101001X", "13612345678"
		b.Persons[0].Name, b.Persons[1].Name = "王𠇔华", "张三"
		c.Persons[0].Name, c.Persons[1].Name = "王𠇔强", "王五"
		c.Persons[1].IDNumber = "621122199001010021"
		for _, x := range []*registry.Aggregate{&a, &b, &c} {
			x.Household.Phone = cmpOr(x.Household.Phone, "13900000000")
			for i := range x.Persons {
				if x.Persons[i].Phone == "13800000000" {
					x.Persons[i].Phone = ""
				}
			}
		}
		if err := store.NewRegistry(e.DB).Load(ctx, []registry.Aggregate{a, b, c}); err != nil {
			t.Fatal(err)
		}
		reg := store.NewRegistry(e.DB)
		county := villageA.County()
		for _, tc := range []struct {
			q     string
			scope string
			want  []string // 户编号 and the member who matched ("" for none)
		}{
			// The exact match first, then the prefixes, each by village.
			{"王𠇔", "", []string{a.Household.No + " 王𠇔", c.Household.No + " 王𠇔强", b.Household.No + " 王𠇔华"}},
			{"王𠇔", string(county), []string{a.Household.No + " 王𠇔", b.Household.No + " 王𠇔华"}},
			{"王𠇔", string(villageA), []string{a.Household.No + " 王𠇔"}},
			{"王𠇔明", "", []string{a.Household.No + " 王𠇔明"}},
			{"王五", "", []string{c.Household.No + " 王五"}},
			{"王五", string(county), nil},
			{"李", "", nil},
			{a.Household.No, string(villageA), []string{a.Household.No + " 王𠇔明"}}, // with its first member
			{a.Persons[2].No, "", []string{a.Household.No + " 李四"}},
			{"62112119800101001X", "", []string{a.Household.No + " 王𠇔"}},
			{"62112119800101001x", string(villageA), []string{a.Household.No + " 王𠇔"}},
			{"6211211980010100", "", nil},
			{"13612345678", "", []string{a.Household.No + " 王𠇔"}},
			{"13700001111", "", []string{a.Household.No + " "}},
			{"13700001111", string(villageB), nil},
			{"01001X", "", []string{a.Household.No + " 王𠇔"}},
			{"010021", string(county), nil},
			{"010021", "", []string{c.Household.No + " 王五"}},
		} {
			rows, err := reg.Search(ctx, region.Code(tc.scope), tc.q, 50)
			if err != nil {
				t.Fatalf("%s in %q: %v", tc.q, tc.scope, err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, r.No+" "+r.Matched)
			}
			if want := tc.want; !slices.Equal(got, want) {
				t.Errorf("%s in %q: %v, want %v", tc.q, tc.scope, got, want)
			}
		}
	})
}

func cmpOr(s, or string) string {
	if s != "" {
		return s
	}
	return or
}

// BenchmarkSearch searches the database in GONGGU_BENCH_DB (filled by `gonggu gen
// --households 1000000`, 定西市) at city scope, as a bureau's user does, by a member's whole
// name, the first two characters of one, a mobile number and a certificate number taken from
// the registry, and by the last 6 characters of a certificate number.
func BenchmarkSearch(b *testing.B) {
	dsn := os.Getenv("GONGGU_BENCH_DB")
	if dsn == "" {
		b.Skip("set GONGGU_BENCH_DB to a database filled by gonggu gen --households 1000000")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, time.Now)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var name, phone, id string
	err = db.SQL.QueryRowContext(ctx, `SELECT name, phone, id_number FROM persons WHERE phone <> '' AND id_number <> ''
		ORDER BY county_code DESC, household_no DESC LIMIT 1`).Scan(&name, &phone, &id)
	if err != nil {
		b.Fatal(err)
	}
	reg := store.NewRegistry(db)
	city := region.Code("621100000000")
	for _, q := range []struct{ kind, text string }{
		{"name", name}, {"prefix", string([]rune(name)[:2])}, {"phone", phone}, {"id", id}, {"id-suffix", id[len(id)-6:]},
	} {
		b.Run(q.kind, func(b *testing.B) {
			for b.Loop() {
				rows, err := reg.Search(ctx, city, q.text, 50)
				if err != nil {
					b.Fatal(err)
				}
				if len(rows) == 0 {
					b.Fatalf("%s: nothing found", q.text)
				}
			}
		})
	}
}
