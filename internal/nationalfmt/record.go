package nationalfmt

import (
	"slices"
	"strings"

	"github.com/gonggu/gonggu/internal/registry"
)

// SetHousehold fills the household part of rec from h: the household fields and the risk
// columns.
func (r *Record) SetHousehold(h *registry.Household) {
	r.Household = *h
	r.Household.RiskTypes = slices.Clone(h.RiskTypes)
	r.Risks = [5]string{}
	copy(r.Risks[:], h.RiskTypes)
	r.Village = string(h.Village)
}

// SyncRisks sets the household's risk types from the risk columns.
func (r *Record) SyncRisks() {
	r.Household.RiskTypes = nil
	for _, s := range r.Risks {
		if s != "" {
			r.Household.RiskTypes = append(r.Household.RiskTypes, s)
		}
	}
}

// MeasureCell returns the cell a measure column holds for a household's measures: the
// descriptions of the measures of that type in order, joined by commas ("" when none).
func MeasureCell(ms []registry.Measure, typ string) string {
	var parts []string
	for i := range ms {
		if ms[i].Type == typ {
			d := ms[i].Description
			if d == "" {
				d = typ
			}
			parts = append(parts, d)
		}
	}
	return strings.Join(parts, ",")
}

// SetMeasures fills the measure columns from a household's measures.
func (r *Record) SetMeasures(ms []registry.Measure) {
	for i, t := range MeasureTypes {
		r.Measures[i] = MeasureCell(ms, t)
	}
}

// SetIncome fills the income columns from in, or blanks them when in is nil.
func (r *Record) SetIncome(in *registry.Income) {
	if in == nil {
		r.Income, r.HasIncome, r.HasNet = registry.Income{}, false, false
		r.NetIncome, r.PerCapita = 0, 0
		return
	}
	r.Income, r.HasIncome, r.HasNet = *in, true, true
	r.NetIncome = in.Net()
}

// Head returns the household's head: the first current person whose relation is 户主, or nil.
func Head(a *registry.Aggregate) *registry.Person {
	for i := range a.Persons {
		if a.Persons[i].IsHead() && a.Persons[i].Current() {
			return &a.Persons[i]
		}
	}
	return nil
}

// LatestIncome returns the household's income of the latest year, or nil.
func LatestIncome(a *registry.Aggregate) *registry.Income {
	var best *registry.Income
	for i := range a.Incomes {
		if best == nil || a.Incomes[i].Year > best.Year {
			best = &a.Incomes[i]
		}
	}
	return best
}

// perCapita returns the per-capita net income the export shows: over the income's household
// size, or the current members when the size is not given.
func perCapita(a *registry.Aggregate, in *registry.Income) registry.Money {
	size := in.Size
	if size <= 0 {
		size = a.Size()
	}
	return in.PerCapita(size)
}
