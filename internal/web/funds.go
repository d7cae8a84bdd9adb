package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/funds"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/store"
)

// The pages of projects, funds, assets and PV stations (internal/funds): the fund dashboard
// (the expenditure curve against the schedule and the province, the industry share against
// the floor and last year, the post-evaluation and the fund performance card side by side),
// the project library and a project's page, the asset ledger and an asset's page, the PV
// stations, and the imports and exports of the county ledgers. Every request is limited to
// the user's region: a county's money is seen from the county up, a project, asset or
// station by users whose region holds its place. Every change is audited by the store and
// re-screens the county's objects.

func (s *Server) fundsRoutes() {
	m := s.mux
	m.Handle("GET /funds", s.authed(s.fundsPage))
	m.Handle("POST /funds/average", s.authed(s.fundsAverage))
	m.Handle("GET /funds/card", s.authed(s.fundsCard))
	m.Handle("GET /funds/projects", s.authed(s.fundsProjects))
	m.Handle("GET /funds/projects/{county}/{no}", s.authed(s.fundsProject))
	m.Handle("POST /funds/projects/{county}/{no}", s.authed(s.fundsProjectEdit))
	m.Handle("GET /funds/assets", s.authed(s.fundsAssets))
	m.Handle("GET /funds/assets/{county}/{no}", s.authed(s.fundsAsset))
	m.Handle("POST /funds/assets/{county}/{no}", s.authed(s.fundsAssetEdit))
	m.Handle("GET /funds/pv", s.authed(s.fundsStations))
	m.Handle("GET /funds/pv/{county}/{no}", s.authed(s.fundsStation))
	m.Handle("GET /funds/imports", s.authed(s.fundsImports))
	m.Handle("POST /funds/imports", s.authed(s.fundsUpload))
	m.Handle("GET /funds/imports/{county}/{id}/report", s.authed(s.fundsReport))
	m.Handle("GET /funds/export", s.authed(s.fundsExport))
	m.Handle("GET /api/funds", s.authed(s.apiFunds))
}

func (s *Server) funds() *store.Funds { return store.NewFunds(s.cfg.DB) }

const fundsPerPage = 50

// fundsScope reads the region of a funds page from the query ("region"), within the user's.
func fundsScope(r *http.Request) (region.Code, error) {
	var requested region.Code
	if c := r.URL.Query().Get("region"); c != "" {
		code, err := region.ParseCode(c)
		if err != nil {
			return "", err
		}
		requested = code
	}
	return auth.Scope(user(r), requested)
}

// objectCounty reads the county of an object's URL and checks the user may see the place.
func objectCounty(r *http.Request) (region.Code, error) {
	c, err := region.ParseCode(r.PathValue("county"))
	if err != nil || c.Level() != region.County {
		return "", errs.E(errs.NotFound, "页面不存在")
	}
	return c, nil
}

// checkPlace returns errs.Forbidden unless the user's region holds the object's place.
func checkPlace(u *auth.User, place region.Code) error {
	if _, err := auth.Scope(u, place); err != nil {
		return errs.E(errs.Forbidden, "您没有查看该地区数据的权限")
	}
	return nil
}

// fundsNotice is the message a page shows after a change, from its query.
func fundsNotice(r *http.Request) string {
	q := r.URL.Query()
	if q.Get("saved") == "" {
		return ""
	}
	msg := "已保存。"
	if q.Get("saved") == "import" {
		msg = "已导入：" + q.Get("what") + "。"
	}
	if q.Has("opened") {
		opened, _ := strconv.Atoi(q.Get("opened"))
		closed, _ := strconv.Atoi(q.Get("closed"))
		msg += fmt.Sprintf("已重新排查本县的项目、资金、资产和光伏电站：新发现 %d 个问题，消除 %d 个问题。", opened, closed)
	}
	return msg
}

// rescreenFunds screens a county's funds objects again after a change, and marks the
// scorecard stale.
func (s *Server) rescreenFunds(ctx context.Context, county region.Code) (opened, closed int, err error) {
	sc, ok := s.cfg.Screening.(*screening)
	if ok {
		for _, kind := range []string{funds.KindFunds, funds.KindProject, funds.KindAsset, funds.KindPV} {
			res, err := sc.e.Objects(ctx, county, kind)
			if err != nil {
				return opened, closed, err
			}
			opened, closed = opened+len(res.Opened), closed+len(res.Closed)
		}
	}
	s.scores.stale(county)
	return opened, closed, nil
}

// fundsFinding is a finding of a funds object as its page shows it.
type fundsFinding struct {
	store.Finding
	Title string
}

func (s *Server) objectFindings(ctx context.Context, county region.Code, kind, id string) ([]fundsFinding, error) {
	list, err := s.funds().ObjectFindings(ctx, county, kind, id)
	if err != nil {
		return nil, err
	}
	out := make([]fundsFinding, len(list))
	for i, f := range list {
		f.Explanation = auth.MaskText(f.Explanation)
		out[i] = fundsFinding{Finding: f, Title: f.RuleID}
		if r := rules.Objects().Get(f.RuleID); r != nil {
			out[i].Title = r.Title
		}
	}
	return out, nil
}

// ---- the dashboard

// fundsChart is the data static/funds.js draws.
type fundsChart struct {
	Title      string        `json:"title"`
	Unit       string        `json:"unit"`
	Categories []string      `json:"categories"`
	Series     []fundsSeries `json:"series"`
	Floor      *float64      `json:"floor,omitempty"`
	FloorName  string        `json:"floorName,omitempty"`
}

type fundsSeries struct {
	Name   string     `json:"name"`
	Type   string     `json:"type"` // line or bar
	Dashed bool       `json:"dashed,omitempty"`
	Data   []*float64 `json:"data"`
}

func (c fundsChart) String() string {
	b, _ := json.Marshal(c)
	return string(b)
}

func round2p(x float64) *float64 {
	v := math.Round(x*100) / 100
	return &v
}

// ExpenditureChart is the expenditure curve of a county's year as of a date: the rate at each
// month's end (at the date in its month), the schedule and the province's average, in %.
func ExpenditureChart(cy *funds.CountyYear, sched policy.Curve, asOf registry.Date) fundsChart {
	c := fundsChart{Title: fmt.Sprintf("%d 年度衔接资金支出进度", cy.Year), Unit: "%"}
	rate := fundsSeries{Name: "支出进度", Type: "line"}
	due := fundsSeries{Name: "序时进度", Type: "line", Dashed: true}
	avg := fundsSeries{Name: "全省平均", Type: "line"}
	hasAvg := false
	for _, p := range cy.Curve(sched, asOf) {
		c.Categories = append(c.Categories, monthLabel(p))
		var r, a *float64
		if p.HasRate {
			r = round2p(p.Rate)
		}
		if p.HasAverage {
			a, hasAvg = round2p(p.Average), true
		}
		rate.Data, due.Data, avg.Data = append(rate.Data, r), append(due.Data, round2p(p.Schedule)), append(avg.Data, a)
	}
	c.Series = []fundsSeries{rate, due}
	if hasAvg {
		c.Series = append(c.Series, avg)
	}
	return c
}

type fundsMonthRow struct {
	Month                 string
	Rate, Schedule, Avg   string
	Behind                bool
	AllocatedStr, PaidStr string
}

type fundsCountyRow struct {
	Code                         region.Code
	Name                         string
	Allocated, Paid, Owed        string
	Rate, Schedule, Progress     string
	Industry, LastIndustry       string
	Behind, IndustryLow, Dropped bool
	FundTotal                    string
}

type fundsPage struct {
	Region       region.Region
	Regions      []regionOption
	Year         int
	Years        []int
	County       bool // the region is a county: its curve and months
	TooLow       bool // the user's region is below the county: the money is the county's
	Chart        string
	ShareChart   string
	Months       []fundsMonthRow
	Counties     []fundsCountyRow
	Figures      *store.CountyFigures
	Rate         string
	Schedule     string
	Industry     string
	LastShare    string
	Floor        string
	Post         string // the post-evaluation's total of the region, latest period: "43.08 / 90"
	PostPeriod   string
	Fund         *fundCardView
	Problems     []fundsRuleRow // the rules of indicators 5 and 8 with their open findings
	CanAvg       bool
	AvgMonth     int
	MonthChoices []int
	Notice       string
	Province     string
}

func (fundsPage) PageTitle() string { return "项目资金" }

func (s *Server) fundsPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, err := fundsScope(r)
	if err != nil {
		return err
	}
	reg, err := s.cfg.Tree.Get(scope)
	if err != nil {
		return errs.E(errs.NotFound, "地区不存在")
	}
	ctx := r.Context()
	now := s.now().In(chinaTime)
	p := fundsPage{Region: reg, Regions: s.countyChoices(u), Year: now.Year(), Notice: fundsNotice(r),
		CanAvg: auth.Require(u, auth.PermImport) == nil && u.Region.Level() <= region.City, AvgMonth: max(1, int(now.Month())-1),
		MonthChoices: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}}
	if prov, err := s.cfg.Tree.Get(scope.Up(region.Province)); err == nil {
		p.Province = prov.Name
	}
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y > 2015 && y <= now.Year() {
		p.Year = y
	}
	if scope.Level() > region.County {
		p.TooLow = true
	}
	open, err := s.funds().OpenByRule(ctx, scope)
	if err != nil {
		return err
	}
	for _, rl := range rules.Objects() {
		if rl.Indicator != 5 && rl.Indicator != 8 {
			continue
		}
		row := fundsRuleRow{ID: rl.ID, Title: rl.Title, Indicator: rl.Indicator, Open: open[rl.ID],
			Link: "/findings?rule=" + rl.ID + "&region=" + string(scope)}
		switch rl.Kind {
		case funds.KindProject:
			row.Link = "/funds/projects?rule=" + rl.ID + "&region=" + string(scope)
		case funds.KindAsset:
			for _, pf := range assetProblems {
				if pf.Rule == rl.ID {
					row.Link = "/funds/assets?problem=" + pf.Key + "&region=" + string(scope)
				}
			}
		case funds.KindPV:
			row.Link = "/funds/pv?region=" + string(scope)
		}
		p.Problems = append(p.Problems, row)
	}
	if sc := s.cfg.Scorecard; sc != nil {
		if card, err := sc.Card(ctx, scope, ""); err == nil && card.Period != "" && card.Parent.Scored > 0 {
			p.Post, p.PostPeriod = fmtNum(card.Parent.Total)+" / "+fmtNum(card.Parent.Max), card.Period
		}
	}
	if !p.TooLow {
		fc := score.NewFundCards(s.cfg.DB, s.cfg.Tree)
		fc.Now = s.now
		card, err := fc.Card(ctx, scope)
		if err != nil {
			return err
		}
		p.Fund = fundCard(card.Parent)
		if err := s.fundsMoney(ctx, &p, scope, now); err != nil {
			return err
		}
		for _, c := range card.Counties {
			for i := range p.Counties {
				if p.Counties[i].Code == c.Region {
					p.Counties[i].FundTotal = fmtNum(c.Total)
				}
			}
		}
	}
	s.render(w, r, http.StatusOK, "funds", p)
	return nil
}

// fundsMoney fills the dashboard's money: a county's curve and months, or the counties' rows.
func (s *Server) fundsMoney(ctx context.Context, p *fundsPage, scope region.Code, now time.Time) error {
	f := s.funds()
	asOf := registry.DateOf(now)
	if p.Year < now.Year() {
		asOf = registry.NewDate(p.Year, 12, 31)
	}
	params := store.NewParams(s.cfg.DB)
	if scope.Level() == region.County {
		p.County = true
		ys, err := f.Years(ctx, scope)
		if err != nil {
			return err
		}
		p.Years = ys
		ps, err := params.Resolve(ctx, scope, p.Year)
		if err != nil {
			return err
		}
		cy, err := f.CountyYear(ctx, scope, p.Year)
		if err != nil {
			return err
		}
		cy.Name = p.Region.Name
		sched := ps.Curve(policy.FundSchedule)
		p.Chart = ExpenditureChart(cy, sched, asOf).String()
		for _, m := range cy.Curve(sched, asOf) {
			row := fundsMonthRow{Month: monthLabel(m), AllocatedStr: m.Progress.Allocated.String(), PaidStr: m.Progress.Paid.String(),
				Schedule: fmtPct(m.Schedule), Rate: "—", Avg: "—"}
			if m.HasRate {
				row.Rate, row.Behind = fmtPct(m.Rate), m.Rate < m.Schedule-1e-9
			}
			if m.HasAverage {
				row.Avg = fmtPct(m.Average)
			}
			p.Months = append(p.Months, row)
		}
		fig, err := f.CountyFigures(ctx, scope, ps, asOf)
		if err != nil {
			return err
		}
		p.Figures = fig
		if rate, ok := fig.Progress.Rate(); ok {
			p.Rate = fmtPct(rate)
		}
		p.Schedule = fmtPct(fig.Schedule)
		floor := ps.Num(policy.IndustryShareMin)
		p.Floor = fmtNum(floor)
		share, ok := funds.Share(fig.Industry, fig.Total)
		last, had := funds.Share(fig.LastIndustry, fig.LastTotal)
		if ok {
			p.Industry = fmtPct(share)
		}
		if had {
			p.LastShare = fmtPct(last)
		}
		c := fundsChart{Title: "产业项目资金占比", Unit: "%", Categories: []string{strconv.Itoa(p.Year-1) + " 年", strconv.Itoa(p.Year) + " 年"},
			Floor: &floor, FloorName: "下限 " + fmtNum(floor) + "%"}
		bars := fundsSeries{Name: "产业发展项目占比", Type: "bar"}
		for _, x := range []struct {
			v  float64
			ok bool
		}{{last, had}, {share, ok}} {
			var v *float64
			if x.ok {
				v = round2p(x.v)
			}
			bars.Data = append(bars.Data, v)
		}
		c.Series = []fundsSeries{bars}
		if ok || had {
			p.ShareChart = c.String()
		}
		return nil
	}
	counties, err := f.Counties(ctx, scope)
	if err != nil {
		return err
	}
	chart := fundsChart{Title: fmt.Sprintf("%d 年度各县衔接资金支出进度", p.Year), Unit: "%"}
	rate := fundsSeries{Name: "支出进度", Type: "bar"}
	due := fundsSeries{Name: "序时进度", Type: "line", Dashed: true}
	for _, c := range counties {
		ps, err := params.Resolve(ctx, c, p.Year)
		if err != nil {
			return err
		}
		fig, err := f.CountyFigures(ctx, c, ps, asOf)
		if err != nil {
			return err
		}
		row := fundsCountyRow{Code: c, Name: s.regionName(c), Allocated: fig.Progress.Allocated.String(), Paid: fig.Progress.Paid.String(),
			Owed: fig.Owed.String(), Schedule: fmtPct(fig.Schedule), Rate: "—", Progress: "—", Industry: "—", LastIndustry: "—"}
		var rv *float64
		if r, ok := fig.Progress.Rate(); ok {
			row.Rate, row.Behind, rv = fmtPct(r), r < fig.Schedule-1e-9, round2p(r)
		}
		if pr, ok := funds.Share(fig.Progress.Paid, fig.Owed); ok {
			row.Progress = fmtPct(pr)
		}
		share, ok := funds.Share(fig.Industry, fig.Total)
		last, had := funds.Share(fig.LastIndustry, fig.LastTotal)
		if ok {
			row.Industry, row.IndustryLow = fmtPct(share), share < ps.Num(policy.IndustryShareMin)-1e-9
		}
		if had {
			row.LastIndustry = fmtPct(last)
			row.Dropped = ok && share < last-1e-9
		}
		p.Counties = append(p.Counties, row)
		chart.Categories = append(chart.Categories, row.Name)
		rate.Data, due.Data = append(rate.Data, rv), append(due.Data, round2p(fig.Schedule))
	}
	chart.Series = []fundsSeries{rate, due}
	if len(counties) > 0 {
		p.Chart = chart.String()
	}
	return nil
}

// monthLabel names a point of the curve: 3 月, or 12 月（至 4 日） for a month not over.
func monthLabel(p funds.MonthPoint) string {
	if p.Day != 0 {
		return fmt.Sprintf("%d 月（至 %d 日）", p.Month, p.Day)
	}
	return fmt.Sprintf("%d 月", p.Month)
}

func fmtPct(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64) + "%" }

// countyChoices lists the regions a funds page may show: the user's, and the counties within
// it.
func (s *Server) countyChoices(u *auth.User) []regionOption {
	var out []regionOption
	if top, err := s.cfg.Tree.Get(u.Region); err == nil {
		out = append(out, regionOption{Code: top.Code, Name: top.Name, Level: top.Level})
	}
	if u.Region.Level() < region.County {
		for _, c := range s.cfg.Tree.Descendants(u.Region, region.County) {
			out = append(out, regionOption{Code: c.Code, Name: "　" + c.Name, Level: c.Level})
		}
	}
	return out
}

// fundsAverage stores the province's average expenditure rate at the end of a month.
func (s *Server) fundsAverage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermImport); err != nil || u.Region.Level() > region.City {
		return errs.E(errs.Forbidden, "只有市级以上用户可以录入全省平均支出进度")
	}
	year, _ := strconv.Atoi(r.FormValue("year"))
	month, _ := strconv.Atoi(r.FormValue("month"))
	rate, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(r.FormValue("rate")), "%"), 64)
	if err != nil {
		return errs.E(errs.Invalid, "全省平均支出进度应为百分比数字，如 68.5")
	}
	prov := u.Region.Up(region.Province)
	if err := s.funds().SetProvinceAverage(r.Context(), funds.ProvinceAverage{Province: prov, Year: year, Month: month, Rate: rate}); err != nil {
		return err
	}
	counties, err := s.funds().Counties(r.Context(), prov)
	if err != nil {
		return err
	}
	for _, c := range counties {
		if _, _, err := s.rescreenFunds(r.Context(), c); err != nil {
			return err
		}
	}
	back := "/funds?saved=1"
	if c := r.FormValue("region"); c != "" {
		back += "&region=" + url.QueryEscape(c)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// fundsCard is the 双百分 box the scorecard page loads beside its own total (htmx): the
// fund performance card of the region.
func (s *Server) fundsCard(w http.ResponseWriter, r *http.Request) error {
	scope, err := fundsScope(r)
	if err != nil {
		return err
	}
	p := fundsPage{}
	if reg, err := s.cfg.Tree.Get(scope); err == nil {
		p.Region = reg
	}
	if scope.Level() <= region.County {
		fc := score.NewFundCards(s.cfg.DB, s.cfg.Tree)
		fc.Now = s.now
		card, err := fc.Card(r.Context(), scope)
		if err != nil {
			return err
		}
		p.Fund = fundCard(card.Parent)
	}
	s.renderBlock(w, r, "funds", "fundcard", p)
	return nil
}

// fundsRuleRow is a rule of indicator 5 or 8 with its open findings in the region, and where
// they are listed.
type fundsRuleRow struct {
	ID, Title string
	Indicator int
	Open      int
	Link      string
}

// fundCardView is the fund performance card as pages show it.
type fundCardView struct {
	Total string
	Year  int
	Parts []fundPartView
}

type fundPartView struct {
	Title, Value, Score, Weight, Target, Floor string
	Measured, Full                             bool
}

// fundCard shows a card's row, or nil when nothing of it can be measured.
func fundCard(r score.FundRow) *fundCardView {
	if !r.HasData {
		return nil
	}
	v := &fundCardView{Total: fmtNum(r.Total), Year: r.Figures.Year}
	for _, p := range r.Parts {
		pv := fundPartView{Title: p.Title, Weight: fmtNum(p.Weight), Measured: p.Measured, Target: fmtNum(p.Target) + p.Unit,
			Floor: fmtNum(p.Floor) + p.Unit}
		if p.Measured {
			pv.Value = strconv.FormatFloat(math.Round(p.Value*10)/10, 'f', 1, 64) + p.Unit
			pv.Score, pv.Full = fmtNum(math.Round(p.Score*100)/100), p.Score >= p.Weight-1e-9
		}
		v.Parts = append(v.Parts, pv)
	}
	return v
}

// ---- projects

type fundsProjectsPage struct {
	Region   region.Region
	Regions  []regionOption
	Filter   store.ProjectFilter
	Rule     string
	Rules    []rules.ObjectRule
	Types    []string
	Statuses []string
	List     []fundsProjectRow
	Total    int
	Pages    pages
	Query    string
}

type fundsProjectRow struct {
	*funds.Project
	PlaceName string
	Open      int
}

func (fundsProjectsPage) PageTitle() string { return "项目库" }

func (s *Server) fundsProjects(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, err := fundsScope(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	pf := store.ProjectFilter{Scope: scope, Type: q.Get("type"), Status: q.Get("status"), Query: q.Get("q"), Limit: fundsPerPage}
	pf.Year, _ = strconv.Atoi(q.Get("year"))
	pf.Offset, _ = strconv.Atoi(q.Get("offset"))
	pf.Offset = max(pf.Offset, 0)
	p := fundsProjectsPage{Regions: s.scopeChoices(u, scope), Filter: pf, Rule: q.Get("rule"), Types: funds.ProjectTypes, Statuses: funds.ProjectStatuses}
	p.Region, _ = s.cfg.Tree.Get(scope)
	for _, rl := range rules.Objects() {
		if rl.Kind == funds.KindProject {
			p.Rules = append(p.Rules, *rl)
		}
	}
	if p.Rule != "" {
		if rl := rules.Objects().Get(p.Rule); rl == nil || rl.Kind != funds.KindProject {
			return errs.E(errs.Invalid, "未知的项目规则「%s」", p.Rule)
		}
		pf.Rules = []string{p.Rule}
	}
	list, total, err := s.funds().Projects(r.Context(), pf)
	if err != nil {
		return err
	}
	open, err := s.funds().OpenByObject(r.Context(), scope, funds.KindProject)
	if err != nil {
		return err
	}
	for _, pr := range list {
		p.List = append(p.List, fundsProjectRow{Project: pr, PlaceName: s.cfg.Tree.FullName(pr.Place), Open: open[string(pr.County)+" "+pr.No]})
	}
	p.Total = total
	q.Del("offset")
	p.Query = q.Encode()
	p.Pages = paging("/funds/projects", q, pf.Offset, total, fundsPerPage)
	s.render(w, r, http.StatusOK, "funds_projects", p)
	return nil
}

type fundsProjectPage struct {
	Project       *funds.Project
	PlaceName     string
	Sources       []fundsAmountRow
	Steps         []fundsStep
	Flows         []funds.Flow
	Beneficiaries []store.BeneficiaryRow
	Findings      []fundsFinding
	Assets        []store.AssetRow
	CanEdit       bool
	Notice        string
	Mechanisms    []string
}

type fundsAmountRow struct {
	Source            string
	Planned, Approved string
}

type fundsStep struct {
	Name, Date string
	Done, Late bool
}

func (p fundsProjectPage) PageTitle() string { return "项目 " + p.Project.Name }

func (s *Server) fundsProject(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	county, err := objectCounty(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	f := s.funds()
	pr, err := f.Project(ctx, county, r.PathValue("no"))
	if err != nil {
		return err
	}
	if err := checkPlace(u, pr.Place); err != nil {
		return err
	}
	p := fundsProjectPage{Project: pr, PlaceName: s.cfg.Tree.FullName(pr.Place), Notice: fundsNotice(r), Mechanisms: funds.Mechanisms,
		CanEdit: auth.Require(u, auth.PermEdit) == nil}
	for i, src := range funds.Sources {
		if pr.Planned[i] != 0 || pr.Approved[i] != 0 {
			p.Sources = append(p.Sources, fundsAmountRow{Source: src, Planned: pr.Planned[i].String(), Approved: pr.Approved[i].String()})
		}
	}
	p.Sources = append(p.Sources, fundsAmountRow{Source: "合计", Planned: pr.Planned.Total().String(), Approved: pr.Approved.Total().String()})
	d := pr.Dates
	today := registry.DateOf(s.now().In(chinaTime))
	for _, st := range []struct {
		name string
		on   registry.Date
		plan registry.Date
	}{{"入库", d.Listed, registry.Date{}}, {"批复", d.Approval, registry.Date{}}, {"开工", d.Start, d.PlanStart}, {"完工", d.Finish, d.PlanFinish},
		{"验收", d.Accept, registry.Date{}}, {"报账", d.Settle, registry.Date{}}, {"资金到户", d.Paid, registry.Date{}}} {
		if st.name == "资金到户" && !pr.ToHouseholds() {
			continue
		}
		step := fundsStep{Name: st.name, Date: st.on.String(), Done: !st.on.IsZero()}
		if !step.Done && !st.plan.IsZero() {
			step.Date = "计划 " + st.plan.String()
			step.Late = st.plan.Before(today)
		}
		p.Steps = append(p.Steps, step)
	}
	years, err := f.Years(ctx, county)
	if err != nil {
		return err
	}
	for _, y := range years {
		cy, err := f.CountyYear(ctx, county, y)
		if err != nil {
			return err
		}
		for _, fl := range cy.Flows {
			if fl.ProjectNo == pr.No {
				p.Flows = append(p.Flows, fl)
			}
		}
	}
	if p.Beneficiaries, err = f.Beneficiaries(ctx, county, pr.No); err != nil {
		return err
	}
	if p.Findings, err = s.objectFindings(ctx, county, funds.KindProject, pr.No); err != nil {
		return err
	}
	if p.Assets, _, err = f.Assets(ctx, store.AssetFilter{Scope: county, Query: pr.No}); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "funds_project", p)
	return nil
}

func formDate(r *http.Request, name string) (registry.Date, error) {
	d, err := registry.ParseDate(r.FormValue(name))
	if err != nil {
		return d, errs.E(errs.Invalid, "日期「%s」无效，应如 2026-03-15", r.FormValue(name))
	}
	return d, nil
}

// fundsProjectEdit records a project's dates and mechanism from its page's form.
func (s *Server) fundsProjectEdit(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermEdit); err != nil {
		return err
	}
	county, err := objectCounty(r)
	if err != nil {
		return err
	}
	no := r.PathValue("no")
	pr, err := s.funds().Project(r.Context(), county, no)
	if err != nil {
		return err
	}
	if err := checkPlace(u, pr.Place); err != nil {
		return err
	}
	var e store.ProjectEdit
	for _, x := range []struct {
		name string
		d    *registry.Date
	}{{"start", &e.Start}, {"finish", &e.Finish}, {"accept", &e.Accept}, {"settle", &e.Settle}, {"paid", &e.Paid}} {
		if *x.d, err = formDate(r, x.name); err != nil {
			return err
		}
	}
	e.Mechanism = r.FormValue("mechanism")
	if len([]rune(e.Mechanism)) > 500 {
		return errs.E(errs.Invalid, "联农带农机制不能超过 500 个字符")
	}
	if _, err := s.funds().EditProject(r.Context(), county, no, r.FormValue("version"), e); err != nil {
		return err
	}
	opened, closed, err := s.rescreenFunds(r.Context(), county)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/funds/projects/%s/%s?saved=1&opened=%d&closed=%d", county, url.PathEscape(no), opened, closed), http.StatusSeeOther)
	return nil
}

// ---- assets

type fundsAssetsPage struct {
	Region   region.Region
	Regions  []regionOption
	Filter   store.AssetFilter
	Problem  string
	Problems []fundsProblemFilter
	Classes  []string
	Statuses []string
	List     []fundsAssetRow
	Total    int
	Pages    pages
	Query    string
}

type fundsProblemFilter struct{ Key, Rule, Label string }

// assetProblems are the asset ledger's problem filters.
var assetProblems = []fundsProblemFilter{{"idle", "I5-07", "闲置"}, {"undistributed", "I5-08", "收益未分配"},
	{"nocustodian", "I5-09", "无管护主体"}, {"unregistered", "I5-10", "未确权"}}

type fundsAssetRow struct {
	store.AssetRow
	PlaceName string
}

func (fundsAssetsPage) PageTitle() string { return "资产台账" }

func (s *Server) fundsAssets(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, err := fundsScope(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	af := store.AssetFilter{Scope: scope, Class: q.Get("class"), Status: q.Get("status"), Query: q.Get("q"), Limit: fundsPerPage}
	af.Offset, _ = strconv.Atoi(q.Get("offset"))
	af.Offset = max(af.Offset, 0)
	p := fundsAssetsPage{Regions: s.scopeChoices(u, scope), Filter: af, Problem: q.Get("problem"), Problems: assetProblems,
		Classes: funds.AssetClasses, Statuses: funds.AssetStatuses}
	p.Region, _ = s.cfg.Tree.Get(scope)
	if p.Problem != "" {
		for _, pf := range assetProblems {
			if pf.Key == p.Problem {
				af.Rules = []string{pf.Rule}
			}
		}
		if af.Rules == nil {
			return errs.E(errs.Invalid, "未知的资产问题「%s」", p.Problem)
		}
	}
	list, total, err := s.funds().Assets(r.Context(), af)
	if err != nil {
		return err
	}
	for _, a := range list {
		p.List = append(p.List, fundsAssetRow{AssetRow: a, PlaceName: s.cfg.Tree.FullName(a.Place)})
	}
	p.Total = total
	q.Del("offset")
	p.Query = q.Encode()
	p.Pages = paging("/funds/assets", q, af.Offset, total, fundsPerPage)
	s.render(w, r, http.StatusOK, "funds_assets", p)
	return nil
}

type fundsAssetPage struct {
	Asset       *funds.Asset
	PlaceName   string
	Income      string
	Distributed string
	Left        string
	Findings    []fundsFinding
	CanEdit     bool
	Statuses    []string
	Notice      string
}

func (p fundsAssetPage) PageTitle() string { return "资产 " + p.Asset.Name }

func (s *Server) fundsAsset(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	county, err := objectCounty(r)
	if err != nil {
		return err
	}
	a, err := s.funds().Asset(r.Context(), county, r.PathValue("no"))
	if err != nil {
		return err
	}
	if err := checkPlace(u, a.Place); err != nil {
		return err
	}
	today := registry.DateOf(s.now().In(chinaTime))
	in, out := a.IncomeTotal(today), funds.DistributedTotal(a.Distributions, today)
	p := fundsAssetPage{Asset: a, PlaceName: s.cfg.Tree.FullName(a.Place), Income: in.String(), Distributed: out.String(),
		Left: (in - out).String(), CanEdit: auth.Require(u, auth.PermEdit) == nil, Statuses: funds.AssetStatuses, Notice: fundsNotice(r)}
	for i := range a.Distributions {
		a.Distributions[i].Payee = auth.MaskText(a.Distributions[i].Payee)
	}
	if p.Findings, err = s.objectFindings(r.Context(), county, funds.KindAsset, a.No); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "funds_asset", p)
	return nil
}

// fundsAssetEdit records an asset's custodian, registration and state from its page's form.
func (s *Server) fundsAssetEdit(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermEdit); err != nil {
		return err
	}
	county, err := objectCounty(r)
	if err != nil {
		return err
	}
	no := r.PathValue("no")
	a, err := s.funds().Asset(r.Context(), county, no)
	if err != nil {
		return err
	}
	if err := checkPlace(u, a.Place); err != nil {
		return err
	}
	e := store.AssetEdit{Custodian: r.FormValue("custodian"), Keeper: r.FormValue("keeper"), Status: r.FormValue("status")}
	if len([]rune(e.Custodian)) > 100 || len([]rune(e.Keeper)) > 50 {
		return errs.E(errs.Invalid, "管护主体不能超过 100 个字符，管护责任人不能超过 50 个字符")
	}
	if e.Registered, err = registry.ParseFlag(r.FormValue("registered")); err != nil {
		return errs.E(errs.Invalid, "是否确权登记应为是或否")
	}
	if e.RegDate, err = formDate(r, "reg_date"); err != nil {
		return err
	}
	if _, err := s.funds().EditAsset(r.Context(), county, no, r.FormValue("version"), e); err != nil {
		return err
	}
	opened, closed, err := s.rescreenFunds(r.Context(), county)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/funds/assets/%s/%s?saved=1&opened=%d&closed=%d", county, url.PathEscape(no), opened, closed), http.StatusSeeOther)
	return nil
}

// ---- PV stations

type fundsStationRow struct {
	*funds.Station
	PlaceName string
	Yield     string
	Low       bool
	LastOp    string
	OpLate    bool
	PostShare string
	PostLow   bool
	Left      string
	Open      int
}

type fundsStationsPage struct {
	Region  region.Region
	Regions []regionOption
	List    []fundsStationRow
	Chart   string
	Floor   string
	Notice  string
}

func (fundsStationsPage) PageTitle() string { return "光伏电站" }

// stationRow describes a station for the lists: its yield against the design, its last
// maintenance, its share to posts this year and its income undistributed, by the county's
// parameters.
func stationRow(st *funds.Station, ps *policy.Set, today registry.Date, name string) fundsStationRow {
	row := fundsStationRow{Station: st, PlaceName: name, Yield: "—", LastOp: "无记录", PostShare: "—"}
	if ratio, ok := st.YieldBefore(today).Ratio(); ok {
		row.Yield, row.Low = fmtPct(ratio), ratio < ps.Num(policy.PVYieldMinPct)-1e-9
	}
	if last := st.LastOp(); !last.IsZero() {
		row.LastOp, row.OpLate = last.String(), funds.Days(last, today) > ps.Int(policy.PVMaintDays)
	} else {
		row.OpLate = !st.Connected.IsZero() && funds.Days(st.Connected, today) > ps.Int(policy.PVMaintDays)
	}
	if share, _, ok := st.PostShare(today.Time().Year()); ok {
		row.PostShare, row.PostLow = fmtPct(share), share < ps.Num(policy.PVPostShareMin)-1e-9
	}
	left, _ := funds.Undistributed(st.Receipts(), st.Distributions, funds.AddDays(today, -ps.Int(policy.IncomeDistributeDays)-1), today)
	row.Left = left.String()
	return row
}

func (s *Server) fundsStations(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, err := fundsScope(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	p := fundsStationsPage{Regions: s.scopeChoices(u, scope)}
	p.Region, _ = s.cfg.Tree.Get(scope)
	f := s.funds()
	counties, err := f.Counties(ctx, scope)
	if err != nil {
		return err
	}
	today := registry.DateOf(s.now().In(chinaTime))
	open, err := f.OpenByObject(ctx, scope, funds.KindPV)
	if err != nil {
		return err
	}
	// The monthly yield of the stations listed against their design, the last 12 months.
	cur := registry.MonthOf(today.Time())
	var got, want [12]float64
	for _, c := range counties {
		ps, err := store.NewParams(s.cfg.DB).Resolve(ctx, c, today.Time().Year())
		if err != nil {
			return err
		}
		p.Floor = fmtNum(ps.Num(policy.PVYieldMinPct))
		err = f.EachStation(ctx, c, scope, func(st *funds.Station) error {
			row := stationRow(st, ps, today, s.cfg.Tree.FullName(st.Place))
			row.Open = open[string(st.County)+" "+st.No]
			p.List = append(p.List, row)
			for _, m := range st.Months {
				if k := m.Month.MonthsUntil(cur); k >= 1 && k <= 12 {
					got[12-k] += m.KWh
					want[12-k] += st.ExpectedKWh / 12
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if len(p.List) > 0 {
		c := fundsChart{Title: "近 12 个月发电量（万千瓦时）", Unit: "万千瓦时"}
		a, b := fundsSeries{Name: "实际发电量", Type: "bar"}, fundsSeries{Name: "设计发电量（按月平均）", Type: "line", Dashed: true}
		for k := 12; k >= 1; k-- {
			m := addMonths(cur, -k)
			c.Categories = append(c.Categories, m.String())
			a.Data, b.Data = append(a.Data, round2p(got[12-k]/10000)), append(b.Data, round2p(want[12-k]/10000))
		}
		c.Series = []fundsSeries{a, b}
		p.Chart = c.String()
	}
	s.render(w, r, http.StatusOK, "funds_pv", p)
	return nil
}

func addMonths(m registry.Month, n int) registry.Month {
	t := m.First().Time().AddDate(0, n, 0)
	return registry.NewMonth(t.Year(), t.Month())
}

type fundsStationPage struct {
	Row      fundsStationRow
	Months   []funds.PVMonth
	Findings []fundsFinding
	Chart    string
}

func (p fundsStationPage) PageTitle() string { return "光伏电站 " + p.Row.Name }

func (s *Server) fundsStation(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	county, err := objectCounty(r)
	if err != nil {
		return err
	}
	st, err := s.funds().Station(r.Context(), county, r.PathValue("no"))
	if err != nil {
		return err
	}
	if err := checkPlace(u, st.Place); err != nil {
		return err
	}
	today := registry.DateOf(s.now().In(chinaTime))
	ps, err := store.NewParams(s.cfg.DB).Resolve(r.Context(), county, today.Time().Year())
	if err != nil {
		return err
	}
	for i := range st.Distributions {
		st.Distributions[i].Payee = auth.MaskText(st.Distributions[i].Payee)
	}
	p := fundsStationPage{Row: stationRow(st, ps, today, s.cfg.Tree.FullName(st.Place)), Months: st.Months}
	if p.Findings, err = s.objectFindings(r.Context(), county, funds.KindPV, st.No); err != nil {
		return err
	}
	if len(st.Months) > 0 {
		c := fundsChart{Title: "月发电量（千瓦时）", Unit: "千瓦时"}
		a, b := fundsSeries{Name: "实际发电量", Type: "bar"}, fundsSeries{Name: "设计发电量（按月平均）", Type: "line", Dashed: true}
		for _, m := range st.Months {
			c.Categories = append(c.Categories, m.Month.String())
			a.Data, b.Data = append(a.Data, round2p(m.KWh)), append(b.Data, round2p(st.ExpectedKWh/12))
		}
		c.Series = []fundsSeries{a, b}
		p.Chart = c.String()
	}
	s.render(w, r, http.StatusOK, "funds_station", p)
	return nil
}

// ---- imports and exports

type fundsImportsPage struct {
	Counties  []regionOption
	County    region.Code
	Ledgers   []*funds.Ledger
	Recent    []fundsImportRow
	CanImport bool
	Refused   *funds.Import
	Problems  []string
	Report    string
	Notice    string
}

type fundsImportRow struct {
	store.FundImport
	Title      string
	CountyName string
	At         string
}

func (fundsImportsPage) PageTitle() string { return "项目资金台账导入导出" }

// fundsCounties are the counties a user may import into or export: the user's own, or those
// within the user's region.
func (s *Server) fundsCounties(u *auth.User) []regionOption {
	if u.Region.Level() >= region.County {
		c := u.Region.County()
		return []regionOption{{Code: c, Name: s.regionName(c), Level: region.County}}
	}
	var out []regionOption
	for _, c := range s.cfg.Tree.Descendants(u.Region, region.County) {
		out = append(out, regionOption{Code: c.Code, Name: s.cfg.Tree.FullName(c.Code), Level: c.Level})
	}
	return out
}

func (s *Server) fundsImportsPage(r *http.Request) (fundsImportsPage, error) {
	u := user(r)
	p := fundsImportsPage{Counties: s.fundsCounties(u), Ledgers: funds.Ledgers, CanImport: auth.Require(u, auth.PermImport) == nil,
		Notice: fundsNotice(r)}
	if len(p.Counties) == 1 {
		p.County = p.Counties[0].Code
	}
	recent, err := s.funds().Imports(r.Context(), u.Region, 20)
	if err != nil {
		return p, err
	}
	for _, im := range recent {
		row := fundsImportRow{FundImport: im, CountyName: s.regionName(im.County), At: im.At}
		if l, err := funds.LedgerOf(im.Ledger); err == nil {
			row.Title = l.Title
		}
		if t, err := time.Parse("2006-01-02T15:04:05.000000Z", im.At); err == nil {
			row.At = t.In(chinaTime).Format("2006-01-02 15:04")
		}
		p.Recent = append(p.Recent, row)
	}
	return p, nil
}

func (s *Server) fundsImports(w http.ResponseWriter, r *http.Request) error {
	p, err := s.fundsImportsPage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "funds_imports", p)
	return nil
}

// fundsUpload reads a county ledger and writes it whole, or shows its problems with the error
// report to download.
func (s *Server) fundsUpload(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermImport); err != nil {
		return err
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return errs.E(errs.Invalid, "请选择 xlsx 或 csv 文件（不超过 20 MB）")
	}
	defer file.Close()
	l, err := funds.LedgerOf(r.FormValue("ledger"))
	if err != nil {
		return errs.E(errs.Invalid, "请选择要导入的台账")
	}
	county, err := region.ParseCode(r.FormValue("county"))
	if err != nil || county.Level() != region.County {
		return errs.E(errs.Invalid, "请选择县（区）")
	}
	if _, err := auth.Scope(u, county); err != nil && !(u.Region.Level() > region.County && u.Region.County() == county) {
		return errs.E(errs.Forbidden, "您没有向该县导入数据的权限")
	}
	im, err := l.Read(s.cfg.Tree, county, filepath.Base(hdr.Filename), file, hdr.Size)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if im.OK() {
		if _, err := s.funds().Apply(ctx, im); err != nil && !errs.Is(err, errs.Invalid) {
			return err
		}
	}
	if !im.OK() {
		var rep bytes.Buffer
		if err := im.WriteReport(&rep); err != nil {
			return err
		}
		log, err := s.funds().Refused(ctx, im, rep.Bytes())
		if err != nil {
			return err
		}
		p, err := s.fundsImportsPage(r)
		if err != nil {
			return err
		}
		p.Refused, p.County = im, county
		p.Report = fmt.Sprintf("/funds/imports/%s/%s/report", county, url.PathEscape(log.ID))
		for i, pr := range im.Problems {
			if i == 50 {
				p.Problems = append(p.Problems, fmt.Sprintf("……共 %d 处，全部问题见错误报告", len(im.Problems)))
				break
			}
			p.Problems = append(p.Problems, auth.MaskText(pr.String()))
		}
		s.render(w, r, http.StatusUnprocessableEntity, "funds_imports", p)
		return nil
	}
	opened, closed, err := s.rescreenFunds(ctx, county)
	if err != nil {
		return err
	}
	what := fmt.Sprintf("%s「%s」%d 行", l.Title, im.File, im.Rows)
	http.Redirect(w, r, fmt.Sprintf("/funds/imports?saved=import&what=%s&opened=%d&closed=%d", url.QueryEscape(what), opened, closed), http.StatusSeeOther)
	return nil
}

// fundsReport sends a refused import's error report.
func (s *Server) fundsReport(w http.ResponseWriter, r *http.Request) error {
	county, err := objectCounty(r)
	if err != nil {
		return err
	}
	u := user(r)
	if _, err := auth.Scope(u, county); err != nil && !(u.Region.Level() > region.County && u.Region.County() == county) {
		return errs.E(errs.Forbidden, "您没有查看该县数据的权限")
	}
	name, data, err := s.funds().Report(r.Context(), county, r.PathValue("id"))
	if err != nil {
		return err
	}
	name = strings.TrimSuffix(name, filepath.Ext(name)) + "-错误报告.xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"report.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err = w.Write(data)
	return err
}

// fundsExport writes a county's ledger in its layout, audited.
func (s *Server) fundsExport(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	l, err := funds.LedgerOf(r.URL.Query().Get("ledger"))
	if err != nil {
		return err
	}
	county, err := region.ParseCode(r.URL.Query().Get("county"))
	if err != nil || county.Level() != region.County {
		return errs.E(errs.Invalid, "请选择县（区）")
	}
	if _, err := auth.Scope(u, county); err != nil {
		return errs.E(errs.Forbidden, "只有县级以上用户可以导出全县台账")
	}
	b, err := s.funds().Batch(r.Context(), county, l.Key)
	if err != nil {
		return err
	}
	if l.Key == "incomes" {
		for i := range b.Distributions {
			b.Distributions[i].Payee = auth.MaskText(b.Distributions[i].Payee)
		}
	}
	name := s.regionName(county)
	var buf bytes.Buffer
	title := fmt.Sprintf("%s%s（导出于 %s）", name, l.Title, s.now().In(chinaTime).Format("2006-01-02"))
	if err := l.Export(&buf, s.cfg.Tree, title, b); err != nil {
		return err
	}
	if err := s.audit.Append(r.Context(), audit.Entry{Action: audit.Export, ObjectType: "funds." + l.Key, Region: county,
		Detail: fmt.Sprintf("导出%s%s %d 条", name, l.Title, b.Len())}); err != nil {
		return err
	}
	file := fmt.Sprintf("%s-%s-%s.xlsx", name, l.Title, s.now().In(chinaTime).Format("20060102"))
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"funds.xlsx\"; filename*=UTF-8''"+url.PathEscape(file))
	_, err = w.Write(buf.Bytes())
	return err
}

// apiFunds serves the dashboard's figures as JSON: the region's fund performance card, and
// for a county its curve.
func (s *Server) apiFunds(w http.ResponseWriter, r *http.Request) error {
	scope, err := fundsScope(r)
	if err != nil {
		return err
	}
	out := map[string]any{"region": scope}
	if scope.Level() <= region.County {
		fc := score.NewFundCards(s.cfg.DB, s.cfg.Tree)
		fc.Now = s.now
		card, err := fc.Card(r.Context(), scope)
		if err != nil {
			return err
		}
		out["year"], out["as_of"] = card.Year, card.AsOf.String()
		out["fund_performance"] = cardJSON(card.Parent)
		var counties []any
		for _, c := range card.Counties {
			counties = append(counties, cardJSON(c))
		}
		out["counties"] = counties
		if scope.Level() == region.County {
			now := s.now().In(chinaTime)
			ps, err := store.NewParams(s.cfg.DB).Resolve(r.Context(), scope, now.Year())
			if err != nil {
				return err
			}
			cy, err := s.funds().CountyYear(r.Context(), scope, now.Year())
			if err != nil {
				return err
			}
			out["expenditure"] = ExpenditureChart(cy, ps.Curve(policy.FundSchedule), registry.DateOf(now))
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func cardJSON(r score.FundRow) map[string]any {
	parts := map[string]any{}
	for _, p := range r.Parts {
		if p.Measured {
			parts[p.Key] = map[string]any{"value": math.Round(p.Value*100) / 100, "score": math.Round(p.Score*100) / 100, "weight": p.Weight}
		}
	}
	return map[string]any{"region": r.Region, "name": r.Name, "total": r.Total, "measured": r.HasData, "parts": parts}
}
