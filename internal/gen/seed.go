package gen

import (
	"time"

	"github.com/gonggu/gonggu/internal/registry"
)

// stage says when a problem is seeded: before the household's income and measures are derived
// (so that they follow the changed facts), or into the finished records.
type stage int

const (
	stagePre stage = iota
	stagePost
)

// spec is how a problem is seeded: try checks that the household can host it and, if so,
// changes it and notes what to record; it changes nothing when the household cannot.
type spec struct {
	p     Problem
	stage stage
	try   func(g *generator, h *house) bool
}

// line is the default monitoring line in yuan, which seeded incomes are placed around.
const line = 8000

// specs lists the problems in the order they are tried: those with few possible hosts first.
var specs = []spec{
	{ProblemNoLabourEliminated, stagePre, tryNoLabourEliminated},
	{ProblemRiskWithoutMeasure, stagePost, tryRiskWithoutMeasure},
	{ProblemDisabledLabour, stagePost, tryDisabledLabour},
	{ProblemRiskNoRemark, stagePost, tryRiskNoRemark},
	{ProblemRelocatedIdle, stagePre, tryRelocatedIdle},
	{ProblemLabourRiskWithLabour, stagePre, tryLabourRisk},
	{ProblemIllRiskNobodyIll, stagePre, tryIllRisk},
	{ProblemEliminatedNoMeasure, stagePost, tryEliminatedNoMeasure},
	{ProblemNoYulu, stagePost, tryNoYulu},
	{ProblemDibaoBelowLine, stagePre, tryDibaoBelowLine},
	{ProblemUnsafeWater, stagePre, tryUnsafeWater},
	{ProblemNoMeasure, stagePost, tryNoMeasure},
	{ProblemNoDevMeasure, stagePost, tryNoDevMeasure},
	{ProblemNegativeIncome, stagePost, tryNegativeIncome},
	{ProblemVeryLowIncome, stagePre, tryVeryLowIncome},
	{ProblemEarlyElimination, stagePost, tryEarlyElimination},
	{ProblemEliminatedBelowLine, stagePre, tryEliminatedBelowLine},
	{ProblemMonitoringInfo, stagePost, tryMonitoringInfo},
	{ProblemRichAtIdentification, stagePre, tryRichAtIdentification},
	{ProblemDevNotDone, stagePost, tryDevNotDone},
	{ProblemNoLabourNotFlagged, stagePost, tryNoLabourNotFlagged},
	{ProblemTekunNoMeasure, stagePost, tryTekunNoMeasure},
	{ProblemTekunWorking, stagePost, tryTekunWorking},
	{ProblemNoLabourNoAssistance, stagePost, tryNoLabourNoAssistance},
	{ProblemTokenMeasures, stagePost, tryTokenMeasures},
	{ProblemDibaoNoMeasure, stagePost, tryDibaoNoMeasure},
	{ProblemPostOutOfProvince, stagePost, tryPostOutOfProvince},
	{ProblemPostNoMonths, stagePost, tryPostNoMonths},
	{ProblemMonthsNoPost, stagePost, tryMonthsNoPost},
	{ProblemPostAge, stagePre, tryPostAge},
	{ProblemDropout, stagePre, tryDropout},
	{ProblemUnsafeHouse, stagePost, tryUnsafeHouse},
	{ProblemNotAppraised, stagePost, tryNotAppraised},
	{ProblemUninsured, stagePost, tryUninsured},
	{ProblemBelowLine, stagePre, tryBelowLine},
	{ProblemIncomeDrop, stagePost, tryIncomeDrop},
	{ProblemIdleLabour, stagePre, tryIdleLabour},
	{ProblemTinyWage, stagePost, tryTinyWage},
	{ProblemPersonBlank, stagePost, tryPersonBlank},
	{ProblemHouseholdBlank, stagePost, tryHouseholdBlank},
	{ProblemHighMedicalCost, stagePre, tryHighMedicalCost},
	{ProblemWorkNoMonths, stagePost, tryWorkNoMonths},
	{ProblemMonthsNoWork, stagePost, tryMonthsNoWork},
	{ProblemWagesNoWorker, stagePost, tryWagesNoWorker},
	{ProblemTransferMismatch, stagePost, tryTransferMismatch},
	{ProblemTekunPayNoMeasure, stagePost, tryTekunPayNoMeasure},
	{ProblemDibaoMeasureNoFlag, stagePost, tryDibaoMeasureNoFlag},
	{ProblemTekunMeasureNoFlag, stagePost, tryTekunMeasureNoFlag},
	{ProblemHealthyNoLabour, stagePost, tryHealthyNoLabour},
	{ProblemStudentLabour, stagePost, tryStudentLabour},
	{ProblemElderLabour, stagePost, tryElderLabour},
	{ProblemDoubleInsured, stagePost, tryDoubleInsured},
	{ProblemSharedPhone, stagePost, trySharedPhone},
	{ProblemBadCheckChar, stagePost, tryBadCheckChar},
	{ProblemBirthMismatch, stagePost, tryBirthMismatch},
	{ProblemGenderMismatch, stagePost, tryGenderMismatch},
	{ProblemDuplicateID, stagePost, tryDuplicateID},
	{ProblemNoHead, stagePost, tryNoHead},
	{ProblemTwoHeads, stagePost, tryTwoHeads},
	{ProblemTwoSpouses, stagePost, tryTwoSpouses},
	{ProblemSameSexSpouse, stagePost, trySameSexSpouse},
	{ProblemRelationSex, stagePost, tryRelationSex},
	{ProblemBadEnum, stagePost, tryBadEnum},
	{ProblemEduAndSchool, stagePost, tryEduAndSchool},
	{ProblemEduNeither, stagePost, tryEduNeither},
	{ProblemGradeAge, stagePost, tryGradeAge},
	{ProblemBadPhone, stagePost, tryBadPhone},
	{ProblemDeceasedCounted, stagePost, tryDeceasedCounted},
	{ProblemLostX, stagePost, tryLostX},
	{ProblemOldID, stagePost, tryOldID},
	{ProblemDisabledNoCert, stagePost, tryDisabledNoCert},
	{ProblemWorkerPhone, stagePost, tryWorkerPhone},
}

// seeder decides which households get problems and keeps the state of problems that span
// households.
type seeder struct {
	rates Rates
	on    bool
	// phone is the number being shared and left how many more households must get it.
	phone string
	left  int
	// dup holds, by sex (0 female, 1 male), a person of an earlier clean household whose ID
	// a duplicate can copy.
	dup [2]dupSource
}

type dupSource struct {
	id, no string
	birth  time.Time
	ok     bool
}

// noted is a problem recorded once the household is finished, if check (when set) still
// holds then.
type noted struct {
	p     Problem
	id    string
	check func() bool
}

func newSeeder(r Rates) seeder {
	on := false
	for _, v := range r {
		if v > 0 {
			on = true
		}
	}
	return seeder{rates: r, on: on}
}

// choose tries the problems of the stage on the household and seeds the first that is drawn
// and fits. It returns the problem, or "".
func (s *seeder) choose(g *generator, h *house, st stage) Problem {
	if !s.on || h.seeded {
		return ""
	}
	if st == stagePost && s.left > 0 && sharePhone(g, h, s.phone) {
		s.left--
		h.seeded = true
		return ProblemSharedPhone
	}
	for _, sp := range specs {
		if sp.stage != st {
			continue
		}
		u := g.sr.Float64() // drawn for every problem, so each household's stream stays aligned
		if u >= s.rates[sp.p] {
			continue
		}
		if sp.try(g, h) {
			h.seeded = true
			return sp.p
		}
	}
	return ""
}

// after records the household's noted problems and remembers a clean household's adult as a
// source for a duplicate ID.
func (s *seeder) after(g *generator, h *house) {
	for _, n := range h.noted {
		if n.check == nil || n.check() {
			g.stats.Seeded[n.p] = append(g.stats.Seeded[n.p], n.id)
		}
	}
	if !s.on || h.seeded || s.rates[ProblemDuplicateID] <= 0 {
		return
	}
	for i := range h.members {
		m := &h.members[i]
		if dupCandidate(m) {
			s.dup[sexIndex(m.male)] = dupSource{id: m.id, no: h.agg.Persons[i].No, birth: m.birth, ok: true}
		}
	}
}

func (h *house) note(p Problem, id string) { h.noted = append(h.noted, noted{p: p, id: id}) }

func (h *house) noteIf(p Problem, id string, check func() bool) {
	h.noted = append(h.noted, noted{p: p, id: id, check: check})
}

func (h *house) personNo(i int) string { return h.no + pad2(i+1) }

// member returns the index of a member for which f holds, drawn at random, or -1.
func (g *generator) member(h *house, f func(i int, m *member) bool) int {
	var cands []int
	for i := range h.members {
		if f(i, &h.members[i]) {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return -1
	}
	return cands[g.r.IntN(len(cands))]
}

// current returns the household's income of the current year.
func (h *house) current() *registry.Income { return &h.agg.Incomes[len(h.agg.Incomes)-1] }

// previous returns the household's income of the year before.
func (h *house) previous() *registry.Income { return &h.agg.Incomes[0] }

// perCapita returns the per-capita net income of a year's record.
func perCapita(in *registry.Income) registry.Money { return in.PerCapita(in.Size) }

// removeMeasures drops the measures for which f holds and renumbers the rest.
func (h *house) removeMeasures(f func(*registry.Measure) bool) {
	out := h.agg.Measures[:0]
	for _, m := range h.agg.Measures {
		if !f(&m) {
			m.Seq = len(out) + 1
			out = append(out, m)
		}
	}
	h.agg.Measures = out
}

func (h *house) countMeasures(f func(*registry.Measure) bool) int {
	n := 0
	for i := range h.agg.Measures {
		if f(&h.agg.Measures[i]) {
			n++
		}
	}
	return n
}

func ofType(types ...string) func(*registry.Measure) bool {
	return func(m *registry.Measure) bool { return registry.In(types, m.Type) }
}

func (h *house) hasSocial() bool { return h.dibao || h.tekun || h.disSubsidy }

func (h *house) monthsSinceIdentified(g *generator) int { return h.identified.MonthsUntil(g.refMonth) }

// belowLine notes p for the household if its per-capita income ends below the line (and
// above the 4,000 that would be worth a look of its own).
func (h *house) belowLine(p Problem) {
	h.noteIf(p, h.no, func() bool {
		pc := perCapita(h.current())
		return pc < registry.Yuan(line) && pc >= registry.Yuan(4000)
	})
}

func sexIndex(male bool) int {
	if male {
		return 1
	}
	return 0
}
