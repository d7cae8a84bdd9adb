package gen

import (
	"hash/crc32"
	"strconv"
	"time"

	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// person draws a member's birth date, schooling, health and labour.
func (g *generator) person(h *house, m *member) {
	m.birth = g.birthFor(m.age)
	m.sAge = idno.Age(m.birth, g.sept)
	m.given = g.given(m)
	m.addr = h.v.county
	moved := 0.03 // people registered in another county of the province
	if m.rel == "配偶" || m.rel == "之儿媳" || m.rel == "之女婿" {
		moved = 0.3 // married in
	}
	if g.chance(moved) {
		m.addr = g.pick(g.others)
	}
	g.schooling(h, m)
	g.health(m)
	g.labour(m)
}

// birthFor draws a birth date at which a person is age years old at the reference date.
func (g *generator) birthFor(age int) time.Time {
	latest := g.ref.AddDate(-age, 0, 0)
	earliest := g.ref.AddDate(-age-1, 0, 1)
	days := int(latest.Sub(earliest).Hours()/24) + 1
	b := earliest.AddDate(0, 0, g.r.IntN(days))
	if idno.Age(b, g.ref) != age { // 29 February
		b = latest
	}
	return b
}

// given draws a given name for the member's sex and birth cohort.
func (g *generator) given(m *member) string {
	cohort := 0
	switch y := m.birth.Year(); {
	case y >= 2000:
		cohort = 3
	case y >= 1980:
		cohort = 2
	case y >= 1960:
		cohort = 1
	}
	sex := 0
	if m.male {
		sex = 1
	}
	return g.pick(givenNames[sex][cohort])
}

// schooling sets 文化程度 or 在校生状况 from the age at the last 1 September: every child of
// compulsory-education age is in school, at the grade of that age.
func (g *generator) schooling(h *house, m *member) {
	s, target := m.sAge, h.target()
	inSchool := func(status string) {
		m.status, m.student = status, true
	}
	switch {
	case m.age <= 5 && s <= 2:
		m.status = "学龄前儿童"
	case m.age <= 6 && s <= 5:
		if m.age == 6 {
			inSchool("小学") // an early entrant: 6 at the reference date
		} else if g.chance(0.75) {
			m.status = "学前教育"
		} else {
			m.status = "学龄前儿童"
		}
	case s <= 11:
		inSchool("小学")
	case s <= 14:
		inSchool(juniorGrades[s-12])
	case s <= 17:
		grade := gradeName[s-14]
		if m.age <= 15 || g.chance(0.8) {
			if target && g.chance(0.25) {
				inSchool("中职" + grade + "年级")
				m.vocational = true
			} else {
				inSchool("普通高中" + grade + "年级")
			}
			m.senior = true
		} else {
			m.edu = "初中"
		}
	case s <= 21:
		r := g.r.Float64()
		switch {
		case r < 0.25 || r < 0.4 && !target:
			inSchool("本科" + gradeName[s-17] + "年级")
			m.college = true
		case r < 0.4 && s <= 20:
			inSchool("高职高专" + gradeName[s-17] + "年级")
			m.college, m.vocational = true, true
		case r < 0.4:
			m.edu, m.graduate = "大专", true
		case g.chance(0.4):
			m.edu = "高中"
		default:
			m.edu = "初中"
		}
	case s <= 24 && g.chance(0.01):
		inSchool("硕士研究生及以上")
		m.college = true
	default:
		m.edu = g.cohortEducation(m.birth.Year(), m.age)
		m.graduate = m.edu == "大专" || m.edu == "本科及以上"
	}
	m.compulsory = m.status == "小学" || m.status == "七年级" || m.status == "八年级" || m.status == "九年级"
}

var (
	gradeName    = []string{"", "一", "二", "三", "四", "五"}
	juniorGrades = []string{"七年级", "八年级", "九年级"}
	// awayLocations and awayWeights are where full labour works: 38 % 省外, 24 % 省内县外, 18 %
	// 县内乡外, 20 % 乡镇内, 0.3 % 境外.
	awayLocations = []int{locOutside, locProvince, locCounty, locTownship, locAbroad}
	awayWeights   = []int{380, 240, 180, 197, 3}
)

// cohortEducation draws the 文化程度 of an adult out of school by birth year. College degrees
// go only to people born from 1970, who are of working age.
func (g *generator) cohortEducation(year, age int) string {
	e := registry.Educations // 文盲或半文盲 小学 初中 高中 大专 本科及以上
	var w []int
	switch {
	case year < 1950:
		w = []int{50, 40, 9, 1, 0, 0}
	case year < 1965:
		w = []int{25, 45, 25, 5, 0, 0}
	case year < 1970:
		w = []int{8, 37, 45, 10, 0, 0}
	case year < 1980:
		w = []int{8, 35, 45, 10, 1, 1}
	case year < 1995:
		w = []int{0, 12, 55, 18, 8, 7}
	default:
		w = []int{0, 0, 45, 25, 15, 15}
	}
	if age <= 22 {
		w[0], w[1] = 0, 0
	}
	if age > 55 { // graduates are of working age, so that each of them works
		w[4], w[5] = 0, 0
	}
	return e[g.pickInt(w)]
}

// health draws the member's health by age. College graduates of working age are healthy, so
// that each of them works.
func (g *generator) health(m *member) {
	if m.graduate {
		return
	}
	var chronic, serious, disabled float64
	switch {
	case m.age < 16:
		chronic, serious, disabled = 0.008, 0.002, 0.007
	case m.age < 60:
		chronic, serious, disabled = 0.07, 0.02, 0.03
	case m.age < 70:
		chronic, serious, disabled = 0.25, 0.04, 0.06
	default:
		chronic, serious, disabled = 0.35, 0.06, 0.09
	}
	r := g.r.Float64()
	switch {
	case r < chronic:
		m.chronic = true
	case r < chronic+serious:
		m.serious = true
	case r < chronic+serious+disabled:
		m.disabled = true
		m.disCat = 1 + g.pickInt(disabilityWeights)
		m.disGrade = 1 + g.pickInt(disabilityGrades)
		if m.age >= 60 && g.chance(0.15) {
			m.chronic = true
		}
	}
}

// labour sets 劳动技能 from age, schooling and health. From 60 people are weak labour or none:
// never 丧失劳动力, which is for people of working age who lost it.
func (g *generator) labour(m *member) {
	severe := m.serious || m.disabled && m.disGrade <= 2
	switch {
	case m.age < 16 || m.student || m.status != "":
		m.labour = labourNone
	case m.age < 60:
		switch {
		case m.healthy() && (m.graduate || g.chance(0.2)):
			m.labour = labourSkilled
		case m.healthy():
			m.labour = labourNormal
		case severe:
			m.labour = labourLost
		default:
			m.labour = labourWeak
		}
	case m.age < 70 && !severe:
		m.labour = labourWeak
	default:
		m.labour = labourNone
	}
}

// work gives jobs: in 脱贫 and monitored households to everyone who can work (one of them may
// hold a public-welfare post), elsewhere to most.
func (g *generator) work(h *house) {
	target := h.target()
	if target && g.chance(0.09) {
		var cands []int
		for i := range h.members {
			m := &h.members[i]
			if m.age >= 20 && m.age <= 58 && (m.labour == labourNormal || m.labour == labourWeak) {
				cands = append(cands, i)
			}
		}
		if len(cands) > 0 {
			m := &h.members[cands[g.r.IntN(len(cands))]]
			m.post = true
			m.postMonths = g.between(6, 12)
			switch r := g.r.Float64(); {
			case h.relocated && r < 0.5 || r < 0.05:
				m.postType = "城镇公益性岗位"
			case r < 0.12:
				m.postType = "其他公益性岗位"
			default:
				m.postType = "乡村公益性岗位"
			}
			m.loc, m.months = locTownship, m.postMonths
			m.employer, m.channel = h.v.name+"村民委员会", channelPost
			if m.postType == "城镇公益性岗位" {
				m.loc, m.employer = locCounty, h.v.countyName+"易地扶贫搬迁安置社区"
			}
		}
	}
	for i := range h.members {
		m := &h.members[i]
		if m.post || !m.canWork() {
			continue
		}
		switch {
		case m.labour == labourWeak:
			if !target && !g.chance(0.4) {
				continue
			}
			m.loc = locTownship
			if g.chance(0.3) {
				m.loc = locCounty
			}
		case target || m.labour == labourSkilled || m.graduate || g.chance(0.85):
			m.loc = awayLocations[g.pickInt(awayWeights)]
		default:
			continue
		}
		g.job(h, m)
	}
}

// job fills the months, employer and channel of a member who works at m.loc.
func (g *generator) job(h *house, m *member) {
	switch m.loc {
	case locTownship, locCounty:
		m.months = g.between(3, 10)
		m.channel = g.pickW(localChannels)
	case locAbroad:
		m.months = g.between(10, 12)
		m.channel = g.pickW(awayChannels)
	default:
		m.months = g.between(6, 11)
		m.channel = g.pickW(awayChannels)
	}
	if m.labour == labourWeak {
		m.months = g.between(3, 8)
	}
	switch m.loc {
	case locTownship:
		m.employer = h.v.name + g.pick(employers[locTownship])
	case locCounty:
		m.employer = h.v.countyName + g.pick(companyWords) + g.pick(employers[locCounty])
	default:
		m.employer = g.pick(employers[m.loc])
	}
	if m.channel == channelWorkshop {
		m.employer = h.v.name + "就业帮扶车间"
	}
	m.formal = m.away() && (m.labour == labourSkilled && g.chance(0.4) || g.chance(0.03))
}

var companyWords = []string{"兴农", "鑫源", "宏达", "瑞丰", "金土地", "陇原", "恒通", "丰泽", "福源", "民生"}

// buildPerson writes the registry record of the i-th member.
func (g *generator) buildPerson(h *house, i int) {
	m := &h.members[i]
	p := &h.agg.Persons[i]
	id, birth := g.ids.make(m.addr, m.birth, m.male)
	m.id, m.birth = id, birth
	*p = registry.Person{
		No: h.no + pad2(i+1), HouseholdNo: h.no, Name: m.surname + m.given,
		IDType: "居民身份证", IDNumber: id, Gender: sexName(m.male), Birth: registry.DateOf(birth),
		Relation: m.rel, Ethnicity: h.ethnicity, Political: g.political(m),
		Education: m.edu, SchoolStatus: m.status, LabourSkill: m.labour, Health: "健康",
		ResidentMedical: registry.Yes, EmployeeMedical: registry.No, CriticalIllness: registry.Yes,
		ResidentPension: registry.No, EmployeePension: registry.No,
		Dibao: flag(h.dibao), Tekun: flag(h.tekun),
	}
	if (m.rel == "配偶" || m.rel == "之儿媳" || m.rel == "之女婿") && g.chance(0.05) {
		p.Ethnicity = g.pickW(ethnicities)
	}
	switch {
	case m.disabled && m.chronic:
		p.Health = "残疾,长期慢性病"
	case m.disabled:
		p.Health = "残疾"
	case m.serious:
		p.Health = "患有大病"
	case m.chronic:
		p.Health = "长期慢性病"
	}
	if m.disabled {
		p.IDType = "残疾人证"
		p.IDNumber = id + strconv.Itoa(m.disCat) + strconv.Itoa(m.disGrade)
		p.DisabilityCategory = registry.DisabilityCategories[m.disCat-1]
		p.DisabilityGrade = gradeNames[m.disGrade-1]
	}
	if m.works() {
		p.WorkLocation = g.workPlace(h, p.No, m.loc)
		p.WorkMonths = registry.CountOf(m.months)
		p.Employer, p.WorkChannel = m.employer, m.channel
	}
	if m.post {
		p.PostType, p.PostMonths = m.postType, registry.CountOf(m.postMonths)
	}
	if m.formal {
		p.ResidentMedical, p.EmployeeMedical = registry.No, registry.Yes
	}
	if m.age >= 16 && !m.student {
		if m.formal {
			p.EmployeePension = registry.Yes
		} else {
			p.ResidentPension = registry.Yes
		}
	}
	if i == 0 || m.age >= 16 && !(m.student && m.age < 18) && (m.age < 75 || g.chance(0.6)) {
		m.phone = g.phones.next()
		p.Phone = m.phone
	}
}

// political draws 政治面貌.
func (g *generator) political(m *member) string {
	league, party := 0.15, 0.03
	if m.student {
		league = 0.6
	}
	if m.male {
		party = 0.07
	}
	switch {
	case m.age >= 14 && m.age <= 28 && g.chance(league):
		return "共青团员"
	case m.age >= 25 && g.chance(party):
		return "中共党员"
	case m.age >= 20 && g.chance(0.002):
		return "中共预备党员"
	}
	return "群众"
}

// workPlace writes 务工所在地 as the 2023 national export does: the place, to the county (the
// township for work near home), in the area the member works in. The place is chosen by the
// person's number, so that drawing it takes nothing from the random streams. Where the area
// tree holds no fitting place, the area's own name stands in, as older exports write it.
func (g *generator) workPlace(h *house, personNo string, loc int) string {
	area := region.WorkArea(registry.WorkLocations[loc])
	if g.tree != nil {
		if place := g.tree.PlaceIn(area, h.v.code, int(crc32.ChecksumIEEE([]byte(personNo)))); place != "" {
			return place
		}
	}
	return string(area)
}
