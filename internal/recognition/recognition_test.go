package recognition

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/tableimport"
)

var today = registry.NewDate(2026, 11, 28)

func TestRateInterval(t *testing.T) {
	cases := []struct {
		name   string
		r      Rate
		lo, hi float64
		text   string
	}{
		{"6 of 6 is not 100 % for sure", Rate{6, 6}, 61.0, 100, "100 %（6 户，61–100 %）"},
		{"0 of 5", Rate{0, 5}, 0, 43.4, "0 %（5 户，0–43.4 %）"},
		{"95 of 100", Rate{95, 100}, 88.8, 97.8, "95 %（100 户"},
		{"no answers", Rate{}, 0, 100, "—"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi := tc.r.Interval()
			if math.Abs(lo-tc.lo) > 0.1 || math.Abs(hi-tc.hi) > 0.1 {
				t.Errorf("interval %.1f–%.1f, want %.1f–%.1f", lo, hi, tc.lo, tc.hi)
			}
			if !strings.HasPrefix(tc.r.String(), tc.text) {
				t.Errorf("text %q, want %q", tc.r.String(), tc.text)
			}
		})
	}
}

func TestRateBelow(t *testing.T) {
	cases := []struct {
		name string
		r    Rate
		want bool
	}{
		{"enough answers, below", Rate{18, 20}, true},
		{"enough answers, at the target", Rate{19, 20}, false},
		{"few answers, clearly below", Rate{1, 6}, true},
		{"few answers, maybe below", Rate{5, 6}, false},
		{"none", Rate{}, false},
	}
	for _, tc := range cases {
		if got := tc.r.Below(95, 10); got != tc.want {
			t.Errorf("%s: Below %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestLatestAndTally(t *testing.T) {
	p := policy.MustDefaults(2026)
	answers := []Answer{
		{HouseholdNo: "H2", On: registry.NewDate(2026, 3, 1), Overall: 2, KnowsHelper: registry.No},
		{HouseholdNo: "H1", On: registry.NewDate(2026, 5, 1), Overall: 5, KnowsHelper: registry.Yes, KnowsTeam: registry.Yes,
			Complaints: []string{"道路"}},
		{HouseholdNo: "H2", On: registry.NewDate(2026, 9, 1), Overall: 4, KnowsHelper: registry.Yes, KnowsTeam: registry.No,
			Complaints: []string{"道路", "饮水"}, Guarantees: [5]registry.Flag{registry.Yes, registry.Yes, registry.No}},
		{HouseholdNo: "H3", On: registry.NewDate(2025, 6, 1), Overall: 1}, // before the window
		{HouseholdNo: "H4", On: registry.NewDate(2026, 10, 1), Overall: 3},
	}
	latest := Latest(answers, Since(p, today))
	var nos []string
	for _, a := range latest {
		nos = append(nos, a.HouseholdNo)
	}
	if !slices.Equal(nos, []string{"H1", "H2", "H4"}) || latest[1].Overall != 4 {
		t.Fatalf("latest %v", latest)
	}
	tl := TallyOf(latest, p)
	if tl.Satisfied != (Rate{3, 3}) || tl.Knows != (Rate{1, 2}) || tl.Team != (Rate{1, 2}) || tl.Complaints["道路"] != 2 ||
		tl.Unhappy[2] != 1 {
		t.Errorf("tally %+v", tl)
	}
	if top := tl.TopComplaints(1); len(top) != 1 || top[0] != (CategoryCount{"道路", 2}) {
		t.Errorf("top %v", top)
	}
}

func TestParseCategories(t *testing.T) {
	cats, unknown := ParseCategories("自来水、路；垃圾 火星")
	if !slices.Equal(cats, []string{"道路", "饮水", "垃圾"}) || !slices.Equal(unknown, []string{"火星"}) {
		t.Errorf("%v %v", cats, unknown)
	}
}

func TestSurveyValidate(t *testing.T) {
	ok := func() *Survey {
		return &Survey{HouseholdNo: "H1", County: "621121000000", Village: "621121100201", On: registry.NewDate(2026, 10, 1), Overall: 4}
	}
	cases := []struct {
		name string
		set  func(s *Survey)
		want string
	}{
		{"valid", func(*Survey) {}, ""},
		{"no score", func(s *Survey) { s.Overall = 0 }, "总体满意度"},
		{"in the future", func(s *Survey) { s.On = registry.NewDate(2026, 12, 1) }, "晚于今天"},
		{"follow-up before", func(s *Survey) { s.FollowUpOn = registry.NewDate(2026, 9, 1) }, "早于调查日期"},
		{"village of another county", func(s *Survey) { s.Village = "621122100201" }, "所在村"},
		{"unknown category", func(s *Survey) { s.Complaints = []string{"火星"} }, "诉求类别"},
		{"bad key", func(s *Survey) { s.Key = "a b" }, "编号"},
	}
	for _, tc := range cases {
		s := ok()
		tc.set(s)
		err := s.Validate(today)
		if (err == nil) != (tc.want == "") || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestPetitionDeadlines(t *testing.T) {
	p := policy.MustDefaults(2026)
	d := func(m, day int) registry.Date { return registry.NewDate(2026, time.Month(m), day) }
	pet := Petition{Kind: ByLetter, ReceivedOn: d(3, 1)}
	dl := pet.DeadlinesOf(p)
	if dl.Accept != d(3, 16) || dl.Conclude != d(5, 15) || dl.Verify != d(4, 15) {
		t.Errorf("unaccepted deadlines %+v", dl)
	}
	if got := pet.Overdue(p, d(3, 17)); got != "受理" {
		t.Errorf("overdue %q", got)
	}
	pet.AcceptedOn, pet.ExtendDays = d(3, 10), 45 // the extension is capped at 30 days
	if dl := pet.DeadlinesOf(p); dl.Conclude != d(6, 8) {
		t.Errorf("extended conclusion %s", dl.Conclude)
	}
	if pet.InTime(p) || pet.Due(p, d(6, 8)) || !pet.Due(p, d(6, 9)) {
		t.Error("an open petition is not in time, and due after its deadline")
	}
	pet.VerifiedOn, pet.VerifiedBy, pet.ConcludedOn, pet.Conclusion = d(3, 20), "王", d(4, 30), "已解决"
	if !pet.InTime(p) || pet.State() != StateConcluded {
		t.Error("handled in time")
	}
	pet.VerifiedOn = registry.Date{}
	if pet.InTime(p) {
		t.Error("concluded without verification is not in time")
	}
	rep := Petition{Kind: Media, ReceivedOn: d(3, 1)}
	if rep.State() != StateAccepted || rep.DeadlinesOf(p).Conclude != d(3, 31) {
		t.Errorf("report %s %+v", rep.State(), rep.DeadlinesOf(p))
	}
}

func TestPetitionValidate(t *testing.T) {
	ok := func() *Petition {
		return &Petition{County: "621121000000", Region: "621121100201", Kind: ByVisit, Title: "村道损坏", Topic: "道路",
			ReceivedOn: registry.NewDate(2026, 10, 1)}
	}
	cases := []struct {
		name string
		set  func(p *Petition)
		want string
	}{
		{"valid", func(*Petition) {}, ""},
		{"no title", func(p *Petition) { p.Title = "" }, "事项摘要"},
		{"verified before accepted", func(p *Petition) { p.VerifiedOn, p.VerifiedBy = registry.NewDate(2026, 10, 5), "王" }, "尚未受理"},
		{"verified without who", func(p *Petition) {
			p.AcceptedOn, p.VerifiedOn = registry.NewDate(2026, 10, 2), registry.NewDate(2026, 10, 5)
		}, "核实人"},
		{"concluded without conclusion", func(p *Petition) {
			p.AcceptedOn, p.ConcludedOn = registry.NewDate(2026, 10, 2), registry.NewDate(2026, 10, 5)
		}, "办结意见"},
		{"accepted before received", func(p *Petition) { p.AcceptedOn = registry.NewDate(2026, 9, 2) }, "早于收到日期"},
		{"report concluded without acceptance", func(p *Petition) {
			p.Kind, p.ConcludedOn, p.Conclusion = Media, registry.NewDate(2026, 10, 5), "已整改"
		}, ""},
		{"unknown kind", func(p *Petition) { p.Kind = "托梦" }, "来源"},
	}
	for _, tc := range cases {
		p := ok()
		tc.set(p)
		err := p.Validate(today)
		if (err == nil) != (tc.want == "") || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestTables reads a survey list and a petition list as counties write them, and a list with
// mistakes whose every problem is named.
func TestTables(t *testing.T) {
	survey := "户编号,户主姓名,调查日期,调查方式,总体满意度,认识帮扶责任人,知道驻村工作队,诉求类别,意见建议\n" +
		"H1,张三,2026-10-01,入户调查,满意,是,是,路、自来水,希望修路\n" +
		"H2,李四,20261002,电话,2,否,,,\n"
	res, err := tableimport.Read(SurveyTable(today), "调查.csv", bytes.NewReader([]byte(survey)), int64(len(survey)))
	if err != nil || !res.OK() {
		t.Fatalf("%v %v", err, res.Problems)
	}
	s := res.Rows[0].Rec
	if s.Overall != Satisfied || s.Way != "入户" || !slices.Equal(s.Complaints, []string{"道路", "饮水"}) || s.KnowsHelper != registry.Yes {
		t.Errorf("row 1 %+v", s)
	}
	if res.Rows[1].Rec.Overall != Dissatisfied || res.Rows[1].Rec.KnowsTeam != registry.Unknown {
		t.Errorf("row 2 %+v", res.Rows[1].Rec)
	}
	bad := "户编号,调查日期,总体满意度,诉求类别\nH1,2027-01-01,满意,\nH2,2026-10-01,还行,\nH3,2026-10-01,满意,火星\n"
	res, err = tableimport.Read(SurveyTable(today), "调查.csv", bytes.NewReader([]byte(bad)), int64(len(bad)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.String())
	}
	want := []string{"第 2 行：调查日期 2027-01-01 晚于今天", "第 3 行 C列「总体满意度」的「还行」", "第 4 行 D列「诉求类别」：「火星」不是诉求类别"}
	if len(got) != len(want) {
		t.Fatalf("problems %q", got)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %q, want %q…", got[i], want[i])
		}
	}

	pet := "信访件编号,来源,收到日期,乡镇,村,户编号,事项摘要,诉求类别,受理日期,实地核实日期,核实人,办结日期,办结意见\n" +
		"XF-1,来访,2026-09-01,平襄镇,东城区,,村道损坏,路,2026-09-03,2026-09-10,王干部,2026-10-01,已修复\n" +
		"XF-2,舆情,2026-10-05,,,H7,媒体反映饮水不安全,饮水,,,,,\n" +
		"XF-3,来信,2026-10-05,,,,无处可查,其他,,,,,\n"
	pres, err := tableimport.Read(PetitionTable(today), "信访.csv", bytes.NewReader([]byte(pet)), int64(len(pet)))
	if err != nil || len(pres.Problems) != 1 || !strings.Contains(pres.Problems[0].String(), "第 4 行：请填写区划代码") {
		t.Fatalf("%v %v", err, pres.Problems)
	}
	if p := pres.Rows[0].Rec; p.Kind != ByVisit || p.Topic != "道路" || p.Township != "平襄镇" || p.ConcludedOn.IsZero() {
		t.Errorf("petition 1 %+v", p)
	}
	if p := pres.Rows[1].Rec; p.Kind != Media || p.HouseholdNo != "H7" {
		t.Errorf("petition 2 %+v", p)
	}
}
