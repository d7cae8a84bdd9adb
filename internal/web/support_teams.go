package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/support"
)

// Work teams (驻村工作队) and grids (网格).

type teamsPage struct {
	Tabs       []supportTab
	Region     string
	Regions    []regionOption
	Villages   []regionOption
	Rows       []teamView
	Checks     []store.SpotCheckRow
	CanManage  bool
	CanApprove bool
	Notice     string
	Today      string
}

func (teamsPage) PageTitle() string { return "驻村工作队" }

type teamView struct {
	store.TeamRow
	Village string
}

func (s *Server) teamsPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, err := requestedScope(r, r.URL.Query())
	if err != nil {
		return err
	}
	rows, err := s.support().Teams(r.Context(), scope)
	if err != nil {
		return err
	}
	_, approve := canApprove(u)
	p := teamsPage{Tabs: supportTabs(u, "/teams"), Region: string(scope), Regions: s.scopeChoices(u, scope), CanManage: canManage(u),
		CanApprove: approve, Notice: doneNotice(r), Today: s.today().String()}
	for _, t := range rows {
		p.Rows = append(p.Rows, teamView{TeamRow: t, Village: s.villageName(t.Village)})
	}
	if p.Checks, err = s.support().SpotChecks(r.Context(), scope, ""); err != nil {
		return err
	}
	if p.CanManage {
		p.Villages = s.villagesOf(scope)
	}
	s.render(w, r, http.StatusOK, "support_teams", p)
	return nil
}

// villagesOf lists the villages of a region for a choice, at most 3,000.
func (s *Server) villagesOf(scope region.Code) []regionOption {
	var out []regionOption
	if scope.Level() == region.Village {
		return []regionOption{{Code: scope, Name: s.villageName(scope), Level: region.Village}}
	}
	for _, v := range s.cfg.Tree.Descendants(scope, region.Village) {
		if len(out) == 3000 {
			break
		}
		out = append(out, regionOption{Code: v.Code, Name: s.villageName(v.Code), Level: region.Village})
	}
	return out
}

// saveTeam adds a work team to a village of the user's region.
func (s *Server) saveTeam(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if !canManage(u) {
		return errs.E(errs.Forbidden, "您的角色（%s）不能修改驻村工作队", u.Role.Name())
	}
	v, err := requestedScope(r, url.Values{"region": {r.PostForm.Get("village")}})
	if err != nil {
		return err
	}
	if v.Level() != region.Village {
		return errs.E(errs.Invalid, "请选择工作队所驻的村")
	}
	start, err := registry.ParseDate(r.PostForm.Get("start"))
	if err != nil {
		return errs.E(errs.Invalid, "驻村开始日期「%s」无效", r.PostForm.Get("start"))
	}
	t := &support.Team{Village: v, Name: r.PostForm.Get("name"), Unit: r.PostForm.Get("unit"), Start: start, Source: "网页录入：" + u.Username}
	if strings.TrimSpace(t.Name) == "" {
		t.Name = strings.TrimSpace(t.Unit) + "驻村工作队"
	}
	if err := s.support().PutTeam(r.Context(), t); err != nil {
		return err
	}
	http.Redirect(w, r, doneURL("/teams/"+url.PathEscape(t.ID), rescreened{}), http.StatusSeeOther)
	return nil
}

type teamPage struct {
	Tabs       []supportTab
	Team       *support.Team
	Village    string
	Members    []memberView
	Months     []string // the calendar's months, 1–12
	Year       int
	Leaves     []store.LeaveRow
	Checks     []store.SpotCheckRow
	Roles      []string
	Cadres     []cadreOption
	Need       int
	CanManage  bool
	CanApprove bool
	Level      string
	Today      string
	Month      string
	Notice     string
}

func (p teamPage) PageTitle() string { return p.Team.Name }

// memberView is a member with the attendance calendar's cells.
type memberView struct {
	support.Member
	Active bool
	Cells  []attCell
}

// attCell is one month of the attendance calendar.
type attCell struct {
	Text, Class string
}

// teamInScope returns the team with the id when the user's region holds its village.
func (s *Server) teamInScope(r *http.Request, id string) (*support.Team, error) {
	t, err := s.support().Team(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if err := auth.CheckVillage(user(r), t.Village); err != nil {
		return nil, err
	}
	return t, nil
}

func (s *Server) teamPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	ctx := r.Context()
	t, err := s.teamInScope(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	today := s.today()
	if year < 2015 || year > today.Time().Year() {
		year = today.Time().Year()
	}
	ps, err := s.supportParams(ctx, t.County)
	if err != nil {
		return err
	}
	level, approve := canApprove(u)
	p := teamPage{Tabs: supportTabs(u, "/teams"), Team: t, Village: s.cfg.Tree.FullName(t.Village), Year: year, Roles: support.Roles,
		Need: ps.Int(policy.TeamDaysMin), CanManage: canManage(u), CanApprove: approve, Level: level, Today: today.String(),
		Month: registry.MonthOf(today.Time().AddDate(0, -1, 0)).String(), Notice: doneNotice(r)}
	members, err := s.support().Members(ctx, t.ID)
	if err != nil {
		return err
	}
	att, err := s.support().Attendance(ctx, t.ID, year)
	if err != nil {
		return err
	}
	if p.Leaves, err = s.support().Leaves(ctx, t.ID); err != nil {
		return err
	}
	days := map[string]int{}
	for _, a := range att {
		days[a.MemberID+"|"+a.Month.String()] = a.Days
	}
	for m := 1; m <= 12; m++ {
		p.Months = append(p.Months, strconv.Itoa(m))
	}
	refMonth := registry.MonthOf(today.Time())
	for _, m := range members {
		mv := memberView{Member: m, Active: m.ActiveOn(today)}
		for mo := 1; mo <= 12; mo++ {
			month := registry.NewMonth(year, time.Month(mo))
			d, ok := days[m.ID+"|"+month.String()]
			cell := attCell{Text: "", Class: "att-none"}
			switch {
			case !m.ServesIn(month) || month.Index() > refMonth.Index():
			case ok:
				leave := 0
				for i := range p.Leaves {
					if l := &p.Leaves[i]; l.MemberID == m.ID && l.Approved() {
						leave += l.DaysIn(month)
					}
				}
				cell.Text = strconv.Itoa(d)
				cell.Class = "att-ok"
				if d+leave < p.Need && m.FullMonth(month) && month.Index() < refMonth.Index() {
					cell.Class = "att-short"
				}
				if leave > 0 {
					cell.Text += "+" + strconv.Itoa(leave)
				}
			case month.Index() < refMonth.Index():
				cell.Text, cell.Class = "?", "att-missing"
			}
			mv.Cells = append(mv.Cells, cell)
		}
		p.Members = append(p.Members, mv)
	}
	if p.Checks, err = s.support().SpotChecks(ctx, t.Village, t.ID); err != nil {
		return err
	}
	if p.CanManage {
		if p.Cadres, err = s.cadreOptions(ctx, t.County); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "support_team", p)
	return nil
}

// addMember adds a cadre to the team, or a new person as a cadre of level 驻村.
func (s *Server) addMember(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if !canManage(u) {
		return errs.E(errs.Forbidden, "您的角色（%s）不能修改驻村工作队", u.Role.Name())
	}
	ctx := r.Context()
	t, err := s.teamInScope(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := r.PostForm
	cadre := f.Get("cadre")
	if cadre == "" {
		c := &support.Cadre{Region: t.Village, Name: f.Get("name"), Unit: t.Unit, Post: f.Get("post"), Phone: f.Get("phone"),
			Level: support.LevelResident, Source: "网页录入：" + u.Username}
		if err := s.support().PutCadre(ctx, c); err != nil {
			return err
		}
		cadre = c.ID
	}
	start, err := registry.ParseDate(f.Get("start"))
	if err != nil {
		return errs.E(errs.Invalid, "驻村开始日期「%s」无效", f.Get("start"))
	}
	if err := s.support().PutMember(ctx, &support.Member{TeamID: t.ID, CadreID: cadre, Role: f.Get("role"), Start: start}); err != nil {
		return err
	}
	rs := s.rescreenObjects(ctx, t.County, support.KindMember)
	http.Redirect(w, r, doneURL("/teams/"+url.PathEscape(t.ID), rs), http.StatusSeeOther)
	return nil
}

// memberOf returns the member of the team with the id.
func (s *Server) memberOf(r *http.Request, t *support.Team, id string) (*support.Member, error) {
	m, err := s.support().Member(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if m.TeamID != t.ID {
		return nil, errs.E(errs.NotFound, "该队员不在这个工作队")
	}
	return m, nil
}

// setAttendance records a member's days in the village of a month.
func (s *Server) setAttendance(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if !canManage(u) {
		return errs.E(errs.Forbidden, "您的角色（%s）不能登记考勤", u.Role.Name())
	}
	ctx := r.Context()
	t, err := s.teamInScope(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	m, err := s.memberOf(r, t, r.PostForm.Get("member"))
	if err != nil {
		return err
	}
	month, err := registry.ParseMonth(r.PostForm.Get("month"))
	if err != nil || month.IsZero() {
		return errs.E(errs.Invalid, "考勤月份「%s」无效，请写成 2026-10", r.PostForm.Get("month"))
	}
	days, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("days")))
	if err != nil {
		return errs.E(errs.Invalid, "在村天数应为整数")
	}
	if err := s.support().SetAttendance(ctx, support.Attendance{MemberID: m.ID, Month: month, Days: days}); err != nil {
		return err
	}
	rs := s.rescreenObjects(ctx, t.County, support.KindMember)
	http.Redirect(w, r, doneURL("/teams/"+url.PathEscape(t.ID), rs), http.StatusSeeOther)
	return nil
}

// addLeave records a member's leave request (pending).
func (s *Server) addLeave(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if !u.Can(auth.PermEdit) {
		return errs.E(errs.Forbidden, "您的角色（%s）不能登记请假", u.Role.Name())
	}
	ctx := r.Context()
	t, err := s.teamInScope(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	m, err := s.memberOf(r, t, r.PostForm.Get("member"))
	if err != nil {
		return err
	}
	from, err1 := registry.ParseDate(r.PostForm.Get("from"))
	to, err2 := registry.ParseDate(r.PostForm.Get("to"))
	if err1 != nil || err2 != nil {
		return errs.E(errs.Invalid, "请假日期无效，请写成 2026-10-08")
	}
	l := &support.Leave{MemberID: m.ID, From: from, To: to, Reason: r.PostForm.Get("reason"), State: support.LeavePending}
	if err := s.support().AddLeave(ctx, l); err != nil {
		return err
	}
	rs := s.rescreenObjects(ctx, t.County, support.KindMember)
	http.Redirect(w, r, doneURL("/teams/"+url.PathEscape(t.ID), rs), http.StatusSeeOther)
	return nil
}

// leaveInScope returns a leave's team when the user's region holds it.
func (s *Server) leaveTeam(r *http.Request) (*support.Team, string, error) {
	t, err := s.teamInScope(r, r.PostForm.Get("team"))
	if err != nil {
		return nil, "", err
	}
	leaves, err := s.support().Leaves(r.Context(), t.ID)
	if err != nil {
		return nil, "", err
	}
	id := r.PathValue("id")
	for _, l := range leaves {
		if l.ID == id {
			return t, id, nil
		}
	}
	return nil, "", errs.E(errs.NotFound, "请假记录不存在")
}

// decideLeave approves or refuses a pending leave, at the level of the user's role.
func (s *Server) decideLeave(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	level, ok := canApprove(u)
	if !ok {
		return errs.E(errs.Forbidden, "请假由乡镇或县级审批，您的角色（%s）不能审批", u.Role.Name())
	}
	ctx := r.Context()
	t, id, err := s.leaveTeam(r)
	if err != nil {
		return err
	}
	ps, err := s.supportParams(ctx, t.County)
	if err != nil {
		return err
	}
	approver := strings.TrimSpace(u.Name())
	if err := s.support().DecideLeave(ctx, id, r.PostForm.Get("decision") == "approve", approver, level, ps.Int(policy.TeamLeaveDays)); err != nil {
		return err
	}
	rs := s.rescreenObjects(ctx, t.County, support.KindMember)
	http.Redirect(w, r, doneURL("/teams/"+url.PathEscape(t.ID), rs), http.StatusSeeOther)
	return nil
}

// returnLeave records the member's return (销假).
func (s *Server) returnLeave(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if !u.Can(auth.PermEdit) {
		return errs.E(errs.Forbidden, "您的角色（%s）不能销假", u.Role.Name())
	}
	ctx := r.Context()
	t, id, err := s.leaveTeam(r)
	if err != nil {
		return err
	}
	on, err := registry.ParseDate(r.PostForm.Get("on"))
	if err != nil || on.IsZero() {
		return errs.E(errs.Invalid, "请填写销假日期")
	}
	if err := s.support().ReturnLeave(ctx, id, on); err != nil {
		return err
	}
	rs := s.rescreenObjects(ctx, t.County, support.KindMember)
	http.Redirect(w, r, doneURL("/teams/"+url.PathEscape(t.ID), rs), http.StatusSeeOther)
	return nil
}

// planSpotChecks draws teams of the user's region for unannounced checks on a day.
func (s *Server) planSpotChecks(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if _, ok := canApprove(u); !ok {
		return errs.E(errs.Forbidden, "随机暗访由乡镇或县级安排，您的角色（%s）不能安排", u.Role.Name())
	}
	scope, err := requestedScope(r, r.PostForm)
	if err != nil {
		return err
	}
	on, err := registry.ParseDate(r.PostForm.Get("on"))
	if err != nil || on.IsZero() {
		return errs.E(errs.Invalid, "请填写暗访日期")
	}
	n, _ := strconv.Atoi(r.PostForm.Get("n"))
	checks, err := s.support().PlanSpotChecks(r.Context(), scope, on, n, uint64(s.now().UnixNano()))
	if err != nil {
		return err
	}
	http.Redirect(w, r, doneURL("/teams?region="+string(scope), rescreened{}, "n", itoa0(len(checks))), http.StatusSeeOther)
	return nil
}

// recordSpotCheck records what a spot check of the team found: each member present or not.
func (s *Server) recordSpotCheck(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if _, ok := canApprove(u); !ok {
		return errs.E(errs.Forbidden, "随机暗访由乡镇或县级登记，您的角色（%s）不能登记", u.Role.Name())
	}
	ctx := r.Context()
	t, err := s.teamInScope(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	on, err := registry.ParseDate(r.PostForm.Get("on"))
	if err != nil || on.IsZero() {
		return errs.E(errs.Invalid, "请填写暗访日期")
	}
	c := &support.SpotCheck{ID: r.PostForm.Get("check"), TeamID: t.ID, Checked: on, Checker: r.PostForm.Get("checker"), Note: r.PostForm.Get("note")}
	members, err := s.support().Members(ctx, t.ID)
	if err != nil {
		return err
	}
	present := map[string]bool{}
	for _, id := range r.PostForm["present"] {
		present[id] = true
	}
	for _, m := range members {
		if m.ActiveOn(on) {
			c.Results = append(c.Results, support.SpotResult{MemberID: m.ID, Present: present[m.ID]})
		}
	}
	if err := s.support().RecordSpotCheck(ctx, c); err != nil {
		return err
	}
	rs := s.rescreenObjects(ctx, t.County, support.KindMember)
	http.Redirect(w, r, doneURL("/teams/"+url.PathEscape(t.ID), rs), http.StatusSeeOther)
	return nil
}

// Grids.

type gridsPage struct {
	Tabs      []supportTab
	Region    string
	Regions   []regionOption
	Villages  []regionOption
	Rows      []gridView
	CanManage bool
	Notice    string
}

func (gridsPage) PageTitle() string { return "网格" }

type gridView struct {
	store.GridRow
	Village string
}

func (s *Server) gridsPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, err := requestedScope(r, r.URL.Query())
	if err != nil {
		return err
	}
	rows, err := s.support().Grids(r.Context(), scope)
	if err != nil {
		return err
	}
	p := gridsPage{Tabs: supportTabs(u, "/grids"), Region: string(scope), Regions: s.scopeChoices(u, scope), CanManage: canManage(u), Notice: doneNotice(r)}
	for _, g := range rows {
		p.Rows = append(p.Rows, gridView{GridRow: g, Village: s.villageName(g.Village)})
	}
	if p.CanManage {
		p.Villages = s.villagesOf(scope)
	}
	s.render(w, r, http.StatusOK, "support_grids", p)
	return nil
}

func (s *Server) saveGrid(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if !canManage(u) {
		return errs.E(errs.Forbidden, "您的角色（%s）不能修改网格", u.Role.Name())
	}
	v, err := requestedScope(r, url.Values{"region": {r.PostForm.Get("village")}})
	if err != nil {
		return err
	}
	if v.Level() != region.Village {
		return errs.E(errs.Invalid, "请选择网格所在的村")
	}
	g := &support.Grid{Village: v, Name: r.PostForm.Get("name"), Source: "网页录入：" + u.Username}
	if err := s.support().PutGrid(r.Context(), g); err != nil {
		return err
	}
	rs := s.rescreenObjects(r.Context(), v.County(), support.KindGrid)
	http.Redirect(w, r, doneURL("/grids/"+url.PathEscape(g.ID), rs), http.StatusSeeOther)
	return nil
}

type gridPage struct {
	Tabs       []supportTab
	Grid       *support.Grid
	Village    string
	Households []store.GridHousehold
	Ungridded  []store.GridHousehold
	Members    []support.GridMember
	Cadres     []cadreOption
	Roles      []string
	CanManage  bool
	Mine       bool // the user is a member who has not confirmed
	Notice     string
}

func (p gridPage) PageTitle() string { return "网格 " + p.Grid.Name }

func (s *Server) gridInScope(r *http.Request, id string) (*support.Grid, error) {
	g, err := s.support().Grid(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if err := auth.CheckVillage(user(r), g.Village); err != nil {
		return nil, err
	}
	return g, nil
}

func (s *Server) gridPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	ctx := r.Context()
	g, err := s.gridInScope(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := gridPage{Tabs: supportTabs(u, "/grids"), Grid: g, Village: s.cfg.Tree.FullName(g.Village), Roles: support.GridRoles,
		CanManage: canManage(u), Notice: doneNotice(r)}
	if p.Households, err = s.support().GridHouseholds(ctx, g.ID); err != nil {
		return err
	}
	if p.Members, err = s.support().GridMembers(ctx, g.ID); err != nil {
		return err
	}
	if c, err := s.support().CadreOfUser(ctx, u.Username); err == nil {
		for _, m := range p.Members {
			p.Mine = p.Mine || (m.CadreID == c.ID && m.Confirmed.IsZero())
		}
	}
	if p.CanManage {
		if p.Ungridded, err = s.support().Ungridded(ctx, g.Village, 300); err != nil {
			return err
		}
		if p.Cadres, err = s.cadreOptions(ctx, g.County); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "support_grid", p)
	return nil
}

// assignGrid puts households of the grid's village in the grid: those ticked, or listed by
// 户编号 in a text.
func (s *Server) assignGrid(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if !canManage(u) {
		return errs.E(errs.Forbidden, "您的角色（%s）不能修改网格", u.Role.Name())
	}
	ctx := r.Context()
	g, err := s.gridInScope(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	nos := append([]string(nil), r.PostForm["household"]...)
	nos = append(nos, strings.FieldsFunc(r.PostForm.Get("nos"), func(c rune) bool { return c == ',' || c == '，' || c == '、' || c == ' ' || c == '\n' || c == '\r' })...)
	if len(nos) > 1000 {
		return errs.E(errs.Invalid, "一次最多划入 1000 户")
	}
	if err := s.support().AssignGrid(ctx, g.ID, nos); err != nil {
		return err
	}
	rs := s.rescreenHouseholds(ctx, g.Village, nos)
	obj := s.rescreenObjects(ctx, g.County, support.KindGrid)
	rs.Opened, rs.Closed = rs.Opened+obj.Opened, rs.Closed+obj.Closed
	http.Redirect(w, r, doneURL("/grids/"+url.PathEscape(g.ID), rs), http.StatusSeeOther)
	return nil
}

// addGridMember makes a cadre (or a new person, of level 村级) a member of the grid.
func (s *Server) addGridMember(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if !canManage(u) {
		return errs.E(errs.Forbidden, "您的角色（%s）不能修改网格", u.Role.Name())
	}
	ctx := r.Context()
	g, err := s.gridInScope(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := r.PostForm
	cadre := f.Get("cadre")
	if cadre == "" {
		c := &support.Cadre{Region: g.Village, Name: f.Get("name"), Phone: f.Get("phone"), Level: support.LevelVillage,
			Source: "网页录入：" + u.Username}
		if err := s.support().PutCadre(ctx, c); err != nil {
			return err
		}
		cadre = c.ID
	}
	if err := s.support().AddGridMember(ctx, &support.GridMember{GridID: g.ID, CadreID: cadre, Role: f.Get("role")}); err != nil {
		return err
	}
	rs := s.rescreenObjects(ctx, g.County, support.KindGrid, support.KindGridMember)
	http.Redirect(w, r, doneURL("/grids/"+url.PathEscape(g.ID), rs), http.StatusSeeOther)
	return nil
}

// confirmGrid records that the user, a member of the grid, confirms the role.
func (s *Server) confirmGrid(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	ctx := r.Context()
	g, err := s.gridInScope(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	c, err := s.support().CadreOfUser(ctx, u.Username)
	if err != nil {
		return err
	}
	if err := s.support().ConfirmGridMember(ctx, g.ID, c.ID); err != nil {
		return err
	}
	rs := s.rescreenObjects(ctx, g.County, support.KindGridMember)
	next := "/grids/" + url.PathEscape(g.ID)
	if r.PostForm.Get("next") == "my" {
		next = "/my"
	}
	http.Redirect(w, r, doneURL(next, rs), http.StatusSeeOther)
	return nil
}
