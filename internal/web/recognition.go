package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/recognition"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
)

// The pages of indicator 10, 群众认可度 (internal/recognition): the region's satisfaction with
// its sample size and confidence interval, drilled down to the villages, knowing the cadres,
// the complaints by category and the dissatisfied households not followed up; the surveys with
// the entry form and the follow-up of a dissatisfied household; the petitions with their
// deadlines and the form that records each step; the imports of both lists; the evaluators'
// sample rehearsal of a county; and the printed 明白卡 and 户帮扶手册 from the same producers as
// `gonggu card` and `gonggu handbook`. Every request is limited to the user's region (a
// village cadre sees the village alone), names are masked for roles that may not unmask, and
// numbers inside free texts always; every change is audited by the store and re-screens what
// it touched.

func (s *Server) recognitionRoutes() {
	m := s.mux
	m.Handle("GET /recognition", s.authed(s.recognitionPage))
	m.Handle("GET /recognition/surveys", s.authed(s.recSurveysPage))
	m.Handle("POST /recognition/surveys", s.authed(s.recAddSurvey))
	m.Handle("POST /recognition/surveys/{id}/followup", s.authed(s.recFollowUp))
	m.Handle("GET /recognition/petitions", s.authed(s.recPetitionsPage))
	m.Handle("POST /recognition/petitions", s.authed(s.recAddPetition))
	m.Handle("GET /recognition/petitions/{id}", s.authed(s.recPetitionPage))
	m.Handle("POST /recognition/petitions/{id}", s.authed(s.recPetitionEdit))
	m.Handle("GET /recognition/import", s.authed(s.recImportPage))
	m.Handle("POST /recognition/import", s.authed(s.recImport))
	m.Handle("GET /recognition/import/{id}/report", s.authed(s.recImportReport))
	m.Handle("GET /recognition/sample", s.authed(s.recSamplePage))
	m.Handle("GET /recognition/card", s.authed(s.recCard))
	m.Handle("POST /recognition/card", s.authed(s.recCard))
	m.Handle("GET /recognition/handbooks", s.authed(s.recHandbooks))
	m.Handle("POST /recognition/handbooks", s.authed(s.recHandbooks))
	m.Handle("GET /recognition/handbook", s.authed(s.recHandbook))
	m.Handle("GET /recognition/handbook/{no}", s.authed(s.recHandbook))
	m.Handle("POST /recognition/handbook/{no}", s.authed(s.recHandbook))
}

func (s *Server) rec() *store.Recognition { return store.NewRecognition(s.cfg.DB) }

// recTabs is the tab bar of the recognition pages.
func recTabs(u *auth.User, on string) []supportTab {
	tabs := []supportTab{{"/recognition", "认可度", false}, {"/recognition/surveys", "满意度调查", false},
		{"/recognition/petitions", "信访和督查反映问题", false}}
	if u.Region.Level() <= region.County {
		tabs = append(tabs, supportTab{"/recognition/sample", "抽样演练", false})
	}
	if u.Can(auth.PermImport) {
		tabs = append(tabs, supportTab{"/recognition/import", "导入", false})
	}
	for i := range tabs {
		tabs[i].On = tabs[i].Href == on
	}
	return tabs
}

// recToday returns today in China.
func (s *Server) recToday() registry.Date { return registry.DateOf(s.now().In(chinaTime)) }

// recParams returns the policy parameters of the region's county (or of the region itself
// above the county) for this year.
func (s *Server) recParams(ctx context.Context, code region.Code) (*policy.Set, error) {
	if code.Level() > region.County {
		code = code.Up(region.County)
	}
	return store.NewParams(s.cfg.DB).Resolve(ctx, code, s.now().In(chinaTime).Year())
}

// personName shows a person's name as the user may see it: in full for a role that may
// unmask, the surname alone otherwise.
func personName(u *auth.User, name string) string {
	if u.Can(auth.PermUnmask) {
		return name
	}
	return auth.MaskName(name)
}

// newClientKey returns a fresh idempotency key for a form: a survey sent twice (a double tap,
// a resend after a lost answer) is stored once.
func newClientKey() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return hex.EncodeToString(b[:])
}

// rateView is a rate as pages show it.
type rateView struct {
	Text  string // 83.3 %（6 户，43.6–97.0 %）
	Pct   string
	N     int
	Low   bool // clearly below the target
	Small bool // fewer answers than the sample needs
}

func viewRate(r recognition.Rate, target float64, minN int) rateView {
	v := rateView{Text: r.String(), Pct: "—", N: r.N}
	if r.N > 0 {
		v.Pct = strconv.FormatFloat(r.Pct(), 'f', 1, 64) + "%"
		v.Low = r.Below(target, minN)
		v.Small = r.N < minN
	}
	return v
}

// recArea is a region's row of the overview.
type recArea struct {
	Code       region.Code
	Name       string
	Satisfied  rateView
	Knows      rateView
	Complaints string
}

type recComplaint struct {
	Category string
	N        int
	Share    string
	Bar      int
}

type recUnfollowed struct {
	ID, HouseholdNo, Head, Village string
	On                             registry.Date
	Overall                        string
	Days                           int
	Late                           bool
	Complaints                     string
	Note                           string
}

type recOverviewPage struct {
	Tabs           []supportTab
	Region         region.Region
	Regions        []regionOption
	Since, Today   registry.Date
	Target         string
	MinSample      int
	FollowDays     int
	Total          recArea
	ChildWord      string
	Children       []recArea
	Complaints     []recComplaint
	Unhappy        []recComplaint // the guarantees households are not satisfied with
	Chart          string
	ComplaintChart string
	Unfollowed     []recUnfollowed
	MoreUnfollowed int
	Open, Overdue  int
	CanSample      bool
	CanCard        bool // the 明白卡 is made for a county, a township or a village
}

func (recOverviewPage) PageTitle() string { return "群众认可度" }

// maxUnfollowed bounds the dissatisfied households the overview lists; the surveys page has
// them all.
const maxUnfollowed = 50

func (s *Server) recognitionPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, err := requestedScope(r, r.URL.Query())
	if err != nil {
		return err
	}
	reg, err := s.cfg.Tree.Get(scope)
	if err != nil {
		return errs.E(errs.NotFound, "地区不存在")
	}
	ctx := r.Context()
	ps, err := s.recParams(ctx, scope)
	if err != nil {
		return err
	}
	today := s.recToday()
	since := recognition.Since(ps, today)
	target, minN := ps.Num(policy.SatisfactionTarget), ps.Int(policy.SurveyMinSample)
	p := recOverviewPage{Tabs: recTabs(u, "/recognition"), Region: reg, Regions: s.scopeChoices(u, scope), Since: since, Today: today,
		Target: fmtNum(target), MinSample: minN, FollowDays: ps.Int(policy.SurveyFollowUpDays),
		CanSample: u.Region.Level() <= region.County, CanCard: scope.Level() >= region.County}
	answers, err := s.rec().Answers(ctx, scope, since)
	if err != nil {
		return err
	}
	n := recognition.ChildLen(scope)
	total, by := recognition.AreaTallies(answers, since, ps, n)
	area := func(code region.Code, name string, t recognition.Tally) recArea {
		a := recArea{Code: code, Name: name, Satisfied: viewRate(t.Satisfied, target, minN), Knows: viewRate(t.Knows, target, minN)}
		var top []string
		for _, c := range t.TopComplaints(3) {
			top = append(top, c.Category+" "+strconv.Itoa(c.N))
		}
		a.Complaints = strings.Join(top, "、")
		return a
	}
	p.Total = area(scope, reg.Name, total)
	if scope.Level() < region.Village {
		chart := fundsChart{Title: "各地区群众满意度（%）", Unit: "%"}
		bars := fundsSeries{Name: "满意度", Type: "bar"}
		lo := fundsSeries{Name: "95% 置信区间下限", Type: "scatter"}
		for _, c := range s.cfg.Tree.Children(scope) {
			if p.ChildWord == "" {
				p.ChildWord = levelWord(c.Level)
			}
			t, ok := by[string(c.Code)[:n]]
			if !ok {
				continue
			}
			p.Children = append(p.Children, area(c.Code, c.Name, t))
			chart.Categories = append(chart.Categories, c.Name)
			l, _ := t.Satisfied.Interval()
			bars.Data, lo.Data = append(bars.Data, round2p(t.Satisfied.Pct())), append(lo.Data, round2p(l))
		}
		if len(p.Children) > 0 {
			floor := target
			chart.Floor, chart.FloorName = &floor, "目标 "+fmtNum(target)+"%"
			chart.Series = []fundsSeries{bars, lo}
			p.Chart = chart.String()
		}
	}
	maxN := 0
	for _, c := range recognition.Categories {
		maxN = max(maxN, total.Complaints[c])
	}
	cchart := fundsChart{Title: "基础设施和人居环境诉求（户）", Unit: "户"}
	cbars := fundsSeries{Name: "反映户数", Type: "bar"}
	for _, c := range total.TopComplaints(len(recognition.Categories)) {
		p.Complaints = append(p.Complaints, recComplaint{Category: c.Category, N: c.N, Share: pctOf(c.N, total.Satisfied.N), Bar: barWidth(c.N, maxN)})
		cchart.Categories = append(cchart.Categories, c.Category)
		v := float64(c.N)
		cbars.Data = append(cbars.Data, &v)
	}
	if len(p.Complaints) > 0 {
		cchart.Series = []fundsSeries{cbars}
		p.ComplaintChart = cchart.String()
	}
	for i, g := range recognition.Guarantees {
		if k := total.Unhappy[i]; k > 0 {
			p.Unhappy = append(p.Unhappy, recComplaint{Category: g, N: k, Share: pctOf(k, total.Satisfied.N)})
		}
	}
	if p.Unfollowed, p.MoreUnfollowed, err = s.recUnfollowed(ctx, u, scope, ps, answers, since, today, maxUnfollowed); err != nil {
		return err
	}
	if p.Open, p.Overdue, err = s.recPetitionCounts(ctx, scope, today); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "recognition", p)
	return nil
}

// recUnfollowed lists the households whose latest survey in the window is dissatisfied and
// has no follow-up recorded, the oldest first, at most limit; more counts those left off.
func (s *Server) recUnfollowed(ctx context.Context, u *auth.User, scope region.Code, ps *policy.Set,
	answers map[region.Code][]recognition.Answer, since, today registry.Date, limit int) ([]recUnfollowed, int, error) {
	latest := map[string]registry.Date{}
	for _, as := range answers {
		for _, a := range recognition.Latest(as, since) {
			latest[a.HouseholdNo] = a.On
		}
	}
	rows, _, err := s.rec().Surveys(ctx, store.SurveyFilter{Scope: scope, Since: since, Dissatisfied: ps.Int(policy.SatisfiedMinScore),
		NoFollowUp: true, Limit: 5000})
	if err != nil {
		return nil, 0, err
	}
	var out []recUnfollowed
	more := 0
	days := ps.Int(policy.SurveyFollowUpDays)
	// Listed newest first: walk backwards for the oldest first.
	for i := len(rows) - 1; i >= 0; i-- {
		sv := &rows[i]
		if on, ok := latest[sv.HouseholdNo]; !ok || on != sv.On {
			continue // answered again since
		}
		if len(out) == limit {
			more++
			continue
		}
		d := recognition.Days(sv.On, today)
		out = append(out, recUnfollowed{ID: sv.ID, HouseholdNo: sv.HouseholdNo, Head: personName(u, sv.Head), Village: s.regionName(sv.Village),
			On: sv.On, Overall: sv.OverallLabel(), Days: d, Late: d > days, Complaints: strings.Join(sv.Complaints, "、"),
			Note: auth.MaskText(sv.Note)})
	}
	return out, more, nil
}

// recPetitionCounts counts the region's petitions not concluded, and those of them overdue.
func (s *Server) recPetitionCounts(ctx context.Context, scope region.Code, today registry.Date) (open, overdue int, err error) {
	list, _, err := s.rec().Petitions(ctx, store.PetitionFilter{Scope: scope, Open: true})
	if err != nil {
		return 0, 0, err
	}
	params := s.paramCache()
	for i := range list {
		ps, err := params(ctx, list[i].County)
		if err != nil {
			return 0, 0, err
		}
		if list[i].Overdue(ps, today) != "" {
			overdue++
		}
	}
	return len(list), overdue, nil
}

// paramCache returns a function resolving each county's parameters of the year once.
func (s *Server) paramCache() func(ctx context.Context, county region.Code) (*policy.Set, error) {
	cache := map[region.Code]*policy.Set{}
	return func(ctx context.Context, county region.Code) (*policy.Set, error) {
		if ps, ok := cache[county]; ok {
			return ps, nil
		}
		ps, err := s.recParams(ctx, county)
		if err != nil {
			return nil, err
		}
		cache[county] = ps
		return ps, nil
	}
}

func pctOf(a, b int) string {
	if b == 0 {
		return "—"
	}
	return strconv.FormatFloat(float64(a)*100/float64(b), 'f', 1, 64) + "%"
}
