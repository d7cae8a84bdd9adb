package gen

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/recognition"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// The recognition domain of a generated area (internal/recognition): a year of satisfaction
// surveys and petitions for the households already stored, county by county.
//
// Surveys come in four quarterly rounds over the year before Ref; each round asks about a
// third of a village's 脱贫户 and monitored households and a few ordinary ones. About 97 % of
// the answers are satisfied (3 基本满意 to 5 非常满意), most families know their helper and the
// work team, and a few complain about roads, water, clinics, elderly care, rubbish, sewage or
// housing. A dissatisfied family is followed up within 3–12 days, mostly. Petitions arrive at
// about one per 300 households a year by letter, visit, the web, the 12345 hotline, the media
// and inspections, and most are accepted, verified on site and concluded in time.
//
// RecognitionRates plants the problems the rules of indicator 10 find; the same seed gives the
// same data.

// RecognitionRates are the shares of planted problems.
type RecognitionRates struct {
	LowVillage   float64 // village where one family in six is dissatisfied (I10-11)
	SmallSample  float64 // village where only 3–6 families were ever asked (I10-13)
	HotComplaint float64 // village where a quarter of the families raise the same complaint (I10-14)
	NoFollowUp   float64 // dissatisfied family never followed up (I10-12)
	Unaccepted   float64 // petition not accepted (I10-15)
	Unverified   float64 // accepted petition never verified on site (I10-16)
	Overdue      float64 // accepted petition left open past its deadline (I10-17)
	NoVerifyDone float64 // petition concluded without verification (I10-19)
	Repeaters    int     // households per county that petition two or three times (I10-18)
}

// DefaultRecognitionRates are realistic shares of planted problems.
func DefaultRecognitionRates() RecognitionRates {
	return RecognitionRates{LowVillage: 0.06, SmallSample: 0.06, HotComplaint: 0.1, NoFollowUp: 0.3, Unaccepted: 0.03,
		Unverified: 0.05, Overdue: 0.05, NoVerifyDone: 0.05, Repeaters: 3}
}

// RecognitionConfig says what recognition data to generate.
type RecognitionConfig struct {
	Area  region.Code
	Seed  uint64
	Ref   time.Time // the day the data is as of
	Rates RecognitionRates
	// PoorLists: the counties (by their position in the area, 0 first) that import a list of
	// 脱贫村: the villages with the most 脱贫户. Others are stratified by their share of 脱贫户.
	PoorLists []int
}

// RecognitionStats counts what was generated.
type RecognitionStats struct {
	Surveys, Petitions, PoorVillages int
}

// complaintTopics are the complaints families raise, by weight.
var complaintTopics = []weighted{{"道路", 30}, {"饮水", 15}, {"水利", 8}, {"医疗", 14}, {"养老", 12}, {"垃圾", 8}, {"污水", 6}, {"住房", 4}, {"其他", 3}}

// petitionKinds are the ways petitions arrive, by weight.
var petitionKinds = []weighted{{recognition.ByVisit, 35}, {recognition.ByLetter, 20}, {recognition.Online, 20},
	{recognition.Hotline, 15}, {recognition.Media, 5}, {recognition.Inspection, 5}}

// petitionTopics are what petitions are about, with a summary each.
var petitionTopics = []struct{ topic, title string }{
	{"监测识别", "反映家庭收入下降未被纳入防返贫监测"}, {"低保救助", "反映低保评定不公"}, {"帮扶措施", "反映产业奖补资金未兑现"},
	{"道路", "反映通组道路破损未修复"}, {"饮水", "反映自来水经常停水"}, {"住房", "反映危房改造补助未到位"},
	{"就业务工", "反映公益性岗位工资拖欠"}, {"医疗", "反映慢病报销比例偏低"}, {"资金使用", "反映村集体经济收益分配不公开"},
	{"干部作风", "反映帮扶干部长期未入户"}, {"养老", "反映互助幸福院未正常运行"}, {"产业项目", "反映扶贫车间停工"},
}

// genRand returns a stream keyed by the seed and the keys.
func genRand(seed uint64, keys ...string) *rand.Rand {
	h := fnv.New64a()
	for _, k := range keys {
		h.Write([]byte(k))
		h.Write([]byte{0})
	}
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

// FillRecognition generates the recognition data of the households of cfg.Area stored in db,
// county by county, and stores it through the stores' imports (audited as the demo's).
func FillRecognition(ctx context.Context, db *store.DB, tree *region.Tree, cfg RecognitionConfig) (RecognitionStats, error) {
	var st RecognitionStats
	ctx = audit.WithActor(ctx, audit.Actor{Username: "demo"})
	rec, smp := store.NewRecognition(db), store.NewSample(db)
	today := registry.DateOf(cfg.Ref)
	counties := tree.Descendants(cfg.Area, region.County)
	if cfg.Area.Level() == region.County {
		counties = []region.Region{{Code: cfg.Area, Level: region.County}}
	}
	for ci, c := range counties {
		rows, err := smp.Rows(ctx, c.Code, store.ScoreSpec{})
		if err != nil {
			return st, err
		}
		if len(rows) == 0 {
			continue
		}
		surveys, petitions := makeRecognition(rows, today, cfg.Seed, cfg.Rates)
		if len(surveys) > 0 {
			in := make([]tableimport.Row[recognition.SurveyRow], len(surveys))
			for i := range surveys {
				in[i] = tableimport.Row[recognition.SurveyRow]{Num: i + 2, Rec: &recognition.SurveyRow{Survey: surveys[i]}}
			}
			if _, problems, err := rec.ImportSurveys(ctx, c.Code, "演示数据", in); err != nil || len(problems) > 0 {
				return st, fmt.Errorf("gen: recognition surveys of %s: %v %v", c.Code, err, problems)
			}
			st.Surveys += len(surveys)
		}
		if len(petitions) > 0 {
			in := make([]tableimport.Row[recognition.PetitionRow], len(petitions))
			for i := range petitions {
				in[i] = tableimport.Row[recognition.PetitionRow]{Num: i + 2, Rec: &recognition.PetitionRow{Petition: petitions[i],
					Code: string(petitions[i].Region)}}
			}
			if _, problems, err := rec.ImportPetitions(ctx, c.Code, tree, "演示数据", in); err != nil || len(problems) > 0 {
				return st, fmt.Errorf("gen: recognition petitions of %s: %v %v", c.Code, err, problems)
			}
			st.Petitions += len(petitions)
		}
		if slices.Contains(cfg.PoorLists, ci) {
			poor := poorVillages(rows)
			if err := smp.SetPoorVillages(ctx, c.Code, poor, "演示数据"); err != nil {
				return st, err
			}
			st.PoorVillages += len(poor)
		}
	}
	return st, nil
}

// poorVillages are the third of a county's villages with the largest share of 脱贫户.
func poorVillages(rows []store.SampleRow) []region.Code {
	type share struct {
		v    region.Code
		n, p int
	}
	var shares []share
	for _, r := range rows {
		if len(shares) == 0 || shares[len(shares)-1].v != r.Village {
			shares = append(shares, share{v: r.Village})
		}
		s := &shares[len(shares)-1]
		s.n++
		if r.Kind == registry.KindAlleviated {
			s.p++
		}
	}
	slices.SortStableFunc(shares, func(a, b share) int { return b.p*a.n - a.p*b.n })
	var out []region.Code
	for _, s := range shares[:len(shares)/3] {
		out = append(out, s.v)
	}
	slices.Sort(out)
	return out
}

// makeRecognition makes up the surveys and petitions of one county's households (by village).
func makeRecognition(rows []store.SampleRow, today registry.Date, seed uint64, rates RecognitionRates) ([]recognition.Survey, []recognition.Petition) {
	var surveys []recognition.Survey
	var petitions []recognition.Petition
	county := rows[0].Village.County()
	g := &generator{}
	for start := 0; start < len(rows); {
		end := start
		for end < len(rows) && rows[end].Village == rows[start].Village {
			end++
		}
		v := rows[start].Village
		g.r = genRand(seed, "recognition", string(v))
		surveys = append(surveys, g.villageSurveys(rows[start:end], today, rates)...)
		start = end
	}
	g.r = genRand(seed, "petitions", string(county))
	petitions = g.petitions(rows, today, rates)
	return surveys, petitions
}

// villageSurveys makes up a village's four rounds of surveys.
func (g *generator) villageSurveys(rows []store.SampleRow, today registry.Date, rates RecognitionRates) []recognition.Survey {
	satisfied := 0.99
	if g.chance(rates.LowVillage) {
		satisfied = 0.8
	}
	knows := 0.97
	small := g.chance(rates.SmallSample)
	hot := ""
	if g.chance(rates.HotComplaint) {
		hot = g.pickW(complaintTopics[:7])
	}
	team := g.chance(0.4) // a resident work team in the village
	var out []recognition.Survey
	asked := 0
	for round := 0; round < 4; round++ {
		on := recognition.AddDays(today, -(330 - 90*round + g.between(0, 20)))
		label := fmt.Sprintf("%d年第%d季度", on.Time().Year(), (int(on.Time().Month())+2)/3)
		for _, r := range rows {
			target := r.Category != "" || r.Kind == registry.KindAlleviated
			p := 0.6
			if !target {
				p = 0.04
			}
			if small {
				p = 0.0
				if asked < 3+round {
					p = 1
				}
			}
			if !g.chance(p) {
				continue
			}
			asked++
			s := recognition.Survey{HouseholdNo: r.No, On: recognition.AddDays(on, g.between(0, 6)), Round: label,
				Way: g.pickW([]weighted{{"入户", 85}, {"电话", 15}}), Surveyor: "驻村工作队"}
			if g.chance(satisfied) {
				s.Overall = 3 + g.pickInt([]int{15, 45, 40})
			} else {
				s.Overall = 1 + g.pickInt([]int{30, 70})
			}
			for i := range recognition.Guarantees {
				f := registry.Yes
				if s.Overall < 3 && g.chance(0.35) {
					f = registry.No
				}
				s.SetGuarantee(i, f)
			}
			s.KnowsHelper = registry.No
			if target && g.chance(knows) || !target && g.chance(0.6) {
				s.KnowsHelper = registry.Yes
			}
			if team {
				s.KnowsTeam = registry.No
				if g.chance(0.95) {
					s.KnowsTeam = registry.Yes
				}
			}
			switch {
			case hot != "" && g.chance(0.25):
				s.Complaints = []string{hot}
			case g.chance(0.03) || s.Overall < 3 && g.chance(0.6):
				s.Complaints = []string{g.pickW(complaintTopics)}
			}
			if len(s.Complaints) > 0 {
				s.Note = "希望尽快解决" + s.Complaints[0] + "方面的问题"
			}
			if s.Overall < 3 && !g.chance(rates.NoFollowUp) {
				s.FollowUpOn = recognition.AddDays(s.On, g.between(3, 12))
				if !today.Before(s.FollowUpOn) {
					s.FollowUpBy, s.FollowUpNote = "帮扶责任人", "已入户解释政策，诉求已转村委会办理"
				} else {
					s.FollowUpOn = registry.Date{}
				}
			}
			if today.Before(s.On) {
				continue
			}
			out = append(out, s)
		}
	}
	return out
}

// The planted states of a petition.
const (
	plantNone = iota
	plantUnaccepted
	plantUnverified
	plantOverdue
	plantNoVerify
)

// petitions makes up a county's petitions of the year: the first four with one planted problem
// each (not accepted, not verified, overdue, concluded without verification), the others with
// the rates' chances of them.
func (g *generator) petitions(rows []store.SampleRow, today registry.Date, rates RecognitionRates) []recognition.Petition {
	n := max(6, len(rows)/300)
	var out []recognition.Petition
	add := func(h *store.SampleRow, received registry.Date, personal bool, plant int) {
		t := petitionTopics[g.r.IntN(len(petitionTopics))]
		kinds := petitionKinds
		if personal || plant == plantUnaccepted {
			kinds = kinds[:4] // a household's own 信访, not a report
		}
		p := recognition.Petition{Kind: g.pickW(kinds), Ref: fmt.Sprintf("XF%s-%04d", h.Village.County().Prefix(), len(out)+1),
			Title: t.title, Topic: t.topic, Region: h.Village, ReceivedOn: received, Unit: "乡镇人民政府"}
		if !recognition.IsReport(p.Kind) {
			p.HouseholdNo, p.Petitioner = h.No, h.Head
		}
		p.Content = p.Title + "，请求核实处理。"
		if plant == plantNone {
			switch x := g.r.Float64(); {
			case x < rates.Unaccepted:
				plant = plantUnaccepted
			case x < rates.Unaccepted+rates.Unverified:
				plant = plantUnverified
			case x < rates.Unaccepted+rates.Unverified+rates.Overdue:
				plant = plantOverdue
			case x < rates.Unaccepted+rates.Unverified+rates.Overdue+rates.NoVerifyDone:
				plant = plantNoVerify
			}
		}
		if plant == plantUnaccepted && !recognition.IsReport(p.Kind) {
			out = append(out, p)
			return
		}
		if !recognition.IsReport(p.Kind) {
			p.AcceptedOn = recognition.AddDays(received, g.between(1, 14))
		}
		from := p.Accepted()
		if plant != plantUnverified && plant != plantNoVerify {
			p.VerifiedOn, p.VerifiedBy = recognition.AddDays(from, g.between(2, 20)), "乡镇包村干部"
			p.VerifyNote = "已到现场核实，情况属实"
		}
		if plant == plantUnverified || plant == plantOverdue {
			out = append(out, p)
			return
		}
		days := g.between(10, 50)
		if recognition.IsReport(p.Kind) {
			days = g.between(5, 25)
		}
		p.ConcludedOn = recognition.AddDays(from, days)
		if !p.VerifiedOn.IsZero() && p.ConcludedOn.Before(p.VerifiedOn) {
			p.ConcludedOn = recognition.AddDays(p.VerifiedOn, 3)
		}
		p.Conclusion = "经核实已协调解决，已向信访人当面答复"
		if plant == plantNoVerify {
			p.Conclusion = "已电话答复信访人"
		}
		out = append(out, p)
	}
	for i := 0; i < n; i++ {
		h := &rows[g.r.IntN(len(rows))]
		received := recognition.AddDays(today, -g.between(1, 360))
		plant := plantNone
		if i < 4 {
			// Old enough for its problem to show: past every deadline.
			plant, received = i+1, recognition.AddDays(today, -g.between(100, 300))
		}
		add(h, received, false, plant)
	}
	for i := 0; i < rates.Repeaters; i++ {
		h := &rows[g.r.IntN(len(rows))]
		for k := 0; k < 2+g.r.IntN(2); k++ {
			add(h, recognition.AddDays(today, -g.between(5, 300)), true, plantNone)
		}
	}
	// A petition's steps are in the past: those still to come are not taken yet.
	for i := range out {
		p := &out[i]
		for _, d := range []*registry.Date{&p.AcceptedOn, &p.VerifiedOn, &p.ConcludedOn} {
			if today.Before(*d) {
				*d = registry.Date{}
			}
		}
		if p.AcceptedOn.IsZero() && !recognition.IsReport(p.Kind) {
			p.VerifiedOn, p.ConcludedOn = registry.Date{}, registry.Date{}
		}
		if p.VerifiedOn.IsZero() {
			p.VerifiedBy, p.VerifyNote = "", ""
		}
		if p.ConcludedOn.IsZero() {
			p.Conclusion = ""
		}
	}
	return out
}
