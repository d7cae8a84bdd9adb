package web

import (
	"bytes"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/findinglist"
	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

type findingsPage struct {
	Enabled    bool
	Filter     FindingFilter
	Region     string
	Regions    []regionOption
	Indicators []Indicator
	Rules      []Rule
	Items      []findingItem
	Total      int
	Pages      pages
	Query      string // the filter as a query, for the export and the forms that come back here
	Keep       [][2]string
	CanLedger  bool // the user may put the findings on the rectification ledger
	CanFull    bool // the user may export the list with names and numbers in full
	Tickable   bool // some row can be ticked for the ledger
}

func (findingsPage) PageTitle() string { return "疑点清单" }

type findingItem struct {
	Finding
	Village string
	Head    string // the household's 户主
	// Item is the rectification ledger item the finding is on ("" for none), ItemStatus its
	// state.
	Item       string
	ItemStatus string
}

const findingsPerPage = 100

// findingFilter reads the filter of the findings list and its export from the query, with the
// region turned into the user's allowed scope.
func (s *Server) findingFilter(r *http.Request) (FindingFilter, error) {
	q := r.URL.Query()
	if r.Method == http.MethodPost {
		q = r.PostForm
	}
	var requested region.Code
	if c := q.Get("region"); c != "" {
		code, err := region.ParseCode(c)
		if err != nil {
			return FindingFilter{}, err
		}
		requested = code
	}
	scope, err := auth.Scope(user(r), requested)
	if err != nil {
		return FindingFilter{}, err
	}
	f := FindingFilter{Scope: scope, Indicator: q.Get("indicator"), Rule: q.Get("rule"), Severity: q.Get("severity"),
		Status: q.Get("status"), Limit: findingsPerPage}
	switch f.Status {
	case "", "open":
		f.Status = "open"
	case "waived", "closed", "all":
	default:
		return f, errs.E(errs.Invalid, "未知的状态「%s」", f.Status)
	}
	if f.Severity != "" && f.Severity != "high" && f.Severity != "medium" && f.Severity != "low" {
		return f, errs.E(errs.Invalid, "未知的严重程度「%s」", f.Severity)
	}
	f.Offset = pageOffset(q, findingsPerPage)
	return f, nil
}

func (s *Server) findingsPage(w http.ResponseWriter, r *http.Request) error {
	sc := s.cfg.Screening
	u := user(r)
	f, err := s.findingFilter(r)
	if err != nil {
		return err
	}
	p := findingsPage{Enabled: sc != nil, Filter: f, Region: string(f.Scope), Regions: s.scopeChoices(u, f.Scope),
		CanLedger: ledger.CanCreate(u, f.Scope) == nil, CanFull: u.Can(auth.PermUnmask)}
	if sc == nil {
		s.render(w, r, http.StatusOK, "findings", p)
		return nil
	}
	p.Indicators, p.Rules = sc.Catalog()
	list, total, err := sc.List(r.Context(), f)
	if err != nil {
		return err
	}
	if len(list) == 0 && total > 0 && f.Offset > 0 {
		// A jump past the last page shows the last page.
		f.Offset = (total - 1) / findingsPerPage * findingsPerPage
		if list, total, err = sc.List(r.Context(), f); err != nil {
			return err
		}
		p.Filter = f
	}
	p.Total = total
	if p.Items, err = s.listItems(r, list); err != nil {
		return err
	}
	for _, it := range p.Items {
		if it.Status == "open" && it.Item == "" {
			p.Tickable = true
		}
	}
	q := url.Values{}
	for k, vs := range r.URL.Query() {
		if k != "offset" && k != "page" && k != "msg" && k != "n" {
			q[k] = vs
		}
	}
	p.Query = q.Encode()
	for k, vs := range q {
		for _, v := range vs {
			p.Keep = append(p.Keep, [2]string{k, v})
		}
	}
	p.Pages = paging("/findings", q, f.Offset, total, findingsPerPage)
	s.render(w, r, http.StatusOK, "findings", p)
	return nil
}

// listItems dresses a page of findings for the list: numbers masked, the village and the 户主
// named, and the ledger item each is on.
func (s *Server) listItems(r *http.Request, list []Finding) ([]findingItem, error) {
	keys := make([]store.HouseholdKey, 0, len(list))
	ids := make([]string, 0, len(list))
	for _, fd := range list {
		keys = append(keys, store.HouseholdKey{County: fd.Region.County(), No: fd.HouseholdNo})
		ids = append(ids, fd.ID)
	}
	heads, err := s.reg.Heads(r.Context(), keys)
	if err != nil {
		return nil, err
	}
	tracked, err := s.ledger().Tracking(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	out := make([]findingItem, 0, len(list))
	for _, fd := range list {
		it := findingItem{Finding: maskFinding(fd), Village: s.villageName(fd.Region), Head: heads[fd.HouseholdNo]}
		if tr, ok := tracked[fd.ID]; ok {
			it.Item, it.ItemStatus = tr.ItemID, tr.Status.Label()
		}
		out = append(out, it)
	}
	return out, nil
}

// findingsExport writes the filtered list as the 疑点清单 (package findinglist, the workbook the
// command line writes too), every row of it, and records the export in the audit log. A GET
// (a link) gets the workbook with names and numbers masked; a POST from the list's form (with
// its CSRF token) gets them in full when the user's role may see them.
func (s *Server) findingsExport(w http.ResponseWriter, r *http.Request) error {
	sc := s.cfg.Screening
	if sc == nil {
		return errs.E(errs.NotFound, "排查功能尚未启用")
	}
	f, err := s.findingFilter(r)
	if err != nil {
		return err
	}
	q, err := storeQuery(f)
	if err != nil {
		return err
	}
	full := r.Method == http.MethodPost && user(r).Can(auth.PermUnmask)
	var buf bytes.Buffer
	n, err := findinglist.Write(r.Context(), &buf, store.NewFindings(s.cfg.DB), findinglist.Request{Query: q, Tree: s.cfg.Tree,
		Now: s.now(), Full: full, Filter: describeFilter(f, s)})
	if err != nil {
		return err
	}
	what := "已隐去姓名和号码"
	if full {
		what = "含完整姓名和号码"
	}
	if err := s.audit.Append(r.Context(), audit.Entry{Action: audit.Export, ObjectType: "findings", Region: f.Scope,
		Detail: fmt.Sprintf("导出%s %d 条（%s；%s）", findinglist.Title, n, what, describeFilter(f, s))}); err != nil {
		return err
	}
	name := fmt.Sprintf("%s-%s-%s.xlsx", findinglist.Title, s.regionName(f.Scope), s.now().In(chinaTime).Format("20060102"))
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"findings.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err = w.Write(buf.Bytes())
	return err
}

// storeQuery turns the pages' filter into the store's query.
func storeQuery(f FindingFilter) (store.FindingQuery, error) {
	ind, err := parseIndicator(f.Indicator)
	if err != nil {
		return store.FindingQuery{}, err
	}
	q := store.FindingQuery{FindingFilter: store.FindingFilter{Scope: f.Scope, Rule: f.Rule}, Indicator: ind, Severity: f.Severity}
	switch f.Status {
	case "", "open":
		q.Status = store.StatusOpen
	case "all":
	default:
		if q.Status, err = store.ParseFindingStatus(f.Status); err != nil {
			return q, err
		}
	}
	return q, nil
}

// maskFinding masks the ID numbers and phones in a finding's free texts: its explanation, its
// subject as shown and the reason a user typed when waiving it. Lists, the API and exports
// show findings so to every role; only the audited reveal of a household shows them in full.
func maskFinding(fd Finding) Finding {
	fd.Subject = auth.MaskText(fd.Subject)
	fd.Explanation = auth.MaskText(fd.Explanation)
	fd.WaiveReason = auth.MaskText(fd.WaiveReason)
	return fd
}

func (s *Server) regionName(c region.Code) string {
	if reg, err := s.cfg.Tree.Get(c); err == nil {
		return reg.Name
	}
	return string(c)
}

func describeFilter(f FindingFilter, s *Server) string {
	q, err := storeQuery(f)
	if err != nil {
		return ""
	}
	return findinglist.Describe(s.cfg.Tree, q)
}

// waivable returns the finding of the request's id when the user may waive it: the role
// allows it and the finding lies in the user's region.
func (s *Server) waivable(r *http.Request) (Screening, Finding, error) {
	sc := s.cfg.Screening
	if sc == nil {
		return nil, Finding{}, errs.E(errs.NotFound, "排查功能尚未启用")
	}
	u := user(r)
	if err := auth.Require(u, auth.PermWaive); err != nil {
		return nil, Finding{}, err
	}
	fd, err := sc.Finding(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, Finding{}, err
	}
	return sc, fd, auth.CheckVillage(u, fd.Region)
}

// waive records an accepted exception for an open finding in the user's scope.
func (s *Server) waive(w http.ResponseWriter, r *http.Request) error {
	sc, fd, err := s.waivable(r)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if utf8.RuneCountInString(reason) < 5 {
		return errs.E(errs.Invalid, "请填写例外说明（至少 5 个字），说明为什么这不是问题")
	}
	if utf8.RuneCountInString(reason) > 500 {
		return errs.E(errs.Invalid, "例外说明不能超过 500 个字")
	}
	if err := sc.Waive(r.Context(), fd.ID, reason); err != nil {
		return err
	}
	return s.afterWaive(w, r, fd, audit.Entry{Action: audit.FindingWaive, Detail: "问题「" + fd.RuleTitle + "」登记例外：" + reason}, "waived")
}

// unwaive withdraws the exception of a waived finding in the user's scope: it is open again.
func (s *Server) unwaive(w http.ResponseWriter, r *http.Request) error {
	sc, fd, err := s.waivable(r)
	if err != nil {
		return err
	}
	if fd.Status != "waived" {
		return errs.E(errs.Conflict, "这个问题没有例外说明可以撤销")
	}
	if err := sc.Unwaive(r.Context(), fd.ID); err != nil {
		return err
	}
	return s.afterWaive(w, r, fd, audit.Entry{Action: audit.FindingReopen, Detail: "问题「" + fd.RuleTitle + "」撤销例外说明"}, "unwaived")
}

// afterWaive audits a change of a finding's exception, marks the figures stale and returns
// to the page the form came from.
func (s *Server) afterWaive(w http.ResponseWriter, r *http.Request, fd Finding, e audit.Entry, msg string) error {
	e.ObjectType, e.ObjectID, e.Region = "household", fd.HouseholdNo, fd.Region
	err := s.cfg.DB.Tx(r.Context(), func(tx *sql.Tx) error {
		if err := s.audit.AppendTx(r.Context(), tx, e); err != nil {
			return err
		}
		return s.cfg.DB.BumpDataVersion(r.Context(), tx, "registry")
	})
	if err != nil {
		return err
	}
	s.figures.invalidate(fd.Region)
	s.scores.stale(fd.Region)
	back := safeNext(r.PostFormValue("back"))
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	http.Redirect(w, r, back+sep+"msg="+msg, http.StatusSeeOther)
	return nil
}
