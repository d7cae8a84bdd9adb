package screen_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// TestSharedPhoneSpellings: one phone written three ways in three households is one phone, in
// a full run and when one household is re-screened alone; a phone written as a word is none.
func TestSharedPhoneSpellings(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		c := &clock{time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
		en := newEngine(t, e, c)
		h1, h2, h3, h4, h5, h6 := clean(villageA, 1), clean(villageA, 2), clean(villageB, 3), clean(villageC, 4), clean(villageC, 5), clean(villageB, 6)
		h1.Persons[1].Phone = "13700000000"
		h2.Persons[1].Phone = "137 0000 0000"
		h3.Persons[0].Phone = "+86 137-0000-0000"
		// Two households write 无 for a phone: no phone, whatever the count.
		h4.Persons[1].Phone, h5.Persons[1].Phone, h6.Persons[1].Phone = "无", "无", "无"
		put(t, en.Registry, h1, h2, h3, h4, h5, h6)
		want := []string{"I6-01 " + h1.Persons[1].No, "I6-01 " + h2.Persons[1].No, "I6-01 " + h3.Persons[0].No}

		if _, err := en.Run(ctx, screen.Options{}); err != nil {
			t.Fatal(err)
		}
		// DQ-25 flags the spellings that are not 11 digits; I6-01 sees one phone.
		var got []string
		for _, k := range keys(active(t, en, "")) {
			if strings.HasPrefix(k, "I6-01 ") {
				got = append(got, k)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("full run: findings %v, want %v", got, want)
		}

		// Re-screened alone, each household reads the phone's other spellings from the
		// indexed query and keeps its finding.
		for _, a := range []string{h1.Household.No, h2.Household.No, h3.Household.No} {
			c.advance(time.Hour)
			res, err := en.Household(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Opened) != 0 || len(res.Closed) != 0 || !slices.ContainsFunc(res.Kept, func(f *store.Finding) bool { return f.RuleID == "I6-01" }) {
				t.Fatalf("re-screen of %s: opened %d, closed %d, kept %d", a, len(res.Opened), len(res.Closed), len(res.Kept))
			}
		}

		// A fourth spelling in a fourth household joins them at the re-screen of the edit.
		h4.Persons[1].Phone = "008613700000000"
		put(t, en.Registry, h4)
		c.advance(time.Hour)
		res, err := en.Household(ctx, h4.Household.No)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(res.Opened, func(f *store.Finding) bool { return f.RuleID == "I6-01" && f.SubjectID == h4.Persons[1].No }) {
			t.Fatalf("re-screen of the edit: %+v", res)
		}
	})
}
