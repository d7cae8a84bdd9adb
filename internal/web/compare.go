package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/deptcompare"
	"github.com/gonggu/gonggu/internal/deptlists"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/store"
)

// The pages of the department data comparison (部门数据比对, internal/deptcompare): a county's
// staff upload a department's list (医保, 教育, 住建 …), read and checked whole by the code the
// command line uses (a file with any error is refused with its error report and writes
// nothing); the list is matched to the registry by ID number and the county re-screened, and
// its page shows what matched, who the list lacks and where the department contradicts the
// registry. On each contradiction a cadre accepts the department's value into the registry in
// one action (stored over the household's version, audited, the household re-screened) or
// records why not through the finding's 例外说明. Every request is limited to the user's
// region: a township sees its own part of a county's list.

func (s *Server) compareRoutes() {
	m := s.mux
	m.Handle("GET /compare", s.authed(s.comparePage))
	m.Handle("POST /compare", s.authed(s.compareUpload))
	m.Handle("GET /compare/reports/{id}", s.authed(s.compareReport))
	m.Handle("GET /compare/lists/{id}", s.authed(s.compareList))
	m.Handle("POST /compare/accept", s.authed(s.compareAccept))
}

// compareDomain is the domain of the refused lists in the log of list imports.
const compareDomain = "deptlists"

// comparePerPage is how many findings or households a page of a list shows.
const comparePerPage = 50

// deptService returns the comparison over the pages' database, engine and tree.
func (s *Server) deptService() *deptcompare.Service {
	svc := deptcompare.New(s.cfg.DB, s.engine(), s.cfg.Tree)
	svc.Now = s.now
	return svc
}

// compareKind is a kind of list as the upload form offers it.
type compareKind struct {
	Kind       string
	Department string
	Title      string
	Note       string
	Heads      []string
}

func compareKinds() []compareKind {
	out := make([]compareKind, 0, len(deptlists.Kinds))
	for _, k := range deptlists.Kinds {
		sp := deptlists.SpecOf(k)
		ck := compareKind{Kind: string(k), Department: sp.Department, Title: sp.Title, Note: sp.Note}
		for _, c := range sp.Table.Columns {
			ck.Heads = append(ck.Heads, c.Name)
		}
		out = append(out, ck)
	}
	return out
}

type comparePage struct {
	Kinds     []compareKind
	Counties  []regionOption
	County    region.Code // the county the form and the history are for, "" for all of the user's
	Kind      string      // the kind the history shows, "" for all
	Upload    string      // the kind the upload form offers first
	CanImport bool
	Lists     []compareListRow
	Refusals  []compareRefusal
	Refused   *compareRefused
	Notice    string
}

func (comparePage) PageTitle() string { return "部门数据比对" }

type compareListRow struct {
	store.DeptList
	CountyName string
	ScopeName  string
}

type compareRefusal struct {
	store.ListImport
	CountyName string
	At         string
}

// compareRefused is a file just refused: its problems, and where its error report is.
type compareRefused struct {
	File     string
	Kind     string
	Count    int
	Problems []string
	Report   string // "" when the file was refused as a whole, with no report
}

// compareFilter reads the page's county and kind from a query or form, within the user's region.
func (s *Server) compareFilter(r *http.Request, v url.Values) (region.Code, deptlists.Kind, error) {
	u := user(r)
	county := region.Code("")
	if c := strings.TrimSpace(v.Get("county")); c != "" {
		code, err := region.ParseCode(c)
		if err != nil || code.Level() != region.County {
			return "", "", errs.E(errs.Invalid, "请选择县（区）")
		}
		if err := checkCounty(u, code); err != nil {
			return "", "", err
		}
		county = code
	}
	var kind deptlists.Kind
	if k := v.Get("kind"); k != "" {
		var err error
		if kind, err = deptlists.ParseKind(k); err != nil {
			return "", "", err
		}
	}
	return county, kind, nil
}

// checkCounty returns errs.Forbidden unless the county is the user's or lies in the user's
// region.
func checkCounty(u *auth.User, county region.Code) error {
	if _, err := auth.Scope(u, county); err != nil && !(u.Region.Level() > region.County && u.Region.County() == county) {
		return errs.E(errs.Forbidden, "您没有查看或导入该县数据的权限")
	}
	return nil
}

func (s *Server) comparePageData(r *http.Request, county region.Code, kind deptlists.Kind) (comparePage, error) {
	u := user(r)
	ctx := r.Context()
	p := comparePage{Kinds: compareKinds(), Counties: s.fundsCounties(u), County: county, Kind: string(kind), Upload: string(kind),
		CanImport: u.Can(auth.PermImport), Notice: compareNotice(r)}
	if p.County == "" && len(p.Counties) == 1 {
		p.County = p.Counties[0].Code
	}
	// A county chosen narrows the history; a user below a county sees the lists of the
	// county that cover the user's part.
	scope := u.Region
	if county != "" && u.Region.Level() <= region.County {
		scope = county
	}
	lists, err := store.NewDeptLists(s.cfg.DB).Lists(ctx, scope, kind, 100)
	if err != nil {
		return p, err
	}
	for _, l := range lists {
		p.Lists = append(p.Lists, compareListRow{DeptList: l, CountyName: s.regionName(l.County), ScopeName: s.cfg.Tree.FullName(l.Scope)})
	}
	if p.CanImport {
		recent, err := store.NewListImports(s.cfg.DB).Recent(ctx, compareDomain, scope, 20)
		if err != nil {
			return p, err
		}
		for _, im := range recent {
			if im.Problems == 0 {
				continue
			}
			p.Refusals = append(p.Refusals, compareRefusal{ListImport: im, CountyName: s.regionName(im.County), At: stampText(im.At)})
		}
	}
	return p, nil
}

// stampText shows a stored UTC stamp in China's time.
func stampText(at string) string {
	for _, layout := range []string{"2006-01-02T15:04:05.000000Z", "2006-01-02T15:04:05Z"} {
		if t, err := time.Parse(layout, at); err == nil {
			return t.In(chinaTime).Format("2006-01-02 15:04")
		}
	}
	return at
}

// compareNotice is what the page says after an import.
func compareNotice(r *http.Request) string {
	q := r.URL.Query()
	switch {
	case q.Get("imported") != "":
		opened, _ := strconv.Atoi(q.Get("opened"))
		closed, _ := strconv.Atoi(q.Get("closed"))
		msg := "已导入并与登记库比对。"
		if q.Has("opened") {
			msg += fmt.Sprintf("已重新排查名单覆盖的区域：新发现 %d 个问题，消除 %d 个问题。", opened, closed)
		}
		return msg
	case q.Get("accepted") != "":
		opened, _ := strconv.Atoi(q.Get("opened"))
		closed, _ := strconv.Atoi(q.Get("closed"))
		open, _ := strconv.Atoi(q.Get("open"))
		msg := "已采纳" + q.Get("accepted") + "，已记入修改记录。"
		if q.Has("open") {
			msg += fmt.Sprintf("已重新排查本户：新发现 %d 个问题，消除 %d 个问题，现有未解决问题 %d 个。", opened, closed, open)
		}
		return msg
	}
	return ""
}

func (s *Server) comparePage(w http.ResponseWriter, r *http.Request) error {
	county, kind, err := s.compareFilter(r, r.URL.Query())
	if err != nil {
		return err
	}
	p, err := s.comparePageData(r, county, kind)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "compare", p)
	return nil
}

// compareUpload reads a department's list whole through the comparison's reader, refuses it
// with its error report when any cell is wrong, and otherwise compares it with the registry
// of the county, stores the outcome and re-screens the county, as gonggu compare does.
func (s *Server) compareUpload(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermImport); err != nil {
		return err
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return errs.E(errs.Invalid, "请选择 xlsx 或 csv 文件")
	}
	defer file.Close()
	kind, err := deptlists.ParseKind(r.FormValue("kind"))
	if err != nil {
		return err
	}
	county, err := region.ParseCode(r.FormValue("county"))
	if err != nil || county.Level() != region.County {
		return errs.E(errs.Invalid, "请选择县（区）")
	}
	if err := checkCounty(u, county); err != nil {
		return err
	}
	year := 0
	if y := strings.TrimSpace(r.FormValue("year")); y != "" {
		if year, err = strconv.Atoi(y); err != nil || year < 2000 || year > 2200 {
			return errs.E(errs.Invalid, "年度「%s」无效，请填写四位年份或留空", y)
		}
	}
	partial := r.FormValue("partial") != ""
	ctx := r.Context()
	name := filepath.Base(hdr.Filename)
	res, err := deptcompare.Read(kind, name, file, hdr.Size)
	if err != nil {
		return err
	}
	refuse := func(ref *compareRefused) error {
		p, err := s.comparePageData(r, county, "")
		if err != nil {
			return err
		}
		p.Refused, p.Upload = ref, string(kind)
		s.render(w, r, http.StatusUnprocessableEntity, "compare", p)
		return nil
	}
	if !res.OK() {
		var rep bytes.Buffer
		if err := res.WriteReport(&rep); err != nil {
			return err
		}
		summary := fmt.Sprintf("%s部门名单有 %d 处错误，未写入任何数据", kind, len(res.Problems))
		id, err := store.NewListImports(s.cfg.DB).Record(ctx, &store.ListImport{County: county, Domain: compareDomain,
			List: string(kind), File: name, Rows: len(res.Rows), Problems: len(res.Problems), Summary: summary, Report: rep.Bytes()})
		if err != nil {
			return err
		}
		ref := &compareRefused{File: name, Kind: string(kind), Count: len(res.Problems), Report: "/compare/reports/" + url.PathEscape(id)}
		for i, pr := range res.Problems {
			if i == 50 {
				ref.Problems = append(ref.Problems, fmt.Sprintf("……共 %d 处，全部问题见错误报告", len(res.Problems)))
				break
			}
			ref.Problems = append(ref.Problems, auth.MaskText(pr.String()))
		}
		return refuse(ref)
	}
	out, err := s.deptService().Compare(ctx, res, deptcompare.Options{Kind: kind, Scope: county, Year: year, Partial: partial, Screen: true})
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			// The file is well formed but cannot be compared as asked (a 水利 village that does
			// not resolve, a roster that covers too little of the county): nothing was written.
			return refuse(&compareRefused{File: name, Kind: string(kind), Count: 1, Problems: []string{auth.MaskText(errs.Message(err))}})
		}
		return err
	}
	s.figures.invalidate(county)
	s.scores.stale(county)
	if len(out.Lists) == 0 {
		return errs.E(errs.Invalid, "登记库中该县还没有农户，名单未写入")
	}
	q := url.Values{"imported": {"1"}}
	if out.Screened != nil {
		q.Set("opened", strconv.Itoa(out.Screened.Run.Opened))
		q.Set("closed", strconv.Itoa(out.Screened.Run.Closed))
	}
	http.Redirect(w, r, "/compare/lists/"+url.PathEscape(out.Lists[0].ID)+"?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// compareReport sends a refused list's error report.
func (s *Server) compareReport(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermImport); err != nil {
		return err
	}
	im, err := store.NewListImports(s.cfg.DB).Report(r.Context(), compareDomain, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := checkCounty(u, im.County); err != nil {
		return err
	}
	name := strings.TrimSuffix(im.File, filepath.Ext(im.File)) + "-错误报告.xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"report.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err = w.Write(im.Report)
	return err
}

// ---- a list's page

type compareListPage struct {
	List       store.DeptList
	Spec       compareKind
	CountyName string
	ScopeName  string
	ViewName   string // the part of the list the user sees
	Whole      bool   // the user sees the whole list
	Notice     string

	Matched, Missing, Contradicting int

	View     string // contra, matched or missing
	Rules    []compareRule
	Rule     string
	Findings []compareFinding
	Entries  []compareEntry
	Prev     string
	Next     string
	Total    int
	Back     string // this page, for the accept form to return to

	TabContra, TabMatched, TabMissing string

	FindingsLink string
	CanEdit      bool
	CanWaive     bool
	HouseholdLvl bool // the list is about households or villages, not persons
}

func (p compareListPage) PageTitle() string { return string(p.List.Kind) + "部门名单比对" }

type compareRule struct {
	ID, Title string
	N         int
	On        bool
	Href      string
}

type compareFinding struct {
	store.Finding
	Title    string
	Village  string
	Accept   string // what accepting the department's value changes, "" when it changes nothing
	Version  int64
	Subject  string
	Personal bool // the finding is about a person
}

type compareEntry struct {
	HouseholdNo string
	PersonNo    string
	Village     string
	Name        string
	ID          string
	Says        string
	Decision    string
}

// listView returns the part of a list the user may see: the list's area, or the user's region
// within it; errs.Forbidden when they do not meet.
func listView(u *auth.User, l *store.DeptList) (region.Code, error) {
	switch {
	case u.Region.Contains(l.Scope):
		return l.Scope, nil
	case l.Scope.Contains(u.Region):
		return u.Region, nil
	}
	return "", errs.E(errs.Forbidden, "您没有查看该名单的权限")
}

func ruleTitle(id string) string {
	if r := rules.All().Get(id); r != nil {
		return r.Title
	}
	for _, r := range rules.Objects() {
		if r.ID == id {
			return r.Title
		}
	}
	return id
}

func (s *Server) compareList(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	ctx := r.Context()
	lists := store.NewDeptLists(s.cfg.DB)
	l, err := lists.Get(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	view, err := listView(u, l)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	spec := deptlists.SpecOf(l.Kind)
	p := compareListPage{List: *l, CountyName: s.regionName(l.County), ScopeName: s.cfg.Tree.FullName(l.Scope),
		ViewName: s.cfg.Tree.FullName(view), Whole: view == l.Scope, Notice: compareNotice(r),
		CanEdit: u.Can(auth.PermEdit), CanWaive: u.Can(auth.PermWaive), HouseholdLvl: spec.Level != deptlists.PersonLevel,
		Back: "/compare/lists/" + url.PathEscape(l.ID)}
	p.TabContra, p.TabMatched, p.TabMissing = p.Back+"?view=contra", p.Back+"?view=matched", p.Back+"?view=missing"
	for _, k := range compareKinds() {
		if k.Kind == string(l.Kind) {
			p.Spec = k
		}
	}
	village := region.Code("")
	if view.Level() > region.County {
		village = view
	}
	// The counts of the user's part: Rows counts every entry its filter selects.
	if _, p.Matched, err = lists.Rows(ctx, l, store.DeptRowFilter{Village: village, Limit: 1}); err != nil {
		return err
	}
	if _, p.Missing, err = lists.Rows(ctx, l, store.DeptRowFilter{Missing: true, Village: village, Limit: 1}); err != nil {
		return err
	}
	findings := store.NewFindings(s.cfg.DB)
	for _, id := range rules.DeptRules(l.Kind) {
		n, err := findings.Count(ctx, store.FindingFilter{Scope: view, Rule: id, Status: store.StatusOpen})
		if err != nil {
			return err
		}
		p.Contradicting += n
		p.Rules = append(p.Rules, compareRule{ID: id, Title: ruleTitle(id), N: n})
	}
	p.View = q.Get("view")
	switch p.View {
	case "contra", "matched", "missing":
	case "":
		p.View = "matched"
		if p.Contradicting > 0 {
			p.View = "contra"
		}
	default:
		return errs.E(errs.Invalid, "未知的视图「%s」", p.View)
	}
	offset := pageOffset(q, comparePerPage)
	keep := url.Values{"view": {p.View}}
	switch p.View {
	case "contra":
		p.Rule = q.Get("rule")
		if p.Rule == "" {
			for _, ru := range p.Rules {
				if ru.N > 0 {
					p.Rule = ru.ID
					break
				}
			}
		}
		known := false
		for i := range p.Rules {
			ru := &p.Rules[i]
			ru.On = ru.ID == p.Rule
			known = known || ru.On
			ru.Href = p.Back + "?" + url.Values{"view": {"contra"}, "rule": {ru.ID}}.Encode()
		}
		if !known && p.Rule != "" {
			return errs.E(errs.Invalid, "规则「%s」不判断%s部门名单", p.Rule, l.Kind)
		}
		if p.Rule != "" {
			keep.Set("rule", p.Rule)
			p.FindingsLink = "/findings?" + url.Values{"rule": {p.Rule}, "region": {string(view)}}.Encode()
			if err := s.compareFindings(r, l, view, offset, &p); err != nil {
				return err
			}
		}
	default:
		es, n, err := lists.Rows(ctx, l, store.DeptRowFilter{Missing: p.View == "missing", Village: village, Offset: offset, Limit: comparePerPage})
		if err != nil {
			return err
		}
		p.Total = n
		unmask := u.Can(auth.PermUnmask)
		households := map[string]*registry.Aggregate{}
		for _, e := range es {
			name, id := e.Row.Name, e.Row.ID
			a, seen := households[e.HouseholdNo]
			if !seen && e.Missing && e.PersonNo != "" {
				// A person the list lacks has no row: who it is comes from the registry.
				if a, err = s.reg.Get(ctx, e.HouseholdNo); err != nil && !errs.Is(err, errs.NotFound) {
					return err
				}
			}
			households[e.HouseholdNo] = a
			if e.Missing && a != nil {
				for _, pe := range a.Persons {
					if pe.No == e.PersonNo {
						name, id = pe.Name, pe.IDNumber
					}
				}
			}
			ce := compareEntry{HouseholdNo: e.HouseholdNo, PersonNo: e.PersonNo, Village: s.villageName(e.Village),
				Name: name, ID: auth.MaskID(id), Says: rowText(&e.Row), Decision: decisionText(&e)}
			if !unmask {
				ce.Name = auth.MaskName(name)
			}
			if e.Missing {
				ce.Says = "不在名单中"
			}
			p.Entries = append(p.Entries, ce)
		}
		// The rows page by households: a full page may have more after it.
		if len(households) == comparePerPage {
			p.Next = p.Back + "?" + withOffset(keep, offset+comparePerPage)
		}
	}
	if p.View == "contra" && offset+comparePerPage < p.Total {
		p.Next = p.Back + "?" + withOffset(keep, offset+comparePerPage)
	}
	if offset > 0 {
		p.Prev = p.Back + "?" + withOffset(keep, max(0, offset-comparePerPage))
	}
	p.Back += "?" + withOffset(keep, offset)
	s.render(w, r, http.StatusOK, "compare_list", p)
	return nil
}

func withOffset(q url.Values, offset int) string {
	out := url.Values{}
	for k, v := range q {
		out[k] = v
	}
	if offset > 0 {
		out.Set("offset", strconv.Itoa(offset))
	}
	return out.Encode()
}

// compareFindings fills the page's open findings of its rule in the view, each with what
// accepting the department's value would change in the household as it is now.
func (s *Server) compareFindings(r *http.Request, l *store.DeptList, view region.Code, offset int, p *compareListPage) error {
	u := user(r)
	ctx := r.Context()
	list, total, err := store.NewFindings(s.cfg.DB).List(ctx, store.FindingFilter{Scope: view, Rule: p.Rule, Status: store.StatusOpen,
		Limit: comparePerPage, Offset: offset})
	if err != nil {
		return err
	}
	p.Total = total
	unmask := u.Can(auth.PermUnmask)
	aggs := map[string]*registry.Aggregate{}
	var nos []string
	for i := range list {
		no := list[i].HouseholdNo
		if no == "" || aggs[no] != nil {
			continue
		}
		a, err := s.reg.Get(ctx, no)
		if errs.Is(err, errs.NotFound) {
			continue
		}
		if err != nil {
			return err
		}
		aggs[no] = a
		nos = append(nos, no)
	}
	var facts map[string]*deptlists.Facts
	if p.CanEdit {
		if facts, err = s.deptService().HouseholdFacts(ctx, l.County, nos); err != nil {
			return err
		}
	}
	today := s.today()
	for i := range list {
		f := list[i]
		cf := compareFinding{Finding: f, Title: ruleTitle(f.RuleID), Village: s.villageName(f.Region), Subject: f.SubjectID,
			Personal: f.SubjectKind == "person"}
		a := aggs[f.HouseholdNo]
		expl := auth.MaskText(f.Explanation)
		if a != nil && !unmask {
			var names []string
			for _, pe := range a.Persons {
				names = append(names, pe.Name)
			}
			expl = auth.MaskNames(expl, names...)
		}
		cf.Explanation = expl
		if a != nil && facts[f.HouseholdNo] != nil {
			person := ""
			if cf.Personal {
				person = f.SubjectID
			}
			if x, err := deptcompare.Apply(l.Kind, facts[f.HouseholdNo], a.Clone(), person, today); err == nil && len(x.Changes) > 0 {
				cf.Accept, cf.Version = x.Text(), a.Household.Version
			}
		}
		p.Findings = append(p.Findings, cf)
	}
	return nil
}

// rowText says what a list's row states, in the list's words.
func rowText(r *deptlists.Row) string {
	var parts []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	add(r.State)
	add(r.Type)
	add(r.Grade)
	if !r.Date.IsZero() {
		add(r.Date.String())
	}
	add(r.Place)
	add(r.Unit)
	if r.Year != 0 {
		add(strconv.Itoa(r.Year) + " 年度")
	}
	return strings.Join(parts, "，")
}

func decisionText(e *store.DeptEntry) string {
	switch e.Decision {
	case store.DeptAccepted:
		return "已采纳（" + e.DecidedBy + "）"
	case store.DeptDeclined:
		return "不采纳（" + e.DecidedBy + "）"
	}
	return ""
}

// compareAccept writes what the department says about the subject of an open finding into the
// registry: the household stored over the version the page showed, audited, and re-screened.
func (s *Server) compareAccept(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermEdit); err != nil {
		return err
	}
	ctx := r.Context()
	fd, err := store.NewFindings(s.cfg.DB).Get(ctx, r.PostFormValue("finding"))
	if err != nil {
		return err
	}
	if err := auth.CheckVillage(u, fd.Region); err != nil {
		return err
	}
	kind, ok := rules.DeptRuleKind(fd.RuleID)
	if !ok || fd.HouseholdNo == "" {
		return errs.E(errs.Invalid, "这个问题不能采纳部门数据")
	}
	if fd.Status != store.StatusOpen {
		return errs.E(errs.Conflict, "这个问题已经不是未解决状态，请刷新页面")
	}
	a, err := s.loadHousehold(r, fd.HouseholdNo)
	if err != nil {
		return err
	}
	expect := formVersion(r.PostForm)
	if expect != a.Household.Version {
		return errs.E(errs.Conflict, "这户的数据在您打开页面后已被他人修改，请刷新页面核对后再采纳")
	}
	person := ""
	if fd.SubjectKind == "person" {
		person = fd.SubjectID
	}
	var related []string
	sc := s.cfg.Screening
	if sc != nil {
		// Asked before the accept: a person marked deceased or left stops sharing an ID number
		// or phone with other households, whose findings must follow.
		if related, err = sc.Related(ctx, a); err != nil {
			return err
		}
	}
	x, err := s.deptService().Accept(ctx, a, expect, kind, person)
	if err != nil {
		return err
	}
	village := a.Household.Village
	s.figures.invalidate(village)
	q := url.Values{"accepted": {string(kind) + "部门数据（" + x.Text() + "）"}}
	if sc != nil {
		res, err := sc.Rescreen(ctx, a.Household.No, related)
		if err != nil {
			return err
		}
		s.scores.stale(village)
		q.Set("opened", strconv.Itoa(res.Opened))
		q.Set("closed", strconv.Itoa(res.Closed))
		q.Set("open", strconv.Itoa(res.Open))
	}
	back := r.PostFormValue("back")
	if !strings.HasPrefix(back, "/compare/lists/") || strings.ContainsAny(back, "\\#") {
		back = "/compare"
	}
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	http.Redirect(w, r, back+sep+q.Encode(), http.StatusSeeOther)
	return nil
}
