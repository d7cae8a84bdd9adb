package deptlists

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/registry"
)

// Values is what a department says about registry fields: the values of some person fields
// and some household fields, and which fields it determines.
type Values struct {
	Person    registry.Person
	PFields   registry.FieldSet
	Household registry.Household
	HFields   registry.FieldSet
}

// Empty reports whether the values determine no field.
func (v *Values) Empty() bool { return v.PFields == 0 && v.HFields == 0 }

// Say returns what a list's rows about one person (or, for household and village lists, one
// household) say about the registry's fields. The rows come from one list, list.
func (s *Spec) Say(list *ListRef, rows []Row) Values {
	var v Values
	if len(rows) == 0 {
		return v
	}
	last := &rows[len(rows)-1]
	p, h := &v.Person, &v.Household
	switch s.Kind {
	case Medical:
		// A list may carry more than one insurance year: the latest one speaks.
		year := 0
		for i := range rows {
			year = max(year, rows[i].Year)
		}
		p.ResidentMedical, p.EmployeeMedical = registry.No, registry.No
		critical := registry.Unknown
		for i := range rows {
			r := &rows[i]
			if r.Year != year {
				continue
			}
			if r.State == Insured {
				if r.Type == Employee {
					p.EmployeeMedical = registry.Yes
				} else {
					p.ResidentMedical = registry.Yes
				}
			}
			if r.Flag2 == registry.Yes || (r.Flag2 == registry.No && critical == registry.Unknown) {
				critical = r.Flag2
			}
		}
		v.PFields = v.PFields.With(registry.PResidentMedical, registry.PEmployeeMedical)
		if critical != registry.Unknown {
			p.CriticalIllness = critical
			v.PFields = v.PFields.With(registry.PCriticalIllness)
		}
	case Education:
		switch last.State {
		case Enrolled:
			if st := SchoolStatus(last.Grade); st != "" {
				p.SchoolStatus = st
				v.PFields = v.PFields.With(registry.PSchoolStatus)
			}
		case Dropout, Suspension:
			p.SchoolStatus = ""
			v.PFields = v.PFields.With(registry.PSchoolStatus)
		}
	case Housing:
		r := latestAppraisal(rows)
		if r.State == Rebuilt {
			// The grade appraised before the renovation no longer describes the house.
			h.UnsafeHouse = registry.No
			v.HFields = v.HFields.With(registry.HUnsafeHouse)
			break
		}
		h.HousingGrade = r.Grade
		h.UnsafeHouse = yesIf(r.Grade == "C" || r.Grade == "D")
		v.HFields = v.HFields.With(registry.HHousingGrade, registry.HUnsafeHouse)
		if !r.Date.IsZero() {
			h.HousingAppraised = r.Date
			v.HFields = v.HFields.With(registry.HHousingAppraised)
		}
	case Civil:
		if list.Lists(Dibao) {
			p.Dibao = registry.No
			v.PFields = v.PFields.With(registry.PDibao)
		}
		if list.Lists(Tekun) {
			p.Tekun = registry.No
			v.PFields = v.PFields.With(registry.PTekun)
		}
		for i := range rows {
			if r := &rows[i]; r.State == Active {
				switch r.Type {
				case Dibao:
					p.Dibao = registry.Yes
				case Tekun:
					p.Tekun = registry.Yes
				}
			}
		}
	case Police:
		if last.State == Died {
			p.DeceasedOn = last.Date
			v.PFields = v.PFields.With(registry.PDeceasedOn)
		}
	case Disability:
		if last.State == Valid {
			p.DisabilityCategory, p.DisabilityGrade = last.Type, last.Grade
		}
		v.PFields = v.PFields.With(registry.PDisabilityCategory, registry.PDisabilityGrade)
	case Labour:
		if last.Flag != registry.Unknown {
			p.EmployeePension = last.Flag
			v.PFields = v.PFields.With(registry.PEmployeePension)
		}
		if last.Flag2 != registry.Unknown {
			p.ResidentPension = last.Flag2
			v.PFields = v.PFields.With(registry.PResidentPension)
		}
	case Water:
		h.WaterSafe = last.Flag
		if last.Flag == registry.No {
			h.WaterIssue = last.Issues
		}
		v.HFields = v.HFields.With(registry.HWaterSafe, registry.HWaterIssue)
	}
	return v
}

// SayAbsent returns what a roster says of a person (household) of its area it does not list:
// not insured, no 低保, not appraised, no certificate, not deceased.
func (s *Spec) SayAbsent(list *ListRef) Values {
	var v Values
	if !s.Roster {
		return v
	}
	p := &v.Person
	switch s.Kind {
	case Medical:
		p.ResidentMedical, p.EmployeeMedical = registry.No, registry.No
		v.PFields = v.PFields.With(registry.PResidentMedical, registry.PEmployeeMedical)
	case Civil:
		if list.Lists(Dibao) {
			p.Dibao = registry.No
			v.PFields = v.PFields.With(registry.PDibao)
		}
		if list.Lists(Tekun) {
			p.Tekun = registry.No
			v.PFields = v.PFields.With(registry.PTekun)
		}
	case Police:
		v.PFields = v.PFields.With(registry.PDeceasedOn)
	case Disability:
		v.PFields = v.PFields.With(registry.PDisabilityCategory, registry.PDisabilityGrade)
	case Housing:
		v.HFields = v.HFields.With(registry.HHousingGrade, registry.HHousingAppraised)
	}
	return v
}

// Lists reports whether the list holds rows of the type (民政: 低保, 特困 …). A list that does
// not say holds every type.
func (l *ListRef) Lists(typ string) bool {
	return l == nil || l.Types == nil || slices.Contains(l.Types, typ)
}

// latestAppraisal returns the row of the latest appraisal.
func latestAppraisal(rows []Row) *Row {
	best := &rows[0]
	for i := range rows {
		if !rows[i].Date.Before(best.Date) {
			best = &rows[i]
		}
	}
	return best
}

// Change is a registry value an accept changed.
type Change struct {
	Label    string // the field's name
	From, To string
}

// String returns the change as the audit log shows it.
func (c Change) String() string {
	return c.Label + " " + blankAs(c.From, "（空）") + "→" + blankAs(c.To, "（空）")
}

func blankAs(s, b string) string {
	if s == "" {
		return b
	}
	return s
}

// Fill sets the fields of `only` that v determines on the person (nil for none) and the
// household, clears them from the records' Uncollected sets, and returns the changes. An
// import fills the fields no source has provided; an accept fills every field v determines.
func Fill(v *Values, only [2]registry.FieldSet, p *registry.Person, h *registry.Household) []Change {
	var out []Change
	if p != nil {
		for _, f := range (v.PFields & only[0]).List(registry.PersonTable) {
			from, to := personField(p, f), personField(&v.Person, f)
			setPersonField(p, &v.Person, f)
			p.Uncollected = p.Uncollected.Without(f)
			if from != to {
				out = append(out, Change{f.Label(), from, to})
			}
		}
	}
	if h != nil {
		for _, f := range (v.HFields & only[1]).List(registry.HouseholdTable) {
			from, to := householdField(h, f), householdField(&v.Household, f)
			setHouseholdField(h, &v.Household, f)
			h.Uncollected = h.Uncollected.Without(f)
			if from != to {
				out = append(out, Change{f.Label(), from, to})
			}
		}
	}
	return out
}

// All is the `only` of Fill that fills every field the values determine.
var All = [2]registry.FieldSet{registry.AllFields, registry.AllFields}

// Fillable lists the person and household fields department lists fill: Fill and the store
// know how to write them.
var Fillable = [2][]registry.Field{
	{registry.PResidentMedical, registry.PEmployeeMedical, registry.PCriticalIllness, registry.PSchoolStatus,
		registry.PDibao, registry.PTekun, registry.PDeceasedOn, registry.PDisabilityCategory, registry.PDisabilityGrade,
		registry.PEmployeePension, registry.PResidentPension},
	{registry.HHousingGrade, registry.HHousingAppraised, registry.HUnsafeHouse, registry.HWaterSafe, registry.HWaterIssue,
		registry.HDibao, registry.HTekun},
}

func setPersonField(dst, src *registry.Person, f registry.Field) {
	switch f {
	case registry.PResidentMedical:
		dst.ResidentMedical = src.ResidentMedical
	case registry.PEmployeeMedical:
		dst.EmployeeMedical = src.EmployeeMedical
	case registry.PCriticalIllness:
		dst.CriticalIllness = src.CriticalIllness
	case registry.PSchoolStatus:
		dst.SchoolStatus = src.SchoolStatus
	case registry.PDibao:
		dst.Dibao = src.Dibao
	case registry.PTekun:
		dst.Tekun = src.Tekun
	case registry.PDeceasedOn:
		dst.DeceasedOn = src.DeceasedOn
	case registry.PDisabilityCategory:
		dst.DisabilityCategory = src.DisabilityCategory
	case registry.PDisabilityGrade:
		dst.DisabilityGrade = src.DisabilityGrade
	case registry.PEmployeePension:
		dst.EmployeePension = src.EmployeePension
	case registry.PResidentPension:
		dst.ResidentPension = src.ResidentPension
	default:
		panic("deptlists: person field " + f.Label() + " is not fillable")
	}
}

func personField(p *registry.Person, f registry.Field) string {
	switch f {
	case registry.PResidentMedical:
		return p.ResidentMedical.String()
	case registry.PEmployeeMedical:
		return p.EmployeeMedical.String()
	case registry.PCriticalIllness:
		return p.CriticalIllness.String()
	case registry.PSchoolStatus:
		return p.SchoolStatus
	case registry.PDibao:
		return p.Dibao.String()
	case registry.PTekun:
		return p.Tekun.String()
	case registry.PDeceasedOn:
		return p.DeceasedOn.String()
	case registry.PDisabilityCategory:
		return p.DisabilityCategory
	case registry.PDisabilityGrade:
		return p.DisabilityGrade
	case registry.PEmployeePension:
		return p.EmployeePension.String()
	case registry.PResidentPension:
		return p.ResidentPension.String()
	}
	return ""
}

func setHouseholdField(dst, src *registry.Household, f registry.Field) {
	switch f {
	case registry.HHousingGrade:
		dst.HousingGrade = src.HousingGrade
	case registry.HHousingAppraised:
		dst.HousingAppraised = src.HousingAppraised
	case registry.HUnsafeHouse:
		dst.UnsafeHouse = src.UnsafeHouse
	case registry.HWaterSafe:
		dst.WaterSafe = src.WaterSafe
	case registry.HWaterIssue:
		dst.WaterIssue = src.WaterIssue
	case registry.HDibao:
		dst.Dibao = src.Dibao
	case registry.HTekun:
		dst.Tekun = src.Tekun
	default:
		panic("deptlists: household field " + f.Label() + " is not fillable")
	}
}

func householdField(h *registry.Household, f registry.Field) string {
	switch f {
	case registry.HHousingGrade:
		return h.HousingGrade
	case registry.HHousingAppraised:
		return h.HousingAppraised.String()
	case registry.HUnsafeHouse:
		return h.UnsafeHouse.String()
	case registry.HWaterSafe:
		return h.WaterSafe.String()
	case registry.HWaterIssue:
		return h.WaterIssue
	case registry.HDibao:
		return h.Dibao.String()
	case registry.HTekun:
		return h.Tekun.String()
	}
	return ""
}

// HouseholdFlags returns the household's 低保 and 特困 flags as its current members' give them:
// yes when one of them is.
func HouseholdFlags(persons []registry.Person) (dibao, tekun registry.Flag) {
	dibao, tekun = registry.No, registry.No
	for i := range persons {
		if p := &persons[i]; p.Current() {
			if p.Dibao == registry.Yes {
				dibao = registry.Yes
			}
			if p.Tekun == registry.Yes {
				tekun = registry.Yes
			}
		}
	}
	return dibao, tekun
}

// HealthCost returns the out-of-pocket costs the 卫健 rows of a household's members state for
// the year.
func HealthCost(rows []Fact, year int) registry.Money {
	var sum registry.Money
	for i := range rows {
		if x := &rows[i]; x.List.Kind == Health && !x.Missing && x.Row.Year == year {
			sum += x.Row.Amount
		}
	}
	return sum
}

// Accept writes what the facts of one kind say about a person (personNo) or, for household and
// village lists, about the household (personNo "") into the aggregate: the fields the kind
// provides and what accepting it implies besides (a 残联 certificate marks the person 残疾, a
// 卫健 serious illness 患有大病 and the household's out-of-pocket costs, a 公安 move marks the
// person as left). It returns the changes, none when the registry already agrees; errs.Invalid
// when the department says nothing about the person.
func Accept(k Kind, f *Facts, a *registry.Aggregate, personNo string, today registry.Date) ([]Change, error) {
	s := SpecOf(k)
	facts := f.Of(k, personNo)
	if s == nil || len(facts) == 0 {
		return nil, errs.E(errs.Invalid, "没有可采纳的%s部门数据", k)
	}
	var p *registry.Person
	if personNo != "" {
		for i := range a.Persons {
			if a.Persons[i].No == personNo {
				p = &a.Persons[i]
			}
		}
		if p == nil {
			return nil, errs.E(errs.NotFound, "本户没有人口编号为 %s 的成员", personNo)
		}
	}
	// The rows of the latest list speak; a roster that does not list the person says what
	// absence means.
	list := facts[0].List
	for _, x := range facts {
		if list.At.Before(x.List.At) {
			list = x.List
		}
	}
	var rows []Row
	missing := false
	for _, x := range facts {
		if x.List == list {
			if x.Missing {
				missing = true
			} else {
				rows = append(rows, x.Row)
			}
		}
	}
	var v Values
	if missing && len(rows) == 0 {
		v = s.SayAbsent(list)
	} else {
		v = s.Say(list, rows)
	}
	h := &a.Household
	var out []Change
	if s.Level == PersonLevel {
		out = Fill(&v, [2]registry.FieldSet{registry.AllFields, 0}, p, nil)
	} else {
		out = Fill(&v, [2]registry.FieldSet{0, registry.AllFields}, nil, h)
	}
	if p != nil {
		var last *Row
		if len(rows) > 0 {
			last = &rows[len(rows)-1]
		}
		switch {
		case k == Civil:
			d, t := HouseholdFlags(a.Persons)
			hv := Values{Household: registry.Household{Dibao: d, Tekun: t}}
			if list.Lists(Dibao) {
				hv.HFields = hv.HFields.With(registry.HDibao)
			}
			if list.Lists(Tekun) {
				hv.HFields = hv.HFields.With(registry.HTekun)
			}
			out = append(out, Fill(&hv, All, nil, h)...)
		case last == nil:
		case k == Police && last.State == MovedOut && p.LeftOn.IsZero():
			on := last.Date
			if on.IsZero() {
				on = today
			}
			out = append(out, Change{"迁出日期", "", on.String()})
			p.LeftOn = on
		case k == Disability && last.State == Valid && !p.HasHealth("残疾"):
			out = append(out, addHealth(p, "残疾"))
		case k == Health:
			if st := illness(rows); st != "" && !p.HasHealth(st) {
				out = append(out, addHealth(p, st))
			}
			// The year's out-of-pocket costs of the whole household, as 卫健 states them.
			for _, year := range healthYears(facts) {
				if in := a.Income(year); in != nil {
					if cost := HealthCost(f.Rows, year); cost > in.MedicalOOP || in.Uncollected.Has(registry.IMedicalOOP) {
						out = append(out, Change{fmt.Sprintf("%d 年合规自付医疗支出", year), in.MedicalOOP.Plain(), cost.Plain()})
						in.MedicalOOP = cost
						in.Uncollected = in.Uncollected.Without(registry.IMedicalOOP)
					}
				}
			}
		case k == Labour && last.State == Employed:
			if last.Unit != "" && last.Unit != p.Employer {
				out = append(out, Change{"务工企业名称", p.Employer, last.Unit})
				p.Employer = last.Unit
				p.Uncollected = p.Uncollected.Without(registry.PEmployer)
			}
			if last.Place != "" && p.WorkLocation == "" {
				out = append(out, Change{"务工所在地", "", last.Place})
				p.WorkLocation = last.Place
				p.Uncollected = p.Uncollected.Without(registry.PWorkLocation)
			}
		}
	}
	return out, nil
}

func healthYears(facts []*Fact) []int {
	var ys []int
	for _, x := range facts {
		if x.Row.Year != 0 && !slices.Contains(ys, x.Row.Year) {
			ys = append(ys, x.Row.Year)
		}
	}
	return ys
}

// illness returns the health state a person's 卫健 rows imply: 患有大病, 长期慢性病, or "".
func illness(rows []Row) string {
	st := ""
	for i := range rows {
		switch rows[i].State {
		case Serious:
			return "患有大病"
		case Chronic:
			st = "长期慢性病"
		}
	}
	return st
}

// Illness returns the health state the 卫健 facts about a person imply: 患有大病, 长期慢性病,
// or "".
func Illness(facts []*Fact) string {
	var rows []Row
	for _, x := range facts {
		rows = append(rows, x.Row)
	}
	return illness(rows)
}

// addHealth adds a state to a person's 健康状况, replacing 健康.
func addHealth(p *registry.Person, state string) Change {
	from := p.Health
	var parts []string
	for _, s := range registry.SplitMulti(p.Health) {
		if s != "健康" {
			parts = append(parts, s)
		}
	}
	p.Health = strings.Join(append(parts, state), ",")
	p.Uncollected = p.Uncollected.Without(registry.PHealth)
	return Change{"健康状况", from, p.Health}
}

// SchoolStatus maps a 年级 as school rolls write it (三年级, 初二, 高一, 中职一年级, 大班 …) to
// the registry's 在校生状况, or "" when it cannot.
func SchoolStatus(grade string) string {
	g := strings.ReplaceAll(strings.TrimSpace(grade), " ", "")
	if registry.In(registry.SchoolStatuses, g) {
		return g
	}
	num := func(s string) int {
		for i, w := range []string{"一", "二", "三", "四", "五", "六", "七", "八", "九"} {
			if strings.Contains(s, w) || strings.Contains(s, fmt.Sprint(i+1)) {
				return i + 1
			}
		}
		return 0
	}
	n := num(g)
	switch {
	case strings.Contains(g, "学前") || strings.Contains(g, "幼儿") || strings.HasSuffix(g, "班"):
		return "学前教育"
	case strings.HasPrefix(g, "初"):
		if n >= 1 && n <= 3 {
			return []string{"七年级", "八年级", "九年级"}[n-1]
		}
	case strings.HasPrefix(g, "高职") || strings.HasPrefix(g, "大专"):
		if n >= 1 && n <= 3 {
			return fmt.Sprintf("高职高专%s年级", cn(n))
		}
	case strings.HasPrefix(g, "中职") || strings.HasPrefix(g, "职高") || strings.HasPrefix(g, "中专"):
		if n >= 1 && n <= 3 {
			return fmt.Sprintf("中职%s年级", cn(n))
		}
	case strings.HasPrefix(g, "高"):
		if n >= 1 && n <= 3 {
			return fmt.Sprintf("普通高中%s年级", cn(n))
		}
	case strings.HasPrefix(g, "大") || strings.HasPrefix(g, "本科"):
		if n >= 1 && n <= 5 {
			return fmt.Sprintf("本科%s年级", cn(n))
		}
	case strings.HasPrefix(g, "小学") || strings.HasSuffix(g, "年级"):
		switch {
		case n >= 1 && n <= 6:
			return "小学"
		case n >= 7 && n <= 9:
			return []string{"七年级", "八年级", "九年级"}[n-7]
		}
	}
	return ""
}

func cn(n int) string { return []string{"一", "二", "三", "四", "五"}[n-1] }
