package web_test

import (
	"net/http"
	"testing"

	"github.com/gonggu/gonggu/internal/store/storetest"
)

// TestImportColumnMapping: the import page shows, folded, how each header of the file was
// read and which fields it lacks, with a place for the rules their absence disables.
func TestImportColumnMapping(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	c := f.login("county")
	res := c.upload("../importer/testdata/partial.xlsx")
	if res.status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.status, res.body)
	}
	res = c.waitImport(res.header.Get("Location"))
	expect(t, "column mapping", res, http.StatusOK, "<summary>列对应关系</summary>", "表头（原文）", "<td>户编号</td>",
		"表中没有的列", "停用的规则", "系统自有列")
}
