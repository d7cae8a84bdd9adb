package rules

import (
	"fmt"
	"strings"

	"github.com/gonggu/gonggu/internal/employment"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Indicator 6, public-welfare posts as posts (公益性岗位台账 of every department): one person
// holding posts of several departments, found by the ID number whatever each department calls
// the person; a village whose posts reach its labour (人均一岗); posts of a township or county
// shrinking against last year; a holder working out of the province; pay left unpaid.
var _ = registerObjects(
	&ObjectRule{
		ID: "I6-17", Indicator: 6, Severity: High, Kind: employment.KindPost,
		Title:   "同一人跨部门担任多个公益性岗位",
		Explain: "证件号码相同的同一人同时在岗 %d 个公益性岗位：%s，每人最多 %d 个",
		Params:  []policy.Name{policy.PostsPerPerson},
		Basis: "公益性岗位实行“一人一岗”，乡村振兴、人社、林草（生态护林员）、交通、水利等部门开发的岗位不得重复聘用同一人、重复发放补贴（各地公益性岗位管理办法，后评估“就业帮扶”指标）；" +
			"各部门台账按证件号码前 18 位比对，姓名写法不同（同音字、空格、生僻字）也视为同一人",
		Fix:      "由县乡村振兴部门牵头，会同相关部门核实本人实际履职的岗位，保留一个，其余岗位解聘并停发、追回重复发放的补贴，在各部门台账中更新离岗日期",
		Practice: []string{"O 公益岗位人员年龄、劳动能力、月数不符或一人多岗"},
		Cases: []ObjectCase{
			{Desc: "王建国只在乡村振兴局的保洁员岗位上", Object: postCase()},
			{Desc: "王建国担任乡村振兴局的保洁员，林草局的生态护林员台账中登记为「王建囯」（证件号码相同）", Object: postCase(alsoPost("L-0032", "林草", "生态护林员", "王建囯")), Fires: true},
			{Desc: "同上，但本岗位的编号排在后面：问题只在编号最小的岗位上报告一次", Object: postCase(alsoPost("L-0032", "林草", "生态护林员", "王建囯"), notFirst)},
			{Desc: "王建国另在交通局的护路员岗位上（该岗位已于上月离岗，不在台账的在岗岗位中）", Object: postCase()},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := o.(*employment.PostObject)
			max := c.P.Int(policy.PostsPerPerson)
			if !p.First || len(p.Others)+1 <= max {
				return
			}
			all := append([]employment.Post{p.Post}, p.Others...)
			var list []string
			for _, x := range all {
				list = append(list, fmt.Sprintf("%s「%s」（%s，登记姓名「%s」）", x.Department, blankAs(x.Title, x.Type), x.ID, x.Holder))
			}
			emit(p.ID(), len(all), joinCN(list), max)
		},
	},
	&ObjectRule{
		ID: "I6-18", Indicator: 6, Severity: Medium, Kind: employment.KindVillagePosts,
		Title:   "村公益性岗位“人均一岗”",
		Explain: "%s在岗公益性岗位 %d 个，有劳动能力的脱贫人口和监测对象 %d 人，岗位数达到其 %s（%d%% 即预警），存在“人均一岗”、以岗代保的倾向",
		Params:  []policy.Name{policy.PostLabourPct},
		Basis: "公益性岗位用于托底安置就业困难的脱贫劳动力，不得“人均一岗”、以岗代保，更不能变成普惠性福利（后评估“就业帮扶”指标）；" +
			"有劳动能力指现有成员中劳动技能为普通、技能或弱劳动力（半劳动力）",
		Fix: "按“因事设岗、以岗定人”重新核定本村岗位，优先保留确有就业困难、无法外出的人员，其余人员通过务工、产业等开发式帮扶就业，岗位不再续聘",
		Cases: []ObjectCase{
			{Desc: "村里 8 个岗位，有劳动能力的帮扶对象 60 人", Object: villagePosts(8, 60)},
			{Desc: "村里 59 个岗位，有劳动能力的帮扶对象 60 人（98%）", Object: villagePosts(59, 60)},
			{Desc: "村里 60 个岗位，有劳动能力的帮扶对象 60 人", Object: villagePosts(60, 60), Fires: true},
			{Desc: "村里 3 个岗位，没有有劳动能力的帮扶对象", Object: villagePosts(3, 0), Fires: true},
		},
		Check: func(c *Context, o Object, emit Emit) {
			v := o.(*employment.VillagePosts)
			pct := c.P.Int(policy.PostLabourPct)
			if v.Posts > 0 && v.Posts*100 >= v.Labour*pct {
				share := "全部（无有劳动能力的帮扶对象）"
				if v.Labour > 0 {
					share = fmt.Sprintf("%d%%", v.Posts*100/v.Labour)
				}
				emit(v.ID(), v.Name, v.Posts, v.Labour, share, pct)
			}
		},
	},
	&ObjectRule{
		ID: "I6-19", Indicator: 6, Severity: Medium, Kind: employment.KindPostRegion,
		Title:   "公益性岗位数较上年明显减少",
		Explain: "%s在岗公益性岗位 %d 个，上年同日 %d 个，减少 %d%%（超过 %d%% 即预警）",
		Params:  []policy.Name{policy.PostDropPct},
		Basis:   "过渡期内保持公益性岗位规模总体稳定，岗位大幅减少可能使安置在岗位上的脱贫人口失去收入（后评估“就业帮扶”指标：岗位少于上年）；按各部门台账中上岗、离岗日期统计当日和上年同日的在岗岗位",
		Fix:     "核实岗位减少的原因：到期未续聘的，评估原在岗人员的就业和收入，确需安置的及时续聘或另行安置；台账漏登的补录",
		Cases: []ObjectCase{
			{Desc: "乡镇在岗岗位 95 个，上年同日 100 个（减少 5%）", Object: postRegion(95, 100)},
			{Desc: "乡镇在岗岗位 90 个，上年同日 100 个（减少 10%，未超过）", Object: postRegion(90, 100)},
			{Desc: "乡镇在岗岗位 89 个，上年同日 100 个（减少 11%）", Object: postRegion(89, 100), Fires: true},
			{Desc: "乡镇上年同日没有岗位，今年 12 个", Object: postRegion(12, 0)},
		},
		Check: func(c *Context, o Object, emit Emit) {
			r := o.(*employment.PostRegion)
			pct := c.P.Int(policy.PostDropPct)
			if r.Then > 0 && (r.Then-r.Now)*100 > r.Then*pct {
				emit(r.ID(), r.Name, r.Now, r.Then, (r.Then-r.Now)*100/r.Then, pct)
			}
		},
	},
	&ObjectRule{
		ID: "I6-20", Indicator: 6, Severity: High, Kind: employment.KindPost,
		Title:   "公益性岗位人员在省外务工",
		Explain: "%s的在岗人员「%s」，农户信息中务工所在地为「%s」（%s），务工 %d 个月（%d 个月即预警），无法在岗履职",
		Params:  []policy.Name{policy.AwayMonths},
		Basis: "公益性岗位人员须在本地在岗履职，长期在省外务工的人挂名领取岗位补贴即属虚设岗位（后评估“就业帮扶”指标：岗位人员在外务工）；" +
			"按证件号码前 18 位找到农户信息中的本人，读取其务工所在地和务工时间",
		Fix:      "核实本人是否在岗：确在外务工的，解聘岗位、停发并追回补贴，另聘在家的就业困难人员；确在岗的，更正农户信息中的务工所在地",
		Practice: []string{"O 县外务工但就业渠道为公益岗位或帮扶车间"},
		Cases: []ObjectCase{
			{Desc: "岗位人员在本乡镇务工", Object: postCase(holderWorks("通渭县平襄镇", 10))},
			{Desc: "岗位人员务工所在地「浙江省宁波市鄞州区」，务工 8 个月", Object: postCase(holderWorks("浙江省宁波市鄞州区", 8)), Fires: true},
			{Desc: "岗位人员务工所在地「境外」，务工 6 个月", Object: postCase(holderWorks("境外", 6)), Fires: true},
			{Desc: "岗位人员务工所在地「省外」，务工 5 个月（不足 6 个月）", Object: postCase(holderWorks("省外", 5))},
			{Desc: "岗位人员在「兰州市城关区」（省内县外）务工 10 个月", Object: postCase(holderWorks("兰州市城关区", 10))},
			{Desc: "农户信息中没有这个证件号码的人", Object: postCase(func(p *employment.PostObject) { p.Holder = nil })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := o.(*employment.PostObject)
			h := p.Holder
			if h == nil || strings.TrimSpace(h.WorkLocation) == "" {
				return
			}
			area := workAreaOf(c, h.WorkLocation, h.Home)
			if months := c.P.Int(policy.AwayMonths); (area == region.AreaOtherProvince || area == region.AreaAbroad) && h.WorkMonths.N >= months {
				emit(p.ID(), p.Label(), p.Post.Holder, h.WorkLocation, area, h.WorkMonths.N, months)
			}
		},
	},
	&ObjectRule{
		ID: "I6-21", Indicator: 6, Severity: Medium, Kind: employment.KindPost,
		Title:   "公益性岗位补贴长期未发放",
		Explain: "%s（在岗人员「%s」）%s，已有 %d 个月的岗位补贴未发放（%d 个月即预警）",
		Params:  []policy.Name{policy.PostUnpaidMonths},
		Basis: "公益性岗位补贴应按月考核、按月足额发放，拖欠补贴使岗位失去托底作用（后评估“就业帮扶”指标）；" +
			"只在县里建有岗位补贴发放记录时判断：上岗后每个已过去的月份都应有实发金额",
		Fix: "核实补贴未发放的原因（考核未通过、资金未到位、账户问题），落实资金后补发并登记发放记录；人员实际未在岗的，按规定解聘",
		Cases: []ObjectCase{
			{Desc: "补贴发放到 2026 年 10 月（11 月尚未到发放时间）", Object: postCase(paidUpTo(2026, 10))},
			{Desc: "补贴发放到 2026 年 8 月，9、10 月未发放（2 个月）", Object: postCase(paidUpTo(2026, 8))},
			{Desc: "补贴发放到 2026 年 7 月，8、9、10 月未发放（3 个月）", Object: postCase(paidUpTo(2026, 7)), Fires: true},
			{Desc: "2026 年 3 月上岗，从未发放过补贴", Object: postCase(paidUpTo(0, 0)), Fires: true},
			{Desc: "2026 年 9 月上岗，从未发放过补贴（9、10 月，2 个月）", Object: postCase(paidUpTo(0, 0), func(p *employment.PostObject) { p.Start = registry.NewDate(2026, 9, 1) })},
			{Desc: "县里没有建立补贴发放记录（未采集）", Object: postCase(func(p *employment.PostObject) { p.PaysKept, p.LastPaid = false, registry.Month{} })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := o.(*employment.PostObject)
			if !p.PaysKept {
				return
			}
			ref := c.RefMonth()
			var unpaid int
			var since string
			switch {
			case !p.LastPaid.IsZero():
				unpaid, since = p.LastPaid.MonthsUntil(ref)-1, "补贴发放到 "+p.LastPaid.String()
			case !p.Start.IsZero():
				unpaid, since = registry.MonthOf(p.Start.Time()).MonthsUntil(ref), p.Start.String()+" 上岗后从未发放补贴"
			default:
				return
			}
			if n := c.P.Int(policy.PostUnpaidMonths); unpaid >= n {
				emit(p.ID(), p.Label(), p.Post.Holder, since, unpaid, n)
			}
		},
	},
)

// workAreaOf resolves a work place relative to a household's village as the house facts do.
func workAreaOf(c *Context, place string, home region.Code) region.WorkArea {
	if c.Places != nil {
		area, _, _ := c.Places.WorkArea(place, home)
		return area
	}
	return region.WorkArea(strings.TrimSpace(place))
}

// postCase is a 乡村振兴 保洁员 post in force since 2026-03 held by 王建国 of the casebook's
// village, who works in his own township; its pay is recorded and paid up to 2026-10. The
// options change it.
func postCase(opts ...func(*employment.PostObject)) func() Object {
	return func() Object {
		p := &employment.PostObject{
			Post: employment.Post{ID: "X-0107", County: region.Code(village).County(), Village: village, Type: "乡村公益性岗位", Title: "保洁员",
				Department: "乡村振兴", Unit: "石滩村民委员会", Pay: registry.Yuan(600), Start: registry.NewDate(2026, 3, 1),
				Holder: "王建国", HolderID: headKey},
			Key: headKey, First: true, PaysKept: true, LastPaid: registry.NewMonth(2026, 10),
			Holder: &employment.HolderFact{HouseholdNo: hhNo, Name: "王建国", Home: village, WorkLocation: "通渭县平襄镇",
				WorkMonths: registry.CountOf(10), Target: true},
		}
		for _, o := range opts {
			o(p)
		}
		return p
	}
}

// alsoPost gives the holder another post in force, of another department, under the name as
// that department spells it.
func alsoPost(id, department, title, name string) func(*employment.PostObject) {
	return func(p *employment.PostObject) {
		p.Others = append(p.Others, employment.Post{ID: id, County: p.County, Village: p.Village, Type: "乡村公益性岗位", Title: title,
			Department: department, Holder: name, HolderID: p.HolderID, Start: registry.NewDate(2025, 1, 1)})
	}
}

func notFirst(p *employment.PostObject) { p.First = false }

func holderWorks(place string, months int) func(*employment.PostObject) {
	return func(p *employment.PostObject) {
		p.Holder.WorkLocation, p.Holder.WorkMonths = place, registry.CountOf(months)
	}
}

func paidUpTo(y, m int) func(*employment.PostObject) {
	return func(p *employment.PostObject) {
		p.LastPaid = registry.Month{}
		if y > 0 {
			p.LastPaid = registry.NewMonth(y, monthOf(m))
		}
	}
}

func villagePosts(posts, labour int) func() Object {
	return func() Object {
		return &employment.VillagePosts{Village: village, Name: "石滩村", Posts: posts, Labour: labour}
	}
}

func postRegion(now, then int) func() Object {
	return func() Object {
		return &employment.PostRegion{Code: region.Code(village).Up(region.Township), Name: "平襄镇", Now: now, Then: then}
	}
}
