package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/archive"
	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/store/storetest"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// pngData is the start of a PNG file: enough for the content to sniff as image/png.
var pngData = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)

// archiveFixture stores in village A a monitored household (1), a household whose risk is
// eliminated (2), an alleviated household not monitored (3) and an ordinary one (4); and in
// village B one monitored household (5).
func archiveFixture(t *testing.T, e storetest.Engine) (context.Context, *store.Archives, []string) {
	t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{Username: "tester"})
	reg := store.NewRegistry(e.DB)
	var nos []string
	for i, f := range []func(h *registry.Household){
		func(h *registry.Household) {},
		func(h *registry.Household) { h.RiskEliminated, h.EliminationWay = registry.Yes, "帮扶消除" },
		func(h *registry.Household) { h.Category, h.RiskTypes, h.RiskEliminated = "", nil, registry.Unknown },
		func(h *registry.Household) {
			h.Kind, h.YearOut, h.Category, h.RiskTypes, h.RiskEliminated = registry.KindOrdinary, 0, "", nil, registry.Unknown
		},
	} {
		a := household(villageA, i+1, 2)
		f(&a.Household)
		if err := reg.Put(ctx, &a); err != nil {
			t.Fatal(err)
		}
		nos = append(nos, a.Household.No)
	}
	b := household(villageB, 5, 1)
	if err := reg.Put(ctx, &b); err != nil {
		t.Fatal(err)
	}
	return ctx, store.NewArchives(e.DB), append(nos, b.Household.No)
}

func TestArchiveStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx, st, nos := archiveFixture(t, e)
		l, err := st.Lists(ctx, villageA.County())
		if err != nil || len(l.Monitored) != 8 || len(l.Village) != 5 {
			t.Fatalf("lists %+v %v", l, err)
		}
		want := []archive.Category{archive.Monitored, archive.Eliminated, archive.Alleviated, archive.None, archive.Monitored}
		for i, no := range nos {
			cl, err := st.Household(ctx, no)
			if err != nil || cl.Category != want[i] || cl.Village.County() != villageA.County() {
				t.Fatalf("household %s: %+v %v", no, cl, err)
			}
		}
		if _, err := st.Household(ctx, "nobody"); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown household: %v", err)
		}

		cl, _ := st.Household(ctx, nos[0])
		// Only listed items, a location for paper, a real file of an accepted type.
		if err := st.MarkPaper(ctx, cl, archive.Entry{Item: "户口本复印件", Location: "村委会"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("unlisted item: %v", err)
		}
		if err := st.MarkPaper(ctx, cl, archive.Entry{Item: "申请书"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("paper without location: %v", err)
		}
		if _, err := st.Attach(ctx, cl, "审批表", "a.exe", "application/octet-stream", []byte("MZ"), ""); !errs.Is(err, errs.Invalid) {
			t.Errorf("executable: %v", err)
		}
		if _, err := st.Attach(ctx, cl, "审批表", "big.png", "image/png", make([]byte, store.MaxFileSize+1), ""); !errs.Is(err, errs.Invalid) {
			t.Errorf("too large: %v", err)
		}
		ordinary, _ := st.Household(ctx, nos[3])
		if err := st.MarkPaper(ctx, ordinary, archive.Entry{Item: "申请书", Location: "村委会"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("ordinary household: %v", err)
		}

		if err := st.MarkPaper(ctx, cl, archive.Entry{Item: "申请书", Location: "村委会档案室 2 号柜", Note: "原件"}); err != nil {
			t.Fatal(err)
		}
		ent, err := st.Attach(ctx, cl, "审批表", `C:\扫描\审批表.png`, "image/png", pngData, "")
		if err != nil || ent.FileName != "审批表.png" {
			t.Fatalf("attach: %+v %v", ent, err)
		}
		cl, _ = st.Household(ctx, nos[0])
		if got := cl.Entries["申请书"]; got.Held != archive.Paper || got.Location != "村委会档案室 2 号柜" || got.By != "tester" || got.At.IsZero() {
			t.Errorf("paper entry %+v", got)
		}
		if got := cl.Entries["审批表"]; got.Held != archive.File || got.FileName != "审批表.png" || got.FileSize != len(pngData) {
			t.Errorf("file entry %+v", got)
		}
		name, ct, data, err := st.FileData(ctx, cl, "审批表")
		if err != nil || name != "审批表.png" || ct != "image/png" || !bytes.Equal(data, pngData) {
			t.Fatalf("file data %s %s %d %v", name, ct, len(data), err)
		}
		if _, _, _, err := st.FileData(ctx, cl, "申请书"); !errs.Is(err, errs.NotFound) {
			t.Errorf("paper item has no file: %v", err)
		}
		// Replacing the file by paper deletes the file.
		if err := st.MarkPaper(ctx, cl, archive.Entry{Item: "审批表", Location: "乡镇档案室"}); err != nil {
			t.Fatal(err)
		}
		var files int
		if err := e.DB.SQL.QueryRow(`SELECT COUNT(*) FROM archive_files`).Scan(&files); err != nil || files != 0 {
			t.Errorf("files left %d %v", files, err)
		}
		if _, err := st.Attach(ctx, cl, "审批表", "审批表.png", "image/png", pngData, "扫描件"); err != nil {
			t.Fatal(err)
		}
		if err := st.Clear(ctx, cl, "入户核查表"); !errs.Is(err, errs.Conflict) {
			t.Errorf("clearing a missing item: %v", err)
		}

		village, err := st.Village(ctx, villageA)
		if err != nil || village.Subject != string(villageA) {
			t.Fatal(village, err)
		}
		for _, it := range l.Village {
			if err := st.MarkPaper(ctx, village, archive.Entry{Item: it, Location: "村委会档案室"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.MarkPaper(ctx, village, archive.Entry{Item: "申请书", Location: "村委会"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("household item on a village: %v", err)
		}

		// Village A: household 1 owes 8 (2 present), 2 owes 10, 3 owes 3; its own 5 present.
		tallies, err := st.Completeness(ctx, villageA.County(), 12)
		if err != nil {
			t.Fatal(err)
		}
		a, b := tallies[string(villageA)], tallies[string(villageB)]
		if a == nil || b == nil {
			t.Fatalf("tallies %v", tallies)
		}
		if a.Households.Required != 21 || a.Households.Present != 2 || a.Households.Archives != 3 || a.Villages.Complete != 1 ||
			a.Villages.Present != 5 || a.All().Required != 26 {
			t.Errorf("village A %+v", a)
		}
		if b.Households.Required != 8 || b.Households.Present != 0 || b.Villages.Required != 5 || b.Villages.Present != 0 {
			t.Errorf("village B %+v", b)
		}
		township, err := st.Completeness(ctx, villageA.County(), 9)
		if err != nil || len(township) != 1 || township[villageA.Prefix()[:9]].All().Required != 26+13 {
			t.Errorf("township %v %v", township, err)
		}
		// The village's scope alone.
		var seen []string
		if err := st.Each(ctx, villageA.County(), villageB, archive.KindHousehold, func(cl *archive.Checklist) error {
			seen = append(seen, cl.Subject)
			return nil
		}); err != nil || len(seen) != 1 || seen[0] != nos[4] {
			t.Errorf("village B households %v %v", seen, err)
		}

		if err := st.Clear(ctx, cl, "审批表"); err != nil {
			t.Fatal(err)
		}
		cl, _ = st.Household(ctx, nos[0])
		if _, ok := cl.Entries["审批表"]; ok {
			t.Error("cleared item still present")
		}
		entries, err := store.NewAuditLog(e.DB).List(ctx, audit.Filter{Action: audit.ArchiveUpdate})
		if err != nil || len(entries) != 10 {
			t.Fatalf("audit: %d %v", len(entries), err)
		}
		for _, en := range entries {
			if en.Username != "tester" || en.Region.County() != villageA.County() || !strings.Contains(en.Detail, "档案") {
				t.Errorf("audit entry %+v", en)
			}
		}
	})
}

func TestArchiveRecord(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx, st, nos := archiveFixture(t, e)
		a, _ := st.Household(ctx, nos[2])
		v, _ := st.Village(ctx, villageA)
		a.Entries = map[string]archive.Entry{"帮扶计划": {Location: "村委会"}, "走访记录": {Location: "村委会"}}
		v.Entries = map[string]archive.Entry{"会议记录": {Location: "村委会档案室"}}
		// One wrong entry refuses the whole batch.
		bad, _ := st.Household(ctx, nos[0])
		bad.Entries = map[string]archive.Entry{"申请书": {Location: ""}}
		if _, err := st.Record(ctx, villageA.County(), []*archive.Checklist{a, v, bad}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("bad batch: %v", err)
		}
		if started, err := st.Started(ctx, villageA.County()); err != nil || started {
			t.Fatalf("started before any record: %v %v", started, err)
		}
		n, err := st.Record(ctx, villageA.County(), []*archive.Checklist{a, v})
		if err != nil || n != 3 {
			t.Fatalf("record %d %v", n, err)
		}
		if started, err := st.Started(ctx, villageA.County()); err != nil || !started {
			t.Fatalf("started after a record: %v %v", started, err)
		}
		if started, _ := st.Started(ctx, villageC.County()); started {
			t.Error("another county started")
		}
		tallies, err := st.Completeness(ctx, villageA, 12)
		if err != nil || tallies[string(villageA)].Households.Present != 2 || tallies[string(villageA)].Villages.Present != 1 {
			t.Fatalf("after record %+v %v", tallies[string(villageA)], err)
		}
		entries, err := store.NewAuditLog(e.DB).List(ctx, audit.Filter{Action: audit.ArchiveUpdate})
		if err != nil || len(entries) != 1 || !strings.Contains(entries[0].Detail, "3 项") {
			t.Fatalf("audit %v %v", entries, err)
		}
		// A register over an attached item puts it on paper and drops the file.
		if _, err := st.Attach(ctx, a, "帮扶计划", "计划.png", "image/png", pngData, ""); err != nil {
			t.Fatal(err)
		}
		a.Entries = map[string]archive.Entry{"帮扶计划": {Location: "乡镇档案室"}}
		if _, err := st.Record(ctx, villageA.County(), []*archive.Checklist{a}); err != nil {
			t.Fatal(err)
		}
		got, _ := st.Household(ctx, nos[2])
		var files int
		if err := e.DB.SQL.QueryRow(`SELECT COUNT(*) FROM archive_files`).Scan(&files); err != nil || files != 0 ||
			got.Entries["帮扶计划"].Held != archive.Paper || got.Entries["帮扶计划"].Location != "乡镇档案室" || got.Entries["走访记录"].Location != "村委会" {
			t.Errorf("after a register over a file: %d files, %+v %v", files, got.Entries, err)
		}
	})
}

func TestArchiveImportStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ctx, st, nos := archiveFixture(t, e)
		row := func(n int, no string, v region.Code, item string) tableimport.Row[archive.RegisterRow] {
			return tableimport.Row[archive.RegisterRow]{Num: n, Rec: &archive.RegisterRow{HouseholdNo: no, Village: v, Item: item, Location: "村委会"}}
		}
		if _, _, err := st.Import(ctx, villageA.Up(region.City), nil); !errs.Is(err, errs.Invalid) {
			t.Errorf("a city: %v", err)
		}
		_, problems, err := st.Import(ctx, villageA, []tableimport.Row[archive.RegisterRow]{
			row(2, nos[2], "", "帮扶计划"), row(3, nos[4], "", "申请书"), row(4, "nobody", "", "申请书"), row(5, nos[3], "", "申请书"),
			row(6, "", villageA, "申请书")})
		if err != nil || len(problems) != 4 || problems[0].Row != 3 || problems[1].Row != 4 || problems[2].Row != 5 || problems[3].Row != 6 {
			t.Fatalf("problems %v %v", problems, err)
		}
		n, problems, err := st.Import(ctx, villageA.County(), []tableimport.Row[archive.RegisterRow]{
			row(2, nos[2], "", "帮扶计划"), row(3, nos[4], "", "申请书"), row(4, "", villageA, "会议记录")})
		if err != nil || len(problems) != 0 || n != 3 {
			t.Fatalf("import %d %v %v", n, problems, err)
		}
		cl, _ := st.Household(ctx, nos[4])
		if cl.Entries["申请书"].Location != "村委会" {
			t.Errorf("imported entry %+v", cl.Entries)
		}
	})
}
