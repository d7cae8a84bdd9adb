package web

import (
	"net/http"
	"strings"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
)

// The JSON API serves the pages' data for integrations, behind the same session, scoping and
// masking. Numbers are always masked here, in their fields and inside free texts (measure
// descriptions, explanations, waiver reasons): full numbers are shown only on the household
// page, one audited view at a time.

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	u := user(r)
	writeJSON(w, http.StatusOK, map[string]any{"username": u.Username, "name": u.Name(), "role": u.Role,
		"role_name": u.Role.Name(), "region": u.Region, "region_name": s.cfg.Tree.FullName(u.Region)})
	return nil
}

func (s *Server) apiRegion(w http.ResponseWriter, r *http.Request) error {
	code, err := region.ParseCode(r.PathValue("code"))
	if err != nil {
		return errs.E(errs.NotFound, "行政区划代码「%s」无效", r.PathValue("code"))
	}
	scope, err := auth.Scope(user(r), code)
	if err != nil {
		return err
	}
	f, err := s.figures.get(r.Context(), scope)
	if err != nil {
		return err
	}
	out := map[string]any{"code": f.Region.Code, "name": f.Region.Name, "level": f.Region.Level.String(),
		"full_name": s.cfg.Tree.FullName(scope), "totals": f.Total, "children": f.Children}
	if f.HasFindings {
		out["indicators"] = f.Indicators
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type apiHouseholdRow struct {
	No          string      `json:"household_no"`
	Village     region.Code `json:"village"`
	VillageName string      `json:"village_name"`
	Kind        string      `json:"kind"`
	Category    string      `json:"category,omitempty"`
	Head        string      `json:"head"`
	Matched     string      `json:"matched_name,omitempty"`
	MatchedID   string      `json:"matched_id,omitempty"`
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	scope, err := auth.Scope(user(r), "")
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	by := store.SearchKind(q)
	if q == "" || by == store.TooShort {
		return errs.E(errs.Invalid, "请用参数 q 给出姓名（至少两个字）、手机号码、证件号码（18 位或后 6 位）或户编号")
	}
	rows, err := s.reg.Search(r.Context(), scope, q, searchLimit)
	if err != nil {
		return err
	}
	if by == store.ByPhone || by == store.ByIDSuffix {
		if err := s.auditSearch(r, scope, by, q, rows); err != nil {
			return err
		}
	}
	out := make([]apiHouseholdRow, 0, len(rows))
	for _, h := range rows {
		out = append(out, apiHouseholdRow{No: h.No, Village: h.Village, VillageName: s.villageName(h.Village), Kind: h.Kind,
			Category: h.Category, Head: h.Head, Matched: h.Matched, MatchedID: auth.MaskID(h.MatchedID)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"households": out})
	return nil
}

func (s *Server) apiHousehold(w http.ResponseWriter, r *http.Request) error {
	a, err := s.loadHousehold(r, r.PathValue("no"))
	if err != nil {
		return err
	}
	h := a.Household
	var persons []map[string]any
	for i := range a.Persons {
		p := &a.Persons[i]
		persons = append(persons, map[string]any{"person_no": p.No, "name": p.Name, "id_number": auth.MaskID(p.IDNumber),
			"gender": p.Gender, "birth": p.Birth.String(), "relation": p.Relation, "education": p.Education,
			"school_status": p.SchoolStatus, "labour_skill": p.LabourSkill, "health": p.Health,
			"work_location": p.WorkLocation, "work_months": countJSON(p.WorkMonths), "phone": auth.MaskPhone(p.Phone),
			"current": p.Current()})
	}
	var incomes []map[string]any
	for i := range a.Incomes {
		in := &a.Incomes[i]
		size := in.Size
		if size <= 0 {
			size = a.Size()
		}
		incomes = append(incomes, map[string]any{"year": in.Year, "wages": in.Wages.Yuan(), "business": in.Business.Yuan(),
			"property": in.Property.Yuan(), "transfers": in.Transfers.Yuan(), "business_expense": in.BusinessExpense.Yuan(),
			"net": in.Net().Yuan(), "per_capita": in.PerCapita(size).Yuan(), "size": size})
	}
	var measures []map[string]any
	for _, m := range a.Measures {
		measures = append(measures, map[string]any{"seq": m.Seq, "type": m.Type, "description": auth.MaskText(m.Description),
			"start": m.Start.String(), "end": m.End.String(), "amount": m.Amount.Yuan()})
	}
	out := map[string]any{
		"household_no": h.No, "village": h.Village, "village_name": s.cfg.Tree.FullName(h.Village), "kind": h.Kind,
		"year_out": h.YearOut, "phone": auth.MaskPhone(h.Phone),
		"monitoring": map[string]any{"category": h.Category, "identified_on": h.IdentifiedOn.String(), "channel": h.Channel,
			"risk_types": h.RiskTypes, "risk_eliminated": h.RiskEliminated.String(), "elimination_way": h.EliminationWay,
			"eliminated_on": h.EliminatedOn.String()},
		"housing_grade": h.HousingGrade, "water_safe": h.WaterSafe.String(),
		"persons": persons, "incomes": incomes, "measures": measures,
	}
	if sc := s.cfg.Screening; sc != nil {
		fs, err := sc.Household(r.Context(), h.No)
		if err != nil {
			return err
		}
		out["findings"] = apiFindings(fs)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func countJSON(c registry.Count) any {
	if !c.Valid {
		return nil
	}
	return c.N
}

func apiFindings(fs []Finding) []map[string]any {
	out := make([]map[string]any, 0, len(fs))
	for _, f := range fs {
		f = maskFinding(f)
		m := map[string]any{"id": f.ID, "rule": f.Rule, "title": f.RuleTitle, "indicator": f.Indicator,
			"severity": f.Severity, "household_no": f.HouseholdNo, "region": f.Region, "explanation": f.Explanation,
			"status": f.Status, "found": f.Found}
		if f.Status == "waived" {
			m["waived_by"], m["waive_reason"] = f.WaivedBy, f.WaiveReason
		}
		out = append(out, m)
	}
	return out
}

func (s *Server) apiFindings(w http.ResponseWriter, r *http.Request) error {
	sc := s.cfg.Screening
	if sc == nil {
		return errs.E(errs.NotFound, "排查功能尚未启用")
	}
	f, err := s.findingFilter(r)
	if err != nil {
		return err
	}
	list, total, err := sc.List(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": total, "offset": f.Offset, "findings": apiFindings(list)})
	return nil
}
