package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

// The rectification ledger (整改台账): lists, item pages, bulk creation from findings, entry
// and import of outside items, evidence files, 举一反三 and the xlsx export. Every route asks
// auth.Scope for the region, and the store checks the workflow's rules for every change.

const ledgerPerPage = 100

func (s *Server) ledger() *store.Ledger { return store.NewLedger(s.cfg.DB) }

type ledgerRow struct {
	ledger.Item
	RegionName string
	Overdue    bool
}

type ledgerPage struct {
	Region     string
	Regions    []region.Region
	Status     string
	Person     string
	Overdue    bool
	Statuses   []ledger.Status
	Items      []ledgerRow
	Total      int
	Counts     map[string]int
	Query      string
	Prev, Next string
	CanCreate  bool
}

func (ledgerPage) PageTitle() string { return "整改台账" }

// ledgerFilter reads the list's filter from the query: region (scoped), status, person
// (responsible person or unit), overdue.
func (s *Server) ledgerFilter(r *http.Request) (store.Filter, error) {
	q := r.URL.Query()
	var requested region.Code
	if c := q.Get("region"); c != "" {
		code, err := region.ParseCode(c)
		if err != nil {
			return store.Filter{}, err
		}
		requested = code
	}
	scope, err := auth.Scope(user(r), requested)
	if err != nil {
		return store.Filter{}, err
	}
	f := store.Filter{Scope: scope, Person: strings.TrimSpace(q.Get("person")), Rule: q.Get("rule"), Parent: q.Get("parent"), Limit: ledgerPerPage}
	switch st := q.Get("status"); st {
	case "", "all":
	case "open":
		f.Open = true
	default:
		if f.Status, err = ledger.ParseStatus(st); err != nil {
			return f, err
		}
	}
	if q.Get("overdue") != "" {
		f.Overdue = s.now()
	}
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	f.Offset = max(f.Offset, 0)
	return f, nil
}

func (s *Server) ledgerPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	f, err := s.ledgerFilter(r)
	if err != nil {
		return err
	}
	l := s.ledger()
	items, total, err := l.List(r.Context(), f)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := ledgerPage{Region: string(f.Scope), Regions: s.scopeChoices(u), Status: q.Get("status"), Person: f.Person,
		Overdue: !f.Overdue.IsZero(), Statuses: ledger.Statuses, Total: total, Counts: map[string]int{},
		CanCreate: ledger.CanCreate(u, f.Scope) == nil}
	if f.Scope == u.Region {
		p.Region = ""
	}
	for _, st := range ledger.Statuses {
		if p.Counts[string(st)], err = l.Count(r.Context(), store.Filter{Scope: f.Scope, Status: st}); err != nil {
			return err
		}
	}
	if p.Counts["overdue"], err = l.Count(r.Context(), store.Filter{Scope: f.Scope, Overdue: s.now()}); err != nil {
		return err
	}
	for _, it := range items {
		maskItem(&it)
		p.Items = append(p.Items, ledgerRow{Item: it, RegionName: s.cfg.Tree.FullName(it.Region), Overdue: it.Overdue(s.now())})
	}
	q.Del("offset")
	p.Query = q.Encode()
	p.Prev, p.Next = pager("/ledger", q, f.Offset, len(items), total, ledgerPerPage)
	s.render(w, r, http.StatusOK, "ledger", p)
	return nil
}

// ledgerExport writes the filtered ledger as a 整改台账 workbook, every row of it.
func (s *Server) ledgerExport(w http.ResponseWriter, r *http.Request) error {
	f, err := s.ledgerFilter(r)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = 0, 0
	xw, err := ledger.NewWriter()
	if err != nil {
		return err
	}
	n := 0
	if err := s.ledger().Each(r.Context(), f, func(it *ledger.Item) error {
		n++
		maskItem(it)
		return xw.Write(it)
	}); err != nil {
		return err
	}
	if err := s.audit.Append(r.Context(), audit.Entry{Action: audit.Export, ObjectType: "ledger", Region: f.Scope,
		Detail: fmt.Sprintf("导出整改台账 %d 条", n)}); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := xw.Close(&buf); err != nil {
		return err
	}
	name := fmt.Sprintf("整改台账-%s-%s.xlsx", s.regionName(f.Scope), s.now().In(chinaTime).Format("20060102"))
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"ledger.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err = w.Write(buf.Bytes())
	return err
}

type ledgerNewPage struct {
	Regions  []region.Region
	Rules    []Rule
	Sources  []ledger.Source
	Item     ledger.Item
	Rule     string
	Problems map[string]string
	Error    string
}

func (ledgerNewPage) PageTitle() string { return "新增整改事项" }

func (s *Server) ledgerNewForm(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := ledger.CanCreate(u, u.Region); err != nil {
		return err
	}
	p := s.newPage(u)
	p.Item.Deadline = s.now().In(chinaTime).AddDate(0, 1, 0).Format(ledger.DateLayout)
	p.Rule = r.URL.Query().Get("rule")
	s.render(w, r, http.StatusOK, "ledger_new", p)
	return nil
}

func (s *Server) newPage(u *auth.User) ledgerNewPage {
	p := ledgerNewPage{Regions: s.scopeChoices(u), Sources: ledger.ExternalSources}
	if sc := s.cfg.Screening; sc != nil {
		_, p.Rules = sc.Catalog()
	}
	return p
}

// formItem reads the fields an item's form shares (region, unit, person, deadline, measures).
func (s *Server) formItem(r *http.Request) (ledger.Item, error) {
	it := ledger.Item{Unit: r.FormValue("unit"), Person: r.FormValue("person"), Deadline: r.FormValue("deadline"),
		Measures: r.FormValue("measures"), Description: r.FormValue("description"), Source: ledger.Source(r.FormValue("source"))}
	var requested region.Code
	if c := r.FormValue("region"); c != "" {
		code, err := region.ParseCode(c)
		if err != nil {
			return it, err
		}
		requested = code
	}
	scope, err := auth.Scope(user(r), requested)
	it.Region = scope
	return it, err
}

// ledgerCreate enters one item from an outside source.
func (s *Server) ledgerCreate(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	it, err := s.formItem(r)
	if err != nil {
		return err
	}
	it.Clean()
	if it.Source == ledger.FromFinding {
		it.Source = ""
	}
	if pr := it.Problems(); len(pr) > 0 {
		p := s.newPage(u)
		p.Item, p.Problems, p.Error = it, pr, "有几处需要修改，请看下面标红的说明。"
		s.render(w, r, http.StatusUnprocessableEntity, "ledger_new", p)
		return nil
	}
	if err := s.ledger().Create(r.Context(), []*ledger.Item{&it}); err != nil {
		return err
	}
	http.Redirect(w, r, "/ledger/"+it.ID+"?msg=saved", http.StatusSeeOther)
	return nil
}

// findingItems turns the open findings the filter selects in the user's scope, and not yet on
// the ledger, into items (one per finding) with the template's fields.
func (s *Server) findingItems(r *http.Request, f FindingFilter, tpl ledger.Item, parent string) ([]*ledger.Item, error) {
	sc := s.cfg.Screening
	if sc == nil {
		return nil, errs.E(errs.NotFound, "排查功能尚未启用")
	}
	if f.Rule == "" && f.Indicator == "" {
		return nil, errs.E(errs.Invalid, "请选择规则或指标")
	}
	f.Status, f.Limit, f.Offset = "open", 5000, 0
	list, total, err := sc.List(r.Context(), f)
	if err != nil {
		return nil, err
	}
	if total > len(list) {
		return nil, errs.E(errs.Invalid, "符合条件的问题有 %d 个，一次最多 %d 个，请缩小地区范围", total, len(list))
	}
	ids := make([]string, len(list))
	for i, fd := range list {
		ids[i] = fd.ID
	}
	tracked, err := s.ledger().Tracked(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	var out []*ledger.Item
	for _, fd := range list {
		if tracked[fd.ID] {
			continue
		}
		it := tpl
		it.Region, it.Source, it.RuleID, it.Indicator, it.ParentID = fd.Region, ledger.FromFinding, fd.Rule, fd.Indicator, parent
		it.Description = fmt.Sprintf("%s（户编号 %s）：%s", fd.RuleTitle, fd.HouseholdNo, auth.MaskText(fd.Explanation))
		it.FindingIDs = []string{fd.ID}
		out = append(out, &it)
	}
	return out, nil
}

// ledgerBulk puts every open finding of a rule in a region on the ledger, one item per
// finding (findings already on the ledger are skipped).
func (s *Server) ledgerBulk(w http.ResponseWriter, r *http.Request) error {
	tpl, err := s.formItem(r)
	if err != nil {
		return err
	}
	if err := ledger.CanCreate(user(r), tpl.Region); err != nil {
		return err
	}
	items, err := s.findingItems(r, FindingFilter{Scope: tpl.Region, Rule: r.FormValue("rule")}, tpl, "")
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return errs.E(errs.Conflict, "该范围内没有尚未列入台账的未解决问题")
	}
	if err := s.ledger().Create(r.Context(), items); err != nil {
		return err
	}
	http.Redirect(w, r, "/ledger?status=open&rule="+url.QueryEscape(r.FormValue("rule"))+"&msg=saved", http.StatusSeeOther)
	return nil
}

// ledgerImport reads a 整改台账 workbook of outside items into the chosen region: every row
// or none.
func (s *Server) ledgerImport(w http.ResponseWriter, r *http.Request) error {
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return errs.E(errs.Invalid, "请选择 xlsx 或 csv 文件（不超过 20 MB）")
	}
	defer file.Close()
	tpl, err := s.formItem(r)
	if err != nil {
		return err
	}
	if err := ledger.CanCreate(user(r), tpl.Region); err != nil {
		return err
	}
	items, err := ledger.Read(filepath.Base(hdr.Filename), file, hdr.Size, tpl.Region)
	if err != nil {
		return err
	}
	if err := s.ledger().Create(r.Context(), items); err != nil {
		return err
	}
	http.Redirect(w, r, "/ledger?region="+string(tpl.Region)+"&msg=saved", http.StatusSeeOther)
	return nil
}

type ledgerItemPage struct {
	Item       *ledger.Item
	RegionName string
	Overdue    bool
	Findings   []Finding
	History    []store.Event
	Files      []store.File
	Children   int
	Rules      []Rule
	CanUpdate  bool
	CanAssign  bool
	Next       []ledgerAction
	Closable   string // why it cannot be closed yet, when it cannot
}

type ledgerAction struct {
	To    ledger.Status
	Label string
	Note  bool // asks for a note
}

func (p ledgerItemPage) PageTitle() string { return "整改事项 " + p.Item.ID }

func (s *Server) ledgerItemPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	l := s.ledger()
	it, err := l.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := ledgerItemPage{Item: it, RegionName: s.cfg.Tree.FullName(it.Region), Overdue: it.Overdue(s.now()),
		CanUpdate: ledger.CanUpdate(u, it) == nil, CanAssign: ledger.CanCreate(u, it.Region) == nil && it.Status != ledger.Closed}
	maskItem(it)
	if sc := s.cfg.Screening; sc != nil {
		for _, id := range it.FindingIDs {
			fd, err := sc.Finding(r.Context(), id)
			if err != nil {
				continue
			}
			p.Findings = append(p.Findings, maskFinding(fd))
		}
		_, p.Rules = sc.Catalog()
	}
	if p.History, err = l.History(r.Context(), it); err != nil {
		return err
	}
	for i := range p.History {
		p.History[i].Note = auth.MaskText(p.History[i].Note)
	}
	if p.Files, err = l.Files(r.Context(), it); err != nil {
		return err
	}
	if p.Children, err = l.Count(r.Context(), store.Filter{Scope: u.Region, Parent: it.ID}); err != nil {
		return err
	}
	var offer []ledgerAction
	switch it.Status {
	case ledger.Pending:
		offer = []ledgerAction{{ledger.Doing, "开始整改", false}, {ledger.Fixed, "整改完成", true}}
	case ledger.Doing:
		offer = []ledgerAction{{ledger.Fixed, "整改完成", true}}
	case ledger.Fixed:
		offer = []ledgerAction{{ledger.Doing, "退回重新整改", true}}
	}
	if it.Status != ledger.Closed && (it.Status == ledger.Fixed || it.FromFindings()) {
		offer = append(offer, ledgerAction{ledger.Closed, "审核销号", true})
	}
	for _, a := range offer {
		if err := ledger.CheckTransition(u, it, a.To); err != nil {
			if a.To == ledger.Closed && p.CanUpdate {
				p.Closable = errs.Message(err)
			}
			continue
		}
		p.Next = append(p.Next, a)
	}
	s.render(w, r, http.StatusOK, "ledger_item", p)
	return nil
}

// maxNote bounds the note of a status change, which becomes the item's progress: as long as
// the progress may be.
const maxNote = 4000

func (s *Server) ledgerMove(w http.ResponseWriter, r *http.Request) error {
	to, err := ledger.ParseStatus(r.FormValue("to"))
	if err != nil {
		return err
	}
	if utf8.RuneCountInString(strings.TrimSpace(r.FormValue("note"))) > maxNote {
		return errs.E(errs.Invalid, "说明超过 %d 个字符", maxNote)
	}
	it, err := s.ledger().Move(r.Context(), r.PathValue("id"), to, r.FormValue("note"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/ledger/"+it.ID+"?msg=saved", http.StatusSeeOther)
	return nil
}

func (s *Server) ledgerEdit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return errs.E(errs.Invalid, "表单无法读取")
	}
	cur, err := s.ledger().Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	var ch store.Change
	changed := false
	for _, f := range []struct {
		name   string
		stored string
		dst    **string
	}{{"unit", cur.Unit, &ch.Unit}, {"person", cur.Person, &ch.Person}, {"deadline", cur.Deadline, &ch.Deadline},
		{"measures", cur.Measures, &ch.Measures}, {"progress", cur.Progress, &ch.Progress}} {
		if _, ok := r.PostForm[f.name]; !ok {
			continue
		}
		v := r.PostFormValue(f.name)
		// The form shows the stored text masked: sent back as shown, it keeps the stored text
		// rather than replacing its numbers with stars.
		if strings.TrimSpace(v) == auth.MaskText(f.stored) {
			continue
		}
		*f.dst = &v
		if !sameText(f.name, v, f.stored) {
			changed = true
		}
	}
	if !changed {
		// The store would write nothing either; say so rather than "saved".
		http.Redirect(w, r, "/ledger/"+url.PathEscape(cur.ID)+"?msg=unchanged", http.StatusSeeOther)
		return nil
	}
	it, err := s.ledger().Update(r.Context(), r.PathValue("id"), ch)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/ledger/"+it.ID+"?msg=saved", http.StatusSeeOther)
	return nil
}

// sameText reports whether a submitted text of an item's form says what is stored: the same
// after trimming, and for the deadline the same date however it is written.
func sameText(name, submitted, stored string) bool {
	submitted = strings.TrimSpace(submitted)
	if name == "deadline" {
		if d, err := ledger.ParseDate(submitted); err == nil {
			submitted = d
		}
	}
	return submitted == stored
}

// ledgerUpload stores an evidence file; its type is what its content sniffs as, never what
// the browser declares.
func (s *Server) ledgerUpload(w http.ResponseWriter, r *http.Request) error {
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return errs.E(errs.Invalid, "请选择文件（不超过 %d MB）", store.MaxFileSize>>20)
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, store.MaxFileSize+1))
	if err != nil {
		return errs.E(errs.Invalid, "文件上传不完整，请重试")
	}
	ct := http.DetectContentType(data)
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	id := r.PathValue("id")
	if _, err := s.ledger().AddFile(r.Context(), id, hdr.Filename, ct, data); err != nil {
		return err
	}
	http.Redirect(w, r, "/ledger/"+id+"?msg=saved#files", http.StatusSeeOther)
	return nil
}

func (s *Server) ledgerDownload(w http.ResponseWriter, r *http.Request) error {
	f, data, err := s.ledger().FileData(r.Context(), r.PathValue("id"), r.PathValue("fid"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", "attachment; filename=\"evidence\"; filename*=UTF-8''"+url.PathEscape(f.Name))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, err = w.Write(data)
	return err
}

// ledgerSimilar is 举一反三: it searches the user's whole scope for the same problem (the
// item's rule, or the rule, indicator and severity chosen on the form) and puts what it finds
// on the ledger as items linked to the original.
func (s *Server) ledgerSimilar(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	l := s.ledger()
	orig, err := l.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := ledger.CanCreate(u, u.Region); err != nil {
		return err
	}
	f := FindingFilter{Scope: u.Region, Rule: r.FormValue("rule"), Indicator: r.FormValue("indicator"), Severity: r.FormValue("severity")}
	if f.Rule == "" && f.Indicator == "" {
		f.Rule = orig.RuleID
	}
	tpl := ledger.Item{Unit: orig.Unit, Person: orig.Person, Deadline: orig.Deadline, Measures: orig.Measures}
	if d := r.FormValue("deadline"); d != "" {
		tpl.Deadline = d
	}
	items, err := s.findingItems(r, f, tpl, orig.ID)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return errs.E(errs.Conflict, "在您的管辖范围内没有发现尚未列入台账的同类问题")
	}
	for _, it := range items {
		// Each place answers for its own: the township of the finding, unless the original's
		// unit is that same township's.
		if !orig.Region.Contains(it.Region) {
			it.Unit = s.regionName(it.Region.Up(region.Township)) + "人民政府"
			it.Person = "（待指定）"
		}
	}
	if err := l.Create(r.Context(), items); err != nil {
		return err
	}
	http.Redirect(w, r, "/ledger?parent="+orig.ID+"&msg=saved", http.StatusSeeOther)
	return nil
}

// apiLedger lists the ledger as JSON, with the same filter and scope as the page.
func (s *Server) apiLedger(w http.ResponseWriter, r *http.Request) error {
	f, err := s.ledgerFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.ledger().List(r.Context(), f)
	if err != nil {
		return err
	}
	type jsonItem struct {
		ID          string `json:"id"`
		Region      string `json:"region"`
		Source      string `json:"source"`
		Rule        string `json:"rule,omitempty"`
		Description string `json:"description"`
		Unit        string `json:"unit"`
		Person      string `json:"person"`
		Deadline    string `json:"deadline"`
		Measures    string `json:"measures"`
		Progress    string `json:"progress"`
		Status      string `json:"status"`
		Overdue     bool   `json:"overdue"`
		Parent      string `json:"parent,omitempty"`
	}
	out := struct {
		Total int        `json:"total"`
		Items []jsonItem `json:"items"`
	}{Total: total, Items: []jsonItem{}}
	for _, it := range items {
		maskItem(&it)
		out.Items = append(out.Items, jsonItem{ID: it.ID, Region: string(it.Region), Source: string(it.Source), Rule: it.RuleID,
			Description: it.Description, Unit: it.Unit, Person: it.Person, Deadline: it.Deadline, Measures: it.Measures,
			Progress: it.Progress, Status: string(it.Status), Overdue: it.Overdue(s.now()), Parent: it.ParentID})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// maskItem masks the ID numbers and phones in an item's free texts, as the list, the item's
// page, the API and the export show them to every role.
func maskItem(it *ledger.Item) {
	for _, t := range []*string{&it.Description, &it.Unit, &it.Person, &it.Measures, &it.Progress} {
		*t = auth.MaskText(*t)
	}
}

// overdueCount counts the overdue items of a region, for its home page box.
func (s *Server) overdueCount(r *http.Request, scope region.Code) int {
	n, err := s.ledger().Count(r.Context(), store.Filter{Scope: scope, Overdue: s.now()})
	if err != nil {
		s.log.Warn("ledger.overdue", "request_id", requestID(r.Context()), "err", err)
		return 0
	}
	return n
}

func (s *Server) ledgerRoutes() {
	m := s.mux
	m.Handle("GET /ledger", s.authed(s.ledgerPage))
	m.Handle("GET /ledger.xlsx", s.authed(s.ledgerExport))
	m.Handle("GET /ledger/new", s.authed(s.ledgerNewForm))
	m.Handle("POST /ledger", s.authed(s.ledgerCreate))
	m.Handle("POST /ledger/bulk", s.authed(s.ledgerBulk))
	m.Handle("POST /ledger/import", s.authed(s.ledgerImport))
	m.Handle("GET /ledger/{id}", s.authed(s.ledgerItemPage))
	m.Handle("POST /ledger/{id}/status", s.authed(s.ledgerMove))
	m.Handle("POST /ledger/{id}/edit", s.authed(s.ledgerEdit))
	m.Handle("POST /ledger/{id}/files", s.authed(s.ledgerUpload))
	m.Handle("GET /ledger/{id}/files/{fid}", s.authed(s.ledgerDownload))
	m.Handle("POST /ledger/{id}/similar", s.authed(s.ledgerSimilar))
	m.Handle("GET /api/ledger", s.authed(s.apiLedger))
}
