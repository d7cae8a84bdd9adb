package deptcompare

import (
	"context"
	"fmt"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/deptlists"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
)

// Accepting a department's value (采纳部门数据): what the latest list of a kind says about a
// person (or, for household and village lists, the household) written into the registry over
// the version the cadre saw, with the provenance of the fields, the decision and the audit
// entry in one transaction. The caller re-screens the household afterwards (the web does, with
// the households related to it), as after any edit.

// Acceptance is what accepting a department's value changes in a household.
type Acceptance struct {
	Kind     deptlists.Kind
	PersonNo string             // "" for the household
	List     *deptlists.ListRef // the list whose rows speak
	Changes  []deptlists.Change // none when the registry already agrees
	fills    []store.DeptFill   // the fields set, by record, for their provenance
}

// Text returns the changes as a page and the audit log show them: 城乡居民医保 是→否；….
func (x *Acceptance) Text() string {
	parts := make([]string, len(x.Changes))
	for i, c := range x.Changes {
		parts[i] = c.String()
	}
	return strings.Join(parts, "；")
}

// HouseholdFacts returns what the stored lists say about the households of a county, by 户编号
// (households no list concerns are absent).
func (s *Service) HouseholdFacts(ctx context.Context, county region.Code, nos []string) (map[string]*deptlists.Facts, error) {
	if len(nos) == 0 {
		return nil, nil
	}
	m, err := s.Lists.Facts(ctx, county, county, nos)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*deptlists.Facts, len(m))
	for no, v := range m {
		if f, ok := v.(*deptlists.Facts); ok {
			out[no] = f
		}
	}
	return out, nil
}

// Apply writes what the facts of a kind say about a person (personNo, "" for the household)
// into a, which the caller owns (a clone for a preview), and returns what changed.
// errs.Invalid when the department says nothing about the person.
func Apply(kind deptlists.Kind, facts *deptlists.Facts, a *registry.Aggregate, personNo string, today registry.Date) (*Acceptance, error) {
	var list *deptlists.ListRef
	for _, x := range facts.Of(kind, personNo) {
		if list == nil || list.At.Before(x.List.At) {
			list = x.List
		}
	}
	if list == nil {
		return nil, errs.E(errs.Invalid, "没有可采纳的%s部门数据", kind)
	}
	before := a.Clone()
	changes, err := deptlists.Accept(kind, facts, a, personNo, today)
	if err != nil {
		return nil, err
	}
	return &Acceptance{Kind: kind, PersonNo: personNo, List: list, Changes: changes, fills: fillsOf(before, a, personNo, list.ID)}, nil
}

// Accept writes what the latest list of a kind says about a person (personNo, "" for the
// household) into the household a, loaded at the version expect, and stores it with the audit
// entry: errs.Invalid when the registry already agrees or the result is not a valid household,
// errs.Conflict when another save came first. On success a holds the household as stored.
func (s *Service) Accept(ctx context.Context, a *registry.Aggregate, expect int64, kind deptlists.Kind, personNo string) (*Acceptance, error) {
	county := a.Household.County()
	facts, err := s.HouseholdFacts(ctx, county, []string{a.Household.No})
	if err != nil {
		return nil, err
	}
	f := facts[a.Household.No]
	if f == nil {
		return nil, errs.E(errs.Invalid, "这一户没有%s部门数据", kind)
	}
	x, err := Apply(kind, f, a, personNo, registry.DateOf(s.Now()))
	if err != nil {
		return nil, err
	}
	if len(x.Changes) == 0 {
		return nil, errs.E(errs.Invalid, "登记库已与%s部门数据一致，无需采纳", kind)
	}
	action, who := audit.HouseholdUpdate, "本户"
	if personNo != "" {
		action, who = audit.PersonUpdate, "成员 "+personNo
	}
	// The detail names fields and values, never a name or a personal number.
	e := audit.Entry{Action: action, Detail: fmt.Sprintf("采纳%s部门数据（%s导入的「%s」）：%s %s", kind,
		x.List.At.Format("2006-01-02"), x.List.File, who, x.Text())}
	err = s.Lists.Accept(ctx, &store.DeptAccept{Household: a, Expect: expect, PersonNo: personNo, Kind: kind, Fills: x.fills,
		Source: string(kind) + "部门名单（" + x.List.File + "）"}, e)
	if err != nil {
		return nil, err
	}
	return x, nil
}

// fillsOf returns the records and fields an accept changed from before to after, for their
// provenance: the person's and the household's fields department lists provide, the person's
// fields an accept implies besides (健康状况, 务工企业名称, 务工所在地), and each year's
// out-of-pocket medical costs.
func fillsOf(before, after *registry.Aggregate, personNo, listID string) []store.DeptFill {
	county := after.Household.County()
	f := store.DeptFill{County: county, HouseholdNo: after.Household.No, PersonNo: personNo, ListID: listID}
	if personNo != "" {
		p0, p1 := person(before, personNo), person(after, personNo)
		if p0 != nil && p1 != nil {
			for _, fl := range deptlists.Fillable[0] {
				// Fill of one field from after onto a copy of before reports whether it differs.
				cp := *p0
				v := deptlists.Values{Person: *p1, PFields: registry.FieldSet(0).With(fl)}
				if len(deptlists.Fill(&v, deptlists.All, &cp, nil)) > 0 {
					f.PFields = f.PFields.With(fl)
				}
			}
			for _, x := range []struct {
				fl   registry.Field
				a, b string
			}{{registry.PHealth, p0.Health, p1.Health}, {registry.PEmployer, p0.Employer, p1.Employer},
				{registry.PWorkLocation, p0.WorkLocation, p1.WorkLocation}} {
				if x.a != x.b {
					f.PFields = f.PFields.With(x.fl)
				}
			}
			f.Person = *p1
		}
	}
	for _, fl := range deptlists.Fillable[1] {
		h := before.Household
		v := deptlists.Values{Household: after.Household, HFields: registry.FieldSet(0).With(fl)}
		if len(deptlists.Fill(&v, deptlists.All, nil, &h)) > 0 {
			f.HFields = f.HFields.With(fl)
		}
	}
	f.Household = after.Household
	var out []store.DeptFill
	if f.PFields != 0 || f.HFields != 0 {
		out = append(out, f)
	}
	for i := range after.Incomes {
		in := &after.Incomes[i]
		old := before.Income(in.Year)
		if old != nil && (old.MedicalOOP != in.MedicalOOP || old.Uncollected.Has(registry.IMedicalOOP) != in.Uncollected.Has(registry.IMedicalOOP)) {
			out = append(out, store.DeptFill{County: county, HouseholdNo: after.Household.No, Year: in.Year, MedicalOOP: in.MedicalOOP, ListID: listID})
		}
	}
	return out
}

func person(a *registry.Aggregate, no string) *registry.Person {
	for i := range a.Persons {
		if a.Persons[i].No == no {
			return &a.Persons[i]
		}
	}
	return nil
}
