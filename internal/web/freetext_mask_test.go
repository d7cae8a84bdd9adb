package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/nationalfmt/nftest"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
)

// The numbers users type into free texts in the tests below.
var (
	typedPhone = "13812345678"
	typedID    = idno.Make("621121", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), 33)
	countyCode = county
)

// noFullNumbers fails when the text holds a typed number in full, and when it lacks the masked
// phone (so that a page that dropped the text altogether does not pass).
func noFullNumbers(t *testing.T, what, text string) {
	t.Helper()
	for _, n := range []string{typedPhone, typedID} {
		if strings.Contains(text, n) {
			t.Errorf("%s shows %s in full", what, n)
		}
	}
	if !strings.Contains(text, auth.MaskPhone(typedPhone)) {
		t.Errorf("%s lacks the masked phone %s", what, auth.MaskPhone(typedPhone))
	}
}

// xlsxText returns every cell of every sheet of a workbook, one per line.
func xlsxText(t *testing.T, data string) string {
	t.Helper()
	x, err := excelize.OpenReader(strings.NewReader(data))
	if err != nil {
		t.Fatalf("workbook: %v", err)
	}
	defer x.Close()
	var b strings.Builder
	for _, sh := range x.GetSheetList() {
		rows, err := x.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return b.String()
}

// TestFreeTextMasked: ID numbers and phones typed into a waiver's reason, a measure's
// description, a ledger item's texts, a status note or anything the audit log quotes are
// masked wherever the text is shown, in pages, the API and exports, for every role; a role
// that may unmask sees them on the household page through its audited reveal.
func TestFreeTextMasked(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	ctx := context.Background()
	typed := "户主电话 " + typedPhone + "，身份证 " + typedID

	// A measure's description.
	reg := store.NewRegistry(f.db)
	a, err := reg.Get(ctx, "A0001")
	if err != nil {
		t.Fatal(err)
	}
	a.Measures[0].Description = "务工补贴，联系" + typed
	if err := reg.Put(ctx, a); err != nil {
		t.Fatal(err)
	}
	// A waiver's reason (and the audit row that quotes it).
	var findingID string
	store.NewFindings(f.db).Each(ctx, store.FindingFilter{HouseholdNo: "A0001"}, func(fd *store.Finding) error {
		if findingID == "" && fd.Status == store.StatusOpen {
			findingID = fd.ID
		}
		return nil
	})
	town := f.login("towna")
	if res := town.post("/findings/"+findingID+"/waive", url.Values{"reason": {"已核实无误，" + typed}, "back": {"/households/A0001"}}); res.status != http.StatusSeeOther {
		t.Fatalf("waive: %d %.500s", res.status, res.body)
	}
	// A ledger item's description, progress and a status note.
	county := f.login("county")
	res := county.post("/ledger", url.Values{"region": {string(townA)}, "source": {"selfcheck"}, "description": {"群众反映：" + typed},
		"unit": {"平襄镇人民政府"}, "person": {"赵镇长 " + typedPhone}, "deadline": {"2026-12-31"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("new item: %d %.500s", res.status, res.body)
	}
	item := strings.Split(res.header.Get("Location"), "?")[0]
	if res := county.post(item+"/edit", url.Values{"progress": {"已电话联系 " + typed}, "measures": {"入户核实 " + typed}}); res.status != http.StatusSeeOther {
		t.Fatalf("progress: %d %.500s", res.status, res.body)
	}
	if res := county.post(item+"/status", url.Values{"to": {"fixed"}, "note": {"整改完成，" + typed}}); res.status != http.StatusSeeOther {
		t.Fatalf("status: %d %.500s", res.status, res.body)
	}

	helper, auditor := f.login("helper"), f.login("auditor")
	for _, tc := range []struct {
		who  string
		c    *client
		path string
	}{
		{"helper", helper, "/households/A0001"},
		{"county", county, "/households/A0001"},
		{"county", county, "/findings?status=waived"},
		{"township", town, "/findings?status=all"},
		{"county", county, "/ledger"},
		{"county", county, item},
		{"county", county, "/regions/" + string(villageA)},
		{"auditor", auditor, "/audit"},
		{"helper", helper, "/api/households/A0001"},
		{"county", county, "/api/findings?status=waived"},
		{"county", county, "/api/ledger"},
	} {
		res := tc.c.get(tc.path)
		expect(t, tc.who+" "+tc.path, res, http.StatusOK)
		noFullNumbers(t, tc.who+" "+tc.path, res.body)
	}
	for _, path := range []string{"/findings.xlsx?status=waived", "/ledger.xlsx"} {
		res := county.get(path)
		expect(t, path, res, http.StatusOK)
		noFullNumbers(t, path, xlsxText(t, res.body))
	}

	// The audited reveal shows the texts in full to a role that may unmask.
	res = county.post("/households/A0001/reveal", nil)
	expect(t, "county reveal", res, http.StatusOK, "已核实无误，"+typed, "务工补贴，联系"+typed)

	// The ledger form shows the texts masked; saved back unchanged, they keep their numbers.
	page := county.get(item)
	if !strings.Contains(page.body, "已电话联系 "+auth.MaskText(typed)) {
		t.Fatalf("the progress is not in the form masked:\n%.3000s", page.body)
	}
	if res := county.post(item+"/edit", url.Values{"progress": {auth.MaskText("整改完成，" + typed)}, "measures": {auth.MaskText("入户核实 " + typed)}}); res.status != http.StatusSeeOther {
		t.Fatalf("save unchanged: %d %.500s", res.status, res.body)
	}
	got, err := store.NewLedger(f.db).Get(auth.WithUser(ctx, &auth.User{Username: "county", Role: auth.RoleCounty, Region: countyCode}), strings.TrimPrefix(item, "/ledger/"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Progress != "整改完成，"+typed || got.Measures != "入户核实 "+typed {
		t.Errorf("saving the masked form changed the stored texts: %q, %q", got.Progress, got.Measures)
	}
}

// TestImportMessagesMasked: an import's error page quotes the file's cells; the phones and ID
// numbers in them are masked.
func TestImportMessagesMasked(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.login("county")
	hs := nftest.Households()
	rows := nftest.MemberRows(hs)
	// Two rows of one household disagree on its phone: a blocking error quoting both.
	rows[1]["户联系电话"] = typedPhone
	path := filepath.Join(t.TempDir(), "members.csv")
	if err := nftest.WriteCSV(path, nftest.Sheet{Headers: nftest.MemberHeaders, Rows: rows}, nftest.UTF8); err != nil {
		t.Fatal(err)
	}
	res := c.upload(path)
	if res.status != http.StatusSeeOther {
		t.Fatalf("upload: %d %.500s", res.status, res.body)
	}
	res = c.waitImport(res.header.Get("Location"))
	expect(t, "import with a conflicting phone", res, http.StatusOK, "户联系电话")
	noFullNumbers(t, "import page", res.body)
	if strings.Contains(res.body, "13993211001") {
		t.Error("import page shows the other phone in full")
	}

	// An error page quotes a ledger file's cell.
	var b bytes.Buffer
	b.WriteString("序号,问题来源,问题描述,责任单位,责任人,整改措施,整改时限,整改进展,是否销号\r\n")
	b.WriteString("1,自查," + "村道破损,平襄镇人民政府,赵镇长,修路," + typedPhone + ",,否\r\n")
	ledgerFile := filepath.Join(t.TempDir(), "台账.csv")
	os.WriteFile(ledgerFile, b.Bytes(), 0o644)
	data, _ := os.ReadFile(ledgerFile)
	res = c.postFile("/ledger/import", map[string]string{"region": string(townA)}, "台账.csv", data)
	if res.status != http.StatusBadRequest {
		t.Fatalf("ledger import with a phone as deadline: %d %.800s", res.status, res.body)
	}
	noFullNumbers(t, "ledger import error page", res.body)
}
