package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

var (
	formTag     = regexp.MustCompile(`(?s)<form method="post" action="([^"]*)"[^>]*>(.*?)</form>`)
	inputTag    = regexp.MustCompile(`<input ([^>]*)>`)
	selectTag   = regexp.MustCompile(`(?s)<select [^>]*name="([^"]*)"[^>]*>(.*?)</select>`)
	optionTag   = regexp.MustCompile(`<option value="([^"]*)"( selected)?`)
	textareaTag = regexp.MustCompile(`(?s)<textarea [^>]*name="([^"]*)"[^>]*>(.*?)</textarea>`)
	attr        = regexp.MustCompile(`(\w+)="([^"]*)"`)
)

// formValues returns what a browser would submit for the page's form posted to action, as
// the page shows it: text inputs with their values, checked boxes, selected options and
// textareas (the CSRF field is set again by client.post).
func formValues(t *testing.T, page, action string) url.Values {
	t.Helper()
	for _, m := range formTag.FindAllStringSubmatch(page, -1) {
		if html.UnescapeString(m[1]) != action {
			continue
		}
		out := url.Values{}
		for _, in := range inputTag.FindAllStringSubmatch(m[2], -1) {
			as := map[string]string{}
			for _, a := range attr.FindAllStringSubmatch(in[1], -1) {
				as[a[1]] = html.UnescapeString(a[2])
			}
			if as["name"] == "" || as["type"] == "file" {
				continue
			}
			if as["type"] == "checkbox" && !strings.Contains(in[1], " checked") {
				continue
			}
			out.Add(as["name"], as["value"])
		}
		for _, s := range selectTag.FindAllStringSubmatch(m[2], -1) {
			for _, o := range optionTag.FindAllStringSubmatch(s[2], -1) {
				if o[2] != "" {
					out.Set(s[1], html.UnescapeString(o[1]))
				}
			}
		}
		for _, ta := range textareaTag.FindAllStringSubmatch(m[2], -1) {
			out.Set(ta[1], html.UnescapeString(ta[2]))
		}
		return out
	}
	t.Fatalf("no form posting to %s in\n%.1500s", action, page)
	return nil
}

// historyLen returns how many entries the household's history (the audit log) has.
func historyLen(t *testing.T, f *fixture, no string) int {
	t.Helper()
	list, err := store.NewAuditLog(f.db).List(context.Background(), audit.Filter{Object: "household", ObjectID: no, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// TestUnchangedFormSaves: every edit form saved as it was opened says that nothing changed,
// stores nothing and writes no history entry; a real change is saved and recorded.
func TestUnchangedFormSaves(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.login("county")
	for _, path := range []string{"/households/A0001/edit", "/households/A0001/persons/A000101/edit",
		"/households/A0001/persons/A000102/edit", "/households/A0001/incomes/2025/edit",
		"/households/A0001/incomes/2024/edit", "/households/A0001/measures/1/edit"} {
		before := historyLen(t, f, "A0001")
		page := c.get(path)
		expect(t, path, page, http.StatusOK)
		res := c.post(path, formValues(t, page.body, path))
		if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "msg=unchanged") {
			t.Errorf("%s saved unchanged: %d %s %.500s", path, res.status, res.header.Get("Location"), res.body)
			continue
		}
		if after := historyLen(t, f, "A0001"); after != before {
			t.Errorf("%s: an unchanged save wrote %d history entries", path, after-before)
		}
		expect(t, path+" banner", c.get(res.header.Get("Location")), http.StatusOK, "没有改动任何内容")
	}
	if a, _ := store.NewRegistry(f.db).Get(context.Background(), "A0001"); a.Income(2024) != nil {
		t.Error("an empty income form created a record for 2024")
	}

	// A change is saved and recorded once.
	path := "/households/A0001/edit"
	page := c.get(path)
	form := formValues(t, page.body, path)
	form.Set("grid", "二网格")
	before := historyLen(t, f, "A0001")
	res := c.post(path, form)
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "msg=saved") {
		t.Fatalf("change: %d %s", res.status, res.header.Get("Location"))
	}
	if after := historyLen(t, f, "A0001"); after != before+1 {
		t.Errorf("a change wrote %d history entries, want 1", after-before)
	}
}

// TestFormsMaskFreeText: a role that may not unmask sees the numbers inside the free texts of a
// household's forms masked, as on its pages; sending the form back as shown keeps the stored
// texts, and a text the user really changes is saved.
func TestFormsMaskFreeText(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	ctx := context.Background()
	reg := store.NewRegistry(f.db)
	a, err := reg.Get(ctx, "A0001")
	if err != nil {
		t.Fatal(err)
	}
	address := "东城区12号，联系 " + typedPhone
	a.Household.Address = address
	a.Measures[0].Description = "交通补贴，身份证 " + typedID
	if err := reg.Put(ctx, a); err != nil {
		t.Fatal(err)
	}
	helper := f.login("helper") // 帮扶责任人: edits, may not unmask
	for _, path := range []string{"/households/A0001/edit", "/households/A0001/measures/1/edit"} {
		page := helper.get(path)
		expect(t, path, page, http.StatusOK, "****")
		if strings.Contains(page.body, typedPhone) || strings.Contains(page.body, typedID) {
			t.Errorf("%s shows a number in full to a helper", path)
		}
		res := helper.post(path, formValues(t, page.body, path))
		if !strings.Contains(res.header.Get("Location"), "msg=unchanged") {
			t.Errorf("%s sent back as shown: %d %s", path, res.status, res.header.Get("Location"))
		}
	}
	got, _ := reg.Get(ctx, "A0001")
	if got.Household.Address != address || got.Measures[0].Description != "交通补贴，身份证 "+typedID {
		t.Errorf("the masked form changed the stored texts: %q, %q", got.Household.Address, got.Measures[0].Description)
	}

	// Another field changed, the masked address sent back as shown: the address stays.
	path := "/households/A0001/edit"
	form := formValues(t, helper.get(path).body, path)
	form.Set("grid", "三网格")
	if res := helper.post(path, form); !strings.Contains(res.header.Get("Location"), "msg=saved") {
		t.Fatalf("change: %d %s", res.status, res.header.Get("Location"))
	}
	got, _ = reg.Get(ctx, "A0001")
	if got.Household.Address != address || got.Household.Grid != "三网格" {
		t.Errorf("after saving another field: address %q, grid %q", got.Household.Address, got.Household.Grid)
	}

	// A role that may unmask edits the text in full.
	page := f.login("county").get(path)
	if !strings.Contains(page.body, typedPhone) {
		t.Error("the county's form does not show the stored address")
	}
}

// TestMeasureDeleteCarriesVersion: the delete button of a measure posts the version the page
// was opened on, so that deleting after someone else's save is refused instead of undoing it.
func TestMeasureDeleteCarriesVersion(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.login("county")
	path := "/households/A0001/measures/1/edit"
	page := c.get(path)
	del := formValues(t, page.body, "/households/A0001/measures/1/delete")
	if del.Get("v") == "" {
		t.Fatalf("the delete form posts no version: %v", del)
	}
	// Someone else saves the household meanwhile.
	other := f.login("towna")
	form := formValues(t, other.get("/households/A0001/edit").body, "/households/A0001/edit")
	form.Set("grid", "别人改的网格")
	if res := other.post("/households/A0001/edit", form); res.status != http.StatusSeeOther {
		t.Fatalf("other save: %d", res.status)
	}
	expect(t, "stale delete", c.post("/households/A0001/measures/1/delete", del), http.StatusConflict, "已被他人修改")
	a, _ := store.NewRegistry(f.db).Get(context.Background(), "A0001")
	if len(a.Measures) != 1 {
		t.Error("the stale delete removed the measure")
	}
	// Opened again, it deletes.
	del = formValues(t, c.get(path).body, "/households/A0001/measures/1/delete")
	if res := c.post("/households/A0001/measures/1/delete", del); res.status != http.StatusSeeOther {
		t.Fatalf("delete: %d %.300s", res.status, res.body)
	}
}

// TestEthnicityFromNationalList: 民族 is chosen from the national list; a stored value outside
// it (an older spelling) is still offered and kept.
func TestEthnicityFromNationalList(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.login("county")
	path := "/households/A0001/persons/A000101/edit"
	page := c.get(path)
	expect(t, "person form", page, http.StatusOK, `<select id="f-ethnicity" name="ethnicity">`, `value="东乡族"`, `value="外国血统"`, `value="其他"`)
	if n := len(registry.Ethnicities); n != 58 {
		t.Errorf("%d entries in the national list, want 56 groups and 2 others", n)
	}
	form := formValues(t, page.body, path)
	form.Set("ethnicity", "汉")
	expect(t, "not on the list", c.post(path, form), http.StatusBadRequest, "不是可选的值")
	form.Set("ethnicity", "回族")
	if res := c.post(path, form); res.status != http.StatusSeeOther {
		t.Fatalf("回族: %d %.500s", res.status, res.body)
	}

	// An imported 汉 stays selectable and unchanged.
	ctx := context.Background()
	reg := store.NewRegistry(f.db)
	a, _ := reg.Get(ctx, "A0001")
	a.Persons[0].Ethnicity = "汉"
	reg.Put(ctx, a)
	page = c.get(path)
	expect(t, "old spelling offered", page, http.StatusOK, `<option value="汉" selected>`)
	res := c.post(path, formValues(t, page.body, path))
	if !strings.Contains(res.header.Get("Location"), "msg=unchanged") {
		t.Errorf("saving an old spelling unchanged: %d %s", res.status, res.header.Get("Location"))
	}
}
