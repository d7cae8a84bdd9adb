package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/relocation"
	"github.com/gonggu/gonggu/internal/store"
)

// The pages of indicators 3, 6 and 7 beyond the registry (搬迁就业): the resettlement sites
// with their facilities, relocated households and follow-up support (this file); the
// public-welfare posts, the employment workshops, employment against last year and the work
// needs (followup_employment.go); the rural low-income families and the small loans
// (followup_assistance.go); and the imports and exports of the county lists
// (followup_imports.go). Every request is limited to the user's region: lists by the region
// asked for within the user's, an object's page by where the object lies. ID and phone numbers
// are shown masked; every change is audited by the store in the transaction that makes it.

func (s *Server) followupRoutes() {
	m := s.mux
	m.Handle("GET /followup", s.authed(s.followupSites))
	m.Handle("GET /followup/sites/{county}/{id}", s.authed(s.followupSite))
	m.Handle("POST /followup/sites/{county}/{id}/support", s.authed(s.followupAddSupport))
	m.Handle("GET /followup/posts", s.authed(s.followupPosts))
	m.Handle("GET /followup/posts/{county}/{id}", s.authed(s.followupPost))
	m.Handle("POST /followup/posts/{county}/{id}/reveal", s.authed(revealing(s.showPost)))
	m.Handle("GET /followup/workshops", s.authed(s.followupWorkshops))
	m.Handle("GET /followup/workshops/{county}/{id}", s.authed(s.followupWorkshop))
	m.Handle("POST /followup/workshops/{county}/{id}/reveal", s.authed(revealing(s.showWorkshop)))
	m.Handle("GET /followup/employment", s.authed(s.followupEmployment))
	m.Handle("POST /followup/needs/{county}/{id}", s.authed(s.followupNeedUpdate))
	m.Handle("GET /followup/families", s.authed(s.followupFamilies))
	m.Handle("GET /followup/families/{county}/{id}", s.authed(s.followupFamily))
	m.Handle("POST /followup/families/{county}/{id}/reveal", s.authed(revealing(s.showFamily)))
	m.Handle("POST /followup/families/{county}/{id}/records", s.authed(s.followupAddRecord))
	m.Handle("GET /followup/loans", s.authed(s.followupLoans))
	m.Handle("GET /followup/imports", s.authed(s.followupImports))
	m.Handle("POST /followup/imports", s.authed(s.followupUpload))
	m.Handle("GET /followup/imports/{domain}/{id}/report", s.authed(s.followupReport))
	m.Handle("GET /followup/export", s.authed(s.followupExport))
}

func (s *Server) relocation() *store.Relocation { return store.NewRelocation(s.cfg.DB) }
func (s *Server) employment() *store.Employment { return store.NewEmployment(s.cfg.DB) }
func (s *Server) assistance() *store.Assistance { return store.NewAssistance(s.cfg.DB) }

const followupPerPage = 50

// followupTab is an entry of the section's tab bar.
type followupTab struct {
	Href, Label string
	On          bool
}

// followupTabs is the section's tab bar, the current page marked, each tab on the region
// shown.
func followupTabs(current string, scope region.Code) []followupTab {
	q := ""
	if scope != "" {
		q = "?region=" + string(scope)
	}
	var out []followupTab
	for _, t := range [][2]string{{"/followup", "安置点"}, {"/followup/posts", "公益性岗位"}, {"/followup/workshops", "就业帮扶车间"},
		{"/followup/employment", "务工就业"}, {"/followup/families", "低收入人口"}, {"/followup/loans", "小额信贷"}} {
		out = append(out, followupTab{Href: t[0] + q, Label: t[1], On: t[0] == current})
	}
	return append(out, followupTab{Href: "/followup/imports", Label: "导入导出", On: current == "/followup/imports"})
}

// pageSlice returns the part of n rows a page shows from offset.
func pageSlice(n, offset int) (lo, hi int) {
	lo = min(max(offset, 0), n)
	return lo, min(lo+followupPerPage, n)
}

// regionCount is a region below the one shown with how many of the list's objects lie in it,
// for drilling down.
type regionCount struct {
	Code  region.Code
	Name  string
	Count int
	Extra int // a second figure of the list (residents, workers …)
}

// drillDown counts objects by the child of scope each lies in; objects placed at scope itself
// count under it as "本级".
func (s *Server) drillDown(scope region.Code, places []region.Code, extra []int) []regionCount {
	if scope.Level() >= region.Village {
		return nil
	}
	by := map[region.Code]*regionCount{}
	var order []region.Code
	for _, c := range s.cfg.Tree.Children(scope) {
		by[c.Code] = &regionCount{Code: c.Code, Name: c.Name}
		order = append(order, c.Code)
	}
	self := &regionCount{Code: scope, Name: "本级"}
	for i, p := range places {
		rc := self
		if child := p.Up(scope.Level() + 1); by[child] != nil {
			rc = by[child]
		} else {
			// A tree that skips a level (东莞市 has townships and no counties).
			for _, c := range order {
				if c.Contains(p) {
					rc = by[c]
				}
			}
		}
		rc.Count++
		if extra != nil {
			rc.Extra += extra[i]
		}
	}
	var out []regionCount
	if self.Count > 0 {
		out = append(out, *self)
	}
	for _, c := range order {
		if by[c].Count > 0 {
			out = append(out, *by[c])
		}
	}
	return out
}

// placeIn names a place for a list: from below the user's region down (马营镇 东关村民委员会 for
// a county's staff), the region's own name when it is the user's.
func (s *Server) placeIn(u *auth.User, c region.Code) string {
	r, err := s.cfg.Tree.Get(c)
	if err != nil {
		return string(c)
	}
	if c == u.Region || !u.Region.Contains(c) {
		return r.Name
	}
	return s.pathName(u.Region, r)
}

// followupScope reads the list's region (region=) within the user's, and the region itself.
func (s *Server) followupScope(r *http.Request) (region.Code, region.Region, error) {
	scope, err := requestedScope(r, r.URL.Query())
	if err != nil {
		return "", region.Region{}, err
	}
	reg, err := s.cfg.Tree.Get(scope)
	if err != nil {
		return "", region.Region{}, errs.E(errs.NotFound, "地区不存在")
	}
	return scope, reg, nil
}

// revealed records that the user saw an object's full ID and phone numbers, and reports whether
// the page shows them: only for a role that may, asked for by a POST (never a link followed or
// prefetched), audited before the page is written.
func (s *Server) revealed(r *http.Request, full bool, kind, id string, place region.Code, what string) (auth.Masker, error) {
	m := auth.MaskerFor(user(r), full)
	if m.Full {
		if err := s.audit.Append(r.Context(), audit.Entry{Action: audit.Reveal, ObjectType: kind, ObjectID: id, Region: place,
			Detail: "查看了" + what + "的完整证件号码和联系电话"}); err != nil {
			return m, err
		}
	}
	return m, nil
}

// revealing wraps a page's handler as the POST that shows it with full numbers.
func revealing(show func(w http.ResponseWriter, r *http.Request, full bool) error) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := auth.Require(user(r), auth.PermUnmask); err != nil {
			return err
		}
		return show(w, r, true)
	}
}

// ---- resettlement sites

type followupSitesPage struct {
	Tabs    []followupTab
	Region  region.Region
	Regions []regionOption
	Drill   []regionCount
	List    []followupSiteRow
	Total   int
	People  int
	Unkept  int
	Pages   pages
}

type followupSiteRow struct {
	store.SiteSummary
	PlaceName string
}

func (followupSitesPage) PageTitle() string { return "易地搬迁安置点" }

func (s *Server) followupSites(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, reg, err := s.followupScope(r)
	if err != nil {
		return err
	}
	list, err := s.relocation().Sites(r.Context(), scope)
	if err != nil {
		return err
	}
	p := followupSitesPage{Tabs: followupTabs("/followup", scope), Region: reg, Regions: s.scopeChoices(u, scope), Total: len(list)}
	places := make([]region.Code, len(list))
	residents := make([]int, len(list))
	for i, st := range list {
		places[i], residents[i] = st.Region, st.Residents
		p.People += st.People
		if st.Unkept > 0 {
			p.Unkept++
		}
	}
	p.Drill = s.drillDown(scope, places, residents)
	q := r.URL.Query()
	offset := pageOffset(q, followupPerPage)
	lo, hi := pageSlice(len(list), offset)
	for _, st := range list[lo:hi] {
		p.List = append(p.List, followupSiteRow{SiteSummary: st, PlaceName: s.placeIn(u, st.Region)})
	}
	p.Pages = paging("/followup", q, offset, len(list), followupPerPage)
	s.render(w, r, http.StatusOK, "followup_sites", p)
	return nil
}

type followupSitePage struct {
	Tabs       []followupTab
	Site       *relocation.SiteObject
	PlaceName  string
	Facilities []followupFacility
	Residents  []followupResident
	Hidden     int // residents whose village is outside the user's region
	Support    []store.SiteSupport
	MoreUps    int
	Findings   []fundsFinding
	CanEdit    bool
	Kinds      []string
	Today      string
	Notice     string
}

type followupFacility struct {
	relocation.Facility
	Phone  string
	Funded bool
}

type followupResident struct {
	store.ResidentView
	VillageName string
}

func (p followupSitePage) PageTitle() string { return "安置点 " + p.Site.Name }

// maxSupportShown bounds the follow-up records a site's page lists.
const maxSupportShown = 200

// siteFor reads the site of the URL and checks the user may see where it lies.
func (s *Server) siteFor(r *http.Request) (*relocation.SiteObject, error) {
	county, err := objectCounty(r)
	if err != nil {
		return nil, err
	}
	st, err := s.relocation().Site(r.Context(), county, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if err := checkPlace(user(r), st.Site.Region); err != nil {
		return nil, err
	}
	return st, nil
}

func (s *Server) followupSite(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	st, err := s.siteFor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	p := followupSitePage{Tabs: followupTabs("/followup", st.Site.Region), Site: st, PlaceName: s.cfg.Tree.FullName(st.Site.Region),
		CanEdit: auth.Require(u, auth.PermEdit) == nil, Kinds: relocation.SupportKinds,
		Today: registry.DateOf(s.now().In(chinaTime)).String(), Notice: doneNotice(r)}
	for _, f := range st.Facilities {
		p.Facilities = append(p.Facilities, followupFacility{Facility: f, Phone: auth.MaskPhone(f.Phone), Funded: f.Funded()})
	}
	residents, err := s.relocation().Residents(ctx, st.County, st.Site.ID)
	if err != nil {
		return err
	}
	for _, rv := range residents {
		// A household relocated from a village outside the user's region is counted, not shown.
		if !u.Region.Contains(rv.Village) {
			p.Hidden++
			continue
		}
		p.Residents = append(p.Residents, followupResident{ResidentView: rv, VillageName: s.regionName(rv.Village)})
	}
	ups, total, err := s.relocation().SiteFollowUps(ctx, st.County, st.Site.ID, u.Region, maxSupportShown)
	if err != nil {
		return err
	}
	for _, f := range ups {
		f.Content = auth.MaskText(f.Content)
		p.Support = append(p.Support, f)
	}
	p.MoreUps = total - len(ups)
	if p.Findings, err = s.objectFindings(ctx, st.County, relocation.KindSite, st.Site.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "followup_site", p)
	return nil
}

// followupAddSupport records a follow-up support given to a relocated household of the site
// from the site page's form, audited in the store's transaction, and re-screens the household.
func (s *Server) followupAddSupport(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermEdit); err != nil {
		return err
	}
	st, err := s.siteFor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	no := strings.TrimSpace(r.FormValue("household"))
	residents, err := s.relocation().Residents(ctx, st.County, st.Site.ID)
	if err != nil {
		return err
	}
	var village region.Code
	for _, rv := range residents {
		if rv.HouseholdNo == no {
			village = rv.Village
		}
	}
	if village == "" {
		return errs.E(errs.Invalid, "请选择本安置点的搬迁户")
	}
	if err := auth.CheckVillage(u, village); err != nil {
		return err
	}
	on, err := formDate(r, "on")
	if err != nil {
		return err
	}
	if on.IsZero() {
		return errs.E(errs.Invalid, "请填写扶持日期")
	}
	if today := registry.DateOf(s.now().In(chinaTime)); today.Before(on) {
		return errs.E(errs.Invalid, "扶持日期不能晚于今天")
	}
	f := &relocation.FollowUp{County: st.County, HouseholdNo: no, On: on, Kind: r.FormValue("kind"),
		Content: strings.TrimSpace(r.FormValue("content")), By: strings.TrimSpace(r.FormValue("by")), Source: "网页录入"}
	if f.By == "" {
		f.By = u.Name()
	}
	e := audit.Entry{Action: audit.FollowUpAdd, ObjectType: "relocation.followup", ObjectID: no, Region: village,
		Detail: auth.MaskText(fmt.Sprintf("安置点「%s」搬迁户 %s 新增后续扶持记录：%s %s，%s", st.Name, no, on, f.Kind, f.Content))}
	if err := s.relocation().AddFollowUp(ctx, f, e); err != nil {
		return err
	}
	done := s.rescreenHouseholds(ctx, village, []string{no})
	obj := s.rescreenObjects(ctx, st.County, relocation.KindSite)
	done.Opened, done.Closed = done.Opened+obj.Opened, done.Closed+obj.Closed
	http.Redirect(w, r, doneURL(fmt.Sprintf("/followup/sites/%s/%s", st.County, url.PathEscape(st.Site.ID)), done), http.StatusSeeOther)
	return nil
}
