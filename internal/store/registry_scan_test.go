package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// TestScanCountyPacked: the packed county scan returns what Get returns, column by column,
// also for values that hold the packed rows' separator (the rows around them are read again
// one column at a time), for NULLs and zeros, for a village scope, and for households at
// both ends of a batch.
func TestScanCountyPacked(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		reg := store.NewRegistry(e.DB)
		var all []registry.Aggregate
		for i := 1; i <= 700; i++ {
			v := villageA
			if i%3 == 0 {
				v = villageB
			}
			a := household(v, i, 1+i%4)
			switch i {
			case 5: // a separator in a person's name and in a measure's description
				a.Persons[0].Name = "张\x1f三"
				a.Measures[0].Description = "\x1f慢病\x1f签约\x1f"
			case 6: // the next household too, and one at the end of the county
				a.Persons[len(a.Persons)-1].Employer = "\x1f"
			case 700:
				a.Household.Address = "末\x1f户"
				a.Incomes[1].DeclaredNet = registry.StatedOf(registry.Yuan(-5))
			case 7: // blanks and zeros where NULLs are stored
				a.Household.IdentifiedOn, a.Household.HousingAppraised = registry.Month{}, registry.Date{}
				a.Household.RiskEliminated, a.Household.HouseArea = registry.Unknown, 0
				a.Persons[0].Birth, a.Persons[0].WorkMonths = registry.Date{}, registry.Count{}
				a.Incomes[0].DeclaredPerCapita = registry.StatedOf(0)
				a.Household.Uncollected = registry.AllFields
			}
			if i == 8 {
				a.Persons = nil // a household without people
			}
			all = append(all, a)
		}
		if err := reg.Load(ctx, all); err != nil {
			t.Fatal(err)
		}
		want := map[string]*registry.Aggregate{}
		for i := range all {
			got, err := reg.Get(ctx, all[i].Household.No)
			if err != nil {
				t.Fatal(err)
			}
			want[got.Household.No] = got
		}
		for _, tc := range []struct {
			name  string
			scope region.Code
			n     int
		}{
			{"county", villageA.County(), 700},
			{"village", villageB, 233},
		} {
			t.Run(tc.name, func(t *testing.T) {
				n, last := 0, ""
				err := reg.ScanCounty(ctx, villageA.County(), tc.scope, store.ScanOptions{}, func(a *registry.Aggregate) error {
					n++
					if a.Household.No <= last {
						t.Errorf("household %s after %s", a.Household.No, last)
					}
					last = a.Household.No
					if a.Persons == nil {
						a.Persons = []registry.Person{}
					}
					w := want[a.Household.No]
					if w.Persons == nil {
						w.Persons = []registry.Person{}
					}
					if !tc.scope.Contains(a.Household.Village) {
						t.Errorf("household %s outside %s", a.Household.No, tc.scope)
					}
					if !reflect.DeepEqual(a, w) {
						t.Errorf("household %s:\n got %+v\nwant %+v", a.Household.No, a, w)
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if n != tc.n {
					t.Errorf("scanned %d households, want %d", n, tc.n)
				}
			})
		}
		t.Run("screening columns", func(t *testing.T) {
			err := reg.ScanCounty(ctx, villageA.County(), villageA.County(), store.ScanOptions{Screening: true}, func(a *registry.Aggregate) error {
				h := a.Household
				switch h.No[len(h.No)-4:] {
				case "0005", "0006", "0700":
					return nil // rows read again column by column have every column
				}
				if h.Address != "" || h.Grid != "" || h.Helper != "" || h.YearOut != 0 || a.Persons != nil && a.Persons[0].IDType != "" {
					t.Fatalf("household %s: omitted columns read: %+v", h.No, h)
				}
				if h.Phone == "" || h.Kind == "" {
					t.Fatalf("household %s: columns rules read are blank: %+v", h.No, h)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	})
}
