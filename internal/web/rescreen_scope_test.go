package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// firstVillage returns the first village under code in the tree of 定西市.
func firstVillage(t *testing.T, code region.Code) region.Code {
	t.Helper()
	tree, err := region.LoadArea("621100000000")
	if err != nil {
		t.Fatal(err)
	}
	for {
		cs := tree.Children(code)
		if len(cs) == 0 {
			t.Fatalf("no village under %s", code)
		}
		code = cs[0].Code
		if cs[0].Level == region.Village {
			return code
		}
	}
}

// TestRescreenBannerScope: a village cadre's edit makes a member's ID number duplicate a
// person's of another county. Re-screening brings the other county's household up to date,
// but the banner and the household page speak only of the edited household: the cadre learns
// nothing of findings opened or closed where the cadre may not look.
func TestRescreenBannerScope(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		ctx := context.Background()
		// A household of 安定区 shares the head's phone of A0001 (so the edit re-screens it with
		// A0001) and holds the ID number the cadre will type.
		other := firstVillage(t, "621102000000")
		otherID := idno.Make("621102", time.Date(1982, 3, 4, 0, 0, 0, 0, time.UTC), 48)
		x := aggregate("X0001", other, "王五", idno.Make("621102", time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), 11))
		x.Persons[1].IDNumber = otherID
		if err := store.NewRegistry(f.db).Put(ctx, &x); err != nil {
			t.Fatal(err)
		}
		// Both screened as they are now (the shared phone is a finding of its own), so that
		// what the edits change is the duplicate ID number alone.
		engine := screen.New(f.db)
		engine.Now = func() time.Time { return f.now }
		if _, err := engine.Households(ctx, []string{"A0001", "X0001"}); err != nil {
			t.Fatal(err)
		}
		hash, _ := auth.HashPassword(password, fast)
		if err := store.NewUsers(f.db).Create(ctx, &auth.User{Username: "cadre", Role: auth.RoleVillage, Region: villageA, PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
		c := f.login("cadre")
		openOf := func(no string, rule string) int {
			n := 0
			store.NewFindings(f.db).Each(ctx, store.FindingFilter{HouseholdNo: no, Rule: rule}, func(fd *store.Finding) error {
				if fd.Status == store.StatusOpen {
					n++
				}
				return nil
			})
			return n
		}
		setSpouseID := func(id string) (opened, closed, open string, page response) {
			t.Helper()
			form := c.get("/households/A0001/persons/A000102/edit")
			v := regexpFind(t, form.body, `name="v" value="([^"]*)"`)
			res := c.post("/households/A0001/persons/A000102/edit", url.Values{"v": {v}, "name": {"张三妻"}, "id_type": {"居民身份证"},
				"id_number": {id}, "gender": {"女"}, "birth": {"1982-03-04"}, "relation": {"配偶"}, "education": {"小学"},
				"labour_skill": {"普通劳动力"}, "health": {"健康"}, "work_location": {"县内乡外"}, "work_months": {"8"},
				"resident_medical": {"否"}, "employee_medical": {"否"}, "resident_pension": {"是"}})
			if res.status != http.StatusSeeOther {
				t.Fatalf("save: %d %.800s", res.status, res.body)
			}
			loc, _ := url.Parse(res.header.Get("Location"))
			q := loc.Query()
			return q.Get("opened"), q.Get("closed"), q.Get("open"), c.get(loc.RequestURI())
		}

		beforeA := openOf("A0001", "")
		opened, closed, open, page := setSpouseID(otherID)
		if openOf("X0001", "DQ-02") != 1 {
			t.Fatalf("the duplicate did not open in the other county's household")
		}
		afterA := openOf("A0001", "")
		if openOf("A0001", "DQ-02") != 1 || afterA != beforeA+1 {
			t.Fatalf("the duplicate did not open in the edited household: %d open, was %d", afterA, beforeA)
		}
		if opened != itoa(afterA-beforeA) || closed != "0" || open != itoa(afterA) {
			t.Errorf("banner after making a duplicate: opened=%s closed=%s open=%s; want %d, 0, %d (the edited household's)",
				opened, closed, open, afterA-beforeA, afterA)
		}
		expect(t, "household page after the edit", page, http.StatusOK, "新发现 "+itoa(afterA-beforeA)+" 个问题，消除 0 个问题", "证件号码重复")
		if strings.Contains(page.body, "X0001") || strings.Contains(page.body, "王五") {
			t.Error("the household page names the other county's household")
		}

		// Undoing it closes the finding on both sides; the banner counts the one here.
		opened, closed, open, page = setSpouseID(spouseID(idA))
		if openOf("X0001", "DQ-02") != 0 {
			t.Fatalf("the duplicate stayed open in the other county's household")
		}
		if opened != "0" || closed != itoa(afterA-beforeA) || open != itoa(beforeA) {
			t.Errorf("banner after removing the duplicate: opened=%s closed=%s open=%s, want 0, %d, %d", opened, closed, open, afterA-beforeA, beforeA)
		}
		expect(t, "household page after the fix", page, http.StatusOK, "新发现 0 个问题，消除 "+itoa(afterA-beforeA)+" 个问题")
	})
}

func itoa(n int) string { return strconv.Itoa(n) }
