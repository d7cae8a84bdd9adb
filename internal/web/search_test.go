package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// TestSearchByNumbers: a household is found by a member's mobile number, by the household's
// phone and by the last 6 characters of a member's certificate number, within the user's
// region only; each such search is audited like a reveal, with the number masked; one
// character of a name asks for a second one.
func TestSearchByNumbers(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		ctx := context.Background()
		reg := store.NewRegistry(f.db)
		a, _ := reg.Get(ctx, "A0001")
		a.Household.Phone = "13700001111"
		a.Persons[1].Phone = "13612345678"
		if err := reg.Put(ctx, a); err != nil {
			t.Fatal(err)
		}
		c := f.login("towna")
		search := func(q string) response { return c.get("/households?q=" + url.QueryEscape(q)) }

		res := search("13612345678")
		expect(t, "member's phone", res, http.StatusOK, "找到 1 户", "A0001", "张三妻", auth.MaskPhone("13612345678"))
		if results := res.body[strings.Index(res.body, `id="results"`):]; strings.Contains(results, "13612345678") {
			t.Error("the results show the phone searched for in full")
		}
		expect(t, "household's phone", search("13700001111"), http.StatusOK, "找到 1 户", "A0001")
		expect(t, "last 6 of an ID", search(idA[12:]), http.StatusOK, "找到 1 户", "A0001", "张三")
		expect(t, "last 6, lower-case x", search(strings.ToLower(idA[12:])), http.StatusOK, "A0001")
		// B0001 lies in the other township: not found by this user.
		bID := "621121197506070013"
		expect(t, "outside the scope", search(bID[12:]), http.StatusOK, "没有找到")
		expect(t, "one character", search("张"), http.StatusOK, "请再输入一个字")
		if strings.Contains(search("张").body, "没有找到") {
			t.Error("one character says 没有找到")
		}
		expect(t, "two characters", search("张三"), http.StatusOK, "找到 1 户")
		// A whole certificate number, exact; not a prefix of it, not one longer.
		expect(t, "whole ID", search(idA), http.StatusOK, "找到 1 户", "A0001")
		expect(t, "whole ID outside the scope", search(bID), http.StatusOK, "没有找到")
		expect(t, "ID with a character more", search(idA+"1"), http.StatusOK, "没有找到")
		expect(t, "ID with a character less", search(idA[:17]), http.StatusOK, "没有找到")

		list, err := store.NewAuditLog(f.db).List(ctx, audit.Filter{Action: audit.Reveal, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var details []string
		for _, e := range list {
			if e.ObjectType == "search" && e.Username == "towna" {
				details = append(details, e.Detail)
			}
		}
		// The whole certificate numbers (of A0001 and of B0001) are audited; the numbers one
		// character longer or shorter are no certificate number's length.
		if len(details) != 7 {
			t.Errorf("%d searches by number audited, want 7: %q", len(details), details)
		}
		all := strings.Join(details, "\n")
		for _, want := range []string{"按手机号码 136****5678 查询农户，找到 1 户：A0001", "按证件号码后 6 位查询农户，找到 1 户：A0001", "没有找到",
			"按证件号码 " + auth.MaskID(idA) + " 查询农户，找到 1 户：A0001"} {
			if !strings.Contains(all, want) {
				t.Errorf("audit lacks %q in\n%s", want, all)
			}
		}
		if strings.Contains(all, "13612345678") || strings.Contains(all, idA[12:]) || strings.Contains(all, idA) {
			t.Errorf("the audit log holds a searched number in full:\n%s", all)
		}
	})
}
