package web_test

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/nationalfmt/nftest"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// fieldError returns the error shown beside the form's field name, "" when none.
func fieldError(t *testing.T, body, name string) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)<div class="field[^"]*has-error[^"]*">(.*?)<div class="ferr">([^<]*)</div>`)
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		if strings.Contains(m[1], `name="`+name+`"`) {
			return m[2]
		}
	}
	return ""
}

// TestTextLimitsInForms: a text over its length limit is refused by the edit form beside its
// field, with the limit named, and nothing is stored.
func TestTextLimitsInForms(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.login("towna")
	long := strings.Repeat("张", 51)
	page := c.get("/households/A0001/persons/A000102/edit")
	v := regexpFind(t, page.body, `name="v" value="([^"]*)"`)
	res := c.post("/households/A0001/persons/A000102/edit", url.Values{"v": {v}, "name": {long}, "id_type": {"居民身份证"},
		"gender": {"女"}, "birth": {"1982-03-04"}, "relation": {"配偶"}, "education": {"小学"}, "labour_skill": {"普通劳动力"},
		"health": {"健康"}, "work_location": {"县内乡外"}, "work_months": {"8"}, "resident_medical": {"否"},
		"employee_medical": {"否"}, "resident_pension": {"是"}})
	expect(t, "51-character name", res, http.StatusBadRequest)
	if got := fieldError(t, res.body, "name"); !strings.HasPrefix(got, "姓名超过 50 个字符") {
		t.Errorf("the name field's error is %q\n%.3000s", got, res.body)
	}

	page = c.get("/households/A0001/measures/1/edit")
	v = regexpFind(t, page.body, `name="v" value="([^"]*)"`)
	res = c.post("/households/A0001/measures/1/edit", url.Values{"v": {v}, "type": {"就业帮扶"},
		"description": {strings.Repeat("补", 2001)}, "start": {"2025-03-01"}, "amount": {"500"}})
	expect(t, "2001-character description", res, http.StatusBadRequest)
	if got := fieldError(t, res.body, "description"); got != "措施内容超过 2000 个字符" {
		t.Errorf("the description field's error is %q", got)
	}
	a, err := store.NewRegistry(f.db).Get(context.Background(), "A0001")
	if err != nil || a.Persons[1].Name != "张三妻" || a.Measures[0].Description != "外出务工交通补贴" {
		t.Errorf("refused texts were stored: %v", err)
	}

	// A status note of the ledger becomes the progress: it has the progress's limit.
	item := url.Values{"region": {string(townA)}, "source": {"selfcheck"}, "description": {"村道破损"}, "unit": {"平襄镇人民政府"},
		"person": {"赵镇长"}, "deadline": {"2026-12-31"}}
	res = c.post("/ledger", item)
	if res.status != http.StatusSeeOther {
		t.Fatalf("new item: %d %.500s", res.status, res.body)
	}
	path := strings.Split(res.header.Get("Location"), "?")[0]
	expect(t, "4001-character note", c.post(path+"/status", url.Values{"to": {"fixed"}, "note": {strings.Repeat("改", 4001)}}),
		http.StatusBadRequest, "说明超过 4000 个字符")

	// A user's name has the registry's limit for names.
	admin := f.login("admin")
	expect(t, "51-character user name", admin.post("/users", url.Values{"username": {"longname"}, "name": {long},
		"role": {"county"}, "region": {string(county)}}), http.StatusBadRequest, "姓名超过 50 个字符")
}

// TestTextLimitsInImport: an imported text over its limit is a blocking error of its
// household's row, named like the form's, and the household is not written.
func TestTextLimitsInImport(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.login("county")
	rows := nftest.MemberRows(nftest.Households())
	rows[1]["姓名"] = strings.Repeat("李", 51)
	path := filepath.Join(t.TempDir(), "members.csv")
	if err := nftest.WriteCSV(path, nftest.Sheet{Headers: nftest.MemberHeaders, Rows: rows}, nftest.UTF8); err != nil {
		t.Fatal(err)
	}
	res := c.upload(path)
	if res.status != http.StatusSeeOther {
		t.Fatalf("upload: %d %.500s", res.status, res.body)
	}
	res = c.waitImport(res.header.Get("Location"))
	// The page masks long digit runs, 人口编号 among them.
	expect(t, "import with a long name", res, http.StatusOK, "姓名超过 50 个字符（人口编号 "+auth.MaskText(rows[1]["人口编号"])+"）", "只导入没有错误的户")
	if _, err := store.NewRegistry(f.db).Get(context.Background(), rows[1]["户编号"]); err == nil {
		t.Error("the household with the long name was written")
	}
}

// TestAuditDetailClipped: an audit detail is kept to its limit, the cut marked.
func TestAuditDetailClipped(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		log := store.NewAuditLog(e.DB)
		ctx := context.Background()
		if err := log.Append(ctx, audit.Entry{Action: audit.HouseholdUpdate, ObjectType: "household", ObjectID: "H1",
			Detail: strings.Repeat("改", 1<<20)}); err != nil {
			t.Fatal(err)
		}
		list, err := log.List(ctx, audit.Filter{})
		if err != nil || len(list) != 1 {
			t.Fatalf("%v %d", err, len(list))
		}
		if d := []rune(list[0].Detail); len(d) != store.MaxAuditDetail || d[len(d)-1] != '…' {
			t.Errorf("detail of %d characters kept as %d", 1<<20, len(d))
		}
	})
}
