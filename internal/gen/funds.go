package gen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/gonggu/gonggu/internal/funds"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// FundsConfig says what to generate for the domain of internal/funds: the counties of an
// area with their villages' target households (the beneficiaries are linked to them), and the
// reference date (the demo's today).
type FundsConfig struct {
	Seed     uint64
	Ref      time.Time
	Tree     *region.Tree // names of the places
	Counties []FundsCounty
}

// FundsCounty is a county with its villages.
type FundsCounty struct {
	County   region.Code
	Villages []FundsVillage
}

// FundsVillage is a village with its target households (脱贫户 and monitored), by 户编号.
type FundsVillage struct {
	Code       region.Code
	Households []string
}

// FundsData is a generated domain: each county's records and the province's averages, and,
// by rule, the objects a problem was planted into.
type FundsData struct {
	Counties []region.Code
	Batches  map[region.Code]*funds.Batch
	Averages []funds.ProvinceAverage
	Planted  map[string][]string // rule id → object ids
}

// GenerateFunds builds a realistic project library, fund flow, assets and PV stations for
// each county, over the five years up to the reference date's, with known problems planted
// so that every rule of indicators 5 and 8 fires somewhere and the counties differ:
//
//   - Each year's projects (40–70 a county for the last two years, 20–30 before) of the
//     library's types, about 60–70 % of the 衔接资金 on industry; this year's at every stage
//     from approved to settled, the years before finished, accepted and settled. Planted:
//     approved and not started (about 6 %), late (5 %), finished and not accepted (7 %),
//     to-household projects accepted and not paid (a sixth of them), handouts of seedlings
//     (1–3 a county), industry projects without a 联农带农 mechanism (5 %); one county's
//     industry share below the floor, another's below last year's.
//   - The fund flow: this year's money allocated in four tranches (January to September) and
//     paid month by month at a pace per county against the linear schedule — two counties
//     behind it, one ahead of the schedule but behind the province, whose average runs 3 % ahead
//     of the schedule; last year's money all spent by December.
//   - Assets from the finished projects of earlier years (经营性 from industry, 公益性 from
//     infrastructure and services, 到户类 from to-household projects), productive ones earning
//     a rent or dividend twice a year, each distributed within two months. Planted: idle
//     (never earned, or not for over a year; 7 %), income undistributed (8 %), no custodian
//     (4 %), not registered (6 %).
//   - PV stations (6–14 a county, 100–500 kW, 1,350 hours a year) with two years of monthly
//     yield and income, maintenance every one to two months, and quarterly distributions, 85 %
//     to public-welfare posts. Planted: low yield (10 %), maintenance overdue (12 %), income
//     undistributed (8 %), too little to posts (10 %).
func GenerateFunds(cfg FundsConfig) *FundsData {
	out := &FundsData{Batches: map[region.Code]*funds.Batch{}, Planted: map[string][]string{}}
	ref := registry.DateOf(cfg.Ref)
	year := cfg.Ref.Year()
	sched, _ := policy.ParseCurve("linear")
	// The province runs 3 % ahead of the schedule; the months before the reference month.
	var prov region.Code
	if len(cfg.Counties) > 0 {
		prov = cfg.Counties[0].County.Up(region.Province)
	}
	for m := 1; m < int(cfg.Ref.Month()); m++ {
		out.Averages = append(out.Averages, funds.ProvinceAverage{Province: prov, Year: year, Month: m,
			Rate: math.Round(math.Min(100, sched.At(m)*1.03)*10) / 10})
	}
	paces := []float64{1.06, 1.05, 0.82, 1.08, 1.01, 0.88, 1.04}
	shares := [][2]float64{{0.66, 0.63}, {0.61, 0.66}, {0.64, 0.62}, {0.68, 0.65}, {0.56, 0.58}, {0.65, 0.64}, {0.70, 0.67}}
	for ci, c := range cfg.Counties {
		g := &fundsGen{r: rand.New(rand.NewPCG(cfg.Seed, uint64(ci)+0x5eed)), cfg: cfg, ref: ref, year: year, county: c,
			b: &funds.Batch{}, planted: out.Planted, sched: sched}
		share, pace := shares[ci%len(shares)], paces[ci%len(paces)]
		g.projects(share)
		g.flows(pace)
		id := fmt.Sprintf("%s-%d", c.County.Prefix(), year)
		for _, x := range []struct {
			rule    string
			planted bool
		}{{"I5-01", pace < 1}, {"I5-02", pace < 1.03}, {"I5-03", share[0] < 0.6}, {"I5-04", share[0] < share[1]}} {
			if x.planted {
				g.plant(x.rule, id)
			}
		}
		g.assets()
		g.stations()
		// The ledgers hold the income, distributions, months and maintenance by line.
		for _, a := range g.b.Assets {
			g.b.Incomes, g.b.Distributions = append(g.b.Incomes, a.Incomes...), append(g.b.Distributions, a.Distributions...)
		}
		for _, s := range g.b.Stations {
			g.b.Months, g.b.Ops = append(g.b.Months, s.Months...), append(g.b.Ops, s.Ops...)
			g.b.Distributions = append(g.b.Distributions, s.Distributions...)
		}
		out.Counties = append(out.Counties, c.County)
		out.Batches[c.County] = g.b
	}
	return out
}

type fundsGen struct {
	r       *rand.Rand
	cfg     FundsConfig
	ref     registry.Date
	year    int
	county  FundsCounty
	b       *funds.Batch
	planted map[string][]string
	sched   policy.Curve
	seq     int
}

func (g *fundsGen) chance(p float64) bool { return g.r.Float64() < p }

func (g *fundsGen) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.r.IntN(hi-lo+1)
}

func (g *fundsGen) plant(rule, id string) { g.planted[rule] = append(g.planted[rule], id) }

// daysBefore returns the date n days before the reference date.
func (g *fundsGen) daysBefore(n int) registry.Date { return funds.AddDays(g.ref, -n) }

func (g *fundsGen) name(code region.Code) string {
	if g.cfg.Tree != nil {
		if r, err := g.cfg.Tree.Get(code); err == nil {
			if code.Level() == region.Village {
				return shortVillage(r.Name)
			}
			return r.Name
		}
	}
	return string(code)
}

// village draws a village of the county, and its township.
func (g *fundsGen) village() FundsVillage {
	return g.county.Villages[g.r.IntN(len(g.county.Villages))]
}

var (
	industryNames = []string{"肉牛养殖场建设项目", "中药材种植基地建设项目", "马铃薯良种繁育基地项目", "高原夏菜日光温室项目",
		"苹果园提质增效项目", "肉羊养殖小区项目", "食用菌产业园项目", "花椒种植基地项目", "农产品冷链仓储项目"}
	industryContents = []string{"新建标准化圈舍 2 栋、青贮池 1 座", "种植当归、黄芪 300 亩，配套滴灌", "建设原种繁育网棚 50 亩",
		"新建日光温室 40 座", "改造老果园 500 亩、配套水肥一体化", "新建羊舍 6 栋、饲草料棚 1 座", "建设出菇大棚 30 座",
		"新建冷库 1 座 2000 立方米"}
	houseIndustry = []string{"脱贫户和监测户到户产业奖补（养殖）", "脱贫户种植马铃薯良种补助", "到户产业奖补（中药材）"}
	handouts      = []string{"为脱贫户发放鸡苗", "为脱贫户发放羊只", "为脱贫户发放种苗和化肥"}
	otherProjects = []struct{ typ, name, content, scope string }{
		{"基础设施", "村组道路硬化项目", "硬化村组道路 3.5 公里", funds.ScopeVillage},
		{"基础设施", "农村人饮管网改造项目", "改造入户管网 12 公里", funds.ScopeVillage},
		{"基础设施", "产业路建设项目", "新建砂石产业路 5 公里", funds.ScopeVillage},
		{"公共服务", "村卫生室标准化建设项目", "改扩建村卫生室 120 平方米", funds.ScopeVillage},
		{"公共服务", "村级幼儿园改造项目", "改造园舍、配套设施", funds.ScopeVillage},
		{"就业项目", "脱贫劳动力外出务工交通补助", "对跨省务工脱贫劳动力给予一次性交通补助", funds.ScopeHouse},
		{"就业项目", "就业帮扶车间建设项目", "改造厂房 800 平方米，吸纳脱贫劳动力就业", funds.ScopeVillage},
		{"易地搬迁后扶", "安置点配套设施提升项目", "完善安置点排水、绿化和便民服务设施", funds.ScopeVillage},
		{"巩固三保障成果", "农村危房改造项目", "改造 C、D 级危房", funds.ScopeHouse},
		{"乡村治理", "乡村治理积分超市建设项目", "建设积分超市 1 处", funds.ScopeVillage},
	}
	mechanisms = []string{"务工就业、订单收购", "土地流转、务工就业", "入股分红、务工就业", "订单收购、技术服务", "资产收益、务工就业"}
)

// projects generates the library of the five years up to the reference year, with the year's
// and last year's industry shares set to shares.
func (g *fundsGen) projects(shares [2]float64) {
	county := g.county.County
	for y := g.year - 4; y <= g.year; y++ {
		n := g.between(20, 30)
		if y >= g.year-1 {
			n = g.between(40, 70)
		}
		var list []*funds.Project
		for i := 0; i < n; i++ {
			list = append(list, g.project(y, i+1))
		}
		list = append(list, &funds.Project{County: county, Place: county, No: fmt.Sprintf("%s-%d-GL", county.Prefix(), y),
			Name: g.name(county) + fmt.Sprintf(" %d 年项目管理费", y), Type: "项目管理费", Year: y, Unit: g.name(county) + "乡村振兴局",
			Dates: g.done(y)})
		list[len(list)-1].Approved[funds.CountyLevel] = registry.Yuan(int64(g.between(30, 60)) * 10_000)
		switch y {
		case g.year:
			setShare(list, shares[0])
		case g.year - 1:
			setShare(list, shares[1])
		default:
			setShare(list, 0.62+0.06*g.r.Float64())
		}
		g.b.Projects = append(g.b.Projects, list...)
	}
}

// setShare scales the industry projects' approved amounts so that they make share of the
// transition funds.
func setShare(list []*funds.Project, share float64) {
	var ind, other registry.Money
	for _, p := range list {
		if p.IsIndustry() {
			ind += p.Approved.Transition()
		} else {
			other += p.Approved.Transition()
		}
	}
	if ind == 0 {
		return
	}
	k := share / (1 - share) * float64(other) / float64(ind)
	for _, p := range list {
		if p.IsIndustry() {
			for i := range p.Approved {
				p.Approved[i] = registry.Money(math.Round(float64(p.Approved[i])*k/100) * 100)
				p.Planned[i] = p.Approved[i]
			}
		}
	}
}

// done returns the dates of a project of year y carried out on time and settled, as far as
// the reference date has come (clamp).
func (g *fundsGen) done(y int) funds.Dates {
	approval := registry.NewDate(y, time.Month(g.between(2, 5)), g.between(1, 28))
	start := funds.AddDays(approval, g.between(10, 40))
	finish := funds.AddDays(start, g.between(90, 180))
	accept := funds.AddDays(finish, g.between(10, 45))
	return g.clamp(funds.Dates{Listed: registry.NewDate(y-1, time.Month(g.between(9, 12)), g.between(1, 28)), Approval: approval,
		PlanStart: start, PlanFinish: funds.AddDays(finish, g.between(0, 30)), Start: start, Finish: finish, Accept: accept,
		Settle: funds.AddDays(accept, g.between(5, 30))})
}

// clamp drops the steps after the reference date, and keeps the planned finish of an
// unfinished project ahead of it: a project on time.
func (g *fundsGen) clamp(d funds.Dates) funds.Dates {
	steps := []*registry.Date{&d.Listed, &d.Approval, &d.Start, &d.Finish, &d.Accept, &d.Settle, &d.Paid}
	for i, x := range steps {
		if !x.IsZero() && g.ref.Before(*x) {
			for _, y := range steps[i:] {
				*y = registry.Date{}
			}
			break
		}
	}
	if d.Finish.IsZero() && !d.PlanFinish.IsZero() && d.PlanFinish.Before(g.ref) {
		d.PlanFinish = funds.AddDays(g.ref, g.between(20, 120))
	}
	return d
}

// project generates one project of year y.
func (g *fundsGen) project(y, n int) *funds.Project {
	county := g.county.County
	v := g.village()
	p := &funds.Project{County: county, Place: v.Code, No: fmt.Sprintf("%s-%d-%03d", county.Prefix(), y, n), Year: y,
		Unit: g.name(v.Code.Up(region.Township)) + "人民政府"}
	switch k := g.r.Float64(); {
	case k < 0.5:
		p.Type, p.Subtype, p.Scope = funds.TypeIndustry, "生产项目", funds.ScopeVillage
		i := g.r.IntN(len(industryNames))
		p.Name, p.Content = g.name(v.Code)+industryNames[i], industryContents[i%len(industryContents)]
		p.Mechanism = mechanisms[g.r.IntN(len(mechanisms))]
		p.Households = g.between(15, 80)
	case k < 0.62:
		p.Type, p.Subtype, p.Scope = funds.TypeIndustry, "到户产业", funds.ScopeHouse
		t := g.name(v.Code.Up(region.Township))
		p.Place = v.Code.Up(region.Township)
		p.Name, p.Content = t+houseIndustry[g.r.IntN(len(houseIndustry))], "对发展养殖、种植的脱贫户和监测户按标准给予奖补"
		p.Mechanism, p.Households = "直接补助、技术服务", g.between(40, 200)
	default:
		o := otherProjects[g.r.IntN(len(otherProjects))]
		p.Type, p.Scope, p.Content = o.typ, o.scope, o.content
		p.Name = g.name(v.Code) + o.name
		if o.scope == funds.ScopeHouse {
			p.Place = v.Code.Up(region.Township)
			p.Name = g.name(p.Place) + o.name
		}
		p.Households = g.between(10, 120)
	}
	amount := registry.Yuan(int64(g.between(30, 400)) * 10_000)
	if p.ToHouseholds() {
		amount = registry.Yuan(int64(g.between(40, 150)) * 10_000)
	}
	src := []int{funds.Central, funds.Central, funds.Central, funds.Provincial, funds.Municipal, funds.CountyLevel}[g.r.IntN(6)]
	p.Approved[src] = amount
	if g.chance(0.2) {
		p.Approved[funds.Other] = amount / 5
	}
	p.Planned = p.Approved
	if y < g.year {
		p.Dates = g.done(y)
	} else {
		g.current(p)
	}
	if p.IsIndustry() && p.Scope == funds.ScopeHouse && y == g.year && g.chance(0.25) {
		p.Content, p.Mechanism = handouts[g.r.IntN(len(handouts))]+" "+fmt.Sprint(g.between(2, 10)*1000)+" 只（株）", ""
		g.plant("I8-03", p.No)
	}
	if p.IsIndustry() && p.Scope == funds.ScopeVillage && y == g.year && !p.Dates.Approval.IsZero() && g.chance(0.05) {
		p.Mechanism, p.Households = "", 0
		g.plant("I8-04", p.No)
	}
	return p
}

// current sets the dates of a project of the reference year: on time at whatever stage the
// reference date finds it, or late in one of the planted ways.
func (g *fundsGen) current(p *funds.Project) {
	ref := g.ref
	listed := registry.NewDate(g.year-1, time.Month(g.between(9, 12)), g.between(1, 28))
	// Approval between mid-February and 20 days before the reference date.
	lo := registry.NewDate(g.year, 2, 15)
	hi := g.daysBefore(20)
	if hi.Before(lo) {
		p.Dates = funds.Dates{Listed: listed}
		return
	}
	approval := funds.AddDays(lo, g.r.IntN(funds.Days(lo, hi)+1))
	d := funds.Dates{Listed: listed, Approval: approval}
	switch k := g.r.Float64(); {
	case k < 0.06 && funds.Days(approval, ref) > 75:
		d.PlanStart, d.PlanFinish = funds.AddDays(approval, 20), funds.AddDays(ref, g.between(60, 200))
		g.plant("I5-05", p.No)
	case k < 0.11:
		d.Start = funds.AddDays(approval, g.between(5, 30))
		d.PlanStart = d.Start
		d.PlanFinish = funds.AddDays(ref, -g.between(40, 120))
		if d.PlanFinish.Before(d.Start) {
			d.PlanFinish = funds.AddDays(ref, g.between(30, 150))
		} else {
			g.plant("I5-06", p.No)
		}
	case k < 0.18:
		d.Start = funds.AddDays(approval, g.between(5, 20))
		d.PlanStart = d.Start
		d.Finish = funds.AddDays(ref, -g.between(65, 150))
		d.PlanFinish = d.Finish
		if d.Finish.Before(funds.AddDays(d.Start, 30)) {
			d.Finish, d.PlanFinish = registry.Date{}, funds.AddDays(ref, 60)
		} else {
			g.plant("I8-01", p.No)
		}
	default:
		// On time: started within 5–40 days, finished after 70–200, accepted within 10–45,
		// settled within 5–30 and paid to households within 3–20 — as far as the reference
		// date has come; a sixth of the to-household projects accepted over a month ago
		// are not paid (planted).
		start := funds.AddDays(approval, g.between(5, 40))
		finish := funds.AddDays(start, g.between(70, 200))
		accept := funds.AddDays(finish, g.between(10, 45))
		d.PlanStart, d.Start, d.Finish, d.Accept = start, start, finish, accept
		d.PlanFinish = funds.AddDays(finish, g.between(0, 20))
		d.Settle = funds.AddDays(accept, g.between(5, 30))
		if p.ToHouseholds() {
			d.Paid = funds.AddDays(accept, g.between(3, 20))
		}
		d = g.clamp(d)
		if p.ToHouseholds() && !d.Accept.IsZero() && funds.Days(d.Accept, ref) > 35 && g.chance(1.0/6) {
			d.Paid, d.Settle = registry.Date{}, registry.Date{}
			g.plant("I8-02", p.No)
		}
	}
	p.Dates = d
}

// flows generates the money of the reference year (and of the year before) allocated to the
// county and paid at pace times the schedule.
func (g *fundsGen) flows(pace float64) {
	for _, y := range []int{g.year - 1, g.year} {
		var total registry.Money
		var started []*funds.Project
		for _, p := range g.b.Projects {
			if p.Year == y && !p.Stopped {
				total += p.Approved.Transition()
				if !p.Dates.Start.IsZero() {
					started = append(started, p)
				}
			}
		}
		if total == 0 {
			continue
		}
		tranches := []struct {
			month, day int
			share      float64
			src        int
		}{{1, 15, 0.5, funds.Central}, {3, 20, 0.25, funds.Provincial}, {6, 10, 0.15, funds.Central}, {9, 5, 0.1, funds.CountyLevel}}
		var allocated []funds.Flow
		for i, t := range tranches {
			f := funds.Flow{Year: y, Date: registry.NewDate(y, time.Month(t.month), t.day), Kind: funds.FlowAllocated, Source: t.src,
				Amount: registry.Money(math.Round(float64(total) * t.share)), DocNo: fmt.Sprintf("衔接资金〔%d〕%d 号", y, 10+i*7)}
			if !g.ref.Before(f.Date) {
				allocated = append(allocated, f)
			}
		}
		g.b.Flows = append(g.b.Flows, allocated...)
		p := pace
		if y < g.year {
			p = 1
		}
		var paid registry.Money
		pay := func(on registry.Date, due float64) {
			var alloc registry.Money
			for _, f := range allocated {
				if !on.Before(f.Date) {
					alloc += f.Amount
				}
			}
			target := registry.Money(math.Min(1, due/100*p) * float64(alloc))
			if target <= paid {
				return
			}
			f := funds.Flow{Year: y, Date: on, Kind: funds.FlowPaid, Source: funds.Central, Amount: target - paid,
				DocNo: fmt.Sprintf("付款凭证 %s", on.Compact())}
			if len(started) > 0 {
				f.ProjectNo = started[g.r.IntN(len(started))].No
			}
			g.b.Flows = append(g.b.Flows, f)
			paid = target
		}
		for m := 1; m <= 12; m++ {
			end := registry.NewDate(y, time.Month(m)+1, 0)
			if g.ref.Before(end) {
				// The current month: paid up to the day before the reference date.
				if on := funds.AddDays(g.ref, -1); on.Time().Year() == y && on.Time().Month() == time.Month(m) {
					pay(on, g.sched.On(y, on.Time())+0.3)
				}
				break
			}
			pay(registry.NewDate(y, time.Month(m), min(25, end.Time().Day())), g.sched.At(m)+0.3)
		}
	}
}

// assets generates the assets of the finished projects of the years before the reference
// year, with their income and distributions.
func (g *fundsGen) assets() {
	for _, p := range g.b.Projects {
		if p.Year >= g.year || p.Dates.Finish.IsZero() || p.Type == "项目管理费" || p.Type == "就业项目" && p.Scope == funds.ScopeHouse || !g.chance(0.7) {
			continue
		}
		a := &funds.Asset{County: p.County, Place: p.Place, No: "ZC-" + p.No, Name: p.Name + "形成资产", ProjectNo: p.No,
			Formed: p.Dates.Accept, Status: funds.AssetRunning, Registered: registry.Yes, RegDate: funds.AddDays(p.Dates.Accept, g.between(20, 120)),
			Value: registry.Money(float64(p.Approved.Total()) * (0.75 + 0.2*g.r.Float64()))}
		if g.ref.Before(a.RegDate) {
			a.RegDate = p.Dates.Accept
		}
		switch {
		case p.ToHouseholds():
			a.Class, a.Type, a.Owner, a.Custodian = funds.ClassHousehold, "到户资产", "受益农户", "受益农户"
		case p.IsIndustry():
			a.Class, a.Type = funds.ClassProductive, []string{"圈舍", "温室大棚", "厂房", "冷库", "种植基地"}[g.r.IntN(5)]
			a.Owner, a.Custodian = g.name(p.Place)+"股份经济合作社", g.name(p.Place)+"村民委员会"
		default:
			a.Class, a.Type = funds.ClassPublic, []string{"道路", "管网", "房屋", "设施"}[g.r.IntN(4)]
			a.Owner, a.Custodian = g.name(p.Place)+"股份经济合作社", g.name(p.Place)+"村民委员会"
		}
		a.Keeper = "管护员" + string(rune('甲'+g.r.IntN(10)))
		if a.Class == funds.ClassProductive {
			g.earn(a)
		}
		if a.Class != funds.ClassHousehold {
			switch k := g.r.Float64(); {
			case k < 0.04:
				a.Custodian, a.Keeper = "", ""
				g.plant("I5-09", a.No)
			case k < 0.10:
				a.Registered, a.RegDate = registry.No, registry.Date{}
				g.plant("I5-10", a.No)
			}
		}
		g.b.Assets = append(g.b.Assets, a)
	}
}

// earn gives a productive asset a rent or dividend twice a year from six months after it was
// formed, each distributed to households and posts within two months; or a planted problem.
func (g *fundsGen) earn(a *funds.Asset) {
	k := g.r.Float64()
	switch {
	case k < 0.04 && funds.Days(a.Formed, g.ref) > 400:
		g.plant("I5-07", a.No) // never earned
		if g.chance(0.5) {
			a.Status = funds.AssetIdle
		}
		return
	}
	half := registry.Money(float64(a.Value) * (0.025 + 0.015*g.r.Float64()))
	half = half / 100 * 100
	stale := k < 0.07 && funds.Days(a.Formed, g.ref) > 800
	undistributed := !stale && k < 0.15
	var last registry.Date
	for on := funds.AddMonths(a.Formed, 6); !g.ref.Before(on); on = funds.AddMonths(on, 6) {
		if stale && funds.Days(on, g.ref) < 420 {
			break
		}
		a.Incomes = append(a.Incomes, funds.Income{ObjectNo: a.No, Period: registry.MonthOf(on.Time()), Received: on, Amount: half})
		last = on
		dist := funds.AddDays(on, g.between(15, 60))
		if g.ref.Before(dist) || undistributed && funds.Days(on, g.ref) < 420 {
			continue
		}
		a.Distributions = append(a.Distributions,
			funds.Distribution{ObjectNo: a.No, Date: dist, Use: funds.UseHouseholds, Payee: "受益脱贫户、监测户", Amount: half * 6 / 10},
			funds.Distribution{ObjectNo: a.No, Date: dist, Use: funds.UsePosts, Payee: "村级公益岗位", Amount: half - half*6/10})
	}
	switch {
	case stale && !last.IsZero():
		g.plant("I5-07", a.No)
	case undistributed:
		left, _ := funds.Undistributed(a.Receipts(), a.Distributions, funds.AddDays(g.ref, -181), g.ref)
		if left > 0 {
			g.plant("I5-08", a.No)
		}
	}
}

// seasons are the months' shares of a station's year of sunlight in the loess hills (sum 12).
var seasons = [12]float64{0.78, 0.86, 1.0, 1.1, 1.16, 1.12, 1.06, 1.06, 0.98, 0.94, 0.8, 0.74}

// stations generates the county's PV stations with two years of months, their maintenance
// and their distributions.
func (g *fundsGen) stations() {
	n := g.between(6, 14)
	for i := 1; i <= n; i++ {
		v := g.village()
		kw := float64(g.between(10, 50) * 10)
		s := &funds.Station{County: g.county.County, Place: v.Code, No: fmt.Sprintf("GF-%s-%02d", g.county.County.Prefix(), i),
			Name: g.name(v.Code) + "村级光伏扶贫电站", Type: "村级", CapacityKW: kw, ExpectedKWh: kw * 1350,
			Connected: registry.NewDate(g.between(2017, 2020), time.Month(g.between(3, 11)), g.between(1, 28)),
			Owner:     g.name(v.Code) + "股份经济合作社", Operator: g.name(g.county.County) + "光伏运维服务中心", Status: funds.AssetRunning}
		health := 0.9 + 0.15*g.r.Float64()
		if g.chance(0.1) {
			health = 0.55 + 0.2*g.r.Float64()
			g.plant("I8-05", s.No)
		}
		cur := registry.MonthOf(g.ref.Time())
		for k := 24; k >= 1; k-- {
			m := addMonth(cur, -k)
			kwh := math.Round(s.ExpectedKWh / 12 * seasons[m.First().Time().Month()-1] * health * (0.95 + 0.1*g.r.Float64()))
			income := registry.Money(math.Round(kwh*0.82)) * 100
			got := funds.AddDays(m.First(), g.between(40, 55))
			if g.ref.Before(got) {
				got = registry.Date{}
			}
			s.Months = append(s.Months, funds.PVMonth{StationNo: s.No, Month: m, KWh: kwh, Income: income, Received: got})
		}
		// Maintenance every 30–60 days over the last two years, or not lately.
		stop := 0
		if g.chance(0.12) {
			stop = g.between(100, 250)
			g.plant("I8-06", s.No)
		}
		for on := funds.AddDays(g.ref, -730); !g.ref.Before(on); on = funds.AddDays(on, g.between(30, 60)) {
			if stop > 0 && funds.Days(on, g.ref) < stop {
				break
			}
			kind := []string{"除草", "除尘", "清杂", "检修"}[g.r.IntN(4)]
			if mo := on.Time().Month(); mo >= 5 && mo <= 9 && g.chance(0.6) {
				kind = "除草"
			}
			s.Ops = append(s.Ops, funds.Maintenance{StationNo: s.No, Date: on, Kind: kind, Content: kind + "，检查组件和逆变器", By: s.Operator})
		}
		g.distribute(s)
		g.b.Stations = append(g.b.Stations, s)
	}
}

// distribute pays a station's income out each quarter, 20–40 days after the quarter's income
// has arrived: 85 % to public-welfare posts, 5 % to small public works, 10 % to the collective;
// or with a planted problem.
func (g *fundsGen) distribute(s *funds.Station) {
	undistributed, lowPosts := false, false
	switch k := g.r.Float64(); {
	case k < 0.08:
		undistributed = true
	case k < 0.18:
		lowPosts = true
		g.plant("I8-08", s.No)
	}
	var received []funds.Receipt
	for _, m := range s.Months {
		if !m.ReceivedOn().IsZero() && !g.ref.Before(m.ReceivedOn()) {
			received = append(received, funds.Receipt{Date: m.ReceivedOn(), Amount: m.Income})
		}
	}
	var paid registry.Money
	for i := 2; i < len(received); i += 3 {
		on := funds.AddDays(received[i].Date, g.between(20, 40))
		if g.ref.Before(on) || undistributed && funds.Days(on, g.ref) < 270 {
			break
		}
		var due registry.Money
		for _, r := range received[:i+1] {
			due += r.Amount
		}
		amount := due - paid
		posts := amount * 85 / 100
		works := amount * 5 / 100
		if lowPosts {
			posts, works = amount*55/100, 0
		}
		s.Distributions = append(s.Distributions,
			funds.Distribution{ObjectNo: s.No, Date: on, Use: funds.UsePosts, Payee: "村级公益岗位人员", Amount: posts})
		if works > 0 {
			s.Distributions = append(s.Distributions, funds.Distribution{ObjectNo: s.No, Date: on, Use: funds.UseWorks, Payee: "村内小型公益事业", Amount: works})
		}
		s.Distributions = append(s.Distributions, funds.Distribution{ObjectNo: s.No, Date: on, Use: funds.UseCollective, Payee: "村股份经济合作社",
			Amount: amount - posts - works})
		paid = due
	}
	if undistributed {
		if left, _ := funds.Undistributed(s.Receipts(), s.Distributions, funds.AddDays(g.ref, -181), g.ref); left > 0 {
			g.plant("I8-07", s.No)
		}
	}
	slices.SortStableFunc(s.Distributions, func(a, b funds.Distribution) int { return a.Date.Time().Compare(b.Date.Time()) })
}

func addMonth(m registry.Month, n int) registry.Month {
	t := m.First().Time().AddDate(0, n, 0)
	return registry.NewMonth(t.Year(), t.Month())
}

// Beneficiaries links the year's and last year's industry and employment projects (not
// to-household handouts without a mechanism) to target households of their village or
// township, with the project's way of linking.
func (d *FundsData) Beneficiaries(cfg FundsConfig) {
	for ci, c := range cfg.Counties {
		r := rand.New(rand.NewPCG(cfg.Seed, uint64(ci)+0xbe11))
		b := d.Batches[c.County]
		for _, p := range b.Projects {
			if p.Year < cfg.Ref.Year()-1 || (!p.IsIndustry() && p.Type != "就业项目") || p.Mechanism == "" || p.Dates.Approval.IsZero() {
				continue
			}
			var pool []string
			for _, v := range c.Villages {
				if p.Place.Contains(v.Code) {
					pool = append(pool, v.Households...)
				}
			}
			n := min(len(pool), 5+r.IntN(25))
			way := "务工就业"
			switch {
			case p.ToHouseholds():
				way = "直接补助"
			case r.Float64() < 0.3:
				way = []string{"订单收购", "土地流转", "入股分红", "资产收益"}[r.IntN(4)]
			}
			for _, i := range r.Perm(len(pool))[:n] {
				amount := registry.Money(0)
				if way == "直接补助" {
					amount = registry.Yuan(int64(1000 + 500*r.IntN(6)))
				}
				b.Beneficiaries = append(b.Beneficiaries, funds.Beneficiary{ProjectNo: p.No, HouseholdNo: pool[i], Mechanism: way, Amount: amount})
			}
		}
	}
}
