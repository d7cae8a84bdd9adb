package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/workplan"
)

// The work plan pages (工作计划和任务清单, internal/workplan): the tasks of the plan, filtered by
// status, indicator and overdue, with a form to add one and a page to edit each (completion
// needs its evidence: 闭环管理); and the policy matching table — each upper-level policy with
// the date the city and the county issued their implementation plans, and the deadline for
// those not yet issued. Every request is limited to the user's region: tasks by the region
// they belong to, policies (kept per county) from the county up. Every change is audited by
// the store and re-screens the county's plan.

func (s *Server) workPlanRoutes() {
	m := s.mux
	m.Handle("GET /plan", s.authed(s.planPage))
	m.Handle("POST /plan/tasks", s.authed(s.planAddTask))
	m.Handle("GET /plan/tasks/{county}/{id}", s.authed(s.planTaskPage))
	m.Handle("POST /plan/tasks/{county}/{id}", s.authed(s.planEditTask))
	m.Handle("POST /plan/policies", s.authed(s.planAddPolicy))
	m.Handle("GET /plan/policies/{county}/{id}", s.authed(s.planPolicyPage))
	m.Handle("POST /plan/policies/{county}/{id}", s.authed(s.planEditPolicy))
}

func (s *Server) plans() *store.WorkPlans { return store.NewWorkPlans(s.cfg.DB) }

// planTaskRow is a task as the list shows it.
type planTaskRow struct {
	*workplan.Task
	RegionName string
	Overdue    bool
	Indicators string
}

// planPolicyRow is a policy of the matching table.
type planPolicyRow struct {
	*workplan.Policy
	CountyName  string
	Due         registry.Date
	CityShown   string // the city's plan: its date and title, 不需要, or 未出台
	CountyShown string
	Late        []string // the levels past the delay
}

type planPage struct {
	Region     regionOption
	Regions    []regionOption
	Places     []regionOption // where a new task may belong
	Counties   []regionOption // where a new policy may be kept
	Status     string
	Indicator  int
	Overdue    bool
	Statuses   []workplan.Status
	Levels     []workplan.Level
	Tasks      []planTaskRow
	Counts     map[string]int
	Late       int
	Policies   []planPolicyRow
	ShowPolicy bool
	Delay      int
	CanEdit    bool
	Notice     string
	Year       int
	Today      registry.Date
}

func (planPage) PageTitle() string { return "工作计划" }

// Indicators lists 1–10 for the filter and the forms.
func (planPage) Indicators() []int { return []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} }

// IndicatorName names an indicator.
func (planPage) IndicatorName(i int) string { return rules.IndicatorTitles[i] }

// planNotice is the message a page shows after a change, from its query.
func planNotice(r *http.Request) string {
	q := r.URL.Query()
	if q.Get("saved") == "" {
		return ""
	}
	msg := "已保存。"
	if q.Has("opened") {
		opened, _ := strconv.Atoi(q.Get("opened"))
		closed, _ := strconv.Atoi(q.Get("closed"))
		msg += fmt.Sprintf("已重新排查本县的工作计划：新发现 %d 个问题，消除 %d 个问题。", opened, closed)
	}
	return msg
}

// planShown masks what the user may not see of a task: the responsible person's name for a
// role that may not unmask, and numbers inside the evidence for everyone.
func planShown(u *auth.User, t *workplan.Task) {
	t.Person = archiveName(u, t.Person)
	t.Evidence = auth.MaskText(t.Evidence)
}

func indicatorText(is []int) string {
	s := make([]string, len(is))
	for i, n := range is {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, "、")
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, err := fundsScope(r)
	if err != nil {
		return err
	}
	reg, err := s.cfg.Tree.Get(scope)
	if err != nil {
		return errs.E(errs.NotFound, "地区不存在")
	}
	q := r.URL.Query()
	ws := s.plans()
	today := ws.Today()
	p := planPage{Region: regionOption{Code: reg.Code, Name: s.cfg.Tree.FullName(reg.Code), Level: reg.Level}, Regions: s.scopeChoices(u, scope),
		Status: q.Get("status"), Overdue: q.Get("overdue") == "1", Statuses: workplan.Statuses, Levels: workplan.Levels,
		Counts: map[string]int{}, CanEdit: u.Can(auth.PermEdit), Notice: planNotice(r), Year: today.Time().Year(), Today: today}
	if v := q.Get("indicator"); v != "" {
		if p.Indicator, err = strconv.Atoi(v); err != nil || p.Indicator < 1 || p.Indicator > 10 {
			return errs.E(errs.Invalid, "指标「%s」无效", v)
		}
	}
	var status workplan.Status
	if p.Status != "" {
		if status, err = workplan.ParseStatus(p.Status); err != nil {
			return err
		}
	}
	ctx := r.Context()
	all, err := ws.Tasks(ctx, store.TaskFilter{Scope: scope})
	if err != nil {
		return err
	}
	for _, t := range all {
		p.Counts[string(t.Status)]++
		over := t.Overdue(today)
		if over {
			p.Late++
		}
		if (status != "" && t.Status != status) || (p.Indicator != 0 && !t.Serves(p.Indicator)) || (p.Overdue && !over) {
			continue
		}
		planShown(u, t)
		p.Tasks = append(p.Tasks, planTaskRow{Task: t, RegionName: s.villageName(t.Region), Overdue: over, Indicators: indicatorText(t.Indicators)})
	}
	for _, o := range p.Regions {
		if o.Level >= region.County {
			p.Places = append(p.Places, o)
		}
		if o.Level == region.County {
			p.Counties = append(p.Counties, o)
		}
	}
	// Policies are kept per county: shown from the county up.
	if p.ShowPolicy = reg.Level <= region.County; p.ShowPolicy {
		list, err := ws.Policies(ctx, scope)
		if err != nil {
			return err
		}
		delays := map[region.Code]int{}
		for _, pol := range list {
			d, ok := delays[pol.County]
			if !ok {
				ps, err := store.NewParams(s.cfg.DB).Resolve(ctx, pol.County, today.Time().Year())
				if err != nil {
					return err
				}
				d = ps.Int(policy.PlanPolicyMatchDays)
				delays[pol.County] = d
			}
			p.Delay = d
			row := planPolicyRow{Policy: pol, CountyName: s.villageName(pol.County), Due: pol.Due(d)}
			row.CityShown, row.CountyShown = matchShown(pol, workplan.City, d), matchShown(pol, workplan.County, d)
			for _, l := range pol.Unmatched(d, today) {
				row.Late = append(row.Late, string(l))
			}
			p.Policies = append(p.Policies, row)
		}
		if p.Delay == 0 {
			p.Delay = policy.MustDefaults(p.Year).Int(policy.PlanPolicyMatchDays)
		}
	}
	s.render(w, r, http.StatusOK, "plan", p)
	return nil
}

// matchShown writes a level's plan of a policy: not owed, not issued, or its date and title,
// with how late it came when it came after the deadline (a fact the evaluators ask about,
// though no longer an open problem).
func matchShown(p *workplan.Policy, l workplan.Level, delay int) string {
	owed := false
	for _, o := range p.Level.Owed() {
		owed = owed || o == l
	}
	m := p.Plan(l)
	switch {
	case !owed:
		return "不需要"
	case m.IssuedOn.IsZero():
		return "未出台"
	}
	s := strings.TrimSpace(m.IssuedOn.String() + " " + m.Title)
	if due := p.Due(delay); due.Before(m.IssuedOn) {
		s += fmt.Sprintf("（超过期限 %d 天出台）", int(m.IssuedOn.Time().Sub(due.Time()).Hours()/24))
	}
	return s
}

// taskForm reads a task's fields from a posted form into t.
func taskForm(r *http.Request, t *workplan.Task) error {
	if err := r.ParseForm(); err != nil {
		return errs.E(errs.Invalid, "表单无法读取")
	}
	f := r.PostForm
	place, err := region.ParseCode(f.Get("region"))
	if err != nil {
		return errs.E(errs.Invalid, "请选择任务所属地区")
	}
	if t.Deadline, err = registry.ParseDate(f.Get("deadline")); err != nil {
		return errs.E(errs.Invalid, "完成时限「%s」不是日期", f.Get("deadline"))
	}
	if t.Status, err = workplan.ParseStatus(f.Get("status")); err != nil {
		return err
	}
	if t.Indicators, err = workplan.ParseIndicators(f["indicator"]...); err != nil {
		return err
	}
	t.Region, t.Title, t.Unit, t.Person, t.Evidence = place, f.Get("title"), f.Get("unit"), f.Get("person"), f.Get("evidence")
	t.Year = t.Deadline.Time().Year()
	if y, err := strconv.Atoi(strings.TrimSpace(f.Get("year"))); err == nil {
		t.Year = y
	}
	return nil
}

// checkPlanEdit refuses a change by a user who may not edit, or whose region does not hold
// the place.
func checkPlanEdit(u *auth.User, place region.Code) error {
	if err := auth.Require(u, auth.PermEdit); err != nil {
		return err
	}
	return checkPlace(u, place)
}

// rescreenPlan screens the county's tasks or policies again after a change and returns the
// query the page's notice reads.
func (s *Server) rescreenPlan(r *http.Request, county region.Code, kind string) (url.Values, error) {
	q := url.Values{"saved": {"1"}}
	if sc, ok := s.cfg.Screening.(*screening); ok {
		res, err := sc.e.Objects(r.Context(), county, kind)
		if err != nil {
			return nil, err
		}
		q.Set("opened", strconv.Itoa(len(res.Opened)))
		q.Set("closed", strconv.Itoa(len(res.Closed)))
	}
	s.scores.stale(county)
	return q, nil
}

func (s *Server) planAddTask(w http.ResponseWriter, r *http.Request) error {
	t := &workplan.Task{}
	if err := taskForm(r, t); err != nil {
		return err
	}
	if err := checkPlanEdit(user(r), t.Region); err != nil {
		return err
	}
	if err := s.plans().AddTask(r.Context(), t); err != nil {
		return err
	}
	q, err := s.rescreenPlan(r, t.County, workplan.KindTask)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/plan/tasks/"+string(t.County)+"/"+url.PathEscape(t.ID)+"?"+q.Encode(), http.StatusSeeOther)
	return nil
}

type planTaskPage struct {
	Task       *workplan.Task
	RegionName string
	Overdue    bool
	Places     []regionOption
	Statuses   []workplan.Status
	Findings   []fundsFinding
	CanEdit    bool
	Notice     string
}

func (p planTaskPage) PageTitle() string { return "工作任务" }

// Indicators lists 1–10 for the form.
func (planTaskPage) Indicators() []int { return []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} }

// IndicatorName names an indicator.
func (planTaskPage) IndicatorName(i int) string { return rules.IndicatorTitles[i] }

// planTask loads the task of the URL and checks the user may see it.
func (s *Server) planTask(r *http.Request) (*workplan.Task, error) {
	county, err := objectCounty(r)
	if err != nil {
		return nil, err
	}
	t, err := s.plans().Task(r.Context(), county, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if err := checkPlace(user(r), t.Region); err != nil {
		return nil, err
	}
	return t, nil
}

func (s *Server) planTaskPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	t, err := s.planTask(r)
	if err != nil {
		return err
	}
	p := planTaskPage{Task: t, RegionName: s.villageName(t.Region), Overdue: t.Overdue(s.plans().Today()), Statuses: workplan.Statuses,
		CanEdit: u.Can(auth.PermEdit), Notice: planNotice(r)}
	for _, o := range s.scopeChoices(u, t.Region) {
		if o.Level >= region.County && t.County.Contains(o.Code) {
			p.Places = append(p.Places, o)
		}
	}
	if p.Findings, err = s.objectFindings(r.Context(), t.County, workplan.KindTask, t.ID); err != nil {
		return err
	}
	if !p.CanEdit {
		planShown(u, t)
	}
	s.render(w, r, http.StatusOK, "plan_task", p)
	return nil
}

func (s *Server) planEditTask(w http.ResponseWriter, r *http.Request) error {
	old, err := s.planTask(r)
	if err != nil {
		return err
	}
	t := &workplan.Task{County: old.County, ID: old.ID}
	if err := taskForm(r, t); err != nil {
		return err
	}
	if err := checkPlanEdit(user(r), old.Region); err != nil {
		return err
	}
	if err := checkPlanEdit(user(r), t.Region); err != nil {
		return err
	}
	if err := s.plans().UpdateTask(r.Context(), t); err != nil {
		return err
	}
	q, err := s.rescreenPlan(r, t.County, workplan.KindTask)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/plan/tasks/"+string(t.County)+"/"+url.PathEscape(t.ID)+"?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// policyForm reads a policy's fields from a posted form into p.
func policyForm(r *http.Request, p *workplan.Policy) error {
	if err := r.ParseForm(); err != nil {
		return errs.E(errs.Invalid, "表单无法读取")
	}
	f := r.PostForm
	var err error
	date := func(name, what string) registry.Date {
		if err != nil {
			return registry.Date{}
		}
		var d registry.Date
		if d, err = registry.ParseDate(f.Get(name)); err != nil {
			err = errs.E(errs.Invalid, "%s「%s」不是日期", what, f.Get(name))
		}
		return d
	}
	p.Title, p.DocNo, p.Level = f.Get("title"), f.Get("doc_no"), workplan.Level(f.Get("level"))
	p.IssuedOn = date("issued_on", "印发日期")
	p.CityPlan = workplan.Match{IssuedOn: date("city_on", "市级方案印发日期"), Title: f.Get("city_title")}
	p.CountyPlan = workplan.Match{IssuedOn: date("county_on", "县级方案印发日期"), Title: f.Get("county_title")}
	return err
}

func (s *Server) planAddPolicy(w http.ResponseWriter, r *http.Request) error {
	p := &workplan.Policy{}
	if err := policyForm(r, p); err != nil {
		return err
	}
	county, err := region.ParseCode(r.PostForm.Get("county"))
	if err != nil || county.Level() != region.County {
		return errs.E(errs.Invalid, "请选择登记政策的县")
	}
	if err := checkPlanEdit(user(r), county); err != nil {
		return err
	}
	p.County = county
	if err := s.plans().SavePolicy(r.Context(), p); err != nil {
		return err
	}
	q, err := s.rescreenPlan(r, county, workplan.KindPolicy)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/plan/policies/"+string(county)+"/"+url.PathEscape(p.ID)+"?"+q.Encode(), http.StatusSeeOther)
	return nil
}

type planPolicyPage struct {
	Policy   planPolicyRow
	Levels   []workplan.Level
	Findings []fundsFinding
	CanEdit  bool
	Notice   string
	Delay    int
}

func (p planPolicyPage) PageTitle() string { return "政策配套" }

// planPolicy loads the policy of the URL and checks the user may see its county.
func (s *Server) planPolicy(r *http.Request) (*workplan.Policy, error) {
	county, err := objectCounty(r)
	if err != nil {
		return nil, err
	}
	if err := checkPlace(user(r), county); err != nil {
		return nil, err
	}
	return s.plans().Policy(r.Context(), county, r.PathValue("id"))
}

func (s *Server) planPolicyPage(w http.ResponseWriter, r *http.Request) error {
	pol, err := s.planPolicy(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	today := s.plans().Today()
	ps, err := store.NewParams(s.cfg.DB).Resolve(ctx, pol.County, today.Time().Year())
	if err != nil {
		return err
	}
	d := ps.Int(policy.PlanPolicyMatchDays)
	row := planPolicyRow{Policy: pol, CountyName: s.villageName(pol.County), Due: pol.Due(d),
		CityShown: matchShown(pol, workplan.City, d), CountyShown: matchShown(pol, workplan.County, d)}
	for _, l := range pol.Unmatched(d, today) {
		row.Late = append(row.Late, string(l))
	}
	p := planPolicyPage{Policy: row, Levels: workplan.Levels, CanEdit: user(r).Can(auth.PermEdit), Notice: planNotice(r), Delay: d}
	if p.Findings, err = s.objectFindings(ctx, pol.County, workplan.KindPolicy, pol.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "plan_policy", p)
	return nil
}

func (s *Server) planEditPolicy(w http.ResponseWriter, r *http.Request) error {
	old, err := s.planPolicy(r)
	if err != nil {
		return err
	}
	if err := checkPlanEdit(user(r), old.County); err != nil {
		return err
	}
	p := &workplan.Policy{County: old.County, ID: old.ID}
	if err := policyForm(r, p); err != nil {
		return err
	}
	if err := s.plans().SavePolicy(r.Context(), p); err != nil {
		return err
	}
	q, err := s.rescreenPlan(r, p.County, workplan.KindPolicy)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/plan/policies/"+string(p.County)+"/"+url.PathEscape(p.ID)+"?"+q.Encode(), http.StatusSeeOther)
	return nil
}
