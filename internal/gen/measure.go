package gen

import (
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/registry"
)

// Measure descriptions that mean something to screening (PRACTICE.md M–O).
const (
	descDibao          = "农村低保"
	descTekun          = "特困供养"
	descDisability     = "残疾人两项补贴"
	descYulu           = "雨露计划"
	descPremium        = "城乡居民基本医疗保险个人缴费补贴"
	descAwayWork       = "外出务工补贴,一次性交通补贴"
	descHouseRenovated = "农村危房改造"
)

var (
	industryDescs = []string{"产业奖补", "种植业奖补", "养殖业奖补", "产业奖补,技术指导", "发放种苗,技术服务",
		"养殖业奖补,技术指导", "中药材种植奖补", "马铃薯良种补贴,技术指导"}
	livingDescs = []string{"改厨改厕", "庭院经济奖补", "人居环境改善"}
)

// measures derives the assistance measures of a 脱贫 or monitored household from its facts: a
// measure for each risk, a development measure whenever a monitored household can work, the
// measures its people's situation calls for. Other households get only the social-security
// measure that their 低保, 特困供养 or disability subsidy needs.
func (g *generator) measures(h *house) {
	in := &h.agg.Incomes[len(h.agg.Incomes)-1]
	var ms []registry.Measure
	add := func(typ, desc string, start, end registry.Date, amount registry.Money) {
		ms = append(ms, registry.Measure{HouseholdNo: h.no, Seq: len(ms) + 1, Type: typ, Description: desc,
			Start: start, End: end, Amount: amount})
	}
	defer func() { h.agg.Measures = ms }()
	yearStart := registry.NewDate(g.cfg.Year, time.January, 1)
	// start returns when a current measure started: soon after identification for a
	// monitored household, within the last two years for others.
	start := func() registry.Date {
		if h.monitored {
			return g.dateBetween(h.identified.First(), registry.DateOf(h.identified.First().Time().AddDate(0, 0, 20)))
		}
		return g.dateBetween(registry.NewDate(g.cfg.Year-1, time.January, 1), g.refDate)
	}
	// done returns when a one-off project that started on s was finished, before the reference
	// date.
	done := func(s registry.Date, minMonths, maxMonths int) registry.Date {
		e := registry.DateOf(s.Time().AddDate(0, g.between(minMonths, maxMonths), g.between(0, 20)))
		if limit := registry.DateOf(g.ref.AddDate(0, 0, -7)); limit.Before(e) {
			e = limit
		}
		if e.Before(s) {
			e = s
		}
		return e
	}
	social := func() {
		var parts []string
		amount := in.DibaoPay + in.TekunPay
		if h.dibao {
			parts = append(parts, descDibao)
		}
		if h.tekun {
			parts = append(parts, descTekun)
		}
		if h.disSubsidy {
			parts = append(parts, descDisability)
			amount += registry.Yuan(int64(disabilityMin))
		}
		if len(parts) > 0 {
			add(registry.MeasureSocialSecurity, strings.Join(parts, ","), start(), registry.Date{}, amount)
		}
	}
	if !h.target() {
		social()
		return
	}
	yuan := func(lo, hi int) registry.Money { return registry.Yuan(int64(g.between(lo/100, hi/100) * 100)) }
	count := func(f func(*member) bool) int {
		n := 0
		for i := range h.members {
			if f(&h.members[i]) {
				n++
			}
		}
		return n
	}

	if h.relocated {
		s := g.dateBetween(registry.NewDate(2016, time.March, 1), registry.NewDate(2019, time.October, 31))
		add(registry.MeasureRelocation, "易地扶贫搬迁", s, done(s, 12, 24), registry.Yuan(int64(20000*len(h.members))))
	}
	switch {
	case h.hasRisk("因安全住房"):
		s := start()
		add(registry.MeasureHousing, descHouseRenovated, s, done(s, 3, 6), yuan(20000, 35000))
	case h.renovated:
		s := g.dateBetween(registry.NewDate(2016, time.March, 1), registry.NewDate(2019, time.June, 30))
		add(registry.MeasureHousing, descHouseRenovated, s, done(s, 4, 8), yuan(20000, 35000))
	}
	if h.hasRisk("因安全饮水") {
		s := start()
		end := done(s, 1, 4)
		if h.waterUnsafe {
			end = registry.Date{}
		}
		add(registry.MeasureWater, "农村供水工程,入户管网改造", s, end, yuan(800, 3000))
	}

	// Development measures: jobs, posts, industry, loans.
	away := h.any(func(m *member) bool { return m.away() })
	workshop := h.any(func(m *member) bool { return m.channel == channelWorkshop })
	switch {
	case h.noEmployment:
	case away && (h.monitored || g.chance(0.8)):
		desc := descAwayWork
		if h.any(func(m *member) bool { return m.away() && m.channel == "政府组织劳务输出" }) {
			desc = "劳务输出," + desc
		}
		if g.chance(0.3) {
			desc += ",技能培训"
		}
		add(registry.MeasureEmployment, desc, start(), registry.Date{}, yuan(300, 1500))
	case workshop:
		add(registry.MeasureEmployment, "就业帮扶车间吸纳就业", start(), registry.Date{}, yuan(500, 2000))
	case h.hasRisk("因务工就业不稳"):
		add(registry.MeasureEmployment, "稳岗补贴,就业信息推送", start(), registry.Date{}, yuan(500, 2000))
	}
	for i := range h.members {
		if m := &h.members[i]; m.post {
			duty := g.pick(postDuties)
			if m.postType == "城镇公益性岗位" {
				duty = "安置社区保洁员"
			}
			s := yearStart
			if h.monitored && yearStart.Before(h.identified.First()) {
				s = start()
			}
			add(registry.MeasurePublicPost, m.postType+"（"+duty+"）", s, registry.Date{}, in.PostWages)
		}
	}
	needDev := h.monitored && h.canWork() > 0 && !hasDevelopment(ms)
	if in.Business > 0 && (needDev || h.hasRisk("因产业失败") || h.canWork() > 0 && g.chance(0.45)) {
		desc := g.pick(industryDescs)
		if h.hasRisk("因产业失败") {
			desc = "产业奖补,技术指导,产业保险"
		}
		add(registry.MeasureIndustry, desc, start(), registry.Date{}, yuan(1000, 5000))
	}
	head := &h.members[0]
	if h.canWork() > 0 && head.age >= 18 && head.age <= 62 && (g.chance(0.08) || h.hasRisk("因产业失败") && g.chance(0.5)) && !h.noFarm {
		s := start()
		if !h.monitored {
			s = g.dateBetween(registry.NewDate(g.cfg.Year-2, time.January, 1), g.refDate)
		}
		add(registry.MeasureFinance, "小额信贷", s, registry.DateOf(s.Time().AddDate(3, 0, -1)),
			registry.Yuan(int64(10000*g.between(3, 5))))
	}

	// Health, education, social security.
	ill := h.any(func(m *member) bool { return m.ill() })
	if ill && (h.monitored || g.chance(0.8)) || h.hasRisk("因病") || !ill && g.chance(0.25) {
		parts := []string{"家庭医生签约服务"}
		amount := registry.Money(0)
		if h.any(func(m *member) bool { return m.chronic }) {
			parts = append(parts, "慢病签约服务")
		}
		if h.any(func(m *member) bool { return m.serious }) {
			parts = append(parts, "大病专项救治", "医疗救助")
			amount = yuan(1000, 8000)
		}
		if h.monitored {
			parts = append(parts, "先诊疗后付费")
		}
		add(registry.MeasureHealth, strings.Join(parts, ","), start(), registry.Date{}, amount)
	}
	if h.monitored && h.identified.First().Before(yearStart) {
		add(registry.MeasureHealth, descPremium, yearStart, registry.NewDate(g.cfg.Year, time.December, 31),
			registry.Yuan(int64(len(h.members)*g.between(150, 380))))
	}
	if n := count(func(m *member) bool { return m.vocational }); n > 0 {
		add(registry.MeasureEducation, descYulu, start(), registry.Date{}, registry.Yuan(int64(3000*n)))
	}
	if n := count(func(m *member) bool { return m.senior && !m.vocational }); n > 0 && g.chance(0.6) {
		add(registry.MeasureEducation, "普通高中国家助学金", start(), registry.Date{}, registry.Yuan(int64(2000*n)))
	}
	if n := count(func(m *member) bool { return m.college && !m.vocational }); n > 0 && g.chance(0.4) {
		add(registry.MeasureEducation, "生源地信用助学贷款", start(), registry.Date{}, registry.Yuan(int64(8000*n)))
	}
	if n := count(func(m *member) bool { return m.compulsory }); n > 0 && (h.monitored || g.chance(0.8)) {
		desc, amount := "营养改善计划", 800*n
		if g.chance(0.4) {
			desc, amount = desc+",寄宿生生活补助", amount+1000
		}
		add(registry.MeasureCompulsoryEdu, desc, start(), registry.Date{}, registry.Yuan(int64(amount)))
	}
	if h.hasRisk("因学") && !hasAny(ms, registry.MeasureEducation, registry.MeasureCompulsoryEdu) {
		add(registry.MeasureEducation, "教育资助", start(), registry.Date{}, yuan(1000, 3000))
	}
	social()
	var aid []string
	switch {
	case h.hasRisk("因自然灾害") || h.hasRisk("因意外事故"):
		aid = []string{"临时救助", "社会捐助"}
	case h.hasRisk("其他"):
		aid = []string{"结对帮扶", "社会捐助"}
	case h.hasRisk("缺劳动力") && !h.dibao:
		aid = []string{"结对帮扶", "消费帮扶"}
	case g.chance(0.03):
		aid = []string{"消费帮扶"}
	}
	if aid != nil {
		add(registry.MeasureSocialAid, strings.Join(aid, ","), start(), registry.Date{}, yuan(500, 3000))
	}
	if h.alleviated && g.chance(0.05) {
		s := start()
		add(registry.MeasureLivingConditions, g.pick(livingDescs), s, done(s, 1, 3), yuan(1000, 5000))
	}
	if h.alleviated && g.chance(0.03) {
		s := start()
		add(registry.MeasureInfrastructure, "入户道路硬化", s, done(s, 1, 3), yuan(2000, 8000))
	}
	if h.monitored {
		// The national export fills the 三保障 and water columns of every monitored household:
		// the measure, or a statement that the need is met.
		for _, st := range guarantees {
			if !hasAny(ms, st.typ) {
				add(st.typ, st.desc, h.identified.First(), registry.Date{}, 0)
			}
		}
	}
}

// guarantees are the statements of the 三保障 and water columns when the need is met.
var guarantees = []struct{ typ, desc string }{
	{registry.MeasureCompulsoryEdu, "义务教育有保障"},
	{registry.MeasureHousing, "住房安全有保障"},
	{registry.MeasureWater, "饮水安全有保障"},
}

func hasDevelopment(ms []registry.Measure) bool {
	for i := range ms {
		if registry.IsDevelopment(ms[i].Type) {
			return true
		}
	}
	return false
}

func hasAny(ms []registry.Measure, types ...string) bool {
	for i := range ms {
		if registry.In(types, ms[i].Type) {
			return true
		}
	}
	return false
}
