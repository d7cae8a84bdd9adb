package gen

import (
	"math"

	"github.com/gonggu/gonggu/internal/registry"
)

// Yearly amounts in yuan the income components are drawn from (Gansu, early 2020s).
const (
	monthlyPostMin, monthlyPostMax = 500, 800     // 乡村公益性岗位 pay a month
	dibaoMin, dibaoMax             = 3900, 5100   // 农村低保 a person a year
	tekunMin, tekunMax             = 9600, 11000  // 特困供养 a year
	pensionMin, pensionMax         = 1560, 2280   // 城乡居民基本养老金 a year
	disabilityMin, disabilityMax   = 1200, 2400   // 残疾人两项补贴 a year
	monitoredCap                   = 18000        // monitored households stay below the 20,000 of I9-07
	medicalCap                     = 8800         // medical costs below the 10,000 trigger
	highMedicalMin, highMedicalMax = 12000, 40000 // 突发严重困难户 因病
)

// incomes derives the household's income of the year and the year before from its people,
// scaled to the household's target per-capita net income. Every component is whole yuan; the
// previous year is the current one divided by 1.03–1.10, component by component, so that
// income never falls and its main source stays the same.
func (g *generator) incomes(h *house) {
	n := len(h.members)
	in := registry.Income{HouseholdNo: h.no, Year: g.cfg.Year, Size: n}
	y := func(v float64) registry.Money { return registry.Yuan(int64(math.Round(v))) }

	// Transfers, fixed by the household's facts.
	farming := true
	for i := range h.members {
		m := &h.members[i]
		if m.age >= 60 {
			in.Pension += y(g.uniform(pensionMin, pensionMax))
		}
		if m.disabled && (m.disGrade <= 2 || h.hasRisk("因残")) {
			in.OtherTrans += y(g.uniform(disabilityMin, disabilityMax))
			h.disSubsidy = true
		}
	}
	if in.Pension > 0 && g.chance(0.12) {
		in.FamilyPlan = y(float64(960 * g.between(1, 2)))
	}
	if g.chance(0.45) {
		in.EcoComp = y(g.uniform(200, 1500))
	}
	if h.dibao {
		in.DibaoPay = y(float64(n) * g.uniform(dibaoMin, dibaoMax))
	}
	if h.tekun {
		in.TekunPay = y(g.uniform(tekunMin, tekunMax))
	}
	if g.chance(0.85) {
		in.OtherTrans += y(g.uniform(300, 900)) // 耕地地力保护补贴
	}
	if !h.target() && !h.any(func(m *member) bool { return m.canWork() }) && g.chance(0.5) {
		in.OtherTrans += y(g.uniform(1000, 4000)) // 赡养费 from children living elsewhere
	}
	in.Transfers = in.TransferParts()

	// Property: land rent and, for target households, dividends of poverty-alleviation assets.
	if h.target() && g.chance(0.6) {
		in.Dividends = y(g.uniform(300, 1200))
	}
	in.Property = in.Dividends
	if g.chance(0.25) {
		in.Property += y(g.uniform(300, 3000))
	}

	// Wages: posts at their pay, other work at a natural monthly pay by place.
	natural := 0.0
	for i := range h.members {
		m := &h.members[i]
		switch {
		case m.post:
			in.PostWages += y(float64(m.postMonths) * g.uniform(monthlyPostMin, monthlyPostMax))
		case m.works():
			lo, hi := monthlyPay(m.loc)
			natural += float64(m.months) * g.uniform(lo, hi)
		}
	}
	if !h.target() && natural > 0 && g.chance(0.05) {
		farming = false
	}
	farm := 0.0
	if farming {
		farm = g.uniform(1500, 6000)
		for i := range h.members {
			switch h.members[i].labour {
			case labourNormal, labourSkilled:
				farm += g.uniform(1000, 4000)
			case labourWeak:
				farm += g.uniform(500, 1500)
			}
		}
	}

	// Rigid expenditure.
	if !h.keepOOP {
		h.oop = g.medical(h)
	}
	h.edu = g.education(h)
	in.MedicalOOP, in.EducationExp = h.oop, h.edu

	// Scale wages and farming to the target.
	fixed := (in.Transfers + in.Property + in.PostWages).Yuan()
	want := h.pc * float64(n)
	if h.pcFloor > 0 {
		floor := h.pcFloor * float64(n)
		if !h.monitored {
			// Households that are not monitored stay above the line after rigid expenditure.
			floor += (h.oop + h.edu).Yuan()
		}
		want = math.Max(want, floor)
	}
	rest := want - fixed
	wages, business := natural, farm
	if natural+farm > 0 {
		// Poor households work fewer months or for less.
		floor := 0.4
		if h.pc < line {
			floor = 0.15
		}
		wages = natural * math.Max(floor, math.Min(1.8, rest/(natural+farm)))
	}
	minFarm := 0.0
	if farming {
		minFarm = 300
	}
	business = math.Max(minFarm, rest-wages)
	if h.noFarm {
		// The land is let out: the workers' wages are the whole earned income.
		wages, business = math.Max(wages, rest), 0
	}
	if !h.monitored && fixed+wages+business >= line*float64(n) {
		// Not monitored and above the line: stay above it after rigid expenditure too, even
		// when a seeded low income could not be reached.
		need := 9300*float64(n) + (h.oop + h.edu).Yuan() - fixed
		if h.noFarm {
			wages = math.Max(wages, need)
		} else {
			business = math.Max(business, need-wages)
		}
	}
	if !h.any(func(m *member) bool { return m.able() }) && business > farm+3000 {
		// Without full labour the land yields little: the rest is support from children
		// working elsewhere (其他转移性收入).
		support := math.Round(business - farm - 3000)
		business -= support
		in.OtherTrans += registry.Yuan(int64(support))
		in.Transfers = in.TransferParts()
		fixed += support
	}
	if h.monitored && !h.noCap && (fixed+wages+business)/float64(n) > monitoredCap {
		// Work away from home pays too well for a monitored household: fewer months or less pay.
		workers := float64(h.count(func(m *member) bool { return m.works() && !m.post }))
		wages = math.Max(1000*workers, float64(n)*monitoredCap-fixed-business)
	}
	in.Wages = in.PostWages + y(wages)
	ratio := g.uniform(0.2, 0.45)
	if business > 0 {
		gross := business / (1 - ratio)
		in.Business = y(gross)
		in.BusinessExpense = in.Business - y(business)
	}
	keepMain(&in)

	prev := scaleIncome(in, 1/g.uniform(1.03, 1.10))
	prev.Year = g.cfg.Year - 1
	prev.MedicalOOP = y(in.MedicalOOP.Yuan() * g.uniform(0.6, 1.1))
	if h.highOOP {
		prev.MedicalOOP = y(g.uniform(500, 3000)) // the illness is new
	}
	prev.EducationExp = y(in.EducationExp.Yuan() * g.uniform(0.8, 1.0))
	fixMain(&prev, mainSource(&in))
	h.agg.Incomes = []registry.Income{prev, in}
}

// monthlyPay is the range of monthly pay in yuan by work location.
func monthlyPay(loc int) (lo, hi float64) {
	switch loc {
	case locTownship:
		return 1800, 3200
	case locCounty:
		return 2500, 3800
	case locProvince:
		return 3000, 4500
	case locOutside:
		return 3800, 6500
	}
	return 6000, 10000
}

// medical draws the compliant out-of-pocket medical costs of the year: modest for the ill,
// below the 10,000 trigger, except for a 突发严重困难户 whose hardship is the illness.
func (g *generator) medical(h *house) registry.Money {
	if h.highOOP {
		return registry.Yuan(int64(g.uniform(highMedicalMin, highMedicalMax)))
	}
	v := 0.0
	if g.chance(0.6) {
		v = g.uniform(0, 500)
	}
	for i := range h.members {
		m := &h.members[i]
		switch {
		case m.serious:
			v += g.uniform(2000, 6000)
		case m.chronic:
			v += g.uniform(500, 3000)
		case m.disabled:
			v += g.uniform(0, 1000)
		}
	}
	if h.hasRisk("因病") {
		v = math.Max(v, g.uniform(1000, 3000))
	}
	limit := float64(medicalCap)
	if h.eliminated {
		limit = 4000
	}
	return registry.Yuan(int64(math.Min(v, limit)))
}

// education draws the year's education costs of the household's pupils and students.
func (g *generator) education(h *house) registry.Money {
	v := 0.0
	for i := range h.members {
		m := &h.members[i]
		switch {
		case m.status == "学前教育":
			v += g.uniform(500, 2000)
		case m.compulsory:
			v += g.uniform(300, 800)
		case m.status == "硕士研究生及以上":
			v += g.uniform(8000, 15000)
		case m.college:
			v += g.uniform(6000, 12000)
		case m.vocational:
			v += g.uniform(1000, 2000)
		case m.senior:
			v += g.uniform(2000, 4000)
		}
	}
	return registry.Yuan(int64(v))
}

// scaleIncome returns the income with every amount multiplied by f, in whole yuan, the
// transfers summed from their parts and the "of which" parts kept within their totals.
func scaleIncome(in registry.Income, f float64) registry.Income {
	s := func(m registry.Money) registry.Money { return registry.Yuan(int64(math.Round(m.Yuan() * f))) }
	out := in
	out.Wages, out.PostWages = s(in.Wages), s(in.PostWages)
	out.Business, out.BusinessExpense = s(in.Business), s(in.BusinessExpense)
	out.Property, out.Dividends = s(in.Property), s(in.Dividends)
	out.Pension, out.FamilyPlan, out.EcoComp = s(in.Pension), s(in.FamilyPlan), s(in.EcoComp)
	out.DibaoPay, out.TekunPay, out.OtherTrans = s(in.DibaoPay), s(in.TekunPay), s(in.OtherTrans)
	out.Transfers = out.TransferParts()
	out.PostWages = min(out.PostWages, out.Wages)
	out.Dividends = min(out.Dividends, out.Property)
	return out
}

// Income sources, in the order screening ranks ties.
const (
	srcWages = iota
	srcBusiness
	srcProperty
	srcTransfers
	srcNone
)

// mainSource returns the largest of the four income sources; ties go to the first.
func mainSource(in *registry.Income) int {
	best, src := registry.Money(0), srcNone
	for i, v := range []registry.Money{in.Wages, in.Business, in.Property, in.Transfers} {
		if v > best {
			best, src = v, i
		}
	}
	return src
}

// keepMain makes the main source lead the second by at least 2 %, so that rounding the
// previous year's amounts cannot change which source is the main one.
func keepMain(in *registry.Income) {
	src := mainSource(in)
	vals := []registry.Money{in.Wages, in.Business, in.Property, in.Transfers}
	second := registry.Money(0)
	for i, v := range vals {
		if i != src && v > second {
			second = v
		}
	}
	if src == srcNone || vals[src] >= second+second/50+100 {
		return
	}
	bump := second + second/50 + 100 - vals[src]
	switch src {
	case srcWages:
		in.Wages += bump
	case srcBusiness:
		in.Business += bump
	case srcProperty:
		in.Property += bump
	case srcTransfers:
		in.OtherTrans += bump
		in.Transfers += bump
	}
}

// fixMain raises the previous year's main source by whole yuan until it is src.
func fixMain(prev *registry.Income, src int) {
	for range 1000 {
		if mainSource(prev) == src || src == srcNone {
			return
		}
		switch src {
		case srcWages:
			prev.Wages += 100
		case srcBusiness:
			prev.Business += 100
		case srcProperty:
			prev.Property += 100
		case srcTransfers:
			prev.OtherTrans += 100
			prev.Transfers += 100
		}
	}
}
