package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/deptlists"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The department data comparison (部门数据比对): the registry against the lists the county's
// industry departments keep. Each rule reads a household's matched rows through
// House.Fact(deptlists.Domain) and fires where the department contradicts the registry, naming
// the department and both values; a household no list has matched gives no fact, and the rules
// stay silent there. Fields a list provides that no other source had are filled by the import
// itself (internal/deptcompare): those never contradict.

// deptFactsOf returns what the department lists say about the household, or nil.
func deptFactsOf(h *House) *deptlists.Facts {
	f, _ := h.Fact(deptlists.Domain).(*deptlists.Facts)
	return f
}

// deptRuleKinds maps each rule of the comparison to the kind of list it judges.
var deptRuleKinds = map[string]deptlists.Kind{}

// DeptRules returns the ids of the rules that judge a kind of department list: the findings a
// comparison of such a list opens, and that accepting or explaining a department's value
// settles.
func DeptRules(k deptlists.Kind) []string {
	var out []string
	for _, r := range deptRules() {
		if deptRuleKinds[r.ID] == k {
			out = append(out, r.ID)
		}
	}
	for _, r := range deptObjectRules {
		if deptRuleKinds[r.ID] == k {
			out = append(out, r.ID)
		}
	}
	return out
}

// DeptRuleKind returns the kind of list a rule judges, and false for the other rules.
func DeptRuleKind(id string) (deptlists.Kind, bool) {
	k, ok := deptRuleKinds[id]
	return k, ok
}

// deptRule registers a rule of a kind of list.
func deptRule(k deptlists.Kind, r *Rule) *Rule {
	deptRuleKinds[r.ID] = k
	return r
}

const deptBasis = "《关于健全防止返贫动态监测和帮扶机制的指导意见》：加强部门数据共享和比对，教育、人社、住建、医保、民政、卫健、残联、公安、水利等部门" +
	"定期向乡村振兴部门推送数据，及时发现风险；后评估“也要在县行业部门开展大排查”，部门数据与帮扶对象信息应一致"

// insuredText names the basic medical insurance the registry records for a person.
func insuredText(m *Member) string {
	switch {
	case m.ResidentMedical == registry.Yes && m.EmployeeMedical == registry.Yes:
		return "城乡居民和城镇职工基本医疗保险"
	case m.EmployeeMedical == registry.Yes:
		return "城镇职工基本医疗保险"
	case m.ResidentMedical == registry.Yes:
		return "城乡居民基本医疗保险"
	}
	return "基本医疗保险"
}

// deptSays returns what the latest list of a kind says of a person (or the household) and
// the facts it said it with; ok is false when no list of the kind has the person.
func deptSays(f *deptlists.Facts, k deptlists.Kind, personNo string) (v deptlists.Values, facts []*deptlists.Fact, ok bool) {
	latest := f.Latest(k, personNo)
	if latest == nil {
		return v, nil, false
	}
	var rows []deptlists.Row
	for _, x := range f.Listed(k, personNo) {
		if x.List == latest.List {
			rows = append(rows, x.Row)
			facts = append(facts, x)
		}
	}
	return deptlists.SpecOf(k).Say(latest.List, rows), facts, true
}

// deptRules returns the comparison's rules in catalog order.
func deptRules() []*Rule {
	var out []*Rule
	for _, g := range [][]*Rule{deptI1, deptI2, deptI6, deptI7, deptDQ} {
		out = append(out, g...)
	}
	return out
}

// The comparison's rules by indicator: the catalog lists each group with its indicator.
var (
	deptI1 = pick(deptAll, 1)
	deptI2 = pick(deptAll, 2)
	deptI6 = pick(deptAll, 6)
	deptI7 = pick(deptAll, 7)
	deptDQ = pick(deptAll, DataQuality)
)

// pick returns the rules of an indicator, in id order.
func pick(rs []*Rule, ind int) []*Rule {
	var out []*Rule
	for _, r := range rs {
		if r.Indicator == ind {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) })
	return out
}

var deptAll = []*Rule{
	deptRule(deptlists.Medical, &Rule{
		ID: "I1-08", Indicator: 1, Severity: High, Subject: Person,
		Title:   "登记已参保但医保部门显示未参保",
		Explain: "%s 登记为已参加%s，但%s",
		Reads:   []registry.Field{registry.PResidentMedical, registry.PEmployeeMedical},
		Basis: deptBasis + "；医保部门的参保名单是参保状态的依据：脱贫人口和监测对象应保尽保，登记已参保而医保部门无参保记录或已停保的，" +
			"存在断保、漏保风险",
		Fix: "向医保部门核实：确未参保或已停保的，动员并协助其当年参保，符合条件的落实个人缴费资助，并采纳医保部门数据更正参保信息；" +
			"在外地或以职工身份参保的，取得参保凭证后作出说明",
		Cases: []Case{
			{Desc: "医保名单显示三人都参加城乡居民医保", Facts: deptCase(dlMedical("P1", deptlists.Insured, deptlists.Resident),
				dlMedical("P2", deptlists.Insured, deptlists.Resident), dlMedical("P3", deptlists.Insured, deptlists.Resident))},
			{Desc: "医保名单显示妻子停保，登记为已参保", Facts: deptCase(dlMedical("P2", deptlists.Suspended, deptlists.Resident)), Fires: []string{"P2"}},
			{Desc: "医保参保名单（全县）中没有户主，登记为已参保", Facts: deptCase(dlMissing(deptlists.Medical, "P1")), Fires: []string{"P1"}},
			{Desc: "医保名单显示户主参加职工医保，登记为居民医保：险种不符由 DQ-32 报告", Facts: deptCase(dlMedical("P1", deptlists.Insured, deptlists.Employee))},
			{Desc: "医保名单显示妻子停保，登记也为未参保（由 I1-03 报告）", Set: insurance(1, registry.No, registry.No),
				Facts: deptCase(dlMedical("P2", deptlists.Suspended, deptlists.Resident))},
			{Desc: "医保参保名单中没有妻子，但她已于 2026 年 1 月死亡", Set: person(1, func(p *registry.Person) { p.DeceasedOn = ymd(2026, 1, 1) }),
				Facts: deptCase(dlMissing(deptlists.Medical, "P2"))},
			{Desc: "县里没有导入医保名单"},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f := deptFactsOf(h)
			if f == nil {
				return
			}
			for _, m := range h.Members {
				if m.ResidentMedical != registry.Yes && m.EmployeeMedical != registry.Yes {
					continue
				}
				if v, facts, ok := deptSays(f, deptlists.Medical, m.No); ok {
					if v.Person.ResidentMedical != registry.Yes && v.Person.EmployeeMedical != registry.Yes {
						last := facts[len(facts)-1]
						emit(m.No, m.Name, insuredText(m), fmt.Sprintf("%s显示%d 年度%s", last.Source(), yearOf(last), last.Row.State))
					}
					continue
				}
				if l := f.MissingFrom(deptlists.Medical, m.No); l != nil {
					emit(m.No, m.Name, insuredText(m), fmt.Sprintf("不在医保部门 %d 年度参保名单中（%s导入）", l.Year, listDay(l.At)))
				}
			}
		},
	}),
	deptRule(deptlists.Medical, &Rule{
		ID: "I1-09", Indicator: 1, Severity: Medium, Subject: Person,
		Title:   "医保部门显示本年度未缴费",
		Explain: "%s 在%s中参保但「未缴费」（%d 年度），有断保风险",
		Basis: deptBasis + "；集中缴费期内医保部门按参保人推送缴费状态，政策调整时易出现脱贫人口和监测对象断缴断保，" +
			"应逐人跟进缴费和资助参保",
		Fix: "在缴费期内入户动员缴费，属资助参保对象的协调落实个人缴费资助；已缴费的请医保部门更新名单后重新比对",
		Cases: []Case{
			{Desc: "医保名单显示户主参保、已缴费", Facts: deptCase(dlPaid("P1", registry.Yes))},
			{Desc: "医保名单显示户主参保、未缴费", Facts: deptCase(dlPaid("P1", registry.No)), Fires: []string{"P1"}},
			{Desc: "医保名单没有缴费状态一列", Facts: deptCase(dlMedical("P1", deptlists.Insured, deptlists.Resident))},
			{Desc: "一般农户（未纳入监测）户主未缴费：只跟进帮扶对象", From: ordinary, Facts: deptCase(dlPaid("P1", registry.No))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f := deptFactsOf(h)
			if f == nil || !h.Target {
				return
			}
			for _, m := range h.Members {
				if x := f.Latest(deptlists.Medical, m.No); x != nil && x.Row.State == deptlists.Insured && x.Row.Flag == registry.No {
					emit(m.No, m.Name, x.Source(), yearOf(x))
				}
			}
		},
	}),
	deptRule(deptlists.Medical, &Rule{
		ID: "DQ-32", Indicator: DataQuality, Severity: Low, Subject: Person,
		Title:   "参保险种与医保部门数据不符",
		Explain: "%s 登记的基本医疗保险为%s，%s显示参加%s",
		Reads:   []registry.Field{registry.PResidentMedical, registry.PEmployeeMedical},
		Basis:   deptBasis + "；参保信息以医保部门数据为准（县级核查：参保信息与医保部门不一致）",
		Fix:     "核实后采纳医保部门数据，更正城乡居民和城镇职工基本医疗保险两项登记",
		Cases: []Case{
			{Desc: "医保名单显示户主参加城乡居民医保，与登记一致", Facts: deptCase(dlMedical("P1", deptlists.Insured, deptlists.Resident))},
			{Desc: "医保名单显示户主参加职工医保，登记为城乡居民医保", Facts: deptCase(dlMedical("P1", deptlists.Insured, deptlists.Employee)), Fires: []string{"P1"}},
			{Desc: "医保名单显示妻子参加城乡居民医保，登记为两种都未参加", Set: insurance(1, registry.No, registry.No),
				Facts: deptCase(dlMedical("P2", deptlists.Insured, deptlists.Resident)), Fires: []string{"P2"}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f := deptFactsOf(h)
			if f == nil {
				return
			}
			for _, m := range h.Members {
				v, facts, ok := deptSays(f, deptlists.Medical, m.No)
				if !ok {
					continue
				}
				var says []string
				if v.Person.ResidentMedical == registry.Yes && m.ResidentMedical != registry.Yes {
					says = append(says, "城乡居民基本医疗保险")
				}
				if v.Person.EmployeeMedical == registry.Yes && m.EmployeeMedical != registry.Yes {
					says = append(says, "城镇职工基本医疗保险")
				}
				if len(says) > 0 {
					reg := "两种都未参加"
					if m.ResidentMedical == registry.Yes || m.EmployeeMedical == registry.Yes {
						reg = insuredText(m)
					}
					emit(m.No, m.Name, reg, facts[len(facts)-1].Source(), joinCN(says))
				}
			}
		},
	}),
	deptRule(deptlists.Housing, &Rule{
		ID: "I1-10", Indicator: 1, Severity: High, Subject: Household,
		Title:   "住建部门鉴定为危房但登记为安全住房",
		Explain: "%s鉴定住房为 %s 级（%s），该户登记为%s",
		Reads:   []registry.Field{registry.HHousingGrade, registry.HUnsafeHouse},
		Basis: deptBasis + "；住房安全有保障以住建部门的农村房屋安全性鉴定为准，C 级、D 级为危房，" +
			"应通过危房改造等方式保障住房安全（后评估“两不愁三保障”指标）",
		Fix: "采纳住建部门鉴定结果更正住房安全等级，落实危房改造或其他住房安全保障措施；住建鉴定有误的，请住建部门复核后重新导入",
		Cases: []Case{
			{Desc: "住建名单鉴定为 A 级，登记 A 级", Facts: deptCase(dlHouse("A", deptlists.NoNeed))},
			{Desc: "住建名单鉴定为 C 级、未改造，登记 A 级", Facts: deptCase(dlHouse("C", deptlists.NotRebuilt)), Fires: []string{hhNo}},
			{Desc: "住建名单鉴定为 D 级、改造中，登记未鉴定等级、不是危房户", Set: both(noAppraisal, dqHousehold(func(h *registry.Household) { h.UnsafeHouse = registry.No })),
				Facts: deptCase(dlHouse("D", deptlists.Rebuilding)), Fires: []string{hhNo}},
			{Desc: "住建名单鉴定为 C 级、已改造", Facts: deptCase(dlHouse("C", deptlists.Rebuilt))},
			{Desc: "住建名单鉴定为 C 级，登记也为 C 级（由 I1-01 判断保障措施）", Set: graded("C", 2024, 5), Facts: deptCase(dlHouse("C", deptlists.NotRebuilt))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f := deptFactsOf(h)
			if f == nil || h.unsafeHouse() {
				return
			}
			if x := f.Latest(deptlists.Housing, ""); x != nil && (x.Row.Grade == "C" || x.Row.Grade == "D") && x.Row.State != deptlists.Rebuilt {
				reg := "住房安全等级 " + blankAs(h.H.HousingGrade, "空") + "、不是危房户"
				emit(h.H.No, x.Source(), x.Row.Grade, appraisalText(x), reg)
			}
		},
	}),
	deptRule(deptlists.Housing, &Rule{
		ID: "DQ-33", Indicator: DataQuality, Severity: Medium, Subject: Household,
		Title:   "住建部门鉴定为安全但登记为危房",
		Explain: "该户%s，但%s鉴定住房为 %s 级（%s）",
		Reads:   []registry.Field{registry.HHousingGrade, registry.HUnsafeHouse},
		Basis:   deptBasis + "；危房改造竣工验收或复核鉴定为安全后，住房安全信息应及时更新",
		Fix:     "采纳住建部门鉴定结果更正住房安全等级和是否危房户；住建鉴定有误的，请住建部门复核",
		Cases: []Case{
			{Desc: "登记 C 级，住建名单 C 级已改造", Set: graded("C", 2024, 5), Facts: deptCase(dlHouse("C", deptlists.Rebuilt)), Fires: []string{hhNo}},
			{Desc: "登记为危房户，住建名单鉴定为 B 级", Set: dangerFlag, Facts: deptCase(dlHouse("B", deptlists.NoNeed)), Fires: []string{hhNo}},
			{Desc: "登记 A 级，住建名单 A 级", Facts: deptCase(dlHouse("A", deptlists.NoNeed))},
			{Desc: "登记 D 级，住建名单 D 级未改造", Set: graded("D", 2024, 5), Facts: deptCase(dlHouse("D", deptlists.NotRebuilt))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f := deptFactsOf(h)
			if f == nil || !h.unsafeHouse() {
				return
			}
			if x := f.Latest(deptlists.Housing, ""); x != nil && (x.Row.Grade == "A" || x.Row.Grade == "B" || x.Row.State == deptlists.Rebuilt) {
				emit(h.H.No, h.houseText(), x.Source(), x.Row.Grade, appraisalText(x))
			}
		},
	}),
	deptRule(deptlists.Police, &Rule{
		ID: "DQ-34", Indicator: DataQuality, Severity: High, Subject: Person,
		Title:   "公安部门显示已死亡但登记为在世",
		Explain: "%s 在%s中已于 %s 死亡，登记库中仍%s",
		Reads:   []registry.Field{registry.PDeceasedOn, registry.PResidentMedical, registry.PDibao, registry.PTekun, registry.PPostType},
		Basis: deptBasis + "；公安部门户籍注销（死亡）信息应及时同步，已故人员不应计入家庭人口、继续参保或享受低保、特困、公益性岗位等待遇" +
			"（县级核查：已故人员仍享受政策）",
		Fix: "采纳公安部门数据登记死亡日期，停发低保、特困等待遇并办理医保停保；公安数据有误的，请公安部门核实",
		Cases: []Case{
			{Desc: "公安名单显示妻子已于 2026 年 6 月死亡，登记为在世", Facts: deptCase(dlDeath("P2", ymd(2026, 6, 3))), Fires: []string{"P2"}},
			{Desc: "公安名单显示妻子死亡，登记已有死亡日期", Set: person(1, func(p *registry.Person) { p.DeceasedOn = ymd(2026, 6, 3) }),
				Facts: deptCase(dlDeath("P2", ymd(2026, 6, 3)))},
			{Desc: "公安名单显示户主户籍迁出（不是死亡）：由 DQ-35 报告", Facts: deptCase(dlMoved("P1", ymd(2026, 4, 1)))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f := deptFactsOf(h)
			if f == nil {
				return
			}
			for _, m := range h.Members {
				x := f.Latest(deptlists.Police, m.No)
				if x == nil || x.Row.State != deptlists.Died {
					continue
				}
				still := []string{"计入家庭人口"}
				if m.ResidentMedical == registry.Yes || m.EmployeeMedical == registry.Yes {
					still = append(still, "登记参加基本医疗保险")
				}
				if m.Dibao == registry.Yes {
					still = append(still, "享受低保")
				}
				if m.Tekun == registry.Yes {
					still = append(still, "享受特困供养")
				}
				if m.PostType != "" {
					still = append(still, "担任"+m.PostType)
				}
				emit(m.No, m.Name, x.Source(), x.Row.Date.String(), joinCN(still))
			}
		},
	}),
	deptRule(deptlists.Police, &Rule{
		ID: "DQ-35", Indicator: DataQuality, Severity: Low, Subject: Person,
		Title:   "公安部门显示户籍已迁出",
		Explain: "%s 的户籍已于 %s 迁出%s（%s），仍登记为本户成员",
		Basis:   deptBasis + "；户籍迁出的人员应核实是否仍共同生活，家庭人口以实际共同生活为准",
		Fix:     "入户核实：已不在本户共同生活的，采纳公安部门数据登记迁出；仍共同生活的，作出说明",
		Cases: []Case{
			{Desc: "公安名单显示户主户籍迁出", Facts: deptCase(dlMoved("P1", ymd(2026, 4, 1))), Fires: []string{"P1"}},
			{Desc: "公安名单显示户主迁出，户主已登记离开", Set: person(0, func(p *registry.Person) { p.LeftOn = ymd(2026, 4, 1) }),
				Facts: deptCase(dlMoved("P1", ymd(2026, 4, 1)))},
			{Desc: "县里没有导入公安名单"},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f := deptFactsOf(h)
			if f == nil {
				return
			}
			for _, m := range h.Members {
				if x := f.Latest(deptlists.Police, m.No); x != nil && x.Row.State == deptlists.MovedOut {
					to := ""
					if x.Row.Place != "" {
						to = "至" + x.Row.Place
					}
					emit(m.No, m.Name, blankAs(x.Row.Date.String(), "（日期未填）"), to, x.Source())
				}
			}
		},
	}),
	deptRule(deptlists.Civil, &Rule{
		ID: "I7-17", Indicator: 7, Severity: Medium, Subject: Person,
		Title:   "低保特困与民政部门名单不符",
		Explain: "%s %s",
		Reads:   []registry.Field{registry.PDibao, registry.PTekun},
		Basis:   deptBasis + "；低保、特困供养以民政部门审批为准，帮扶对象信息应与民政名单一致（县级核查：享受低保特困与民政数据不符）",
		Fix:     "与民政部门核对：在册的采纳民政数据登记享受低保或特困供养，并在综合保障中登记；已停保、不在册的更正为否；民政数据有误的请民政部门核实",
		Cases: []Case{
			{Desc: "民政名单显示妻子享受低保（在保），登记为未享受", Facts: deptCase(dlCivil("P2", deptlists.Dibao, deptlists.Active)), Fires: []string{"P2"}},
			{Desc: "民政名单显示妻子享受低保，登记也为享受", Set: spouseDibao, Facts: deptCase(dlCivil("P2", deptlists.Dibao, deptlists.Active))},
			{Desc: "登记妻子享受低保，民政名单显示已停保", Set: spouseDibao, Facts: deptCase(dlCivil("P2", deptlists.Dibao, deptlists.Stopped)), Fires: []string{"P2"}},
			{Desc: "登记妻子享受低保，民政低保特困名单（全县）中没有她", Set: spouseDibao, Facts: deptCase(dlMissing(deptlists.Civil, "P2")), Fires: []string{"P2"}},
			{Desc: "民政名单显示户主为特困供养人员，登记为否", Facts: deptCase(dlCivil("P1", deptlists.Tekun, deptlists.Active)), Fires: []string{"P1"}},
			{Desc: "民政名单显示妻子为临时救助对象（由 I2-32 判断是否纳入监测）", Facts: deptCase(dlCivil("P2", deptlists.TempAid, deptlists.Active))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f := deptFactsOf(h)
			if f == nil {
				return
			}
			for _, m := range h.Members {
				var says []string
				if v, facts, ok := deptSays(f, deptlists.Civil, m.No); ok {
					src := facts[len(facts)-1].Source()
					if v.PFields.Has(registry.PDibao) && v.Person.Dibao != m.Dibao && (v.Person.Dibao == registry.Yes || m.Dibao == registry.Yes) {
						says = append(says, civilText("低保", m.Dibao, v.Person.Dibao, src))
					}
					if v.PFields.Has(registry.PTekun) && v.Person.Tekun != m.Tekun && (v.Person.Tekun == registry.Yes || m.Tekun == registry.Yes) {
						says = append(says, civilText("特困供养", m.Tekun, v.Person.Tekun, src))
					}
				} else if l := f.MissingFrom(deptlists.Civil, m.No); l != nil {
					src := "民政部门名单（" + listDay(l.At) + "导入）"
					if m.Dibao == registry.Yes && l.Lists(deptlists.Dibao) {
						says = append(says, "登记享受低保，但"+src+"中没有此人")
					}
					if m.Tekun == registry.Yes && l.Lists(deptlists.Tekun) {
						says = append(says, "登记为特困供养人员，但"+src+"中没有此人")
					}
				}
				if len(says) > 0 {
					emit(m.No, m.Name, strings.Join(says, "；"))
				}
			}
		},
	}),
	deptRule(deptlists.Civil, &Rule{
		ID: "I2-32", Indicator: 2, Severity: Medium, Subject: Household,
		Title:   "民政临时救助或低保边缘对象未纳入监测",
		Explain: "%s为民政部门%s对象（%s），该户未纳入监测",
		Basis: deptBasis + "；民政部门的临时救助对象、低保边缘家庭是防止返贫监测的重点线索，应作为部门筛查预警线索入户核实，" +
			"符合条件的及时纳入监测",
		Fix: "作为部门筛查预警线索启动监测对象识别程序：在识别期限内入户核实收入和困难情况，符合条件的纳入监测并落实帮扶；" +
			"核实不需纳入的，在程序记录中写明理由",
		Cases: []Case{
			{Desc: "民政名单显示妻子为低保边缘家庭成员，该户未纳入监测", Facts: deptCase(dlCivil("P2", deptlists.DibaoEdge, deptlists.Active)), Fires: []string{hhNo}},
			{Desc: "民政名单显示户主 2026 年 8 月获临时救助", Facts: deptCase(dlTempAid("P1", ymd(2026, 8, 10))), Fires: []string{hhNo}},
			{Desc: "户主的临时救助在 2025 年 6 月，已过一年", Facts: deptCase(dlTempAid("P1", ymd(2025, 6, 10)))},
			{Desc: "已纳入监测的户，妻子为低保边缘家庭成员", From: monitored, Facts: deptCase(dlCivil("P2", deptlists.DibaoEdge, deptlists.Active))},
			{Desc: "民政名单显示妻子享受低保（由 I2-03 判断体外循环）", Facts: deptCase(dlCivil("P2", deptlists.Dibao, deptlists.Active))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f := deptFactsOf(h)
			if f == nil || h.H.Monitored() {
				return
			}
			yearAgo := registry.DateOf(c.Ref.Time().AddDate(-1, 0, 0))
			for _, m := range h.Members {
				for _, x := range f.Listed(deptlists.Civil, m.No) {
					switch {
					case x.Row.State != deptlists.Active:
					case x.Row.Type == deptlists.DibaoEdge:
						emit(h.H.No, m.Name, "低保边缘家庭", x.Source())
					case x.Row.Type == deptlists.TempAid && (x.Row.Date.IsZero() || !x.Row.Date.Before(yearAgo)):
						emit(h.H.No, m.Name, "临时救助", blankAs(x.Row.Date.String(), "救助日期未填")+"，"+x.Source())
					}
				}
			}
		},
	}),
	deptRule(deptlists.Disability, &Rule{
		ID: "DQ-36", Indicator: DataQuality, Severity: Medium, Subject: Person,
		Title:   "残疾信息与残联持证数据不符",
		Explain: "%s %s",
		Reads:   []registry.Field{registry.PHealth, registry.PDisabilityCategory, registry.PDisabilityGrade},
		Basis: deptBasis + "；残疾状况以残联核发的第二代残疾人证为准，健康状况、残疾类别和等级应与之一致" +
			"（县级核查：持证残疾人健康状况未标残疾）",
		Fix: "采纳残联数据登记健康状况「残疾」和残疾类别、等级，并核实残疾人两项补贴等政策落实；残联数据有误的请残联核实",
		Cases: []Case{
			{Desc: "残联名单显示妻子持证（肢体残疾二级），健康状况登记为健康", Facts: deptCase(dlCert("P2", "肢体残疾", "二级")), Fires: []string{"P2"}},
			{Desc: "妻子健康状况为残疾、肢体残疾二级，与残联一致", Set: person(1, func(p *registry.Person) {
				p.Health, p.DisabilityCategory, p.DisabilityGrade = "残疾", "肢体残疾", "二级"
			}), Facts: deptCase(dlCert("P2", "肢体残疾", "二级"))},
			{Desc: "妻子登记肢体残疾四级，残联为肢体残疾二级", Set: person(1, func(p *registry.Person) {
				p.Health, p.DisabilityCategory, p.DisabilityGrade = "残疾", "肢体残疾", "四级"
			}), Facts: deptCase(dlCert("P2", "肢体残疾", "二级")), Fires: []string{"P2"}},
			{Desc: "妻子健康状况为残疾，残疾等级未登记，残联为二级", Set: person(1, func(p *registry.Person) {
				p.Health, p.DisabilityCategory = "残疾", "肢体残疾"
			}), Facts: deptCase(dlCert("P2", "肢体残疾", "二级")), Fires: []string{"P2"}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f := deptFactsOf(h)
			if f == nil {
				return
			}
			for _, m := range h.Members {
				x := f.Latest(deptlists.Disability, m.No)
				if x == nil || x.Row.State != deptlists.Valid {
					continue
				}
				cert := x.Row.Type + x.Row.Grade
				switch {
				case !m.Disabled:
					emit(m.No, m.Name, fmt.Sprintf("在%s中持有残疾人证（%s），健康状况登记为「%s」", x.Source(), cert, blankAs(m.Health, "空")))
				case m.DisabilityCategory != x.Row.Type || m.DisabilityGrade != x.Row.Grade:
					emit(m.No, m.Name, fmt.Sprintf("登记的残疾类别和等级为「%s」，%s为「%s」", blankAs(m.DisabilityCategory+m.DisabilityGrade, "空"), x.Source(), cert))
				}
			}
		},
	}),
	deptRule(deptlists.Education, &Rule{
		ID: "I1-11", Indicator: 1, Severity: High, Subject: Person,
		Title:   "教育部门显示辍学或休学",
		Explain: "%s 登记为在校（%s），%s显示%s（%s）",
		Reads:   []registry.Field{registry.PSchoolStatus},
		Basis: deptBasis + "；义务教育有保障以教育部门学籍为准，控辍保学要求对辍学、休学学生逐人劝返复学或送教上门" +
			"（后评估“两不愁三保障”指标）",
		Fix: "会同教育部门和学校劝返复学，不能到校的落实送教上门；采纳教育部门数据更正在校生状况，或在学校更正学籍后重新比对",
		Cases: []Case{
			{Desc: "学籍名单显示儿子在读", Facts: deptCase(dlSchool("P3", deptlists.Enrolled, "四年级"))},
			{Desc: "学籍名单显示儿子辍学，登记为小学在读", Facts: deptCase(dlSchool("P3", deptlists.Dropout, "四年级")), Fires: []string{"P3"}},
			{Desc: "学籍名单显示儿子休学，登记为小学在读", Facts: deptCase(dlSchool("P3", deptlists.Suspension, "四年级")), Fires: []string{"P3"}},
			{Desc: "学籍名单显示儿子转出（在外地就读）", Facts: deptCase(dlSchool("P3", deptlists.Transferred, "四年级"))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f := deptFactsOf(h)
			if f == nil {
				return
			}
			for _, m := range h.Members {
				x := f.Latest(deptlists.Education, m.No)
				if x != nil && m.Student && (x.Row.State == deptlists.Dropout || x.Row.State == deptlists.Suspension) {
					emit(m.No, m.Name, m.SchoolStatus, x.Source(), x.Row.State, blankAs(x.Row.Place+x.Row.Grade, "学校未填"))
				}
			}
		},
	}),
	deptRule(deptlists.Education, &Rule{
		ID: "DQ-37", Indicator: DataQuality, Severity: Low, Subject: Person,
		Title:   "教育部门显示在读但登记为非在校生",
		Explain: "%s 在%s中在读（%s），在校生状况登记为「%s」",
		Reads:   []registry.Field{registry.PSchoolStatus},
		Basis:   deptBasis + "；在校生状况应与教育部门学籍一致",
		Fix:     "采纳教育部门数据更正在校生状况（并核实教育帮扶、雨露计划等政策）",
		Cases: []Case{
			{Desc: "学籍名单显示妻子在读（中职一年级），登记为非在校生", Facts: deptCase(dlSchool("P2", deptlists.Enrolled, "中职一年级")), Fires: []string{"P2"}},
			{Desc: "学籍名单显示儿子在读，登记为小学", Facts: deptCase(dlSchool("P3", deptlists.Enrolled, "四年级"))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f := deptFactsOf(h)
			if f == nil {
				return
			}
			for _, m := range h.Members {
				x := f.Latest(deptlists.Education, m.No)
				if x != nil && x.Row.State == deptlists.Enrolled && !m.Student && m.SchoolStatus != "学前教育" {
					emit(m.No, m.Name, x.Source(), blankAs(x.Row.Place+x.Row.Grade, "年级未填"), blankAs(m.SchoolStatus, "空"))
				}
			}
		},
	}),
	deptRule(deptlists.Education, &Rule{
		ID: "I1-12", Indicator: 1, Severity: Low, Subject: Person,
		Title:   "义务教育适龄儿童不在学籍名单中",
		Explain: "%s %d 岁，处于义务教育年龄（%d–%d 岁），不在%s中，可能在县外就读或失学",
		Params:  []policy.Name{policy.EduAgeMin, policy.EduAgeMax},
		Basis:   deptBasis + "；控辍保学要求逐一核实义务教育适龄儿童的就学情况，不在本县学籍的应查明去向",
		Fix:     "入户核实：在县外就读的取得就读证明后作出说明；失学辍学的会同教育部门劝返复学",
		Cases: []Case{
			{Desc: "学籍名单（全县）中没有 10 岁的儿子", Facts: deptCase(dlMissing(deptlists.Education, "P3")), Fires: []string{"P3"}},
			{Desc: "学籍名单中有儿子", Facts: deptCase(dlSchool("P3", deptlists.Enrolled, "四年级"))},
			{Desc: "学籍名单中没有儿子，他已满 16 岁", Set: born(2, 2010, 1, 1), Facts: deptCase(dlMissing(deptlists.Education, "P3"))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f := deptFactsOf(h)
			if f == nil {
				return
			}
			min, max := c.P.Int(policy.EduAgeMin), c.P.Int(policy.EduAgeMax)
			for _, m := range h.Members {
				if l := f.MissingFrom(deptlists.Education, m.No); l != nil && m.AgeKnown && m.Age >= min && m.Age <= max && !exemptReason(m.DropoutReason) {
					emit(m.No, m.Name, m.Age, min, max, "教育部门学籍名单（"+listDay(l.At)+"导入）")
				}
			}
		},
	}),
	deptRule(deptlists.Labour, &Rule{
		ID: "I6-26", Indicator: 6, Severity: Low, Subject: Person,
		Title:   "就业信息与人社部门数据不符",
		Explain: "%s %s",
		Reads:   []registry.Field{registry.PWorkLocation, registry.PWorkMonths, registry.PPostType},
		Basis:   deptBasis + "；务工就业和公益性岗位信息应与人社部门就业登记、岗位安置数据一致（后评估就业帮扶指标核查“务工就业数据真实”）",
		Fix:     "入户核实就业情况：采纳人社部门数据更正务工信息，或请人社部门更新就业登记后重新比对",
		Cases: []Case{
			{Desc: "人社名单显示户主已就业（宁波某厂），登记也在务工", Facts: deptCase(dlJob("P1", deptlists.Employed, "", "宁波某厂"))},
			{Desc: "人社名单显示儿子已就业：在校生由 I6-14 判断", Facts: deptCase(dlJob("P3", deptlists.Employed, "", "某厂"))},
			{Desc: "人社名单显示妻子已就业，登记未务工", Set: person(1, func(p *registry.Person) { p.WorkLocation, p.WorkMonths = "", registry.Count{} }),
				Facts: deptCase(dlJob("P2", deptlists.Employed, "", "县城某超市")), Fires: []string{"P2"}},
			{Desc: "人社名单显示妻子在公益性岗位「村级保洁员」，登记无岗位", Facts: deptCase(dlJob("P2", deptlists.Employed, "村级保洁员", "")), Fires: []string{"P2"}},
			{Desc: "人社名单显示户主失业登记，登记在省外务工 10 个月", Facts: deptCase(dlJob("P1", deptlists.Unemployed, "", "")), Fires: []string{"P1"}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f := deptFactsOf(h)
			if f == nil {
				return
			}
			for _, m := range h.Members {
				x := f.Latest(deptlists.Labour, m.No)
				if x == nil {
					continue
				}
				var says []string
				switch {
				case x.Row.Post != "" && m.PostType == "":
					says = append(says, fmt.Sprintf("在%s中担任公益性岗位「%s」，登记无公益性岗位", x.Source(), x.Row.Post))
				case x.Row.State == deptlists.Employed && !m.Works && !m.Student:
					says = append(says, fmt.Sprintf("在%s中已就业（%s），登记为未务工", x.Source(), blankAs(x.Row.Unit+x.Row.Place, "单位未填")))
				case x.Row.State == deptlists.Unemployed && m.WorkMonths.N > 0:
					says = append(says, fmt.Sprintf("在%s中为失业登记人员，登记为务工 %d 个月", x.Source(), m.WorkMonths.N))
				}
				if len(says) > 0 {
					emit(m.No, m.Name, strings.Join(says, "；"))
				}
			}
		},
	}),
	deptRule(deptlists.Health, &Rule{
		ID: "I7-18", Indicator: 7, Severity: Medium, Subject: Person,
		Title:   "卫健部门显示患病但登记为健康",
		Explain: "%s 在%s中患%s（%s），健康状况登记为「%s」",
		Reads:   []registry.Field{registry.PHealth},
		Basis: deptBasis + "；卫健部门的大病、慢性病患者和住院信息是因病返贫风险的线索，健康状况应与之一致，" +
			"患大病、慢性病的应落实健康帮扶和家庭医生签约服务",
		Fix: "入户核实：采纳卫健部门数据更正健康状况，落实健康帮扶和医疗保障政策，评估是否存在因病返贫致贫风险",
		Cases: []Case{
			{Desc: "卫健名单显示户主患大病（胃癌），健康状况登记为健康", Facts: deptCase(dlIll("P1", deptlists.Serious, "胃癌", 30000, 2026)), Fires: []string{"P1"}},
			{Desc: "卫健名单显示户主因病住院（普通住院），健康状况登记为健康", Facts: deptCase(dlIll("P1", deptlists.OtherIll, "阑尾炎", 3000, 2026))},
			{Desc: "卫健名单显示妻子患慢性病，已登记长期慢性病", From: monitored, Facts: deptCase(dlIll("P2", deptlists.Chronic, "高血压", 800, 2026))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f := deptFactsOf(h)
			if f == nil {
				return
			}
			for _, m := range h.Members {
				facts := f.Listed(deptlists.Health, m.No)
				st := deptlists.Illness(facts)
				if st == "" || m.Ill {
					continue
				}
				var names []string
				for _, x := range facts {
					if x.Row.Type != "" && !strings.Contains(strings.Join(names, ","), x.Row.Type) {
						names = append(names, x.Row.Type)
					}
				}
				emit(m.No, m.Name, facts[len(facts)-1].Source(), strings.TrimPrefix(strings.TrimPrefix(st, "患有"), "长期"), blankAs(joinCN(names), "病种未填"), blankAs(m.Health, "空"))
			}
		},
	}),
	deptRule(deptlists.Health, &Rule{
		ID: "I1-13", Indicator: 1, Severity: High, Subject: Household,
		Title:   "卫健部门显示大额自付医疗费用未纳入监测",
		Explain: "%s显示 %d 年家庭成员个人自付医疗费用合计 %s 元，超过%s预警线 %s 元（登记的合规自付医疗支出为 %s 元），且未纳入监测",
		Params:  []policy.Name{policy.MedicalTriggerLow, policy.MedicalTrigger},
		Reads:   []registry.Field{registry.IMedicalOOP, registry.HCategory, registry.HDibao, registry.HTekun, registry.PDibao, registry.PTekun},
		Basis:   deptBasis + "；因病刚性支出较大的农户应及时纳入监测，卫健、医保部门按个人自付费用设置预警线推送线索（预警线与 I1-07 相同）",
		Fix: "作为部门筛查预警线索入户核实，采纳卫健部门数据登记合规自付医疗支出；扣除医疗支出后收入低于监测范围或生活严重困难的按程序纳入监测，" +
			"落实医疗救助；核实不需纳入的作出说明",
		Cases: []Case{
			{Desc: "卫健名单显示户主 2026 年自付 30,000 元，登记合规自付医疗支出 0 元", Facts: deptCase(dlIll("P1", deptlists.Serious, "胃癌", 30000, 2026)), Fires: []string{hhNo}},
			{Desc: "户主自付 16,000 元、妻子自付 12,000 元，合计 28,000 元", Facts: deptCase(dlIll("P1", deptlists.OtherIll, "骨折", 16000, 2026),
				dlIll("P2", deptlists.OtherIll, "肺炎", 12000, 2026)), Fires: []string{hhNo}},
			{Desc: "户主自付 26,000 元（等于预警线）", Facts: deptCase(dlIll("P1", deptlists.Serious, "胃癌", 26000, 2026))},
			{Desc: "自付 30,000 元是 2025 年的", Facts: deptCase(dlIll("P1", deptlists.Serious, "胃癌", 30000, 2025))},
			{Desc: "登记的合规自付医疗支出已为 30,000 元（由 I1-07 报告）", Set: medicalCost(30000), Facts: deptCase(dlIll("P1", deptlists.Serious, "胃癌", 30000, 2026))},
			{Desc: "已纳入监测的户，户主自付 30,000 元", From: monitored, Facts: deptCase(dlIll("P1", deptlists.Serious, "胃癌", 30000, 2026))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f := deptFactsOf(h)
			if f == nil || h.H.Monitored() {
				return
			}
			cost := deptlists.HealthCost(f.Rows, c.Year)
			trigger, who := c.P.Money(policy.MedicalTrigger), "一般农户"
			if lowIncome(h) {
				trigger, who = c.P.Money(policy.MedicalTriggerLow), "低保特困户"
			}
			var registered registry.Money
			if h.Income != nil && h.Income.Year == c.Year {
				registered = h.Income.MedicalOOP
			}
			if cost > trigger && registered <= trigger {
				src := "卫健部门名单"
				for _, x := range f.Rows {
					if x.List.Kind == deptlists.Health && !x.Missing && x.Row.Year == c.Year {
						src = x.Source()
					}
				}
				emit(h.H.No, src, c.Year, cost, who, trigger, registered)
			}
		},
	}),
	deptRule(deptlists.Water, &Rule{
		ID: "I1-14", Indicator: 1, Severity: Medium, Subject: Household,
		Title:   "饮水安全与水利部门数据不符",
		Explain: "%s显示%s（%s），该户登记为%s",
		Reads:   []registry.Field{registry.HWaterSafe, registry.HWaterIssue},
		Basis: deptBasis + "；饮水安全以水利部门的农村供水工程水量、水质、用水方便程度和供水保证率评价为准" +
			"（后评估“两不愁三保障”及饮水安全指标）",
		Fix: "会同水利部门入户核实：本村供水不达标的落实饮水安全保障措施，并采纳水利数据更正登记；村内个别户情况不同的作出说明",
		Cases: []Case{
			{Desc: "水利名单显示本村供水达标，该户登记已解决安全饮用水", Facts: deptCase(dlWater(registry.Yes, ""))},
			{Desc: "水利名单显示本村水质不达标，该户登记已解决安全饮用水", Facts: deptCase(dlWater(registry.No, "水质")), Fires: []string{hhNo}},
			{Desc: "水利名单显示本村供水达标，该户登记未解决（水量）", Set: waterUnsafe("水量"), Facts: deptCase(dlWater(registry.Yes, "")), Fires: []string{hhNo}},
			{Desc: "水利名单显示本村水质不达标，该户登记也未解决", Set: waterUnsafe("水质"), Facts: deptCase(dlWater(registry.No, "水质"))},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f := deptFactsOf(h)
			if f == nil {
				return
			}
			x := f.Latest(deptlists.Water, "")
			switch {
			case x == nil:
			case x.Row.Flag == registry.No && h.H.WaterSafe == registry.Yes:
				emit(h.H.No, x.Source(), "本村供水不达标", blankAs(x.Row.Issues, "未注明方面"), "已解决安全饮用水")
			case x.Row.Flag == registry.Yes && h.H.WaterSafe == registry.No:
				emit(h.H.No, x.Source(), "本村供水达标", blankAs(x.Row.Type, "供水方式未填"), "未解决安全饮用水（"+blankAs(h.H.WaterIssue, "原因未填")+"），需核实是否为个别户问题")
			}
		},
	}),
}

func yearOf(x *deptlists.Fact) int {
	if x.Row.Year != 0 {
		return x.Row.Year
	}
	return x.List.Year
}

func appraisalText(x *deptlists.Fact) string {
	parts := []string{"鉴定日期 " + blankAs(x.Row.Date.String(), "未填")}
	if x.Row.State != "" {
		parts = append(parts, x.Row.State)
	}
	return strings.Join(parts, "，")
}

func civilText(what string, reg, dept registry.Flag, src string) string {
	if dept == registry.Yes {
		return src + "显示享受" + what + "，登记为" + blankAs(reg.String(), "空")
	}
	return "登记享受" + what + "，但" + src + "显示已停保"
}

// InsuredVillage is a village's 医保 participation this year and last: the target persons the
// registry held when each year's latest 医保 list was compared, and how many of them it showed
// insured.
type InsuredVillage struct {
	Village      region.Code
	Name         string
	Year, Prev   int
	Expected     int
	Covered      int
	PrevExpected int
	PrevCovered  int
}

// KindInsuredVillage is the object kind of a village's 医保 participation.
const KindInsuredVillage = "insured_village"

// Kind returns the object kind.
func (v *InsuredVillage) Kind() string { return KindInsuredVillage }

// ID returns the village code.
func (v *InsuredVillage) ID() string { return string(v.Village) }

// Region returns the village.
func (v *InsuredVillage) Region() region.Code { return v.Village }

// Label names the village.
func (v *InsuredVillage) Label() string { return blankAs(v.Name, string(v.Village)) }

func pct(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return 100 * float64(n) / float64(of)
}

func insuredVillage(exp, cov, pexp, pcov int) func() Object {
	return func() Object {
		return &InsuredVillage{Village: village, Name: "东关村", Year: 2026, Prev: 2025, Expected: exp, Covered: cov, PrevExpected: pexp, PrevCovered: pcov}
	}
}

var deptObjectRules = []*ObjectRule{
	{
		ID: "I1-15", Indicator: 1, Severity: Medium, Kind: KindInsuredVillage,
		Title:   "村帮扶对象医保参保率低于上年",
		Explain: "%s %d 年度帮扶对象医保参保 %d / %d 人（%.1f%%），低于 %d 年度的 %d / %d 人（%.1f%%）",
		Params:  []policy.Name{policy.DeptInsuredDropPct},
		Basis: deptBasis + "；脱贫人口和监测对象参保率应稳定在 99% 以上，政策调整时易出现断保，" +
			"按医保部门名单逐村比较上年参保情况",
		Fix: "对照医保部门名单逐人核实本村未参保的帮扶对象，动员参保并落实资助；已在外地参保的取得凭证",
		Cases: []ObjectCase{
			{Desc: "今年 198/200 人参保（99.0%），去年 199/200 人（99.5%）", Object: insuredVillage(200, 198, 200, 199), Fires: true},
			{Desc: "今年 199/200 人，去年 199/200 人", Object: insuredVillage(200, 199, 200, 199), Fires: false},
			{Desc: "今年 200/200 人，去年 190/200 人", Object: insuredVillage(200, 200, 200, 190), Fires: false},
			{Desc: "没有去年的医保名单", Object: insuredVillage(200, 150, 0, 0), Fires: false},
		},
		Check: func(c *Context, o Object, emit Emit) {
			v := o.(*InsuredVillage)
			if v.PrevExpected == 0 || v.Expected == 0 {
				return
			}
			now, before := pct(v.Covered, v.Expected), pct(v.PrevCovered, v.PrevExpected)
			if now < before-c.P.Num(policy.DeptInsuredDropPct) {
				emit(o.ID(), o.Label(), v.Year, v.Covered, v.Expected, now, v.Prev, v.PrevCovered, v.PrevExpected, before)
			}
		},
	},
}

var _ = func() bool {
	deptRuleKinds["I1-15"] = deptlists.Medical
	return registerObjects(deptObjectRules...)
}()

// The casebook's department lists: one list per kind, imported on 2026-11-20 for the village.

// dlRefs are the casebook's lists, one per kind: rows of one list share its ListRef.
var dlRefs = func() map[deptlists.Kind]*deptlists.ListRef {
	m := map[deptlists.Kind]*deptlists.ListRef{}
	for _, k := range deptlists.Kinds {
		m[k] = &deptlists.ListRef{ID: "L" + string(k), Kind: k, File: string(k) + "名单.xlsx", Scope: village, Year: 2026,
			At: time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)}
	}
	return m
}()

func dlRef(k deptlists.Kind) *deptlists.ListRef { return dlRefs[k] }

func dlFact(k deptlists.Kind, personNo string, r deptlists.Row) deptlists.Fact {
	return deptlists.Fact{List: dlRef(k), Seq: 3, PersonNo: personNo, Row: r}
}

func deptCase(fs ...deptlists.Fact) map[string]any {
	return map[string]any{deptlists.Domain: &deptlists.Facts{Rows: fs}}
}

func dlMissing(k deptlists.Kind, personNo string) deptlists.Fact {
	return deptlists.Fact{List: dlRef(k), PersonNo: personNo, Missing: true}
}

func dlMedical(p, state, typ string) deptlists.Fact {
	return dlFact(deptlists.Medical, p, deptlists.Row{State: state, Type: typ, Year: 2026})
}

func dlPaid(p string, paid registry.Flag) deptlists.Fact {
	return dlFact(deptlists.Medical, p, deptlists.Row{State: deptlists.Insured, Type: deptlists.Resident, Flag: paid, Year: 2026})
}

func dlHouse(grade, state string) deptlists.Fact {
	return dlFact(deptlists.Housing, "", deptlists.Row{Grade: grade, State: state, Date: ymd(2025, 9, 1)})
}

func dlDeath(p string, on registry.Date) deptlists.Fact {
	return dlFact(deptlists.Police, p, deptlists.Row{State: deptlists.Died, Date: on})
}

func dlMoved(p string, on registry.Date) deptlists.Fact {
	return dlFact(deptlists.Police, p, deptlists.Row{State: deptlists.MovedOut, Date: on, Place: "兰州市城关区"})
}

func dlCivil(p, typ, state string) deptlists.Fact {
	return dlFact(deptlists.Civil, p, deptlists.Row{Type: typ, State: state})
}

func dlTempAid(p string, on registry.Date) deptlists.Fact {
	return dlFact(deptlists.Civil, p, deptlists.Row{Type: deptlists.TempAid, State: deptlists.Active, Date: on, Amount: registry.Yuan(2000)})
}

func dlCert(p, category, grade string) deptlists.Fact {
	return dlFact(deptlists.Disability, p, deptlists.Row{Type: category, Grade: grade, State: deptlists.Valid})
}

func dlSchool(p, state, grade string) deptlists.Fact {
	return dlFact(deptlists.Education, p, deptlists.Row{State: state, Grade: grade, Place: "平襄镇中心小学"})
}

func dlJob(p, state, post, unit string) deptlists.Fact {
	return dlFact(deptlists.Labour, p, deptlists.Row{State: state, Post: post, Unit: unit})
}

func dlIll(p, state, name string, oop int64, year int) deptlists.Fact {
	return dlFact(deptlists.Health, p, deptlists.Row{State: state, Type: name, Amount: registry.Yuan(oop), Total: registry.Yuan(oop * 3), Year: year})
}

func dlWater(ok registry.Flag, issues string) deptlists.Fact {
	return dlFact(deptlists.Water, "", deptlists.Row{Village: village, Type: "集中供水", Flag: ok, Issues: issues})
}

// chinaTime is the time zone the lists' import days are told in: a list imported at 07:38 in
// the morning in China was imported that day, whatever the server's clock says.
var chinaTime = time.FixedZone("CST", 8*3600)

// listDay is the day a list was imported, as the county saw it.
func listDay(at time.Time) string { return at.In(chinaTime).Format("2006-01-02") }
