package support

import (
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Facts is what the domain knows about one household, for the household rules (they read it
// as House.Fact(Domain) and type-assert it to *Facts). A county that keeps no pairings, no
// visits or no grids has not collected them: the flags say which were collected, and a rule
// reads the absence of a helper, a visit or a grid as a fact only where they were.
type Facts struct {
	// Pairings: the county keeps its pairings (帮扶责任人结对名单).
	Pairings bool
	// Helpers are the household's pairings, current and ended.
	Helpers []Helper
	// Visits: the county keeps its visit records (走访记录).
	Visits bool
	// Last is the household's latest visit, nil when it has none.
	Last *VisitFact
	// Grids: the county keeps its grids (网格划分).
	Grids bool
	// Grid is the name of the household's grid, "" when it is in none.
	Grid string
}

// Helper is one of a household's pairings with the cadre's standing.
type Helper struct {
	CadreID    string
	Name       string
	Unit       string
	Status     string        // the cadre's status
	StatusOn   registry.Date // since when
	Start, End registry.Date // of the pairing
	EndReason  string
}

// stop returns the day the pairing stopped counting (its end, or the cadre's departure,
// whichever came first; blank while it counts) and whether the cadre's departure ended it.
func (h *Helper) stop() (registry.Date, bool) {
	var day registry.Date
	departed := false
	if !h.End.IsZero() {
		day, departed = h.End, Departure(h.EndReason)
	}
	if h.Status != InPost && h.Status != "" && !h.StatusOn.IsZero() && (day.IsZero() || !day.Before(h.StatusOn)) {
		if day.IsZero() || h.StatusOn.Before(day) {
			day = h.StatusOn
		}
		departed = true
	}
	return day, departed
}

// ActiveOn reports whether the pairing counts on the day: started, not ended, and the cadre
// in post.
func (h *Helper) ActiveOn(d registry.Date) bool {
	if !h.Start.IsZero() && d.Before(h.Start) {
		return false
	}
	stop, _ := h.stop()
	return stop.IsZero() || d.Before(stop)
}

// Active returns the helpers in force on the day.
func (f *Facts) Active(d registry.Date) []Helper {
	var out []Helper
	for _, h := range f.Helpers {
		if h.ActiveOn(d) {
			out = append(out, h)
		}
	}
	return out
}

// Handover returns, for a household without a helper in force on the day, the helper who left
// last and the day of leaving, when that helper's departure (调离, 退休, 去世) is how the
// household lost its last helper; ok is false when it lost it otherwise or never had one.
func (f *Facts) Handover(d registry.Date) (h Helper, left registry.Date, ok bool) {
	var last registry.Date
	for _, x := range f.Helpers {
		stop, departed := x.stop()
		if stop.IsZero() || d.Before(stop) {
			continue
		}
		if last.IsZero() || last.Before(stop) {
			last, h, ok = stop, x, departed
		} else if stop == last && departed {
			h, ok = x, true
		}
	}
	return h, last, ok
}

// VisitFact is what a rule reads of a visit.
type VisitFact struct {
	On         registry.Date
	Way        string
	Visitor    string
	NeedsMet   registry.Flag
	Hardship   registry.Flag
	KnowsCadre registry.Flag
	KnowsTeam  registry.Flag
	Problem    string // what the visit found (Visit.ProblemText), "" when nothing
}

// FactOf returns the fact of a visit.
func FactOf(v *Visit) *VisitFact {
	return &VisitFact{On: v.On, Way: v.Way, Visitor: v.Visitor, NeedsMet: v.NeedsMet, Hardship: v.Hardship,
		KnowsCadre: v.KnowsCadre, KnowsTeam: v.KnowsTeam, Problem: v.ProblemText()}
}

// The kinds of object the object rules of the domain judge.
const (
	KindCadre      = "cadre"
	KindMember     = "team_member"
	KindGrid       = "grid"
	KindGridMember = "grid_member"
)

// CadreObject is a cadre as the object rules judge it: with the households paired with the
// cadre in force on the day the source read them.
type CadreObject struct {
	Cadre
	Households int
}

// Kind returns "cadre".
func (c *CadreObject) Kind() string { return KindCadre }

// ID returns the cadre's id.
func (c *CadreObject) ID() string { return c.Cadre.ID }

// Region returns where the cadre serves.
func (c *CadreObject) Region() region.Code { return c.Cadre.Region }

// Label names the cadre.
func (c *CadreObject) Label() string { return "帮扶干部" + c.Cadre.Label() }

// MemberObject is a work-team member as the object rules judge it: with the days in the
// village of each month recorded, the leave requests and the spot checks that found the member
// absent.
type MemberObject struct {
	Member
	Team       string // the team's name
	Attendance []Attendance
	Leaves     []Leave
	Absent     []registry.Date // days a spot check did not find the member in the village
}

// MonthCheck is a member's month against the days required in the village.
type MonthCheck struct {
	Month registry.Month
	Days  int  // in the village
	Leave int  // of approved leave
	Met   bool // Days + Leave reach the days required
}

// Months returns the months of the year before the month before that the member served in
// full and has attendance for, each against need days in the village (approved leave counts
// towards them).
func (m *MemberObject) Months(need, year int, before registry.Month) []MonthCheck {
	var out []MonthCheck
	for _, a := range m.Attendance {
		if a.Month.Year() != year || a.Month.Index() >= before.Index() || !m.FullMonth(a.Month) {
			continue
		}
		mc := MonthCheck{Month: a.Month, Days: a.Days}
		for i := range m.Leaves {
			if m.Leaves[i].Approved() {
				mc.Leave += m.Leaves[i].DaysIn(a.Month)
			}
		}
		mc.Met = mc.Days+mc.Leave >= need
		out = append(out, mc)
	}
	return out
}

// Kind returns "team_member".
func (m *MemberObject) Kind() string { return KindMember }

// ID returns the membership's id.
func (m *MemberObject) ID() string { return m.Member.ID }

// Region returns the team's village.
func (m *MemberObject) Region() region.Code { return m.Village }

// Label names the member.
func (m *MemberObject) Label() string { return m.Team + m.Role + "「" + m.Name + "」" }

// GridObject is a grid as the object rules judge it: with its households and members.
type GridObject struct {
	Grid
	Households int
	Members    int
	// VillageGrids is how many grids the village has: a small village is one small grid.
	VillageGrids int
}

// Kind returns "grid".
func (g *GridObject) Kind() string { return KindGrid }

// ID returns the grid's id.
func (g *GridObject) ID() string { return g.Grid.ID }

// Region returns the grid's village.
func (g *GridObject) Region() region.Code { return g.Village }

// Label names the grid.
func (g *GridObject) Label() string { return "网格「" + g.Name + "」" }

// GridMemberObject is a grid member as the object rules judge it.
type GridMemberObject struct {
	GridMember
	GridName string
	Village  region.Code
}

// Kind returns "grid_member".
func (g *GridMemberObject) Kind() string { return KindGridMember }

// ID returns the grid and the cadre: a cadre may look after several grids.
func (g *GridMemberObject) ID() string { return g.GridID + "/" + g.CadreID }

// Region returns the grid's village.
func (g *GridMemberObject) Region() region.Code { return g.Village }

// Label names the member.
func (g *GridMemberObject) Label() string {
	return "网格「" + g.GridName + "」的" + g.Role + "「" + g.Name + "」"
}
