package funds_test

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/funds"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/workbook/hostile"
)

const (
	county   = region.Code("621121000000") // 通渭县
	villageA = region.Code("621121100001") // 平襄镇东城区居民委员会
	villageB = region.Code("621121101201") // 马营镇东关村民委员会
	townB    = region.Code("621121101000")
)

func date(y, m, d int) registry.Date { return registry.NewDate(y, time.Month(m), d) }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// handYear is the county year of the hand computation below.
func handYear() *funds.CountyYear {
	return &funds.CountyYear{County: county, Name: "通渭县", Year: 2026, Flows: []funds.Flow{
		{Year: 2026, Date: date(2026, 1, 15), Kind: funds.FlowAllocated, Source: funds.Central, Amount: registry.Yuan(1_000_000)},
		{Year: 2026, Date: date(2026, 2, 20), Kind: funds.FlowPaid, Source: funds.Central, Amount: registry.Yuan(100_000)},
		{Year: 2026, Date: date(2026, 3, 10), Kind: funds.FlowAllocated, Source: funds.Provincial, Amount: registry.Yuan(500_000)},
		{Year: 2026, Date: date(2026, 4, 30), Kind: funds.FlowPaid, Source: funds.Central, Amount: registry.Yuan(300_000)},
		{Year: 2026, Date: date(2026, 6, 1), Kind: funds.FlowPaid, Source: funds.Provincial, Amount: registry.Yuan(200_000)},
	}, Averages: []funds.ProvinceAverage{{Province: "620000000000", Year: 2026, Month: 3, Rate: 20}, {Province: "620000000000", Year: 2026, Month: 6, Rate: 45}}}
}

// TestExpenditureCurveByHand: the expenditure curve the fund page draws, month by month,
// against a computation by hand: allocated 100 万 in January and 50 万 in March; paid 10 万 in
// February, 30 万 on 30 April and 20 万 on 1 June; the linear schedule (month ÷ 12); drawn on
// 15 July.
func TestExpenditureCurveByHand(t *testing.T) {
	lin, err := policy.ParseCurve("linear")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		alloc, paid int64
		rate        float64
		hasRate     bool
		sched       float64
		avg         float64
	}{
		{1_000_000, 0, 0, true, 100.0 / 12, -1},
		{1_000_000, 100_000, 10, true, 200.0 / 12, -1},
		{1_500_000, 100_000, 100_000 * 100.0 / 1_500_000, true, 25, 20},
		{1_500_000, 400_000, 400_000 * 100.0 / 1_500_000, true, 400.0 / 12, -1},
		{1_500_000, 400_000, 400_000 * 100.0 / 1_500_000, true, 500.0 / 12, -1},
		{1_500_000, 600_000, 40, true, 50, 45},
		// 15 July, the month not over: half of July's step is due.
		{1_500_000, 600_000, 40, true, 50 + 100.0/12*15/31, -1},
	}
	got := handYear().Curve(lin, date(2026, 7, 15))
	if len(got) != len(want) {
		t.Fatalf("%d months", len(got))
	}
	for i, w := range want {
		g := got[i]
		if g.Month != i+1 || g.Progress.Allocated != registry.Yuan(w.alloc) || g.Progress.Paid != registry.Yuan(w.paid) ||
			g.HasRate != w.hasRate || !near(g.Rate, w.rate) || !near(g.Schedule, w.sched) || g.HasAverage != (w.avg >= 0) ||
			(w.avg >= 0 && g.Average != w.avg) {
			t.Errorf("month %d: %+v, want %+v", i+1, g, w)
		}
	}
	if got[6].Day != 15 || got[5].Day != 0 {
		t.Errorf("days %d %d", got[6].Day, got[5].Day)
	}
	if all := handYear().Curve(lin, date(2027, 1, 10)); len(all) != 12 || all[11].Schedule != 100 || all[11].Day != 0 || all[11].Rate != 40 {
		t.Errorf("a past year: %d months, December %+v", len(all), all[len(all)-1])
	}
	// At any date: on 15 June the schedule is May's 41.67 % plus half of June's step.
	if got := lin.On(2026, time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)); !near(got, 500.0/12+100.0/12*15/30) {
		t.Errorf("schedule on 15 June %v", got)
	}
	if p := handYear().At(date(2026, 5, 31)); p.Paid != registry.Yuan(400_000) || p.Allocated != registry.Yuan(1_500_000) {
		t.Errorf("at 31 May %+v", p)
	}
	if a, ok := handYear().AverageBy(5); !ok || a.Month != 3 || a.Rate != 20 {
		t.Errorf("average by May %+v %v", a, ok)
	}
	custom, err := policy.ParseCurve("5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100")
	if err != nil || custom.At(3) != 20 || custom.At(0) != 0 || custom.At(13) != 100 {
		t.Errorf("custom curve %v %v", custom, err)
	}
	for _, bad := range []string{"1,2,3", "10,5,20,30,40,50,60,70,80,90,95,100", "5,10,20,30,40,50,60,70,80,90,95,101", "x"} {
		if _, err := policy.ParseCurve(bad); err == nil {
			t.Errorf("curve %q accepted", bad)
		}
	}
}

// TestUndistributed: distributions pay the oldest income first; income received after the
// due date is not yet owed.
func TestUndistributed(t *testing.T) {
	receipts := []funds.Receipt{{date(2026, 6, 1), registry.Yuan(500)}, {date(2026, 1, 10), registry.Yuan(1000)}, {date(2026, 6, 2), registry.Yuan(70)}}
	dists := []funds.Distribution{{Date: date(2026, 3, 1), Amount: registry.Yuan(800)}, {Date: date(2026, 12, 1), Amount: registry.Yuan(900)}}
	left, oldest := funds.Undistributed(receipts, dists, date(2026, 6, 1), date(2026, 11, 28))
	if left != registry.Yuan(700) || oldest != date(2026, 1, 10) {
		t.Errorf("left %v oldest %v, want 700 from 2026-01-10", left, oldest)
	}
	if left, _ := funds.Undistributed(receipts, dists, date(2026, 6, 1), date(2026, 12, 1)); left != 0 {
		t.Errorf("after the December distribution %v is left", left)
	}
}

func tree(t *testing.T) *region.Tree {
	t.Helper()
	tr, err := region.LoadArea("621100000000")
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func sample() *funds.Batch {
	p := &funds.Project{County: county, Place: villageB, No: "TW2026-001", Name: "东关村肉牛养殖场建设", Type: funds.TypeIndustry,
		Subtype: "生产项目", Scope: funds.ScopeVillage, Year: 2026, Unit: "马营镇人民政府", Content: "新建牛舍 2 栋、青贮池 1 座",
		Mechanism: "务工就业、订单收购", Households: 36,
		Dates: funds.Dates{Listed: date(2025, 10, 8), Approval: date(2026, 3, 1), PlanStart: date(2026, 4, 1), PlanFinish: date(2026, 9, 30),
			Start: date(2026, 4, 12), Finish: date(2026, 9, 20)}}
	p.Planned[funds.Central], p.Approved[funds.Central] = registry.Yuan(1_200_000), registry.Yuan(1_150_000)
	p.Approved[funds.CountyLevel] = registry.Yuan(50_000)
	q := &funds.Project{County: county, Place: county, No: "TW2026-002", Name: "全县项目管理费", Type: "项目管理费", Year: 2026, Stopped: true}
	a := &funds.Asset{County: county, Place: villageA, No: "ZC-001", Name: "东城区扶贫车间", ProjectNo: "TW2026-001", Class: funds.ClassProductive,
		Type: "厂房", Owner: "东城区集体经济合作社", Custodian: "东城区居委会", Keeper: "刘管护", Registered: registry.Yes, RegDate: date(2024, 5, 6),
		Value: registry.Yuan(880_000), Formed: date(2023, 12, 1), Status: funds.AssetRunning, Note: "出租"}
	s := &funds.Station{County: county, Place: villageB, No: "GF-001", Name: "东关村级光伏电站", ProjectNo: "TW2026-001", Type: "村级",
		CapacityKW: 300, ExpectedKWh: 420_000, Connected: date(2019, 6, 30), Owner: "东关村集体", Operator: "通渭新能源运维公司", Status: funds.AssetRunning}
	return &funds.Batch{
		Projects:      []*funds.Project{p, q},
		Beneficiaries: []funds.Beneficiary{{ProjectNo: "TW2026-001", HouseholdNo: "6211211012010001", Mechanism: "务工就业", Amount: registry.Yuan(2400)}},
		Flows: []funds.Flow{{Year: 2026, Date: date(2026, 1, 15), Kind: funds.FlowAllocated, Source: funds.Central, Amount: registry.Yuan(1_000_000), DocNo: "甘财农〔2026〕1号"},
			{Year: 2026, Date: date(2026, 5, 20), Kind: funds.FlowPaid, Source: funds.Central, ProjectNo: "TW2026-001", Amount: registry.Money(30_000_050)}},
		Assets:        []*funds.Asset{a},
		Incomes:       []funds.Income{{ObjectNo: "ZC-001", Period: registry.NewMonth(2026, 6), Received: date(2026, 7, 5), Amount: registry.Yuan(24_000)}},
		Distributions: []funds.Distribution{{ObjectNo: "GF-001", Date: date(2026, 8, 1), Use: funds.UsePosts, Payee: "东关村公益岗位 12 人", Amount: registry.Yuan(18_000)}},
		Stations:      []*funds.Station{s},
		Ops:           []funds.Maintenance{{StationNo: "GF-001", Date: date(2026, 7, 2), Kind: "除草", Content: "清除阵列下杂草", By: "运维公司"}},
		Months:        []funds.PVMonth{{StationNo: "GF-001", Month: registry.NewMonth(2026, 6), KWh: 41_250.5, Income: registry.Yuan(15_300), Received: date(2026, 7, 20)}},
	}
}

// TestLedgersRoundTrip: every ledger's export reads back as the records it was written from.
func TestLedgersRoundTrip(t *testing.T) {
	tr := tree(t)
	b := sample()
	for _, l := range funds.Ledgers {
		t.Run(l.Key, func(t *testing.T) {
			var buf bytes.Buffer
			if err := l.Export(&buf, tr, "通渭县"+l.Title, b); err != nil {
				t.Fatal(err)
			}
			im, err := l.Read(tr, county, l.Title+".xlsx", bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			if err != nil {
				t.Fatal(err)
			}
			if !im.OK() || im.HeaderRow != 2 || len(im.Ignored) > 0 {
				t.Fatalf("problems %v, header row %d, ignored %v", im.Problems, im.HeaderRow, im.Ignored)
			}
			var got, want any
			switch l.Key {
			case "projects":
				got, want = im.Projects, b.Projects
			case "beneficiaries":
				got, want = im.Beneficiaries, b.Beneficiaries
			case "flows":
				got, want = im.Flows, b.Flows
			case "assets":
				got, want = im.Assets, b.Assets
			case "incomes":
				got, want = [2]any{im.Incomes, im.Distributions}, [2]any{b.Incomes, b.Distributions}
			case "stations":
				got, want = im.Stations, b.Stations
			case "pvops":
				got, want = im.Ops, b.Ops
			case "pvmonths":
				got, want = im.Months, b.Months
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("read back\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

func xlsx(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestProjectLibraryAsCountiesKeepIt: a county's own 项目库 — a title, its headers, places by
// name, amounts in 万元, spellings of its own — reads; its mistakes are each reported with
// the row, the column and why, and nothing is returned to store.
func TestProjectLibraryAsCountiesKeepIt(t *testing.T) {
	tr := tree(t)
	l, _ := funds.LedgerOf("projects")
	good := xlsx(t, [][]any{
		{"通渭县 2026 年巩固拓展脱贫攻坚成果和乡村振兴项目库"},
		{"序号", "项目编号", "项目名称", "项目类别", "到村/到户", "年度", "乡镇", "村", "建设内容及规模", "批复金额(中央衔接资金)（万元）", "批复日期", "实际开工日期", "项目状态"},
		{1, "TW-1", "东关村肉牛养殖", "产业", "到村项目", 2026, "马营镇", "东关村委会", "牛舍 2 栋", 115.5, "2026/3/1", "2026-04-12", "在建"},
		{2, "TW-2", "马营镇道路硬化", "乡村建设行动", "", 2026, "马营", "", "硬化道路 3 公里", "80", "20260305", "", "已批复"},
		{"合计", "", "", "", "", "", "", "", "", 195.5},
	})
	im, err := l.Read(tr, county, "项目库.xlsx", bytes.NewReader(good), int64(len(good)))
	if err != nil || !im.OK() {
		t.Fatalf("%v %v", err, im.Problems)
	}
	p, q := im.Projects[0], im.Projects[1]
	if p.Place != villageB || p.Type != funds.TypeIndustry || p.Scope != funds.ScopeVillage || p.Approved[funds.Central] != registry.Yuan(1_155_000) ||
		p.Dates.Approval != date(2026, 3, 1) || p.Status() != funds.StatusBuilding || p.County != county {
		t.Errorf("first %+v", p)
	}
	if q.Place != townB || q.Type != "基础设施" || q.Approved.Transition() != registry.Yuan(800_000) || q.Status() != funds.StatusApproved {
		t.Errorf("second %+v", q)
	}

	bad := xlsx(t, [][]any{
		{"项目编号", "项目名称", "项目类型", "项目年度", "乡镇", "村", "开工日期", "完工日期", "批复金额-中央衔接资金（元）"},
		{"TW-1", "养殖场", "产业发展", 2026, "", "", "", "", ""},
		{"TW-1", "重复", "产业发展", 2026, "", "", "", "", ""},
		{"TW-7", "养殖场", "养殖", 2026, "", "", "", "", ""},
		{"TW-3", "村道", "基础设施", 2026, "马营镇", "不存在村", "", "", ""},
		{"TW-4", "大棚", "产业发展", 2026, "", "", "2026-06-01", "2026-05-01", "-5"},
		{"TW-5", "", "产业发展", "二〇二六", "", "", "", "", ""},
	})
	im, err = l.Read(tr, county, "项目库.xlsx", bytes.NewReader(bad), int64(len(bad)))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, pr := range im.Problems {
		lines = append(lines, pr.String())
	}
	all := strings.Join(lines, "\n")
	for _, want := range []string{
		"第 4 行 C列「项目类型」的「养殖」：应为产业发展、",
		"第 3 行：项目编号「TW-1」在文件中重复出现",
		"第 5 行 F列「村」：村「不存在村」在 通渭县 马营镇 下不存在",
		"第 6 行 H列「完工日期」的「2026-05-01」：完工日期早于开工日期",
		"第 6 行：中央衔接资金的金额不能为负数",
		"第 7 行 B列「项目名称」：项目名称不能为空",
		"第 7 行 D列「项目年度」的「二〇二六」：应为整数",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
	if im.OK() || len(im.Projects) != 0 || !errs.Is(im.Err(), errs.Invalid) || !strings.Contains(errs.Message(im.Err()), "未写入任何数据") {
		t.Errorf("a file with problems gives records %d, err %v", len(im.Projects), im.Err())
	}
	var rep bytes.Buffer
	if err := im.WriteReport(&rep); err != nil || !bytes.HasPrefix(rep.Bytes(), []byte("PK")) {
		t.Errorf("report %v", err)
	}
	// Refs the store finds missing become problems too.
	im.Refuse([]funds.Ref{{Kind: funds.KindProject, No: "TW-9", Row: 7, Header: "项目编号"}})
	if last := im.Problems[len(im.Problems)-1].String(); !strings.Contains(last, "第 7 行") || !strings.Contains(last, "项目库中没有编号为「TW-9」的项目") {
		t.Errorf("refused %q", last)
	}
}

// TestLedgersRefuseHostileFiles: every ledger reads through the bounded reader.
func TestLedgersRefuseHostileFiles(t *testing.T) {
	tr := tree(t)
	for _, l := range funds.Ledgers {
		for _, tc := range []struct {
			name string
			data []byte
			want string
		}{
			{"bomb.xlsx", hostile.Bomb(l.Heads(), 256<<20), "压缩炸弹"},
			{"cell.xlsx", hostile.HugeCell(l.Heads(), 40000), "32767"},
			{"line.csv", hostile.CSVLongLine(l.Heads(), 8<<20), "超过 1 MB"},
			{"other.xlsx", xlsx(t, [][]any{{"姓名", "电话"}, {"王", "1"}}), "没有找到表头"},
		} {
			_, err := l.Read(tr, county, tc.name, bytes.NewReader(tc.data), int64(len(tc.data)))
			if !errs.Is(err, errs.Invalid) || !strings.Contains(errs.Message(err), tc.want) {
				t.Errorf("%s %s: %v, want %q", l.Key, tc.name, err, tc.want)
			}
		}
	}
}
