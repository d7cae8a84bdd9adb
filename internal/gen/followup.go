package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/assistance"
	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/employment"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/listfile"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/relocation"
	"github.com/gonggu/gonggu/internal/store"
)

// The demo's lists of indicators 3, 6 and 7, made from the households generated before them:
// the resettlement sites of the relocated households with their facilities and follow-up
// support; the public-welfare posts of the post holders (each department its own list) with
// their pay, the workshops with their workers, last year's 务工监测 and the work needs; the
// low-income list of the families on 低保 or 特困 (and a few families the registry does not
// hold) with their assistance records; the small loans, the loan wishes recorded at visits and
// the banks' rating list. Each list has its planted problems, which FollowupStats.Planted
// names; everything else is clean. Deterministic in the seed.

// FollowupStats counts what Followup wrote and names the problems it planted.
type FollowupStats struct {
	Sites, Facilities, Residents, FollowUps int
	Posts, Pays, Workshops, Workers         int
	Figures, Needs                          int
	Families, Records                       int
	Loans, Wishes, Ratings                  int
	Planted                                 []string // "rule: what", one per planted problem
}

// demoSource is the source the demo's list rows record.
const demoSource = "演示数据"

// Followup fills the lists of the area's counties from the registry, as of today.
func Followup(ctx context.Context, db *store.DB, tree *region.Tree, area region.Code, today time.Time, seed uint64) (FollowupStats, error) {
	var st FollowupStats
	reg := store.NewRegistry(db)
	counties, err := reg.Counties(ctx, area)
	if err != nil {
		return st, err
	}
	for i, county := range counties {
		f := &followFill{db: db, tree: tree, county: county, today: registry.DateOf(today), st: &st,
			r: rand.New(rand.NewPCG(seed, uint64(i)+0x5eed))}
		err := reg.Scan(ctx, county, func(a *registry.Aggregate) error {
			f.houses = append(f.houses, a.Clone())
			return nil
		})
		if err != nil {
			return st, err
		}
		if err := f.fill(ctx); err != nil {
			return st, fmt.Errorf("%s: %w", county, err)
		}
	}
	return st, nil
}

// followFill fills one county.
type followFill struct {
	db     *store.DB
	tree   *region.Tree
	county region.Code
	today  registry.Date
	r      *rand.Rand
	st     *FollowupStats
	houses []*registry.Aggregate
	// busy are the ID keys of people the lists already employ (posts, workshops).
	busy map[string]bool
}

func (f *followFill) chance(p float64) bool { return f.r.Float64() < p }
func (f *followFill) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + f.r.IntN(hi-lo+1)
}
func (f *followFill) daysAgo(lo, hi int) registry.Date {
	return registry.DateOf(f.today.Time().AddDate(0, 0, -f.between(lo, hi)))
}
func (f *followFill) plant(rule, what string) { f.st.Planted = append(f.st.Planted, rule+": "+what) }

// name returns a region's short name: 石滩村 for 石滩村民委员会, 东关社区 for 东关社区居民委员会.
func (f *followFill) name(c region.Code) string {
	r, err := f.tree.Get(c)
	if err != nil {
		return string(c)
	}
	n := r.Name
	for _, suf := range []string{"村民委员会", "居民委员会", "委员会", "村委会", "居委会"} {
		if strings.HasSuffix(n, suf) {
			n = strings.TrimSuffix(n, suf)
			if suf == "村民委员会" || suf == "村委会" {
				n += "村"
			}
			break
		}
	}
	return n
}

// local reports whether the registry places the person's work in the county (or records none).
func (f *followFill) local(p *registry.Person) bool {
	w := strings.TrimSpace(p.WorkLocation)
	a := region.WorkArea(w)
	return w == "" || a == region.AreaTownship || a == region.AreaCountyOtherTownship || a == region.AreaCounty ||
		strings.Contains(w, f.name(f.county))
}

func target(a *registry.Aggregate) bool {
	return a.Household.Kind == registry.KindAlleviated || strings.HasSuffix(a.Household.Kind, "脱贫户") || a.Household.Monitored()
}

// able reports whether a person can take a job: current, 普通 or 技能 labour, 18–59.
func (f *followFill) able(p *registry.Person) bool {
	if !p.Current() || (p.LabourSkill != "普通劳动力" && p.LabourSkill != "技能劳动力") || p.Birth.IsZero() {
		return false
	}
	age := idno.Age(p.Birth.Time(), f.today.Time())
	return age >= 18 && age <= 59
}

func working(p *registry.Person) bool {
	return p.WorkMonths.N > 0 || strings.TrimSpace(p.WorkLocation) != "" || p.PostType != ""
}

func head(a *registry.Aggregate) *registry.Person {
	for i := range a.Persons {
		if a.Persons[i].IsHead() {
			return &a.Persons[i]
		}
	}
	return &a.Persons[0]
}

func (f *followFill) fill(ctx context.Context) error {
	f.busy = map[string]bool{}
	steps := []func(context.Context) error{f.posts, f.relocation, f.workshops, f.figures, f.needs, f.poorOrdinary, f.lowIncome, f.loans}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// relocation makes the sites of the relocated households, their facilities, the households'
// links and their follow-up support, with a care post at most sites.
func (f *followFill) relocation(ctx context.Context) error {
	bySite := map[string][]*registry.Aggregate{}
	var names []string
	for _, a := range f.houses {
		if a.Household.Relocated == registry.Yes && a.Household.RelocationSite != "" {
			n := a.Household.RelocationSite
			if bySite[n] == nil {
				names = append(names, n)
			}
			bySite[n] = append(bySite[n], a)
		}
	}
	slices.Sort(names)
	var sites []relocation.SiteRow
	var facilities []relocation.FacilityRow
	var residents []relocation.ResidentRow
	var ups []relocation.FollowUpRow
	var carePosts []employment.PostRow
	idlePlanted := 0
	facilityNames := []string{"社区综合服务中心", "卫生室", "幼儿园", "扶贫车间厂房", "文化广场", "污水处理设施", "停车场", "农贸市场"}
	for k, n := range names {
		hs := bySite[n]
		id := fmt.Sprintf("AZ%s%02d", f.county.Prefix()[2:6], k+1)
		people := 0
		for _, a := range hs {
			people += a.Size()
		}
		s := relocation.SiteRow{Site: relocation.Site{ID: id, Region: hs[0].Household.Village, Name: n, Way: "城镇安置",
			Households: len(hs), People: people, Built: registry.NewDate(2019, time.Month(f.between(5, 11)), 1),
			Manager: strings.TrimSuffix(f.name(f.county), "县") + "安居物业服务有限公司", Services: "社区综合服务中心、卫生室、幼儿园、就业服务站"}}
		careBy := "物业"
		switch {
		case k == 1:
			s.Manager, careBy = "", "none"
			f.plant("I3-05", "安置点「"+n+"」没有物业管理单位，也没有保洁岗位")
		case k%2 == 1:
			s.Manager, careBy = "", "posts"
		}
		sites = append(sites, s)
		for j, fn := range facilityNames[:f.between(3, 5)] {
			fc := relocation.FacilityRow{Facility: relocation.Facility{SiteID: id, Name: fn, Kind: "公共服务设施",
				Custodian: n[:min(len(n), 6)] + "社区居委会", Funding: registry.Yuan(int64(f.between(1, 5)) * 10000), Source: "县级财政"}}
			if fn == "扶贫车间厂房" || fn == "污水处理设施" || fn == "停车场" {
				fc.Kind = "产业配套设施"
				if fn != "扶贫车间厂房" {
					fc.Kind = "基础设施"
				}
			}
			if k == 0 && j == 1 {
				fc.Custodian = ""
				f.plant("I3-04", "安置点「"+n+"」的「"+fn+"」无管护责任人")
			}
			if k == 2 && j == 0 {
				fc.Funding, fc.Source = 0, ""
				f.plant("I3-04", "安置点「"+n+"」的「"+fn+"」无管护经费")
			}
			facilities = append(facilities, fc)
		}
		noSupport := 0
		for _, a := range hs {
			h := head(a)
			residents = append(residents, relocation.ResidentRow{Resident: relocation.Resident{SiteID: id, HouseholdNo: a.Household.No,
				People: a.Size(), MovedIn: registry.NewDate(2020, time.Month(f.between(1, 12)), f.between(1, 28))}, HeadName: h.Name})
			// Follow-up support: most households recently; an idle able member gets job help.
			idle := false
			for i := range a.Persons {
				if f.able(&a.Persons[i]) && !working(&a.Persons[i]) {
					idle = true
				}
			}
			switch {
			case noSupport < 2 && f.chance(0.12):
				noSupport++
				ups = append(ups, f.followUp(a, "社区融入", 200, 320))
				f.plant("I3-03", "搬迁户 "+a.Household.No+" 近 6 个月无后续扶持记录")
			case idle && idlePlanted < 1:
				idlePlanted++
				ups = append(ups, f.followUp(a, "社区融入", 10, 120))
				f.plant("I3-02", "搬迁户 "+a.Household.No+" 有劳动能力的成员赋闲，只有社区融入扶持")
			default:
				kind := []string{"公共服务", "社区融入", "产业帮扶"}[f.r.IntN(3)]
				if idle {
					kind = []string{"就业帮扶", "技能培训"}[f.r.IntN(2)]
				}
				ups = append(ups, f.followUp(a, kind, 5, 150))
				if f.chance(0.5) {
					ups = append(ups, f.followUp(a, "公共服务", 151, 300))
				}
			}
		}
		if careBy == "posts" {
			// A cleaner from the site's relocated households (or a resident of its village).
			for _, a := range hs {
				for i := range a.Persons {
					p := &a.Persons[i]
					if len(carePosts) < (k+1)/2*2 && f.able(p) && !f.busy[listfile.IDKey(p.IDNumber)] && !working(p) {
						carePosts = append(carePosts, f.post(a, p, fmt.Sprintf("AZB%s%02d%d", f.county.Prefix()[2:6], k+1, i), "乡村振兴", "保洁员", id))
					}
				}
			}
		}
	}
	if len(sites) == 0 {
		return nil
	}
	st := store.NewRelocation(f.db)
	if err := st.PutSites(ctx, f.county, sites, demoSource, audit.Entry{}); err != nil {
		return err
	}
	if m, err := st.PutFacilities(ctx, f.county, facilities, audit.Entry{}); err != nil || len(m) > 0 {
		return fmt.Errorf("facilities: %v %v", err, m)
	}
	if m, err := st.PutResidents(ctx, f.county, residents, audit.Entry{}); err != nil || len(m) > 0 {
		return fmt.Errorf("residents: %v %v", err, m)
	}
	if m, err := st.PutFollowUps(ctx, f.county, ups, demoSource, audit.Entry{}); err != nil || len(m) > 0 {
		return fmt.Errorf("follow-ups: %v %v", err, m)
	}
	if len(carePosts) > 0 {
		if err := store.NewEmployment(f.db).PutPosts(ctx, f.county, carePosts, demoSource, audit.Entry{}); err != nil {
			return err
		}
	}
	f.st.Sites += len(sites)
	f.st.Facilities += len(facilities)
	f.st.Residents += len(residents)
	f.st.FollowUps += len(ups)
	f.st.Posts += len(carePosts)
	return nil
}

func (f *followFill) followUp(a *registry.Aggregate, kind string, lo, hi int) relocation.FollowUpRow {
	content := map[string]string{"就业帮扶": "推荐到安置点就业帮扶车间务工", "技能培训": "参加县人社局组织的家政服务培训",
		"社区融入": "入户宣讲社区公约，邀请参加社区活动", "公共服务": "协助办理子女转学和医保关系转移", "产业帮扶": "发放庭院经济种苗补贴"}[kind]
	return relocation.FollowUpRow{FollowUp: relocation.FollowUp{HouseholdNo: a.Household.No, On: f.daysAgo(lo, hi), Kind: kind,
		Content: content, By: "社区网格员"}}
}

// post makes a post in force since last year held by the person.
func (f *followFill) post(a *registry.Aggregate, p *registry.Person, id, dept, title, site string) employment.PostRow {
	f.busy[listfile.IDKey(p.IDNumber)] = true
	typ := "乡村公益性岗位"
	if p.PostType != "" {
		typ = p.PostType
	}
	unit := f.name(a.Household.Village) + "委会"
	switch dept {
	case "林草":
		unit = strings.TrimSuffix(f.name(f.county), "县") + "县林业和草原局"
	case "交通":
		unit = strings.TrimSuffix(f.name(f.county), "县") + "县交通运输局"
	case "水利":
		unit = strings.TrimSuffix(f.name(f.county), "县") + "县水务局"
	}
	return employment.PostRow{Post: employment.Post{ID: id, Village: a.Household.Village, Type: typ, Title: title, Department: dept,
		Unit: unit, Pay: registry.Yuan(int64(f.between(5, 8)) * 100), Funding: map[string]string{"乡村振兴": "衔接资金", "人社": "就业补助资金",
			"林草": "生态护林员补助资金", "交通": "农村公路养护资金", "水利": "水利工程维修养护资金"}[dept],
		Start: registry.NewDate(f.today.Time().Year()-1, time.Month(f.between(1, 6)), 1), Holder: p.Name, HolderID: p.IDNumber,
		Phone: p.Phone, SiteID: site}}
}

// variantName spells a name the way another department's list may: a homophone or a lookalike
// character, or a space inside.
func variantName(name string) string {
	swaps := map[rune]rune{'国': '囯', '华': '桦', '英': '瑛', '明': '鸣', '军': '君', '红': '宏', '兰': '岚', '芳': '方', '平': '萍', '强': '彊',
		'梅': '玫', '霞': '侠', '伟': '玮', '刚': '钢', '林': '琳', '秀': '琇', '珍': '贞', '成': '诚', '文': '雯'}
	rs := []rune(name)
	for i := len(rs) - 1; i > 0; i-- {
		if v, ok := swaps[rs[i]]; ok {
			rs[i] = v
			return string(rs)
		}
	}
	return string(rs[:1]) + " " + string(rs[1:])
}

// posts makes the county's post lists from the registry's post holders, each department its
// own, with their pay; plants a person on two departments' lists under two spellings, pay
// unpaid for months, posts that ended this year in one township, and a village of 人均一岗.
func (f *followFill) posts(ctx context.Context) error {
	var rows []employment.PostRow
	var holders []struct {
		a *registry.Aggregate
		p *registry.Person
	}
	depts := []struct{ dept, title string }{{"乡村振兴", "保洁员"}, {"乡村振兴", "护路员"}, {"乡村振兴", "管水员"}, {"乡村振兴", "保洁员"},
		{"林草", "生态护林员"}, {"交通", "农村公路护路员"}, {"水利", "巡河员"}, {"人社", "乡村公益性岗位"}}
	n := 0
	for _, a := range f.houses {
		for i := range a.Persons {
			p := &a.Persons[i]
			if !p.Current() || p.PostType == "" || listfile.IDKey(p.IDNumber) == "" || f.busy[listfile.IDKey(p.IDNumber)] {
				continue
			}
			d := depts[f.r.IntN(len(depts))]
			n++
			rows = append(rows, f.post(a, p, fmt.Sprintf("GW%s%04d", f.county.Prefix()[2:6], n), d.dept, d.title, ""))
			holders = append(holders, struct {
				a *registry.Aggregate
				p *registry.Person
			}{a, p})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	// One person on two departments' lists, spelled differently on the second.
	for k := 0; k < 2 && k < len(holders); k++ {
		h := holders[(k*7+3)%len(holders)]
		n++
		second := f.post(h.a, h.p, fmt.Sprintf("LC%s%04d", f.county.Prefix()[2:6], n), "林草", "生态护林员", "")
		if rows[(k*7+3)%len(holders)].Department == "林草" {
			second = f.post(h.a, h.p, fmt.Sprintf("JT%s%04d", f.county.Prefix()[2:6], n), "交通", "农村公路护路员", "")
		}
		second.Holder = variantName(h.p.Name)
		rows = append(rows, second)
		f.plant("I6-17", fmt.Sprintf("「%s」同时在%s和%s的岗位上，后者登记为「%s」", h.p.Name, rows[(k*7+3)%len(holders)].Department, second.Department, second.Holder))
	}
	// Posts that ended this spring in the first township with posts: fewer than last year.
	town := rows[0].Village.Up(region.Township)
	inTown := 0
	for _, r := range rows {
		if town.Contains(r.Village) {
			inTown++
		}
	}
	ended := inTown/5 + 2
	for _, a := range f.houses {
		if ended == 0 || !town.Contains(a.Household.Village) || !target(a) {
			continue
		}
		for i := range a.Persons {
			p := &a.Persons[i]
			if ended > 0 && f.able(p) && p.PostType == "" && !f.busy[listfile.IDKey(p.IDNumber)] {
				n++
				r := f.post(a, p, fmt.Sprintf("GW%s%04d", f.county.Prefix()[2:6], n), "乡村振兴", "保洁员", "")
				r.Start, r.End = registry.NewDate(f.today.Time().Year()-2, 3, 1), registry.NewDate(f.today.Time().Year(), 3, 31)
				rows = append(rows, r)
				ended--
			}
		}
	}
	if ended == 0 {
		f.plant("I6-19", "「"+f.name(town)+"」今年 3 月底有一批岗位到期未续聘，岗位数较上年减少")
	}
	// A village where everyone able holds a post: the smallest village with posts.
	labour := map[region.Code][]*registry.Person{}
	owner := map[*registry.Person]*registry.Aggregate{}
	posts := map[region.Code]int{}
	for _, r := range rows {
		if r.End.IsZero() {
			posts[r.Village]++
		}
	}
	for _, a := range f.houses {
		if !target(a) {
			continue
		}
		for i := range a.Persons {
			p := &a.Persons[i]
			if p.Current() && (p.LabourSkill == "普通劳动力" || p.LabourSkill == "技能劳动力" || p.LabourSkill == "弱劳动力或半劳动力") {
				labour[a.Household.Village] = append(labour[a.Household.Village], p)
				owner[p] = a
			}
		}
	}
	var small region.Code
	for v, ps := range labour {
		if posts[v] > 0 && len(ps) <= 40 && (small == "" || len(ps) < len(labour[small]) || (len(ps) == len(labour[small]) && v < small)) {
			small = v
		}
	}
	if small != "" {
		for _, p := range labour[small] {
			if posts[small] >= len(labour[small]) {
				break
			}
			if !f.busy[listfile.IDKey(p.IDNumber)] && listfile.IDKey(p.IDNumber) != "" && p.WorkMonths.N == 0 && p.WorkLocation == "" {
				n++
				rows = append(rows, f.post(owner[p], p, fmt.Sprintf("GW%s%04d", f.county.Prefix()[2:6], n), "乡村振兴", "保洁员", ""))
				posts[small]++
			}
		}
		if posts[small] >= len(labour[small]) {
			f.plant("I6-18", "「"+f.name(small)+"」公益性岗位数达到有劳动能力的帮扶对象人数")
		}
	}
	emp := store.NewEmployment(f.db)
	if err := emp.PutPosts(ctx, f.county, rows, demoSource, audit.Entry{}); err != nil {
		return err
	}
	// Pay: every month since the start up to last month, paid on the 10th of the next; a few
	// posts unpaid for the last four months.
	var pays []employment.PayRow
	last := registry.MonthOf(f.today.Time()).Index() - 1
	unpaid := 0
	for k, r := range rows {
		from := registry.MonthOf(r.Start.Time()).Index()
		to := last
		if !r.End.IsZero() {
			to = min(to, registry.MonthOf(r.End.Time()).Index())
		}
		stop := to
		if r.End.IsZero() && unpaid < 2 && k%37 == 11 {
			stop = to - 4
			unpaid++
			f.plant("I6-21", "岗位 "+r.ID+" 近 4 个月补贴未发放")
		}
		for m := from; m <= to; m++ {
			mo := registry.NewMonth(m/12, time.Month(m%12+1))
			pay := employment.PayRow{Pay: employment.Pay{PostID: r.ID, Month: mo, Worked: registry.Yes, Due: r.Pay}}
			if m <= stop {
				pay.Paid, pay.PaidOn = r.Pay, registry.DateOf(mo.First().Time().AddDate(0, 1, 9))
			}
			pays = append(pays, pay)
		}
	}
	if miss, err := emp.PutPays(ctx, f.county, pays, audit.Entry{}); err != nil || len(miss) > 0 {
		return fmt.Errorf("pays: %v %v", err, miss)
	}
	f.st.Posts += len(rows)
	f.st.Pays += len(pays)
	return nil
}

// workshops makes three or four workshops in the county's larger villages with workers from
// their townships; one stopped, one shrinking, one counting a worker who works out of the
// province.
func (f *followFill) workshops(ctx context.Context) error {
	byTown := map[region.Code][]*registry.Aggregate{}
	var towns []region.Code
	for _, a := range f.houses {
		t := a.Household.Village.Up(region.Township)
		if byTown[t] == nil {
			towns = append(towns, t)
		}
		byTown[t] = append(byTown[t], a)
	}
	slices.Sort(towns)
	var ws []employment.WorkshopRow
	var workers []employment.WorkerRow
	for k, t := range towns[:min(len(towns), 4)] {
		hs := byTown[t]
		v := hs[len(hs)/2].Household.Village
		id := fmt.Sprintf("CJ%s%02d", f.county.Prefix()[2:6], k+1)
		w := employment.WorkshopRow{Workshop: employment.Workshop{ID: id, Village: v, Name: f.name(v) + "就业帮扶车间",
			Owner:    strings.TrimSuffix(f.name(f.county), "县") + []string{"服饰", "农产品加工", "电子元件", "手工艺品"}[k%4] + "有限公司",
			Industry: []string{"服装加工", "农产品加工", "电子组装", "手工编织"}[k%4], Status: employment.Running,
			Recognized: registry.NewDate(2021+k%3, 5, 1), Hired: 12, Subsidy: registry.Yuan(int64(f.between(5, 20)) * 10000)}}
		switch k {
		case 0:
			w.Status = employment.Stopped
			f.plant("I6-22", "车间「"+w.Name+"」已停产")
		}
		ws = append(ws, w)
		count, leavers, away := 0, 0, false
		for _, a := range hs {
			if !target(a) {
				continue
			}
			for i := range a.Persons {
				p := &a.Persons[i]
				key := listfile.IDKey(p.IDNumber)
				if count >= 12 || key == "" || f.busy[key] || !p.Current() {
					continue
				}
				area := region.WorkArea(p.WorkLocation)
				out := p.WorkLocation != "" && p.WorkMonths.N >= 6 && !strings.Contains(p.WorkLocation, f.name(f.county)) && area != region.AreaTownship && area != region.AreaCountyOtherTownship && area != region.AreaCounty
				switch {
				case out && k == 3 && !away:
					away = true
					f.plant("I6-23", "车间「"+w.Name+"」的务工人员「"+p.Name+"」在农户信息中在"+p.WorkLocation+"务工")
				case !f.able(p) || !f.local(p) || p.PostType != "":
					continue
				}
				f.busy[key] = true
				wk := employment.WorkerRow{Worker: employment.Worker{WorkshopID: id, Name: p.Name, IDNumber: p.IDNumber,
					Start: registry.NewDate(f.today.Time().Year()-2, time.Month(f.between(1, 12)), 1), Months: f.between(6, 12),
					Wage: registry.Yuan(int64(f.between(18, 30)) * 100)}}
				if k == 2 && leavers < 6 {
					wk.End = registry.NewDate(f.today.Time().Year(), 4, 30)
					leavers++
				}
				workers = append(workers, wk)
				count++
			}
		}
		if k == 2 {
			f.plant("I6-22", "车间「"+w.Name+"」今年 4 月走了 6 名务工人员，吸纳人数较上年萎缩")
		}
	}
	if len(ws) == 0 {
		return nil
	}
	emp := store.NewEmployment(f.db)
	if err := emp.PutWorkshops(ctx, f.county, ws, demoSource, audit.Entry{}); err != nil {
		return err
	}
	if miss, err := emp.PutWorkers(ctx, f.county, workers, audit.Entry{}); err != nil || len(miss) > 0 {
		return fmt.Errorf("workers: %v %v", err, miss)
	}
	f.st.Workshops += len(ws)
	f.st.Workers += len(workers)
	return nil
}

// figures writes last year's 务工监测 by village: a little fewer than this year's counted from
// the registry, except in one township where more worked last year.
func (f *followFill) figures(ctx context.Context) error {
	emp := store.NewEmployment(f.db)
	year := f.today.Time().Year()
	fs, err := emp.Figures(ctx, f.county, year)
	if err != nil {
		return err
	}
	var codes []region.Code
	for c := range fs.Now {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	if len(codes) == 0 {
		return nil
	}
	fell := codes[len(codes)/2].Up(region.Township)
	var rows []employment.FigureRow
	for _, c := range codes {
		now := fs.Now[c]
		empl, labour := int(float64(now.Employed)*(0.92+0.07*f.r.Float64())+0.5), now.Labour
		if fell.Contains(c) {
			empl = now.Employed + max(1, now.Employed/5)
			labour = max(labour, empl)
		}
		rows = append(rows, employment.FigureRow{Figure: employment.Figure{Region: c, Year: year - 1, Labour: labour, Employed: empl}})
	}
	f.plant("I6-24", "「"+f.name(fell)+"」务工就业人数少于上年")
	if err := emp.PutFigures(ctx, f.county, rows, employment.FromMonitor, audit.Entry{}); err != nil {
		return err
	}
	f.st.Figures += len(rows)
	return nil
}

// needs registers a few work needs in each township from its able people without work or with
// less than half a year of it, most recent or settled, one open for 70 days.
func (f *followFill) needs(ctx context.Context) error {
	var rows []employment.NeedRow
	seen := map[region.Code]int{}
	old := false
	for _, a := range f.houses {
		t := a.Household.Village.Up(region.Township)
		if !target(a) || seen[t] >= 2 {
			continue
		}
		for i := range a.Persons {
			p := &a.Persons[i]
			if seen[t] >= 2 || !f.able(p) || p.PostType != "" || p.WorkMonths.N >= 6 || f.busy[listfile.IDKey(p.IDNumber)] || listfile.IDKey(p.IDNumber) == "" {
				continue
			}
			n := employment.NeedRow{Need: employment.Need{Village: a.Household.Village, Name: p.Name, IDNumber: p.IDNumber, Phone: p.Phone,
				Registered: f.daysAgo(3, 25), Wish: []string{"就业帮扶车间", "公益性岗位", "县内务工", "技能培训"}[f.r.IntN(4)],
				Status: employment.NeedOpen}}
			switch {
			case !old:
				old = true
				n.Registered = f.daysAgo(70, 70)
				f.plant("I6-25", "「"+p.Name+"」登记就业需求 70 天仍待帮扶")
			case f.chance(0.3):
				n.Registered, n.Status, n.ClosedOn = f.daysAgo(40, 90), employment.NeedEmployed, f.daysAgo(5, 30)
			case f.chance(0.3):
				n.Status = employment.NeedReferred
			}
			rows = append(rows, n)
			seen[t]++
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if err := store.NewEmployment(f.db).PutNeeds(ctx, f.county, rows, demoSource, audit.Entry{}); err != nil {
		return err
	}
	f.st.Needs += len(rows)
	return nil
}

// lowIncome makes the civil-affairs list of the households on 低保 or 特困 (and a few families
// the registry does not hold) with their assistance records: most visited within the quarter,
// a few left since June, a few hospitalised without follow-up.
func (f *followFill) lowIncome(ctx context.Context) error {
	var rows []assistance.FamilyRow
	var recs []assistance.RecordRow
	stale, ill := 0, 0
	add := func(v region.Code, headName, headID string, size int, cat string) {
		fr := assistance.FamilyRow{Family: assistance.Family{Village: v, Head: headName, HeadID: headID, Size: size, Category: cat,
			Since: registry.NewDate(f.between(2019, f.today.Time().Year()-1), time.Month(f.between(1, 12)), 1)}}
		rec := func(on registry.Date, way, done string) {
			recs = append(recs, assistance.RecordRow{HeadID: headID, Head: headName, Record: assistance.Record{On: on, Way: way, By: "帮扶干部", Done: done}})
		}
		switch {
		case stale < 2 && f.chance(0.1):
			stale++
			rec(registry.NewDate(f.today.Time().Year(), 3, f.between(1, 28)), "入户走访", "了解生活情况，宣传低保政策")
			rec(registry.NewDate(f.today.Time().Year(), 6, f.between(1, 28)), "帮扶手册更新", "更新上半年帮扶措施")
			f.plant("I7-13", "低收入家庭「"+headName+"」的帮扶记录停留在 6 月")
		case ill < 2 && f.chance(0.08):
			ill++
			fr.Ill, fr.IllOn = registry.Yes, f.daysAgo(25, 50)
			rec(f.daysAgo(100, 130), "入户走访", "了解生活情况")
			rec(f.daysAgo(55, 80), "电话联系", "询问近况")
			f.plant("I7-12", "低收入家庭「"+headName+"」住院后无跟进")
		default:
			rec(f.daysAgo(150, 200), "入户走访", "了解生活情况，落实临时救助")
			rec(f.daysAgo(5, 80), []string{"入户走访", "电话联系", "帮扶手册更新"}[f.r.IntN(3)], "走访了解收支情况，更新帮扶手册")
			if f.chance(0.1) {
				fr.Ill, fr.IllOn = registry.Yes, f.daysAgo(30, 60)
				rec(registry.DateOf(fr.IllOn.Time().AddDate(0, 0, f.between(2, 10))), "入户走访", "了解住院费用，协助申请医疗救助")
			}
		}
		rows = append(rows, fr)
	}
	for _, a := range f.houses {
		h := head(a)
		cat := ""
		switch {
		case a.Household.Tekun == registry.Yes:
			cat = "特困"
		case a.Household.Dibao == registry.Yes:
			cat = "低保"
		case a.Household.Monitored() && f.chance(0.2):
			cat = []string{"低保边缘", "刚性支出困难"}[f.r.IntN(2)]
		}
		if cat != "" && listfile.IDKey(h.IDNumber) != "" {
			add(a.Household.Village, h.Name, h.IDNumber, a.Size(), cat)
		}
	}
	// Families the registry does not hold: ordinary families civil affairs found.
	villages := map[region.Code]bool{}
	for _, a := range f.houses {
		villages[a.Household.Village] = true
	}
	var vs []region.Code
	for v := range villages {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	for k := 0; k < min(6, len(vs)); k++ {
		birth := time.Date(f.between(1950, 1985), time.Month(f.between(1, 12)), f.between(1, 28), 0, 0, 0, 0, time.UTC)
		add(vs[(k*13)%len(vs)], []string{"赵", "钱", "孙", "李", "周", "吴"}[k]+[]string{"福林", "秀兰", "建平", "玉梅", "长生", "桂英"}[k],
			idno.Make(f.county.Prefix(), birth, 900+k), f.between(1, 4), []string{"低保边缘", "刚性支出困难"}[k%2])
	}
	if len(rows) == 0 {
		return nil
	}
	as := store.NewAssistance(f.db)
	if err := as.PutFamilies(ctx, f.county, rows, demoSource, audit.Entry{}); err != nil {
		return err
	}
	if miss, err := as.PutRecords(ctx, f.county, recs, demoSource, audit.Entry{}); err != nil || len(miss) > 0 {
		return fmt.Errorf("records: %v %v", err, miss)
	}
	f.st.Families += len(rows)
	f.st.Records += len(recs)
	return nil
}

// loans makes the small loans of some target households, the loan wishes recorded at visits and
// the banks' rating list: a few loans overdue, a household that wanted a loan months ago and
// has none, monitored households left off the rating list.
func (f *followFill) loans(ctx context.Context) error {
	var loans []assistance.LoanRow
	var wishes []assistance.WishRow
	var rated []assistance.RatedRow
	overdue, waiting, unrated := 0, 0, 0
	year := f.today.Time().Year()
	for _, a := range f.houses {
		if !target(a) {
			continue
		}
		var borrower *registry.Person
		for i := range a.Persons {
			if p := &a.Persons[i]; f.mayBorrow(p) && listfile.IDKey(p.IDNumber) != "" {
				borrower = p
				break
			}
		}
		if borrower == nil {
			continue
		}
		no := a.Household.No
		if a.Household.Monitored() && unrated < 2 && f.chance(0.15) {
			unrated++
			f.plant("I7-15", "监测户 "+no+" 不在评级授信名单中")
		} else {
			rated = append(rated, assistance.RatedRow{Rated: assistance.Rated{HouseholdNo: no, Name: borrower.Name, IDNumber: borrower.IDNumber,
				Rating: []string{"AAA", "AA", "A"}[f.r.IntN(3)], Limit: registry.Yuan(50000), On: registry.NewDate(year-1, 3, 15)}})
		}
		loan := func(issued registry.Date) {
			l := assistance.LoanRow{Loan: assistance.Loan{ID: fmt.Sprintf("DK%s%05d", f.county.Prefix()[2:6], len(loans)+1),
				Village: a.Household.Village, HouseholdNo: no, Borrower: borrower.Name, BorrowerID: borrower.IDNumber,
				Bank:   []string{"甘肃省农村信用社", "中国农业银行", "中国邮政储蓄银行"}[f.r.IntN(3)],
				Amount: registry.Yuan(int64(f.between(1, 5)) * 10000), Issued: issued, Due: registry.DateOf(issued.Time().AddDate(3, 0, 0)),
				Use: []string{"养殖", "种植", "农产品加工", "乡村旅游"}[f.r.IntN(4)], Status: "正常"}}
			switch {
			case overdue < 2 && issued.Time().Year() == year-3 && f.chance(0.5):
				overdue++
				l.Status, l.Overdue = "逾期", l.Amount/2
				f.plant("I7-16", "贷款 "+l.ID+" 逾期")
			case l.Due.Before(f.today):
				l.Status, l.Repaid = "已还清", l.Due
			}
			loans = append(loans, l)
		}
		switch {
		case f.chance(0.1):
			loan(registry.NewDate(year-f.between(0, 3), time.Month(f.between(1, 12)), f.between(1, 28)))
		case f.chance(0.06):
			on := f.daysAgo(20, 150)
			wishes = append(wishes, assistance.WishRow{Wish: assistance.Wish{HouseholdNo: no, On: on, Wants: registry.Yes, Note: "发展养殖", By: "帮扶干部"}})
			switch {
			case waiting < 2 && daysSince(on, f.today) > 90:
				waiting++
				f.plant("I7-14", "户 "+no+" 走访时登记有贷款意愿，至今未获贷款")
			case daysSince(on, f.today) > 30:
				loan(registry.DateOf(on.Time().AddDate(0, 0, 25)))
			}
		case f.chance(0.05):
			wishes = append(wishes, assistance.WishRow{Wish: assistance.Wish{HouseholdNo: no, On: f.daysAgo(20, 150), Wants: registry.No,
				Note: "暂无资金需求", By: "帮扶干部"}})
		}
	}
	as := store.NewAssistance(f.db)
	for _, put := range []func() ([]listfile.Miss, error){
		func() ([]listfile.Miss, error) { return as.PutLoans(ctx, f.county, loans, demoSource, audit.Entry{}) },
		func() ([]listfile.Miss, error) { return as.PutWishes(ctx, f.county, wishes, audit.Entry{}) },
		func() ([]listfile.Miss, error) { return as.PutRatings(ctx, f.county, rated, audit.Entry{}) },
	} {
		if miss, err := put(); err != nil || len(miss) > 0 {
			return fmt.Errorf("loans: %v %v", err, miss)
		}
	}
	f.st.Loans += len(loans)
	f.st.Wishes += len(wishes)
	f.st.Ratings += len(rated)
	return nil
}

// mayBorrow reports whether a person may borrow a small loan: current, able to work (普通, 技能,
// 弱或半) and 18–65 years old, as the rules read the policy's defaults.
func (f *followFill) mayBorrow(p *registry.Person) bool {
	if !p.Current() || p.Birth.IsZero() {
		return false
	}
	switch p.LabourSkill {
	case "普通劳动力", "技能劳动力", "弱劳动力或半劳动力":
	default:
		return false
	}
	age := idno.Age(p.Birth.Time(), f.today.Time())
	return age >= 18 && age <= 65
}

// poorOrdinary lowers the income of one ordinary household of the county that no list helps
// to 6,200 元 a head this year, below the low-income line, and writes it back to the registry.
func (f *followFill) poorOrdinary(ctx context.Context) error {
	year := f.today.Time().Year()
	for _, a := range f.houses {
		h := &a.Household
		in := a.Income(year)
		if target(a) || h.Dibao == registry.Yes || h.Tekun == registry.Yes || in == nil || a.Size() < 2 {
			continue
		}
		if slices.ContainsFunc(a.Persons, func(p registry.Person) bool { return p.Dibao == registry.Yes || p.Tekun == registry.Yes }) {
			continue
		}
		size := in.Size
		if size <= 0 {
			size = a.Size()
		}
		*in = registry.Income{HouseholdNo: in.HouseholdNo, Year: year, Wages: registry.Yuan(int64(6200 * size)), Size: in.Size,
			Uncollected: in.Uncollected}
		if err := store.NewRegistry(f.db).Put(ctx, a); err != nil {
			return err
		}
		f.plant("I7-11", "一般农户 "+h.No+" 人均纯收入 6,200 元，不在低收入人口名单中")
		return nil
	}
	return nil
}

func daysSince(d, today registry.Date) int { return int(today.Time().Sub(d.Time()).Hours() / 24) }
