package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/printout"
	"github.com/gonggu/gonggu/internal/procedure"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
)

// The pages of the monitoring procedure (internal/procedure): the procedures of the user's
// region with the overdue steps marked, starting a procedure for a household, a procedure's
// page with its steps, their deadlines and a card to record the next step (made for a phone
// in the village), and the printed village notice (公示) with the names masked. Every change is
// checked and audited by the store and re-screens the county's procedures.

func (s *Server) procedureRoutes() {
	m := s.mux
	m.Handle("GET /procedures", s.authed(s.proceduresPage))
	m.Handle("GET /procedures/new", s.authed(s.procedureNew))
	m.Handle("GET /procedures/notice", s.authed(s.villageNotice))
	m.Handle("POST /procedures", s.authed(s.procedureStart))
	m.Handle("GET /procedures/{county}/{id}", s.authed(s.procedurePage))
	m.Handle("POST /procedures/{county}/{id}/steps", s.authed(s.procedureStep))
	m.Handle("POST /procedures/{county}/{id}/close", s.authed(s.procedureClose))
	m.Handle("GET /procedures/{county}/{id}/notice", s.authed(s.procedureNotice))
}

func (s *Server) procedures() *store.Procedures { return store.NewProcedures(s.cfg.DB) }

const proceduresPerPage = 50

// procedureRow is a procedure as the list shows it.
type procedureRow struct {
	store.ProcedureView
	Village string
	Stage   string // the next step, or the state when none is left
	Overdue []string
}

type proceduresPage struct {
	Region  region.Region
	Regions []regionOption
	State   string
	House   string
	States  []procedure.State
	List    []procedureRow
	Total   int
	Late    int // overdue among the listed
	Pages   pages
	CanEdit bool
}

func (proceduresPage) PageTitle() string { return "监测程序" }

// stage names where a procedure stands.
func stage(p *procedure.Procedure) string {
	if next, ok := p.Next(); ok {
		return "待" + next.Name()
	}
	return p.State().Label()
}

// lateText says which steps are overdue, for a list or a page.
func lateText(ls []procedure.Late) []string {
	var out []string
	for _, l := range ls {
		out = append(out, fmt.Sprintf("%s逾期（期限 %s）", l.Step.Name(), l.Due))
	}
	return out
}

func (s *Server) proceduresPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, err := fundsScope(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.ProcedureFilter{Scope: scope, State: procedure.State(q.Get("state")), HouseholdNo: strings.TrimSpace(q.Get("household")),
		Limit: proceduresPerPage}
	switch f.State {
	case "", procedure.Open, procedure.Done, procedure.Closed:
	default:
		return errs.E(errs.Invalid, "未知的办理状态「%s」", f.State)
	}
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	f.Offset = max(f.Offset, 0)
	list, total, err := s.procedures().List(r.Context(), f)
	if err != nil {
		return err
	}
	p := proceduresPage{Regions: s.scopeChoices(u, scope), State: string(f.State), House: f.HouseholdNo, Total: total,
		States: []procedure.State{procedure.Open, procedure.Done, procedure.Closed}, CanEdit: auth.Require(u, auth.PermEdit) == nil}
	p.Region, _ = s.cfg.Tree.Get(scope)
	params := map[region.Code]*policy.Set{}
	today := s.today()
	for _, v := range list {
		ps, ok := params[v.County]
		if !ok {
			if ps, err = s.supportParams(r.Context(), v.County); err != nil {
				return err
			}
			params[v.County] = ps
		}
		row := procedureRow{ProcedureView: v, Village: s.villageName(v.Village), Stage: stage(&v.Procedure),
			Overdue: lateText(v.Overdue(ps, today))}
		if len(row.Overdue) > 0 {
			p.Late++
		}
		p.List = append(p.List, row)
	}
	q.Del("offset")
	p.Pages = paging("/procedures", q, f.Offset, total, proceduresPerPage)
	s.render(w, r, http.StatusOK, "procedures", p)
	return nil
}

// ownName returns a region's own name (石滩村民委员会), or its code when the tree lacks it.
func (s *Server) ownName(c region.Code) string {
	if reg, err := s.cfg.Tree.Get(c); err == nil {
		return reg.Name
	}
	return string(c)
}

// procedureNewPage is the form that starts a procedure for a household.
type procedureNewPage struct {
	Household  *store.ProcedureHousehold
	Village    string
	Kind       string
	Kinds      []procedure.Kind
	Categories []string
	Sources    []string
	Ways       []string
	Today      string
	Form       url.Values
	Problem    string
}

func (procedureNewPage) PageTitle() string { return "启动监测程序" }

// procedureHousehold reads the household of a form and checks the user may act on it.
func (s *Server) procedureHousehold(r *http.Request, no string) (*store.ProcedureHousehold, error) {
	no = strings.TrimSpace(no)
	if no == "" {
		return nil, errs.E(errs.Invalid, "请填写户编号")
	}
	h, err := s.procedures().Household(r.Context(), no)
	if err != nil {
		return nil, err
	}
	if err := checkPlace(user(r), h.Village); err != nil {
		return nil, err
	}
	return h, nil
}

func (s *Server) procedureNew(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Require(user(r), auth.PermEdit); err != nil {
		return err
	}
	h, err := s.procedureHousehold(r, r.URL.Query().Get("household"))
	if err != nil {
		return err
	}
	return s.renderProcedureNew(w, r, http.StatusOK, h, url.Values{}, "")
}

func (s *Server) renderProcedureNew(w http.ResponseWriter, r *http.Request, status int, h *store.ProcedureHousehold, form url.Values, problem string) error {
	p := procedureNewPage{Household: h, Village: s.cfg.Tree.FullName(h.Village), Kinds: procedure.Kinds,
		Categories: registry.MonitoringCategories, Sources: procedure.Sources, Ways: registry.EliminationWays,
		Today: s.today().String(), Form: form, Problem: problem, Kind: string(procedure.Identify)}
	if h.Unresolved {
		p.Kind = string(procedure.Eliminate)
	}
	s.render(w, r, status, "procedure_new", p)
	return nil
}

// procedureStart starts a procedure from the form; a refused one shows the form again with
// what was typed and why.
func (s *Server) procedureStart(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Require(user(r), auth.PermEdit); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return errs.E(errs.Invalid, "表单无效")
	}
	h, err := s.procedureHousehold(r, r.PostForm.Get("household"))
	if err != nil {
		return err
	}
	p := &procedure.Procedure{HouseholdNo: h.No, Category: r.PostForm.Get("category"), Source: r.PostForm.Get("source"),
		LeadNote: r.PostForm.Get("lead_note")}
	err = func() error {
		var err error
		if p.Kind, err = procedure.ParseKind(r.PostForm.Get("kind")); err != nil {
			return err
		}
		if p.LeadOn, err = formDate(r, "lead_on"); err != nil {
			return err
		}
		if p.Kind == procedure.Eliminate {
			p.Way = r.PostForm.Get("way")
			if p.StableSince, err = formDate(r, "stable_since"); err != nil {
				return err
			}
		}
		return s.procedures().Start(r.Context(), p)
	}()
	if code := errs.CodeOf(err); code == errs.Invalid || code == errs.Conflict {
		return s.renderProcedureNew(w, r, http.StatusUnprocessableEntity, h, r.PostForm, errs.Message(err))
	}
	if err != nil {
		return err
	}
	rs := s.rescreenObjects(r.Context(), p.County, procedure.KindObject)
	http.Redirect(w, r, doneURL(procedurePath(p), rs), http.StatusSeeOther)
	return nil
}

func procedurePath(p *procedure.Procedure) string {
	return "/procedures/" + string(p.County) + "/" + url.PathEscape(p.ID)
}

// procedureStepView is a step as the procedure's page shows it.
type procedureStepView struct {
	Step   procedure.Step
	Name   string
	Record *procedure.Record
	Due    string // "" when the step has no deadline of its own (yet)
	Late   bool
	Next   bool
}

type procedurePageData struct {
	P          *procedure.Procedure
	Head       string
	Village    string
	Steps      []procedureStepView
	Next       *procedureStepView
	Overdue    []string
	NoticeDays int
	NoticeEnd  string // the earliest last day of a notice posted today
	Today      string
	Notice     string
	Problem    string
	Form       url.Values
	Findings   []fundsFinding
	CanEdit    bool
	CanPrint   bool
	AtNotice   bool // reviewed by the village, not yet by the township: the village's notice prints
}

func (d procedurePageData) PageTitle() string { return d.P.Kind.Label() + "程序" }

// procedureOf reads the procedure of the URL and checks the user may see its village.
func (s *Server) procedureOf(r *http.Request) (*procedure.Procedure, error) {
	county, err := objectCounty(r)
	if err != nil {
		return nil, err
	}
	p, err := s.procedures().Get(r.Context(), county, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if err := checkPlace(user(r), p.Village); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Server) procedurePage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.procedureOf(r)
	if err != nil {
		return err
	}
	return s.renderProcedure(w, r, http.StatusOK, p, url.Values{}, "")
}

func (s *Server) renderProcedure(w http.ResponseWriter, r *http.Request, status int, p *procedure.Procedure, form url.Values, problem string) error {
	ctx := r.Context()
	ps, err := s.supportParams(ctx, p.County)
	if err != nil {
		return err
	}
	today := s.today()
	d := procedurePageData{P: p, Village: s.cfg.Tree.FullName(p.Village), Overdue: lateText(p.Overdue(ps, today)),
		NoticeDays: ps.Int(policy.NoticeDays), Today: today.String(), Notice: doneNotice(r), Problem: problem, Form: form,
		CanEdit: auth.Require(user(r), auth.PermEdit) == nil, CanPrint: len(p.Steps) >= int(procedure.Notice)}
	d.NoticeEnd = procedure.AddDays(today, d.NoticeDays-1).String()
	if d.Head, err = s.procedures().Head(ctx, p.County, p.HouseholdNo); err != nil {
		return err
	}
	next, open := p.Next()
	d.AtNotice = open && (next == procedure.Notice || next == procedure.Township)
	for _, st := range procedure.Steps() {
		v := procedureStepView{Step: st, Name: st.Name(), Record: p.Record(st), Next: open && st == next}
		if due, ok := p.Due(ps, st); ok {
			v.Due = due.String()
			_, v.Late = p.Lateness(ps, st, today)
		}
		d.Steps = append(d.Steps, v)
	}
	if open {
		d.Next = &d.Steps[next]
	}
	if d.Findings, err = s.objectFindings(ctx, p.County, procedure.KindObject, p.ID); err != nil {
		return err
	}
	s.render(w, r, status, "procedure", d)
	return nil
}

// procedureStep records the next step from the card's form.
func (s *Server) procedureStep(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Require(user(r), auth.PermEdit); err != nil {
		return err
	}
	p, err := s.procedureOf(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return errs.E(errs.Invalid, "表单无效")
	}
	rec := procedure.Record{By: r.PostForm.Get("by"), Note: r.PostForm.Get("note")}
	_, err = func() (*procedure.Procedure, error) {
		n, err := strconv.Atoi(r.PostForm.Get("step"))
		if err != nil || n < 0 || n >= int(procedure.NumSteps) {
			return nil, errs.E(errs.Invalid, "步骤无效")
		}
		rec.Step = procedure.Step(n)
		if rec.On, err = formDate(r, "on"); err != nil {
			return nil, err
		}
		if rec.Step == procedure.Notice {
			if rec.Until, err = formDate(r, "until"); err != nil {
				return nil, err
			}
		}
		return s.procedures().RecordStep(r.Context(), p.County, p.ID, rec)
	}()
	if code := errs.CodeOf(err); code == errs.Invalid || code == errs.Conflict {
		if fresh, ferr := s.procedures().Get(r.Context(), p.County, p.ID); ferr == nil {
			p = fresh
		}
		return s.renderProcedure(w, r, http.StatusUnprocessableEntity, p, r.PostForm, errs.Message(err))
	}
	if err != nil {
		return err
	}
	rs := s.rescreenObjects(r.Context(), p.County, procedure.KindObject)
	http.Redirect(w, r, doneURL(procedurePath(p), rs), http.StatusSeeOther)
	return nil
}

// procedureClose ends a procedure early with its reason.
func (s *Server) procedureClose(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Require(user(r), auth.PermEdit); err != nil {
		return err
	}
	p, err := s.procedureOf(r)
	if err != nil {
		return err
	}
	on, err := formDate(r, "closed_on")
	if err == nil {
		err = s.procedures().Close(r.Context(), p.County, p.ID, on, r.FormValue("reason"))
	}
	if code := errs.CodeOf(err); code == errs.Invalid || code == errs.Conflict {
		return s.renderProcedure(w, r, http.StatusUnprocessableEntity, p, r.PostForm, errs.Message(err))
	}
	if err != nil {
		return err
	}
	rs := s.rescreenObjects(r.Context(), p.County, procedure.KindObject)
	http.Redirect(w, r, doneURL(procedurePath(p), rs), http.StatusSeeOther)
	return nil
}

// procedureNotice prints the procedure's village notice (公示) on A4 through internal/printout:
// the head's name masked, the village and the category, no numbers of any kind. It is there
// once the village review is recorded, so the village can print it to post it.
func (s *Server) procedureNotice(w http.ResponseWriter, r *http.Request) error {
	p, err := s.procedureOf(r)
	if err != nil {
		return err
	}
	if len(p.Steps) < int(procedure.Notice) {
		return errs.E(errs.Conflict, "村级民主评议之后才能打印公示")
	}
	b, err := s.bulletin(r.Context(), p)
	if err != nil {
		return err
	}
	return writePrinted(w, b)
}

// maxNoticeRows bounds the households of one village notice: more than a sheet holds is a
// mistake of the filter, not a notice.
const maxNoticeRows = 40

// villageNotice prints one notice for every procedure of a kind in a village that is at its
// notice: reviewed by the village and not yet by the township. That is the sheet a village
// posts when several households are identified (or their risk eliminated) at one meeting.
func (s *Server) villageNotice(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	village, err := region.ParseCode(q.Get("village"))
	if err != nil || village.Level() != region.Village {
		return errs.E(errs.Invalid, "请选择一个村")
	}
	if err := checkPlace(user(r), village); err != nil {
		return err
	}
	kind, err := procedure.ParseKind(q.Get("kind"))
	if err != nil {
		return err
	}
	list, _, err := s.procedures().List(r.Context(), store.ProcedureFilter{Scope: village, State: procedure.Open})
	if err != nil {
		return err
	}
	var ps []*procedure.Procedure
	heads := map[string]string{}
	for i := range list {
		p := &list[i].Procedure
		if next, _ := p.Next(); p.Kind == kind && (next == procedure.Notice || next == procedure.Township) {
			ps, heads[p.HouseholdNo] = append(ps, p), list[i].Head
		}
	}
	if len(ps) == 0 {
		return errs.E(errs.NotFound, "该村没有待公示的%s程序", kind.Label())
	}
	if len(ps) > maxNoticeRows {
		return errs.E(errs.Invalid, "该村待公示的有 %d 户，一张公示最多 %d 户", len(ps), maxNoticeRows)
	}
	set, err := s.supportParams(r.Context(), village.County())
	if err != nil {
		return err
	}
	n := procedure.NewBulletin(ps, heads, set.Int(policy.NoticeDays), s.cfg.Tree.FullName(village), s.ownName(village))
	var buf bytes.Buffer
	if err := procedure.WriteBulletins(&buf, []*procedure.Bulletin{n}); err != nil {
		return err
	}
	return writePrinted(w, buf.Bytes())
}

// writePrinted answers with a printed page under the print producer's content policy.
func writePrinted(w http.ResponseWriter, b []byte) error {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", printout.CSP())
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(b)
	return err
}

// bulletin makes the printed notice of a procedure.
func (s *Server) bulletin(ctx context.Context, p *procedure.Procedure) ([]byte, error) {
	ps, err := s.supportParams(ctx, p.County)
	if err != nil {
		return nil, err
	}
	head, err := s.procedures().Head(ctx, p.County, p.HouseholdNo)
	if err != nil {
		return nil, err
	}
	n := procedure.NewBulletin([]*procedure.Procedure{p}, map[string]string{p.HouseholdNo: head}, ps.Int(policy.NoticeDays),
		s.cfg.Tree.FullName(p.Village), s.ownName(p.Village))
	var buf bytes.Buffer
	if err := procedure.WriteBulletins(&buf, []*procedure.Bulletin{n}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
