package rules

import (
	"fmt"
	"strings"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
)

// Indicator 7: regular assistance of the rural low-income population. 低保 and 特困供养 as
// flagged on the household and its people against the 综合保障 measure and the income that
// records them, households in which nobody can work and that get neither, and 特困 people the
// registry says can work (PRACTICE.md N).
var ind7 = []*Rule{
	{
		ID: "I7-01", Indicator: 7, Severity: Medium, Subject: Household,
		Title:   "享受低保但综合保障未登记低保",
		Explain: "%s享受低保，但综合保障措施中没有低保（现有综合保障：%s）",
		Needs:   []registry.Field{registry.HMeasures},
		Check: func(c *Context, h *House, emit Emit) {
			if who := onAssistance(h, false); who != "" && !h.MeasureMentions(registry.MeasureSocialSecurity, dibaoWords...) {
				emit(h.H.No, who, blankAs(socialSecurityText(h), "无"))
			}
		},
	},
	{
		ID: "I7-02", Indicator: 7, Severity: Medium, Subject: Household,
		Title:   "综合保障登记低保但无人享受低保",
		Explain: "综合保障措施（%s）中登记了低保，但户和家庭成员的是否享受低保均不为「是」",
		Needs:   []registry.Field{registry.PDibao},
		Check: func(c *Context, h *House, emit Emit) {
			if h.MeasureMentions(registry.MeasureSocialSecurity, dibaoWords...) && onAssistance(h, false) == "" {
				emit(h.H.No, socialSecurityText(h))
			}
		},
	},
	{
		ID: "I7-03", Indicator: 7, Severity: Medium, Subject: Household,
		Title:   "特困供养但综合保障未登记特困供养",
		Explain: "%s为特困供养人员，但综合保障措施中没有特困供养（现有综合保障：%s）",
		Needs:   []registry.Field{registry.HMeasures},
		Check: func(c *Context, h *House, emit Emit) {
			if who := onAssistance(h, true); who != "" && !h.MeasureMentions(registry.MeasureSocialSecurity, tekunWords...) {
				emit(h.H.No, who, blankAs(socialSecurityText(h), "无"))
			}
		},
	},
	{
		ID: "I7-04", Indicator: 7, Severity: Medium, Subject: Household,
		Title:   "综合保障登记特困供养但无特困人员",
		Explain: "综合保障措施（%s）中登记了特困供养，但户和家庭成员的是否特困供养均不为「是」",
		Needs:   []registry.Field{registry.PTekun},
		Check: func(c *Context, h *House, emit Emit) {
			if h.MeasureMentions(registry.MeasureSocialSecurity, tekunWords...) && onAssistance(h, true) == "" {
				emit(h.H.No, socialSecurityText(h))
			}
		},
	},
	{
		// A household flagged 特困 is I7-03's: this rule finds the payment nothing else records.
		ID: "I7-05", Indicator: 7, Severity: Medium, Subject: Household,
		Title:   "有特困供养金但无特困供养措施",
		Explain: "%d 年特困人员救助供养金 %s 元，但综合保障措施中没有特困供养，家庭成员也未登记为特困供养人员",
		Needs:   []registry.Field{registry.HMeasures, registry.PTekun},
		Check: func(c *Context, h *House, emit Emit) {
			in := h.Income
			if in == nil || in.Year != c.Year || in.TekunPay <= 0 {
				return
			}
			if onAssistance(h, true) == "" && !h.MeasureMentions(registry.MeasureSocialSecurity, tekunWords...) {
				emit(h.H.No, in.Year, in.TekunPay)
			}
		},
	},
	{
		ID: "I7-06", Indicator: 7, Severity: High, Subject: Household,
		Title:   "整户无劳动能力但未享受低保特困",
		Explain: "家庭 %d 名成员均无劳动能力（%s），但户和家庭成员均未享受低保或特困供养",
		Needs:   []registry.Field{registry.PLabourSkill, registry.PDibao, registry.PTekun},
		Check: func(c *Context, h *House, emit Emit) {
			if h.Target && h.NoLabourAtAll() && !lowIncome(h) {
				var who []string
				for _, m := range h.Members {
					who = append(who, m.Name+" "+blankAs(m.LabourSkill, "劳动技能空"))
				}
				emit(h.H.No, len(h.Members), joinCN(who))
			}
		},
	},
	{
		ID: "I7-07", Indicator: 7, Severity: Medium, Subject: Person,
		Title:   "特困供养人员健康或务工",
		Explain: "%s 为特困供养人员，但%s",
		Params:  []policy.Name{policy.TekunAgeMin, policy.TekunAgeMax},
		Check: func(c *Context, h *House, emit Emit) {
			lo, hi := c.P.Int(policy.TekunAgeMin), c.P.Int(policy.TekunAgeMax)
			for _, m := range h.Members {
				if m.Tekun != registry.Yes {
					continue
				}
				switch {
				case m.AgeKnown && m.Age >= lo && m.Age <= hi && m.Healthy && !m.Student:
					emit(m.No, m.Name, fmt.Sprintf("%d 岁（%d–%d 岁）、健康、不是在校生", m.Age, lo, hi))
				case m.WorkMonths.N > 0:
					emit(m.No, m.Name, fmt.Sprintf("务工时间为 %d 个月", m.WorkMonths.N))
				}
			}
		},
	},
}

// The words by which a 综合保障 description records 低保 and 特困供养.
var (
	dibaoWords = []string{"低保", "最低生活保障"}
	tekunWords = []string{"特困"}
)

// onAssistance names who is flagged on 低保, or on 特困供养 when tekun is set: "户" when the
// household is, else the flagged current members; "" when nobody is.
func onAssistance(h *House, tekun bool) string {
	flagged := func(dibao, tk registry.Flag) bool {
		if tekun {
			return tk == registry.Yes
		}
		return dibao == registry.Yes
	}
	if flagged(h.H.Dibao, h.H.Tekun) {
		return "户"
	}
	var who []string
	for _, m := range h.Members {
		if flagged(m.Dibao, m.Tekun) {
			who = append(who, m.Name)
		}
	}
	return joinCN(who)
}

// socialSecurityText joins the descriptions of the household's 综合保障 measures.
func socialSecurityText(h *House) string {
	var ds []string
	for i := range h.Active {
		if m := &h.Active[i]; m.Type == registry.MeasureSocialSecurity {
			ds = append(ds, blankAs(strings.TrimSpace(m.Description), "未填写内容"))
		}
	}
	return strings.Join(ds, "；")
}
