package ledger_test

import (
	"bytes"
	"github.com/xuri/excelize/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/workbook/hostile"
)

const (
	county   = region.Code("621121000000")
	town     = region.Code("621121100000")
	otherTwn = region.Code("621121101000")
	village  = region.Code("621121100201")
)

var (
	countyU  = &auth.User{Username: "county", Role: auth.RoleCounty, Region: county}
	townU    = &auth.User{Username: "town", Role: auth.RoleTownship, Region: town}
	town2U   = &auth.User{Username: "town2", Role: auth.RoleTownship, Region: town}
	otherU   = &auth.User{Username: "other", Role: auth.RoleTownship, Region: otherTwn}
	villageU = &auth.User{Username: "village", Role: auth.RoleVillage, Region: village}
	viewerU  = &auth.User{Username: "viewer", Role: auth.RoleViewer, Region: county}
)

func TestCanCreate(t *testing.T) {
	for _, c := range []struct {
		name string
		u    *auth.User
		reg  region.Code
		code errs.Code
	}{
		{"county in its county", countyU, village, ""},
		{"township for its own", townU, town, ""},
		{"township elsewhere", townU, otherTwn, errs.Forbidden},
		{"village cadre", villageU, village, errs.Forbidden},
		{"viewer", viewerU, village, errs.Forbidden},
		{"nobody", nil, village, errs.Unauthorized},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := ledger.CanCreate(c.u, c.reg)
			if c.code == "" && err != nil || c.code != "" && !errs.Is(err, c.code) {
				t.Fatalf("got %v, want %q", err, c.code)
			}
		})
	}
}

func TestTransitions(t *testing.T) {
	external := func(st ledger.Status, fixedBy string) *ledger.Item {
		return &ledger.Item{Region: village, Source: ledger.FromInspection, Status: st, FixedBy: fixedBy}
	}
	backed := func(st ledger.Status, open int) *ledger.Item {
		return &ledger.Item{Region: village, Source: ledger.FromFinding, Status: st, FindingIDs: []string{"621121-A"}, OpenFindings: open}
	}
	for _, c := range []struct {
		name string
		u    *auth.User
		it   *ledger.Item
		to   ledger.Status
		code errs.Code
	}{
		{"village starts work", villageU, external(ledger.Pending, ""), ledger.Doing, ""},
		{"village reports fixed", villageU, external(ledger.Doing, ""), ledger.Fixed, ""},
		{"viewer cannot update", viewerU, external(ledger.Doing, ""), ledger.Fixed, errs.Forbidden},
		{"other township out of scope", otherU, external(ledger.Doing, ""), ledger.Fixed, errs.Forbidden},
		{"worker cannot close own work", townU, external(ledger.Fixed, "town"), ledger.Closed, errs.Forbidden},
		{"another verifier closes", town2U, external(ledger.Fixed, "town"), ledger.Closed, ""},
		{"village cannot verify", villageU, external(ledger.Fixed, "town"), ledger.Closed, errs.Forbidden},
		{"external not fixed cannot close", countyU, external(ledger.Doing, ""), ledger.Closed, errs.Conflict},
		{"verifier sends back", countyU, external(ledger.Fixed, "village"), ledger.Doing, ""},
		{"worker cannot send back own", villageU, external(ledger.Fixed, "village"), ledger.Doing, errs.Forbidden},
		{"closed is final", countyU, external(ledger.Closed, "village"), ledger.Doing, errs.Conflict},
		{"no way back to pending", countyU, external(ledger.Doing, ""), ledger.Pending, errs.Conflict},
		{"same status", countyU, external(ledger.Doing, ""), ledger.Doing, errs.Conflict},
		{"findings still open", countyU, backed(ledger.Fixed, 1), ledger.Closed, errs.Conflict},
		{"findings all closed", countyU, backed(ledger.Doing, 0), ledger.Closed, ""},
		{"findings closed, worker may close", townU, &ledger.Item{Region: village, Status: ledger.Fixed, FixedBy: "town", FindingIDs: []string{"x"}}, ledger.Closed, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := ledger.CheckTransition(c.u, c.it, c.to)
			if c.code == "" && err != nil || c.code != "" && !errs.Is(err, c.code) {
				t.Fatalf("got %v, want %q", err, c.code)
			}
		})
	}
}

func TestOverdue(t *testing.T) {
	// 2026-12-01 01:00 in China is still 2026-11-30 in UTC: the China date counts.
	now := time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		deadline string
		st       ledger.Status
		want     bool
	}{
		{"2026-11-30", ledger.Pending, true},
		{"2026-12-01", ledger.Doing, false},
		{"2026-11-01", ledger.Fixed, false},
		{"2026-11-01", ledger.Closed, false},
	} {
		it := &ledger.Item{Deadline: c.deadline, Status: c.st}
		if got := it.Overdue(now); got != c.want {
			t.Errorf("%s %s: got %v", c.deadline, c.st, got)
		}
	}
}

func TestValidate(t *testing.T) {
	it := &ledger.Item{Region: village, Source: ledger.FromPetition, Description: " 危房未改造 ", Unit: "某镇", Person: "张三", Deadline: "2026年12月1日"}
	it.Clean()
	if err := it.Validate(); err != nil || it.Deadline != "2026-12-01" || it.Description != "危房未改造" {
		t.Fatalf("%v %+v", err, it)
	}
	it.Deadline = "明年"
	if err := it.Validate(); !errs.Is(err, errs.Invalid) {
		t.Fatalf("bad deadline: %v", err)
	}
}

// writeRows writes items as an exported 整改台账 (with a title row above the header).
func writeRows(t *testing.T, items ...*ledger.Item) *bytes.Buffer {
	t.Helper()
	w, err := ledger.NewWriter(ledger.WriterOptions{Title: "平襄镇 整改台账"})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if err := w.Write(&ledger.Row{Item: it}); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := w.Close(&buf); err != nil {
		t.Fatal(err)
	}
	return &buf
}

// TestXLSXRoundTrip: an exported 整改台账 of outside problems imports back, its columns taken
// by their headers below the title row.
func TestXLSXRoundTrip(t *testing.T) {
	in := []*ledger.Item{
		{Source: ledger.FromProvince, Description: "部分监测户帮扶措施不精准", Unit: "通渭县乡村振兴局", Person: "李四", Measures: "逐户核实", Deadline: "2026-12-31", Status: ledger.Pending},
		{Source: ledger.FromSelfCheck, Description: "饮水安全问题", Unit: "某镇政府", Person: "王五", Deadline: "2027-01-15", Progress: "已完成 3 户", Status: ledger.Doing},
	}
	buf := writeRows(t, in...)
	out, err := ledger.Read("台账.xlsx", bytes.NewReader(buf.Bytes()), int64(buf.Len()), town)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 {
		t.Fatalf("%d items", len(out))
	}
	for i, got := range out {
		want := in[i]
		if got.Source != want.Source || got.Description != want.Description || got.Unit != want.Unit || got.Person != want.Person ||
			got.Measures != want.Measures || got.Deadline != want.Deadline || got.Progress != want.Progress || got.Status != want.Status ||
			got.Region != town || got.County != county {
			t.Errorf("row %d: got %+v want %+v", i, got, want)
		}
	}

	// The blank template imports once filled in.
	var tpl bytes.Buffer
	if err := ledger.WriteTemplate(&tpl); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&tpl)
	if err != nil {
		t.Fatal(err)
	}
	x.SetSheetRow(ledger.SheetName, "A2", &[]any{1, "自查", "村道破损", "平襄镇人民政府", "赵镇长", "修路", "2026-12-31", "", "否"})
	var filled bytes.Buffer
	x.Write(&filled)
	if out, err := ledger.Read("模板.xlsx", bytes.NewReader(filled.Bytes()), int64(filled.Len()), town); err != nil || len(out) != 1 || out[0].Description != "村道破损" {
		t.Errorf("filled template: %v %+v", err, out)
	}
}

// TestXLSXExportColumns: the exported 整改台账 names the household by its number and 户主,
// has the village, the state, the completion and 销号 dates, and the progress from the notes;
// masked, the 户主 keeps only the first character and the numbers in the texts are starred.
func TestXLSXExportColumns(t *testing.T) {
	fixed := time.Date(2026, 11, 10, 2, 0, 0, 0, time.UTC)
	it := &ledger.Item{ID: "621121-ABC", Source: ledger.FromFinding, Description: "成员未参保（户编号 A0001，张三，电话 13912345678）",
		Unit: "平襄镇", Person: "赵镇长", Deadline: "2026-12-31", Status: ledger.Closed, FixedAt: fixed, ClosedAt: fixed.AddDate(0, 0, 2)}
	row := &ledger.Row{Item: it, County: "通渭县", Township: "平襄镇", Village: "东城区居民委员会", HouseholdNo: "A0001", Head: "张三",
		Notes: []ledger.Note{{At: fixed.AddDate(0, 0, -3), What: "整改中", Text: "已入户"}, {At: fixed, What: "已整改", Text: "已参保"}}}
	for _, mask := range []bool{false, true} {
		w, err := ledger.NewWriter(ledger.WriterOptions{Mask: mask})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(row)
		var buf bytes.Buffer
		if err := w.Close(&buf); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows(ledger.SheetName)
		if strings.Join(rows[0], ",") != strings.Join(ledger.ExportColumns, ",") {
			t.Fatalf("header %q", rows[0])
		}
		got := map[string]string{}
		for i, h := range rows[0] {
			if i < len(rows[1]) {
				got[h] = rows[1][i]
			}
		}
		head, phone := "张三", "13912345678"
		if mask {
			head, phone = "张*", "139****5678"
		}
		want := map[string]string{"村": "东城区居民委员会", "户编号": "A0001", "户主": head, "整改状态": "已销号", "是否销号": "是",
			"整改完成日期": "2026-11-10", "销号日期": "2026-11-12", "整改进展": "2026-11-07 整改中：已入户\n2026-11-10 已整改：已参保"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("mask %v: %s = %q, want %q", mask, k, got[k], v)
			}
		}
		if !strings.Contains(got["问题描述"], phone) || mask && strings.Contains(got["问题描述"], "张三") {
			t.Errorf("mask %v: 问题描述 %q", mask, got["问题描述"])
		}
		if f, _ := x.GetPanes(ledger.SheetName); !f.Freeze || f.YSplit != 1 {
			t.Errorf("mask %v: header not frozen: %+v", mask, f)
		}
		if dn := x.GetDefinedName(); len(dn) == 0 || dn[0].Name != "_xlnm._FilterDatabase" {
			t.Errorf("mask %v: no autofilter: %+v", mask, dn)
		}
	}
}

func TestXLSXImportErrors(t *testing.T) {
	buf := writeRows(t,
		&ledger.Item{Source: ledger.FromProvince, Description: "问题一", Unit: "单位", Person: "人", Deadline: "2026-12-31"},
		&ledger.Item{Source: "bogus", Description: "", Unit: "单位", Person: "人", Deadline: "2026-12-31"},
		&ledger.Item{Source: ledger.FromPetition, Description: "问题三", Unit: "单位", Person: "人", Deadline: "2026-13-45", Status: ledger.Closed})
	_, err := ledger.Read("台账.xlsx", bytes.NewReader(buf.Bytes()), int64(buf.Len()), town)
	if !errs.Is(err, errs.Invalid) {
		t.Fatalf("%v", err)
	}
	msg := errs.Message(err)
	for _, want := range []string{"第 4 行 B 列（问题来源）", "第 4 行 H 列（问题描述）", "第 5 行 L 列（整改时限）", "第 5 行 Q 列（是否销号）"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q: %s", want, msg)
		}
	}
	if _, err := ledger.Read("台账.xlsx", strings.NewReader("not a workbook"), 14, town); !errs.Is(err, errs.Invalid) {
		t.Errorf("garbage: %v", err)
	}
	// A sheet without the needed headers says which are missing.
	var csv bytes.Buffer
	csv.WriteString("序号,问题来源,问题描述,整改时限\r\n1,自查,村道破损,2026-12-31\r\n")
	_, err = ledger.Read("台账.csv", bytes.NewReader(csv.Bytes()), int64(csv.Len()), town)
	if msg := errs.Message(err); !strings.Contains(msg, "表头缺少「责任单位」「责任人」列") {
		t.Errorf("missing columns: %v", err)
	}
}

// TestReadHostile feeds the 整改台账 reader what an attacker would upload: each file is
// refused with a message that names the problem, allocating little whatever it inflates to.
func TestReadHostile(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"decompression bomb", "台账.xlsx", hostile.Bomb(ledger.Columns, 256<<20), "压缩炸弹"},
		{"huge cell", "台账.xlsx", hostile.HugeCell(ledger.Columns, 40000), "第 2 行 B 列"},
		{"huge row", "台账.xlsx", hostile.HugeRow(ledger.Columns, 200, 30000), "第 2 行的内容超过"},
		{"csv line without end", "台账.csv", hostile.CSVLongLine(ledger.Columns, 64<<20), "超过 1 MB"},
		{"csv cut inside a quote", "台账.csv", hostile.CSVOpenQuote(ledger.Columns), "引号没有闭合"},
		{"lying bomb", "台账.xlsx", hostile.LyingBomb(ledger.Columns, 256<<20), "其后的行未再检查"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := ledger.Read(tc.file, bytes.NewReader(tc.data), int64(len(tc.data)), town)
			runtime.ReadMemStats(&after)
			if !errs.Is(err, errs.Invalid) || !strings.Contains(errs.Message(err), tc.want) {
				t.Fatalf("error %v, want errs.Invalid containing %q", err, tc.want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
				t.Errorf("reading allocated %d MiB", alloc>>20)
			}
		})
	}
}
