package region

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/gonggu/gonggu/internal/errs"
)

func TestResolve(t *testing.T) {
	tr := loadDingxi(t)
	tests := []struct {
		name string
		in   Names
		want Code
	}{
		{"exact village", Names{"甘肃省", "定西市", "通渭县", "马营镇", "石滩村民委员会"}, "621121101223"},
		{"exact county", Names{Province: "甘肃省", City: "定西市", County: "通渭县"}, "621121000000"},
		{"exact city", Names{Province: "甘肃省", City: "定西市"}, dingxi},
		{"province only", Names{Province: "甘肃省"}, "620000000000"},
		{"village without upper levels", Names{County: "通渭县", Township: "马营镇", Village: "东关村民委员会"}, "621121101201"},
		{"village suffix 村", Names{County: "通渭县", Township: "马营镇", Village: "石滩村"}, "621121101223"},
		{"village suffix 村委会", Names{County: "通渭县", Township: "马营镇", Village: "石滩村委会"}, "621121101223"},
		{"village without suffix", Names{County: "通渭县", Township: "马营镇", Village: "石滩"}, "621121101223"},
		{"residents' committee 居委会", Names{County: "通渭县", Township: "马营镇", Village: "平安居委会"}, "621121101001"},
		{"residents' committee bare", Names{County: "通渭县", Township: "马营镇", Village: "平安"}, "621121101001"},
		{"community 社区居委会", Names{County: "安定区", Township: "永定路街道", Village: "东关社区居委会"}, "621102002010"},
		{"community bare", Names{County: "安定区", Township: "永定路街道", Village: "东关"}, "621102002010"},
		{"community 社区", Names{County: "安定区", Township: "永定路街道", Village: "东关社区"}, "621102002010"},
		{"township without 镇", Names{County: "通渭县", Township: "马营", Village: "石滩村"}, "621121101223"},
		{"township with 乡 for 镇", Names{County: "通渭县", Township: "马营乡", Village: "石滩村"}, "621121101223"},
		{"township 街道 missing", Names{County: "安定区", Township: "永定路", Village: "东关"}, "621102002010"},
		{"county and city without suffix", Names{City: "定西", County: "通渭", Township: "马营镇"}, "621121101000"},
		{"province without 省", Names{Province: "甘肃", City: "定西市", County: "岷县"}, "621126000000"},
		{"spaces and full-width spaces", Names{" 甘肃省", "定西市\u3000", "通 渭 县", "\u3000马营镇 ", "\ufeff石滩村 "}, "621121101223"},
		// 石滩村民委员会 is in both 马营镇 and 碧玉镇 of 通渭县.
		{"same village name, 马营镇", Names{County: "通渭县", Township: "马营镇", Village: "石滩村"}, "621121101223"},
		{"same village name, 碧玉镇", Names{County: "通渭县", Township: "碧玉镇", Village: "石滩村"}, "621121109207"},
		// 会川镇 of 渭源县 has 东关社区 and 东关村民委员会: the suffix chooses.
		{"village beside a community, 村", Names{County: "渭源县", Township: "会川镇", Village: "东关村"}, "621123102208"},
		{"village beside a community, 村委会", Names{County: "渭源县", Township: "会川镇", Village: "东关村委会"}, "621123102208"},
		{"community beside a village, 社区", Names{County: "渭源县", Township: "会川镇", Village: "东关社区"}, "621123102004"},
		{"community beside a village, 居委会", Names{County: "渭源县", Township: "会川镇", Village: "东关社区居委会"}, "621123102004"},
		{"township left blank", Names{County: "通渭县", Village: "黑燕村"}, "621121101216"},
		{"everything above the village blank", Names{Village: "黑燕村民委员会"}, "621121101216"},
		{"blank levels in the middle", Names{Province: "甘肃省", Township: "马营镇"}, "621121101000"},
		{"equal township names told apart by the village", Names{City: "定西市", Township: "马营镇", Village: "黑燕村"}, "621121101216"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tr.Resolve(tt.in)
			if err != nil {
				t.Fatalf("Resolve(%+v): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Resolve(%+v) = %s %s, want %s %s", tt.in, got, tr.FullName(got), tt.want, tr.FullName(tt.want))
			}
		})
	}
}

func TestResolveErrors(t *testing.T) {
	tr := loadDingxi(t)
	tests := []struct {
		name       string
		in         Names
		code       errs.Code
		message    string
		level      Level
		parent     Code
		candidates []string
	}{
		{
			name:       "unknown village",
			in:         Names{County: "通渭县", Township: "马营镇", Village: "石峡湾"},
			code:       errs.NotFound,
			message:    "村「石峡湾」在 通渭县 马营镇 下不存在，相近的有：石滩村民委员会、堡子湾村民委员会",
			level:      Village,
			parent:     "621121101000",
			candidates: []string{"石滩村民委员会", "堡子湾村民委员会"},
		},
		{
			name:       "misspelt village",
			in:         Names{County: "通渭县", Township: "马营镇", Village: "黑雁村"},
			code:       errs.NotFound,
			message:    "村「黑雁村」在 通渭县 马营镇 下不存在，相近的有：黑燕村民委员会",
			level:      Village,
			parent:     "621121101000",
			candidates: []string{"黑燕村民委员会"},
		},
		{
			name:    "village in the wrong township",
			in:      Names{County: "通渭县", Township: "平襄镇", Village: "黑燕村"},
			code:    errs.NotFound,
			message: "村「黑燕村」在 通渭县 平襄镇 下不存在",
			level:   Village,
			parent:  "621121100000",
		},
		{
			name:       "unknown county",
			in:         Names{Province: "甘肃省", City: "定西市", County: "通渭镇", Township: "马营镇"},
			code:       errs.NotFound,
			message:    "县「通渭镇」在 甘肃省 定西市 下不存在，相近的有：通渭县、渭源县",
			level:      County,
			parent:     dingxi,
			candidates: []string{"通渭县", "渭源县"},
		},
		{
			name:       "unknown province",
			in:         Names{Province: "甘粛省", Village: "黑燕村"},
			code:       errs.NotFound,
			message:    "省「甘粛省」不存在，相近的有：甘肃省",
			level:      Province,
			candidates: []string{"甘肃省"},
		},
		{
			name:       "same village name in two townships",
			in:         Names{County: "通渭县", Village: "石滩村"},
			code:       errs.Invalid,
			message:    "村「石滩村」在 定西市 通渭县 下不唯一，有：马营镇石滩村民委员会、碧玉镇石滩村民委员会，请填写完整名称或上级区划",
			level:      Village,
			parent:     "621121000000",
			candidates: []string{"石滩村民委员会", "石滩村民委员会"},
		},
		{
			name:       "bare name of a village and a community",
			in:         Names{County: "渭源县", Township: "会川镇", Village: "东关"},
			code:       errs.Invalid,
			message:    "村「东关」在 渭源县 会川镇 下不唯一，有：东关社区、东关村民委员会，请填写完整名称或上级区划",
			level:      Village,
			parent:     "621123102000",
			candidates: []string{"东关社区", "东关村民委员会"},
		},
		{
			name:       "village name that is its township's",
			in:         Names{County: "通渭县", Township: "马营镇", Village: "马营镇"},
			code:       errs.NotFound,
			message:    "村「马营镇」在 通渭县 马营镇 下不存在，相近的有：马营村民委员会、营滩村民委员会、小营村民委员会",
			level:      Village,
			parent:     "621121101000",
			candidates: []string{"马营村民委员会", "营滩村民委员会", "小营村民委员会"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tr.Resolve(tt.in)
			if err == nil {
				t.Fatalf("Resolve(%+v) = %s, want an error", tt.in, got)
			}
			if errs.CodeOf(err) != tt.code {
				t.Errorf("code %s, want %s", errs.CodeOf(err), tt.code)
			}
			if m := errs.Message(err); m != tt.message {
				t.Errorf("message\n %s\nwant\n %s", m, tt.message)
			}
			var re *ResolveError
			if !errors.As(err, &re) {
				t.Fatalf("%v is not a *ResolveError", err)
			}
			if re.Level != tt.level || re.Parent != tt.parent {
				t.Errorf("level %v parent %q, want %v %q", re.Level, re.Parent, tt.level, tt.parent)
			}
			if got := names(re.Candidates); strings.Join(got, " ") != strings.Join(tt.candidates, " ") {
				t.Errorf("candidates %v, want %v", got, tt.candidates)
			}
		})
	}

	if _, err := tr.Resolve(Names{Township: " \u3000"}); !errs.Is(err, errs.Invalid) {
		t.Errorf("Resolve of blank names = %v, want invalid", err)
	}
}

func TestCandidates(t *testing.T) {
	tr := loadDingxi(t)
	got := names(tr.Candidates("621121101000", Village, "石滩湾", 3))
	if want := []string{"石滩村民委员会", "涧滩村民委员会", "营滩村民委员会"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Candidates = %v, want %v", got, want)
	}
	if got := tr.Candidates("621121101000", Village, "石滩湾", 1); len(got) != 1 {
		t.Errorf("Candidates(n=1) = %v", got)
	}
	if got := names(tr.Candidates("", County, "通渭", 3)); len(got) == 0 || got[0] != "通渭县" {
		t.Errorf("Candidates in the whole tree = %v", got)
	}
	if got := tr.Candidates("621199000000", Village, "石滩", 3); got != nil {
		t.Errorf("Candidates under an unknown parent = %v", got)
	}
	if got := tr.Candidates("621121101000", Village, "ＸＹＺ", 3); len(got) != 0 {
		t.Errorf("Candidates sharing no character = %v", got)
	}
}

// TestResolveAll resolves every region of 定西市 from its exact names, and every village from
// its name without suffix plus 村 or 社区.
func TestResolveAll(t *testing.T) {
	tr := loadDingxi(t)
	for l := City; l <= Village; l++ {
		for _, r := range tr.Descendants("620000000000", l) {
			if got, err := tr.Resolve(namesOf(tr, r)); err != nil || got != r.Code {
				t.Errorf("Resolve(%+v) = %s, %v; want %s", namesOf(tr, r), got, err, r.Code)
			}
		}
	}
	for _, r := range tr.Descendants(dingxi, Village) {
		n := namesOf(tr, r)
		n.Village = shortName(r.Name)
		if got, err := tr.Resolve(n); err != nil || got != r.Code {
			t.Errorf("Resolve(%+v) = %s, %v; want %s", n, got, err, r.Code)
		}
	}
}

// shortName returns a village's name as spreadsheets often write it: 石滩村 for 石滩村民委员会,
// 东关社区 for 东关社区居委会.
func shortName(village string) string {
	k, kd := key(Village, village)
	return k + map[kind]string{kindNone: "", kindVillage: "村", kindResidents: "社区"}[kd]
}

func namesOf(tr *Tree, r Region) Names {
	var n Names
	for _, a := range append(tr.Ancestors(r.Code), r) {
		*[]*string{&n.Province, &n.City, &n.County, &n.Township, &n.Village}[a.Level-1] = a.Name
	}
	return n
}

func TestResolveConcurrent(t *testing.T) {
	tr := loadDingxi(t)
	villages := tr.Descendants(dingxi, Village)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := g; i < len(villages); i += 4 {
				r := villages[i]
				if got, err := tr.Resolve(namesOf(tr, r)); err != nil || got != r.Code {
					t.Errorf("Resolve(%s) = %s, %v", r.Name, got, err)
				}
			}
		})
	}
	wg.Wait()
}

// TestResolveCountry resolves on the whole country the places where the spreadsheet's levels
// and the tree's differ.
func TestResolveCountry(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the whole country")
	}
	tr, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   Names
		want Code
	}{
		{"municipality named twice", Names{"北京市", "北京市", "东城区", "东华门街道", "多福巷社区"}, "110101001001"},
		{"municipality with 市辖区", Names{"北京市", "市辖区", "东城区", "东华门街道", ""}, "110101001000"},
		{"municipality without city", Names{Province: "北京", County: "东城区"}, "110101000000"},
		{"重庆 county under 县", Names{Province: "重庆市", City: "重庆市", County: "城口县"}, "500229000000"},
		{"city without counties, named twice", Names{"广东省", "东莞市", "东莞市", "东城街道", "岗贝社区"}, "441900003001"},
		{"city without counties", Names{Province: "广东省", City: "东莞市", Township: "东城街道"}, "441900003000"},
		{"county-level city in the city column", Names{"湖北省", "仙桃市", "仙桃市", "沙嘴街道", "王市口居委会"}, "429004001001"},
		{"county-level city under its placeholder", Names{"湖北省", "省直辖县级行政区划", "仙桃市", "", ""}, "429004000000"},
		{"autonomous region abbreviated", Names{Province: "广西", City: "南宁市"}, "450100000000"},
		{"autonomous prefecture abbreviated", Names{Province: "甘肃省", City: "临夏州", County: "临夏县"}, "622921000000"},
		{"county name shared by 拉萨市 and 兰州市, told apart by the township", Names{County: "城关区", Township: "八廓街道"}, "540102002000"},
		{"定西 village from the country", Names{Province: "甘肃省", City: "定西市", County: "通渭县", Township: "马营镇", Village: "石滩村"}, "621121101223"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tr.Resolve(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("Resolve(%+v) = %s %s, %v; want %s %s", tt.in, got, tr.FullName(got), err, tt.want, tr.FullName(tt.want))
			}
		})
	}

	_, err = tr.Resolve(Names{County: "城关区"})
	want := "县「城关区」不唯一，有：西藏自治区拉萨市城关区、甘肃省兰州市城关区，请填写完整名称或上级区划"
	if errs.CodeOf(err) != errs.Invalid || errs.Message(err) != want {
		t.Errorf("Resolve(城关区) = %v, want %s", err, want)
	}
	_, err = tr.Resolve(Names{Province: "甘肃省", County: "城关区", Township: "八廓街道"})
	want = "乡「八廓街道」在 兰州市 城关区 下不存在"
	if errs.CodeOf(err) != errs.NotFound || !strings.HasPrefix(errs.Message(err), want) {
		t.Errorf("Resolve(甘肃省 城关区 八廓街道) = %v, want %s…", err, want)
	}
}

func FuzzResolve(f *testing.F) {
	tr, err := LoadArea(dingxi)
	if err != nil {
		f.Fatal(err)
	}
	f.Add("甘肃省", "定西市", "通渭县", "马营镇", "石滩村")
	f.Add("", "", "通渭县", "", "石滩")
	f.Add("甘肃", "定西", "渭源", "会川", "东关")
	f.Add("", "", "", "", "村")
	f.Add(" ", "\u3000", "县", "乡", "村委会")
	f.Add("甘肃省", "甘肃省", "定西市", "定西市", "定西市")
	f.Add("", "", "", "\xff", "社区居民委员会")
	f.Fuzz(func(t *testing.T, p, c, k, tw, v string) {
		in := Names{p, c, k, tw, v}
		got, err := tr.Resolve(in)
		if err != nil {
			if code := errs.CodeOf(err); code != errs.NotFound && code != errs.Invalid {
				t.Fatalf("Resolve(%+v): %v", in, err)
			}
			if errs.Message(err) == "" {
				t.Fatalf("Resolve(%+v): no message", in)
			}
			var re *ResolveError
			if errors.As(err, &re) && len(re.Candidates) > 3 {
				t.Fatalf("Resolve(%+v): %d candidates", in, len(re.Candidates))
			}
			return
		}
		r, err := tr.Get(got)
		if err != nil {
			t.Fatalf("Resolve(%+v) = %s, not in the tree", in, got)
		}
		lowest := Level(0)
		for i, n := range []string{p, c, k, tw, v} {
			if clean(n) != "" {
				lowest = Level(i + 1)
			}
		}
		if r.Level > lowest {
			t.Fatalf("Resolve(%+v) = %s at level %v, below the lowest name given", in, got, r.Level)
		}
		// The region's own names resolve to it.
		if again, err := tr.Resolve(namesOf(tr, r)); err != nil || again != got {
			t.Fatalf("Resolve(names of %s) = %s, %v", got, again, err)
		}
	})
}

func BenchmarkResolve(b *testing.B) {
	tr := loadDingxi(b)
	villages := tr.Descendants(dingxi, Village)
	rows := make([]Names, len(villages))
	for i, r := range villages {
		rows[i] = namesOf(tr, r)
		rows[i].Village = shortName(r.Name)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := tr.Resolve(rows[i%len(rows)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
