package web

import (
	"net/http"
	"slices"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/rules"
)

// The rule pages: the catalog as a reader who is not a programmer checks it, and each rule with
// its policy basis, what to do about a finding (如何整改), the county checks it covers, the data
// it needs, its parameters with the values in force in the user's region, and its cases — the
// same text docs/rules.md is generated from, so that the page a cadre reads next to a finding
// says what the program does. The rules hold no personal data; every page still needs a login.

func (s *Server) ruleRoutes() {
	s.mux.Handle("GET /rules", s.authed(s.rulesPage))
	s.mux.Handle("GET /rules/{id}", s.authed(s.rulePage))
}

// ruleInfo is one rule of either kind as the pages show it.
type ruleInfo struct {
	ID, Title, Indicator, Severity, SeverityKey, Subject string
	Basis, Fix, Explain, Fields                          string
	Practice                                             []string
	Params                                               []Param
	Cases                                                []ruleCase
	IndicatorNo                                          int
	IndicatorKey                                         string
}

type ruleCase struct {
	Desc  string
	Fires bool
}

// rulesPage lists the catalog by indicator, filtered by one indicator when asked.
type rulesPage struct {
	Indicator  string // the filter's key: "1" … "10", "dq", or "" for all
	Indicators []Indicator
	Rules      []ruleInfo
}

func (rulesPage) PageTitle() string { return "排查规则" }

type rulePage struct {
	Rule ruleInfo
	Year int
}

func (p rulePage) PageTitle() string { return p.Rule.ID + " " + p.Rule.Title }

func householdRule(r *rules.Rule) ruleInfo {
	out := ruleInfo{ID: r.ID, Title: r.Title, Indicator: rules.IndicatorTitles[r.Indicator], IndicatorNo: r.Indicator, IndicatorKey: indicatorID(r.Indicator),
		Severity: r.Severity.Label(), SeverityKey: r.Severity.String(), Subject: r.Subject.Label(),
		Basis: r.Basis, Fix: r.Fix, Explain: r.Template(), Fields: r.FieldLabels(), Practice: r.Practice}
	for _, c := range r.Cases {
		out.Cases = append(out.Cases, ruleCase{Desc: c.Desc, Fires: len(c.Fires) > 0})
	}
	return out
}

func objectRule(r *rules.ObjectRule) ruleInfo {
	out := ruleInfo{ID: r.ID, Title: r.Title, Indicator: rules.IndicatorTitles[r.Indicator], IndicatorNo: r.Indicator, IndicatorKey: indicatorID(r.Indicator),
		Severity: r.Severity.Label(), SeverityKey: r.Severity.String(), Subject: r.Kind,
		Basis: r.Basis, Fix: r.Fix, Practice: r.Practice}
	for _, c := range r.Cases {
		out.Cases = append(out.Cases, ruleCase{Desc: c.Desc, Fires: c.Fires})
	}
	return out
}

// catalogInfo returns every rule, household rules first, each indicator's in catalog order.
func catalogInfo() []ruleInfo {
	var out []ruleInfo
	for _, r := range rules.All() {
		out = append(out, householdRule(r))
	}
	for _, r := range rules.Objects() {
		out = append(out, objectRule(r))
	}
	slices.SortStableFunc(out, func(a, b ruleInfo) int { return indicatorOrder(a.IndicatorNo) - indicatorOrder(b.IndicatorNo) })
	return out
}

// indicatorOrder puts the data-quality rules after the ten indicators.
func indicatorOrder(i int) int {
	if i == rules.DataQuality {
		return 100
	}
	return i
}

// ruleParams names the parameters a rule reads, for lookups of their values in force.
func ruleParams(id string) []policy.Name {
	if r := rules.All().Get(id); r != nil {
		return r.Params
	}
	if r := rules.Objects().Get(id); r != nil {
		return r.Params
	}
	return nil
}

func (s *Server) rulesPage(w http.ResponseWriter, r *http.Request) error {
	p := rulesPage{Indicator: r.FormValue("indicator")}
	want, err := parseIndicator(p.Indicator)
	if err != nil {
		return err
	}
	for _, i := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, rules.DataQuality} {
		p.Indicators = append(p.Indicators, Indicator{ID: indicatorID(i), Name: rules.IndicatorTitles[i]})
	}
	for _, ri := range catalogInfo() {
		if want < 0 || ri.IndicatorNo == want {
			p.Rules = append(p.Rules, ri)
		}
	}
	s.render(w, r, http.StatusOK, "rules", p)
	return nil
}

func (s *Server) rulePage(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	var found *ruleInfo
	for _, ri := range catalogInfo() {
		if ri.ID == id {
			found = &ri
			break
		}
	}
	if found == nil {
		return errs.E(errs.NotFound, "没有编号为「%s」的规则", id)
	}
	p := rulePage{Rule: *found, Year: s.now().Year()}
	// The values in force where the user works: a cadre reads the threshold that applies to
	// the family, not the shipped default.
	if names := ruleParams(id); len(names) > 0 && s.cfg.Params != nil {
		list, err := s.cfg.Params.List(r.Context(), user(r).Region, p.Year)
		if err != nil {
			return err
		}
		for _, pr := range list {
			if slices.Contains(names, policy.Name(pr.Name)) {
				pr.Source = s.sourceName(pr.Source)
				p.Rule.Params = append(p.Rule.Params, pr)
			}
		}
	}
	s.render(w, r, http.StatusOK, "rule", p)
	return nil
}
