package region

import (
	"runtime"
	"slices"
	"testing"

	"github.com/gonggu/gonggu/internal/errs"
)

const dingxi Code = "621100000000" // 定西市, the demonstration city

func loadDingxi(t testing.TB) *Tree {
	t.Helper()
	tr, err := LoadArea(dingxi)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestGet(t *testing.T) {
	tr := loadDingxi(t)
	tests := []struct {
		code  Code
		name  string
		level Level
	}{
		{"620000000000", "甘肃省", Province},
		{"621100000000", "定西市", City},
		{"621121000000", "通渭县", County},
		{"621121101000", "马营镇", Township},
		{"621121101223", "石滩村民委员会", Village},
		{"621123102004", "东关社区", Village},
	}
	for _, tt := range tests {
		r, err := tr.Get(tt.code)
		if err != nil {
			t.Errorf("Get(%s): %v", tt.code, err)
			continue
		}
		if want := (Region{tt.code, tt.name, tt.level}); r != want {
			t.Errorf("Get(%s) = %+v, want %+v", tt.code, r, want)
		}
		if !tr.Has(tt.code) {
			t.Errorf("Has(%s) = false", tt.code)
		}
	}
}

func TestGetUnknown(t *testing.T) {
	tr := loadDingxi(t)
	for _, c := range []Code{
		"621121101299", // no such village
		"621199000000", // no such county
		"620100000000", // 兰州市: real, but outside the loaded area
		"",
		"bogus",
	} {
		_, err := tr.Get(c)
		if !errs.Is(err, errs.NotFound) {
			t.Errorf("Get(%q) = %v, want not found", c, err)
			continue
		}
		if want := "未知的行政区划代码 " + string(c); errs.Message(err) != want {
			t.Errorf("Get(%q) message %q, want %q", c, errs.Message(err), want)
		}
		if tr.Has(c) || tr.Ancestors(c) != nil || tr.Children(c) != nil ||
			tr.Descendants(c, Village) != nil || tr.FullName(c) != "" {
			t.Errorf("%q: navigation of an unknown code returned something", c)
		}
	}
}

func names(rs []Region) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Name)
	}
	return out
}

func TestNavigation(t *testing.T) {
	tr := loadDingxi(t)
	village := Code("621121101223")
	if got, want := names(tr.Ancestors(village)), []string{"甘肃省", "定西市", "通渭县", "马营镇"}; !slices.Equal(got, want) {
		t.Errorf("Ancestors = %v, want %v", got, want)
	}
	if got := tr.Ancestors("620000000000"); len(got) != 0 {
		t.Errorf("Ancestors(province) = %v", got)
	}
	if got, want := names(tr.Children(dingxi)), []string{"安定区", "通渭县", "陇西县", "渭源县", "临洮县", "漳县", "岷县"}; !slices.Equal(got, want) {
		t.Errorf("Children(定西市) = %v, want %v", got, want)
	}
	if got := tr.Children(village); got != nil {
		t.Errorf("Children(village) = %v", got)
	}
	if got := names(tr.Provinces()); !slices.Equal(got, []string{"甘肃省"}) {
		t.Errorf("Provinces = %v", got)
	}
	if got := names(tr.Children("620000000000")); !slices.Equal(got, []string{"定西市"}) {
		t.Errorf("Children(甘肃省) of a city's tree = %v", got)
	}

	counts := []struct {
		code  Code
		level Level
		want  int
	}{
		{dingxi, County, 7},
		{dingxi, Township, 122},
		{dingxi, Village, 1987},
		{"620000000000", Village, 1987},
		{"621121000000", Township, 18},
		{"621121000000", Village, 342},
		{"621121101000", Village, 36},
		{"621121101000", Township, 0},
		{dingxi, City, 0},
		{dingxi, Province, 0},
		{village, Village, 0},
	}
	for _, c := range counts {
		got := tr.Descendants(c.code, c.level)
		if len(got) != c.want {
			t.Errorf("Descendants(%s, %v) has %d regions, want %d", c.code, c.level, len(got), c.want)
		}
		for i, r := range got {
			if r.Level != c.level || !c.code.Contains(r.Code) || (i > 0 && got[i-1].Code >= r.Code) {
				t.Fatalf("Descendants(%s, %v)[%d] = %+v: wrong level, place or order", c.code, c.level, i, r)
			}
		}
	}
	if tr.Len() != 1+1+7+122+1987 {
		t.Errorf("Len = %d", tr.Len())
	}
}

func TestFullName(t *testing.T) {
	tr := loadDingxi(t)
	tests := []struct {
		code Code
		want string
	}{
		{"620000000000", "甘肃省"},
		{dingxi, "甘肃省定西市"},
		{"621121000000", "甘肃省定西市通渭县"},
		{"621121101223", "甘肃省定西市通渭县马营镇石滩村民委员会"},
		{"621199000000", ""},
	}
	for _, tt := range tests {
		if got := tr.FullName(tt.code); got != tt.want {
			t.Errorf("FullName(%s) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

func TestLoadArea(t *testing.T) {
	tests := []struct {
		area Code
		len  int
	}{
		{"621121101000", 1 + 1 + 1 + 1 + 36},
		{"621121101223", 5},
		{"621121000000", 3 + 18 + 342},
		{"441900003000", 3 + 26}, // 东城街道 of 东莞市: no county level
	}
	for _, tt := range tests {
		tr, err := LoadArea(tt.area)
		if err != nil {
			t.Errorf("LoadArea(%s): %v", tt.area, err)
			continue
		}
		if tr.Len() != tt.len {
			t.Errorf("LoadArea(%s) has %d regions, want %d", tt.area, tr.Len(), tt.len)
		}
	}
	for _, tt := range []struct {
		area Code
		code errs.Code
	}{
		{"621199000000", errs.NotFound},
		{"990000000000", errs.NotFound},
		{"", errs.Invalid},
		{"6211", errs.Invalid},
	} {
		if _, err := LoadArea(tt.area); errs.CodeOf(err) != tt.code {
			t.Errorf("LoadArea(%q) = %v, want %s", tt.area, err, tt.code)
		}
	}
}

// TestLoad checks the whole country: the counts of the national data, and the places where
// the tree differs from five full levels.
func TestLoad(t *testing.T) {
	tr, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	// 441900 东莞市, 442000 中山市, 460400 儋州市 (counties with the city's code) and 金门县's
	// placeholder township and village are folded into their parents.
	perLevel := map[Level]int{Province: 31, City: 342, County: 2978 - 3, Township: 41352 - 1, Village: 620573 - 1}
	total := 0
	for _, p := range tr.Provinces() {
		total++
		for l := City; l <= Village; l++ {
			n := len(tr.Descendants(p.Code, l))
			perLevel[l] -= n
			total += n
		}
	}
	for l, n := range perLevel {
		if l != Province && n != 0 {
			t.Errorf("%v level: %d regions more than expected", l, -n)
		}
	}
	if len(tr.Provinces()) != 31 || total != tr.Len() || tr.Len() != 665271 {
		t.Errorf("%d provinces, %d regions, %d counted", len(tr.Provinces()), tr.Len(), total)
	}
	if got := len(tr.Descendants(dingxi, Village)); got != 1987 {
		t.Errorf("定西市 has %d villages, want 1987", got)
	}

	tests := []struct {
		code     Code
		fullName string
		parent   Code
	}{
		{"441900003001", "广东省东莞市东城街道岗贝社区居民委员会", "441900003000"},
		{"441900003000", "广东省东莞市东城街道", "441900000000"},
		{"110101001001", "北京市东城区东华门街道多福巷社区居委会", "110101001000"},
		{"110101000000", "北京市东城区", "110100000000"},
		{"429004001001", "湖北省仙桃市沙嘴街道王市口居委会", "429004001000"},
		{"350527000000", "福建省泉州市金门县", "350500000000"},
	}
	for _, tt := range tests {
		if got := tr.FullName(tt.code); got != tt.fullName {
			t.Errorf("FullName(%s) = %q, want %q", tt.code, got, tt.fullName)
		}
		anc := tr.Ancestors(tt.code)
		if len(anc) == 0 || anc[len(anc)-1].Code != tt.parent || tt.code.Parent() != tt.parent {
			t.Errorf("%s: parent %v in the tree, %s by its code; want %s", tt.code, anc, tt.code.Parent(), tt.parent)
		}
	}
	if got := tr.Descendants("441900000000", County); got != nil {
		t.Errorf("东莞市 has counties: %v", got)
	}
	if got := len(tr.Children("441900000000")); got != 36 {
		t.Errorf("东莞市 has %d children, want its 36 townships", got)
	}
	if got := tr.Children("350527000000"); got != nil {
		t.Errorf("金门县 has children: %v", got)
	}

	// Every region's parent in the tree is the one its code names.
	for _, p := range tr.Provinces() {
		for l := City; l <= Village; l++ {
			for _, r := range tr.Descendants(p.Code, l) {
				if pr, err := tr.Get(r.Code.Parent()); err != nil || pr.Level >= r.Level {
					t.Fatalf("%s: parent %s: %+v %v", r.Code, r.Code.Parent(), pr, err)
				}
			}
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	var tr *Tree
	for b.Loop() {
		var err error
		if tr, err = Load(); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&ms1)
	b.ReportMetric(float64(ms1.HeapAlloc-ms0.HeapAlloc)/(1<<20), "MB-live")
	runtime.KeepAlive(tr)
}

func BenchmarkLoadArea(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadArea(dingxi); err != nil {
			b.Fatal(err)
		}
	}
}
