package region

import (
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/errs"
)

// Homes of the work-area tests: villages (a county for homeTongweiCounty) in and out of 甘肃.
const (
	homeTongwei       Code = "621121101223" // 甘肃省定西市通渭县马营镇石滩村
	homeTongweiCounty Code = "621121000000" // 通渭县, township unknown
	homeBeijing       Code = "110105001024" // 北京市朝阳区
	homeChangchun     Code = "220104001001" // 吉林省长春市朝阳区
	homeLhasa         Code = "540102002001" // 西藏自治区拉萨市城关区
	homeNingbo        Code = "330212001005" // 浙江省宁波市鄞州区
	homeDongguan      Code = "441900003001" // 广东省东莞市东城街道 (a city without counties)
	homeXiantao       Code = "429004001001" // 湖北省仙桃市 (a county-level city under its province)
)

// loadCountry returns the tree of the whole country, loaded once for all the tests.
var loadCountry = sync.OnceValues(Load)

func countryTree(t testing.TB) *Tree {
	t.Helper()
	tr, err := loadCountry()
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

type workAreaCase struct {
	name  string
	place string
	home  Code
	area  WorkArea
	code  string // the code's significant digits; "" for none
	err   string // a part of the error message; "" for no error
}

var workAreaCases = []workAreaCase{
	// The 2023+ export: a place, written whole or in part.
	{"province city county", "浙江省宁波市鄞州区", homeTongwei, AreaOtherProvince, "330212", ""},
	{"city county", "宁波市鄞州区", homeTongwei, AreaOtherProvince, "330212", ""},
	{"city county without suffixes", "宁波鄞州", homeTongwei, AreaOtherProvince, "330212", ""},
	{"province city county without suffixes", "浙江宁波鄞州", homeTongwei, AreaOtherProvince, "330212", ""},
	{"county alone, unique", "鄞州区", homeTongwei, AreaOtherProvince, "330212", ""},
	{"county alone without suffix", "鄞州", homeTongwei, AreaOtherProvince, "330212", ""},
	{"spaces between names", "浙江 宁波 鄞州区", homeTongwei, AreaOtherProvince, "330212", ""},
	{"full-width spaces and slashes", "\u3000浙江省／宁波市／鄞州区\u3000", homeTongwei, AreaOtherProvince, "330212", ""},
	{"dashes and brackets", "浙江省-宁波市（鄞州区）", homeTongwei, AreaOtherProvince, "330212", ""},
	{"leading 中国", "中国浙江省宁波市鄞州区", homeTongwei, AreaOtherProvince, "330212", ""},
	{"township of another province", "浙江省杭州市西湖区西湖街道", homeTongwei, AreaOtherProvince, "330106008", ""},
	{"own county's city and county", "兰州市城关区", homeTongwei, AreaProvince, "620102", ""},
	{"autonomous region alone", "新疆", homeTongwei, AreaOtherProvince, "65", ""},
	{"autonomous region whole, city", "新疆维吾尔自治区乌鲁木齐市", homeTongwei, AreaOtherProvince, "6501", ""},
	{"autonomous region short, city short", "新疆乌鲁木齐", homeTongwei, AreaOtherProvince, "6501", ""},
	{"广西 short", "广西南宁", homeTongwei, AreaOtherProvince, "4501", ""},
	{"内蒙古 short", "内蒙古包头市", homeTongwei, AreaOtherProvince, "1502", ""},
	{"宁夏 short", "宁夏银川", homeTongwei, AreaOtherProvince, "6401", ""},
	{"西藏 short", "西藏拉萨市", homeTongwei, AreaOtherProvince, "5401", ""},
	{"municipality and district", "北京市朝阳区", homeTongwei, AreaOtherProvince, "110105", ""},
	{"municipality and district without suffixes", "北京朝阳", homeTongwei, AreaOtherProvince, "110105", ""},
	{"municipality alone", "北京", homeTongwei, AreaOtherProvince, "11", ""},
	{"上海 short, new area", "上海浦东新区", homeTongwei, AreaOtherProvince, "310115", ""},
	{"new area abbreviated", "上海浦东", homeTongwei, AreaOtherProvince, "310115", ""},
	{"province alone, other province", "浙江省", homeTongwei, AreaOtherProvince, "33", ""},
	{"city alone, other province", "西宁", homeTongwei, AreaOtherProvince, "6301", ""},
	{"city alone, own province", "兰州", homeTongwei, AreaProvince, "6201", ""},
	{"city alone, own province, other city", "杭州", homeNingbo, AreaProvince, "3301", ""},
	{"autonomous prefecture short", "临夏州", homeTongwei, AreaProvince, "6229", ""},
	{"autonomous prefecture short and county", "临夏州临夏县", homeTongwei, AreaProvince, "622921", ""},
	{"autonomous county short", "东乡县", homeTongwei, AreaProvince, "622926", ""},
	{"autonomous county with several peoples, short", "积石山县", homeTongwei, AreaProvince, "622927", ""},
	{"autonomous prefecture of another province", "恩施州", homeTongwei, AreaOtherProvince, "4228", ""},
	{"other county of the home city", "安定区", homeTongwei, AreaProvince, "621102", ""},
	{"other county of the home city, with city", "定西市安定区", homeTongwei, AreaProvince, "621102", ""},
	{"other county of the home city, short", "陇西", homeTongwei, AreaProvince, "621122", ""},
	{"home county", "通渭县", homeTongwei, AreaCounty, "621121", ""},
	{"home county short", "通渭", homeTongwei, AreaCounty, "621121", ""},
	{"home county in full", "甘肃省定西市通渭县", homeTongwei, AreaCounty, "621121", ""},
	{"home township under its county", "通渭县马营镇", homeTongwei, AreaTownship, "621121101", ""},
	{"home township alone", "马营镇", homeTongwei, AreaTownship, "621121101", ""},
	{"home township short", "马营", homeTongwei, AreaTownship, "621121101", ""},
	{"other township of the county", "碧玉镇", homeTongwei, AreaCountyOtherTownship, "621121109", ""},
	{"other township under the county", "通渭县碧玉镇", homeTongwei, AreaCountyOtherTownship, "621121109", ""},
	{"township in the county, home township unknown", "马营镇", homeTongweiCounty, AreaCounty, "621121101", ""},
	{"吉林市 is the city", "吉林市", homeTongwei, AreaOtherProvince, "2202", ""},
	{"吉林 is the province", "吉林", homeTongwei, AreaOtherProvince, "22", ""},
	{"city name shared with districts elsewhere", "西安", homeTongwei, AreaOtherProvince, "6101", ""},
	{"city without counties, own", "东莞", homeDongguan, AreaCounty, "4419", ""},
	{"city without counties, township", "东城街道", homeDongguan, AreaTownship, "441900003", ""},
	{"city without counties, elsewhere", "广东省东莞市", homeTongwei, AreaOtherProvince, "4419", ""},
	{"county-level city under its province", "仙桃市", homeXiantao, AreaCounty, "429004", ""},
	{"own county of a municipality", "朝阳区", homeBeijing, AreaCounty, "110105", ""},
	{"other district of the municipality", "海淀区", homeBeijing, AreaProvince, "110108", ""},
	{"home county elsewhere", "鄞州区", homeNingbo, AreaCounty, "330212", ""},

	// Names shared by several counties: the home's own first.
	{"城关区 from 甘肃", "城关区", homeTongwei, AreaProvince, "620102", ""},
	{"城关区 from 拉萨", "城关区", homeLhasa, AreaCounty, "540102", ""},
	{"朝阳区 from 长春", "朝阳区", homeChangchun, AreaCounty, "220104", ""},
	{"朝阳 from 北京", "朝阳", homeBeijing, AreaCounty, "110105", ""},
	{"城关区 from 浙江", "城关区", homeNingbo, "", "", "务工所在地「城关区」对应多个县区：西藏自治区拉萨市城关区、甘肃省兰州市城关区，请写明省市"},
	{"朝阳区 from 甘肃", "朝阳区", homeTongwei, "", "", "对应多个县区：北京市朝阳区、吉林省长春市朝阳区"},
	{"鼓楼区 from 甘肃", "鼓楼区", homeTongwei, "", "", "对应多个县区：江苏省南京市鼓楼区、江苏省徐州市鼓楼区、福建省福州市鼓楼区、河南省开封市鼓楼区"},
	{"东乡县 from 浙江: 江西's 东乡区 or 甘肃's 东乡族自治县", "东乡县", homeNingbo, "", "", "对应多个县区：江西省抚州市东乡区、甘肃省临夏回族自治州东乡族自治县"},
	{"临夏 names two counties", "临夏", homeTongwei, "", "", "对应多个县区：甘肃省临夏回族自治州临夏市、甘肃省临夏回族自治州临夏县"},

	// The home's own province or city alone cannot tell 县内 from 省内县外.
	{"home city", "定西市", homeTongwei, "", "", "务工所在地「定西市」只写到本户所在的定西市，分不出县内还是县外，请写明务工所在的县区"},
	{"home city short", "定西", homeTongwei, "", "", "只写到本户所在的定西市"},
	{"home province", "甘肃省", homeTongwei, "", "", "务工所在地「甘肃省」只写到本户所在的甘肃省，分不出县内还是县外，请写明务工所在的市和县区"},
	{"home province short", "甘肃", homeTongwei, "", "", "只写到本户所在的甘肃省"},
	{"home municipality", "北京市", homeBeijing, "", "", "只写到本户所在的北京市"},
	{"home city elsewhere", "宁波", homeNingbo, "", "", "只写到本户所在的宁波市"},

	// Abroad, 港澳台 included.
	{"Hong Kong", "香港", homeTongwei, AreaAbroad, "", ""},
	{"Hong Kong in full", "香港特别行政区", homeTongwei, AreaAbroad, "", ""},
	{"Hong Kong with 中国", "中国香港", homeTongwei, AreaAbroad, "", ""},
	{"Macao", "澳门", homeTongwei, AreaAbroad, "", ""},
	{"Taiwan", "台湾省", homeTongwei, AreaAbroad, "", ""},
	{"a country", "日本", homeTongwei, AreaAbroad, "", ""},
	{"a country and its city", "日本东京", homeTongwei, AreaAbroad, "", ""},
	{"another country", "韩国", homeTongwei, AreaAbroad, "", ""},
	{"国外", "国外", homeTongwei, AreaAbroad, "", ""},
	{"境外", "境外", homeTongwei, AreaAbroad, "", ""},
	{"出国务工", "出国务工", homeTongwei, AreaAbroad, "", ""},
	{"abroad needs no home", "国外", "", AreaAbroad, "", ""},

	// Categories: the old 务工状况 and the county sheets.
	{"old 乡（镇）内务工", "乡（镇）内务工", homeTongwei, AreaTownship, "", ""},
	{"old 乡(镇)内务工", "乡(镇)内务工", homeTongwei, AreaTownship, "", ""},
	{"old 乡（镇）外县内务工", "乡（镇）外县内务工", homeTongwei, AreaCountyOtherTownship, "", ""},
	{"old 县外省内务工", "县外省内务工", homeTongwei, AreaProvince, "", ""},
	{"old 省外务工", "省外务工", homeTongwei, AreaOtherProvince, "", ""},
	{"old 其他", "其他", homeTongwei, "", "", "务工所在地「其他」没有说明在县内、省内还是省外"},
	{"sheet 县内", "县内", homeTongwei, AreaCounty, "", ""},
	{"sheet 省内县外", "省内县外", homeTongwei, AreaProvince, "", ""},
	{"sheet 省外", "省外", homeTongwei, AreaOtherProvince, "", ""},
	{"sheet 乡镇内", "乡镇内", homeTongwei, AreaTownship, "", ""},
	{"sheet 县内乡外", "县内乡外", homeTongwei, AreaCountyOtherTownship, "", ""},
	{"sheet 县外省内", "县外省内", homeTongwei, AreaProvince, "", ""},
	{"sheet 境外", "境外", homeTongwei, AreaAbroad, "", ""},
	{"category with spaces", " 省外 ", homeTongwei, AreaOtherProvince, "", ""},
	{"category needs no home", "县内", "", AreaCounty, "", ""},
	{"县外 does not say which", "县外", homeTongwei, "", "", "没有说明在县内、省内还是省外"},

	// Blank.
	{"empty", "", homeTongwei, "", "", ""},
	{"spaces", " \u3000", homeTongwei, "", "", ""},
	{"dash", "-", homeTongwei, "", "", ""},
	{"slash", "/", homeTongwei, "", "", ""},
	{"em dash", "—", homeTongwei, "", "", ""},
	{"无", "无", homeTongwei, "", "", ""},

	// Garbage.
	{"letters", "ＸＹＺ", homeTongwei, "", "", "务工所在地「ＸＹＺ」不是可识别的地名"},
	{"digits", "12345", homeTongwei, "", "", "不是可识别的地名"},
	{"a word", "打工", homeTongwei, "", "", "不是可识别的地名"},
	{"a township elsewhere, alone", "东城街道", homeTongwei, "", "", "不是可识别的地名"},
	{"typo in the county", "甘肃省兰州市城关去", homeTongwei, "", "", "务工所在地「甘肃省兰州市城关去」中的「城关去」不是甘肃省兰州市的县区，请检查名称"},
	{"a street after the county", "甘肃省兰州市城关区XX路", homeTongwei, "", "", "中的「XX路」不是甘肃省兰州市城关区的乡镇（街道）"},
	{"a village after the township", "通渭县马营镇石滩村", homeTongwei, "", "", "在甘肃省定西市通渭县马营镇之后还有无法识别的「石滩村」"},
	{"invalid UTF-8", "浙江\xff宁波", homeTongwei, "", "", "不是可识别的地名"},
	{"too long", strings.Repeat("浙江省", 50), homeTongwei, "", "", "太长，不像地名"},
	{"a place without a home", "鄞州区", "", "", "", "本户所在的行政区划未知"},
	{"a place with a province as home", "鄞州区", "620000000000", "", "", "本户所在的行政区划未知"},
}

func TestWorkArea(t *testing.T) {
	tr := countryTree(t)
	r := NewWorkAreaResolver(tr)
	for _, tt := range workAreaCases {
		t.Run(tt.name, func(t *testing.T) {
			want := Code("")
			if tt.code != "" {
				want = pad(tt.code)
			}
			for _, f := range []func(string, Code) (WorkArea, Code, error){tr.WorkArea, r.WorkArea, r.WorkArea} {
				area, code, err := f(tt.place, tt.home)
				if tt.err != "" {
					if err == nil || errs.CodeOf(err) != errs.Invalid || !strings.Contains(errs.Message(err), tt.err) {
						t.Fatalf("WorkArea(%q, %s) = %q %s, %v; want an invalid error with %q", tt.place, tt.home, area, code, err, tt.err)
					}
					if area != "" || code != "" {
						t.Errorf("WorkArea(%q, %s) = %q %s with an error", tt.place, tt.home, area, code)
					}
					continue
				}
				if err != nil {
					t.Fatalf("WorkArea(%q, %s): %v", tt.place, tt.home, err)
				}
				if area != tt.area || code != want {
					t.Errorf("WorkArea(%q, %s) = %q %s %s, want %q %s %s", tt.place, tt.home,
						area, code, tr.FullName(code), tt.area, want, tr.FullName(want))
				}
			}
		})
	}
}

// TestWorkAreaTownships: the same cell gives 乡镇内 or 县内乡外 by the home township, through one
// cache entry.
func TestWorkAreaTownships(t *testing.T) {
	r := NewWorkAreaResolver(countryTree(t))
	for _, tt := range []struct {
		home Code
		want WorkArea
	}{
		{homeTongwei, AreaTownship},
		{"621121109207", AreaCountyOtherTownship}, // 碧玉镇石滩村
		{homeTongweiCounty, AreaCounty},
		{homeTongwei, AreaTownship},
	} {
		if got, _, err := r.WorkArea("通渭县马营镇", tt.home); err != nil || got != tt.want {
			t.Errorf("WorkArea(通渭县马营镇, %s) = %q, %v; want %q", tt.home, got, err, tt.want)
		}
	}
}

// TestWorkAreaArea resolves on a tree of one city: places outside it are unknown.
func TestWorkAreaArea(t *testing.T) {
	tr := loadDingxi(t)
	if got, code, err := tr.WorkArea("通渭县碧玉镇", homeTongwei); err != nil || got != AreaCountyOtherTownship || code != "621121109000" {
		t.Errorf("WorkArea(通渭县碧玉镇) = %q %s, %v", got, code, err)
	}
	if _, _, err := tr.WorkArea("浙江省宁波市鄞州区", homeTongwei); errs.CodeOf(err) != errs.Invalid {
		t.Errorf("WorkArea(浙江省宁波市鄞州区) on 定西市 = %v, want an invalid error", err)
	}
}

func TestWorkAreaLabel(t *testing.T) {
	for _, tt := range []struct {
		area     WorkArea
		label    string
		inCounty bool
	}{
		{AreaTownship, "乡（镇）内", true},
		{AreaCountyOtherTownship, "乡（镇）外县内", true},
		{AreaCounty, "县内（乡镇不详）", true},
		{AreaProvince, "县外省内", false},
		{AreaOtherProvince, "省外", false},
		{AreaAbroad, "境外（含港澳台）", false},
		{"", "", false},
		{"县外", "", false},
	} {
		if got := tt.area.Label(); got != tt.label {
			t.Errorf("%q.Label() = %q, want %q", tt.area, got, tt.label)
		}
		if got := tt.area.Valid(); got != (tt.label != "") {
			t.Errorf("%q.Valid() = %v", tt.area, got)
		}
		if got := tt.area.InCounty(); got != tt.inCounty {
			t.Errorf("%q.InCounty() = %v", tt.area, got)
		}
	}
}

// TestAbroadNames checks that no province, city or county of China begins with a name taken
// for abroad, and that no category is a region's name.
func TestAbroadNames(t *testing.T) {
	tr := countryTree(t)
	var upper []Region
	for _, p := range tr.Provinces() {
		upper = append(upper, p)
		upper = append(upper, tr.Descendants(p.Code, City)...)
		upper = append(upper, tr.Descendants(p.Code, County)...)
	}
	if len(upper) < 3000 {
		t.Fatalf("%d provinces, cities and counties", len(upper))
	}
	for _, r := range upper {
		name := clean(r.Name)
		for _, a := range abroad {
			if strings.HasPrefix(name, a) {
				t.Errorf("%s %s begins with %s, taken for abroad", r.Code, r.Name, a)
			}
		}
		if _, ok := workCategories[name]; ok {
			t.Errorf("%s %s is a category", r.Code, r.Name)
		}
	}
}

func TestWorkAreaResolverConcurrent(t *testing.T) {
	tr := countryTree(t)
	r := NewWorkAreaResolver(tr)
	r.max = 16 // small, so that the cache starts again while the goroutines run
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 3 * len(workAreaCases) {
				tt := workAreaCases[(i+g)%len(workAreaCases)]
				a1, c1, e1 := r.WorkArea(tt.place, tt.home)
				a2, c2, e2 := tr.WorkArea(tt.place, tt.home)
				if a1 != a2 || c1 != c2 || errs.Message(e1) != errs.Message(e2) {
					t.Errorf("resolver %q %s %v, tree %q %s %v", a1, c1, e1, a2, c2, e2)
					return
				}
			}
		})
	}
	wg.Wait()
	n := 0
	r.cache.Range(func(_, _ any) bool { n++; return true })
	if n > 2*int(r.max) {
		t.Errorf("cache holds %d entries, limit %d", n, r.max)
	}
}

func FuzzWorkArea(f *testing.F) {
	tr, err := loadCountry()
	if err != nil {
		f.Fatal(err)
	}
	homes := []Code{homeTongwei, homeTongweiCounty, homeBeijing, homeLhasa, homeNingbo, homeDongguan, homeXiantao, "", "62"}
	for i, tt := range workAreaCases {
		f.Add(tt.place, uint8(i))
	}
	f.Add("城关区城关区", uint8(0))
	f.Add("甘肃甘肃甘肃", uint8(0))
	f.Add("临夏临夏临夏州", uint8(0))
	f.Add("\x00乡（镇", uint8(1))
	f.Fuzz(func(t *testing.T, place string, h uint8) {
		home := homes[int(h)%len(homes)]
		r := NewWorkAreaResolver(tr)
		area, code, err := tr.WorkArea(place, home)
		for _, f := range []func(string, Code) (WorkArea, Code, error){tr.WorkArea, r.WorkArea, r.WorkArea} {
			a, c, e := f(place, home)
			if a != area || c != code || (e == nil) != (err == nil) || e != nil && e.Error() != err.Error() {
				t.Fatalf("WorkArea(%q, %s) = %q %s %v, then %q %s %v", place, home, area, code, err, a, c, e)
			}
		}
		if err != nil {
			msg := errs.Message(err)
			if errs.CodeOf(err) != errs.Invalid || !strings.HasPrefix(msg, "务工所在地") && !strings.HasPrefix(msg, "无法判断") ||
				!utf8.ValidString(msg) {
				t.Fatalf("WorkArea(%q, %s): %v", place, home, err)
			}
			if area != "" || code != "" {
				t.Fatalf("WorkArea(%q, %s) = %q %s with an error", place, home, area, code)
			}
			return
		}
		if area == "" {
			if code != "" {
				t.Fatalf("WorkArea(%q, %s) = no area, code %s", place, home, code)
			}
			return
		}
		if !area.Valid() {
			t.Fatalf("WorkArea(%q, %s) = invalid area %q", place, home, area)
		}
		if code == "" {
			return
		}
		if r, err := tr.Get(code); err != nil || r.Level > Township {
			t.Fatalf("WorkArea(%q, %s) = %s, not a province, city, county or township of the tree", place, home, code)
		}
		if area == AreaAbroad {
			t.Fatalf("WorkArea(%q, %s) = abroad with code %s", place, home, code)
		}
		// The region's full name gives the same region.
		if a, c, err := tr.WorkArea(tr.FullName(code), home); c != code && err == nil {
			t.Fatalf("WorkArea(%q) = %s, WorkArea(its full name %s) = %q %s", place, code, tr.FullName(code), a, c)
		}
	})
}

// workAreaBenchCells are cells as a county's export holds them, with the homes of their
// households.
func workAreaBenchCells() (cells []string, homes []Code) {
	cells = []string{
		"浙江省宁波市鄞州区", "宁波市鄞州区", "鄞州区", "兰州市城关区", "城关区", "新疆", "新疆维吾尔自治区乌鲁木齐市",
		"广西南宁", "内蒙古包头市", "北京市朝阳区", "北京", "上海浦东新区", "香港", "日本", "国外", "境外",
		"乡（镇）内务工", "乡(镇)内务工", "乡（镇）外县内务工", "县外省内务工", "省外务工", "县内", "省内县外", "省外",
		"通渭县", "马营镇", "安定区", "临夏州临夏县", "江苏省苏州市昆山市", "广东省深圳市宝安区", "福建省厦门市集美区",
		"", "定西市", "其他", "朝阳区",
	}
	homes = []Code{homeTongwei, "621121109207", homeBeijing, homeNingbo}
	return cells, homes
}

// BenchmarkWorkArea resolves cells through a resolver, as screening does: almost every call
// finds its answer in the cache.
func BenchmarkWorkArea(b *testing.B) {
	tr := countryTree(b)
	cells, homes := workAreaBenchCells()
	r := NewWorkAreaResolver(tr)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			r.WorkArea(cells[i%len(cells)], homes[i%len(homes)])
			i++
		}
	})
}

// BenchmarkWorkAreaFirst resolves cells without a cache: the cost of the first call for a
// value.
func BenchmarkWorkAreaFirst(b *testing.B) {
	tr := countryTree(b)
	cells, homes := workAreaBenchCells()
	tr.WorkArea("城关区", homeTongwei) // the indexes of the whole country, built once per tree
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		tr.WorkArea(cells[i%len(cells)], homes[i%len(homes)])
		i++
	}
}
