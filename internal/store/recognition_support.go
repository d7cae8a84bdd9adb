package store

import (
	"context"

	"github.com/gonggu/gonggu/internal/recognition"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// RecognitionVisits returns the visits domain (internal/support, Support.Visits) as the
// recognition domain reads it (recognition.Visits): the one place where the two meet.
func RecognitionVisits(db *DB) recognition.Visits { return supportVisits{NewSupport(db)} }

type supportVisits struct{ s *Support }

// maxVisitsRead bounds the visits read at once: a county's visits of a year or two.
const maxVisitsRead = 2_000_000

// Visits returns the visits of county in scope made on or after since, by household, oldest
// first; kept is false when the county has no visit record at all.
func (v supportVisits) Visits(ctx context.Context, county, scope region.Code, nos []string, since registry.Date) (map[string][]recognition.Visit, bool, error) {
	if scope.Level() < region.County {
		scope = county
	}
	_, any, err := v.s.Visits(ctx, VisitFilter{Scope: county, Limit: 1})
	if err != nil || any == 0 {
		return nil, false, err
	}
	rows, _, err := v.s.Visits(ctx, VisitFilter{Scope: scope, From: since, Limit: maxVisitsRead})
	if err != nil {
		return nil, true, err
	}
	var want map[string]bool
	if nos != nil {
		want = make(map[string]bool, len(nos))
		for _, no := range nos {
			want[no] = true
		}
	}
	out := map[string][]recognition.Visit{}
	for i := len(rows) - 1; i >= 0; i-- { // newest first as listed
		r := &rows[i]
		if want != nil && !want[r.HouseholdNo] {
			continue
		}
		out[r.HouseholdNo] = append(out[r.HouseholdNo], recognition.Visit{On: r.On, Visitor: r.Visitor, Way: r.Way,
			KnowsCadre: r.KnowsCadre, KnowsTeam: r.KnowsTeam, Note: r.ProblemText()})
	}
	return out, true, nil
}
