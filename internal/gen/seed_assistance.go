package gen

import (
	"strings"

	"github.com/gonggu/gonggu/internal/registry"
)

// How the problems of social assistance (indicator 7) and token development measures are
// seeded. Each try function checks that the household can host the problem, without changing
// it when it cannot.

// socialMentions reports whether a 综合保障 measure's description includes the part.
func (h *house) socialMentions(part string) bool {
	return h.countMeasures(func(m *registry.Measure) bool {
		return m.Type == registry.MeasureSocialSecurity && strings.Contains(m.Description, part)
	}) > 0
}

// dropSocialPart removes a part from the 综合保障 descriptions, and a measure left without any.
func (h *house) dropSocialPart(part string) {
	for i := range h.agg.Measures {
		m := &h.agg.Measures[i]
		if m.Type != registry.MeasureSocialSecurity {
			continue
		}
		var keep []string
		for _, p := range strings.Split(m.Description, ",") {
			if p != part {
				keep = append(keep, p)
			}
		}
		m.Description = strings.Join(keep, ",")
	}
	h.removeMeasures(func(m *registry.Measure) bool {
		return m.Type == registry.MeasureSocialSecurity && m.Description == ""
	})
}

// addSocialPart records a part in the household's 综合保障 measure, adding one when it has none.
func (g *generator) addSocialPart(h *house, part string) {
	for i := range h.agg.Measures {
		if m := &h.agg.Measures[i]; m.Type == registry.MeasureSocialSecurity {
			m.Description = part + "," + m.Description
			return
		}
	}
	s := g.dateBetween(registry.NewDate(g.cfg.Year-1, 1, 1), g.refDate)
	h.agg.Measures = append(h.agg.Measures, registry.Measure{HouseholdNo: h.no, Seq: len(h.agg.Measures) + 1,
		Type: registry.MeasureSocialSecurity, Description: part, Start: s})
}

func tryDibaoNoMeasure(g *generator, h *house) bool {
	if h.monitored || !h.dibao || h.tekun || !h.socialMentions(descDibao) {
		return false
	}
	h.dropSocialPart(descDibao)
	h.note(ProblemDibaoNoMeasure, h.no)
	return true
}

func tryDibaoMeasureNoFlag(g *generator, h *house) bool {
	if h.monitored || h.dibao || h.tekun {
		return false
	}
	g.addSocialPart(h, descDibao)
	h.note(ProblemDibaoMeasureNoFlag, h.no)
	return true
}

func tryTekunNoMeasure(g *generator, h *house) bool {
	if h.monitored || !h.tekun || h.dibao || !h.socialMentions(descTekun) {
		return false
	}
	h.dropSocialPart(descTekun)
	h.note(ProblemTekunNoMeasure, h.no)
	return true
}

func tryTekunMeasureNoFlag(g *generator, h *house) bool {
	if h.monitored || h.dibao || h.tekun {
		return false
	}
	g.addSocialPart(h, descTekun)
	h.note(ProblemTekunMeasureNoFlag, h.no)
	return true
}

func tryTekunPayNoMeasure(g *generator, h *house) bool {
	in := h.current()
	pay := registry.Yuan(int64(g.between(tekunMin/100, tekunMax/100) * 100))
	// Wages stay the main income source, so that the source does not change between years.
	if h.monitored || h.dibao || h.tekun || in.Wages <= in.Business+in.Property+in.Transfers+pay {
		return false
	}
	in.TekunPay += pay
	in.Transfers += pay
	h.note(ProblemTekunPayNoMeasure, h.no)
	return true
}

func tryNoLabourNoAssistance(g *generator, h *house) bool {
	if !h.target() || h.monitored || !h.noLabour || !h.dibao || h.tekun || !h.socialMentions(descDibao) {
		return false
	}
	for _, in := range []*registry.Income{h.previous(), h.current()} {
		if perCapita(in) < registry.Yuan(line) {
			return false
		}
	}
	// The 低保 payment becomes other transfer income, so net income is unchanged.
	for _, in := range []*registry.Income{h.previous(), h.current()} {
		in.OtherTrans += in.DibaoPay
		in.DibaoPay = 0
	}
	hh := &h.agg.Household
	hh.Dibao, hh.NoLabourSupport = registry.No, registry.No
	for i := range h.agg.Persons {
		h.agg.Persons[i].Dibao = registry.No
	}
	h.dropSocialPart(descDibao)
	h.note(ProblemNoLabourNoAssistance, h.no)
	return true
}

func tryTekunWorking(g *generator, h *house) bool {
	if h.monitored || !h.tekun {
		return false
	}
	i := g.member(h, func(i int, m *member) bool { return h.agg.Persons[i].Tekun == registry.Yes && !m.works() && !m.post })
	if i < 0 {
		return false
	}
	p := &h.agg.Persons[i]
	p.WorkLocation, p.WorkMonths = "乡镇内", registry.CountOf(g.between(2, 4))
	h.note(ProblemTekunWorking, p.No)
	return true
}

func tryTokenMeasures(g *generator, h *house) bool {
	dev := func(m *registry.Measure) bool { return registry.IsDevelopment(m.Type) }
	if !h.unresolved() || h.canWork() == 0 || h.countMeasures(dev) == 0 || h.any(func(m *member) bool { return m.post }) {
		return false
	}
	h.removeMeasures(dev)
	desc := "技能培训"
	if g.chance(0.4) {
		desc = "其他"
	}
	s := g.dateBetween(h.identified.First(), registry.DateOf(h.identified.First().Time().AddDate(0, 0, 20)))
	h.agg.Measures = append(h.agg.Measures, registry.Measure{HouseholdNo: h.no, Seq: len(h.agg.Measures) + 1,
		Type: registry.MeasureEmployment, Description: desc, Start: s})
	h.note(ProblemTokenMeasures, h.no)
	return true
}
