package importer

import (
	"reflect"
	"slices"
	"strings"

	"github.com/gonggu/gonggu/internal/nationalfmt"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// combined is what a household's member rows say about the household: each household,
// measure and income column from the first row that fills it.
type combined struct {
	rec         nationalfmt.Record
	present     []bool // member-table column → some row's sheet has it
	village     string
	uncollected string // the first row's 未采集字段
}

// conflict is a row that fills a household column with another value than an earlier row.
type conflict struct {
	r          *row
	col        int
	have, want string
}

// householdLevel reports whether a member-table column describes the household (and is
// therefore repeated on each of its rows).
func householdLevel(c *nationalfmt.Column) bool {
	switch c.Level {
	case nationalfmt.LevelHousehold, nationalfmt.LevelMeasure, nationalfmt.LevelIncome:
		return c.Kind != nationalfmt.Derived
	}
	return false
}

// householdCols and personCols are the member-table columns by level.
var householdCols, personCols = func() (hs, ps []int) {
	for i := range nationalfmt.Members.Columns {
		c := &nationalfmt.Members.Columns[i]
		switch {
		case householdLevel(c):
			hs = append(hs, i)
		case c.Level == nationalfmt.LevelPerson:
			ps = append(ps, i)
		}
	}
	return hs, ps
}()

// combine combines a household's member rows and returns the rows that contradict earlier ones.
func combine(rows []*row) (*combined, []conflict) {
	t := nationalfmt.Members
	c := &combined{present: make([]bool, len(t.Columns))}
	var conflicts []conflict
	var set [128]bool // household columns filled by an earlier row
	for _, r := range rows {
		if c.uncollected == "" {
			c.uncollected = r.rec.Uncollected
		}
		for k, i := range householdCols {
			col := &t.Columns[i]
			if !r.sc.header.Present(i) {
				continue
			}
			c.present[i] = true
			switch {
			case col.Blank(&r.rec):
			case !set[k]:
				set[k] = true
				col.Copy(&c.rec, &r.rec)
				if col.Level == nationalfmt.LevelIncome {
					c.rec.HasIncome = true
					if c.rec.Income.Year == 0 {
						// A sheet without 年度: the decoder gave the row the default year.
						c.rec.Income.Year = r.rec.Income.Year
					}
				}
			case !col.Same(&c.rec, &r.rec):
				conflicts = append(conflicts, conflict{r: r, col: i, have: col.Format(&c.rec), want: col.Format(&r.rec)})
			}
		}
		for _, i := range personCols {
			if r.sc.header.Present(i) {
				c.present[i] = true
			}
		}
		switch {
		case r.village == "":
		case c.village == "":
			c.village = r.village
		case r.village != c.village:
			conflicts = append(conflicts, conflict{r: r, col: t.Column("村"), have: c.village, want: r.village})
		}
	}
	c.rec.SyncRisks()
	c.rec.Household.No = rows[0].householdNo
	c.rec.Income.HouseholdNo = c.rec.Household.No
	return c, conflicts
}

// status says what an import did to a household or a person.
type status int8

const (
	unchanged status = iota
	added
	changed
)

// outcome is the result of merging a household.
type outcome struct {
	agg    *registry.Aggregate
	status status
	// Person counts.
	pAdded, pChanged, pUnchanged, pLeft int
	incomes                             int // income records added or changed
	// leaving are the stored household's current members that the member rows no longer
	// list: marked as left in agg when merge was asked to, kept as they were otherwise.
	leaving []*registry.Person
}

// merge merges a household's rows into its stored version (nil when new). Only the columns
// the rows' sheets have are taken from the file; everything else is kept. People the member
// rows no longer list are marked as left on today, not deleted, when markLeft is set, and only
// listed in the outcome otherwise. c is the combination of the member rows (nil when the
// household has none).
func merge(old *registry.Aggregate, g *group, c *combined, today registry.Date, markLeft bool) outcome {
	t := nationalfmt.Members
	a := cloneAggregate(old)
	if a == nil {
		a = &registry.Aggregate{Household: registry.Household{No: g.no}}
	}
	var out outcome
	if c != nil {
		var base nationalfmt.Record
		base.SetHousehold(&a.Household)
		for _, i := range householdCols {
			col := &t.Columns[i]
			if col.Level == nationalfmt.LevelHousehold && c.present[i] {
				col.Copy(&base, &c.rec)
			}
		}
		base.SyncRisks()
		a.Household = base.Household
		a.Household.No = g.no
		// The fields the rows' sheets have are collected now; the others stay as they were,
		// and on a new household they are not collected.
		collected := t.Collected(func(i int) bool { return c.present[i] }, registry.HouseholdTable)
		if c.present[t.Column("是否享受低保")] {
			collected = collected.With(registry.HDibao)
		}
		if c.present[t.Column("是否特困供养人员")] {
			collected = collected.With(registry.HTekun)
		}
		if old == nil {
			a.Household.Uncollected = registry.AllOf(registry.HouseholdTable)
		}
		a.Household.Uncollected &^= collected
		// gonggu's own export lists the fields it never had: they stay uncollected.
		a.Household.Uncollected |= nationalfmt.ParseUncollected(c.uncollected, registry.HouseholdTable)
		if c.village != "" {
			a.Household.Village = region.Code(c.village)
		}
		for i, typ := range nationalfmt.MeasureTypes {
			if c.present[t.Column(typ)] {
				a.Measures = mergeMeasure(a.Measures, g.no, typ, c.rec.Measures[i])
			}
		}
		out.pAdded, out.pChanged, out.pUnchanged, out.pLeft, out.leaving = mergePersons(a, old, g, today, markLeft)
		if !c.present[t.Column("户是否享受低保")] && c.present[t.Column("是否享受低保")] {
			a.Household.Dibao = deriveFlag(a, func(p *registry.Person) registry.Flag { return p.Dibao })
		}
		if !c.present[t.Column("户是否特困供养")] && c.present[t.Column("是否特困供养人员")] {
			a.Household.Tekun = deriveFlag(a, func(p *registry.Person) registry.Flag { return p.Tekun })
		}
		if c.rec.HasIncome && c.rec.Income.Year != 0 {
			mergeIncome(a, &c.rec, t, c.present)
		}
	}
	for _, r := range g.incomes {
		if r.rec.Income.Year != 0 {
			present := make([]bool, len(nationalfmt.Incomes.Columns))
			for i := range present {
				present[i] = r.sc.header.Present(i)
			}
			mergeIncome(a, &r.rec, nationalfmt.Incomes, present)
		}
	}
	slices.SortFunc(a.Incomes, func(x, y registry.Income) int { return x.Year - y.Year })
	normalize(a)
	out.agg = a
	switch {
	case old == nil:
		out.status = added
	case reflect.DeepEqual(old, a):
		out.status = unchanged
	default:
		out.status = changed
	}
	out.incomes = countIncomes(old, a)
	return out
}

// mergePersons updates the people of a from the member rows and returns the person counts.
// The current members the rows do not list are marked as left on today when markLeft is set,
// and returned as leaving (pointers into a.Persons) either way.
func mergePersons(a, old *registry.Aggregate, g *group, today registry.Date, markLeft bool) (add, chg, same, left int, leaving []*registry.Person) {
	t := nationalfmt.Members
	leftCol := t.Column("离开日期")
	byNo := make(map[string]int, len(a.Persons))
	for i := range a.Persons {
		byNo[a.Persons[i].No] = i
	}
	listed := make(map[string]bool, len(g.members))
	var rec nationalfmt.Record
	for _, r := range g.members {
		no := r.rec.Person.No
		listed[no] = true
		i, ok := byNo[no]
		if !ok {
			a.Persons = append(a.Persons, registry.Person{No: no, HouseholdNo: g.no,
				Uncollected: registry.AllOf(registry.PersonTable)})
			i = len(a.Persons) - 1
			byNo[no] = i
		}
		rec.Person = a.Persons[i]
		for _, j := range personCols {
			if r.sc.header.Present(j) {
				t.Columns[j].Copy(&rec, &r.rec)
			}
		}
		if !r.sc.header.Present(leftCol) {
			rec.Person.LeftOn = registry.Date{} // listed, so not left
		}
		rec.Person.HouseholdNo = g.no
		rec.Person.Uncollected &^= t.Collected(r.sc.header.Present, registry.PersonTable)
		rec.Person.Uncollected |= nationalfmt.ParseUncollected(r.rec.Uncollected, registry.PersonTable)
		a.Persons[i] = rec.Person
	}
	if markLeft {
		for i := range a.Persons {
			p := &a.Persons[i]
			if !listed[p.No] && p.LeftOn.IsZero() {
				p.LeftOn = today
			}
		}
	}
	slices.SortFunc(a.Persons, func(x, y registry.Person) int { return strings.Compare(x.No, y.No) })
	was := map[string]*registry.Person{}
	if old != nil {
		for i := range old.Persons {
			was[old.Persons[i].No] = &old.Persons[i]
		}
	}
	for i := range a.Persons {
		p := &a.Persons[i]
		o := was[p.No]
		if o != nil && !listed[p.No] && o.LeftOn.IsZero() {
			leaving = append(leaving, p)
		}
		switch {
		case o == nil:
			add++
		case !listed[p.No] && o.LeftOn.IsZero() && markLeft:
			left++
		case reflect.DeepEqual(*o, *p):
			same++
		default:
			chg++
		}
	}
	return add, chg, same, left, leaving
}

// mergeMeasure sets the household's measures of a type to what the column says: kept as they
// are when the column lists the same descriptions (so dates and amounts entered in gonggu
// survive a re-import), replaced by one measure with the cell as its description otherwise,
// and removed when the cell is blank.
func mergeMeasure(ms []registry.Measure, no, typ, cell string) []registry.Measure {
	if nationalfmt.MeasureCell(ms, typ) == cell {
		return ms
	}
	out := ms[:0:0]
	seq := 0
	for _, m := range ms {
		if m.Type != typ {
			out = append(out, m)
		}
		seq = max(seq, m.Seq)
	}
	if cell != "" {
		out = append(out, registry.Measure{HouseholdNo: no, Seq: seq + 1, Type: typ, Description: cell})
	}
	return out
}

// mergeIncome merges the income columns of rec (a row of table t) into the household's income
// of the row's year.
func mergeIncome(a *registry.Aggregate, rec *nationalfmt.Record, t *nationalfmt.Table, present []bool) {
	year := rec.Income.Year
	in := a.Income(year)
	if in == nil {
		a.Incomes = append(a.Incomes, registry.Income{HouseholdNo: a.Household.No, Year: year,
			Uncollected: registry.AllOf(registry.IncomeTable)})
		in = &a.Incomes[len(a.Incomes)-1]
	}
	var dst nationalfmt.Record
	dst.Income = *in
	for i := range t.Columns {
		col := &t.Columns[i]
		if col.Level == nationalfmt.LevelIncome && col.Kind != nationalfmt.Derived && present[i] {
			col.Copy(&dst, rec)
		}
	}
	dst.Income.Year, dst.Income.HouseholdNo = year, a.Household.No
	dst.Income.Uncollected &^= t.Collected(func(i int) bool { return present[i] }, registry.IncomeTable)
	dst.Income.Uncollected |= nationalfmt.ParseUncollected(rec.Uncollected, registry.IncomeTable)
	*in = dst.Income
}

// deriveFlag derives a household flag from its current members' flags: yes when one has it,
// no when all are no, unknown otherwise.
func deriveFlag(a *registry.Aggregate, f func(*registry.Person) registry.Flag) registry.Flag {
	all := registry.No
	n := 0
	for i := range a.Persons {
		p := &a.Persons[i]
		if !p.Current() {
			continue
		}
		n++
		switch f(p) {
		case registry.Yes:
			return registry.Yes
		case registry.Unknown:
			all = registry.Unknown
		}
	}
	if n == 0 {
		return registry.Unknown
	}
	return all
}

func countIncomes(old, a *registry.Aggregate) int {
	n := 0
	for i := range a.Incomes {
		in := &a.Incomes[i]
		var o *registry.Income
		if old != nil {
			o = old.Income(in.Year)
		}
		if o == nil || *o != *in {
			n++
		}
	}
	return n
}

// cloneAggregate returns a deep copy of a (nil for nil).
func cloneAggregate(a *registry.Aggregate) *registry.Aggregate {
	if a == nil {
		return nil
	}
	c := *a
	c.Household.RiskTypes = slices.Clone(a.Household.RiskTypes)
	c.Persons = slices.Clone(a.Persons)
	c.Incomes = slices.Clone(a.Incomes)
	c.Measures = slices.Clone(a.Measures)
	return &c
}

// normalize makes empty slices nil, as the store returns them, so that comparisons hold.
func normalize(a *registry.Aggregate) {
	if len(a.Household.RiskTypes) == 0 {
		a.Household.RiskTypes = nil
	}
	if len(a.Persons) == 0 {
		a.Persons = nil
	}
	if len(a.Incomes) == 0 {
		a.Incomes = nil
	}
	if len(a.Measures) == 0 {
		a.Measures = nil
	}
}
