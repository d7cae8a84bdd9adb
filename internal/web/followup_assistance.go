package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gonggu/gonggu/internal/assistance"
	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
)

// The pages of the regular assistance of the rural low-income population (civil affairs'
// list matched to the registry by the head's ID number, with the assistance records) and of
// the small loans.

// maxListed bounds the posts, families or loans a list reads; a region with more is narrowed
// by choosing a township or village (or a department).
const maxListed = 5000

type followupFamiliesPage struct {
	Tabs       []followupTab
	Region     region.Region
	Regions    []regionOption
	Categories []string
	Category   string
	Counts     []regionCount // by category (Code unused)
	Matched    int
	Drill      []regionCount
	List       []followupFamilyRow
	Total      int
	Capped     bool
	Pages      pages
}

type followupFamilyRow struct {
	store.FamilySummary
	PlaceName string
	HeadID    string
}

func (followupFamiliesPage) PageTitle() string { return "农村低收入人口" }

func (s *Server) followupFamilies(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, reg, err := s.followupScope(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	cat := q.Get("category")
	if cat != "" && !registry.In(assistance.Categories, cat) {
		return errs.E(errs.Invalid, "类别应为%s之一", strings.Join(assistance.Categories, "、"))
	}
	ctx := r.Context()
	p := followupFamiliesPage{Tabs: followupTabs("/followup/families", scope), Region: reg, Regions: s.scopeChoices(u, scope),
		Categories: assistance.Categories, Category: cat}
	counts, matched, err := s.assistance().FamilyCounts(ctx, scope)
	if err != nil {
		return err
	}
	p.Matched = matched
	for _, c := range assistance.Categories {
		if counts[c] > 0 {
			p.Counts = append(p.Counts, regionCount{Name: c, Count: counts[c]})
		}
	}
	list, err := s.assistance().Families(ctx, scope, cat, maxListed+1)
	if err != nil {
		return err
	}
	if len(list) > maxListed {
		list, p.Capped = list[:maxListed], true
	}
	p.Total = len(list)
	places := make([]region.Code, len(list))
	for i, f := range list {
		places[i] = f.Village
	}
	p.Drill = s.drillDown(scope, places, nil)
	offset := pageOffset(q, followupPerPage)
	lo, hi := pageSlice(len(list), offset)
	for _, f := range list[lo:hi] {
		p.List = append(p.List, followupFamilyRow{FamilySummary: f, PlaceName: s.placeIn(u, f.Village), HeadID: auth.MaskID(f.HeadID)})
	}
	p.Pages = paging("/followup/families", q, offset, len(list), followupPerPage)
	s.render(w, r, http.StatusOK, "followup_families", p)
	return nil
}

type followupFamilyPage struct {
	Tabs      []followupTab
	Family    *assistance.Family
	PlaceName string
	HeadID    string
	Records   []assistance.Record
	Findings  []fundsFinding
	CanEdit   bool
	Ways      []string
	Today     string
	Notice    string
	Full      bool
}

func (p followupFamilyPage) PageTitle() string { return "低收入家庭 " + p.Family.Head }

// familyFor reads the family of the URL and checks the user may see its village.
func (s *Server) familyFor(r *http.Request) (*assistance.Family, []assistance.Record, error) {
	county, err := objectCounty(r)
	if err != nil {
		return nil, nil, err
	}
	f, recs, err := s.assistance().Family(r.Context(), county, r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	if err := checkPlace(user(r), f.Village); err != nil {
		return nil, nil, err
	}
	return f, recs, nil
}

func (s *Server) followupFamily(w http.ResponseWriter, r *http.Request) error {
	return s.showFamily(w, r, false)
}

func (s *Server) showFamily(w http.ResponseWriter, r *http.Request, full bool) error {
	f, recs, err := s.familyFor(r)
	if err != nil {
		return err
	}
	mask, err := s.revealed(r, full, "assistance.family", f.ID, f.Village, f.Category+"家庭户主"+f.Head)
	if err != nil {
		return err
	}
	for i := range recs {
		recs[i].Done = auth.MaskText(recs[i].Done)
	}
	p := followupFamilyPage{Tabs: followupTabs("/followup/families", f.Village), Family: f, PlaceName: s.cfg.Tree.FullName(f.Village),
		HeadID: mask.ID(f.HeadID), Full: mask.Full, Records: recs, CanEdit: auth.Require(user(r), auth.PermEdit) == nil, Ways: assistance.Ways,
		Today: registry.DateOf(s.now().In(chinaTime)).String(), Notice: doneNotice(r)}
	if p.Findings, err = s.objectFindings(r.Context(), f.County, assistance.KindFamily, f.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "followup_family", p)
	return nil
}

// followupAddRecord records a regular assistance of a family from its page's form, audited in
// the store's transaction, and re-screens the county's families and the matched household.
func (s *Server) followupAddRecord(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	if err := auth.Require(u, auth.PermEdit); err != nil {
		return err
	}
	f, _, err := s.familyFor(r)
	if err != nil {
		return err
	}
	on, err := formDate(r, "on")
	if err != nil {
		return err
	}
	if on.IsZero() {
		return errs.E(errs.Invalid, "请填写帮扶日期")
	}
	if today := registry.DateOf(s.now().In(chinaTime)); today.Before(on) {
		return errs.E(errs.Invalid, "帮扶日期不能晚于今天")
	}
	rec := &assistance.Record{County: f.County, FamilyID: f.ID, On: on, Way: r.FormValue("way"), By: strings.TrimSpace(r.FormValue("by")),
		Done: strings.TrimSpace(r.FormValue("done")), Source: "网页录入"}
	if rec.By == "" {
		rec.By = u.Name()
	}
	ctx := r.Context()
	e := audit.Entry{Action: audit.AssistAdd, ObjectType: "assistance.record", ObjectID: f.ID, Region: f.Village,
		Detail: auth.MaskText(fmt.Sprintf("%s家庭「%s」新增常态化帮扶记录：%s %s，%s", f.Category, f.Head, on, rec.Way, rec.Done))}
	if err := s.assistance().AddRecord(ctx, rec, e); err != nil {
		return err
	}
	done := s.rescreenObjects(ctx, f.County, assistance.KindFamily)
	if f.HouseholdNo != "" {
		h := s.rescreenHouseholds(ctx, f.Village, []string{f.HouseholdNo})
		done.Opened, done.Closed = done.Opened+h.Opened, done.Closed+h.Closed
	}
	http.Redirect(w, r, doneURL(fmt.Sprintf("/followup/families/%s/%s", f.County, url.PathEscape(f.ID)), done), http.StatusSeeOther)
	return nil
}

// ---- small loans

type followupLoansPage struct {
	Tabs        []followupTab
	Region      region.Region
	Regions     []regionOption
	All         bool
	Drill       []regionCount
	List        []followupLoanRow
	Total       int
	Overdue     int
	Outstanding string
	Capped      bool
	Pages       pages
}

type followupLoanRow struct {
	*assistance.Loan
	PlaceName  string
	BorrowerID string
	Late       bool
}

func (followupLoansPage) PageTitle() string { return "小额信贷" }

func (s *Server) followupLoans(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	scope, reg, err := s.followupScope(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := followupLoansPage{Tabs: followupTabs("/followup/loans", scope), Region: reg, Regions: s.scopeChoices(u, scope), All: q.Get("all") == "1"}
	list, err := s.assistance().Loans(r.Context(), scope, !p.All, maxListed+1)
	if err != nil {
		return err
	}
	if len(list) > maxListed {
		list, p.Capped = list[:maxListed], true
	}
	today := registry.DateOf(s.now().In(chinaTime))
	var owed registry.Money
	places := make([]region.Code, len(list))
	for i, l := range list {
		places[i] = l.Village
		if l.OverdueOn(today) {
			p.Overdue++
		}
		if l.Outstanding() {
			owed += l.Amount
		}
	}
	p.Total, p.Outstanding = len(list), owed.String()
	p.Drill = s.drillDown(scope, places, nil)
	offset := pageOffset(q, followupPerPage)
	lo, hi := pageSlice(len(list), offset)
	for _, l := range list[lo:hi] {
		p.List = append(p.List, followupLoanRow{Loan: l, PlaceName: s.placeIn(u, l.Village), BorrowerID: auth.MaskID(l.BorrowerID),
			Late: l.OverdueOn(today)})
	}
	p.Pages = paging("/followup/loans", q, offset, len(list), followupPerPage)
	s.render(w, r, http.StatusOK, "followup_loans", p)
	return nil
}
