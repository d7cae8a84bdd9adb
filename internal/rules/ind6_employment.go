package rules

import (
	"fmt"
	"strings"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Indicator 6: employment, the rules the registry's person data decides: phones shared across
// households (a sign of made-up employment records), public-welfare posts held twice, without
// months or by people who cannot hold them, and work places that contradict the post.
var ind6 = []*Rule{
	{
		ID: "I6-01", Indicator: 6, Severity: Medium, Subject: Person,
		Title:   "同一联系电话登记在多户人员名下",
		Explain: "%s 的联系电话同时登记在 %d 户的人员名下（达到 %d 户即预警），务工等信息可能不实",
		Params:  []policy.Name{policy.SharedPhoneMin},
		Check: func(c *Context, h *House, emit Emit) {
			min := c.P.Int(policy.SharedPhoneMin)
			for _, m := range h.Members {
				if p := strings.TrimSpace(m.Phone); p != "" {
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
		Title:   "一人多岗",
		Explain: "%s 登记了 %d 个公益性岗位%s，每人最多 %d 个",
		Params:  []policy.Name{policy.PostsPerPerson},
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
		Title:   "公益性岗位无务工月数",
		Explain: "%s 登记担任「%s」，但公益性岗位月数为%s",
		Needs:   []registry.Field{registry.PPostMonths},
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
		Title:   "有公益性岗位月数但无岗位",
		Explain: "%s 的公益性岗位月数为 %d，但没有登记公益性岗位类型",
		Needs:   []registry.Field{registry.PPostType},
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
		Title:   "公益性岗位人员年龄不符",
		Explain: "%s %d 岁，担任「%s」，不在 %d–%d 岁的范围内",
		Params:  []policy.Name{policy.PostAgeMin, policy.PostAgeMax},
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
		Title:   "无劳动能力人员担任公益性岗位",
		Explain: "%s 的劳动技能为「%s」，却登记担任「%s」",
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
		Title:   "县外务工但就业渠道为公益岗位或帮扶车间",
		Explain: "%s 务工所在地为「%s」，就业渠道却是「%s」",
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
		Title:   "有劳动能力的帮扶对象无业且无就业帮扶",
		Explain: "%s %d 岁，劳动技能为「%s」，没有务工或公益性岗位，家庭也没有就业帮扶措施",
		Params:  []policy.Name{policy.WorkAgeMin, policy.WorkAgeMax},
		Needs:   []registry.Field{registry.HMeasures, registry.PWorkLocation, registry.PWorkMonths, registry.PPostType},
		Check: func(c *Context, h *House, emit Emit) {
			if !h.Target || h.HasAnyMeasure(registry.MeasureEmployment) {
				return
			}
			lo, hi := c.P.Int(policy.WorkAgeMin), c.P.Int(policy.WorkAgeMax)
			for _, m := range h.Members {
				if m.Able && !m.Student && !m.Works && m.AgeKnown && m.Age >= lo && m.Age <= hi {
					emit(m.No, m.Name, m.Age, m.LabourSkill)
				}
			}
		},
	},
}
