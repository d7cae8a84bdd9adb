package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/support"
)

// The pages of indicator 4's domain (internal/support): the 大走访 campaign (plan against
// visits by region and by cadre, the overdue, a printable visit list), a cadre's own page (my
// households and who is due, a visit recorded in two taps, offline on a phone), the visit form
// for the desk, cadres with their pairings and handover, work teams (attendance calendar,
// leave, spot checks), grids, and the import and export of the county ledgers. Every route
// asks auth.Scope for the region and checks each object's village against it; the store
// audits every change, and each change re-screens what it touched.

func (s *Server) supportRoutes() {
	m := s.mux
	m.Handle("GET /visits", s.authed(s.visitsPage))
	m.Handle("GET /visits/print", s.authed(s.visitsPrint))
	m.Handle("GET /visits/new", s.authed(s.visitForm))
	m.Handle("POST /visits", s.authed(s.postVisit))
	m.Handle("POST /api/visits", s.authed(s.apiPostVisit))
	m.Handle("GET /visits/{id}/photo", s.authed(s.visitPhoto))
	m.Handle("GET /my", s.authed(s.myPage))
	m.Handle("GET /support/households/{no}", s.authed(s.supportHousehold))
	m.Handle("GET /cadres", s.authed(s.cadresPage))
	m.Handle("POST /cadres", s.authed(s.saveCadre))
	m.Handle("GET /cadres/{id}", s.authed(s.cadrePage))
	m.Handle("POST /cadres/{id}", s.authed(s.saveCadre))
	m.Handle("POST /cadres/{id}/pair", s.authed(s.pairCadre))
	m.Handle("POST /cadres/{id}/handover", s.authed(s.handover))
	m.Handle("POST /pairings/{id}/end", s.authed(s.endPairing))
	m.Handle("GET /teams", s.authed(s.teamsPage))
	m.Handle("POST /teams", s.authed(s.saveTeam))
	m.Handle("POST /teams/spotchecks", s.authed(s.planSpotChecks))
	m.Handle("GET /teams/{id}", s.authed(s.teamPage))
	m.Handle("POST /teams/{id}/members", s.authed(s.addMember))
	m.Handle("POST /teams/{id}/attendance", s.authed(s.setAttendance))
	m.Handle("POST /teams/{id}/leaves", s.authed(s.addLeave))
	m.Handle("POST /teams/{id}/spotchecks", s.authed(s.recordSpotCheck))
	m.Handle("POST /leaves/{id}/decide", s.authed(s.decideLeave))
	m.Handle("POST /leaves/{id}/return", s.authed(s.returnLeave))
	m.Handle("GET /grids", s.authed(s.gridsPage))
	m.Handle("POST /grids", s.authed(s.saveGrid))
	m.Handle("GET /grids/{id}", s.authed(s.gridPage))
	m.Handle("POST /grids/{id}/households", s.authed(s.assignGrid))
	m.Handle("POST /grids/{id}/members", s.authed(s.addGridMember))
	m.Handle("POST /grids/{id}/confirm", s.authed(s.confirmGrid))
	m.Handle("GET /support/import", s.authed(s.supportImportPage))
	m.Handle("POST /support/import", s.authed(s.supportImport))
	m.Handle("GET /support/imports/{id}/report", s.authed(s.supportImportReport))
	m.Handle("GET /support/export/{kind}", s.authed(s.supportExport))
	m.Handle("GET /support/template/{kind}", s.authed(s.supportTemplate))
}

func (s *Server) support() *store.Support { return store.NewSupport(s.cfg.DB) }

// supportTab is an entry of the pages' tab bar.
type supportTab struct {
	Href, Label string
	On          bool
}

// supportTabs returns the tab bar with the entry on marked.
func supportTabs(u *auth.User, on string) []supportTab {
	tabs := []supportTab{{"/visits", "大走访", false}, {"/my", "我的走访", false}, {"/cadres", "帮扶干部", false},
		{"/teams", "驻村工作队", false}, {"/grids", "网格", false}}
	if u.Can(auth.PermImport) {
		tabs = append(tabs, supportTab{"/support/import", "导入导出", false})
	}
	for i := range tabs {
		tabs[i].On = tabs[i].Href == on
	}
	return tabs
}

// canManage reports whether the user may change cadres, pairings, teams and grids: a role
// that edits, above the helper.
func canManage(u *auth.User) bool { return u.Can(auth.PermEdit) && u.Role != auth.RoleHelper }

// canApprove reports whether the user decides leave and makes spot checks, and at which
// level: the township's staff approve short leave, the county's and above any.
func canApprove(u *auth.User) (string, bool) {
	switch u.Role {
	case auth.RoleTownship:
		return support.ApproveTownship, true
	case auth.RoleCounty, auth.RoleCity, auth.RoleAdmin:
		return support.ApproveCounty, true
	}
	return "", false
}

// requestedScope reads the region of a query or form (region=) and scopes it to the user.
func requestedScope(r *http.Request, v url.Values) (region.Code, error) {
	var requested region.Code
	if c := strings.TrimSpace(v.Get("region")); c != "" {
		code, err := region.ParseCode(c)
		if err != nil {
			return "", err
		}
		requested = code
	}
	return auth.Scope(user(r), requested)
}

// engine returns the screening engine behind the pages, or nil when screening is off.
func (s *Server) engine() *screen.Engine {
	if sc, ok := s.cfg.Screening.(*screening); ok {
		return sc.e
	}
	return nil
}

// rescreened is what re-screening after a change found, for the page's notice.
type rescreened struct{ Opened, Closed int }

// rescreenHouseholds re-screens households after a change of their facts (a visit, a pairing,
// a grid).
func (s *Server) rescreenHouseholds(ctx context.Context, where region.Code, nos []string) rescreened {
	var out rescreened
	en := s.engine()
	if en == nil || len(nos) == 0 {
		return out
	}
	res, err := en.Households(ctx, nos)
	if err != nil {
		s.log.Error("rescreen after a support change", "request_id", requestID(ctx), "err", err)
		return out
	}
	out.Opened, out.Closed = len(res.Opened), len(res.Closed)
	s.scores.stale(where)
	return out
}

// rescreenObjects re-screens the objects of the kinds in a county after a change to them.
func (s *Server) rescreenObjects(ctx context.Context, county region.Code, kinds ...string) rescreened {
	var out rescreened
	en := s.engine()
	if en == nil {
		return out
	}
	for _, k := range kinds {
		res, err := en.Objects(ctx, county, k)
		if err != nil {
			s.log.Error("rescreen objects after a support change", "request_id", requestID(ctx), "kind", k, "err", err)
			continue
		}
		out.Opened += len(res.Opened)
		out.Closed += len(res.Closed)
	}
	s.scores.stale(county)
	return out
}

// doneURL returns a page's address with the notice of a saved change and its re-screen.
func doneURL(path string, rs rescreened, extra ...string) string {
	q := url.Values{"done": {"1"}, "opened": {strconv.Itoa(rs.Opened)}, "closed": {strconv.Itoa(rs.Closed)}}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + q.Encode()
}

// doneNotice reads the notice of doneURL.
func doneNotice(r *http.Request) string {
	q := r.URL.Query()
	if q.Get("done") == "" {
		return ""
	}
	opened, _ := strconv.Atoi(q.Get("opened"))
	closed, _ := strconv.Atoi(q.Get("closed"))
	msg := "已保存。"
	if n := q.Get("n"); n != "" {
		msg = "已保存 " + n + " 项。"
	}
	return msg + fmt.Sprintf("已重新排查：新发现 %d 个问题，消除 %d 个问题。", opened, closed)
}

// params returns the parameters of a county for this year.
func (s *Server) supportParams(ctx context.Context, county region.Code) (*policy.Set, error) {
	return store.NewParams(s.cfg.DB).Resolve(ctx, county, s.now().In(chinaTime).Year())
}

// today returns the day in China.
func (s *Server) today() registry.Date { return registry.DateOf(s.now().In(chinaTime)) }

// The campaign page (大走访).

type visitsPage struct {
	Tabs      []supportTab
	Region    string
	Regions   []regionOption
	Notice    string
	Live      bool // the plan computed now (a county or below); else the scorecard's counts
	Period    string
	Children  []planRow
	Total     planRow
	Cadres    []planRow
	Overdue   []planItem
	More      int // overdue households not listed
	Recent    []store.VisitRow
	Campaign  string
	CanManage bool
}

func (visitsPage) PageTitle() string { return "大走访" }

// planRow is the plan against the visits of a region or a cadre.
type planRow struct {
	Code, Name, Href                string
	Targets, TargetsOK, Overdue     int
	Ordinary, OrdinaryDone, NoVisit int
	Rate                            string // the share of target households visited within their interval
	Bar                             int
}

// planItem is an overdue household.
type planItem struct {
	No, Head, Village, Helper, Class, Last, Due string
	Days                                        int
}

// maxOverdueListed bounds the overdue households the page lists.
const maxOverdueListed = 200

func (s *Server) visitsPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if u.Role == auth.RoleHelper && r.URL.Query().Get("region") == "" {
		http.Redirect(w, r, "/my", http.StatusSeeOther)
		return nil
	}
	scope, err := requestedScope(r, r.URL.Query())
	if err != nil {
		return err
	}
	p := visitsPage{Tabs: supportTabs(u, "/visits"), Region: string(scope), Regions: s.scopeChoices(u, scope),
		Notice: doneNotice(r), CanManage: canManage(u)}
	if scope.Level() < region.County {
		if err := s.visitsFromScores(r.Context(), scope, &p); err != nil {
			return err
		}
		s.render(w, r, http.StatusOK, "support_visits", p)
		return nil
	}
	p.Live = true
	ctx := r.Context()
	county := scope.County()
	ps, err := s.supportParams(ctx, county)
	if err != nil {
		return err
	}
	start, end := support.Campaign(ps, support.CampaignYear(ps, s.today()))
	p.Campaign = fmt.Sprintf("%s 至 %s", start, end)
	childLen := len(scope.Prefix()) + 3
	if scope.Level() == region.County {
		childLen = 9
	}
	by := map[string]*planRow{}
	cadres := map[string]*planRow{}
	row := func(m map[string]*planRow, key string) *planRow {
		if m[key] == nil {
			m[key] = &planRow{Code: key}
		}
		return m[key]
	}
	err = s.support().Plan(ctx, store.PlanFilter{Scope: scope}, func(region.Code) (*policy.Set, error) { return ps, nil }, func(pr *store.PlanRow) error {
		code := string(pr.Village)
		if len(code) > childLen && scope.Level() < region.Village {
			code = code[:childLen] + strings.Repeat("0", 12-childLen)
		}
		rows := []*planRow{row(by, code), &p.Total}
		if pr.HelperID != "" {
			c := row(cadres, pr.HelperID)
			c.Name = pr.Helper
			rows = append(rows, c)
		}
		for _, x := range rows {
			x.add(pr)
		}
		if pr.Overdue && pr.Class != support.Ordinary {
			if len(p.Overdue) < maxOverdueListed {
				p.Overdue = append(p.Overdue, planItem{No: pr.No, Head: pr.Head, Village: s.villageName(pr.Village), Helper: orDash(pr.Helper),
					Class: pr.Class.Label(), Last: dateText(pr.Last), Due: pr.Due.String(), Days: pr.DaysOverdue(s.today())})
			} else {
				p.More++
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for code, x := range by {
		x.Name = s.regionName(region.Code(code))
		x.Href = "/visits?region=" + code
		p.Children = append(p.Children, *x)
	}
	sort.Slice(p.Children, func(i, j int) bool { return p.Children[i].Code < p.Children[j].Code })
	for id, x := range cadres {
		x.Href = "/cadres/" + id
		p.Cadres = append(p.Cadres, *x)
	}
	sort.Slice(p.Cadres, func(i, j int) bool {
		if p.Cadres[i].Overdue != p.Cadres[j].Overdue {
			return p.Cadres[i].Overdue > p.Cadres[j].Overdue
		}
		return p.Cadres[i].Name < p.Cadres[j].Name
	})
	if len(p.Cadres) > 50 {
		p.Cadres = p.Cadres[:50]
	}
	sort.Slice(p.Overdue, func(i, j int) bool { return p.Overdue[i].Days > p.Overdue[j].Days })
	p.Total.finish()
	for i := range p.Children {
		p.Children[i].finish()
	}
	for i := range p.Cadres {
		p.Cadres[i].finish()
	}
	if p.Recent, _, err = s.support().Visits(ctx, store.VisitFilter{Scope: scope, Limit: 20}); err != nil {
		return err
	}
	for i := range p.Recent {
		maskVisit(&p.Recent[i].Visit)
	}
	s.render(w, r, http.StatusOK, "support_visits", p)
	return nil
}

// add counts a household of the plan.
func (x *planRow) add(pr *store.PlanRow) {
	if pr.Class == support.Ordinary {
		x.Ordinary++
		if pr.Done {
			x.OrdinaryDone++
		}
		return
	}
	x.Targets++
	if pr.Overdue {
		x.Overdue++
	} else {
		x.TargetsOK++
	}
	if pr.Last.IsZero() {
		x.NoVisit++
	}
}

func (x *planRow) finish() {
	if x.Targets > 0 {
		x.Rate = strconv.FormatFloat(float64(x.TargetsOK)*100/float64(x.Targets), 'f', 1, 64) + "%"
		x.Bar = barWidth(x.TargetsOK, x.Targets)
	} else {
		x.Rate = "—"
	}
}

// barWidth returns a bar's width in 5 % steps, as the stylesheet's bars have.
func barWidth(a, of int) int {
	if of <= 0 || a <= 0 {
		return 0
	}
	return min((a*20+of-1)/of*5, 100)
}

// visitsFromScores fills the page of a city or province from the scorecard's last counts of
// the visits part, by child region: the live plan of so many households waits for a county.
func (s *Server) visitsFromScores(ctx context.Context, scope region.Code, p *visitsPage) error {
	sc := store.NewScores(s.cfg.DB)
	periods, err := sc.Periods(ctx, scope)
	if err != nil || len(periods) == 0 {
		return err
	}
	p.Period = periods[0].Period
	counts, err := sc.Children(ctx, p.Period, scope)
	if err != nil {
		return err
	}
	by := map[region.Code]*planRow{}
	for _, c := range counts {
		if c.Indicator != 4 || (c.Part != "visits" && c.Part != "helpers") {
			continue
		}
		x := by[c.Region]
		if x == nil {
			x = &planRow{Code: string(c.Region), Name: s.regionName(c.Region), Href: "/visits?region=" + string(c.Region)}
			by[c.Region] = x
		}
		if c.Part == "visits" {
			x.Targets, x.TargetsOK, x.Overdue = c.Den, c.Num, c.Den-c.Num
		}
	}
	for code, x := range by {
		x.finish()
		if code == scope {
			p.Total = *x
			continue
		}
		p.Children = append(p.Children, *x)
	}
	sort.Slice(p.Children, func(i, j int) bool { return p.Children[i].Code < p.Children[j].Code })
	return nil
}

// orDash returns s, or a dash for a blank one.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func dateText(d registry.Date) string {
	if d.IsZero() {
		return "—"
	}
	return d.String()
}

// maskVisit masks the numbers users typed into a visit's free texts.
func maskVisit(v *support.Visit) {
	for _, t := range []*string{&v.NeedsNote, &v.HardshipNote, &v.HelpGiven, &v.Notes} {
		*t = auth.MaskText(*t)
	}
}

// The printable visit list.

type visitsPrintPage struct {
	Region string
	Name   string
	Date   string
	Items  []planItem
}

func (visitsPrintPage) PageTitle() string { return "走访清单" }

// visitsPrint prints the households of a village, township or county that are due (overdue
// or due within 30 days), with blank columns for the visit: a list to carry.
func (s *Server) visitsPrint(w http.ResponseWriter, r *http.Request) error {
	scope, err := requestedScope(r, r.URL.Query())
	if err != nil {
		return err
	}
	if scope.Level() < region.County {
		return errs.E(errs.Invalid, "请选择一个县、乡镇或村打印走访清单")
	}
	ctx := r.Context()
	ps, err := s.supportParams(ctx, scope.County())
	if err != nil {
		return err
	}
	p := visitsPrintPage{Region: string(scope), Name: s.cfg.Tree.FullName(scope), Date: s.today().String()}
	soon := support.AddDays(s.today(), 30)
	err = s.support().Plan(ctx, store.PlanFilter{Scope: scope}, func(region.Code) (*policy.Set, error) { return ps, nil }, func(pr *store.PlanRow) error {
		if pr.Done || soon.Before(pr.Due) {
			return nil
		}
		if len(p.Items) >= 2000 {
			return errs.E(errs.Invalid, "应走访的户超过 2000 户，请选择乡镇或村分批打印")
		}
		p.Items = append(p.Items, planItem{No: pr.No, Head: pr.Head, Village: s.villageName(pr.Village), Helper: orDash(pr.Helper),
			Class: pr.Class.Label(), Last: dateText(pr.Last), Due: pr.Due.String(), Days: pr.DaysOverdue(s.today())})
		return nil
	})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "support_print", p)
	return nil
}

// A cadre's own page (我的走访).

type myPage struct {
	Tabs     []supportTab
	Single   bool   // the form of one household (the desk, or a phone without script)
	Error    string // why the form was not saved
	Back     string
	Cadre    *support.Cadre
	NoCadre  string
	Items    []myItem
	Due      int
	Grids    []store.GridMemberRow
	Notice   string
	Form     visitFields
	Today    string
	Campaign string
}

func (p myPage) PageTitle() string {
	if p.Single {
		return "走访记录"
	}
	return "我的走访"
}

// myItem is a household of the cadre's.
type myItem struct {
	No, Head, Village, Class, Last, Due string
	Overdue, Soon, Done                 bool
	Days                                int
}

func (s *Server) myPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	ctx := r.Context()
	p := myPage{Tabs: supportTabs(u, "/my"), Notice: doneNotice(r), Today: s.today().String()}
	c, err := s.support().CadreOfUser(ctx, u.Username)
	if errs.Is(err, errs.NotFound) {
		p.NoCadre = errs.Message(err)
		s.render(w, r, http.StatusOK, "support_my", p)
		return nil
	}
	if err != nil {
		return err
	}
	p.Cadre = c
	ps, err := s.supportParams(ctx, c.County)
	if err != nil {
		return err
	}
	start, end := support.Campaign(ps, support.CampaignYear(ps, s.today()))
	p.Campaign = fmt.Sprintf("%s 至 %s", start, end)
	soon := support.AddDays(s.today(), 7)
	err = s.support().Plan(ctx, store.PlanFilter{Scope: c.County, CadreID: c.ID}, func(region.Code) (*policy.Set, error) { return ps, nil }, func(pr *store.PlanRow) error {
		if !u.Region.Contains(pr.Village) {
			return nil // the cadre's households outside the user's region are not shown
		}
		it := myItem{No: pr.No, Head: pr.Head, Village: s.villageName(pr.Village), Class: pr.Class.Label(), Last: dateText(pr.Last),
			Due: pr.Due.String(), Overdue: pr.Overdue, Done: pr.Done, Soon: !pr.Overdue && !pr.Done && !soon.Before(pr.Due),
			Days: pr.DaysOverdue(s.today())}
		if it.Overdue || it.Soon {
			p.Due++
		}
		p.Items = append(p.Items, it)
		return nil
	})
	if err != nil {
		return err
	}
	sort.SliceStable(p.Items, func(i, j int) bool { return p.Items[i].Due < p.Items[j].Due })
	if p.Grids, err = s.support().CadreGrids(ctx, c.ID); err != nil {
		return err
	}
	p.Form = s.newVisitFields(c, nil, s.today())
	s.render(w, r, http.StatusOK, "support_my", p)
	return nil
}

// The visit form.

// visitFields are the fields of the visit form, as filled.
type visitFields struct {
	Key, Household, Head, Village, On, Way string
	Cadre                                  string // the cadre's id
	CadreName                              string
	Cadres                                 []cadreOption // the cadres to choose from, when the user is none of them
	Ways                                   []string
	NeedsMet, MeasuresDone, Hardship       string
	PolicyTold, KnowsCadre, KnowsTeam      string
	NeedsNote, HardshipNote, HelpGiven     string
	Notes                                  string
}

type cadreOption struct{ ID, Label string }

// cadreOptions returns the county's cadres in post as a form's choices (name and unit).
func (s *Server) cadreOptions(ctx context.Context, county region.Code) ([]cadreOption, error) {
	rows, _, err := s.support().Cadres(ctx, store.CadreFilter{Scope: county, Status: support.InPost, Limit: 2000})
	if err != nil {
		return nil, err
	}
	out := make([]cadreOption, 0, len(rows))
	for _, c := range rows {
		out = append(out, cadreOption{c.ID, c.Name + "（" + orDash(c.Unit) + "）"})
	}
	return out, nil
}

// newVisitFields returns the form's defaults: today, in person, every check fine, the key a
// fresh one.
func (s *Server) newVisitFields(c *support.Cadre, cadres []cadreOption, today registry.Date) visitFields {
	f := visitFields{Key: newVisitKey(), On: today.String(), Way: support.InPerson, Ways: support.Ways, NeedsMet: "是",
		MeasuresDone: "是", Hardship: "否", PolicyTold: "是", KnowsCadre: "是", KnowsTeam: "是", Cadres: cadres}
	if c != nil {
		f.Cadre, f.CadreName = c.ID, c.Name
	}
	return f
}

// newVisitKey returns a fresh idempotency key for a visit form that posts without script.
func newVisitKey() string { return "w-" + newRequestID() + newRequestID() }

// visitForm shows the visit form for a household: the cadre's own, or a cadre chosen from
// the county's for staff entering a paper record at the desk.
func (s *Server) visitForm(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermEdit); err != nil {
		return err
	}
	no := strings.TrimSpace(r.URL.Query().Get("household"))
	f, err := s.visitFormFor(r.Context(), u, no)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "support_my", myPage{Tabs: supportTabs(u, "/my"), Single: true, Form: f, Notice: doneNotice(r),
		Back: "/support/households/" + url.PathEscape(no), Today: s.today().String()})
	return nil
}

// visitFormFor returns the form's defaults for a household the user may see.
func (s *Server) visitFormFor(ctx context.Context, u *auth.User, no string) (visitFields, error) {
	a, err := s.reg.Get(ctx, no)
	if err != nil {
		return visitFields{}, err
	}
	if err := auth.CheckVillage(u, a.Household.Village); err != nil {
		return visitFields{}, err
	}
	var own *support.Cadre
	var opts []cadreOption
	if c, err := s.support().CadreOfUser(ctx, u.Username); err == nil && c.County == a.Household.County() {
		own = c
	} else {
		rows, _, err := s.support().Cadres(ctx, store.CadreFilter{Scope: a.Household.County(), Status: support.InPost, Limit: 2000})
		if err != nil {
			return visitFields{}, err
		}
		// The household's helpers first.
		pairs, err := s.support().HouseholdPairings(ctx, no)
		if err != nil {
			return visitFields{}, err
		}
		first := map[string]bool{}
		for _, p := range pairs {
			if p.End.IsZero() && p.CadreStatus == support.InPost {
				first[p.CadreID] = true
				opts = append(opts, cadreOption{p.CadreID, p.CadreName + "（本户帮扶责任人）"})
			}
		}
		for _, c := range rows {
			if !first[c.ID] {
				opts = append(opts, cadreOption{c.ID, c.Name + "（" + orDash(c.Unit) + "）"})
			}
		}
	}
	f := s.newVisitFields(own, opts, s.today())
	f.Household, f.Village = no, s.villageName(a.Household.Village)
	for _, p := range a.Persons {
		if p.Relation == "户主" {
			f.Head = p.Name
		}
	}
	return f, nil
}

// visitInput is a visit as the form or the phone's queue sends it.
type visitInput struct {
	Key          string `json:"key"`
	Household    string `json:"household"`
	Cadre        string `json:"cadre"`
	On           string `json:"on"`
	Way          string `json:"way"`
	NeedsMet     string `json:"needs_met"`
	NeedsNote    string `json:"needs_note"`
	MeasuresDone string `json:"measures_done"`
	Hardship     string `json:"hardship"`
	HardshipNote string `json:"hardship_note"`
	HelpGiven    string `json:"help_given"`
	PolicyTold   string `json:"policy_told"`
	KnowsCadre   string `json:"knows_cadre"`
	KnowsTeam    string `json:"knows_team"`
	Notes        string `json:"notes"`
	Photo        string `json:"photo"` // a data: URL of a JPEG or PNG
}

func inputOf(v url.Values) visitInput {
	return visitInput{Key: v.Get("key"), Household: v.Get("household"), Cadre: v.Get("cadre"), On: v.Get("on"), Way: v.Get("way"),
		NeedsMet: v.Get("needs_met"), NeedsNote: v.Get("needs_note"), MeasuresDone: v.Get("measures_done"), Hardship: v.Get("hardship"),
		HardshipNote: v.Get("hardship_note"), HelpGiven: v.Get("help_given"), PolicyTold: v.Get("policy_told"),
		KnowsCadre: v.Get("knows_cadre"), KnowsTeam: v.Get("knows_team"), Notes: v.Get("notes"), Photo: v.Get("photo")}
}

func (in visitInput) fields() visitFields {
	return visitFields{Key: in.Key, Household: in.Household, Cadre: in.Cadre, On: in.On, Way: in.Way, NeedsMet: in.NeedsMet,
		NeedsNote: in.NeedsNote, MeasuresDone: in.MeasuresDone, Hardship: in.Hardship, HardshipNote: in.HardshipNote,
		HelpGiven: in.HelpGiven, PolicyTold: in.PolicyTold, KnowsCadre: in.KnowsCadre, KnowsTeam: in.KnowsTeam, Notes: in.Notes,
		Ways: support.Ways}
}

// savedVisit is what saving a visit did.
type savedVisit struct {
	ID      string `json:"id"`
	Created bool   `json:"created"`
	Message string `json:"message"`
	rescreened
}

// saveVisit checks and stores a visit the user records, then re-screens the household. The
// cadre is the user's own when the user is a cadre of the household's county; staff at the
// desk name one. A visit sent again with its key is not stored twice.
func (s *Server) saveVisit(ctx context.Context, u *auth.User, in visitInput) (savedVisit, error) {
	if err := auth.Require(u, auth.PermEdit); err != nil {
		return savedVisit{}, err
	}
	no := strings.TrimSpace(in.Household)
	a, err := s.reg.Get(ctx, no)
	if err != nil {
		return savedVisit{}, err
	}
	if err := auth.CheckVillage(u, a.Household.Village); err != nil {
		return savedVisit{}, err
	}
	cadre := strings.TrimSpace(in.Cadre)
	if c, err := s.support().CadreOfUser(ctx, u.Username); err == nil && c.County == a.Household.County() {
		cadre = c.ID
	} else if cadre == "" {
		return savedVisit{}, errs.E(errs.Invalid, "请选择走访干部")
	}
	on, err := registry.ParseDate(in.On)
	if err != nil {
		return savedVisit{}, errs.E(errs.Invalid, "走访日期「%s」无效，请写成 2026-03-15", in.On)
	}
	v := &support.Visit{HouseholdNo: no, CadreID: cadre, On: on, Way: in.Way, NeedsNote: in.NeedsNote, HardshipNote: in.HardshipNote,
		HelpGiven: in.HelpGiven, Notes: in.Notes, Key: strings.TrimSpace(in.Key), Source: "网页录入", CreatedBy: u.Username}
	for _, f := range []struct {
		label, s string
		to       *registry.Flag
	}{{"两不愁三保障和饮水安全", in.NeedsMet, &v.NeedsMet}, {"帮扶措施落实", in.MeasuresDone, &v.MeasuresDone},
		{"新的困难", in.Hardship, &v.Hardship}, {"政策宣讲", in.PolicyTold, &v.PolicyTold},
		{"认识帮扶干部", in.KnowsCadre, &v.KnowsCadre}, {"知道驻村工作队", in.KnowsTeam, &v.KnowsTeam}} {
		fl, err := registry.ParseFlag(f.s)
		if err != nil {
			return savedVisit{}, errs.E(errs.Invalid, "「%s」应为是或否", f.label)
		}
		*f.to = fl
	}
	photo, ctype, err := decodePhoto(in.Photo)
	if err != nil {
		return savedVisit{}, err
	}
	created, err := s.support().AddVisit(ctx, v, photo, ctype)
	if err != nil {
		return savedVisit{}, err
	}
	out := savedVisit{ID: v.ID, Created: created}
	if created {
		out.rescreened = s.rescreenHouseholds(ctx, a.Household.Village, []string{no})
		out.Message = fmt.Sprintf("已保存户 %s 的走访记录。已重新排查本户：新发现 %d 个问题，消除 %d 个问题。", no, out.Opened, out.Closed)
	} else {
		out.Message = fmt.Sprintf("户 %s 的这条走访记录已保存过，未重复保存。", no)
	}
	return out, nil
}

// decodePhoto reads a photo sent as a data: URL: a JPEG or PNG, by its first bytes, of at
// most store.MaxPhoto.
func decodePhoto(s string) ([]byte, string, error) {
	if s == "" {
		return nil, "", nil
	}
	_, data, ok := strings.Cut(s, ";base64,")
	if !ok || !strings.HasPrefix(s, "data:image/") {
		return nil, "", errs.E(errs.Invalid, "照片格式无法识别，请重新拍照")
	}
	if base64.StdEncoding.DecodedLen(len(data)) > store.MaxPhoto+4 {
		return nil, "", errs.E(errs.Invalid, "照片超过 1 MB，请缩小后再上传")
	}
	b, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return nil, "", errs.E(errs.Invalid, "照片格式无法识别，请重新拍照")
	}
	return photoType(b)
}

// photoType tells a JPEG or PNG by its first bytes.
func photoType(b []byte) ([]byte, string, error) {
	switch {
	case len(b) > 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff:
		return b, "image/jpeg", nil
	case len(b) > 8 && string(b[:8]) == "\x89PNG\r\n\x1a\n":
		return b, "image/png", nil
	}
	return nil, "", errs.E(errs.Invalid, "照片应为 JPEG 或 PNG 图片")
}

// postVisit saves the visit form posted without script, and shows the form again with the
// problem, or the household's page with the notice.
func (s *Server) postVisit(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	in := inputOf(r.PostForm)
	if file, hdr, err := r.FormFile("photo_file"); err == nil {
		defer file.Close()
		if hdr.Size > store.MaxPhoto {
			return errs.E(errs.Invalid, "照片超过 1 MB，请缩小后再上传")
		}
		b, err := io.ReadAll(io.LimitReader(file, store.MaxPhoto+1))
		if err != nil {
			return errs.Wrap(err, errs.Invalid, "照片读取失败")
		}
		if _, ctype, err := photoType(b); err != nil {
			return err
		} else {
			in.Photo = "data:" + ctype + ";base64," + base64.StdEncoding.EncodeToString(b)
		}
	}
	saved, err := s.saveVisit(r.Context(), u, in)
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		f, ferr := s.visitFormFor(r.Context(), u, strings.TrimSpace(in.Household))
		if ferr != nil {
			return err
		}
		filled := in.fields()
		filled.Head, filled.Village, filled.Cadres, filled.CadreName = f.Head, f.Village, f.Cadres, f.CadreName
		if filled.Cadre == "" {
			filled.Cadre = f.Cadre
		}
		if errs.Is(err, errs.Conflict) {
			filled.Key = newVisitKey()
		}
		s.render(w, r, http.StatusUnprocessableEntity, "support_my", myPage{Tabs: supportTabs(u, "/my"), Single: true, Form: filled,
			Error: errs.Message(err), Back: "/support/households/" + url.PathEscape(in.Household), Today: s.today().String()})
		return nil
	}
	if err != nil {
		return err
	}
	next := "/support/households/" + url.PathEscape(strings.TrimSpace(in.Household))
	if r.PostForm.Get("next") == "my" {
		next = "/my"
	}
	http.Redirect(w, r, doneURL(next, saved.rescreened), http.StatusSeeOther)
	return nil
}

// apiPostVisit saves a visit sent as JSON by the phone's queue (static/visit.js): 201 when
// stored, 200 when it had been stored before, the error otherwise (4xx: the queue keeps the
// visit and shows why).
func (s *Server) apiPostVisit(w http.ResponseWriter, r *http.Request) error {
	var in visitInput
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		return errs.E(errs.Invalid, "走访记录的格式不对，请刷新页面后重试")
	}
	saved, err := s.saveVisit(r.Context(), user(r), in)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if saved.Created {
		status = http.StatusCreated
	}
	writeJSON(w, status, saved)
	return nil
}

// visitPhoto serves a visit's photo to a user whose region holds the visit's village.
func (s *Server) visitPhoto(w http.ResponseWriter, r *http.Request) error {
	village, ctype, data, err := s.support().VisitPhoto(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := auth.CheckVillage(user(r), village); err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	_, err = w.Write(data)
	return err
}
