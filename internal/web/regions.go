package web

import (
	"net/http"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

type regionPage struct {
	*regionFigures
	Home    bool
	Trail   []region.Region // the ancestors the user may open
	Overdue int             // overdue items of the rectification ledger in the region
}

func (p regionPage) PageTitle() string {
	if p.Home {
		return "首页"
	}
	return p.Region.Name
}

type householdItem struct {
	store.HouseholdRow
	VillageName string
	Matched     string // masked certificate number of the person who matched a search
	// MatchedPhone is the masked phone that matched a search by phone.
	MatchedPhone string
	Open         int
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	return s.showRegion(w, r, user(r).Region, true)
}

func (s *Server) regionPage(w http.ResponseWriter, r *http.Request) error {
	code, err := region.ParseCode(r.PathValue("code"))
	if err != nil {
		return errs.E(errs.NotFound, "行政区划代码「%s」无效", r.PathValue("code"))
	}
	return s.showRegion(w, r, code, false)
}

func (s *Server) showRegion(w http.ResponseWriter, r *http.Request, code region.Code, home bool) error {
	u := user(r)
	scope, err := auth.Scope(u, code)
	if err != nil {
		return err
	}
	f, err := s.figures.get(r.Context(), scope)
	if err != nil {
		return err
	}
	p := regionPage{regionFigures: f, Home: home, Trail: s.trail(u, scope), Overdue: s.overdueCount(r, scope)}
	s.render(w, r, http.StatusOK, "region", p)
	return nil
}

// trail returns the regions from the user's own region down to the parent of code: the
// breadcrumb the user may click (regions above the user's are shown, not linked).
func (s *Server) trail(u *auth.User, code region.Code) []region.Region {
	var out []region.Region
	for _, a := range s.cfg.Tree.Ancestors(code) {
		if u.Region.Contains(a.Code) {
			out = append(out, a)
		}
	}
	return out
}
