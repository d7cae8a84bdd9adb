package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/support"
)

// A household's helpers and visits; the cadres, their pairings and handover.

type supportHouseholdPage struct {
	Tabs      []supportTab
	No, Head  string
	Village   string
	Pairings  []pairingView
	Visits    []store.VisitRow
	Total     int
	Grid      string
	Plan      string
	Notice    string
	CanEdit   bool
	CanManage bool
	Cadres    []cadreOption
	Today     string
	Reasons   []string
}

func (p supportHouseholdPage) PageTitle() string { return "户 " + p.No + " 的帮扶与走访" }

// pairingView is a pairing as pages show it.
type pairingView struct {
	store.PairingRow
	Active bool
	Phone  string
}

func (s *Server) supportHousehold(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	ctx := r.Context()
	no := r.PathValue("no")
	a, err := s.reg.Get(ctx, no)
	if err != nil {
		return err
	}
	if err := auth.CheckVillage(u, a.Household.Village); err != nil {
		return err
	}
	p := supportHouseholdPage{Tabs: supportTabs(u, ""), No: no, Village: s.villageName(a.Household.Village), Notice: doneNotice(r),
		CanEdit: u.Can(auth.PermEdit), CanManage: canManage(u), Today: s.today().String(), Reasons: support.EndReasons}
	for _, m := range a.Persons {
		if m.Relation == "户主" {
			p.Head = m.Name
		}
	}
	pairs, err := s.support().HouseholdPairings(ctx, no)
	if err != nil {
		return err
	}
	today := s.today()
	for _, pr := range pairs {
		p.Pairings = append(p.Pairings, pairingView{PairingRow: pr, Active: pr.ActiveOn(today) && pr.CadreStatus == support.InPost})
	}
	if p.Visits, p.Total, err = s.support().Visits(ctx, store.VisitFilter{Scope: a.Household.County(), HouseholdNo: no, Limit: 50}); err != nil {
		return err
	}
	for i := range p.Visits {
		maskVisit(&p.Visits[i].Visit)
	}
	facts, err := s.support().Facts(ctx, a.Household.County(), a.Household.County(), []string{no})
	if err != nil {
		return err
	}
	if f := facts[no]; f != nil {
		p.Grid = f.Grid
		ps, err := s.supportParams(ctx, a.Household.County())
		if err != nil {
			return err
		}
		var last registry.Date
		if f.Last != nil {
			last = f.Last.On
		}
		pl := support.PlanOf(ps, support.ClassOf(a.Household.Kind, a.Household.Category, a.Household.RiskEliminated), last, registry.Date{}, today)
		switch {
		case pl.Done:
			p.Plan = "本次大走访已走访"
		case pl.Overdue:
			p.Plan = "应于 " + pl.Due.String() + " 前走访，已逾期"
		default:
			p.Plan = "下次应于 " + pl.Due.String() + " 前走访"
		}
	}
	if p.CanManage {
		if p.Cadres, err = s.cadreOptions(ctx, a.Household.County()); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "support_household", p)
	return nil
}

// Cadres.

type cadresPage struct {
	Tabs      []supportTab
	Region    string
	Regions   []regionOption
	Status    string
	Name      string
	Statuses  []string
	Levels    []string
	Rows      []cadreView
	Total     int
	Pages     pages
	CanManage bool
	Notice    string
	Error     string
}

func (cadresPage) PageTitle() string { return "帮扶干部" }

// cadreView is a cadre as lists show them: the phone masked.
type cadreView struct {
	store.CadreRow
	Phone  string
	Region string
}

const cadresPerPage = 100

func (s *Server) cadresPage(w http.ResponseWriter, r *http.Request) error {
	return s.showCadres(w, r, http.StatusOK, "")
}

func (s *Server) showCadres(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	u := user(r)
	q := r.URL.Query()
	scope, err := requestedScope(r, q)
	if err != nil {
		return err
	}
	f := store.CadreFilter{Scope: scope, Status: q.Get("status"), Name: q.Get("name"), Limit: cadresPerPage, Offset: pageOffset(q, cadresPerPage)}
	rows, total, err := s.support().Cadres(r.Context(), f)
	if err != nil {
		return err
	}
	p := cadresPage{Tabs: supportTabs(u, "/cadres"), Region: string(scope), Regions: s.scopeChoices(u, scope), Status: f.Status, Name: f.Name,
		Statuses: support.Statuses, Levels: support.Levels, Total: total, CanManage: canManage(u), Notice: doneNotice(r), Error: problem}
	mask := auth.MaskerFor(u, false)
	for _, c := range rows {
		p.Rows = append(p.Rows, cadreView{CadreRow: c, Phone: mask.Phone(c.Phone), Region: s.villageName(c.Region)})
	}
	keep := url.Values{}
	for k, vs := range q {
		if k != "offset" && k != "page" && k != "done" && k != "opened" && k != "closed" {
			keep[k] = vs
		}
	}
	p.Pages = paging("/cadres", keep, f.Offset, total, cadresPerPage)
	s.render(w, r, status, "support_cadres", p)
	return nil
}

type cadrePage struct {
	Tabs      []supportTab
	Cadre     *support.Cadre
	Phone     string
	Region    string
	Pairings  []pairingView
	Active    int
	Grids     []store.GridMemberRow
	Statuses  []string
	Levels    []string
	Reasons   []string
	Others    []cadreOption
	Today     string
	CanManage bool
	Notice    string
}

func (p cadrePage) PageTitle() string { return "帮扶干部 " + p.Cadre.Name }

// cadreInScope returns the cadre with the id when the user may see the cadre: one who serves
// in the user's region, or above it (a county's cadre helps in its villages).
func (s *Server) cadreInScope(r *http.Request, id string) (*support.Cadre, error) {
	c, err := s.support().Cadre(r.Context(), id)
	if err != nil {
		return nil, err
	}
	u := user(r)
	if !u.Region.Contains(c.Region) && !c.Region.Contains(u.Region) {
		return nil, errs.E(errs.Forbidden, "您没有查看该帮扶干部的权限")
	}
	return c, nil
}

// cadreToChange returns the cadre with the id when the user may change the cadre: one who
// serves in the user's region.
func (s *Server) cadreToChange(r *http.Request, id string) (*support.Cadre, error) {
	c, err := s.cadreInScope(r, id)
	if err != nil {
		return nil, err
	}
	if !user(r).Region.Contains(c.Region) {
		return nil, errs.E(errs.Forbidden, "帮扶干部%s属于上级，请由%s的工作人员修改", c.Label(), s.regionName(c.Region))
	}
	return c, nil
}

func (s *Server) cadrePage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	ctx := r.Context()
	c, err := s.cadreInScope(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := cadrePage{Tabs: supportTabs(u, "/cadres"), Cadre: c, Phone: auth.MaskerFor(u, false).Phone(c.Phone), Region: s.cfg.Tree.FullName(c.Region),
		Statuses: support.Statuses, Levels: support.Levels, Reasons: support.EndReasons, Today: s.today().String(),
		CanManage: canManage(u), Notice: doneNotice(r)}
	pairs, err := s.support().CadrePairings(ctx, c.ID)
	if err != nil {
		return err
	}
	today := s.today()
	for _, pr := range pairs {
		if !u.Region.Contains(pr.Village) {
			continue
		}
		v := pairingView{PairingRow: pr, Active: pr.ActiveOn(today)}
		if v.Active {
			p.Active++
		}
		p.Pairings = append(p.Pairings, v)
	}
	if p.Grids, err = s.support().CadreGrids(ctx, c.ID); err != nil {
		return err
	}
	if p.CanManage {
		rows, _, err := s.support().Cadres(ctx, store.CadreFilter{Scope: c.County, Status: support.InPost, Limit: 2000})
		if err != nil {
			return err
		}
		for _, o := range rows {
			if o.ID != c.ID {
				p.Others = append(p.Others, cadreOption{o.ID, o.Name + "（" + orDash(o.Unit) + "）"})
			}
		}
	}
	s.render(w, r, http.StatusOK, "support_cadre", p)
	return nil
}

// saveCadre adds a cadre (POST /cadres) or changes one (POST /cadres/{id}): a departure
// (调离, 退休, 去世) re-screens the cadre's households, which then wait for their handover.
func (s *Server) saveCadre(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if !canManage(u) {
		return errs.E(errs.Forbidden, "您的角色（%s）不能修改帮扶干部", u.Role.Name())
	}
	ctx := r.Context()
	c := &support.Cadre{}
	if id := r.PathValue("id"); id != "" {
		old, err := s.cadreToChange(r, id)
		if err != nil {
			return err
		}
		*c = *old
	}
	f := r.PostForm
	where, err := requestedScope(r, f)
	if err != nil {
		return err
	}
	if c.ID == "" || f.Has("region") {
		c.Region = where
	}
	c.Name, c.Unit, c.Post, c.Level = f.Get("name"), f.Get("unit"), f.Get("post"), f.Get("level")
	if ph := strings.TrimSpace(f.Get("phone")); ph != "" || c.ID == "" {
		c.Phone = ph
	}
	if f.Has("username") {
		c.Username = f.Get("username")
	}
	c.Status = f.Get("status")
	if c.StatusOn, err = registry.ParseDate(f.Get("status_on")); err != nil {
		return errs.E(errs.Invalid, "状态变动日期「%s」无效", f.Get("status_on"))
	}
	if c.Status == support.InPost || c.Status == "" {
		c.StatusOn = registry.Date{}
	}
	c.Source = "网页录入：" + u.Username
	if c.Region.Level() < region.County {
		return errs.E(errs.Invalid, "请选择帮扶干部所在的县、乡镇或村")
	}
	if err := s.support().PutCadre(ctx, c); err != nil {
		if r.PathValue("id") == "" && errs.Is(err, errs.Invalid) {
			return s.showCadres(w, r, http.StatusUnprocessableEntity, errs.Message(err))
		}
		return err
	}
	rs := s.rescreenObjects(ctx, c.County, support.KindCadre)
	var nos []string
	pairs, err := s.support().CadrePairings(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, p := range pairs {
		if p.End.IsZero() {
			nos = append(nos, p.HouseholdNo)
		}
	}
	hs := s.rescreenHouseholds(ctx, c.Region, nos)
	rs.Opened, rs.Closed = rs.Opened+hs.Opened, rs.Closed+hs.Closed
	http.Redirect(w, r, doneURL("/cadres/"+url.PathEscape(c.ID), rs), http.StatusSeeOther)
	return nil
}

// pairCadre pairs the cadre with a household of the user's region.
func (s *Server) pairCadre(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if !canManage(u) {
		return errs.E(errs.Forbidden, "您的角色（%s）不能修改帮扶关系", u.Role.Name())
	}
	ctx := r.Context()
	id := r.PathValue("id")
	if id == "-" {
		id = r.PostForm.Get("cadre") // chosen on the household's page
	}
	c, err := s.cadreInScope(r, id)
	if err != nil {
		return err
	}
	no := strings.TrimSpace(r.PostForm.Get("household"))
	a, err := s.reg.Get(ctx, no)
	if err != nil {
		return err
	}
	if err := auth.CheckVillage(u, a.Household.Village); err != nil {
		return err
	}
	start, err := registry.ParseDate(r.PostForm.Get("start"))
	if err != nil {
		return errs.E(errs.Invalid, "结对日期「%s」无效", r.PostForm.Get("start"))
	}
	if err := s.support().Pair(ctx, &support.Pairing{HouseholdNo: no, CadreID: c.ID, Start: start, Source: "网页录入：" + u.Username}); err != nil {
		return err
	}
	rs := s.rescreenHouseholds(ctx, a.Household.Village, []string{no})
	obj := s.rescreenObjects(ctx, c.County, support.KindCadre)
	rs.Opened, rs.Closed = rs.Opened+obj.Opened, rs.Closed+obj.Closed
	back := "/cadres/" + url.PathEscape(c.ID)
	if r.PostForm.Get("next") == "household" {
		back = "/support/households/" + url.PathEscape(no)
	}
	http.Redirect(w, r, doneURL(back, rs), http.StatusSeeOther)
	return nil
}

// handover hands the cadre's households in force (all, or those ticked) to another cadre.
func (s *Server) handover(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if !canManage(u) {
		return errs.E(errs.Forbidden, "您的角色（%s）不能办理交接", u.Role.Name())
	}
	ctx := r.Context()
	c, err := s.cadreToChange(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	to, err := s.cadreInScope(r, r.PostForm.Get("to"))
	if err != nil {
		return err
	}
	on, err := registry.ParseDate(r.PostForm.Get("on"))
	if err != nil || on.IsZero() {
		return errs.E(errs.Invalid, "请填写交接日期，如 2026-11-01")
	}
	// Only the households the user may see are handed over.
	pairs, err := s.support().CadrePairings(ctx, c.ID)
	if err != nil {
		return err
	}
	ticked := map[string]bool{}
	for _, no := range r.PostForm["household"] {
		ticked[no] = true
	}
	var nos []string
	for _, p := range pairs {
		if p.End.IsZero() && u.Region.Contains(p.Village) && (len(ticked) == 0 || ticked[p.HouseholdNo]) {
			nos = append(nos, p.HouseholdNo)
		}
	}
	if len(nos) == 0 {
		return errs.E(errs.Invalid, "没有需要交接的户")
	}
	n, err := s.support().Handover(ctx, c.ID, to.ID, on, nos)
	if err != nil {
		return err
	}
	rs := s.rescreenHouseholds(ctx, c.Region, nos)
	obj := s.rescreenObjects(ctx, c.County, support.KindCadre)
	rs.Opened, rs.Closed = rs.Opened+obj.Opened, rs.Closed+obj.Closed
	http.Redirect(w, r, doneURL("/cadres/"+url.PathEscape(c.ID), rs, "n", itoa0(n)), http.StatusSeeOther)
	return nil
}

// endPairing ends a pairing of a household of the user's region.
func (s *Server) endPairing(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if !canManage(u) {
		return errs.E(errs.Forbidden, "您的角色（%s）不能修改帮扶关系", u.Role.Name())
	}
	ctx := r.Context()
	no := strings.TrimSpace(r.PostForm.Get("household"))
	a, err := s.reg.Get(ctx, no)
	if err != nil {
		return err
	}
	if err := auth.CheckVillage(u, a.Household.Village); err != nil {
		return err
	}
	pairs, err := s.support().HouseholdPairings(ctx, no)
	if err != nil {
		return err
	}
	id, found := r.PathValue("id"), false
	for _, p := range pairs {
		found = found || p.ID == id
	}
	if !found {
		return errs.E(errs.NotFound, "帮扶关系不存在")
	}
	on, err := registry.ParseDate(r.PostForm.Get("on"))
	if err != nil || on.IsZero() {
		return errs.E(errs.Invalid, "请填写解除日期，如 2026-11-01")
	}
	if err := s.support().EndPairing(ctx, id, on, r.PostForm.Get("reason")); err != nil {
		return err
	}
	rs := s.rescreenHouseholds(ctx, a.Household.Village, []string{no})
	obj := s.rescreenObjects(ctx, a.Household.County(), support.KindCadre)
	rs.Opened, rs.Closed = rs.Opened+obj.Opened, rs.Closed+obj.Closed
	http.Redirect(w, r, doneURL("/support/households/"+url.PathEscape(no), rs), http.StatusSeeOther)
	return nil
}
