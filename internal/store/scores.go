package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Scores stores the counts behind the scorecard's indicator rates per region and period (a
// monthly history: one snapshot per region and month), and the province averages users enter
// for comparison.
type Scores struct{ db *DB }

// NewScores returns the scorecard store of db.
func NewScores(db *DB) *Scores { return &Scores{db: db} }

// ScoreCount is the numerator and denominator of one rate of an indicator in one region.
type ScoreCount struct {
	Period    string
	Region    region.Code
	Indicator int    // 0 data quality, 1–10
	Part      string // "" for an indicator scored on one rate, else the part's key
	Num, Den  int
}

// The sources of a period's snapshot.
const (
	SourceRefresh   = "refresh"   // counted from the registry and the open findings
	SourceSynthetic = "synthetic" // made up by the demo, for its trend chart
)

// Population is the households a rate is measured over.
type Population int

// The populations. A household counts in a rate's numerator when it belongs to the rate's
// population and has an open finding of the rate's rules.
const (
	PopAll        Population = iota // every household
	PopTarget                       // 脱贫户 (ScoreSpec.TargetKinds) or monitored
	PopRelocated                    // relocated (易地扶贫搬迁)
	PopMonitored                    // monitored (监测对象)
	PopUnresolved                   // monitored, risk not eliminated
	PopEliminated                   // monitored, risk eliminated
	// PopMissed is the 漏纳率's: households not monitored count in the numerator (suspected
	// missed), and the denominator is the monitored households plus the numerator.
	PopMissed
	numPops = PopEliminated + 1 // the populations counted by a bit of the household mask
)

// ScoreRate is one rate a refresh counts.
type ScoreRate struct {
	Indicator int
	Part      string
	Rules     []string // the rules whose open findings count; nil: every rule of the indicator
	Of        Population
	// Counter, when set, counts the rate itself: a domain's rate that is not households with
	// findings (visit coverage, the expenditure rate, satisfaction). Rules and Of are unused.
	Counter VillageCounter
}

// VillageCounter counts a domain's rate in every village of a scope ("" for all): its
// numerator and denominator by village code. A village it leaves out has no data.
type VillageCounter interface {
	CountVillages(ctx context.Context, scope region.Code) (map[region.Code][2]int, error)
}

// A DBCounter is a VillageCounter declared before any database is open (a domain's rate in the
// scorecard's definitions): Count binds it to the database it counts in.
type DBCounter interface {
	On(db *DB) VillageCounter
}

// ScoreSpec says which rates a refresh counts.
type ScoreSpec struct {
	Rates       []ScoreRate
	TargetKinds []string // the 户类型 spellings of 脱贫户
}

// popConds are the SQL conditions on a household (h) of each population counted by a bit,
// with the arguments of the one that has some.
func (spec ScoreSpec) popConds() ([numPops]string, []any) {
	conds := [numPops]string{
		PopAll:        "1=1",
		PopTarget:     "h.category <> ''",
		PopRelocated:  "h.relocated = 1",
		PopMonitored:  "h.category <> ''",
		PopUnresolved: "h.category <> '' AND (h.risk_eliminated IS NULL OR h.risk_eliminated <> 1)",
		PopEliminated: "h.category <> '' AND h.risk_eliminated = 1",
	}
	var args []any
	if len(spec.TargetKinds) > 0 {
		conds[PopTarget] = "(h.kind IN (" + placeholders(len(spec.TargetKinds)) + ") OR h.category <> '')"
		for _, k := range spec.TargetKinds {
			args = append(args, k)
		}
	}
	return conds, args
}

// HouseholdClass is what the populations of the scorecard read of a household: its village,
// 户类型, whether it is monitored (监测对象类别 not blank), relocated and its risk eliminated.
type HouseholdClass struct {
	Village                              region.Code
	Kind                                 string
	Monitored, Relocated, RiskEliminated bool
}

// ClassOf returns the class of a household.
func ClassOf(h *registry.Household) HouseholdClass {
	return HouseholdClass{Village: h.Village, Kind: h.Kind, Monitored: h.Category != "",
		Relocated: h.Relocated == registry.Yes, RiskEliminated: h.RiskEliminated == registry.Yes}
}

// HouseholdTally counts the households of a region by class. A full screening reads every
// household and tallies them on the way, so that the refresh after it needs not scan the
// households again (0.8 s of a million on a cold cache).
type HouseholdTally struct {
	Scope region.Code // the region every household of which was counted; "" for all
	// Counts holds pointers, so that a count goes up without assigning to the map: an
	// assignment would store the key again, and a screening's households are cut from its
	// packs, which a key of their strings would keep alive (0.1 GB more, and the garbage
	// collector busy for four CPU-seconds of a million).
	Counts map[HouseholdClass]*int
	// Found lists the households with open findings after the screening, when FoundKnown:
	// the refresh then needs not read the findings back and look up their households.
	Found      []FoundHousehold
	FoundKnown bool
}

// FoundHousehold is a household with open findings: its class and its findings' indicators
// and rules.
type FoundHousehold struct {
	County   region.Code
	No       string
	Class    HouseholdClass
	Findings []FindingRef
}

// FindingRef is what the scorecard reads of an open finding.
type FindingRef struct {
	Indicator int
	Rule      string
}

// Add counts a household.
func (t *HouseholdTally) Add(h *registry.Household) {
	c := ClassOf(h)
	if n := t.Counts[c]; n != nil {
		*n++
		return
	}
	if t.Counts == nil {
		t.Counts = map[HouseholdClass]*int{}
	}
	c.Village, c.Kind = region.Code(strings.Clone(string(c.Village))), strings.Clone(c.Kind)
	t.Counts[c] = ptrTo(1)
}

// Merge adds the counts and the households with findings of another tally; the households
// with findings stay known only if they were known in both.
func (t *HouseholdTally) Merge(o *HouseholdTally) {
	t.Found = append(t.Found, o.Found...)
	t.FoundKnown = t.FoundKnown && o.FoundKnown
	for c, n := range o.Counts {
		if have := t.Counts[c]; have != nil {
			*have += *n
			continue
		}
		if t.Counts == nil {
			t.Counts = map[HouseholdClass]*int{}
		}
		t.Counts[c] = ptrTo(*n)
	}
}

func ptrTo(n int) *int { return &n }

// popBits is the population mask of a household of the class: popConds in Go, which
// TestPopBitsMatchSQL holds to the SQL.
func (spec ScoreSpec) popBits(c HouseholdClass) int64 {
	var m int64 = 1 << PopAll
	if c.Monitored || slices.Contains(spec.TargetKinds, c.Kind) {
		m |= 1 << PopTarget
	}
	if c.Relocated {
		m |= 1 << PopRelocated
	}
	if c.Monitored {
		m |= 1 << PopMonitored
		if c.RiskEliminated {
			m |= 1 << PopEliminated
		} else {
			m |= 1 << PopUnresolved
		}
	}
	return m
}

// populations turns a tally into the households of each village in each population, by
// village code.
func (spec ScoreSpec) populations(t *HouseholdTally) []villagePops {
	byVillage := map[region.Code]*villagePops{}
	for c, n := range t.Counts {
		vp := byVillage[c.Village]
		if vp == nil {
			vp = &villagePops{village: string(c.Village)}
			byVillage[c.Village] = vp
		}
		bits := spec.popBits(c)
		for p := range vp.pops {
			if bits&(1<<p) != 0 {
				vp.pops[p] += *n
			}
		}
	}
	out := make([]villagePops, 0, len(byVillage))
	for _, vp := range byVillage {
		out = append(out, *vp)
	}
	slices.SortFunc(out, func(a, b villagePops) int { return cmp.Compare(a.village, b.village) })
	return out
}

// popMask is the SQL of a household's population bits (bit p for Population p).
func (spec ScoreSpec) popMask() (string, []any) {
	conds, args := spec.popConds()
	terms := make([]string, len(conds))
	for p, c := range conds {
		terms[p] = fmt.Sprintf("(CASE WHEN %s THEN %d ELSE 0 END)", c, 1<<p)
	}
	return strings.Join(terms, " + "), args
}

// ruleBits returns, for an open finding's indicator and rule, its rate bits (bit k for
// spec.Rates[k]: a finding of the rate's rules).
func (spec ScoreSpec) ruleBits() func(indicator int, rule string) int64 {
	byIndicator := map[int]int64{}
	byRule := map[string]int64{}
	for k, r := range spec.Rates {
		switch {
		case r.Counter != nil && len(r.Rules) == 0:
			// a domain's own rate: no household counts in it
		case len(r.Rules) > 0:
			for _, id := range r.Rules {
				byRule[id] |= int64(1) << k
			}
		default:
			byIndicator[r.Indicator] |= int64(1) << k
		}
	}
	return func(indicator int, rule string) int64 { return byIndicator[indicator] | byRule[rule] }
}

// counts reports whether a household with the population and finding masks counts in rate k's
// numerator.
func (spec ScoreSpec) counts(k int, pop, found int64) bool {
	if found&(1<<k) == 0 {
		return false
	}
	if of := spec.Rates[k].Of; of != PopMissed {
		return pop&(1<<of) != 0
	}
	return pop&(1<<PopMonitored) == 0
}

// den returns rate k's denominator from the population counts and the rate's numerator.
func (spec ScoreSpec) den(k int, pops *[numPops]int, num int) int {
	of := spec.Rates[k].Of
	if of == PopMissed {
		return pops[PopMonitored] + num
	}
	return pops[of]
}

// Refresh recomputes the period's counts of every region in the province(s) of scope ("" for
// every province) and replaces the period's stored snapshot of them: households by village
// and population, households with open findings by village and the rates they count in, rolled
// up to townships, counties, cities and provinces.
func (s *Scores) Refresh(ctx context.Context, scope region.Code, period string, spec ScoreSpec) error {
	return s.RefreshFrom(ctx, scope, period, spec, nil)
}

// RefreshFrom is Refresh with the households already counted by a screening that read them
// all: the tally serves when it covers what the refresh counts, and the households are
// counted from the table otherwise.
func (s *Scores) RefreshFrom(ctx context.Context, scope region.Code, period string, spec ScoreSpec, tally *HouseholdTally) error {
	if err := ValidatePeriod(period); err != nil {
		return err
	}
	villages, err := s.CountFrom(ctx, scope.Up(region.Province), spec, tally)
	if err != nil {
		return err
	}
	for i := range villages {
		villages[i].Period = period
	}
	return s.Write(ctx, scope, period, SourceRefresh, villages)
}

// Count counts the rates of the spec in every village of scope ("" for all), from the
// registry and the open findings, in the order of spec.Rates within each village.
func (s *Scores) Count(ctx context.Context, scope region.Code, spec ScoreSpec) ([]ScoreCount, error) {
	return s.CountFrom(ctx, scope, spec, nil)
}

// CountFrom is Count with the households of a screening's tally, when it covers scope.
func (s *Scores) CountFrom(ctx context.Context, scope region.Code, spec ScoreSpec, tally *HouseholdTally) ([]ScoreCount, error) {
	if tally != nil && tally.Scope != scope {
		tally = nil
	}
	type village struct {
		pops [numPops]int
		nums []int
	}
	byVillage := map[region.Code]*village{}
	var order []region.Code
	get := func(v string) *village {
		c := byVillage[region.Code(v)]
		if c == nil {
			c = &village{nums: make([]int, len(spec.Rates))}
			byVillage[region.Code(v)] = c
			order = append(order, region.Code(v))
		}
		return c
	}
	var pops []villagePops
	var err error
	if tally != nil {
		pops = spec.populations(tally)
	} else if pops, err = s.villagePopulations(ctx, scope, spec); err != nil {
		return nil, err
	}
	for _, vp := range pops {
		get(vp.village).pops = vp.pops
	}
	if tally != nil && !tally.FoundKnown {
		tally = nil
	}
	err = s.withFindings(ctx, scope, spec, true, tally, func(_, v string, pop, found int64, n int) error {
		c := get(v)
		for k := range spec.Rates {
			if spec.Rates[k].Counter == nil && spec.counts(k, pop, found) {
				c.nums[k] += n
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The domains' own rates.
	counted := make([]map[region.Code][2]int, len(spec.Rates))
	for k, r := range spec.Rates {
		if r.Counter == nil {
			continue
		}
		c := r.Counter
		if b, ok := c.(DBCounter); ok {
			c = b.On(s.db)
		}
		if counted[k], err = c.CountVillages(ctx, scope); err != nil {
			return nil, err
		}
		for v := range counted[k] {
			get(string(v))
		}
	}
	out := make([]ScoreCount, 0, len(order)*len(spec.Rates))
	for _, v := range order {
		c := byVillage[v]
		for k, r := range spec.Rates {
			if r.Counter != nil {
				if nd, ok := counted[k][v]; ok {
					out = append(out, ScoreCount{Region: v, Indicator: r.Indicator, Part: r.Part, Num: nd[0], Den: nd[1]})
				}
				continue
			}
			out = append(out, ScoreCount{Region: v, Indicator: r.Indicator, Part: r.Part, Num: c.nums[k], Den: spec.den(k, &c.pops, c.nums[k])})
		}
	}
	return out, nil
}

// villagePops is how many households of a village are in each population.
type villagePops struct {
	village string
	pops    [numPops]int
}

// villagePopulations counts the households of each village of scope in each population of
// the spec, in one pass over the households by village (through the covering index
// households_figures). The unresolved households are the monitored less the eliminated: one
// sum fewer.
func (s *Scores) villagePopulations(ctx context.Context, scope region.Code, spec ScoreSpec) ([]villagePops, error) {
	conds, pargs := spec.popConds()
	var sums []string
	for p, c := range conds {
		if Population(p) != PopUnresolved {
			sums = append(sums, "SUM(CASE WHEN "+c+" THEN 1 ELSE 0 END)")
		}
	}
	hwhere, hargs := householdScope(scope)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT h.village_code, `+strings.Join(sums, ", ")+`
		FROM households h WHERE `+hwhere+` GROUP BY h.village_code ORDER BY h.village_code`), append(pargs, hargs...)...)
	if err != nil {
		return nil, internal(err, "scores.households")
	}
	defer rows.Close()
	var out []villagePops
	for rows.Next() {
		var vp villagePops
		dest := []any{&vp.village}
		for p := range vp.pops {
			if Population(p) != PopUnresolved {
				dest = append(dest, &vp.pops[p])
			}
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, internal(err, "scores.households")
		}
		vp.pops[PopUnresolved] = vp.pops[PopMonitored] - vp.pops[PopEliminated]
		out = append(out, vp)
	}
	if err := rows.Err(); err != nil {
		return nil, internal(err, "scores.households")
	}
	return out, nil
}

// withFindings streams the households of scope with an open finding of a rate of the spec:
// number, village, population mask and finding mask (bit k for spec.Rates[k]), one household
// at a time by village and number with n 1; or, grouped, how many households of a village share
// the two masks, the number then empty. The findings' rate bits are put together here, a map
// lookup a finding, where SQL had evaluated a CASE for every rate on every finding.
func (s *Scores) withFindings(ctx context.Context, scope region.Code, spec ScoreSpec, grouped bool, tally *HouseholdTally,
	fn func(no, village string, pop, found int64, n int) error) error {
	type house struct {
		no, village string
		pop, found  int64
	}
	type key struct{ county, no string }
	byHouse := map[key]*house{}
	bits := spec.ruleBits()
	add := func(county, no, village string, pop int64, indicator int, rule string) {
		b := bits(indicator, rule)
		if b == 0 {
			return
		}
		k := key{county, no}
		h := byHouse[k]
		if h == nil {
			h = &house{no: no, village: village, pop: pop}
			byHouse[k] = h
		}
		h.found |= b
	}
	if tally != nil {
		// The households a full screening left with open findings, as the query would read
		// them back.
		for i := range tally.Found {
			fh := &tally.Found[i]
			pop := spec.popBits(fh.Class)
			for _, f := range fh.Findings {
				add(string(fh.County), fh.No, string(fh.Class.Village), pop, f.Indicator, f.Rule)
			}
		}
	} else if err := s.readFindings(ctx, scope, spec, add); err != nil {
		return err
	}
	houses := make([]*house, 0, len(byHouse))
	for _, h := range byHouse {
		if scope != "" && !scope.Contains(region.Code(h.village)) {
			continue // moved out of the scope since its findings were written
		}
		houses = append(houses, h)
	}
	if !grouped {
		slices.SortFunc(houses, func(a, b *house) int {
			return cmp.Or(cmp.Compare(a.village, b.village), cmp.Compare(a.no, b.no))
		})
		for _, h := range houses {
			if err := fn(h.no, h.village, h.pop, h.found, 1); err != nil {
				return err
			}
		}
		return nil
	}
	type group struct {
		village    string
		pop, found int64
	}
	counts := map[group]int{}
	for _, h := range houses {
		counts[group{h.village, h.pop, h.found}]++
	}
	groups := slices.SortedFunc(maps.Keys(counts), func(a, b group) int {
		return cmp.Or(cmp.Compare(a.village, b.village), cmp.Compare(a.pop, b.pop), cmp.Compare(a.found, b.found))
	})
	for _, g := range groups {
		if err := fn("", g.village, g.pop, g.found, counts[g]); err != nil {
			return err
		}
	}
	return nil
}

// readFindings reads the open findings of scope, each with its household's village and
// population mask (of the spec) and the finding's indicator and rule.
func (s *Scores) readFindings(ctx context.Context, scope region.Code, spec ScoreSpec,
	each func(county, no, village string, pop int64, indicator int, rule string)) error {
	pm, pargs := spec.popMask()
	conds, sargs := scopeWhere(scope)
	// The subquery reads findings alone, so the scope's columns need no table name. The
	// findings are limited to the scope; the households they join are not, but for the village
	// of each checked by withFindings: a range on the households' village as well leads
	// PostgreSQL to intersect it with the key lookup, a hundred times slower.
	fwhere := strings.Join(append([]string{"status = 'open'"}, conds...), " AND ")
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT x.county_code, x.household_no, x.indicator, x.rule_id,
		h.village_code, `+pm+`
		FROM (SELECT county_code, household_no, indicator, rule_id FROM findings WHERE `+fwhere+`) x
		JOIN households h ON h.county_code = x.county_code AND h.household_no = x.household_no`), append(pargs, sargs...)...)
	if err != nil {
		return internal(err, "scores.findings")
	}
	defer rows.Close()
	for rows.Next() {
		var county, no, rule, v string
		var indicator int
		var pop int64
		if err := rows.Scan(&county, &no, &indicator, &rule, &v, &pop); err != nil {
			return internal(err, "scores.findings")
		}
		each(county, no, v, pop, indicator, rule)
	}
	return internal(rows.Err(), "scores.findings")
}

// HouseholdRates is a household with open findings and the rates whose numerator it counts
// in: bit k of Rates for ScoreSpec.Rates[k].
type HouseholdRates struct {
	No      string
	Village region.Code
	Rates   uint64
}

// EachHousehold streams the households of scope that count in the numerator of at least one
// rate of the spec, by village and number.
func (s *Scores) EachHousehold(ctx context.Context, scope region.Code, spec ScoreSpec, fn func(HouseholdRates) error) error {
	return s.withFindings(ctx, scope, spec, false, nil, func(no, v string, pop, found int64, _ int) error {
		h := HouseholdRates{No: no, Village: region.Code(v)}
		for k := range spec.Rates {
			if spec.counts(k, pop, found) {
				h.Rates |= 1 << k
			}
		}
		if h.Rates == 0 {
			return nil
		}
		return fn(h)
	})
}

// HouseholdBrief is what the scorecard shows of a household to be fixed: its head and the
// rules of its open findings.
type HouseholdBrief struct {
	No    string
	Head  string
	Rules []string // sorted, distinct
}

// Briefs returns the heads and open findings' rules of the households (户编号) of scope.
func (s *Scores) Briefs(ctx context.Context, scope region.Code, nos []string) (map[string]*HouseholdBrief, error) {
	out := map[string]*HouseholdBrief{}
	if len(nos) == 0 {
		return out, nil
	}
	for _, no := range nos {
		out[no] = &HouseholdBrief{No: no}
	}
	hwhere, hargs := householdScope(scope)
	args := make([]any, 0, len(nos)+len(hargs))
	for _, no := range nos {
		args = append(args, no)
	}
	args = append(args, hargs...)
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT h.household_no, p.name FROM households h
		JOIN persons p ON p.county_code = h.county_code AND p.household_no = h.household_no AND p.relation = '户主'
		WHERE h.household_no IN (`+placeholders(len(nos))+`) AND `+hwhere+` ORDER BY p.person_no`), args...)
	if err != nil {
		return nil, internal(err, "scores.briefs")
	}
	for rows.Next() {
		var no, name string
		if err := rows.Scan(&no, &name); err != nil {
			rows.Close()
			return nil, internal(err, "scores.briefs")
		}
		if b := out[no]; b != nil && b.Head == "" {
			b.Head = name
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal(err, "scores.briefs")
	}
	conds, sargs := scopeWhere(scope)
	q := `SELECT DISTINCT household_no, rule_id FROM findings WHERE status = 'open' AND household_no IN (` + placeholders(len(nos)) + `)`
	for _, c := range conds {
		q += " AND " + c
	}
	rows, err = s.db.SQL.QueryContext(ctx, s.db.Rebind(q+` ORDER BY household_no, rule_id`), append(args[:len(nos):len(nos)], sargs...)...)
	if err != nil {
		return nil, internal(err, "scores.briefs")
	}
	defer rows.Close()
	for rows.Next() {
		var no, rule string
		if err := rows.Scan(&no, &rule); err != nil {
			return nil, internal(err, "scores.briefs")
		}
		if b := out[no]; b != nil {
			b.Rules = append(b.Rules, rule)
		}
	}
	return out, internal(rows.Err(), "scores.briefs")
}

// Write replaces the period's snapshot of the province(s) of scope ("" for every province)
// with the village counts given, rolled up to townships, counties, cities and provinces. The
// source says where the counts came from (SourceRefresh, SourceSynthetic).
func (s *Scores) Write(ctx context.Context, scope region.Code, period, source string, villages []ScoreCount) error {
	if err := ValidatePeriod(period); err != nil {
		return err
	}
	var prov region.Code
	if scope != "" {
		prov = scope.Up(region.Province)
	}
	type key struct {
		code      region.Code
		indicator int
		part      string
	}
	totals := map[key]*[2]int{}
	var order []key
	for _, vc := range villages {
		if vc.Region.Level() != region.Village || (prov != "" && !prov.Contains(vc.Region)) {
			return errs.E(errs.Invalid, "评分计数应按本省的村给出，而不是「%s」", vc.Region)
		}
		for _, l := range []region.Level{region.Province, region.City, region.County, region.Township, region.Village} {
			up := vc.Region.Up(l)
			if up == "" || up.Level() != l {
				continue
			}
			k := key{up, vc.Indicator, vc.Part}
			t := totals[k]
			if t == nil {
				t = &[2]int{}
				totals[k] = t
				order = append(order, k)
			}
			t[0] += vc.Num
			t[1] += vc.Den
		}
	}
	at := tsArg(s.db.Now())
	rows := make([][]any, 0, len(order))
	for _, k := range order {
		// A rate with nothing to measure (no relocated household, say) is not stored: a
		// missing count reads as 0 of 0. It saves a third of the rows of a refresh.
		if t := totals[k]; t[0] != 0 || t[1] != 0 {
			rows = append(rows, []any{period, string(k.code), int(k.code.Level()), k.indicator, k.part, t[0], t[1], source, at})
		}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		q := `DELETE FROM score_counts WHERE period = ?`
		args := []any{period}
		if p := prov.Prefix(); p != "" {
			q += ` AND region_code >= ? AND region_code < ?`
			args = append(args, p, prefixEnd(p))
		}
		if _, err := s.db.Exec(ctx, tx, q, args...); err != nil {
			return internal(err, "scores.write")
		}
		ins := newInserter(s.db, tx)
		defer ins.close()
		err := ins.insert(ctx, bulkRows{"score_counts", []string{"period", "region_code", "level", "indicator", "part", "num", "den", "source", "computed_at"}, rows})
		return internal(err, "scores.write")
	})
}

// Villages returns the period's stored counts of the villages of scope.
func (s *Scores) Villages(ctx context.Context, period string, scope region.Code) ([]ScoreCount, error) {
	q := `SELECT period, region_code, indicator, part, num, den FROM score_counts WHERE period = ? AND level = ?`
	args := []any{period, int(region.Village)}
	if p := scope.Prefix(); p != "" {
		q += ` AND region_code >= ? AND region_code < ?`
		args = append(args, p, prefixEnd(p))
	}
	return s.query(ctx, q+` ORDER BY region_code, indicator, part`, args...)
}

// ValidatePeriod checks a period: a month 'YYYY-MM'.
func ValidatePeriod(p string) error {
	if _, err := time.Parse("2006-01", p); err != nil || len(p) != 7 {
		return errs.E(errs.Invalid, "期次「%s」无效，应为年月 YYYY-MM（如 2026-11）", p)
	}
	return nil
}

// childrenWhere selects a region and its children.
func childrenWhere(parent region.Code) (string, []any) {
	q := `(region_code = ?`
	args := []any{string(parent)}
	if lv := int(parent.Level()) + 1; lv <= int(region.Village) {
		p := parent.Prefix()
		q += ` OR (region_code >= ? AND region_code < ? AND level = ?)`
		args = append(args, p, prefixEnd(p), lv)
	}
	return q + `)`, args
}

// Children returns the period's counts of a region and of its children.
func (s *Scores) Children(ctx context.Context, period string, parent region.Code) ([]ScoreCount, error) {
	w, args := childrenWhere(parent)
	return s.query(ctx, `SELECT period, region_code, indicator, part, num, den FROM score_counts WHERE period = ? AND `+w+`
		ORDER BY region_code, indicator, part`, append([]any{period}, args...)...)
}

// ChildrenHistory returns every period's counts of a region and of its children, oldest
// period first.
func (s *Scores) ChildrenHistory(ctx context.Context, parent region.Code) ([]ScoreCount, error) {
	w, args := childrenWhere(parent)
	return s.query(ctx, `SELECT period, region_code, indicator, part, num, den FROM score_counts WHERE `+w+`
		ORDER BY period, region_code, indicator, part`, args...)
}

// History returns every period's counts of a region, oldest first.
func (s *Scores) History(ctx context.Context, code region.Code) ([]ScoreCount, error) {
	return s.query(ctx, `SELECT period, region_code, indicator, part, num, den FROM score_counts WHERE region_code = ?
		ORDER BY period, indicator, part`, string(code))
}

// ScorePeriod is a period with a snapshot of a region, and where the snapshot came from.
type ScorePeriod struct {
	Period string
	Source string
}

// Periods returns the periods with counts of a region, newest first.
func (s *Scores) Periods(ctx context.Context, code region.Code) ([]ScorePeriod, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT period, MIN(source) FROM score_counts WHERE region_code = ?
		GROUP BY period ORDER BY period DESC`), string(code))
	if err != nil {
		return nil, internal(err, "scores.periods")
	}
	defer rows.Close()
	var out []ScorePeriod
	for rows.Next() {
		var p ScorePeriod
		if err := rows.Scan(&p.Period, &p.Source); err != nil {
			return nil, internal(err, "scores.periods")
		}
		out = append(out, p)
	}
	return out, internal(rows.Err(), "scores.periods")
}

func (s *Scores) query(ctx context.Context, q string, args ...any) ([]ScoreCount, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(q), args...)
	if err != nil {
		return nil, internal(err, "scores.list")
	}
	defer rows.Close()
	var out []ScoreCount
	for rows.Next() {
		var c ScoreCount
		var code string
		if err := rows.Scan(&c.Period, &code, &c.Indicator, &c.Part, &c.Num, &c.Den); err != nil {
			return nil, internal(err, "scores.list")
		}
		c.Region = region.Code(code)
		out = append(out, c)
	}
	return out, internal(rows.Err(), "scores.list")
}

// SetProvinceAverage stores the province average of an indicator's rate for a period.
func (s *Scores) SetProvinceAverage(ctx context.Context, province region.Code, period string, indicator int, rate float64, by string) error {
	if err := ValidatePeriod(period); err != nil {
		return err
	}
	if province.Level() != region.Province {
		return errs.E(errs.Invalid, "全省平均值须对应省级区划，而不是「%s」", province)
	}
	if indicator < 0 || indicator > 10 {
		return errs.E(errs.Invalid, "指标「%d」无效，应为 1–10（0 为数据质量）", indicator)
	}
	if rate < 0 || rate != rate {
		return errs.E(errs.Invalid, "全省平均值不能为负数")
	}
	_, err := s.db.SQL.ExecContext(ctx, s.db.Rebind(`INSERT INTO province_averages (province, period, indicator, rate, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (province, period, indicator) DO UPDATE SET rate = excluded.rate,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
		string(province), period, indicator, rate, strings.TrimSpace(by), tsArg(s.db.Now()))
	return internal(err, "scores.setAverage")
}

// ProvinceAverages returns the province averages entered for a period, by indicator.
func (s *Scores) ProvinceAverages(ctx context.Context, province region.Code, period string) (map[int]float64, error) {
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT indicator, rate FROM province_averages WHERE province = ? AND period = ?`),
		string(province), period)
	if err != nil {
		return nil, internal(err, "scores.averages")
	}
	defer rows.Close()
	out := map[int]float64{}
	for rows.Next() {
		var i int
		var r float64
		if err := rows.Scan(&i, &r); err != nil {
			return nil, internal(err, "scores.averages")
		}
		out[i] = r
	}
	return out, internal(rows.Err(), "scores.averages")
}

// DB returns the database of the store.
func (s *Scores) DB() *DB { return s.db }
