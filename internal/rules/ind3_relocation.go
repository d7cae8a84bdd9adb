package rules

import (
	"github.com/gonggu/gonggu/internal/employment"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/relocation"
)

// Indicator 3: follow-up of poverty relocation. A relocated household with labour must have
// someone employed — the registry's work records, or a post or a workshop job on the county's
// lists; an able member left idle must be helped towards a job; every relocated household gets
// follow-up support. The resettlement sites themselves are judged by the object rules of
// ind3_sites.go.
var ind3 = []*Rule{
	{
		ID: "I3-01", Indicator: 3, Severity: High, Subject: Household,
		Title:   "有劳动力的搬迁户无人就业",
		Explain: "易地扶贫搬迁户有 %d 名普通或技能劳动力，就业的只有 %d 人，少于 %d 人",
		Params:  []policy.Name{policy.RelocEmployedMin},
		Needs:   []registry.Field{registry.PWorkLocation, registry.PWorkMonths, registry.PPostType},
		Reads:   []registry.Field{registry.HRelocated, registry.PLabourSkill, registry.PSchoolStatus},
		Basis: "易地扶贫搬迁后续扶持要求有劳动力的搬迁家庭至少有 1 人稳定就业（后评估“易地搬迁后续扶持”指标）；" +
			"务工（有务工时间或务工所在地）和担任公益性岗位都算就业",
		Fix: "入户核实搬迁户劳动力的就业情况：已务工的补录务工所在地和务工时间；确未就业的，" +
			"通过安置点就业帮扶车间、劳务输出、公益性岗位等落实至少 1 人就业，并登记就业帮扶措施",
		Cases: []Case{
			{Desc: "搬迁户，户主在「浙江省宁波市鄞州区」务工 10 个月，妻子在县内乡外务工", Set: both(relocatedHH, atWork(0, "浙江省宁波市鄞州区", 10))},
			{Desc: "搬迁户，夫妻都是普通劳动力，都没有务工时间、务工所在地和公益性岗位", Set: both(relocatedHH, allIdle), Fires: []string{hhNo}},
			{Desc: "搬迁户，只有户主务工，务工时间 1 个月（达到至少 1 人）", Set: both(relocatedHH, allIdle, atWork(0, "兰州市城关区", 1))},
			{Desc: "搬迁户，无人务工，妻子担任乡村公益性岗位 12 个月", Set: both(relocatedHH, allIdle, post(1, "乡村公益性岗位", 12))},
			{Desc: "搬迁户，无人务工，夫妻都是弱劳动力或半劳动力", Set: both(relocatedHH, allIdle, skillOf(0, "弱劳动力或半劳动力"), skillOf(1, "弱劳动力或半劳动力"))},
			{Desc: "搬迁户，无人务工，全家丧失劳动力或无劳动力", Set: both(relocatedHH, allIdle, labour("丧失劳动力"))},
			{Desc: "不是搬迁户，无人务工", Set: allIdle},
			{Desc: "搬迁户，夫妻都没有务工信息，但妻子在就业帮扶车间务工（车间务工人员名单）", Set: both(relocatedHH, allIdle),
				Facts: map[string]any{employment.Domain: listJob(spouseKey, "车间「城关扶贫车间」")}},
			{Desc: "搬迁户，夫妻都没有务工信息，户主担任生态护林员（林草部门的公益性岗位台账，登记的姓名写法不同）", Set: both(relocatedHH, allIdle),
				Facts: map[string]any{employment.Domain: listJob(headKey, "岗位「生态护林员」（林草）")}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			if h.H.Relocated != registry.Yes {
				return
			}
			able := h.CountMembers(func(m *Member) bool { return m.Able && !m.Student })
			working := h.CountMembers(func(m *Member) bool { return m.Works || listedJob(h, m) })
			if min := c.P.Int(policy.RelocEmployedMin); able > 0 && working < min {
				emit(h.H.No, able, working, min)
			}
		},
	}, {
		ID: "I3-02", Indicator: 3, Severity: Medium, Subject: Person,
		Title:   "搬迁群众有劳动能力却赋闲且无就业扶持",
		Explain: "%s %d 岁，劳动技能为「%s」，没有务工、公益性岗位或车间就业，近 %d 个月也没有就业帮扶、技能培训或公益性岗位方面的后续扶持记录",
		Params:  []policy.Name{policy.WorkAgeMin, policy.WorkAgeMax, policy.FollowUpMonths},
		Needs:   []registry.Field{registry.PWorkLocation, registry.PWorkMonths, registry.PPostType},
		Reads:   []registry.Field{registry.HRelocated, registry.PLabourSkill, registry.PSchoolStatus, registry.PIDNumber},
		Basis: "易地搬迁后续扶持要求对有劳动能力、有就业意愿的搬迁群众应帮尽帮，防止“仍然赋闲在家的搬迁群众”（后评估“易地搬迁后续扶持”指标）；" +
			"只在县里建有后续扶持记录时判断：没有记录的县无从知道是否扶持过",
		Fix: "入户了解本人的就业意愿：在外务工或在家务农的，补录务工信息；确实赋闲的，通过安置点就业服务站推荐岗位、组织技能培训或安排公益性岗位，并登记后续扶持记录",
		Cases: []Case{
			{Desc: "搬迁户，妻子普通劳动力、没有务工，近 6 个月有「就业帮扶」后续扶持记录", Set: both(relocatedHH, notWorking(1)),
				Facts: map[string]any{relocation.Domain: followUps("就业帮扶", 2026, 9, 1)}},
			{Desc: "搬迁户，妻子普通劳动力、没有务工，最近一次后续扶持是 2026-05-27 的「技能培训」（超过 6 个月）", Set: both(relocatedHH, notWorking(1)),
				Facts: map[string]any{relocation.Domain: followUps("技能培训", 2026, 5, 27)}, Fires: []string{"P2"}},
			{Desc: "搬迁户，妻子没有务工，2026-05-28 有「技能培训」记录（恰好 6 个月内）", Set: both(relocatedHH, notWorking(1)),
				Facts: map[string]any{relocation.Domain: followUps("技能培训", 2026, 5, 28)}},
			{Desc: "搬迁户，妻子没有务工，近期只有「社区融入」扶持记录", Set: both(relocatedHH, notWorking(1)),
				Facts: map[string]any{relocation.Domain: followUps("社区融入", 2026, 10, 1)}, Fires: []string{"P2"}},
			{Desc: "搬迁户，妻子没有务工，但在就业帮扶车间务工（车间务工人员名单）", Set: both(relocatedHH, notWorking(1)),
				Facts: map[string]any{relocation.Domain: followUps("社区融入", 2026, 10, 1), employment.Domain: listJob(spouseKey, "车间「城关扶贫车间」")}},
			{Desc: "搬迁户，妻子没有务工，县里没有建立后续扶持记录（未采集）", Set: both(relocatedHH, notWorking(1))},
			{Desc: "搬迁户，妻子没有务工，是弱劳动力或半劳动力", Set: both(relocatedHH, notWorking(1), skillOf(1, "弱劳动力或半劳动力")),
				Facts: map[string]any{relocation.Domain: followUps("社区融入", 2026, 10, 1)}},
			{Desc: "不是搬迁户，妻子没有务工", Set: notWorking(1), Facts: map[string]any{relocation.Domain: followUps("社区融入", 2026, 10, 1)}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f, _ := h.Fact(relocation.Domain).(*relocation.Facts)
			if h.H.Relocated != registry.Yes || f == nil || !f.FollowUps {
				return
			}
			months := c.P.Int(policy.FollowUpMonths)
			for _, s := range f.Since(monthsBefore(c.Ref, months)) {
				if relocation.Employment(s.Kind) {
					return
				}
			}
			lo, hi := c.P.Int(policy.WorkAgeMin), c.P.Int(policy.WorkAgeMax)
			for _, m := range h.Members {
				if m.Able && !m.Student && m.AgeKnown && m.Age >= lo && m.Age <= hi && !m.Works && !listedJob(h, m) {
					emit(m.No, m.Name, m.Age, m.LabourSkill, months)
				}
			}
		},
	},
	{
		ID: "I3-03", Indicator: 3, Severity: Medium, Subject: Household,
		Title:   "搬迁户长期没有后续扶持记录",
		Explain: "易地扶贫搬迁户%s，近 %d 个月没有后续扶持记录（最近一次：%s）",
		Params:  []policy.Name{policy.FollowUpMonths},
		Reads:   []registry.Field{registry.HRelocated},
		Basis: "易地扶贫搬迁后续扶持要求对每户搬迁户持续落实就业、产业、社区融入和公共服务等扶持，做到“稳得住、有就业、逐步能致富”（后评估“易地搬迁后续扶持”指标）；" +
			"只在县里建有后续扶持记录时判断",
		Fix: "安排安置点社区或帮扶干部入户，了解搬迁户的就业、生活和融入情况，落实相应扶持并登记后续扶持记录",
		Cases: []Case{
			{Desc: "搬迁户，2026-09-01 有后续扶持记录", Set: relocatedHH, Facts: map[string]any{relocation.Domain: followUps("社区融入", 2026, 9, 1)}},
			{Desc: "搬迁户，最近一次后续扶持是 2026-05-27（超过 6 个月）", Set: relocatedHH, Facts: map[string]any{relocation.Domain: followUps("公共服务", 2026, 5, 27)}, Fires: []string{hhNo}},
			{Desc: "搬迁户，从没有后续扶持记录，县里建有记录", Set: relocatedHH, Facts: map[string]any{relocation.Domain: &relocation.Facts{Sites: true, FollowUps: true, Site: "城关安置点"}}, Fires: []string{hhNo}},
			{Desc: "搬迁户，县里没有建立后续扶持记录（未采集）", Set: relocatedHH},
			{Desc: "不是搬迁户", Facts: map[string]any{relocation.Domain: &relocation.Facts{Sites: true, FollowUps: true}}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f, _ := h.Fact(relocation.Domain).(*relocation.Facts)
			if h.H.Relocated != registry.Yes || f == nil || !f.FollowUps {
				return
			}
			months := c.P.Int(policy.FollowUpMonths)
			if len(f.Since(monthsBefore(c.Ref, months))) > 0 {
				return
			}
			last, site := "无", ""
			if n := len(f.Support); n > 0 {
				last = f.Support[n-1].On.String() + " " + f.Support[n-1].Kind
			}
			if f.Site != "" {
				site = "（" + f.Site + "）"
			}
			emit(h.H.No, site, months, last)
		},
	},
}

// listedJob reports whether the county's post or workshop lists employ the member on the day
// the facts were read (employment.Facts).
func listedJob(h *House, m *Member) bool {
	f, _ := h.Fact(employment.Domain).(*employment.Facts)
	return f != nil && f.Employed(m.Key)
}

// monthsBefore returns the day n months before d.
func monthsBefore(d registry.Date, n int) registry.Date {
	return registry.DateOf(d.Time().AddDate(0, -n, 0))
}
