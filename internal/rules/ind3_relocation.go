package rules

import (
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
)

// Indicator 3: follow-up of poverty relocation, the part the registry decides: a relocated
// household with labour must have someone employed. Resettlement sites wait for site data.
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
		},
		Check: func(c *Context, h *House, emit Emit) {
			if h.H.Relocated != registry.Yes {
				return
			}
			able := h.CountMembers(func(m *Member) bool { return m.Able && !m.Student })
			working := h.CountMembers(func(m *Member) bool { return m.Works })
			if min := c.P.Int(policy.RelocEmployedMin); able > 0 && working < min {
				emit(h.H.No, able, working, min)
			}
		},
	},
}
