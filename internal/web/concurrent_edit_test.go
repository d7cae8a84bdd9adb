package web_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// postNow posts a form without touching the test's state, so that two of them can run at once
// from their own goroutines.
func (c *client) postNow(path string, form url.Values, csrf string) (int, string, error) {
	form.Set("csrf", csrf)
	req, err := http.NewRequest("POST", c.f.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, string(b), err
}

// householdForm is a complete, valid submission of the household form of the fixture's A0001.
func householdForm(v, address string) url.Values {
	return url.Values{"v": {v}, "kind": {"脱贫户"}, "year_out": {"2018"}, "address": {address},
		"unsafe_house": {"否"}, "housing_grade": {"A"}, "housing_appraised": {"2024-05-01"}, "water_safe": {"是"},
		"toilet": {"是"}, "grid": {"一网格"}, "helper": {"王干部"}}
}

// TestConcurrentEdits has two users open the same household form and submit it at the same
// moment, twenty times: one save wins (303), the other is told of the conflict (409) and sees
// its own values with the winner's beside them, and nothing else happens — no lost update and
// no 500.
func TestConcurrentEdits(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		users := []*client{f.login("towna"), f.login("county")}
		reg := store.NewRegistry(f.db)
		for trial := range 20 {
			var forms [2]url.Values
			for i, c := range users {
				page := c.get("/households/A0001/edit")
				v := regexpFind(t, page.body, `name="v" value="([^"]*)"`)
				forms[i] = householdForm(v, fmt.Sprintf("第%d次-用户%d的地址", trial, i))
			}
			var (
				wg     sync.WaitGroup
				start  = make(chan struct{})
				status [2]int
				body   [2]string
				errs   [2]error
			)
			for i, c := range users {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					status[i], body[i], errs[i] = c.postNow("/households/A0001/edit", forms[i], c.csrf)
				}()
			}
			close(start)
			wg.Wait()
			for i := range users {
				if errs[i] != nil {
					t.Fatalf("trial %d user %d: %v", trial, i, errs[i])
				}
			}
			win, lose := 0, 1
			if status[1] == http.StatusSeeOther {
				win, lose = 1, 0
			}
			if status[win] != http.StatusSeeOther || status[lose] != http.StatusConflict {
				t.Fatalf("trial %d: statuses %v, want one 303 and one 409\n%.800s\n%.800s", trial, status, body[0], body[1])
			}
			stored, err := reg.Get(context.Background(), "A0001")
			if err != nil {
				t.Fatal(err)
			}
			want := forms[win].Get("address")
			if stored.Household.Address != want {
				t.Fatalf("trial %d: stored address %q, want the winner's %q", trial, stored.Household.Address, want)
			}
			// The refused form comes back with the user's own values, the other save's value
			// beside the field, and the stored version, so a second submit is a deliberate one.
			for _, s := range []string{"这户的数据在您打开表单后已被他人修改", "住址",
				`value="` + html.EscapeString(forms[lose].Get("address")) + `"`, "现值：" + html.EscapeString(want),
				fmt.Sprintf(`name="v" value="%d"`, stored.Household.Version)} {
				if !strings.Contains(body[lose], s) {
					t.Fatalf("trial %d: conflict page lacks %q\n%.3000s", trial, s, body[lose])
				}
			}
		}
	})
}

// TestConflictResubmit saves a form refused for a conflict again: the version it now carries
// is the stored one, so the user's deliberate second submit wins.
func TestConflictResubmit(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	a, b := f.login("towna"), f.login("county")
	v := regexpFind(t, a.get("/households/A0001/edit").body, `name="v" value="([^"]*)"`)
	expect(t, "first save", b.post("/households/A0001/edit", householdForm(v, "东城区 1 号")), http.StatusSeeOther)
	res := a.post("/households/A0001/edit", householdForm(v, "东城区 2 号"))
	expect(t, "stale save", res, http.StatusConflict, "已被他人修改", "现值：东城区 1 号", `value="东城区 2 号"`)
	v2 := regexpFind(t, res.body, `name="v" value="([^"]*)"`)
	if v2 == v {
		t.Fatalf("conflict form still carries the stale version %s", v)
	}
	expect(t, "deliberate second save", a.post("/households/A0001/edit", householdForm(v2, "东城区 2 号")), http.StatusSeeOther)
	expect(t, "household", a.get("/households/A0001"), http.StatusOK, "东城区 2 号")
	// A measure deleted meanwhile cannot be edited any more: a conflict, not a 500.
	v3 := regexpFind(t, a.get("/households/A0001/measures/1/edit").body, `name="v" value="([^"]*)"`)
	expect(t, "delete measure", b.post("/households/A0001/measures/1/delete", url.Values{}), http.StatusSeeOther)
	expect(t, "edit deleted measure", a.post("/households/A0001/measures/1/edit", url.Values{"v": {v3}, "type": {"就业帮扶"},
		"description": {"改"}}), http.StatusConflict, "已被他人修改")
}
