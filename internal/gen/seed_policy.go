package gen

import (
	"time"

	"github.com/gonggu/gonggu/internal/registry"
)

// How the problems of policy (indicators 1, 2, 3, 6 and 9) are seeded. Each try function
// checks that the household can host the problem, without changing it when it cannot.

func tryNoLabourEliminated(g *generator, h *house) bool {
	if !h.monitored || !h.noLabour || h.highOOP || h.identified.Index()+7 > g.refMonth.Index()-1 {
		return false
	}
	h.eliminated, h.elimWay = true, "帮扶消除"
	if g.chance(0.3) {
		h.elimWay = "自然消除"
	}
	from := h.identified.Index() + 7
	h.elimOn = monthOfIndex(from + g.r.IntN(min(12, g.refMonth.Index()-from)))
	h.pc, h.pcFloor = g.uniform(9500, 14000), 9300
	h.note(ProblemNoLabourEliminated, h.no)
	h.noteIf(ProblemEliminatedBelowLine, h.no, func() bool { return perCapita(h.current()) < registry.Yuan(line) })
	return true
}

func tryRelocatedIdle(g *generator, h *house) bool {
	if !h.relocated || h.monitored || !h.any(func(m *member) bool { return m.labour == labourNormal }) ||
		h.any(func(m *member) bool { return m.labour == labourSkilled || m.labour == labourWeak || m.graduate }) {
		return false
	}
	for i := range h.members {
		m := &h.members[i]
		m.loc, m.months, m.employer, m.channel, m.post, m.postType, m.postMonths = -1, 0, "", "", false, "", 0
	}
	h.note(ProblemRelocatedIdle, h.no)
	return true
}

func tryLabourRisk(g *generator, h *house) bool {
	n := len(h.members)
	able := h.canWork()
	if !h.unresolved() || len(h.risks) >= 5 || h.hasRisk("缺劳动力") || !(able == n || n >= 4 && 2*able >= n) {
		return false
	}
	h.risks = append(h.risks, "缺劳动力")
	h.note(ProblemLabourRiskWithLabour, h.no)
	return true
}

func tryIllRisk(g *generator, h *house) bool {
	if !h.unresolved() || len(h.risks) >= 5 || h.hasRisk("因病") || h.any(func(m *member) bool { return m.ill() }) {
		return false
	}
	h.risks = append(h.risks, "因病")
	h.note(ProblemIllRiskNobodyIll, h.no)
	return true
}

func tryDibaoBelowLine(g *generator, h *house) bool {
	if !h.alleviated || h.monitored || !(h.dibao || h.tekun) {
		return false
	}
	h.pc, h.pcFloor = g.uniform(5000, 7500), 0
	h.belowLine(ProblemDibaoBelowLine)
	return true
}

func tryUnsafeWater(g *generator, h *house) bool {
	if !h.unresolved() || len(h.risks) >= 5 && !h.hasRisk("因安全饮水") {
		return false
	}
	if !h.hasRisk("因安全饮水") {
		h.risks = append(h.risks, "因安全饮水")
	}
	h.waterUnsafe = true
	h.note(ProblemUnsafeWater, h.no)
	return true
}

func tryVeryLowIncome(g *generator, h *house) bool {
	if !h.unresolved() || h.dibao || h.tekun || h.any(func(m *member) bool { return m.age >= 60 }) {
		return false
	}
	h.pc, h.pcFloor = g.uniform(2500, 3600), 0
	h.noteIf(ProblemVeryLowIncome, h.no, func() bool {
		pc := perCapita(h.current())
		return pc > 0 && pc < registry.Yuan(4000)
	})
	return true
}

func tryEliminatedBelowLine(g *generator, h *house) bool {
	if !h.eliminated || h.elimWay != "帮扶消除" || h.dibao || h.tekun {
		return false
	}
	h.pc, h.pcFloor = g.uniform(5000, 7500), 0
	h.belowLine(ProblemEliminatedBelowLine)
	return true
}

func tryRichAtIdentification(g *generator, h *house) bool {
	// I9-07 judges the income of the identification year, or of the year before: the
	// household's two income years must include one of them.
	if !h.monitored || h.identified.Year() < 2023 || h.identified.Year() < g.cfg.Year-1 {
		return false
	}
	h.pc, h.pcFloor, h.noCap = g.uniform(23000, 28000), 0, true
	h.noteIf(ProblemRichAtIdentification, h.no, func() bool {
		in := h.current()
		if h.identified.Year() == g.cfg.Year-1 {
			in = h.previous()
		}
		return perCapita(in) > registry.Yuan(20000)
	})
	return true
}

func tryPostAge(g *generator, h *house) bool {
	if !h.target() || h.any(func(m *member) bool { return m.post }) {
		return false
	}
	i := g.member(h, func(_ int, m *member) bool { return m.age >= 66 && m.age <= 69 && m.labour == labourWeak })
	if i < 0 {
		return false
	}
	m := &h.members[i]
	m.post, m.postType, m.postMonths = true, "乡村公益性岗位", g.between(6, 12)
	m.loc, m.months, m.employer, m.channel = locTownship, m.postMonths, h.v.name+"村民委员会", channelPost
	h.note(ProblemPostAge, h.personNo(i))
	return true
}

func tryDropout(g *generator, h *house) bool {
	if !h.alleviated || h.monitored {
		return false
	}
	i := g.member(h, func(_ int, m *member) bool { return m.compulsory && m.age >= 7 && m.age <= 15 })
	if i < 0 {
		return false
	}
	m := &h.members[i]
	m.status, m.student, m.compulsory, m.edu = "", false, false, "小学"
	h.note(ProblemDropout, h.personNo(i))
	h.note(ProblemShouldMonitor, h.no)
	return true
}

func tryBelowLine(g *generator, h *house) bool {
	if !h.alleviated || h.monitored || h.dibao || h.tekun {
		return false
	}
	h.pc, h.pcFloor = g.uniform(5000, 7500), 0
	h.belowLine(ProblemBelowLine)
	return true
}

func tryIdleLabour(g *generator, h *house) bool {
	if !h.alleviated || h.monitored || h.relocated {
		return false
	}
	// Farming is work (I6-10): the household lets its land out, and another member's wages
	// keep it above the line.
	workers := h.count(func(m *member) bool { return m.works() && !m.post })
	if workers < 2 || h.any(func(m *member) bool { return m.post }) {
		return false
	}
	i := g.member(h, func(_ int, m *member) bool {
		return m.labour == labourNormal && m.works() && !m.post && !m.graduate
	})
	if i < 0 {
		return false
	}
	m := &h.members[i]
	m.loc, m.months, m.employer, m.channel = -1, 0, "", ""
	h.noEmployment, h.noFarm = true, true
	h.note(ProblemIdleLabour, h.personNo(i))
	return true
}

func tryHighMedicalCost(g *generator, h *house) bool {
	if h.monitored || !h.any(func(m *member) bool { return m.ill() }) {
		return false
	}
	h.oop, h.keepOOP = registry.Yuan(int64(g.between(28000, 45000))), true
	h.note(ProblemHighMedicalCost, h.no)
	return true
}

func tryRiskWithoutMeasure(g *generator, h *house) bool {
	if !h.unresolved() || h.monthsSinceIdentified(g) < 2 {
		return false
	}
	// A risk whose measures can go without another rule noticing: 因残 without 低保, 特困 or
	// a severe disability (PRACTICE.md N), 因学 without a 中职/高职 student (雨露计划).
	variants := []struct {
		risk  string
		types []string
		ok    bool
	}{
		{"因残", []string{registry.MeasureSocialSecurity, registry.MeasureSocialAid},
			!h.dibao && !h.tekun && !h.any(func(m *member) bool { return m.disabled && m.disGrade <= 2 })},
		{"因学", []string{registry.MeasureCompulsoryEdu, registry.MeasureEducation, registry.MeasureSocialAid},
			!h.any(func(m *member) bool { return m.vocational })},
		{"因安全住房", []string{registry.MeasureHousing, registry.MeasureRelocation}, true},
		{"因安全饮水", []string{registry.MeasureWater}, true},
	}
	var fits []int
	for i, v := range variants {
		if n := h.countMeasures(ofType(v.types...)); v.ok && h.hasRisk(v.risk) && n > 0 && n < len(h.agg.Measures) {
			fits = append(fits, i)
		}
	}
	if len(fits) == 0 {
		return false
	}
	h.removeMeasures(ofType(variants[fits[g.r.IntN(len(fits))]].types...))
	h.note(ProblemRiskWithoutMeasure, h.no)
	return true
}

func tryRiskNoRemark(g *generator, h *house) bool {
	if !h.monitored || h.remark == "" {
		return false
	}
	h.agg.Household.RiskRemark = ""
	h.note(ProblemRiskNoRemark, h.no)
	return true
}

func tryEliminatedNoMeasure(g *generator, h *house) bool {
	if !h.eliminated || h.elimWay != "帮扶消除" || h.hasSocial() || h.any(func(m *member) bool { return m.vocational }) {
		return false
	}
	for _, r := range []string{"因病", "因学", "因残", "因安全住房", "因安全饮水"} {
		if h.hasRisk(r) {
			return false
		}
	}
	h.agg.Measures = nil
	h.agg.Household.DevMeasureDone = ""
	h.note(ProblemEliminatedNoMeasure, h.no)
	return true
}

func tryNoYulu(g *generator, h *house) bool {
	yulu := func(m *registry.Measure) bool { return m.Description == descYulu }
	// Not where 雨露计划 answers the risk 因学 (PRACTICE.md M would flag that too).
	if !h.target() || h.hasRisk("因学") || h.countMeasures(yulu) == 0 || h.countMeasures(yulu) == len(h.agg.Measures) {
		return false
	}
	h.removeMeasures(yulu)
	h.note(ProblemNoYulu, h.no)
	return true
}

func tryNoMeasure(g *generator, h *house) bool {
	if !h.unresolved() || h.monthsSinceIdentified(g) < 2 || h.hasSocial() ||
		h.any(func(m *member) bool { return m.post || m.vocational }) {
		return false
	}
	h.agg.Measures = nil
	h.agg.Household.DevMeasureDone = ""
	h.note(ProblemNoMeasure, h.no)
	return true
}

func tryNoDevMeasure(g *generator, h *house) bool {
	dev := func(m *registry.Measure) bool { return registry.IsDevelopment(m.Type) }
	if !h.unresolved() || h.canWork() == 0 || h.monthsSinceIdentified(g) < 2 || h.any(func(m *member) bool { return m.post }) ||
		h.hasRisk("因务工就业不稳") || h.hasRisk("因产业失败") || h.countMeasures(dev) == len(h.agg.Measures) {
		return false
	}
	h.removeMeasures(dev)
	h.agg.Household.DevMeasureDone = "尚未实施"
	h.note(ProblemNoDevMeasure, h.no)
	return true
}

func tryNegativeIncome(g *generator, h *house) bool {
	if !h.unresolved() {
		return false
	}
	for k, in := range []*registry.Income{h.previous(), h.current()} {
		deficit := registry.Yuan(int64(g.between(3000, 6000) - 2000*k)) // the deficit shrinks
		in.BusinessExpense = in.Wages + in.Business + in.Property + in.Transfers + deficit
	}
	h.note(ProblemNegativeIncome, h.no)
	h.note(ProblemVeryLowIncome, h.no)
	return true
}

func tryEarlyElimination(g *generator, h *house) bool {
	first := registry.NewMonth(2022, time.April).Index()
	if !h.eliminated || h.identified.Index()+5 > g.refMonth.Index()-1 || h.identified.Index()+3 < first {
		return false
	}
	h.agg.Household.EliminatedOn = monthOfIndex(h.identified.Index() + g.between(3, 5))
	h.note(ProblemEarlyElimination, h.no)
	return true
}

func tryDevNotDone(g *generator, h *house) bool {
	if !h.monitored || h.agg.Household.DevMeasureDone != "已实施" {
		return false
	}
	h.agg.Household.DevMeasureDone = "尚未实施"
	h.note(ProblemDevNotDone, h.no)
	return true
}

func tryNoLabourNotFlagged(g *generator, h *house) bool {
	if !h.target() || h.agg.Household.NoLabourSupport != registry.Yes {
		return false
	}
	h.agg.Household.NoLabourSupport = registry.No
	h.note(ProblemNoLabourNotFlagged, h.no)
	return true
}

// postHolder returns the index of the household's post holder with a 乡村公益性岗位, or -1.
func postHolder(h *house) int {
	for i := range h.members {
		if h.members[i].post && h.members[i].postType == "乡村公益性岗位" {
			return i
		}
	}
	return -1
}

func tryPostOutOfProvince(g *generator, h *house) bool {
	i := postHolder(h)
	if i < 0 {
		return false
	}
	p := &h.agg.Persons[i]
	p.WorkLocation, p.Employer, p.WorkChannel = "省外", g.pick(employers[locOutside]), "自主就业"
	h.note(ProblemPostOutOfProvince, p.No)
	return true
}

func tryPostNoMonths(g *generator, h *house) bool {
	i := postHolder(h)
	if i < 0 {
		return false
	}
	h.agg.Persons[i].PostMonths = registry.Count{}
	h.note(ProblemPostNoMonths, h.personNo(i))
	return true
}

func tryMonthsNoPost(g *generator, h *house) bool {
	i := postHolder(h)
	if i < 0 {
		return false
	}
	h.agg.Persons[i].PostType = ""
	h.note(ProblemMonthsNoPost, h.personNo(i))
	return true
}

func tryUnsafeHouse(g *generator, h *house) bool {
	if !h.alleviated || h.monitored || h.relocated ||
		h.countMeasures(ofType(registry.MeasureHousing, registry.MeasureRelocation)) > 0 {
		return false
	}
	hh := &h.agg.Household
	hh.HousingGrade, hh.UnsafeHouse = "C", registry.Yes
	if g.chance(0.3) {
		hh.HousingGrade = "D"
	}
	if hh.HousingAppraised.IsZero() {
		hh.HousingAppraised = g.dateBetween(registry.NewDate(2019, time.January, 1), g.refDate)
	}
	h.note(ProblemUnsafeHouse, h.no)
	h.note(ProblemShouldMonitor, h.no)
	return true
}

func tryNotAppraised(g *generator, h *house) bool {
	if !h.alleviated || h.monitored {
		return false
	}
	h.agg.Household.HousingGrade, h.agg.Household.HousingAppraised = "", registry.Date{}
	h.note(ProblemNotAppraised, h.no)
	return true
}

func tryUninsured(g *generator, h *house) bool {
	if !h.alleviated || h.monitored {
		return false
	}
	i := g.r.IntN(len(h.members))
	p := &h.agg.Persons[i]
	p.ResidentMedical, p.EmployeeMedical = registry.No, registry.No
	h.note(ProblemUninsured, p.No)
	h.note(ProblemShouldMonitor, h.no)
	return true
}

func tryIncomeDrop(g *generator, h *house) bool {
	cur := h.current()
	if !h.alleviated || h.monitored || perCapita(cur) < registry.Yuan(12000) {
		return false
	}
	prev := scaleIncome(*cur, g.uniform(1.25, 1.5))
	prev.Year, prev.MedicalOOP, prev.EducationExp = cur.Year-1, h.previous().MedicalOOP, h.previous().EducationExp
	fixMain(&prev, mainSource(cur))
	*h.previous() = prev
	h.note(ProblemIncomeDrop, h.no)
	return true
}

func tryTinyWage(g *generator, h *house) bool {
	if !h.target() || h.eliminated || h.current().Wages == 0 || h.current().PostWages > 0 {
		return false
	}
	for _, in := range []*registry.Income{h.previous(), h.current()} {
		tiny := registry.Yuan(int64(g.between(30, 99)))
		in.Business += in.Wages - tiny
		in.Wages = tiny
	}
	fixMain(h.previous(), mainSource(h.current()))
	h.note(ProblemTinyWage, h.no)
	return true
}

func tryWagesNoWorker(g *generator, h *house) bool {
	if h.target() || h.any(func(m *member) bool { return m.works() }) ||
		h.previous().Business < registry.Yuan(4000) || h.current().Business < registry.Yuan(4000) {
		return false
	}
	w := registry.Yuan(int64(g.between(3000, 8000)))
	for _, in := range []*registry.Income{h.previous(), h.current()} {
		v := min(w, in.Business-registry.Yuan(500))
		in.Wages, in.Business = v, in.Business-v
	}
	fixMain(h.previous(), mainSource(h.current()))
	h.note(ProblemWagesNoWorker, h.no)
	return true
}

func tryTransferMismatch(g *generator, h *house) bool {
	if h.target() || h.current().TransferParts() == 0 {
		return false
	}
	h.current().Transfers += registry.Yuan(int64(g.between(6, 24) * 100))
	h.note(ProblemTransferMismatch, h.no)
	return true
}

func tryDoubleInsured(g *generator, h *house) bool {
	i := g.r.IntN(len(h.members))
	h.agg.Persons[i].ResidentMedical, h.agg.Persons[i].EmployeeMedical = registry.Yes, registry.Yes
	h.note(ProblemDoubleInsured, h.personNo(i))
	return true
}

// shareable returns a working member other than the head with a phone, or -1.
func shareable(g *generator, h *house) int {
	return g.member(h, func(i int, m *member) bool { return i > 0 && m.works() && m.phone != "" })
}

func trySharedPhone(g *generator, h *house) bool {
	// Start a group only while enough households remain to complete it.
	if g.cfg.Households-g.n < 500 {
		return false
	}
	phone := g.phones.next()
	if !sharePhone(g, h, phone) {
		return false
	}
	g.seed.phone, g.seed.left = phone, 2
	return true
}

// sharePhone gives phone to a working member of the household and notes it.
func sharePhone(g *generator, h *house, phone string) bool {
	i := shareable(g, h)
	if i < 0 {
		return false
	}
	h.agg.Persons[i].Phone = phone
	h.note(ProblemSharedPhone, h.personNo(i))
	return true
}
