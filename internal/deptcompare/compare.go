// Package deptcompare runs the department data comparison (部门数据比对) for the command line
// and the web alike: it reads a department's list (checked whole), matches its rows to the
// registry by ID number, stores what matched and who is missing, fills the registry fields no
// source had provided, and re-screens the area so that every contradiction is a finding that
// names the department. A cadre then accepts a department's value into the registry or records
// why not, each an audited action.
package deptcompare

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/deptlists"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/tableimport"
)

// Service compares department lists with the registry.
type Service struct {
	DB    *store.DB
	Lists *store.DeptLists
	// Engine re-screens after an import, an accept or a decline; nil leaves findings to the
	// next screening.
	Engine *screen.Engine
	// Tree resolves the village names of 水利 lists; nil accepts village codes only.
	Tree *region.Tree
	Now  func() time.Time
}

// New returns the service over db with the engine (nil for none).
func New(db *store.DB, engine *screen.Engine, tree *region.Tree) *Service {
	return &Service{DB: db, Lists: store.NewDeptLists(db), Engine: engine, Tree: tree, Now: db.Now}
}

// Read reads a department list of the kind (xlsx or csv), checking every cell of the whole
// file. The error is for a file that cannot be read at all; problems of its cells are in the
// result, which then must not be compared (its WriteReport writes the error report).
func Read(kind deptlists.Kind, name string, r io.ReaderAt, size int64) (*tableimport.Result[deptlists.Row], error) {
	spec := deptlists.SpecOf(kind)
	if spec == nil {
		_, err := deptlists.ParseKind(string(kind))
		return nil, err
	}
	return tableimport.Read(spec.Table, name, r, size)
}

// Options says what to compare a list with.
type Options struct {
	Kind  deptlists.Kind
	Scope region.Code // the area the list covers: a city, county, township or village
	// Year is the year the list is about; 0 takes the rows' 参保年度 or 年度, or the current year.
	Year int
	// Partial says that the list holds only some of the area's people (one township's
	// insured, a sample): nobody is missing from it, and it replaces no earlier list.
	Partial bool
	// Screen re-screens the area afterwards, so that the findings are current and the
	// contradictions counted.
	Screen bool
}

// Result is what a comparison found.
type Result struct {
	Kind      deptlists.Kind
	Scope     region.Code
	File      string
	Batch     string
	Lists     []store.DeptList // one per county
	Rows      int              // data rows of the file
	Matched   int              // rows matched to persons (households, villages) of the area
	Unmatched int              // rows matched to nobody in the area
	Missing   int              // persons (households, villages) the list should hold and does not
	Filled    int              // registry records whose uncollected fields the list filled
	// Contradicting is the number of open findings of the list's rules in the area after
	// re-screening; -1 when the area was not re-screened.
	Contradicting int
	Screened      *screen.Summary
}

// Summary returns the result as the command line prints it, in Chinese.
func (r *Result) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s部门名单「%s」共 %d 行：匹配 %d 行，登记库中没有 %d 行；", r.Kind, r.File, r.Rows, r.Matched, r.Unmatched)
	spec := deptlists.SpecOf(r.Kind)
	switch spec.Level {
	case deptlists.VillageLevel:
		fmt.Fprintf(&b, "名单缺少 %d 个村", r.Missing)
	case deptlists.HouseholdLevel:
		fmt.Fprintf(&b, "名单缺少 %d 户", r.Missing)
	default:
		fmt.Fprintf(&b, "登记库中应在名单而不在名单的 %d 人", r.Missing)
	}
	fmt.Fprintf(&b, "；补采未采集字段 %d 条记录", r.Filled)
	if r.Contradicting >= 0 {
		fmt.Fprintf(&b, "；与登记库矛盾的问题 %d 个", r.Contradicting)
	}
	return b.String()
}

// matchColumns are the registry columns the comparison of each kind reads.
var matchColumns = map[deptlists.Kind]store.MatchColumns{
	deptlists.Medical:    {Persons: []string{"resident_medical", "employee_medical", "critical_illness"}},
	deptlists.Education:  {Persons: []string{"birth", "school_status"}},
	deptlists.Housing:    {Households: []string{"unsafe_house", "housing_grade", "housing_appraised"}, Persons: []string{}},
	deptlists.Civil:      {Households: []string{"dibao", "tekun"}, Persons: []string{"dibao", "tekun"}},
	deptlists.Police:     {Persons: []string{}},
	deptlists.Disability: {Persons: []string{"health", "disability_category", "disability_grade"}},
	deptlists.Labour:     {Persons: []string{"resident_pension", "employee_pension"}},
	deptlists.Health:     {Persons: []string{}},
	deptlists.Water:      {Households: []string{"water_safe", "water_issue"}},
}

// rowRef is a row to store: a file row (idx ≥ 0) matched to a household or person, or a person
// (household) the list should hold and does not (idx −1).
type rowRef struct {
	household, person string
	village           region.Code
	idx               int32
}

// county is what the comparison gathers in one county.
type county struct {
	code   region.Code
	scope  region.Code
	set    *policy.Set // the county's parameters
	rows   []rowRef
	hits   []int32 // the file rows matched, with repeats
	fills  []store.DeptFill
	counts map[region.Code]*store.VillageCount
	// expected counts the persons (households) of the area the list should hold; missing
	// those of them it does not.
	expected, missing int
	health            map[string]registry.Money // 卫健: the year's out-of-pocket costs by household
	// villages are, for a 水利 list, the villages of the area with households, and whether
	// the list holds them.
	villages map[region.Code]bool
}

// minCoverage is the share of the people of its area a complete list must hold: a list below
// it was imported for too wide an area, or is partial.
const minCoverage = 0.5

// Compare compares a list read by Read with the registry of the area and stores the outcome:
// for each county of the area, the rows matched to its households and the persons a complete
// list misses, with the fields filled, in one transaction for the whole file. With opt.Screen
// it then re-screens the area.
func (s *Service) Compare(ctx context.Context, res *tableimport.Result[deptlists.Row], opt Options) (*Result, error) {
	if !res.OK() {
		return nil, res.Err()
	}
	spec := deptlists.SpecOf(opt.Kind)
	if spec == nil {
		_, err := deptlists.ParseKind(string(opt.Kind))
		return nil, err
	}
	if opt.Scope.Level() == 0 {
		return nil, errs.E(errs.Invalid, "请指定名单覆盖的区域（市、县、乡镇或村的区划代码）")
	}
	now := s.Now()
	year := opt.Year
	types := map[string]bool{}
	for i := range res.Rows {
		r := res.Rows[i].Rec
		if opt.Year == 0 && r.Year > year {
			year = r.Year
		}
		if r.Type != "" && len(types) < 50 {
			types[r.Type] = true
		}
	}
	if year == 0 {
		year = now.Year()
	}
	ref := &deptlists.ListRef{Kind: opt.Kind, File: res.File, Scope: opt.Scope, Year: year, At: now}
	if opt.Kind == deptlists.Civil {
		for t := range types {
			ref.Types = append(ref.Types, t)
		}
		slices.Sort(ref.Types)
	}
	out := &Result{Kind: opt.Kind, Scope: opt.Scope, File: res.File, Rows: len(res.Rows), Contradicting: -1}

	m := &matcher{s: s, spec: spec, ref: ref, rows: res.Rows, year: year, partial: opt.Partial}
	if err := m.index(opt.Scope); err != nil {
		return nil, err
	}
	codes, err := store.NewRegistry(s.DB).Counties(ctx, opt.Scope)
	if err != nil {
		return nil, err
	}
	counties, err := m.counties(ctx, codes, opt.Scope)
	if err != nil {
		return nil, err
	}
	matched := make([]bool, len(res.Rows))
	expected, missing := 0, 0
	for _, c := range counties {
		for _, i := range c.hits {
			matched[i] = true
		}
		expected += c.expected
		missing += c.missing
	}
	if !opt.Partial && expected >= 100 && float64(expected-missing) < minCoverage*float64(expected) {
		return nil, errs.E(errs.Invalid, "「%s」只含%s内应在名单的 %d 人（户）中的 %d 人（户），不像是该区域的完整名单："+
			"请选择名单实际覆盖的乡镇或村，或按部分名单导入（不据此判断谁不在名单中）", res.File, s.regionName(opt.Scope), expected, expected-missing)
	}
	for _, ok := range matched {
		if ok {
			out.Matched++
		}
	}
	out.Unmatched = len(res.Rows) - out.Matched
	out.Batch = audit.NewID(now)
	actor := audit.ActorFrom(ctx)
	var imps []*store.DeptImport
	for _, c := range counties {
		l := store.DeptList{County: c.code, ID: store.NewDeptListID(c.code), Batch: out.Batch, Kind: opt.Kind, Scope: c.scope,
			File: res.File, Sheet: res.Sheet, Year: year, Types: ref.Types, By: actor.Username, At: now,
			FileRows: len(res.Rows), Matched: distinct(c.hits), Missing: c.missing, Unmatched: out.Unmatched, Filled: len(c.fills)}
		for i := range c.fills {
			c.fills[i].ListID = l.ID
		}
		imp := &store.DeptImport{List: l, Replace: spec.Replaces && !opt.Partial, Fills: c.fills,
			Source: string(opt.Kind) + "部门名单（" + res.File + "）", Rows: m.store(c)}
		for _, vc := range c.counts {
			imp.Counts = append(imp.Counts, *vc)
		}
		slices.SortFunc(imp.Counts, func(a, b store.VillageCount) int { return strings.Compare(string(a.Village), string(b.Village)) })
		imps = append(imps, imp)
		out.Lists = append(out.Lists, l)
		out.Missing += c.missing
		out.Filled += len(c.fills)
	}
	e := audit.Entry{Action: audit.Import, ObjectType: "deptlist", ObjectID: out.Batch, Region: opt.Scope,
		Detail: "部门数据比对：" + out.Summary()}
	if err := s.Lists.Save(ctx, imps, e); err != nil {
		return nil, err
	}
	if opt.Screen && s.Engine != nil {
		sum, err := s.Engine.Run(ctx, screen.Options{Scope: opt.Scope})
		if err != nil {
			return nil, err
		}
		out.Screened = sum
		if out.Contradicting, err = s.Contradicting(ctx, opt.Kind, opt.Scope); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Contradicting counts the open findings of the rules that judge a kind's lists in the area.
func (s *Service) Contradicting(ctx context.Context, kind deptlists.Kind, scope region.Code) (int, error) {
	n := 0
	f := store.NewFindings(s.DB)
	for _, id := range rules.DeptRules(kind) {
		c, err := f.Count(ctx, store.FindingFilter{Scope: scope, Rule: id, Status: store.StatusOpen})
		if err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

func (s *Service) regionName(c region.Code) string {
	if s.Tree != nil {
		if r, err := s.Tree.Get(c); err == nil {
			return r.Name
		}
	}
	return string(c)
}

// distinct returns how many different rows a county matched.
func distinct(hits []int32) int {
	h := slices.Clone(hits)
	slices.Sort(h)
	return len(slices.Compact(h))
}

// counties matches the rows to the households of each county, two counties at a time: each
// county is read on its own connection and matched into its own state.
func (m *matcher) counties(ctx context.Context, codes []region.Code, scope region.Code) ([]*county, error) {
	out := make([]*county, len(codes))
	params := store.NewParams(m.s.DB)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, len(codes))
	slots := make(chan struct{}, workers)
	for i, code := range codes {
		c := &county{code: code, scope: code, counts: map[region.Code]*store.VillageCount{}}
		if scope.Level() > region.County {
			c.scope = scope
		}
		out[i] = c
		go func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			errc <- m.county(ctx, params, c)
		}()
	}
	var first error
	for range codes {
		if err := <-errc; err != nil && first == nil {
			first = err
			cancel()
		}
	}
	return out, first
}

// workers is how many counties are matched at once.
const workers = 2

func (m *matcher) county(ctx context.Context, params *store.Params, c *county) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var err error
	if c.set, err = params.Resolve(ctx, c.code, m.year); err != nil {
		return err
	}
	if err := m.s.Lists.Match(ctx, c.code, c.scope, matchColumns[m.spec.Kind], func(h *store.MatchHousehold) error {
		return m.household(c, h)
	}); err != nil {
		return err
	}
	for _, listed := range c.villages {
		c.expected++
		if !listed {
			c.missing++
		}
	}
	return m.healthCosts(ctx, c)
}

// matcher matches a file's rows to the households of the counties. Its own fields do not
// change once the rows are indexed; each county's state is its own.
type matcher struct {
	s       *Service
	spec    *deptlists.Spec
	ref     *deptlists.ListRef
	rows    []tableimport.Row[deptlists.Row]
	year    int
	partial bool

	byKey map[string]int32 // ID key → first row
	next  []int32          // row → next row with the same key, −1 at the end
	// byVillage is, for a 水利 list, the row of each village code.
	byVillage map[region.Code]int32
}

// index indexes the rows by ID key (or village).
func (m *matcher) index(scope region.Code) error {
	if m.spec.Level == deptlists.VillageLevel {
		m.byVillage = map[region.Code]int32{}
		for i := range m.rows {
			r := m.rows[i].Rec
			code, err := m.villageOf(r, scope)
			if err != nil {
				return errs.E(errs.Invalid, "第 %d 行：%s", m.rows[i].Num, errs.Message(err))
			}
			r.Village = string(code)
			m.byVillage[code] = int32(i)
		}
		return nil
	}
	m.byKey = make(map[string]int32, len(m.rows))
	m.next = make([]int32, len(m.rows))
	for i := len(m.rows) - 1; i >= 0; i-- {
		k := m.rows[i].Rec.Key()
		first, ok := m.byKey[k]
		if !ok {
			first = -1
		}
		m.next[i] = first
		m.byKey[k] = int32(i)
	}
	return nil
}

// villageOf resolves a 水利 row's village: its code, or its name (and township) in the area.
func (m *matcher) villageOf(r *deptlists.Row, scope region.Code) (region.Code, error) {
	if r.Village != "" {
		c, err := region.ParseCode(r.Village)
		if err != nil || c.Level() != region.Village {
			return "", errs.E(errs.Invalid, "村代码「%s」不是 12 位村级区划代码", r.Village)
		}
		return c, nil
	}
	if m.s.Tree == nil {
		return "", errs.E(errs.Invalid, "请填写村代码")
	}
	var found []region.Region
	name := villageName(r.VillageName)
	for _, v := range m.s.Tree.Descendants(scope, region.Village) {
		if villageName(v.Name) != name {
			continue
		}
		if r.Town != "" {
			t, err := m.s.Tree.Get(v.Code.Up(region.Township))
			if err != nil || !strings.HasPrefix(t.Name, strings.TrimRight(r.Town, "镇乡")) {
				continue
			}
		}
		found = append(found, v)
	}
	switch len(found) {
	case 1:
		return found[0].Code, nil
	case 0:
		return "", errs.E(errs.Invalid, "区域内没有名为「%s%s」的村，请填写村代码", r.Town, r.VillageName)
	}
	return "", errs.E(errs.Invalid, "区域内有 %d 个名为「%s」的村，请填写乡镇或村代码", len(found), r.VillageName)
}

// villageName is a village's name without the committee's suffix: 东关村民委员会 → 东关村.
func villageName(s string) string {
	s = strings.TrimSpace(s)
	for _, suf := range [][2]string{{"村民委员会", "村"}, {"村委会", "村"}, {"社区居民委员会", "社区"}, {"居民委员会", ""}, {"居委会", ""}} {
		if strings.HasSuffix(s, suf[0]) {
			return strings.TrimSuffix(s, suf[0]) + suf[1]
		}
	}
	return s
}

// rowsOf returns the rows with the key, in file order.
func (m *matcher) rowsOf(key string) []int32 {
	i, ok := m.byKey[key]
	if !ok || key == "" {
		return nil
	}
	var out []int32
	for ; i >= 0; i = m.next[i] {
		out = append(out, i)
	}
	return out
}

func (m *matcher) recs(idxs []int32) []deptlists.Row {
	out := make([]deptlists.Row, len(idxs))
	for i, j := range idxs {
		out[i] = *m.rows[j].Rec
	}
	return out
}

// target reports whether a household is one the post-evaluation samples: 脱贫户 or monitored.
func target(h *registry.Household) bool {
	switch h.Kind {
	case registry.KindAlleviated, "一般脱贫户", "低保脱贫户", "特困供养脱贫户":
		return true
	}
	return h.Category != ""
}

// household matches one household of the county.
func (m *matcher) household(c *county, mh *store.MatchHousehold) error {
	h := &mh.Household
	no := h.No
	switch m.spec.Level {
	case deptlists.VillageLevel:
		if c.villages == nil {
			c.villages = map[region.Code]bool{}
		}
		i, ok := m.byVillage[h.Village]
		c.villages[h.Village] = ok
		if !ok {
			return nil
		}
		c.hits = append(c.hits, i)
		c.rows = append(c.rows, rowRef{household: no, village: h.Village, idx: i})
		v := m.spec.Say(m.ref, m.recs([]int32{i}))
		m.fillHousehold(c, no, h, &v)
		return nil
	case deptlists.HouseholdLevel:
		var idxs []int32
		for i := range mh.Persons {
			idxs = append(idxs, m.rowsOf(deptlists.IDKey(mh.Persons[i].IDNumber))...)
		}
		if len(idxs) > 0 {
			slices.Sort(idxs)
			idxs = slices.Compact(idxs)
			if target(h) {
				c.expected++
			}
			for _, i := range idxs {
				c.hits = append(c.hits, i)
				c.rows = append(c.rows, rowRef{household: no, village: h.Village, idx: i})
			}
			v := m.spec.Say(m.ref, m.recs(idxs))
			m.fillHousehold(c, no, h, &v)
			return nil
		}
		if m.partial {
			return nil
		}
		if target(h) {
			c.expected++
			c.missing++
			c.rows = append(c.rows, rowRef{household: no, village: h.Village, idx: -1})
		}
		v := m.spec.SayAbsent(m.ref)
		m.fillHousehold(c, no, h, &v)
		return nil
	}
	tgt := target(h)
	var vc *store.VillageCount
	if m.spec.Kind == deptlists.Medical && tgt && !m.partial {
		if vc = c.counts[h.Village]; vc == nil {
			vc = &store.VillageCount{Village: h.Village}
			c.counts[h.Village] = vc
		}
	}
	persons := mh.Persons
	filledPersons := false
	for i := range persons {
		p := &persons[i]
		idxs := m.rowsOf(deptlists.IDKey(p.IDNumber))
		current := p.Current()
		var v deptlists.Values
		switch {
		case len(idxs) > 0:
			if current && m.expected(c, h, p, tgt) {
				c.expected++
			}
			for _, j := range idxs {
				c.hits = append(c.hits, j)
				c.rows = append(c.rows, rowRef{household: no, person: p.No, village: h.Village, idx: j})
			}
			recs := m.recs(idxs)
			v = m.spec.Say(m.ref, recs)
			if vc != nil && current {
				vc.Expected++
				if v.Person.ResidentMedical == registry.Yes || v.Person.EmployeeMedical == registry.Yes {
					vc.Covered++
				}
			}
			if m.spec.Kind == deptlists.Health {
				for k := range recs {
					if recs[k].Year == m.year {
						if c.health == nil {
							c.health = map[string]registry.Money{}
						}
						c.health[no] += recs[k].Amount
					}
				}
			}
		case !current || m.partial:
			continue
		default:
			if vc != nil {
				vc.Expected++
			}
			if m.expected(c, h, p, tgt) {
				c.expected++
				c.missing++
				c.rows = append(c.rows, rowRef{household: no, person: p.No, village: h.Village, idx: -1})
			}
			v = m.spec.SayAbsent(m.ref)
		}
		if only := p.Uncollected & v.PFields; only != 0 {
			deptlists.Fill(&v, [2]registry.FieldSet{only, 0}, p, nil)
			f := store.DeptFill{County: c.code, HouseholdNo: no, PersonNo: p.No, PFields: only}
			f.Person = *p
			c.fills = append(c.fills, f)
			filledPersons = true
		}
	}
	// A household's own 低保 and 特困 flags follow its members' where no source gave them.
	if m.spec.Kind == deptlists.Civil && filledPersons {
		d, t := deptlists.HouseholdFlags(persons)
		v := deptlists.Values{Household: registry.Household{Dibao: d, Tekun: t}}
		if m.ref.Lists(deptlists.Dibao) {
			v.HFields = v.HFields.With(registry.HDibao)
		}
		if m.ref.Lists(deptlists.Tekun) {
			v.HFields = v.HFields.With(registry.HTekun)
		}
		m.fillHousehold(c, no, h, &v)
	}
	return nil
}

// fillHousehold records the household fields the values determine and no source provided.
func (m *matcher) fillHousehold(c *county, no string, h *registry.Household, v *deptlists.Values) {
	only := h.Uncollected & v.HFields
	if only == 0 {
		return
	}
	deptlists.Fill(v, [2]registry.FieldSet{0, only}, nil, h)
	c.fills = append(c.fills, store.DeptFill{County: c.code, HouseholdNo: no, Household: *h, HFields: only})
}

// expected reports whether the registry says a current person should be on the list: insured
// people on the 医保 roster, people on 低保 or 特困 on 民政's, people with a disability on
// 残联's, children of compulsory-education age of target households on the school roll.
func (m *matcher) expected(c *county, h *registry.Household, p *registry.Person, tgt bool) bool {
	switch m.spec.Kind {
	case deptlists.Medical:
		return p.ResidentMedical == registry.Yes || p.EmployeeMedical == registry.Yes
	case deptlists.Civil:
		return (p.Dibao == registry.Yes && m.ref.Lists(deptlists.Dibao)) || (p.Tekun == registry.Yes && m.ref.Lists(deptlists.Tekun))
	case deptlists.Disability:
		return p.HasHealth("残疾") || p.DisabilityCategory != ""
	case deptlists.Education:
		if !tgt {
			return false
		}
		birth := p.Birth.Time()
		if n, err := idno.Parse(p.IDNumber); err == nil && !n.Birth.IsZero() {
			birth = n.Birth
		}
		if birth.IsZero() {
			return false
		}
		age := idno.Age(birth, c.set.Reference(m.s.Now()).Time())
		return age >= c.set.Int(policy.EduAgeMin) && age <= c.set.Int(policy.EduAgeMax)
	}
	return false
}

// healthCosts fills the year's 合规自付医疗支出 of the households 卫健 lists where no source
// provided it.
func (m *matcher) healthCosts(ctx context.Context, c *county) error {
	if len(c.health) == 0 {
		return nil
	}
	nos := make([]string, 0, len(c.health))
	for no := range c.health {
		nos = append(nos, no)
	}
	slices.Sort(nos)
	ins, err := m.s.Lists.Incomes(ctx, c.code, nos, m.year)
	if err != nil {
		return err
	}
	for _, no := range nos {
		in, ok := ins[no]
		if !ok || !in.Uncollected.Has(registry.IMedicalOOP) {
			continue
		}
		c.fills = append(c.fills, store.DeptFill{County: c.code, HouseholdNo: no, Year: m.year, MedicalOOP: c.health[no]})
	}
	return nil
}

// store returns the county's rows as the store takes them: a household's at a time (the
// matcher appended each household's rows together).
func (m *matcher) store(c *county) func(fn func(r *store.DeptRow) error) error {
	return func(fn func(r *store.DeptRow) error) error {
		var r store.DeptRow
		for i := 0; i < len(c.rows); {
			x := &c.rows[i]
			r = store.DeptRow{HouseholdNo: x.household, Village: x.village, Entries: r.Entries[:0]}
			for ; i < len(c.rows) && c.rows[i].household == r.HouseholdNo; i++ {
				x := &c.rows[i]
				e := deptlists.Entry{PersonNo: x.person, Missing: x.idx < 0}
				if x.idx >= 0 {
					row := &m.rows[x.idx]
					e.Seq, e.Row = row.Num, *row.Rec
				}
				r.Entries = append(r.Entries, e)
			}
			if err := fn(&r); err != nil {
				return err
			}
		}
		return nil
	}
}
