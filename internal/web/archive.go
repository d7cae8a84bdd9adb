package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gonggu/gonggu/internal/archive"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// The archive pages (档案资料, internal/archive): the completeness of the archives by region —
// the share of the listed items present, of the households' archives and of the villages'
// own — drilling down to a village, where each household whose archive misses items is listed
// with them; and the checklist of one household or village, where a cadre marks each listed
// item as attached (a file, stored like the ledger's evidence files) or held on paper at a
// stated place, or missing again. Every request is limited to the user's region; names are
// shown in full only to roles that may unmask; every change is audited by the store and
// re-screens the county's archives.

func (s *Server) archiveRoutes() {
	m := s.mux
	m.Handle("GET /archives", s.authed(s.archivesPage))
	m.Handle("POST /archives/import", s.authed(s.archiveImport))
	m.Handle("GET /archives/{kind}/{id}", s.authed(s.archiveChecklist))
	m.Handle("POST /archives/{kind}/{id}", s.authed(s.archiveMark))
	m.Handle("GET /archives/{kind}/{id}/file", s.authed(s.archiveFile))
}

func (s *Server) archives() *store.Archives { return store.NewArchives(s.cfg.DB) }

// archiveRow is a child region of the completeness table.
type archiveRow struct {
	Code       region.Code
	Name       string
	Households archive.Tally
	Villages   archive.Tally
	All        archive.Tally
}

// archiveHousehold is a household of a village whose archive misses items.
type archiveHousehold struct {
	No       string
	Head     string
	Category archive.Category
	Status   archive.Status
}

type archivesPage struct {
	Region  regionOption
	Regions []regionOption
	Up      []regionOption // the regions above, up to the user's, for the way back
	Rows    []archiveRow
	Total   archiveRow
	// At a village: its own checklist and its households' archives that miss items (or all of
	// them with All).
	Village    *archive.Status
	Households []archiveHousehold
	Complete   int // households of the village whose archive is complete
	All        bool
	Lists      archive.Lists
	CanImport  bool // the scope is a county or below and the user may edit
	Notice     string
	Problems   []string // the problems of a refused register
}

func (archivesPage) PageTitle() string { return "档案资料" }

// rate writes a tally's share of items present.
func (t archiveRow) Rate() string { return archiveRate(t.All) }

func archiveRate(t archive.Tally) string {
	if t.Required == 0 {
		return "—"
	}
	return strconv.FormatFloat(t.Rate(), 'f', 1, 64) + "%"
}

// archiveChildLen is the length of the code prefix of a region's children.
func archiveChildLen(l region.Level) int {
	return map[region.Level]int{region.Province: 4, region.City: 6, region.County: 9, region.Township: 12, region.Village: 12}[l]
}

func (s *Server) archivesPage(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, err := fundsScope(r)
	if err != nil {
		return err
	}
	reg, err := s.cfg.Tree.Get(scope)
	if err != nil {
		return errs.E(errs.NotFound, "地区不存在")
	}
	p := archivesPage{Region: regionOption{Code: reg.Code, Name: s.cfg.Tree.FullName(reg.Code), Level: reg.Level},
		Regions: s.scopeChoices(u, scope), All: r.URL.Query().Get("all") == "1",
		CanImport: u.Can(auth.PermEdit) && reg.Level >= region.County}
	if n := r.URL.Query().Get("imported"); n != "" {
		p.Notice = "已导入档案资料登记表：登记纸质资料 " + n + " 项。"
		if r.URL.Query().Has("opened") {
			p.Notice += "已重新排查本县的档案资料：新发现 " + r.URL.Query().Get("opened") + " 个问题，消除 " + r.URL.Query().Get("closed") + " 个问题。"
		}
	}
	for _, a := range s.cfg.Tree.Ancestors(scope) {
		if u.Region.Contains(a.Code) && a.Code != scope {
			p.Up = append(p.Up, regionOption{Code: a.Code, Name: a.Name, Level: a.Level})
		}
	}
	ctx := r.Context()
	as := s.archives()
	tallies, err := as.Completeness(ctx, scope, archiveChildLen(reg.Level))
	if err != nil {
		return err
	}
	add := func(row *archiveRow, t *store.ArchiveTally) {
		row.Households.Merge(t.Households)
		row.Villages.Merge(t.Villages)
		row.All.Merge(t.All())
	}
	p.Total = archiveRow{Code: reg.Code, Name: reg.Name}
	if reg.Level == region.Village {
		if t := tallies[string(scope)]; t != nil {
			add(&p.Total, t)
		}
		return s.archiveVillage(w, r, &p)
	}
	for _, c := range s.cfg.Tree.Children(scope) {
		row := archiveRow{Code: c.Code, Name: c.Name}
		for k, t := range tallies {
			if strings.HasPrefix(k, c.Code.Prefix()) {
				add(&row, t)
			}
		}
		if row.All.Archives == 0 {
			continue // no households in the registry there
		}
		add(&p.Total, &store.ArchiveTally{Households: row.Households, Villages: row.Villages})
		p.Rows = append(p.Rows, row)
	}
	s.render(w, r, http.StatusOK, "archives", p)
	return nil
}

// archiveVillage fills the village's own checklist and the households whose archives miss
// items.
func (s *Server) archiveVillage(w http.ResponseWriter, r *http.Request, p *archivesPage) error {
	ctx := r.Context()
	as := s.archives()
	village := p.Region.Code
	l, err := as.Lists(ctx, village.County())
	if err != nil {
		return err
	}
	p.Lists = l
	own, err := as.Village(ctx, village)
	if err != nil {
		return err
	}
	st := own.Status(l)
	p.Village = &st
	var keys []store.HouseholdKey
	if err := as.Each(ctx, village.County(), village, archive.KindHousehold, func(cl *archive.Checklist) error {
		st := cl.Status(l)
		if st.Complete() {
			p.Complete++
			if !p.All {
				return nil
			}
		}
		p.Households = append(p.Households, archiveHousehold{No: cl.Subject, Category: cl.Category, Status: st})
		keys = append(keys, store.HouseholdKey{County: cl.County, No: cl.Subject})
		return nil
	}); err != nil {
		return err
	}
	heads, err := s.reg.Heads(ctx, keys)
	if err != nil {
		return err
	}
	for i := range p.Households {
		p.Households[i].Head = archiveName(user(r), heads[p.Households[i].No])
	}
	s.render(w, r, http.StatusOK, "archives", *p)
	return nil
}

// archiveName shows a person's name as the user may see it: in full for a role that may
// unmask, the surname alone otherwise.
func archiveName(u *auth.User, name string) string {
	if u.Can(auth.PermUnmask) {
		return name
	}
	return auth.MaskName(name)
}

// archiveItem is a line of a checklist page.
type archiveItem struct {
	Item    string
	Present bool
	Entry   archive.Entry
}

type archiveChecklistPage struct {
	Kind      string // households or villages, as in the URL
	Checklist *archive.Checklist
	Title     string
	Village   string
	Head      string
	Items     []archiveItem
	Extra     []archive.Entry // recorded for items the lists no longer name: not counted
	Status    archive.Status
	Rate      string
	Findings  []fundsFinding
	CanEdit   bool
	Notice    string
	MaxMB     int
}

func (p archiveChecklistPage) PageTitle() string { return p.Title }

// archiveSubject loads the checklist the URL names and checks the user may see it.
func (s *Server) archiveSubject(r *http.Request) (*archive.Checklist, error) {
	ctx := r.Context()
	var cl *archive.Checklist
	var err error
	switch r.PathValue("kind") {
	case "households":
		cl, err = s.archives().Household(ctx, r.PathValue("id"))
	case "villages":
		v, perr := region.ParseCode(r.PathValue("id"))
		if perr != nil || v.Level() != region.Village || !s.cfg.Tree.Has(v) {
			return nil, errs.E(errs.NotFound, "页面不存在")
		}
		cl, err = s.archives().Village(ctx, v)
	default:
		return nil, errs.E(errs.NotFound, "页面不存在")
	}
	if err != nil {
		return nil, err
	}
	if err := auth.CheckVillage(user(r), cl.Village); err != nil {
		return nil, err
	}
	return cl, nil
}

func (s *Server) archiveChecklist(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	cl, err := s.archiveSubject(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	l, err := s.archives().Lists(ctx, cl.County)
	if err != nil {
		return err
	}
	p := archiveChecklistPage{Kind: r.PathValue("kind"), Checklist: cl, Village: s.villageName(cl.Village), Status: cl.Status(l),
		CanEdit: u.Can(auth.PermEdit), Notice: archiveNotice(r), MaxMB: store.MaxFileSize >> 20}
	if cl.Kind == archive.KindVillage {
		p.Title = p.Village + " 村级档案"
	} else {
		heads, err := s.reg.Heads(ctx, []store.HouseholdKey{{County: cl.County, No: cl.Subject}})
		if err != nil {
			return err
		}
		p.Head = archiveName(u, heads[cl.Subject])
		p.Title = "户 " + cl.Subject + " 档案"
	}
	var req archive.Tally
	req.Add(p.Status)
	p.Rate = archiveRate(req)
	for _, it := range p.Status.Required {
		e, ok := cl.Entries[it]
		e.Location, e.Note = auth.MaskText(e.Location), auth.MaskText(e.Note)
		p.Items = append(p.Items, archiveItem{Item: it, Present: ok, Entry: e})
	}
	for it, e := range cl.Entries {
		if cl.Listed(l, it) != nil {
			e.Location, e.Note = auth.MaskText(e.Location), auth.MaskText(e.Note)
			p.Extra = append(p.Extra, e)
		}
	}
	if p.Findings, err = s.objectFindings(ctx, cl.County, string(cl.Kind), cl.Subject); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "archive", p)
	return nil
}

// archiveNotice is the message the checklist shows after a change, from its query.
func archiveNotice(r *http.Request) string {
	q := r.URL.Query()
	if q.Get("saved") == "" {
		return ""
	}
	msg := "已保存「" + q.Get("saved") + "」。"
	if q.Has("opened") {
		opened, _ := strconv.Atoi(q.Get("opened"))
		closed, _ := strconv.Atoi(q.Get("closed"))
		msg += fmt.Sprintf("已重新排查本县的档案资料：新发现 %d 个问题，消除 %d 个问题。", opened, closed)
	}
	return msg
}

// archiveMark records an item of a checklist: attached (a file whose type is what its content
// sniffs as, never what the browser declares), held on paper at a location, or missing.
func (s *Server) archiveMark(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermEdit); err != nil {
		return err
	}
	cl, err := s.archiveSubject(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	item := strings.TrimSpace(r.FormValue("item"))
	as := s.archives()
	switch r.FormValue("action") {
	case "paper":
		err = as.MarkPaper(ctx, cl, archive.Entry{Item: item, Location: r.FormValue("location"), Note: r.FormValue("note")})
	case "file":
		file, hdr, ferr := r.FormFile("file")
		if ferr != nil {
			return errs.E(errs.Invalid, "请选择文件（不超过 %d MB）", store.MaxFileSize>>20)
		}
		defer file.Close()
		data, rerr := io.ReadAll(io.LimitReader(file, store.MaxFileSize+1))
		if rerr != nil {
			return errs.E(errs.Invalid, "文件上传不完整，请重试")
		}
		ct := http.DetectContentType(data)
		if i := strings.IndexByte(ct, ';'); i >= 0 {
			ct = ct[:i]
		}
		_, err = as.Attach(ctx, cl, item, hdr.Filename, ct, data, r.FormValue("note"))
	case "clear":
		err = as.Clear(ctx, cl, item)
	default:
		return errs.E(errs.Invalid, "请选择登记方式")
	}
	if err != nil {
		return err
	}
	q := url.Values{"saved": {item}}
	if sc, ok := s.cfg.Screening.(*screening); ok {
		res, err := sc.e.Objects(ctx, cl.County, string(cl.Kind))
		if err != nil {
			return err
		}
		q.Set("opened", strconv.Itoa(len(res.Opened)))
		q.Set("closed", strconv.Itoa(len(res.Closed)))
	}
	s.scores.stale(cl.County)
	http.Redirect(w, r, "/archives/"+r.PathValue("kind")+"/"+url.PathEscape(cl.Subject)+"?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// archiveImport reads a county's archive register (archive.RegisterTable) through the bounded
// table reader and records its rows, all or none; a refused file's problems are listed on the
// page with the rows they are on.
func (s *Server) archiveImport(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermEdit); err != nil {
		return err
	}
	var requested region.Code
	if c := r.PostFormValue("region"); c != "" {
		code, err := region.ParseCode(c)
		if err != nil {
			return err
		}
		requested = code
	}
	scope, err := auth.Scope(u, requested)
	if err != nil {
		return err
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return errs.E(errs.Invalid, "请选择要导入的档案资料登记表（xlsx 或 csv）")
	}
	defer file.Close()
	read, err := tableimport.Read(archive.RegisterTable(), hdr.Filename, file, hdr.Size)
	if err != nil {
		return err
	}
	ctx := r.Context()
	problems := read.Problems
	n := 0
	if read.OK() {
		if n, problems, err = s.archives().Import(ctx, scope, read.Rows); err != nil {
			return err
		}
	}
	if len(problems) > 0 {
		reg, err := s.cfg.Tree.Get(scope)
		if err != nil {
			return errs.E(errs.NotFound, "地区不存在")
		}
		p := archivesPage{Region: regionOption{Code: reg.Code, Name: s.cfg.Tree.FullName(reg.Code), Level: reg.Level},
			Regions: s.scopeChoices(u, scope), CanImport: true, Total: archiveRow{Code: reg.Code, Name: reg.Name}}
		for i, pr := range problems {
			if i == 50 {
				p.Problems = append(p.Problems, fmt.Sprintf("……共 %d 处", len(problems)))
				break
			}
			p.Problems = append(p.Problems, pr.String())
		}
		s.render(w, r, http.StatusBadRequest, "archives", p)
		return nil
	}
	q := url.Values{"region": {string(scope)}, "imported": {strconv.Itoa(n)}}
	if sc, ok := s.cfg.Screening.(*screening); ok {
		opened, closed := 0, 0
		for _, kind := range []archive.Kind{archive.KindHousehold, archive.KindVillage} {
			res, err := sc.e.Objects(ctx, scope.County(), string(kind))
			if err != nil {
				return err
			}
			opened, closed = opened+len(res.Opened), closed+len(res.Closed)
		}
		q.Set("opened", strconv.Itoa(opened))
		q.Set("closed", strconv.Itoa(closed))
	}
	s.scores.stale(scope.County())
	http.Redirect(w, r, "/archives?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// archiveFile serves an item's attached file.
func (s *Server) archiveFile(w http.ResponseWriter, r *http.Request) error {
	cl, err := s.archiveSubject(r)
	if err != nil {
		return err
	}
	name, ct, data, err := s.archives().FileData(r.Context(), cl, r.URL.Query().Get("item"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", "attachment; filename=\"archive\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, err = w.Write(data)
	return err
}
