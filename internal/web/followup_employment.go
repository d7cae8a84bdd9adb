package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/employment"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/listfile"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
)

// The employment pages: public-welfare posts by department and village, a post with its pay
// and every post its holder has across departments, the employment workshops and their
// workers, and employed target labour against last year with the people who want work.

type followupPostsPage struct {
	Tabs        []followupTab
	Region      region.Region
	Regions     []regionOption
	Departments []string
	Department  string
	All         bool // the posts ended too
	Drill       []regionCount
	List        []followupPostRow
	Total       int
	Capped      bool
	ByDept      []regionCount // departments with their posts (Code unused)
	Pages       pages
}

type followupPostRow struct {
	*employment.Post
	PlaceName string
	HolderID  string
	Phone     string
	Active    bool
	Others    int // the holder's other posts in the list
}

func (followupPostsPage) PageTitle() string { return "公益性岗位" }

func (s *Server) followupPosts(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, reg, err := s.followupScope(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	dept := q.Get("department")
	if dept != "" && !registry.In(employment.Departments, dept) {
		return errs.E(errs.Invalid, "主管部门应为%s之一", strings.Join(employment.Departments, "、"))
	}
	today := registry.DateOf(s.now().In(chinaTime))
	p := followupPostsPage{Tabs: followupTabs("/followup/posts", scope), Region: reg, Regions: s.scopeChoices(u, scope),
		Departments: employment.Departments, Department: dept, All: q.Get("all") == "1"}
	f := store.PostFilter{Scope: scope, Department: dept, Limit: maxListed + 1}
	if !p.All {
		f.ActiveOn = today
	}
	list, err := s.employment().Posts(r.Context(), f)
	if err != nil {
		return err
	}
	if len(list) > maxListed {
		list, p.Capped = list[:maxListed], true
	}
	p.Total = len(list)
	holders := map[string]int{}
	depts := map[string]int{}
	places := make([]region.Code, len(list))
	for i, x := range list {
		holders[listfile.IDKey(x.HolderID)]++
		depts[x.Department]++
		places[i] = x.Village
	}
	for _, d := range employment.Departments {
		if depts[d] > 0 {
			p.ByDept = append(p.ByDept, regionCount{Name: d, Count: depts[d]})
		}
	}
	p.Drill = s.drillDown(scope, places, nil)
	offset := pageOffset(q, followupPerPage)
	lo, hi := pageSlice(len(list), offset)
	for _, x := range list[lo:hi] {
		row := followupPostRow{Post: x, PlaceName: s.placeIn(u, x.Village), HolderID: auth.MaskID(x.HolderID),
			Phone: auth.MaskPhone(x.Phone), Active: x.ActiveOn(today)}
		if k := listfile.IDKey(x.HolderID); k != "" {
			row.Others = holders[k] - 1
		}
		p.List = append(p.List, row)
	}
	p.Pages = paging("/followup/posts", q, offset, len(list), followupPerPage)
	s.render(w, r, http.StatusOK, "followup_posts", p)
	return nil
}

type followupPostPage struct {
	Tabs      []followupTab
	Post      followupPostRow
	Pays      []employment.Pay
	Due, Paid string
	Worked    int
	Holds     []followupPostRow // every post of the holder the user may see, this one included
	Elsewhere int               // the holder's posts outside the user's region
	Findings  []fundsFinding
	Full      bool
}

func (p followupPostPage) PageTitle() string { return "公益性岗位 " + p.Post.Post.ID }

func (s *Server) followupPost(w http.ResponseWriter, r *http.Request) error {
	return s.showPost(w, r, false)
}

func (s *Server) showPost(w http.ResponseWriter, r *http.Request, full bool) error {
	u := user(r)
	county, err := objectCounty(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	x, pays, err := s.employment().Post(ctx, county, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := checkPlace(u, x.Village); err != nil {
		return err
	}
	mask, err := s.revealed(r, full, "employment.post", x.ID, x.Village, "公益性岗位在岗人员"+x.Holder)
	if err != nil {
		return err
	}
	today := registry.DateOf(s.now().In(chinaTime))
	row := func(x *employment.Post) followupPostRow {
		return followupPostRow{Post: x, PlaceName: s.placeIn(u, x.Village), HolderID: mask.ID(x.HolderID),
			Phone: mask.Phone(x.Phone), Active: x.ActiveOn(today)}
	}
	p := followupPostPage{Tabs: followupTabs("/followup/posts", x.Village), Post: row(x), Pays: pays, Full: mask.Full}
	var due, paid registry.Money
	for _, pay := range pays {
		due, paid = due+pay.Due, paid+pay.Paid
		if pay.Worked == registry.Yes {
			p.Worked++
		}
	}
	p.Due, p.Paid = due.String(), paid.String()
	// The holder's posts in every department and county, matched by the ID key as the rules
	// match them; those the user may not see are only counted.
	if key := listfile.IDKey(x.HolderID); key != "" {
		all, err := s.employment().Posts(ctx, store.PostFilter{Key: key, Limit: 200})
		if err != nil {
			return err
		}
		for _, o := range all {
			if u.Region.Contains(o.Village) {
				p.Holds = append(p.Holds, row(o))
			} else {
				p.Elsewhere++
			}
		}
	}
	if p.Findings, err = s.objectFindings(ctx, county, employment.KindPost, x.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "followup_post", p)
	return nil
}

// ---- workshops

type followupWorkshopsPage struct {
	Tabs    []followupTab
	Region  region.Region
	Regions []regionOption
	Drill   []regionCount
	List    []followupWorkshopRow
	Total   int
	Workers int
	Target  int
	Pages   pages
}

type followupWorkshopRow struct {
	store.WorkshopSummary
	PlaceName string
}

func (followupWorkshopsPage) PageTitle() string { return "就业帮扶车间" }

func (s *Server) followupWorkshops(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, reg, err := s.followupScope(r)
	if err != nil {
		return err
	}
	list, err := s.employment().Workshops(r.Context(), scope, registry.DateOf(s.now().In(chinaTime)))
	if err != nil {
		return err
	}
	p := followupWorkshopsPage{Tabs: followupTabs("/followup/workshops", scope), Region: reg, Regions: s.scopeChoices(u, scope), Total: len(list)}
	places := make([]region.Code, len(list))
	workers := make([]int, len(list))
	for i, ws := range list {
		places[i], workers[i] = ws.Village, ws.Workers
		p.Workers += ws.Workers
		p.Target += ws.Target
	}
	p.Drill = s.drillDown(scope, places, workers)
	q := r.URL.Query()
	offset := pageOffset(q, followupPerPage)
	lo, hi := pageSlice(len(list), offset)
	for _, ws := range list[lo:hi] {
		p.List = append(p.List, followupWorkshopRow{WorkshopSummary: ws, PlaceName: s.placeIn(u, ws.Village)})
	}
	p.Pages = paging("/followup/workshops", q, offset, len(list), followupPerPage)
	s.render(w, r, http.StatusOK, "followup_workshops", p)
	return nil
}

type followupWorkshopPage struct {
	Tabs      []followupTab
	Workshop  *employment.Workshop
	PlaceName string
	Workers   []followupWorker
	Active    int
	Findings  []fundsFinding
	Full      bool
}

type followupWorker struct {
	employment.Worker
	ID     string
	Active bool
}

func (p followupWorkshopPage) PageTitle() string { return "就业帮扶车间 " + p.Workshop.Name }

func (s *Server) followupWorkshop(w http.ResponseWriter, r *http.Request) error {
	return s.showWorkshop(w, r, false)
}

func (s *Server) showWorkshop(w http.ResponseWriter, r *http.Request, full bool) error {
	u := user(r)
	county, err := objectCounty(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	ws, workers, err := s.employment().Workshop(ctx, county, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := checkPlace(u, ws.Village); err != nil {
		return err
	}
	mask, err := s.revealed(r, full, "employment.workshop", ws.ID, ws.Village, "就业帮扶车间「"+ws.Name+"」务工人员")
	if err != nil {
		return err
	}
	today := registry.DateOf(s.now().In(chinaTime))
	p := followupWorkshopPage{Tabs: followupTabs("/followup/workshops", ws.Village), Workshop: ws, PlaceName: s.cfg.Tree.FullName(ws.Village),
		Full: mask.Full}
	for _, k := range workers {
		v := followupWorker{Worker: k, ID: mask.ID(k.IDNumber), Active: k.ActiveOn(today)}
		if v.Active {
			p.Active++
		}
		p.Workers = append(p.Workers, v)
	}
	if p.Findings, err = s.objectFindings(ctx, county, employment.KindWorkshop, ws.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "followup_workshop", p)
	return nil
}

// ---- employment against last year, and the work needs

type followupEmploymentPage struct {
	Tabs     []followupTab
	Region   region.Region
	Regions  []regionOption
	Year     int
	Years    []int
	Rows     []followupFigureRow
	Total    followupFigureRow
	Chart    string
	FromReg  bool
	Needs    []followupNeedRow
	NeedAll  bool
	NeedOpen int
	Statuses []string
	CanEdit  bool
	Pages    pages
	Notice   string
}

type followupFigureRow struct {
	Code                 region.Code
	Name                 string
	Labour, Employed     int
	PrevLabour, PrevEmpl int
	PrevKnown, Known     bool
	Leaf                 bool   // a village: nothing to drill into
	Change               string // this year's employed against last year's, in %
	Down                 bool
}

type followupNeedRow struct {
	*employment.Need
	PlaceName string
	IDMasked  string
	Phone     string
	Closed    bool
}

func (followupEmploymentPage) PageTitle() string { return "务工就业" }

// employmentRow sums the figures of the regions under code.
func employmentRow(fs *store.Figures, code region.Code, name string) followupFigureRow {
	row := followupFigureRow{Code: code, Name: name, Change: "—", Leaf: code.Level() >= region.Village}
	row.Labour, row.Employed, row.Known = fs.Sum(code, false)
	row.PrevLabour, row.PrevEmpl, row.PrevKnown = fs.Sum(code, true)
	if row.PrevKnown && row.PrevEmpl > 0 && row.Known {
		row.Change = fmtPct(float64(row.Employed) * 100 / float64(row.PrevEmpl))
		row.Down = row.Employed < row.PrevEmpl
	}
	return row
}

func (s *Server) followupEmployment(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, reg, err := s.followupScope(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	q := r.URL.Query()
	now := s.now().In(chinaTime)
	p := followupEmploymentPage{Tabs: followupTabs("/followup/employment", scope), Region: reg, Regions: s.scopeChoices(u, scope),
		Year: now.Year(), Statuses: employment.NeedStatuses, CanEdit: auth.Require(u, auth.PermEdit) == nil, NeedAll: q.Get("needs") == "all",
		Notice: doneNotice(r)}
	for y := now.Year(); y >= now.Year()-4; y-- {
		p.Years = append(p.Years, y)
	}
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y >= now.Year()-4 && y <= now.Year() {
		p.Year = y
	}
	fs, err := s.employment().Figures(ctx, scope, p.Year)
	if err != nil {
		return err
	}
	if p.Year < now.Year() {
		// The registry tells this year's work only: a past year has the 务工监测's figures alone.
		for c, fg := range fs.Now {
			if fg.Source == employment.FromRegistry {
				delete(fs.Now, c)
			}
		}
	}
	p.FromReg = fs.Registered && p.Year == now.Year()
	p.Total = employmentRow(fs, scope, reg.Name)
	children := s.cfg.Tree.Children(scope)
	if scope.Level() >= region.Village {
		children = nil
	}
	chart := fundsChart{Title: fmt.Sprintf("脱贫劳动力和监测对象劳动力务工就业人数（%d 年与上年）", p.Year), Unit: "人"}
	prev := fundsSeries{Name: strconv.Itoa(p.Year-1) + " 年", Type: "bar"}
	cur := fundsSeries{Name: strconv.Itoa(p.Year) + " 年", Type: "bar"}
	for _, c := range children {
		row := employmentRow(fs, c.Code, c.Name)
		if !row.Known && !row.PrevKnown {
			continue
		}
		p.Rows = append(p.Rows, row)
		chart.Categories = append(chart.Categories, row.Name)
		a, b := float64(row.PrevEmpl), float64(row.Employed)
		var pa, pb *float64
		if row.PrevKnown {
			pa = &a
		}
		if row.Known {
			pb = &b
		}
		prev.Data, cur.Data = append(prev.Data, pa), append(cur.Data, pb)
	}
	if len(children) == 0 && (p.Total.Known || p.Total.PrevKnown) {
		a, b := float64(p.Total.PrevEmpl), float64(p.Total.Employed)
		chart.Categories = []string{reg.Name}
		prev.Data, cur.Data = []*float64{&a}, []*float64{&b}
	}
	chart.Series = []fundsSeries{prev, cur}
	if len(chart.Categories) > 0 {
		p.Chart = chart.String()
	}
	needs, err := s.employment().Needs(ctx, scope, !p.NeedAll)
	if err != nil {
		return err
	}
	for _, n := range needs {
		if !employment.Closed(n.Status) {
			p.NeedOpen++
		}
	}
	offset := pageOffset(q, followupPerPage)
	lo, hi := pageSlice(len(needs), offset)
	for _, n := range needs[lo:hi] {
		n.Note = auth.MaskText(n.Note)
		p.Needs = append(p.Needs, followupNeedRow{Need: n, PlaceName: s.placeIn(u, n.Village), IDMasked: auth.MaskID(n.IDNumber),
			Phone: auth.MaskPhone(n.Phone), Closed: employment.Closed(n.Status)})
	}
	p.Pages = paging("/followup/employment", q, offset, len(needs), followupPerPage)
	s.render(w, r, http.StatusOK, "followup_employment", p)
	return nil
}

// followupNeedUpdate records a work need's new status and note from the employment page,
// audited in the store's transaction, and re-screens the county's needs.
func (s *Server) followupNeedUpdate(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermEdit); err != nil {
		return err
	}
	county, err := objectCounty(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	n, err := s.employment().Need(ctx, county, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := checkPlace(u, n.Village); err != nil {
		return err
	}
	status := r.FormValue("status")
	if !registry.In(employment.NeedStatuses, status) {
		return errs.E(errs.Invalid, "状态应为%s之一", strings.Join(employment.NeedStatuses, "、"))
	}
	// The page shows notes masked, so its form sends a new note only: blank keeps the old one.
	note := strings.TrimSpace(r.FormValue("note"))
	if note == "" {
		note = n.Note
	}
	if utf8.RuneCountInString(note) > employment.MaxNote {
		return errs.E(errs.Invalid, "备注不能超过 %d 个字符", employment.MaxNote)
	}
	e := audit.Entry{Action: audit.NeedUpdate, ObjectType: "employment.need", ObjectID: n.ID, Region: n.Village,
		Detail: auth.MaskText(fmt.Sprintf("就业需求（%s，登记于 %s）状态由「%s」改为「%s」%s", n.Name, n.Registered, n.Status, status, notePart(note)))}
	if _, err := s.employment().UpdateNeed(ctx, county, n.ID, status, note, e); err != nil {
		return err
	}
	done := s.rescreenObjects(ctx, county, employment.KindNeed)
	back := "/followup/employment"
	if reg := r.FormValue("region"); reg != "" {
		back += "?region=" + url.QueryEscape(reg)
	}
	http.Redirect(w, r, doneURL(back, done)+"#needs", http.StatusSeeOther)
	return nil
}

func notePart(note string) string {
	if note == "" {
		return ""
	}
	return "，备注：" + note
}
