package handbook

import (
	"context"

	"github.com/gonggu/gonggu/internal/recognition"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
)

// StoreSupport returns the support domain of db (store.Support) as a handbook reads it.
func StoreSupport(db *store.DB) Support { return supportStore{store.NewSupport(db)} }

type supportStore struct{ s *store.Support }

// Helpers returns the household's helpers in force on the day.
func (s supportStore) Helpers(ctx context.Context, no string, on registry.Date) ([]Helper, error) {
	rows, err := s.s.HouseholdPairings(ctx, no)
	if err != nil {
		return nil, err
	}
	var out []Helper
	for _, r := range rows {
		if !r.ActiveOn(on) || (r.CadreStatus != "" && r.CadreStatus != "在岗") {
			continue
		}
		h := Helper{Name: r.CadreName, Unit: r.CadreUnit, Since: r.Start}
		if c, err := s.s.Cadre(ctx, r.CadreID); err == nil {
			h.Post, h.Phone = c.Post, c.Phone
		}
		out = append(out, h)
	}
	return out, nil
}

// Team returns the members serving on the day in the village's work teams.
func (s supportStore) Team(ctx context.Context, village region.Code, on registry.Date) ([]Member, error) {
	teams, err := s.s.Teams(ctx, village)
	if err != nil {
		return nil, err
	}
	var out []Member
	for _, t := range teams {
		if !t.ActiveOn(on) {
			continue
		}
		ms, err := s.s.Members(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if m.ActiveOn(on) {
				out = append(out, Member{Name: m.Name, Role: m.Role, Unit: t.Unit, Since: m.Start})
			}
		}
	}
	return out, nil
}

// Visits returns the latest n visits of the household of the village, newest first.
func (s supportStore) Visits(ctx context.Context, village region.Code, no string, n int) ([]recognition.Visit, error) {
	rows, _, err := s.s.Visits(ctx, store.VisitFilter{Scope: village, HouseholdNo: no, Limit: n})
	if err != nil {
		return nil, err
	}
	out := make([]recognition.Visit, 0, len(rows))
	for _, r := range rows {
		out = append(out, recognition.Visit{On: r.On, Visitor: r.Visitor, Way: r.Way, KnowsCadre: r.KnowsCadre,
			KnowsTeam: r.KnowsTeam, Note: r.ProblemText()})
	}
	return out, nil
}
