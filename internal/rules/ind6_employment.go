package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Indicator 6: employment, the rules the registry's person data decides: phones shared across
// households or by members working in different places (a sign of made-up employment
// records), public-welfare posts held twice, without months or by people who cannot hold
// them, work places that contradict the post or the measure, employment measures without
// anyone working, and able people without work (PRACTICE.md O).
var ind6 = []*Rule{
	{
		ID: "I6-01", Indicator: 6, Severity: Medium, Subject: Person,
		Title:   "同一联系电话登记在多户人员名下",
		Explain: "%s 的联系电话同时登记在 %d 户的人员名下（达到 %d 户即预警），务工等信息可能不实",
		Params:  []policy.Name{policy.SharedPhoneMin},
		Reads:   []registry.Field{registry.PPhone},
		Basis: "后评估“就业帮扶”指标核查务工信息的真实性：同一手机号码登记在多户人员名下，多为代填、虚报务工信息（县级核查做法）；" +
			"号码去掉空格、横线、+86 等写法差异后比较",
		Fix:      "逐一电话核实这些成员本人的联系电话并更正；属于代填或虚报务工信息的，按入户核实的实际情况更正务工所在地、务工时间",
		Practice: []string{"O 同一电话登记在多户或户内不同务工地"},
		Cases: []Case{
			{Desc: "户主的电话 13912345678 只登记在本户", World: phoneWorld(1)},
			{Desc: "户主的电话同时登记在 2 户的人员名下（未达到 3 户）", World: phoneWorld(2)},
			{Desc: "户主的电话同时登记在 3 户的人员名下", World: phoneWorld(3), Fires: []string{"P1"}},
			{Desc: "户主的电话写作「+86 139-1234-5678」，这个号码（不论写法）登记在 3 户", Set: phoneIs(0, "+86 139-1234-5678"), World: phoneWorld(3), Fires: []string{"P1"}},
			{Desc: "户主的电话写作「１３９ １２３４ ５６７８」（全角数字），登记在 3 户", Set: phoneIs(0, "１３９ １２３４ ５６７８"), World: phoneWorld(3), Fires: []string{"P1"}},
			{Desc: "户主已去世，他的电话登记在 5 户", Set: person(0, func(p *registry.Person) { p.DeceasedOn = registry.NewDate(2026, 1, 1) }), World: phoneWorld(5)},
			{Desc: "户主的电话填「无」", Set: phoneIs(0, "无"), World: fakeWorld{phones: map[string]int{"无": 9}}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			min := c.P.Int(policy.SharedPhoneMin)
			for _, m := range h.Members {
				if p := idno.NormalizePhone(m.Phone); p != "" {
					if n := c.World.PhoneHouseholds(p); n >= min {
						emit(m.No, m.Name, n, min)
					}
				}
			}
		},
	},
	{
		ID: "I6-02", Indicator: 6, Severity: Medium, Subject: Person,
		Title:   "省外务工却担任乡村公益性岗位",
		Explain: "%s 务工所在地为「%s」，却登记担任「%s」，务工地点与岗位矛盾",
		Reads:   []registry.Field{registry.PWorkLocation, registry.PPostType},
		Basis:   "乡村公益性岗位安置本村就业困难的脱贫人口和监测对象在本地从事保洁、护林、护路等工作，须在岗履职；在省外或境外务工的人无法在岗（后评估“就业帮扶”指标，县级核查做法）",
		Fix:     "核实本人实际在岗还是在外务工：在外务工的，按岗位管理办法解聘、停发岗位补贴，更正公益性岗位类型和月数；确在本地上岗的，更正务工所在地",
		Cases: []Case{
			{Desc: "户主在「省外」务工，没有公益性岗位"},
			{Desc: "户主务工所在地「省外」，同时担任乡村公益性岗位 10 个月", Set: post(0, "乡村公益性岗位", 10), Fires: []string{"P1"}},
			{Desc: "户主务工所在地「境外」，同时担任乡村公益性岗位", Set: both(post(0, "乡村公益性岗位", 10), atWork(0, "境外", 10)), Fires: []string{"P1"}},
			{Desc: "户主务工所在地「兰州市城关区」（省内县外：本规则只查省外、境外），担任乡村公益性岗位", Set: both(post(0, "乡村公益性岗位", 10), atWork(0, "兰州市城关区", 10))},
			{Desc: "妻子在「通渭县马营镇」（县内乡外）务工，担任乡村公益性岗位", Set: both(post(1, "乡村公益性岗位", 10), atWork(1, "通渭县马营镇", 8))},
			{Desc: "户主在「省外」务工，担任城镇公益性岗位（安置地的岗位）", Set: post(0, "城镇公益性岗位", 10)},
		},
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if (m.WorkArea == region.AreaOtherProvince || m.WorkArea == region.AreaAbroad) && strings.Contains(m.PostType, "乡村") {
					emit(m.No, m.Name, m.WorkLocation, m.PostType)
				}
			}
		},
	},
	{
		ID: "I6-03", Indicator: 6, Severity: High, Subject: Person,
		Title:    "一人多岗",
		Explain:  "%s 登记了 %d 个公益性岗位%s，每人最多 %d 个",
		Params:   []policy.Name{policy.PostsPerPerson},
		Reads:    []registry.Field{registry.PPostType, registry.PIDNumber},
		Basis:    "公益性岗位实行“一人一岗”，不得一人多岗、重复领取岗位补贴（各地公益性岗位管理办法，后评估“就业帮扶”指标）；按证件号码前 18 位在全部登记人员中比对",
		Fix:      "核实本人实际在哪个岗位履职，保留一个岗位，其余岗位解聘并停发、追回重复发放的岗位补贴，更正公益性岗位类型",
		Practice: []string{"O 公益岗位人员年龄、劳动能力、月数不符或一人多岗"},
		Cases: []Case{
			{Desc: "妻子担任乡村公益性岗位 10 个月", Set: post(1, "乡村公益性岗位", 10)},
			{Desc: "妻子的公益性岗位类型为「乡村公益性岗位,其他公益性岗位」", Set: post(1, "乡村公益性岗位,其他公益性岗位", 10), Fires: []string{"P2"}},
			{Desc: "妻子担任乡村公益性岗位，她的证件号码在另一户也登记了公益性岗位", Set: post(1, "乡村公益性岗位", 10), World: postsWorld(1, 2), Fires: []string{"P2"}},
			{Desc: "妻子担任乡村公益性岗位，她的证件号码在另一户也有登记，但那里没有岗位", Set: post(1, "乡村公益性岗位", 10), World: postsWorld(1, 1)},
		},
		Check: func(c *Context, h *House, emit Emit) {
			max := c.P.Int(policy.PostsPerPerson)
			for _, m := range h.Members {
				if m.PostType == "" {
					continue
				}
				own := len(registry.SplitMulti(m.PostType))
				n, where := own, ""
				if m.Key != "" {
					// Other households are counted, not named: the reader may not see them.
					if _, posts := c.World.IDHolders(m.Key); posts > 1 {
						n = own + posts - 1
						where = fmt.Sprintf("（其中 %d 个登记在其他户）", posts-1)
					}
				}
				if n > max {
					emit(m.No, m.Name, n, where, max)
				}
			}
		},
	},
	{
		ID: "I6-04", Indicator: 6, Severity: Medium, Subject: Person,
		Title:    "公益性岗位无务工月数",
		Explain:  "%s 登记担任「%s」，但公益性岗位月数为%s",
		Needs:    []registry.Field{registry.PPostMonths},
		Reads:    []registry.Field{registry.PPostType},
		Basis:    "公益性岗位按月考核、按月发放补贴，在岗人员应登记在岗月数（县级核查：岗位月数为空或 0）",
		Fix:      "按岗位考勤和补贴发放记录补录公益性岗位月数；实际未上岗的，删除公益性岗位类型",
		Practice: []string{"O 公益岗位人员年龄、劳动能力、月数不符或一人多岗"},
		Cases: []Case{
			{Desc: "妻子担任乡村公益性岗位，公益性岗位(月数) 1", Set: post(1, "乡村公益性岗位", 1)},
			{Desc: "妻子担任乡村公益性岗位，公益性岗位(月数) 0", Set: post(1, "乡村公益性岗位", 0), Fires: []string{"P2"}},
			{Desc: "妻子担任乡村公益性岗位，公益性岗位(月数) 为空", Set: person(1, func(p *registry.Person) { p.PostType = "乡村公益性岗位" }), Fires: []string{"P2"}},
			{Desc: "妻子担任乡村公益性岗位，导出表没有公益性岗位(月数) 一列（未采集）",
				Set: both(person(1, func(p *registry.Person) { p.PostType = "乡村公益性岗位" }), notCollected(registry.PPostMonths))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if m.PostType != "" && (!m.PostMonths.Valid || m.PostMonths.N <= 0) {
					emit(m.No, m.Name, m.PostType, blankAs(m.PostMonths.String(), "空"))
				}
			}
		},
	},
	{
		ID: "I6-05", Indicator: 6, Severity: Medium, Subject: Person,
		Title:    "有公益性岗位月数但无岗位",
		Explain:  "%s 的公益性岗位月数为 %d，但没有登记公益性岗位类型",
		Needs:    []registry.Field{registry.PPostType},
		Reads:    []registry.Field{registry.PPostMonths},
		Basis:    "公益性岗位月数只对在岗人员登记（县级核查：有岗位月数而无公益性岗位类型）",
		Fix:      "核实本人是否担任公益性岗位：担任的补录公益性岗位类型，未担任的把公益性岗位月数清空",
		Practice: []string{"O 公益岗位人员年龄、劳动能力、月数不符或一人多岗"},
		Cases: []Case{
			{Desc: "妻子没有公益性岗位，岗位月数 0", Set: post(1, "", 0)},
			{Desc: "妻子没有公益性岗位类型，岗位月数 1", Set: post(1, "", 1), Fires: []string{"P2"}},
			{Desc: "妻子没有公益性岗位类型，岗位月数 6", Set: post(1, "", 6), Fires: []string{"P2"}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if m.PostType == "" && m.PostMonths.N > 0 {
					emit(m.No, m.Name, m.PostMonths.N)
				}
			}
		},
	},
	{
		ID: "I6-06", Indicator: 6, Severity: Medium, Subject: Person,
		Title:    "公益性岗位人员年龄不符",
		Explain:  "%s %d 岁，担任「%s」，不在 %d–%d 岁的范围内",
		Params:   []policy.Name{policy.PostAgeMin, policy.PostAgeMax},
		Reads:    []registry.Field{registry.PPostType, registry.PIDNumber, registry.PBirth},
		Basis:    "公益性岗位人员应在法定劳动年龄内，新聘一般不超过 60 岁，最多放宽到 65 岁，不得聘用未满 16 岁的人（各地公益性岗位管理办法）",
		Fix:      "核实证件号码和出生日期：登记有误的更正；确不在年龄范围内的，按规定解聘、另行安置",
		Practice: []string{"O 公益岗位人员年龄、劳动能力、月数不符或一人多岗"},
		Cases: []Case{
			{Desc: "妻子 43 岁，担任乡村公益性岗位", Set: post(1, "乡村公益性岗位", 10)},
			{Desc: "儿子初中毕业，今天满 16 岁，担任乡村公益性岗位", Set: both(leftSchool(2, 2010, 11, 28), post(2, "乡村公益性岗位", 10))},
			{Desc: "儿子初中毕业，15 岁（明天满 16 岁），担任乡村公益性岗位", Set: both(leftSchool(2, 2010, 11, 29), post(2, "乡村公益性岗位", 10)), Fires: []string{"P3"}},
			{Desc: "户主今天满 65 岁，担任乡村公益性岗位", Set: both(post(0, "乡村公益性岗位", 10), born(0, 1961, 11, 28))},
			{Desc: "户主 66 岁，担任乡村公益性岗位", Set: both(post(0, "乡村公益性岗位", 10), born(0, 1960, 11, 28)), Fires: []string{"P1"}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			lo, hi := c.P.Int(policy.PostAgeMin), c.P.Int(policy.PostAgeMax)
			for _, m := range h.Members {
				if m.PostType != "" && m.AgeKnown && (m.Age < lo || m.Age > hi) {
					emit(m.No, m.Name, m.Age, m.PostType, lo, hi)
				}
			}
		},
	},
	{
		ID: "I6-07", Indicator: 6, Severity: Medium, Subject: Person,
		Title:    "无劳动能力人员担任公益性岗位",
		Explain:  "%s 的劳动技能为「%s」，却登记担任「%s」",
		Reads:    []registry.Field{registry.PPostType, registry.PLabourSkill},
		Basis:    "公益性岗位安置有劳动能力的就业困难人员，须能履行岗位职责（县级核查：丧失劳动力或无劳动力的人担任公益性岗位）",
		Fix:      "入户核实本人能否履职：劳动技能登记有误的更正；确无劳动能力的，解聘岗位，改以低保等兜底保障",
		Practice: []string{"O 公益岗位人员年龄、劳动能力、月数不符或一人多岗"},
		Cases: []Case{
			{Desc: "妻子是普通劳动力，担任乡村公益性岗位", Set: post(1, "乡村公益性岗位", 10)},
			{Desc: "妻子是弱劳动力或半劳动力，担任乡村公益性岗位", Set: both(post(1, "乡村公益性岗位", 10), skillOf(1, "弱劳动力或半劳动力"))},
			{Desc: "妻子丧失劳动力，担任乡村公益性岗位", Set: both(post(1, "乡村公益性岗位", 10), skillOf(1, "丧失劳动力")), Fires: []string{"P2"}},
			{Desc: "妻子无劳动力，担任乡村公益性岗位", Set: both(post(1, "乡村公益性岗位", 10), skillOf(1, "无劳动力")), Fires: []string{"P2"}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if m.PostType != "" && m.NoLabour {
					emit(m.No, m.Name, m.LabourSkill, m.PostType)
				}
			}
		},
	},
	{
		ID: "I6-08", Indicator: 6, Severity: Medium, Subject: Household,
		Title:   "一户多岗",
		Explain: "一户有 %d 人担任公益性岗位（%s），每户最多 %d 个",
		Params:  []policy.Name{policy.PostsPerHousehold},
		Reads:   []registry.Field{registry.PPostType},
		Basis:   "公益性岗位原则上一户一岗，优先安置没有其他就业门路的家庭（各地公益性岗位管理办法）",
		Fix:     "核实家庭就业情况，按一户一岗调整：保留一个岗位，其余岗位让给其他就业困难家庭；确有特殊情况的，附县级批准材料作例外说明",
		Cases: []Case{
			{Desc: "妻子担任乡村公益性岗位", Set: post(1, "乡村公益性岗位", 10)},
			{Desc: "户主担任城镇公益性岗位，妻子担任乡村公益性岗位", Set: both(post(1, "乡村公益性岗位", 10), post(0, "城镇公益性岗位", 10)), Fires: []string{hhNo}},
			{Desc: "妻子担任乡村公益性岗位，担任过岗位的户主已迁出", Set: both(post(1, "乡村公益性岗位", 10), post(0, "城镇公益性岗位", 10),
				person(0, func(p *registry.Person) { p.LeftOn = registry.NewDate(2026, 3, 1) }))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			var names []string
			for _, m := range h.Members {
				if m.PostType != "" {
					names = append(names, m.Name)
				}
			}
			if max := c.P.Int(policy.PostsPerHousehold); len(names) > max {
				emit(h.H.No, len(names), joinCN(names), max)
			}
		},
	},
	{
		ID: "I6-09", Indicator: 6, Severity: Low, Subject: Person,
		Title:    "县外务工但就业渠道为公益岗位或帮扶车间",
		Explain:  "%s 务工所在地为「%s」，就业渠道却是「%s」",
		Reads:    []registry.Field{registry.PWorkLocation, registry.PWorkChannel},
		Basis:    "公益性岗位和就业帮扶车间都在本地吸纳就业，就业渠道为这两者的人应在县内务工（县级核查做法）",
		Fix:      "核实本人的实际务工地点和就业渠道，更正务工所在地或就业渠道",
		Practice: []string{"O 县外务工但就业渠道为公益岗位或帮扶车间"},
		Cases: []Case{
			{Desc: "妻子在「通渭县马营镇」（县内乡外）务工，就业渠道「公益性岗位」", Set: both(atWork(1, "通渭县马营镇", 8), jobOf(1, "", "公益性岗位"))},
			{Desc: "妻子在「兰州市城关区」（省内县外）务工，就业渠道「公益性岗位」", Set: both(atWork(1, "兰州市城关区", 8), jobOf(1, "", "公益性岗位")), Fires: []string{"P2"}},
			{Desc: "妻子务工所在地「境外」，就业渠道「就业帮扶车间」", Set: both(atWork(1, "境外", 8), jobOf(1, "某车间", "就业帮扶车间")), Fires: []string{"P2"}},
			{Desc: "妻子在「省外」务工，就业渠道「企业招聘」", Set: both(atWork(1, "省外", 8), jobOf(1, "某电子厂", "企业招聘"))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				switch m.WorkArea {
				case region.AreaProvince, region.AreaOtherProvince, region.AreaAbroad:
					if strings.Contains(m.WorkChannel, "公益") || strings.Contains(m.WorkChannel, "车间") {
						emit(m.No, m.Name, m.WorkLocation, m.WorkChannel)
					}
				}
			}
		},
	},
	{
		ID: "I6-10", Indicator: 6, Severity: Medium, Subject: Person,
		Title:   "有劳动能力的帮扶对象无业且无开发式帮扶",
		Explain: "%s %d 岁，劳动技能为「%s」，没有务工或公益性岗位；家庭没有产业、就业、金融或公益岗位帮扶，%d 年生产经营性收入为 0",
		Params:  []policy.Name{policy.WorkAgeMin, policy.WorkAgeMax},
		Needs:   []registry.Field{registry.HMeasures, registry.PWorkLocation, registry.PWorkMonths, registry.PPostType, registry.IBusiness},
		Reads:   []registry.Field{registry.PLabourSkill, registry.PSchoolStatus, registry.PIDNumber},
		Basis: "对有劳动能力的脱贫人口和监测对象应落实开发式帮扶，促其就业增收（后评估“就业帮扶”指标：有劳动能力的帮扶对象既无就业也无就业帮扶）；" +
			"在家务农也是就业：有产业帮扶或生产经营性收入的不报告",
		Fix: "入户核实本人的就业意愿和实际情况：在外务工或在家从事种养的，补录务工信息、产业帮扶和生产经营性收入；" +
			"确实无业的，落实就业帮扶（岗位推荐、技能培训、劳务输出）或产业帮扶",
		Practice: []string{"M 有劳动力无开发式措施、仅综合保障、仅象征性措施"},
		Cases: []Case{
			{Desc: "妻子在家务农（没有务工、没有公益性岗位），家庭没有帮扶措施，2026 年生产经营性收入 5,000 元", Set: notWorking(1)},
			{Desc: "妻子在家，没有帮扶措施，2026 年生产经营性收入 0", Set: both(notWorking(1), businessIn(2026, 0)), Fires: []string{"P2"}},
			{Desc: "妻子在家，生产经营性收入 0，家庭有产业帮扶「养殖补贴」", Set: both(notWorking(1), businessIn(2026, 0), withMeasure(registry.MeasureIndustry, "养殖补贴"))},
			{Desc: "妻子在家，生产经营性收入 0，家庭有金融帮扶「小额信贷」", Set: both(notWorking(1), businessIn(2026, 0), withMeasure(registry.MeasureFinance, "小额信贷"))},
			{Desc: "妻子在家，生产经营性收入 0，家庭只有综合保障「农村低保」", Set: both(notWorking(1), businessIn(2026, 0), social("农村低保")), Fires: []string{"P2"}},
			{Desc: "妻子在家，生产经营性收入 0，今天满 60 岁（超过劳动年龄 16–59 岁）", Set: both(notWorking(1), businessIn(2026, 0), born(1, 1966, 11, 28))},
			{Desc: "妻子在家，生产经营性收入 0，59 岁（明天满 60 岁）", Set: both(notWorking(1), businessIn(2026, 0), born(1, 1966, 11, 29)), Fires: []string{"P2"}},
			{Desc: "一般农户，妻子在家，生产经营性收入 0", From: ordinary, Set: both(notWorking(1), businessIn(2026, 0))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			if !h.Target || h.HasDevelopment() || h.Income == nil || h.Income.Business > 0 {
				return
			}
			lo, hi := c.P.Int(policy.WorkAgeMin), c.P.Int(policy.WorkAgeMax)
			for _, m := range h.Members {
				if m.Able && !m.Student && !m.Works && m.AgeKnown && m.Age >= lo && m.Age <= hi {
					emit(m.No, m.Name, m.Age, m.LabourSkill, h.Income.Year)
				}
			}
		},
	},
	{
		ID: "I6-11", Indicator: 6, Severity: Low, Subject: Household,
		Title:    "同一户不同务工地的成员使用同一电话",
		Explain:  "本户 %d 名成员登记了同一联系电话，他们却在不同地方务工（务工所在地：%s），务工信息可能由他人代填",
		Reads:    []registry.Field{registry.PPhone, registry.PWorkLocation},
		Basis:    "在不同地方务工的人各有自己的手机，户内成员共用一个号码而务工地不同，多为代填（县级核查做法）；号码去掉空格、横线、+86 等写法差异后比较",
		Fix:      "逐一电话核实各成员本人的联系电话，更正成员联系电话；务工信息不实的按实际情况更正",
		Practice: []string{"O 同一电话登记在多户或户内不同务工地"},
		Cases: []Case{
			{Desc: "夫妻各用自己的电话，户主在「省外」、妻子在县内乡外务工"},
			{Desc: "妻子的电话写作「139 1234 5678」，与户主相同；户主在「省外」、妻子在「通渭县马营镇」务工", Set: both(phoneIs(1, "139 1234 5678"), atWork(1, "通渭县马营镇", 8)), Fires: []string{hhNo}},
			{Desc: "夫妻同一电话，户主在「浙江省宁波市鄞州区」、妻子在「浙江省宁波市海曙区」务工",
				Set: both(phoneIs(1, "13912345678"), atWork(0, "浙江省宁波市鄞州区", 10), atWork(1, "浙江省宁波市海曙区", 10)), Fires: []string{hhNo}},
			{Desc: "夫妻同一电话，都在「浙江省宁波市鄞州区」务工", Set: both(phoneIs(1, "13912345678"), atWork(0, "浙江省宁波市鄞州区", 10), atWork(1, "浙江省宁波市鄞州区", 10))},
			{Desc: "夫妻同一电话，户主写「省外」、妻子写「浙江省宁波市鄞州区」（旧版类别与地名同属省外）", Set: both(phoneIs(1, "+8613912345678"), atWork(1, "浙江省宁波市鄞州区", 10))},
			{Desc: "妻子在家不务工，用户主的电话", Set: both(phoneIs(1, "13912345678"), notWorking(1))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			byPhone := map[string][]*Member{}
			var order []string
			for _, m := range h.Members {
				if strings.TrimSpace(m.WorkLocation) == "" {
					continue
				}
				if p := idno.NormalizePhone(m.Phone); p != "" {
					if byPhone[p] == nil {
						order = append(order, p)
					}
					byPhone[p] = append(byPhone[p], m)
				}
			}
			for _, p := range order {
				ms := byPhone[p]
				if !anyPair(ms, func(a, b *Member) bool { return differentPlaces(c, h, a, b) }) {
					continue
				}
				var places []string
				for _, m := range ms {
					if w := "「" + strings.TrimSpace(m.WorkLocation) + "」"; !slices.Contains(places, w) {
						places = append(places, w)
					}
				}
				emit(h.H.No, len(ms), joinCN(places))
			}
		},
	},
	{
		ID: "I6-12", Indicator: 6, Severity: Medium, Subject: Household,
		Title:    "有就业或公益岗位帮扶但无人务工",
		Explain:  "有%s，但家庭成员都没有务工时间、务工所在地或公益性岗位",
		Needs:    []registry.Field{registry.PWorkLocation, registry.PWorkMonths, registry.PPostType},
		Reads:    []registry.Field{registry.HMeasures},
		Basis:    "就业帮扶和公益岗位帮扶应落实到家庭成员的就业上：登记了这两类措施而无人务工、无人上岗，措施不实或务工信息漏登（县级核查做法）",
		Fix:      "入户核实：有人务工或上岗的，补录务工所在地、务工时间或公益性岗位；措施没有落实的，落实就业或删除不实的帮扶措施",
		Practice: []string{"O 有就业帮扶或公益岗位但无人务工"},
		Cases: []Case{
			{Desc: "有就业帮扶「外出务工补贴」，户主在「省外」务工", Set: withMeasure(registry.MeasureEmployment, "外出务工补贴")},
			{Desc: "有就业帮扶「外出务工补贴」，全家没有务工时间、务工所在地和公益性岗位", Set: both(withMeasure(registry.MeasureEmployment, "外出务工补贴"), allIdle), Fires: []string{hhNo}},
			{Desc: "有公益岗位帮扶「乡村公益性岗位（保洁员）」，无人务工，也无人登记公益性岗位", Set: both(withMeasure(registry.MeasurePublicPost, "乡村公益性岗位（保洁员）"), allIdle), Fires: []string{hhNo}},
			{Desc: "有公益岗位帮扶，无人务工，妻子登记了乡村公益性岗位 12 个月", Set: both(withMeasure(registry.MeasurePublicPost, "乡村公益性岗位（保洁员）"), allIdle, post(1, "乡村公益性岗位", 12))},
			{Desc: "有就业帮扶，只有户主务工时间 1 个月（务工所在地空）", Set: both(withMeasure(registry.MeasureEmployment, "稳岗补贴"), allIdle,
				person(0, func(p *registry.Person) { p.WorkMonths = registry.CountOf(1) }))},
			{Desc: "只有 2025 年 6 月已结束的就业帮扶，无人务工", Set: both(measureDated(registry.MeasureEmployment, "稳岗补贴", registry.NewDate(2024, 3, 1), registry.NewDate(2025, 6, 30)), allIdle)},
			{Desc: "有就业帮扶，导出表没有务工所在地、务工时间、公益性岗位各列（未采集）",
				Set: both(withMeasure(registry.MeasureEmployment, "外出务工补贴"), allIdle, notCollected(registry.PWorkLocation, registry.PWorkMonths, registry.PPostType))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			what := measureText(h, registry.MeasureEmployment, registry.MeasurePublicPost)
			if what != "" && len(h.Members) > 0 && !h.AnyMember(func(m *Member) bool { return m.Works }) {
				emit(h.H.No, what)
			}
		},
	},
	{
		ID: "I6-13", Indicator: 6, Severity: Medium, Subject: Household,
		Title:   "县外务工类措施但无人在县外务工",
		Explain: "就业帮扶措施（%s）是县外务工类措施，但现有家庭成员中没有在县外务工的（%s）",
		Needs:   []registry.Field{registry.PWorkLocation, registry.PWorkMonths},
		Reads:   []registry.Field{registry.HMeasures},
		Basis: "外出务工补贴、一次性交通补贴和劳务输出支持的是到县外（省内县外、省外、境外）务工的脱贫劳动力（县级核查：县外务工类措施而在县内务工）；" +
			"务工地点按务工所在地判断",
		Fix:      "核实家庭成员的务工地点：在县外务工的更正务工所在地；在县内务工或未外出的，停发外出务工类补贴、更正就业帮扶措施",
		Practice: []string{"O 县外务工类措施但在县内务工"},
		Cases: []Case{
			{Desc: "就业帮扶「外出务工补贴,一次性交通补贴」，户主在「省外」务工", Set: withMeasure(registry.MeasureEmployment, "外出务工补贴,一次性交通补贴")},
			{Desc: "就业帮扶「外出务工补贴」，户主在「兰州市城关区」（省内县外）务工", Set: both(withMeasure(registry.MeasureEmployment, "外出务工补贴"), atWork(0, "兰州市城关区", 10))},
			{Desc: "就业帮扶「外出务工补贴,一次性交通补贴」，夫妻都在「通渭县马营镇」（县内乡外）务工",
				Set: both(withMeasure(registry.MeasureEmployment, "外出务工补贴,一次性交通补贴"), atWork(0, "通渭县马营镇", 10), atWork(1, "通渭县马营镇", 8)), Fires: []string{hhNo}},
			{Desc: "就业帮扶「劳务输出」，全家无人务工", Set: both(withMeasure(registry.MeasureEmployment, "劳务输出"), allIdle), Fires: []string{hhNo}},
			{Desc: "就业帮扶「稳岗补贴」（不是县外务工类），夫妻都在县内务工", Set: both(withMeasure(registry.MeasureEmployment, "稳岗补贴"), atWork(0, "通渭县平襄镇", 10))},
			{Desc: "就业帮扶「外出务工补贴」，户主务工所在地「外地打工」无法识别，妻子在县内", Set: both(withMeasure(registry.MeasureEmployment, "外出务工补贴"), atWork(0, "外地打工", 10))},
			{Desc: "就业帮扶「外出务工补贴」，在省外务工的户主已于 2026 年 3 月迁出，妻子在县内",
				Set: both(withMeasure(registry.MeasureEmployment, "外出务工补贴"), person(0, func(p *registry.Person) { p.LeftOn = registry.NewDate(2026, 3, 1) })), Fires: []string{hhNo}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			what := measureMentions(h, []string{registry.MeasureEmployment}, awayWords)
			if what == "" {
				return
			}
			var areas []string
			counts := map[string]int{}
			for _, m := range h.Members {
				if m.WorkMonths.N <= 0 && strings.TrimSpace(m.WorkLocation) == "" {
					continue
				}
				// Someone works outside the county, or where is not known: no finding.
				if !m.WorkArea.Valid() || !m.WorkArea.InCounty() {
					return
				}
				a := m.WorkArea.Label()
				if counts[a] == 0 {
					areas = append(areas, a)
				}
				counts[a]++
			}
			summary := "无人务工"
			if len(areas) > 0 {
				for i, a := range areas {
					areas[i] = fmt.Sprintf("%s务工 %d 人", a, counts[a])
				}
				summary = joinCN(areas)
			}
			emit(h.H.No, what, summary)
		},
	},
	{
		ID: "I6-14", Indicator: 6, Severity: Medium, Subject: Person,
		Title:    "在校生或无劳动能力人员务工",
		Explain:  "%s %s，却登记了务工（%s）",
		Reads:    []registry.Field{registry.PSchoolStatus, registry.PLabourSkill, registry.PWorkLocation, registry.PWorkMonths},
		Basis:    "在校生和丧失劳动力、无劳动力的人不应有务工记录，务工信息与在校、劳动能力信息必有一处不实（县级核查做法）",
		Fix:      "入户核实：已毕业或离校务工的更正在校生状况和文化程度；有劳动能力的更正劳动技能；并未务工的清空务工所在地和务工时间",
		Practice: []string{"O 在校生或无劳动能力人员务工"},
		Cases: []Case{
			{Desc: "儿子 10 岁读小学，没有务工"},
			{Desc: "儿子 20 岁，在校生状况「本科二年级」，务工所在地「浙江省宁波市鄞州区」，务工时间 3 个月",
				Set: both(child(2006, 6, "", "本科二年级"), atWork(2, "浙江省宁波市鄞州区", 3)), Fires: []string{"P3"}},
			{Desc: "妻子丧失劳动力，在县内乡外务工 8 个月", Set: skillOf(1, "丧失劳动力"), Fires: []string{"P2"}},
			{Desc: "妻子无劳动力，只填了务工所在地「通渭县马营镇」，务工时间为空", Set: both(skillOf(1, "无劳动力"), person(1, func(p *registry.Person) {
				p.WorkLocation, p.WorkMonths = "通渭县马营镇", registry.Count{}
			})), Fires: []string{"P2"}},
			{Desc: "妻子是弱劳动力或半劳动力，在县内乡外务工", Set: skillOf(1, "弱劳动力或半劳动力")},
			{Desc: "妻子丧失劳动力，只担任公益性岗位（没有务工所在地和务工时间）：由 I6-07 判断", Set: both(skillOf(1, "丧失劳动力"), notWorking(1), post(1, "乡村公益性岗位", 12))},
			{Desc: "儿子 20 岁，文化程度大专，已毕业，在「浙江省宁波市鄞州区」务工", Set: both(child(2006, 6, "大专", ""), skillOf(2, "普通劳动力"), atWork(2, "浙江省宁波市鄞州区", 10))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if !hasWork(m) {
					continue
				}
				switch {
				case m.Student:
					emit(m.No, m.Name, "在校生状况为「"+m.SchoolStatus+"」", workText(m))
				case m.NoLabour:
					emit(m.No, m.Name, "劳动技能为「"+m.LabourSkill+"」", workText(m))
				}
			}
		},
	},
	{
		ID: "I6-15", Indicator: 6, Severity: Low, Subject: Person,
		Title:   "务工人员缺少务工单位或就业渠道",
		Explain: "%s 登记了务工（%s），但%s为空",
		Reads:   []registry.Field{registry.PEmployer, registry.PWorkChannel, registry.PWorkLocation, registry.PWorkMonths},
		Basis: "务工信息应写明务工企业名称和就业渠道，以便核实务工真实性和兑现稳岗、交通补贴（县级核查：务工记录缺少单位或就业渠道）；" +
			"自主创业、灵活就业、个体经营和公益性岗位不要求务工企业；导出表没有的列不检查",
		Fix:      "电话或入户核实务工情况，补录务工企业名称和就业渠道",
		Practice: []string{"O 务工记录缺少单位或就业渠道"},
		Cases: []Case{
			{Desc: "户主在「省外」务工，务工企业「某建筑公司」，就业渠道「亲友介绍」；妻子就业渠道「灵活就业」，没有务工企业"},
			{Desc: "户主务工企业名称为空，就业渠道「企业招聘」", Set: jobOf(0, "", "企业招聘"), Fires: []string{"P1"}},
			{Desc: "户主务工企业「某建筑公司」，就业渠道为空", Set: jobOf(0, "某建筑公司", ""), Fires: []string{"P1"}},
			{Desc: "妻子在「浙江省宁波市鄞州区」务工，务工企业和就业渠道都为空", Set: both(atWork(1, "浙江省宁波市鄞州区", 8), jobOf(1, "", "")), Fires: []string{"P2"}},
			{Desc: "妻子就业渠道「自主创业」，没有务工企业", Set: jobOf(1, "", "自主创业")},
			{Desc: "户主就业渠道为空，导出表没有就业渠道一列（未采集）", Set: both(jobOf(0, "某建筑公司", ""), notCollected(registry.PWorkChannel))},
			{Desc: "妻子不务工，务工企业和就业渠道都为空", Set: notWorking(1)},
		},
		Check: func(c *Context, h *House, emit Emit) {
			for _, m := range h.Members {
				if !hasWork(m) {
					continue
				}
				var blank []string
				if h.blank(registry.PEmployer, strings.TrimSpace(m.Employer) == "") && !selfEmployed(m.WorkChannel) {
					blank = append(blank, "务工企业名称")
				}
				if h.blank(registry.PWorkChannel, strings.TrimSpace(m.WorkChannel) == "") {
					blank = append(blank, "就业渠道")
				}
				if len(blank) > 0 {
					emit(m.No, m.Name, workText(m), joinCN(blank))
				}
			}
		},
	},
	{
		ID: "I6-16", Indicator: 6, Severity: Low, Subject: Person,
		Title:    "技能劳动力无务工",
		Explain:  "%s %d 岁，劳动技能为技能劳动力，却没有务工时间、务工所在地或公益性岗位，请核实",
		Params:   []policy.Name{policy.WorkAgeMin, policy.WorkAgeMax},
		Needs:    []registry.Field{registry.PWorkLocation, registry.PWorkMonths, registry.PPostType},
		Reads:    []registry.Field{registry.PLabourSkill, registry.PSchoolStatus, registry.PIDNumber},
		Basis:    "有技能的劳动力通常都在务工，技能劳动力而无务工记录，多为务工信息漏登或劳动技能登记有误（县级核查：技能劳动力无务工记录）",
		Fix:      "入户核实：在务工的补录务工所在地和务工时间；未务工的查明原因，有意愿的落实就业帮扶；劳动技能登记有误的更正",
		Practice: []string{"O 技能劳动力无务工"},
		Cases: []Case{
			{Desc: "妻子是技能劳动力，在县内乡外务工 8 个月", Set: skillOf(1, "技能劳动力")},
			{Desc: "妻子是技能劳动力，没有务工，也没有公益性岗位", Set: both(skillOf(1, "技能劳动力"), notWorking(1)), Fires: []string{"P2"}},
			{Desc: "妻子是技能劳动力，没有务工，担任乡村公益性岗位", Set: both(skillOf(1, "技能劳动力"), notWorking(1), post(1, "乡村公益性岗位", 12))},
			{Desc: "妻子是普通劳动力，没有务工", Set: notWorking(1)},
			{Desc: "妻子是技能劳动力，没有务工，今天满 60 岁", Set: both(skillOf(1, "技能劳动力"), notWorking(1), born(1, 1966, 11, 28))},
			{Desc: "妻子是技能劳动力，没有务工，59 岁（明天满 60 岁）", Set: both(skillOf(1, "技能劳动力"), notWorking(1), born(1, 1966, 11, 29)), Fires: []string{"P2"}},
			{Desc: "一般农户，妻子是技能劳动力，没有务工", From: ordinary, Set: both(skillOf(1, "技能劳动力"), notWorking(1))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			if !h.Target {
				return
			}
			lo, hi := c.P.Int(policy.WorkAgeMin), c.P.Int(policy.WorkAgeMax)
			for _, m := range h.Members {
				if m.LabourSkill == "技能劳动力" && !m.Student && !m.Works && m.AgeKnown && m.Age >= lo && m.Age <= hi {
					emit(m.No, m.Name, m.Age)
				}
			}
		},
	},
}

// awayWords are the words by which a 就业帮扶 description records a measure for work outside
// the county.
var awayWords = []string{"外出务工", "劳务输出", "交通补贴", "外出务工补贴"}

// hasWork reports whether workText says anything: screening asks it of every member, and
// builds the text only for a finding.
func hasWork(m *Member) bool {
	return m.WorkMonths.N > 0 || strings.TrimSpace(m.WorkLocation) != ""
}

// workText describes a member's work record ("务工所在地「…」，务工时间 8 个月"), or "" when
// the member has neither a work place nor months of work.
func workText(m *Member) string {
	var parts []string
	if p := strings.TrimSpace(m.WorkLocation); p != "" {
		parts = append(parts, "务工所在地「"+p+"」")
	}
	if m.WorkMonths.N > 0 {
		parts = append(parts, fmt.Sprintf("务工时间 %d 个月", m.WorkMonths.N))
	}
	return strings.Join(parts, "，")
}

// selfEmployed reports whether a 就业渠道 is work without an employer: starting a business,
// flexible or self-employed work, or a public-welfare post.
func selfEmployed(channel string) bool {
	for _, w := range []string{"自主创业", "灵活就业", "个体", "自营", "公益"} {
		if strings.Contains(channel, w) {
			return true
		}
	}
	return false
}

// differentPlaces reports whether two members with a 务工所在地 work in different places: in
// different work areas, in different regions where both places resolve, or under different
// words where neither does. A category (省外) and a place in it are not different.
func differentPlaces(c *Context, h *House, a, b *Member) bool {
	if a.WorkArea.Valid() && b.WorkArea.Valid() && a.WorkArea != b.WorkArea {
		return true
	}
	ca, ka := placeCode(c, h, a)
	cb, kb := placeCode(c, h, b)
	switch {
	case ka && kb:
		return ca != "" && cb != "" && ca != cb
	case !ka && !kb:
		return strings.TrimSpace(a.WorkLocation) != strings.TrimSpace(b.WorkLocation)
	}
	return false
}

// placeCode returns the region a member's 务工所在地 names ("" for a category or a place
// abroad), and whether the cell could be read at all.
func placeCode(c *Context, h *House, m *Member) (region.Code, bool) {
	if c.Places == nil || m.WorkPlaceErr != "" {
		return "", m.WorkArea.Valid()
	}
	_, code, err := c.Places.WorkArea(strings.TrimSpace(m.WorkLocation), h.H.Village)
	return code, err == nil
}

// anyPair reports whether some two of the members satisfy f.
func anyPair(ms []*Member, f func(a, b *Member) bool) bool {
	for i := range ms {
		for j := i + 1; j < len(ms); j++ {
			if f(ms[i], ms[j]) {
				return true
			}
		}
	}
	return false
}

// measureText describes the household's active measures of the types: "就业帮扶「外出务工补贴」",
// joined by 、; "" when it has none.
func measureText(h *House, types ...string) string {
	var out []string
	for i := range h.Active {
		if m := &h.Active[i]; registry.In(types, m.Type) {
			out = append(out, m.Type+"「"+blankAs(strings.TrimSpace(m.Description), "未填写内容")+"」")
		}
	}
	return joinCN(out)
}

// measureMentions joins the descriptions of the household's active measures, of the types
// (of any type when types is nil), that mention one of the words; "" when none does.
func measureMentions(h *House, types, words []string) string {
	var out []string
	for i := range h.Active {
		m := &h.Active[i]
		if types != nil && !registry.In(types, m.Type) {
			continue
		}
		for _, w := range words {
			if strings.Contains(m.Description, w) {
				out = append(out, strings.TrimSpace(m.Description))
				break
			}
		}
	}
	return strings.Join(out, "；")
}
