package gen

import (
	"strings"

	"github.com/gonggu/gonggu/internal/registry"
)

// How the data-quality problems (PRACTICE.md A–E) are seeded into finished records.

func tryDisabledLabour(g *generator, h *house) bool {
	if h.target() {
		return false
	}
	i := g.member(h, func(_ int, m *member) bool {
		return m.disabled && m.disCat == 4 && m.disGrade <= 2 && m.age >= 16 && m.age <= 59 && !m.student
	})
	if i < 0 {
		return false
	}
	h.agg.Persons[i].LabourSkill = labourNormal
	h.note(ProblemDisabledLabour, h.personNo(i))
	return true
}

func tryMonitoringInfo(g *generator, h *house) bool {
	if !h.eliminated {
		return false
	}
	h.agg.Household.EliminatedOn = registry.Month{}
	h.note(ProblemMonitoringInfo, h.no)
	return true
}

func tryPersonBlank(g *generator, h *house) bool {
	if !h.target() {
		return false
	}
	i := g.r.IntN(len(h.members))
	h.agg.Persons[i].Ethnicity = ""
	h.note(ProblemPersonBlank, h.personNo(i))
	return true
}

func tryHouseholdBlank(g *generator, h *house) bool {
	if !h.target() {
		return false
	}
	h.agg.Household.Toilet = registry.Unknown
	h.note(ProblemHouseholdBlank, h.no)
	return true
}

func tryWorkNoMonths(g *generator, h *house) bool {
	if h.target() || h.count(func(m *member) bool { return m.works() }) < 2 {
		return false
	}
	i := g.member(h, func(_ int, m *member) bool { return m.works() && !m.post })
	if i < 0 {
		return false
	}
	h.agg.Persons[i].WorkMonths = registry.CountOf(0)
	h.note(ProblemWorkNoMonths, h.personNo(i))
	return true
}

func tryMonthsNoWork(g *generator, h *house) bool {
	if h.target() {
		return false
	}
	i := g.member(h, func(_ int, m *member) bool { return m.works() && !m.post })
	if i < 0 {
		return false
	}
	h.agg.Persons[i].WorkLocation = ""
	h.note(ProblemMonthsNoWork, h.personNo(i))
	return true
}

func tryHealthyNoLabour(g *generator, h *house) bool {
	if h.target() || h.canWork() < 2 {
		return false
	}
	i := g.member(h, func(_ int, m *member) bool {
		return m.labour == labourNormal && m.healthy() && !m.works() && m.age >= 20 && m.age <= 55
	})
	if i < 0 {
		return false
	}
	h.agg.Persons[i].LabourSkill = labourNone
	h.note(ProblemHealthyNoLabour, h.personNo(i))
	return true
}

func tryStudentLabour(g *generator, h *house) bool {
	if h.target() {
		return false
	}
	i := g.member(h, func(_ int, m *member) bool { return m.student && m.age >= 16 })
	if i < 0 {
		return false
	}
	h.agg.Persons[i].LabourSkill = labourNormal
	h.note(ProblemStudentLabour, h.personNo(i))
	return true
}

func tryElderLabour(g *generator, h *house) bool {
	if h.target() {
		return false
	}
	i := g.member(h, func(_ int, m *member) bool { return m.age >= 65 && m.age <= 80 && !m.works() })
	if i < 0 {
		return false
	}
	h.agg.Persons[i].LabourSkill = labourNormal
	h.note(ProblemElderLabour, h.personNo(i))
	return true
}

// plainID returns a member whose ID is a resident ID (not a disability certificate), or -1.
func plainID(g *generator, h *house, f func(m *member) bool) int {
	return g.member(h, func(_ int, m *member) bool { return !m.disabled && f(m) })
}

func tryBadCheckChar(g *generator, h *house) bool {
	i := plainID(g, h, func(*member) bool { return true })
	if i < 0 {
		return false
	}
	p := &h.agg.Persons[i]
	const chars = "0123456789X"
	c := chars[g.r.IntN(len(chars))]
	for c == p.IDNumber[17] {
		c = chars[g.r.IntN(len(chars))]
	}
	p.IDNumber = p.IDNumber[:17] + string(c)
	h.note(ProblemBadCheckChar, p.No)
	return true
}

func tryBirthMismatch(g *generator, h *house) bool {
	i := g.r.IntN(len(h.members))
	p := &h.agg.Persons[i]
	shift := g.between(1, 400)
	if g.chance(0.5) {
		shift = -shift
	}
	p.Birth = registry.DateOf(h.members[i].birth.AddDate(0, 0, shift))
	h.note(ProblemBirthMismatch, p.No)
	return true
}

// hasSpouse reports whether the household has a member recorded as 配偶.
func hasSpouse(h *house) bool { return h.any(func(m *member) bool { return m.rel == "配偶" }) }

func tryGenderMismatch(g *generator, h *house) bool {
	if hasSpouse(h) {
		return false
	}
	p := &h.agg.Persons[0]
	p.Gender = sexName(!h.members[0].male)
	h.note(ProblemGenderMismatch, p.No)
	return true
}

// dupCandidate reports whether a member's ID can be the source or the target of a
// duplicate: an adult of working age with a plain ID.
func dupCandidate(m *member) bool { return !m.disabled && m.age >= 25 && m.age <= 55 && !m.student }

func tryDuplicateID(g *generator, h *house) bool {
	s := &g.seed
	i := g.member(h, func(_ int, m *member) bool { return dupCandidate(m) && s.dup[sexIndex(m.male)].ok })
	if i < 0 {
		return false
	}
	m := &h.members[i]
	src := s.dup[sexIndex(m.male)]
	p := &h.agg.Persons[i]
	p.IDNumber, p.Birth = src.id, registry.DateOf(src.birth)
	s.dup[sexIndex(m.male)].ok = false // each source is copied once
	h.note(ProblemDuplicateID, src.no)
	h.note(ProblemDuplicateID, p.No)
	return true
}

func tryNoHead(g *generator, h *house) bool {
	if hasSpouse(h) {
		return false
	}
	h.agg.Persons[0].Relation = "其他"
	h.note(ProblemNoHead, h.no)
	return true
}

func tryTwoHeads(g *generator, h *house) bool {
	head := &h.members[0]
	i := g.member(h, func(i int, m *member) bool {
		return i > 0 && m.rel != "配偶" && m.male == head.male && m.age >= 18
	})
	if i < 0 {
		return false
	}
	h.agg.Persons[i].Relation = "户主"
	h.note(ProblemTwoHeads, h.no)
	return true
}

func tryTwoSpouses(g *generator, h *house) bool {
	head := &h.members[0]
	if !hasSpouse(h) {
		return false
	}
	i := g.member(h, func(i int, m *member) bool {
		return i > 0 && m.rel != "配偶" && m.male != head.male && m.age >= 18
	})
	if i < 0 {
		return false
	}
	h.agg.Persons[i].Relation = "配偶"
	h.note(ProblemTwoSpouses, h.no)
	return true
}

func trySameSexSpouse(g *generator, h *house) bool {
	i := g.member(h, func(_ int, m *member) bool { return m.rel == "配偶" && !m.disabled })
	if i < 0 {
		return false
	}
	m := &h.members[i]
	m.male = h.members[0].male
	id, birth := g.ids.make(m.addr, m.birth, m.male)
	m.id, m.birth = id, birth
	p := &h.agg.Persons[i]
	p.IDNumber, p.Birth, p.Gender, p.Name = id, registry.DateOf(birth), sexName(m.male), m.surname+g.given(m)
	h.note(ProblemSameSexSpouse, h.no)
	return true
}

// oppositeRelation maps a relation that implies a sex to its counterpart of the other sex.
var oppositeRelation = map[string]string{
	"之子": "之女", "之女": "之子", "之孙子": "之孙女", "之孙女": "之孙子", "之父": "之母", "之母": "之父",
	"之外孙子": "之外孙女", "之外孙女": "之外孙子", "之儿媳": "之女婿", "之女婿": "之儿媳",
	"之公公": "之婆婆", "之婆婆": "之公公",
}

func tryRelationSex(g *generator, h *house) bool {
	i := g.member(h, func(_ int, m *member) bool { return oppositeRelation[m.rel] != "" })
	if i < 0 {
		return false
	}
	p := &h.agg.Persons[i]
	p.Relation = oppositeRelation[p.Relation]
	h.note(ProblemRelationSex, p.No)
	return true
}

func tryBadEnum(g *generator, h *house) bool {
	i := g.member(h, func(_ int, m *member) bool { return m.age >= 23 && (m.edu == "高中" || m.edu == "初中") })
	if i < 0 {
		return false
	}
	h.agg.Persons[i].Education = "中专"
	h.note(ProblemBadEnum, h.personNo(i))
	return true
}

// levelOfGrade is the 文化程度 a student's grade corresponds to.
func levelOfGrade(status string) string {
	switch {
	case status == "小学":
		return "小学"
	case strings.HasSuffix(status, "年级") && len([]rune(status)) == 3: // 七年级 八年级 九年级
		return "初中"
	case strings.HasPrefix(status, "普通高中") || strings.HasPrefix(status, "中职"):
		return "高中"
	case strings.HasPrefix(status, "高职高专"):
		return "大专"
	}
	return "本科及以上"
}

func tryEduAndSchool(g *generator, h *house) bool {
	i := g.member(h, func(_ int, m *member) bool { return m.student })
	if i < 0 {
		return false
	}
	p := &h.agg.Persons[i]
	p.Education = levelOfGrade(p.SchoolStatus)
	h.note(ProblemEduAndSchool, p.No)
	return true
}

func tryEduNeither(g *generator, h *house) bool {
	i := g.member(h, func(_ int, m *member) bool { return m.age >= 25 && m.edu != "" })
	if i < 0 {
		return false
	}
	h.agg.Persons[i].Education = ""
	h.note(ProblemEduNeither, h.personNo(i))
	return true
}

func tryGradeAge(g *generator, h *house) bool {
	i := g.member(h, func(_ int, m *member) bool { return m.status == "小学" && m.age >= 8 && m.age <= 10 })
	if i < 0 {
		return false
	}
	h.agg.Persons[i].SchoolStatus = "九年级"
	h.note(ProblemGradeAge, h.personNo(i))
	return true
}

func tryBadPhone(g *generator, h *house) bool {
	hh := &h.agg.Household
	hh.Phone = hh.Phone[:10]
	h.note(ProblemBadPhone, h.no)
	return true
}

func tryDeceasedCounted(g *generator, h *house) bool {
	if h.monitored || h.dibao || h.tekun {
		return false
	}
	i := g.member(h, func(i int, m *member) bool { return i > 0 && m.age >= 65 && !m.disabled && !m.works() })
	if i < 0 {
		return false
	}
	h.agg.Persons[i].DeceasedOn = registry.DateOf(g.ref.AddDate(0, 0, -g.between(30, 300)))
	h.note(ProblemDeceasedCounted, h.personNo(i))
	return true
}

func tryLostX(g *generator, h *house) bool {
	i := plainID(g, h, func(m *member) bool { return m.id[17] == 'X' })
	if i < 0 {
		return false
	}
	p := &h.agg.Persons[i]
	p.IDNumber = p.IDNumber[:17]
	h.note(ProblemLostX, p.No)
	return true
}

func tryOldID(g *generator, h *house) bool {
	i := plainID(g, h, func(m *member) bool { return m.birth.Year() >= 1900 && m.birth.Year() <= 1999 })
	if i < 0 {
		return false
	}
	p := &h.agg.Persons[i]
	p.IDNumber = p.IDNumber[:6] + p.IDNumber[8:17]
	h.note(ProblemOldID, p.No)
	return true
}

func tryDisabledNoCert(g *generator, h *house) bool {
	i := g.member(h, func(_ int, m *member) bool { return m.disabled })
	if i < 0 {
		return false
	}
	p := &h.agg.Persons[i]
	p.IDType, p.IDNumber, p.DisabilityCategory, p.DisabilityGrade = "居民身份证", p.IDNumber[:18], "", ""
	h.note(ProblemDisabledNoCert, p.No)
	return true
}

func tryWorkerPhone(g *generator, h *house) bool {
	i := g.member(h, func(i int, m *member) bool { return i > 0 && m.works() && m.phone != "" })
	if i < 0 {
		return false
	}
	p := &h.agg.Persons[i]
	p.Phone = "12" + p.Phone[2:]
	h.note(ProblemWorkerPhone, p.No)
	return true
}
