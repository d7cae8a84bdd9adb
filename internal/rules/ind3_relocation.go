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
