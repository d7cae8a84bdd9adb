package gen

import (
	"strconv"
	"time"

	"github.com/gonggu/gonggu/internal/registry"
)

// house is a household while it is being built: the facts its registry fields are derived
// from, so that the data stays consistent when a seeded problem changes one of them.
type house struct {
	v   *village
	seq int
	no  string

	alleviated bool
	yearOut    int
	relocated  bool
	renovated  bool // a historic 农村危房改造 of a 脱贫户

	monitored  bool
	category   string
	identified registry.Month
	channel    string
	wantElim   bool // drawn at the start; only households with labour are eliminated
	eliminated bool
	elimWay    string
	elimOn     registry.Month
	risks      []string
	remark     string
	highOOP    bool // 突发严重困难户 because of medical costs

	dibao, tekun bool
	noLabour     bool // nobody can work
	disSubsidy   bool // receives 残疾人两项补贴

	surname string
	members []member

	pc        float64 // target per-capita net income, yuan
	pcFloor   float64 // per-capita net income must reach this, after rigid expenditure when not monitored (0: no floor)
	oop, edu  registry.Money
	ethnicity string

	agg registry.Aggregate

	// Seeding.
	seeded       bool    // a problem was seeded: the household is no source for problems across households
	noted        []noted // problems to record once the household is finished
	keepOOP      bool    // a seeded medical cost is set: do not draw one
	waterUnsafe  bool    // the water project is still under way
	noEmployment bool    // no 就业帮扶 although somebody works
	noFarm       bool    // the household lets its land out: no 生产经营性收入, no development measure
	noCap        bool    // a monitored household's income may exceed the usual cap
}

// member is a person while the household is built.
type member struct {
	rel     string
	age     int
	sAge    int // age on the 1 September that started the current school year
	male    bool
	birth   time.Time
	surname string
	given   string
	addr    string // 6-digit address code of the ID

	edu, status string
	student     bool // in a school grade (小学 and up)
	compulsory  bool // 小学 to 九年级
	vocational  bool // 中职 or 高职
	senior      bool // 普通高中 or 中职
	college     bool // 高职, 本科, 硕士
	graduate    bool // 文化程度 大专 or 本科及以上

	chronic, serious, disabled bool
	disCat, disGrade           int // 1–7, 1–4

	labour     string
	loc        int // index in registry.WorkLocations, -1 when not working
	months     int
	employer   string
	channel    string
	post       bool
	postType   string
	postMonths int
	formal     bool // employee insurance through a formal job

	phone string
	id    string
}

// Labour skills, as registry.LabourSkills spells them.
const (
	labourNormal  = "普通劳动力"
	labourSkilled = "技能劳动力"
	labourWeak    = "弱劳动力或半劳动力"
	labourLost    = "丧失劳动力"
	labourNone    = "无劳动力"
)

// Work locations, indexes of registry.WorkLocations.
const (
	locTownship = iota // 乡镇内
	locCounty          // 县内乡外
	locProvince        // 省内县外
	locOutside         // 省外
	locAbroad          // 境外
)

// Facts of a member, in the terms of the national labour-skill list.
func (m *member) canWork() bool { return m.able() || m.labour == labourWeak } // any labour
func (m *member) able() bool    { return m.labour == labourNormal || m.labour == labourSkilled }
func (m *member) ill() bool     { return m.chronic || m.serious }
func (m *member) healthy() bool { return !m.chronic && !m.serious && !m.disabled }
func (m *member) works() bool   { return m.loc >= 0 }
func (m *member) away() bool    { return m.loc >= locProvince } // outside the county

// target reports whether the household is one the evaluation samples: 脱贫户 or monitored.
func (h *house) target() bool                  { return h.alleviated || h.monitored }
func (h *house) unresolved() bool              { return h.monitored && !h.eliminated }
func (h *house) hasRisk(r string) bool         { return registry.In(h.risks, r) }
func (h *house) canWork() int                  { return h.count((*member).canWork) }
func (h *house) any(f func(*member) bool) bool { return h.count(f) > 0 }

// count returns how many members f holds for.
func (h *house) count(f func(*member) bool) int {
	n := 0
	for i := range h.members {
		if f(&h.members[i]) {
			n++
		}
	}
	return n
}

// household builds the seq-th household of village vi.
func (g *generator) household(vi, seq int) registry.Aggregate {
	g.pcg.Seed(g.cfg.Seed, uint64(g.n))
	g.spcg.Seed(g.cfg.Seed^seedingStream, uint64(g.n))
	g.n++
	v := &g.villages[vi]
	h := &house{v: v, seq: seq, no: string(v.code) + pad4(seq)}
	g.profile(h)
	g.family(h)
	for i := range h.members {
		g.person(h, &h.members[i])
	}
	g.work(h)
	g.social(h)
	g.monitoring(h)
	pre := g.seed.choose(g, h, stagePre)
	g.incomes(h)
	g.measures(h)
	g.build(h)
	if pre == "" {
		g.seed.choose(g, h, stagePost)
	}
	g.seed.after(g, h)
	a := &h.agg
	g.stats.Households++
	g.stats.Persons += len(a.Persons)
	g.stats.Incomes += len(a.Incomes)
	g.stats.Measures += len(a.Measures)
	return h.agg
}

// profile draws what the household is: kind, relocation, monitoring.
func (g *generator) profile(h *house) {
	h.alleviated = g.chance(0.33)
	if h.alleviated {
		h.yearOut = 2014 + g.pickInt([]int{5, 8, 12, 15, 20, 25, 15})
		h.relocated = g.chance(0.08)
		h.renovated = !h.relocated && g.chance(0.15)
		h.monitored = g.chance(0.12)
	} else {
		h.monitored = g.chance(0.022)
	}
	h.ethnicity = g.pickW(ethnicities)
	h.surname = g.pickW(surnames)
	if !h.monitored {
		return
	}
	switch {
	case h.alleviated:
		h.category = registry.MonUnstable
	case g.chance(0.7):
		h.category = registry.MonEdge
	default:
		h.category = registry.MonSudden
	}
	h.identified = g.identMonth()
	h.channel = g.pick(registry.Channels)
	h.wantElim = g.chance(0.55)
}

// identMonth draws an identification month from 2020-06 up to two months before the reference
// month, leaving out the first half of the reference year, when the year's medical insurance
// enrolment may still be open.
func (g *generator) identMonth() registry.Month {
	first := registry.NewMonth(2020, time.June).Index()
	last := g.refMonth.Index() - 2
	halfYear := registry.NewMonth(g.ref.Year(), time.January).Index()
	for {
		i := first + g.r.IntN(max(1, last-first+1))
		if i >= halfYear && i < halfYear+6 {
			continue
		}
		return monthOfIndex(i)
	}
}

// social decides 低保 and 特困供养. A household in which nobody can work always has one of them.
func (g *generator) social(h *house) {
	h.noLabour = h.canWork() == 0
	switch {
	case h.noLabour:
		m := &h.members[0]
		if len(h.members) == 1 && (m.age >= 60 || !m.healthy()) && g.chance(0.3) {
			h.tekun = true
		} else {
			h.dibao = true
		}
	case h.monitored:
		h.dibao = g.chance(0.25)
	case h.alleviated:
		h.dibao = g.chance(0.10)
	default:
		h.dibao = g.chance(0.015)
	}
	for i := range h.members {
		m := &h.members[i]
		if m.disabled && m.disGrade <= 2 {
			h.disSubsidy = true
		}
	}
}

// monitoring draws the risk types from the household's facts, decides elimination and the
// target per-capita income.
func (g *generator) monitoring(h *house) {
	if !h.monitored {
		if h.alleviated {
			h.pc = g.logNormal(13500, 0.25, 9300, 28000)
		} else {
			h.pc = g.logNormal(17500, 0.35, 9300, 60000)
		}
		h.pcFloor = 9300
		return
	}
	ill := h.any(func(m *member) bool { return m.ill() })
	type cand struct {
		risk string
		w    int
	}
	cs := []cand{{"因自然灾害", 8}, {"因意外事故", 6}, {"因产业失败", 5}, {"因安全住房", 4}, {"因安全饮水", 2}, {"其他", 2}}
	if ill {
		cs = append(cs, cand{"因病", 40})
	}
	if h.any(func(m *member) bool { return m.disabled }) {
		cs = append(cs, cand{"因残", 25})
	}
	if h.any(func(m *member) bool { return m.student }) {
		cs = append(cs, cand{"因学", 15})
	}
	if h.lacksLabour() {
		cs = append(cs, cand{"缺劳动力", 20})
	}
	if h.any(func(m *member) bool { return m.able() && m.works() }) {
		cs = append(cs, cand{"因务工就业不稳", 15})
	}
	n := 1 + g.pickInt([]int{60, 30, 10})
	if h.category == registry.MonSudden {
		// A sudden hardship: a serious illness with high costs, an accident or a disaster.
		switch {
		case ill:
			h.risks = append(h.risks, "因病")
			h.highOOP = true
		case g.chance(0.5):
			h.risks = append(h.risks, "因意外事故")
		default:
			h.risks = append(h.risks, "因自然灾害")
		}
	}
	for len(h.risks) < n {
		ws := make([]int, len(cs))
		for i, c := range cs {
			if !registry.In(h.risks, c.risk) && !(c.risk == "其他" && registry.In(h.risks, "因自然灾害")) &&
				!(c.risk == "因自然灾害" && registry.In(h.risks, "其他")) {
				ws[i] = c.w
			}
		}
		h.risks = append(h.risks, cs[g.pickInt(ws)].risk)
	}
	switch {
	case registry.In(h.risks, "因自然灾害"):
		h.remark = g.pick(disasterKinds)
	case registry.In(h.risks, "其他"):
		h.remark = g.pick(otherRisks)
	}
	lastElim := g.refMonth.Index() - 1
	if h.wantElim && !h.noLabour && !h.highOOP && h.identified.Index()+7 <= lastElim {
		h.eliminated = true
		h.elimWay = "帮扶消除"
		if g.chance(0.15) {
			h.elimWay = "自然消除"
		}
		from := h.identified.Index() + 7
		h.elimOn = monthOfIndex(from + g.r.IntN(min(24, lastElim-from+1)))
	}
	switch {
	case h.eliminated:
		h.pc = g.uniform(9300, 17000)
		h.pcFloor = 9300
	case h.category == registry.MonSudden:
		h.pc = g.uniform(9000, 15000)
	case g.chance(0.55):
		h.pc = g.uniform(5000, 7700)
	default:
		h.pc = g.uniform(8600, 13000)
	}
}

// lacksLabour reports whether 缺劳动力 fits the household: nobody is full labour, somebody
// cannot work at all, and in a household of four or more fewer than half can work.
func (h *house) lacksLabour() bool {
	if h.any(func(m *member) bool { return m.able() }) || h.canWork() == len(h.members) {
		return false
	}
	return len(h.members) < 4 || 2*h.canWork() < len(h.members)
}

// build writes the registry records of the household and its people.
func (g *generator) build(h *house) {
	a := &h.agg
	hh := &a.Household
	*hh = registry.Household{
		No: h.no, Village: h.v.code, Address: h.v.address + g.pick(villageGroups),
		Kind: registry.KindOrdinary, DeclaredSize: len(h.members),
		Dibao: flag(h.dibao), Tekun: flag(h.tekun), Relocated: flag(h.relocated),
		MilitaryFamily: flag(g.chance(0.015)), NoLabourSupport: flag(h.noLabour && (h.dibao || h.tekun)),
		UnsafeHouse: registry.No, WaterSafe: registry.Yes, Electricity: registry.Yes,
		Toilet: registry.Yes, RoadHardened: registry.Yes,
		Grid: h.v.name + "第" + strconv.Itoa(1+(h.seq-1)/60) + "网格",
	}
	if h.alleviated {
		hh.Kind, hh.YearOut = registry.KindAlleviated, h.yearOut
	}
	if h.relocated {
		hh.RelocationSite = h.v.countyName + g.pick([]string{"城区", "工业园区", "中心集镇"}) + "易地扶贫搬迁安置点"
	}
	if h.waterUnsafe {
		hh.WaterSafe, hh.WaterIssue = registry.No, g.pick(registry.WaterIssues)
	}
	if h.monitored {
		hh.Category, hh.IdentifiedOn, hh.Channel = h.category, h.identified, h.channel
		hh.RiskTypes, hh.RiskRemark = append([]string(nil), h.risks...), h.remark
		hh.RiskEliminated = flag(h.eliminated)
		if h.eliminated {
			hh.EliminationWay, hh.EliminatedOn = h.elimWay, h.elimOn
		}
	}
	if h.target() {
		if hasDevelopment(a.Measures) {
			hh.DevMeasureDone = "已实施"
		}
		k := (h.seq - 1) / 6
		hh.Helper = helperName(g.cfg.Seed, h.v.index, k)
		hh.HelperPhone = g.phones.helper(h.v.index, k)
	} else {
		hh.Toilet = flag(g.chance(0.75))
		hh.RoadHardened = flag(g.chance(0.9))
	}
	g.housing(h)
	a.Persons = make([]registry.Person, len(h.members))
	for i := range h.members {
		g.buildPerson(h, i)
	}
	hh.Phone = a.Persons[0].Phone
}

// housing sets the safety grade and appraisal of the house: every target household's house
// is appraised A or B (after its renovation or move, if any).
func (g *generator) housing(h *house) {
	hh := &h.agg.Household
	hh.HouseArea = float64(g.between(60, 200))
	if h.relocated {
		hh.HouseArea = float64(min(125, 25*len(h.members)))
	}
	if !h.target() && g.chance(0.5) {
		return
	}
	hh.HousingGrade = "A"
	if g.chance(0.4) {
		hh.HousingGrade = "B"
	}
	from := registry.NewDate(2019, time.January, 1)
	for i := range h.agg.Measures {
		m := &h.agg.Measures[i]
		if (m.Type == registry.MeasureHousing || m.Type == registry.MeasureRelocation) && !m.End.IsZero() && from.Before(m.End) {
			from = m.End
		}
	}
	until := registry.NewDate(2023, time.December, 31)
	if g.refDate.Before(until) {
		until = g.refDate
	}
	hh.HousingAppraised = g.dateBetween(from, until)
}

// helperName returns the name and unit of the k-th helper of a village.
func helperName(seed uint64, village, k int) string {
	x := mix(seed ^ uint64(village)<<20 ^ uint64(k))
	sur := surnames[x%uint64(len(surnames))].v
	male := x>>8&1 == 1
	sex := 0
	if male {
		sex = 1
	}
	names := givenNames[sex][1+int(x>>9%2)]
	return sur + names[x>>12%uint64(len(names))] + "（" + helperUnits[x>>24%uint64(len(helperUnits))] + "）"
}
