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
	Region    string
	Regions   []regionOption
	Status    string
	Person    string
	Overdue   bool
	Rule      string
	Rules     []Rule
	Statuses  []ledger.Status
	Items     []ledgerRow
	Total     int
	Counts    map[string]int
	Query     string
	Pages     pages
	CanCreate bool
	CanFull   bool // may export with names and numbers in full
	// Batch is the batch of items the list is limited to (those just created), Parent the
	// item whose 举一反三 items it lists; ClearBatch and ClearParent are the list without them.
	Batch, Parent           string
	ClearBatch, ClearParent string
	ClearRule               string
}

func (ledgerPage) PageTitle() string { return "整改台账" }

// ledgerFilter reads the list's filter from the query (or from a posted form, for the export
// in full): region (scoped), status, person (responsible person or unit), rule, batch, parent,
// overdue.
func (s *Server) ledgerFilter(r *http.Request) (store.Filter, error) {
	q := r.URL.Query()
	if r.Method == http.MethodPost {
		q = r.PostForm
	}
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
	f := store.Filter{Scope: scope, Person: strings.TrimSpace(q.Get("person")), Rule: q.Get("rule"), Parent: q.Get("parent"),
		Batch: q.Get("batch"), Limit: ledgerPerPage}
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
	f.Offset = pageOffset(q, ledgerPerPage)
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
	q := url.Values{}
	for k, vs := range r.URL.Query() {
		if k != "offset" && k != "page" && k != "msg" && k != "n" {
			q[k] = vs
		}
	}
	p := ledgerPage{Region: string(f.Scope), Regions: s.scopeChoices(u, f.Scope), Status: q.Get("status"), Person: f.Person,
		Overdue: !f.Overdue.IsZero(), Rule: f.Rule, Statuses: ledger.Statuses, Total: total, Counts: map[string]int{},
		CanCreate: ledger.CanCreate(u, f.Scope) == nil, CanFull: u.Can(auth.PermUnmask), Batch: f.Batch, Parent: f.Parent}
	if sc := s.cfg.Screening; sc != nil {
		_, p.Rules = sc.Catalog()
	}
	without := func(key string) string {
		q2 := url.Values{}
		for k, vs := range q {
			if k != key {
				q2[k] = vs
			}
		}
		return "/ledger?" + q2.Encode()
	}
	p.ClearBatch, p.ClearParent, p.ClearRule = without("batch"), without("parent"), without("rule")
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
		p.Items = append(p.Items, ledgerRow{Item: it, RegionName: s.villageName(it.Region), Overdue: it.Overdue(s.now())})
	}
	p.Query = q.Encode()
	p.Pages = paging("/ledger", q, f.Offset, total, ledgerPerPage)
	s.render(w, r, http.StatusOK, "ledger", p)
	return nil
}

// ledgerExport writes the filtered ledger as the 整改台账 workbook (ledger.WriteRows, which the
// command line writes too), every row of it. A GET (a link) gets the 户主's name and the
// numbers in the texts masked; a POST from the list's form gets them in full when the user's
// role may see them. Either is audited.
func (s *Server) ledgerExport(w http.ResponseWriter, r *http.Request) error {
	f, err := s.ledgerFilter(r)
	if err != nil {
		return err
	}
	rows, err := s.ledger().ExportRows(r.Context(), f)
	if err != nil {
		return err
	}
	full := r.Method == http.MethodPost && user(r).Can(auth.PermUnmask)
	what := "已隐去姓名和号码"
	if full {
		what = "含完整姓名和号码"
	}
	if err := s.audit.Append(r.Context(), audit.Entry{Action: audit.Export, ObjectType: "ledger", Region: f.Scope,
		Detail: fmt.Sprintf("导出整改台账 %d 条（%s）", len(rows), what)}); err != nil {
		return err
	}
	var buf bytes.Buffer
	title := s.cfg.Tree.FullName(f.Scope) + " " + ledger.SheetName
	if err := ledger.WriteRows(&buf, rows, s.cfg.Tree, ledger.WriterOptions{Title: title, Mask: !full}); err != nil {
		return err
	}
	name := fmt.Sprintf("整改台账-%s-%s.xlsx", s.regionName(f.Scope), s.now().In(chinaTime).Format("20060102"))
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"ledger.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err = w.Write(buf.Bytes())
	return err
}

// ledgerTemplate downloads the blank 整改台账 that the import reads.
func (s *Server) ledgerTemplate(w http.ResponseWriter, r *http.Request) error {
	var buf bytes.Buffer
	if err := ledger.WriteTemplate(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"ledger-template.xlsx\"; filename*=UTF-8''"+url.PathEscape("整改台账导入模板.xlsx"))
	_, err := w.Write(buf.Bytes())
	return err
}

type ledgerNewPage struct {
	Regions  []regionOption
	Rules    []Rule
	Sources  []ledger.Source
	Item     ledger.Item
	Problems map[string]string
	Error    string
	// The bulk creation from findings: the selection and what it would create.
	Bulk bulkPreview
}

// bulkPreview is a selection of open findings and what putting them on the ledger would do.
type bulkPreview struct {
	Rule      string // "" for every rule
	Region    string // the region chosen
	Indicator string // an indicator the findings list was filtered by ("" for none)
	Severity  string // a severity it was filtered by ("" for none)
	// IndicatorName names the indicator for the page.
	IndicatorName string
	IDs           []string // ticked findings: only these
	Ticked        []Finding
	Create        int    // items it would create
	Tracked       int    // findings already on the ledger, skipped
	Problem       string // why it cannot create any
	Available     bool   // screening is on
}

func (ledgerNewPage) PageTitle() string { return "新增整改事项" }

func (s *Server) ledgerNewForm(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := ledger.CanCreate(u, u.Region); err != nil {
		return err
	}
	sel, err := s.selection(r, r.URL.Query())
	if err != nil {
		return err
	}
	p := s.newPage(u, sel.Scope)
	p.Item.Deadline = s.now().In(chinaTime).AddDate(0, 1, 0).Format(ledger.DateLayout)
	p.Item.Region = sel.Scope
	p.Bulk = s.preview(r, sel)
	s.render(w, r, http.StatusOK, "ledger_new", p)
	return nil
}

func (s *Server) newPage(u *auth.User, current region.Code) ledgerNewPage {
	p := ledgerNewPage{Regions: s.scopeChoices(u, current), Sources: ledger.ExternalSources}
	if sc := s.cfg.Screening; sc != nil {
		_, p.Rules = sc.Catalog()
	}
	return p
}

// selection is the open findings a bulk creation puts on the ledger: those ticked on the
// findings list, or those of a region (and a rule, or every rule).
type selection struct {
	Scope     region.Code
	Rule      string
	Indicator string
	Severity  string
	IDs       []string
}

// maxTicked bounds the findings one form may tick.
const maxTicked = 1000

// selection reads a bulk creation's selection from a query or form: finding (repeated, ticked
// rows), or region and rule ("" for every rule). The region is the user's allowed scope.
func (s *Server) selection(r *http.Request, q url.Values) (selection, error) {
	var requested region.Code
	if c := q.Get("region"); c != "" {
		code, err := region.ParseCode(c)
		if err != nil {
			return selection{}, err
		}
		requested = code
	}
	scope, err := auth.Scope(user(r), requested)
	if err != nil {
		return selection{}, err
	}
	sel := selection{Scope: scope, Rule: q.Get("rule"), Indicator: q.Get("indicator"), Severity: q.Get("severity")}
	seen := map[string]bool{}
	for _, id := range q["finding"] {
		if id = strings.TrimSpace(id); id != "" && !seen[id] {
			seen[id] = true
			sel.IDs = append(sel.IDs, id)
		}
	}
	if len(sel.IDs) > maxTicked {
		return sel, errs.E(errs.Invalid, "一次最多选择 %d 个问题", maxTicked)
	}
	return sel, nil
}

// preview says what putting the selection on the ledger would create.
func (s *Server) preview(r *http.Request, sel selection) bulkPreview {
	p := bulkPreview{Rule: sel.Rule, Region: string(sel.Scope), IDs: sel.IDs, Indicator: sel.Indicator, Severity: sel.Severity,
		Available: s.cfg.Screening != nil}
	if sc := s.cfg.Screening; sc != nil && sel.Indicator != "" {
		inds, _ := sc.Catalog()
		for _, in := range inds {
			if in.ID == sel.Indicator {
				p.IndicatorName = in.Name
			}
		}
	}
	if !p.Available {
		return p
	}
	items, ticked, tracked, err := s.fromFindings(r, sel, ledger.Item{}, "")
	p.Ticked, p.Tracked, p.Create = ticked, tracked, len(items)
	if err != nil {
		p.Problem = errs.Message(err)
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
		p := s.newPage(u, it.Region)
		p.Item, p.Problems, p.Error = it, pr, "有几处需要修改，请看下面标红的说明。"
		p.Bulk = s.preview(r, selection{Scope: it.Region})
		s.render(w, r, http.StatusUnprocessableEntity, "ledger_new", p)
		return nil
	}
	if err := s.ledger().Create(r.Context(), []*ledger.Item{&it}); err != nil {
		return err
	}
	http.Redirect(w, r, "/ledger/"+it.ID+"?msg=saved", http.StatusSeeOther)
	return nil
}

// maxBulk bounds the items one bulk creation makes.
const maxBulk = 5000

// fromFindings turns the open findings of the selection in the user's scope, and not yet on
// the ledger, into items (one per finding) with the template's fields. It returns them with
// the ticked findings (when the selection ticks) and how many were skipped as already on the
// ledger.
func (s *Server) fromFindings(r *http.Request, sel selection, tpl ledger.Item, parent string) ([]*ledger.Item, []Finding, int, error) {
	sc := s.cfg.Screening
	if sc == nil {
		return nil, nil, 0, errs.E(errs.NotFound, "排查功能尚未启用")
	}
	var list, ticked []Finding
	if len(sel.IDs) > 0 {
		for _, id := range sel.IDs {
			fd, err := sc.Finding(r.Context(), id)
			if err != nil {
				return nil, nil, 0, err
			}
			if !sel.Scope.Contains(fd.Region) {
				return nil, nil, 0, errs.E(errs.Forbidden, "问题 %s 不在所选地区内", id)
			}
			ticked = append(ticked, maskFinding(fd))
			if fd.Status == "open" {
				list = append(list, fd)
			}
		}
	} else {
		f := FindingFilter{Scope: sel.Scope, Rule: sel.Rule, Indicator: sel.Indicator, Severity: sel.Severity, Status: "open", Limit: maxBulk}
		var total int
		var err error
		if list, total, err = sc.List(r.Context(), f); err != nil {
			return nil, nil, 0, err
		}
		if total > len(list) {
			return nil, nil, 0, errs.E(errs.Invalid, "符合条件的未解决问题有 %d 个，一次最多生成 %d 项，请选择规则或缩小地区范围", total, len(list))
		}
	}
	ids := make([]string, len(list))
	for i, fd := range list {
		ids[i] = fd.ID
	}
	tracked, err := s.ledger().Tracked(r.Context(), ids)
	if err != nil {
		return nil, nil, 0, err
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
	if len(out) == 0 {
		err = errs.E(errs.Conflict, "所选范围内没有尚未列入台账的未解决问题")
	}
	return out, ticked, len(tracked), err
}

// ledgerBulk puts open findings on the ledger, one item per finding (findings already on the
// ledger are skipped): the ticked ones, or all of a region, of one rule or of every rule. It
// then lists the items it made, saying how many.
func (s *Server) ledgerBulk(w http.ResponseWriter, r *http.Request) error {
	tpl, err := s.formItem(r)
	if err != nil {
		return err
	}
	if err := ledger.CanCreate(user(r), tpl.Region); err != nil {
		return err
	}
	sel, err := s.selection(r, r.PostForm)
	if err != nil {
		return err
	}
	items, _, _, err := s.fromFindings(r, sel, tpl, "")
	if err != nil {
		return err
	}
	if err := s.ledger().Create(r.Context(), items); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/ledger?batch=%s&msg=created&n=%d", url.QueryEscape(items[0].BatchID), len(items)), http.StatusSeeOther)
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
	Household  string            // the household of the item's finding
	Head       string            // its 户主
	Heads      map[string]string // the 户主 of each household of the findings
	Overdue    bool
	Findings   []Finding
	History    []store.Event
	Notes      []ledger.Note // the progress notes, oldest first: the 整改进展 the export lists
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
		var keys []store.HouseholdKey
		for _, fd := range p.Findings {
			keys = append(keys, store.HouseholdKey{County: fd.Region.County(), No: fd.HouseholdNo})
		}
		if p.Heads, err = s.reg.Heads(r.Context(), keys); err != nil {
			return err
		}
		if len(p.Findings) == 1 {
			p.Household, p.Head = p.Findings[0].HouseholdNo, p.Heads[p.Findings[0].HouseholdNo]
		}
	}
	if p.History, err = l.History(r.Context(), it); err != nil {
		return err
	}
	for i := range p.History {
		e := &p.History[i]
		e.Note = auth.MaskText(e.Note)
		switch {
		case e.Note == "":
		case e.Action == "status":
			p.Notes = append(p.Notes, ledger.Note{At: e.At, What: e.To.Label(), Text: e.Note})
		case e.Action == "progress":
			p.Notes = append(p.Notes, ledger.Note{At: e.At, What: "填报进展", Text: e.Note})
		}
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
	if f.Rule == "" && f.Indicator == "" {
		return errs.E(errs.Invalid, "请选择规则或指标")
	}
	tpl := ledger.Item{Unit: orig.Unit, Person: orig.Person, Deadline: orig.Deadline, Measures: orig.Measures}
	if d := r.FormValue("deadline"); d != "" {
		tpl.Deadline = d
	}
	items, _, _, err := s.fromFindings(r, selection{Scope: f.Scope, Rule: f.Rule, Indicator: f.Indicator, Severity: f.Severity}, tpl, orig.ID)
	if errs.Is(err, errs.Conflict) {
		return errs.E(errs.Conflict, "在您的管辖范围内没有发现尚未列入台账的同类问题")
	}
	if err != nil {
		return err
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
	m.Handle("POST /ledger.xlsx", s.authed(s.ledgerExport))
	m.Handle("GET /ledger/template.xlsx", s.authed(s.ledgerTemplate))
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
