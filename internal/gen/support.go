package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/support"
)

// The support domain of a generated area (internal/support): from the households already
// stored, the cadres named in their 帮扶责任人 column become cadres paired with their target
// households since 2021–2024; each target household is visited by its helper as often as its
// category requires over the last year (Years), ordinary households once in the year's
// 大走访 campaign by their grid member; about a third of the villages have a work team of
// three (a 第一书记兼队长 and two members) with monthly attendance, leave and two spot checks
// a year; every village is divided into its grids (the registry's 网格 column, a remainder of
// fewer than 20 households joined to the grid before it), each with a member who has confirmed.
//
// SupportRates plants the problems the rules of indicator 4 find; the same seed gives the same
// data.

// SupportRates are the shares of planted problems.
type SupportRates struct {
	NoHelper       float64 // target household without a pairing (I4-01)
	HelperLeft     float64 // cadre transferred or retired 45–150 days ago, households not handed over (I4-02)
	Overloaded     float64 // village whose first helper takes the next two helpers' households (I4-04)
	VisitOverdue   float64 // target household whose visits stopped (I4-03)
	UnknownCadre   float64 // last visit: the family does not know its cadre (I4-05)
	UnknownTeam    float64 // last visit: the family does not know the work team (I4-06)
	HardshipOpen   float64 // last visit found a hardship 20–60 days ago, no follow-up (I4-07)
	ShortDays      float64 // member-month below the days required (I4-09)
	Absent         float64 // member found absent at a spot check without leave (I4-10)
	LeaveOverLevel float64 // leave of 4–7 days approved by the township (I4-11)
	NoGrid         float64 // household in no grid (I4-12)
	GridNoMember   float64 // grid without a member (I4-13)
	Unconfirmed    float64 // grid member who has not confirmed (I4-14)
}

// DefaultSupportRates are realistic shares of planted problems.
func DefaultSupportRates() SupportRates {
	return SupportRates{NoHelper: 0.006, HelperLeft: 0.015, Overloaded: 0.02, VisitOverdue: 0.03, UnknownCadre: 0.015,
		UnknownTeam: 0.01, HardshipOpen: 0.008, ShortDays: 0.03, Absent: 0.05, LeaveOverLevel: 0.01, NoGrid: 0.004,
		GridNoMember: 0.01, Unconfirmed: 0.04}
}

// SupportConfig says what support data to generate.
type SupportConfig struct {
	Area  region.Code
	Seed  uint64
	Ref   time.Time // the day the data is as of
	Years int       // years of visits before Ref; 0: 1
	Rates SupportRates
	// HelperUser, when set, is the username given to the first helper of HelperVillage, who is
	// also made an unconfirmed member of the village's first grid: the demo's helper account.
	HelperUser    string
	HelperVillage region.Code
}

// SupportStats counts what was generated, and the subjects of the planted problems by rule.
type SupportStats struct {
	Cadres, Pairings, Visits, Teams, Members, Grids int
	Seeded                                          map[string][]string
}

// FillSupport generates the support data of the households of cfg.Area stored in db, county
// by county, and loads it.
func FillSupport(ctx context.Context, db *store.DB, tree *region.Tree, cfg SupportConfig) (SupportStats, error) {
	st := SupportStats{Seeded: map[string][]string{}}
	if cfg.Years <= 0 {
		cfg.Years = 1
	}
	s := store.NewSupport(db)
	params := store.NewParams(db)
	var county region.Code
	var houses []*store.GenHousehold
	flush := func() error {
		if len(houses) == 0 {
			return nil
		}
		p, err := params.Resolve(ctx, county, cfg.Ref.Year())
		if err != nil {
			return err
		}
		g := &supportGen{cfg: cfg, s: s, p: p, county: county, st: &st, ref: registry.DateOf(cfg.Ref),
			r: rand.New(rand.NewPCG(cfg.Seed, mix(cfg.Seed^uint64(len(county))^hashString(string(county)))))}
		b := g.generate(houses)
		houses = houses[:0]
		// Visits are the bulk: written in slices so that a county of a million does not wait in
		// one statement list.
		visits := b.Visits
		b.Visits = nil
		if err := s.Load(ctx, b); err != nil {
			return err
		}
		for start := 0; start < len(visits); start += 50000 {
			if err := s.Load(ctx, &store.SupportBatch{Visits: visits[start:min(start+50000, len(visits))]}); err != nil {
				return err
			}
		}
		return nil
	}
	err := s.EachHousehold(ctx, cfg.Area, func(h *store.GenHousehold) error {
		if c := h.Village.County(); c != county {
			if err := flush(); err != nil {
				return err
			}
			county = c
		}
		hc := *h
		houses = append(houses, &hc)
		return nil
	})
	if err == nil {
		err = flush()
	}
	return st, err
}

func hashString(s string) uint64 {
	var h uint64 = 14695981039346656037
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// supportGen generates one county.
type supportGen struct {
	cfg    SupportConfig
	s      *store.Support
	p      *policy.Set
	county region.Code
	st     *SupportStats
	ref    registry.Date
	r      *rand.Rand
	b      *store.SupportBatch
}

func (g *supportGen) chance(p float64) bool { return g.r.Float64() < p }

func (g *supportGen) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.r.IntN(hi-lo+1)
}

func (g *supportGen) daysAgo(lo, hi int) registry.Date {
	return support.AddDays(g.ref, -g.between(lo, hi))
}

func (g *supportGen) seed(rule, subject string) {
	g.st.Seeded[rule] = append(g.st.Seeded[rule], subject)
}

func (g *supportGen) id() string { return g.s.NewID(g.county) }

// person returns a generated name.
func (g *supportGen) person() string {
	sur := surnames[g.r.IntN(len(surnames))].v
	names := givenNames[g.r.IntN(2)][1+g.r.IntN(2)]
	return sur + names[g.r.IntN(len(names))]
}

func (g *supportGen) phone() string {
	var b strings.Builder
	b.WriteString(mobilePrefixes[g.r.IntN(len(mobilePrefixes))])
	fmt.Fprintf(&b, "%08d", g.r.IntN(100_000_000))
	return b.String()
}

func (g *supportGen) cadre(v region.Code, name, unit, phone, level string) *support.Cadre {
	g.b.Cadres = append(g.b.Cadres, support.Cadre{ID: g.id(), County: g.county, Region: v, Name: name, Unit: unit, Phone: phone,
		Level: level, Status: support.InPost, Source: "演示数据"})
	g.st.Cadres++
	return &g.b.Cadres[len(g.b.Cadres)-1]
}

// generate generates the support data of a county's households, village by village.
func (g *supportGen) generate(houses []*store.GenHousehold) *store.SupportBatch {
	g.b = &store.SupportBatch{Cadres: make([]support.Cadre, 0, len(houses)/4)}
	for start := 0; start < len(houses); {
		end := start
		for end < len(houses) && houses[end].Village == houses[start].Village {
			end++
		}
		g.village(houses[start].Village, houses[start:end])
		start = end
	}
	return g.b
}

// village generates one village: its cadres and pairings, grids, work team and visits.
func (g *supportGen) village(v region.Code, houses []*store.GenHousehold) {
	// Cadres from the registry's helper column, in order of first appearance.
	type helper struct {
		idx   int // in g.b.Cadres
		homes []*store.GenHousehold
	}
	var order []string
	helpers := map[string]*helper{}
	for _, h := range houses {
		if h.Helper == "" || !(h.Category != "" || support.TargetKind(h.Kind)) {
			continue
		}
		k := h.Helper + "|" + h.HelperPhone
		hp := helpers[k]
		if hp == nil {
			name, unit, _ := strings.Cut(strings.TrimSuffix(h.Helper, "）"), "（")
			level := support.LevelCounty
			if strings.HasPrefix(unit, "乡镇") {
				level = support.LevelTownship
			}
			g.cadre(v, name, unit, h.HelperPhone, level)
			hp = &helper{idx: len(g.b.Cadres) - 1}
			helpers[k] = hp
			order = append(order, k)
		}
		hp.homes = append(hp.homes, h)
	}
	if len(order) >= 3 && g.chance(g.cfg.Rates.Overloaded) {
		first := helpers[order[0]]
		for _, k := range order[1:3] {
			first.homes = append(first.homes, helpers[k].homes...)
			helpers[k].homes = nil
		}
		if len(first.homes) > g.p.Int(policy.HelperMaxHouses) {
			g.seed("I4-04", g.b.Cadres[first.idx].ID)
		}
	}
	// A helper who would have more households than allowed without a planted problem hands the
	// rest to a colleague of the township.
	most := g.p.Int(policy.HelperMaxHouses)
	for i, k := range order {
		hp := helpers[k]
		if len(hp.homes) <= most || (i == 0 && len(order) >= 3 && len(helpers[order[1]].homes) == 0) {
			continue
		}
		nc := g.cadre(v, g.person(), "乡镇人民政府", g.phone(), support.LevelTownship)
		extra := &helper{idx: len(g.b.Cadres) - 1, homes: hp.homes[most:]}
		hp.homes = hp.homes[:most:most]
		key := "extra|" + nc.ID
		helpers[key] = extra
		order = append(order, key)
	}
	user := -1
	if g.cfg.HelperUser != "" && v == g.cfg.HelperVillage && len(order) > 0 {
		user = helpers[order[0]].idx
		g.b.Cadres[user].Username = g.cfg.HelperUser
	}
	team := g.team(v)
	grids := g.grids(v, houses)
	if user >= 0 && len(grids.list) > 0 {
		g.b.GridPeople = append(g.b.GridPeople, support.GridMember{County: g.county, GridID: grids.list[0].ID,
			CadreID: g.b.Cadres[user].ID, Role: support.GridWorker})
		g.seed("I4-14", grids.list[0].ID+"/"+g.b.Cadres[user].ID)
	}
	// Pairings and the visits of the target households; ordinary households in the campaign.
	for _, k := range order {
		hp := helpers[k]
		if len(hp.homes) == 0 {
			continue
		}
		c := &g.b.Cadres[hp.idx]
		left := registry.Date{}
		switch {
		case hp.idx == user:
		case g.chance(g.cfg.Rates.HelperLeft):
			c.Status, c.StatusOn = support.Transferred, g.daysAgo(45, 150)
			if g.chance(0.3) {
				c.Status = support.Retired
			}
			left = c.StatusOn
			for _, h := range hp.homes {
				g.seed("I4-02", h.No)
			}
		case g.chance(0.03):
			// Left a while ago and handed over properly: the history shows both pairings.
			c.Status, c.StatusOn = support.Transferred, g.daysAgo(60, 300)
		}
		for _, h := range hp.homes {
			if g.chance(g.cfg.Rates.NoHelper) && left.IsZero() {
				g.seed("I4-01", h.No)
				g.visits(h, "", team != nil, grids.member(h.No))
				continue
			}
			start := registry.NewDate(2021+g.r.IntN(4), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(28))
			if h.Category != "" && !h.Identified.IsZero() && start.Before(h.Identified.First()) {
				start = h.Identified.First()
			}
			p := support.Pairing{ID: g.id(), County: g.county, HouseholdNo: h.No, Village: v, CadreID: c.ID, Start: start, Source: "演示数据"}
			cadreID := c.ID
			if c.Status != support.InPost && left.IsZero() {
				// Handed over: the new helper is a colleague of the township.
				p.End, p.EndReason = c.StatusOn, c.Status
				if p.End.Before(p.Start) {
					p.Start = support.AddDays(p.End, -200)
				}
				nc := g.cadre(v, g.person(), "乡镇人民政府", g.phone(), support.LevelTownship)
				g.b.Pairings = append(g.b.Pairings, support.Pairing{ID: g.id(), County: g.county, HouseholdNo: h.No, Village: v,
					CadreID: nc.ID, Start: c.StatusOn, Source: "演示数据"})
				g.st.Pairings++
				cadreID = nc.ID
			}
			g.b.Pairings = append(g.b.Pairings, p)
			g.st.Pairings++
			g.visits(h, cadreID, team != nil, grids.member(h.No))
		}
	}
	for _, h := range houses {
		if h.Category == "" && !support.TargetKind(h.Kind) {
			g.visits(h, "", team != nil, grids.member(h.No))
		}
	}
}

// gridSet is a village's grids and who looks after each household.
type gridSet struct {
	list    []support.Grid
	of      map[string]int    // 户编号 → grid index
	members map[int]string    // grid index → member cadre id
	names   map[string]string // cadre id → name
}

func (gs *gridSet) member(no string) string {
	if i, ok := gs.of[no]; ok {
		return gs.members[i]
	}
	return ""
}

// grids divides the village into the registry's grids.
func (g *supportGen) grids(v region.Code, houses []*store.GenHousehold) *gridSet {
	gs := &gridSet{of: map[string]int{}, members: map[int]string{}, names: map[string]string{}}
	byName := map[string][]string{}
	var names []string
	for _, h := range houses {
		name := h.Grid
		if name == "" {
			name = "第1网格"
		}
		if byName[name] == nil {
			names = append(names, name)
		}
		byName[name] = append(byName[name], h.No)
	}
	sort.SliceStable(names, func(i, j int) bool {
		return len(names[i]) < len(names[j]) || (len(names[i]) == len(names[j]) && names[i] < names[j])
	})
	least := g.p.Int(policy.GridMin)
	for i := len(names) - 1; i > 0; i-- {
		if len(byName[names[i]]) < least {
			byName[names[i-1]] = append(byName[names[i-1]], byName[names[i]]...)
			names = append(names[:i], names[i+1:]...)
		}
	}
	for i, name := range names {
		grid := support.Grid{ID: g.id(), County: g.county, Village: v, Name: name, Source: "演示数据"}
		gs.list = append(gs.list, grid)
		g.b.Grids = append(g.b.Grids, grid)
		g.st.Grids++
		for _, no := range byName[name] {
			if g.chance(g.cfg.Rates.NoGrid) {
				g.seed("I4-12", no)
				continue
			}
			gs.of[no] = i
			g.b.GridHouses = append(g.b.GridHouses, [3]string{string(g.county), no, grid.ID})
		}
		if g.chance(g.cfg.Rates.GridNoMember) {
			g.seed("I4-13", grid.ID)
			continue
		}
		role := support.GridWorker
		if i == 0 {
			role = support.GridLeader
		}
		c := g.cadre(v, g.person(), "村民委员会", g.phone(), support.LevelVillage)
		c.Post = "村委委员"
		m := support.GridMember{County: g.county, GridID: grid.ID, CadreID: c.ID, Role: role, Confirmed: g.daysAgo(100, 600)}
		if g.chance(g.cfg.Rates.Unconfirmed) {
			m.Confirmed = registry.Date{}
			g.seed("I4-14", grid.ID+"/"+c.ID)
		}
		g.b.GridPeople = append(g.b.GridPeople, m)
		gs.members[i] = c.ID
	}
	return gs
}

// teamUnits are the units that send work teams.
var teamUnits = []string{"县农业农村局", "县财政局", "县人社局", "县自然资源局", "县水务局", "县卫生健康局", "县教育局", "县委组织部", "县供销社", "国网县供电公司"}

// team gives about a third of the villages a work team of three, with a year of attendance,
// leave and spot checks; nil for a village without one.
func (g *supportGen) team(v region.Code) *support.Team {
	if !g.chance(0.35) {
		return nil
	}
	unit := teamUnits[g.r.IntN(len(teamUnits))]
	t := support.Team{ID: g.id(), County: g.county, Village: v, Name: unit + "驻村工作队", Unit: unit,
		Start: registry.NewDate(2024+g.r.IntN(2), time.Month(3+g.r.IntN(4)), 1), Source: "演示数据"}
	g.b.Teams = append(g.b.Teams, t)
	g.st.Teams++
	var members []support.Member
	for i, role := range []string{support.SecretaryLead, support.TeamMember, support.TeamMember} {
		c := g.cadre(v, g.person(), unit, g.phone(), support.LevelResident)
		c.Post = []string{"副科级干部", "科员", "科员"}[i]
		m := support.Member{ID: g.id(), County: g.county, TeamID: t.ID, Village: v, CadreID: c.ID, Name: c.Name, Role: role, Start: t.Start}
		members = append(members, m)
		g.b.Members = append(g.b.Members, m)
		g.st.Members++
	}
	refMonth := registry.MonthOf(g.ref.Time())
	leavesOf := map[string][]support.Leave{}
	for _, m := range members {
		var leaves []support.Leave
		for mo := registry.NewMonth(g.ref.Time().Year()-1, time.January); mo.Index() < refMonth.Index(); mo = registry.MonthOf(mo.First().Time().AddDate(0, 1, 0)) {
			if !m.FullMonth(mo) {
				continue
			}
			leave := 0
			if g.chance(0.2) {
				from := support.AddDays(mo.First(), g.between(2, 20))
				l := support.Leave{ID: g.id(), County: g.county, MemberID: m.ID, Village: v, From: from, To: support.AddDays(from, g.between(0, 2)),
					Reason: []string{"家中有事", "看病", "回原单位汇报工作", "子女升学"}[g.r.IntN(4)], State: support.LeaveReturned,
					Approver: "乡镇党委书记", ApproverLevel: support.ApproveTownship, CreatedBy: "演示数据"}
				if g.chance(g.cfg.Rates.LeaveOverLevel * 5) {
					l.To = support.AddDays(from, g.between(3, 6))
					if mo.Year() == g.ref.Time().Year() {
						g.seed("I4-11", m.ID)
					}
				}
				l.ApprovedOn, l.ReturnedOn = support.AddDays(from, -1), support.AddDays(l.To, 1)
				leaves = append(leaves, l)
				leave = l.DaysIn(mo)
			}
			days := g.between(20, 24) - leave
			if g.chance(g.cfg.Rates.ShortDays) {
				days = g.between(10, 17) - leave
				if mo.Year() == g.ref.Time().Year() {
					g.seed("I4-09", m.ID)
				}
			}
			g.b.Attendance = append(g.b.Attendance, support.Attendance{County: g.county, MemberID: m.ID, Month: mo, Days: max(days, 0)})
		}
		g.b.Leaves = append(g.b.Leaves, leaves...)
		leavesOf[m.ID] = leaves
	}
	// Two spot checks a year, one in this year; a member absent now and then.
	for _, on := range []registry.Date{g.daysAgo(200, 330), g.daysAgo(10, 150)} {
		if on.Before(t.Start) {
			continue
		}
		c := support.SpotCheck{ID: g.id(), County: g.county, TeamID: t.ID, Village: v, Planned: on, Checked: on, Checker: "县委组织部督查组"}
		for _, m := range members {
			present := !g.chance(g.cfg.Rates.Absent)
			c.Results = append(c.Results, support.SpotResult{MemberID: m.ID, Present: present})
			covered := false
			for i := range leavesOf[m.ID] {
				covered = covered || leavesOf[m.ID][i].Covers(on)
			}
			if !present && !covered && on.Time().Year() == g.ref.Time().Year() {
				g.seed("I4-10", m.ID)
			}
		}
		g.b.Checks = append(g.b.Checks, c)
	}
	return &t
}

var hardships = []string{"户主务工受伤，暂时无法外出", "家中老人住院", "孩子考上大学，学费有困难", "房屋漏雨", "养殖的牛生病死亡", "饮水管道冻裂"}

// visits generates a household's visits over the years before the reference day: every
// interval of its class for a target household (by its helper, or its grid member when it
// has none), once in the year's campaign for an ordinary one (by its grid member).
func (g *supportGen) visits(h *store.GenHousehold, helperID string, team bool, gridMember string) {
	cl := support.ClassOf(h.Kind, h.Category, h.Eliminated)
	visitor := helperID
	if visitor == "" {
		visitor = gridMember
	}
	if visitor == "" {
		return
	}
	mk := func(on registry.Date) support.Visit {
		v := support.Visit{ID: g.id(), County: g.county, HouseholdNo: h.No, Village: h.Village, CadreID: visitor, On: on, Way: support.InPerson,
			NeedsMet: registry.Yes, MeasuresDone: registry.Yes, Hardship: registry.No, PolicyTold: registry.Yes, KnowsCadre: registry.Yes,
			Source: "演示数据", CreatedBy: "演示数据", Created: on.Time().Add(10 * time.Hour), Key: "g-" + g.id()}
		if helperID == "" {
			v.KnowsCadre = registry.Unknown
		}
		if team {
			v.KnowsTeam = registry.Yes
		}
		switch k := g.r.IntN(20); {
		case k < 2:
			v.Way = support.ByPhone
		case k == 2:
			v.Way = support.ByVideo
		}
		return v
	}
	if cl == support.Ordinary {
		start, end := support.Campaign(g.p, support.CampaignYear(g.p, g.ref))
		if g.ref.Before(start) || !g.chance(0.9) {
			return
		}
		if g.ref.Before(end) {
			end = g.ref
		}
		on := registry.DateOf(start.Time().AddDate(0, 0, g.r.IntN(support.Days(start, end)+1)))
		g.b.Visits = append(g.b.Visits, mk(on))
		g.st.Visits++
		return
	}
	interval := support.Interval(g.p, cl)
	from := support.AddDays(g.ref, -365*g.cfg.Years)
	stop := g.ref
	var last *support.Visit
	switch {
	case g.chance(g.cfg.Rates.VisitOverdue):
		stop = support.AddDays(g.ref, -(interval + g.between(10, 60)))
		g.seed("I4-03", h.No)
	case g.chance(g.cfg.Rates.HardshipOpen):
		stop = g.daysAgo(20, 60)
	}
	on := support.AddDays(from, g.r.IntN(max(interval/2, 1)))
	for !stop.Before(on) {
		g.b.Visits = append(g.b.Visits, mk(on))
		g.st.Visits++
		last = &g.b.Visits[len(g.b.Visits)-1]
		on = support.AddDays(on, max(interval-g.between(0, interval/4), 1))
	}
	if last == nil {
		return
	}
	if stop != g.ref && support.Days(last.On, g.ref) > g.p.Int(policy.VisitFollowUpDays) && !g.st.seeded("I4-03", h.No) {
		last.Hardship, last.HardshipNote = registry.Yes, hardships[g.r.IntN(len(hardships))]
		g.seed("I4-07", h.No)
	}
	if helperID != "" && g.chance(g.cfg.Rates.UnknownCadre) {
		last.KnowsCadre = registry.No
		g.seed("I4-05", h.No)
	}
	if team && g.chance(g.cfg.Rates.UnknownTeam) {
		last.KnowsTeam = registry.No
		g.seed("I4-06", h.No)
	}
}

// seeded reports whether a problem was planted in the subject.
func (st *SupportStats) seeded(rule, subject string) bool {
	list := st.Seeded[rule]
	return len(list) > 0 && list[len(list)-1] == subject
}
