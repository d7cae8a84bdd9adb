package rules

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/recognition"
	"github.com/gonggu/gonggu/internal/registry"
)

// Indicator 10: recognition (群众认可度). What families answer in the satisfaction surveys —
// a village's satisfaction judged with its sample's size, a dissatisfied family left without a
// follow-up visit, a complaint many families of a village share — and how petitions and media
// or inspection reports are handled: accepted, verified on site and concluded within the
// statutory deadlines, and households that petition again and again. The household rules read
// the domain's facts (recognition.Facts); the object rules judge a village's answers, a
// complaint of a village and a petition. IDs from I10-11 on.

// ind10 are the household rules of indicator 10.
var ind10 = []*Rule{
	{
		ID: "I10-12", Indicator: 10, Severity: High, Subject: Household,
		Title:   "不满意户未及时回访",
		Explain: "%s的调查中总体评价为「%s」，已过 %d 天仍未回访（应在 %d 天内回访，回访或走访后自动消除）",
		Params:  []policy.Name{policy.SatisfiedMinScore, policy.SurveyFollowUpDays, policy.SurveyWindowMonths},
		Basis:   "后评估群众认可度：对调查中表示不满意的群众要逐户回访，查明原因、解决问题、解疑释惑（县级做法：不满意户 15 天内回访销号）",
		Fix:     "帮扶责任人或驻村工作队入户回访，了解不满意的原因并解决或解释，在系统中登记回访（或录入走访记录）",
		Cases: []Case{
			{Desc: "没有调查记录"},
			{Desc: "10 月 1 日调查总体「不满意」，至今未回访", Facts: surveyed(day10(10, 1), recognition.Dissatisfied, registry.Date{}), Fires: []string{hhNo}},
			{Desc: "11 月 20 日调查「不满意」，尚未满 15 天", Facts: surveyed(day10(11, 20), recognition.Dissatisfied, registry.Date{})},
			{Desc: "11 月 13 日调查「不满意」，今天（11 月 28 日）满 15 天", Facts: surveyed(day10(11, 13), recognition.Dissatisfied, registry.Date{})},
			{Desc: "11 月 12 日调查「不满意」，已过 16 天", Facts: surveyed(day10(11, 12), recognition.Dissatisfied, registry.Date{}), Fires: []string{hhNo}},
			{Desc: "10 月 1 日调查「非常不满意」，10 月 12 日已回访", Facts: surveyed(day10(10, 1), recognition.VeryDissatisfied, day10(10, 12))},
			{Desc: "10 月 1 日调查「不满意」，10 月 20 日帮扶干部走访过（走访记录）", Facts: surveyedVisited(day10(10, 1), day10(10, 20))},
			{Desc: "10 月 1 日调查「基本满意」（计为满意）", Facts: surveyed(day10(10, 1), recognition.Basic, registry.Date{})},
			{Desc: "2025 年 6 月调查「不满意」，已超出 12 个月的调查期", Facts: surveyed(registry.NewDate(2025, 6, 1), recognition.Dissatisfied, registry.Date{})},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f, ok := h.Fact(recognition.Domain).(*recognition.Facts)
			if !ok || f.Last == nil || f.Last.IsSatisfied(c.P) || f.Last.On.Before(recognition.Since(c.P, c.Ref)) {
				return
			}
			limit := c.P.Int(policy.SurveyFollowUpDays)
			if days := recognition.Days(f.Last.On, c.Ref); f.FollowUp().IsZero() && days > limit {
				emit(h.H.No, f.Last.On.String(), f.Last.OverallLabel(), days, limit)
			}
		},
	},
	{
		ID: "I10-18", Indicator: 10, Severity: Medium, Subject: Household,
		Title:   "同一户重复信访",
		Explain: "近 %d 个月信访 %d 件（达到 %d 件）：%s",
		Params:  []policy.Name{policy.PetitionRepeatMin, policy.PetitionRepeatMons},
		Basis:   "《信访工作条例》：对重复信访要分析原因、化解矛盾；后评估把涉及巩固脱贫成果的信访作为群众认可度的扣分依据",
		Fix:     "县乡两级领导包案，查清该户反复信访的诉求是否已解决，当面答复并跟踪回访；确属政策范围内的问题纳入整改台账",
		Cases: []Case{
			{Desc: "没有信访"},
			{Desc: "今年 3 月、9 月两次来访", Facts: petitioned(day10(3, 1), day10(9, 1)), Fires: []string{hhNo}},
			{Desc: "只有 9 月一次来访", Facts: petitioned(day10(9, 1))},
			{Desc: "2025 年 10 月、今年 9 月各一次，前一次已超出 12 个月", Facts: petitioned(registry.NewDate(2025, 10, 1), day10(9, 1))},
			{Desc: "2025 年 11 月 29 日、今年 9 月各一次，恰在 12 个月内", Facts: petitioned(registry.NewDate(2025, 11, 29), day10(9, 1)), Fires: []string{hhNo}},
		},
		Check: func(c *Context, h *House, emit Emit) {
			f, ok := h.Fact(recognition.Domain).(*recognition.Facts)
			if !ok {
				return
			}
			months := c.P.Int(policy.PetitionRepeatMons)
			since := recognition.AddDays(recognition.AddMonths(c.Ref, -months), 1)
			var titles []string
			for _, p := range f.Petitions {
				if !p.ReceivedOn.Before(since) && !c.Ref.Before(p.ReceivedOn) {
					titles = append(titles, p.ReceivedOn.String()+"「"+p.Title+"」")
				}
			}
			if min := c.P.Int(policy.PetitionRepeatMin); len(titles) >= min && min > 0 {
				emit(h.H.No, months, len(titles), min, joinCN(titles))
			}
		},
	},
}

// day10 is a day of 2026, the cases' year.
func day10(m, d int) registry.Date { return registry.NewDate(2026, time.Month(m), d) }

// surveyed is a household whose last survey was on the day with the answer, followed up on
// the day given (zero for none).
func surveyed(on registry.Date, overall int, followUp registry.Date) map[string]any {
	return map[string]any{recognition.Domain: &recognition.Facts{Surveys: true,
		Last: &recognition.Survey{HouseholdNo: hhNo, On: on, Overall: overall, FollowUpOn: followUp}}}
}

// surveyedVisited is a household dissatisfied on the day and visited later.
func surveyedVisited(on, visited registry.Date) map[string]any {
	f := surveyed(on, recognition.Dissatisfied, registry.Date{})
	f[recognition.Domain].(*recognition.Facts).VisitsAfter = []registry.Date{visited}
	return f
}

// petitioned is a household with a petition received on each day.
func petitioned(days ...registry.Date) map[string]any {
	f := &recognition.Facts{}
	for i, d := range days {
		f.Petitions = append(f.Petitions, recognition.PetitionFact{ID: strconv.Itoa(i), Kind: recognition.ByVisit, Title: "反映低保问题", ReceivedOn: d})
	}
	return map[string]any{recognition.Domain: f}
}

// petitionDeadlines are the parameters of a petition's deadlines (recognition.DeadlinesOf).
var petitionDeadlines = []policy.Name{policy.PetitionAcceptDays, policy.PetitionVerifyDays, policy.PetitionCloseDays,
	policy.PetitionExtendMax, policy.ReportCloseDays}

// The object rules of indicator 10.
var _ = registerObjects(
	&ObjectRule{
		ID: "I10-11", Indicator: 10, Severity: High, Kind: recognition.KindVillage,
		Title:   "村群众满意度低于目标",
		Explain: "近 %d 个月调查 %d 户，满意 %d 户，满意度 %s%%（95%% 置信区间 %s–%s%%），低于目标 %s%%",
		Params:  []policy.Name{policy.SatisfactionTarget, policy.SatisfiedMinScore, policy.SurveyWindowMonths, policy.SurveyMinSample},
		Basis:   "后评估群众认可度指标：群众满意度不低于 95%（原贫困县退出验收不低于 90%）；样本少于规定户数时，仅当置信区间整体低于目标才判定",
		Fix:     "逐户分析不满意户的原因（帮扶措施、基础设施、政策解释），列入整改台账逐项解决，整改后再次调查",
		Cases: []ObjectCase{
			{Desc: "20 户中 18 户满意（90%）", Object: surveyVillage(20, 18), Fires: true},
			{Desc: "20 户中 19 户满意（95%）", Object: surveyVillage(20, 19)},
			{Desc: "6 户中 5 户满意（83%），样本不足 10 户，置信区间 44–97% 包含目标", Object: surveyVillage(6, 5)},
			{Desc: "6 户中 1 户满意（17%），置信区间 3–56% 整体低于目标", Object: surveyVillage(6, 1), Fires: true},
			{Desc: "没有调查记录", Object: surveyVillage(0, 0)},
		},
		Check: func(c *Context, o Object, emit Emit) {
			v := o.(*recognition.VillageAnswers)
			t := recognition.TallyOf(recognition.Latest(v.Answers, recognition.Since(c.P, c.Ref)), c.P)
			target := c.P.Num(policy.SatisfactionTarget)
			if t.Satisfied.Below(target, c.P.Int(policy.SurveyMinSample)) {
				lo, hi := t.Satisfied.Interval()
				emit(v.ID(), c.P.Int(policy.SurveyWindowMonths), t.Satisfied.N, t.Satisfied.Yes, num1(t.Satisfied.Pct()), num1(lo), num1(hi), num1(target))
			}
		},
	},
	&ObjectRule{
		ID: "I10-13", Indicator: 10, Severity: Low, Kind: recognition.KindVillage,
		Title:   "村满意度调查样本不足",
		Explain: "近 %d 个月只调查了 %d 户（本村脱贫户和监测户 %d 户），少于 %d 户，满意度的置信区间过宽，无法可靠判断",
		Params:  []policy.Name{policy.SurveyWindowMonths, policy.SurveyMinSample},
		Basis:   "后评估按户抽样入户调查；本县自查的样本过少时满意度没有代表性（6 户全部满意不等于满意度 100%）",
		Fix:     "补充入户调查，至少覆盖规定户数（脱贫户和监测户少于规定户数的村全部调查）",
		Cases: []ObjectCase{
			{Desc: "40 户帮扶对象，调查了 6 户", Object: surveyVillage(6, 6), Fires: true},
			{Desc: "40 户帮扶对象，调查了 10 户", Object: surveyVillage(10, 10)},
			{Desc: "只有 4 户帮扶对象，全部调查", Object: func() Object { v := surveyVillage(4, 4)(); v.(*recognition.VillageAnswers).Households = 4; return v }},
		},
		Check: func(c *Context, o Object, emit Emit) {
			v := o.(*recognition.VillageAnswers)
			n := len(recognition.Latest(v.Answers, recognition.Since(c.P, c.Ref)))
			want := min(c.P.Int(policy.SurveyMinSample), v.Households)
			if v.Households > 0 && n < want {
				emit(v.ID(), c.P.Int(policy.SurveyWindowMonths), n, v.Households, want)
			}
		},
	},
	&ObjectRule{
		ID: "I10-14", Indicator: 10, Severity: Medium, Kind: recognition.KindComplaint,
		Title:   "同类诉求在村内反复出现",
		Explain: "近 %d 个月有 %d 户反映%s方面的问题（达到 %d 户，最近一次 %s）",
		Params:  []policy.Name{policy.SurveyWindowMonths, policy.ComplaintRecurMin},
		Basis:   "群众反映强烈的道路、饮水、医疗、养老、垃圾污水等短板是后评估群众认可度的主要失分点，应纳入短板梳理和项目库",
		Fix:     "核实诉求，属于基础设施和公共服务短板的纳入项目库和整改台账，向群众公开解决计划和进度",
		Cases: []ObjectCase{
			{Desc: "3 户反映道路", Object: complaint(3, 0), Fires: true},
			{Desc: "2 户反映道路", Object: complaint(2, 0)},
			{Desc: "同一户两次反映、另一户一次", Object: complaint(2, 1)},
			{Desc: "3 户反映，其中 1 户在一年多以前", Object: func() Object {
				o := complaint(3, 0)().(*recognition.Complaint)
				o.Mentions[0].On = registry.NewDate(2025, 6, 1)
				return o
			}},
		},
		Check: func(c *Context, o Object, emit Emit) {
			v := o.(*recognition.Complaint)
			n, last := v.Households(recognition.Since(c.P, c.Ref))
			if min := c.P.Int(policy.ComplaintRecurMin); n >= min && min > 0 {
				emit(v.ID(), c.P.Int(policy.SurveyWindowMonths), n, v.Category, min, last.String())
			}
		},
	},
	&ObjectRule{
		ID: "I10-15", Indicator: 10, Severity: High, Kind: recognition.KindPetition,
		Title:   "信访事项逾期未受理",
		Explain: "%s于 %s 收到，至今未受理，已超过受理期限 %s",
		Params:  petitionDeadlines,
		Basis:   "《信访工作条例》第二十五条：有权处理的机关应当自收到信访事项之日起 15 日内告知信访人是否受理",
		Fix:     "立即登记受理（或告知不予受理的理由），并在系统中填写受理日期",
		Cases: []ObjectCase{
			{Desc: "11 月 1 日收到的来信未受理", Object: petition(func(p *recognition.Petition) { p.ReceivedOn = day10(11, 1) }), Fires: true},
			{Desc: "11 月 13 日收到，今天满 15 天", Object: petition(func(p *recognition.Petition) { p.ReceivedOn = day10(11, 13) })},
			{Desc: "11 月 1 日收到，11 月 5 日已受理", Object: petition(func(p *recognition.Petition) {
				p.ReceivedOn, p.AcceptedOn = day10(11, 1), day10(11, 5)
			})},
			{Desc: "媒体报道（无受理环节）", Object: petition(func(p *recognition.Petition) { p.Kind, p.ReceivedOn = recognition.Media, day10(11, 1) })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := &o.(*recognition.PetitionObject).Petition
			if d := p.DeadlinesOf(c.P); p.Accepted().IsZero() && d.Accept.Before(c.Ref) {
				emit(p.ID, p.Kind, p.ReceivedOn.String(), d.Accept.String())
			}
		},
	},
	&ObjectRule{
		ID: "I10-16", Indicator: 10, Severity: High, Kind: recognition.KindPetition,
		Title:   "信访事项未按期实地核实",
		Explain: "%s受理后至今未实地核实，已超过核实期限 %s",
		Params:  petitionDeadlines,
		Basis:   "涉及巩固脱贫成果的信访和媒体、督查反映的问题须到户到现场核实，不能以电话、材料代替实地核实",
		Fix:     "承办单位到现场核实，登记核实人、核实日期和核实情况",
		Cases: []ObjectCase{
			{Desc: "9 月 1 日受理，至今未核实（期限 10 月 1 日）", Object: petition(func(p *recognition.Petition) {
				p.ReceivedOn, p.AcceptedOn = day10(8, 28), day10(9, 1)
			}), Fires: true},
			{Desc: "11 月 10 日受理，尚在 30 天内", Object: petition(func(p *recognition.Petition) {
				p.ReceivedOn, p.AcceptedOn = day10(11, 8), day10(11, 10)
			})},
			{Desc: "9 月 1 日受理，9 月 20 日已核实", Object: petition(func(p *recognition.Petition) {
				p.ReceivedOn, p.AcceptedOn, p.VerifiedOn, p.VerifiedBy = day10(8, 28), day10(9, 1), day10(9, 20), "王乡长"
			})},
			{Desc: "媒体报道 10 月 1 日收到，至今未核实（期限 10 月 31 日）", Object: petition(func(p *recognition.Petition) {
				p.Kind, p.ReceivedOn = recognition.Media, day10(10, 1)
			}), Fires: true},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := &o.(*recognition.PetitionObject).Petition
			d := p.DeadlinesOf(c.P)
			if !p.Accepted().IsZero() && p.ConcludedOn.IsZero() && p.VerifiedOn.IsZero() && d.Verify.Before(c.Ref) {
				emit(p.ID, p.Kind, d.Verify.String())
			}
		},
	},
	&ObjectRule{
		ID: "I10-17", Indicator: 10, Severity: High, Kind: recognition.KindPetition,
		Title:   "信访事项逾期未办结",
		Explain: "%s于 %s 收到，至今未办结，已超过办结期限 %s",
		Params:  petitionDeadlines,
		Basis:   "《信访工作条例》第三十二条：信访事项应当自受理之日起 60 日内办结，情况复杂的经批准可适当延长，延长期限不得超过 30 日；媒体和督查反映的问题按交办时限办结",
		Fix:     "督促承办单位办结并出具处理意见；确需延期的按规定审批并登记延期天数",
		Cases: []ObjectCase{
			{Desc: "8 月 1 日受理，至今未办结（期限 9 月 30 日）", Object: petition(func(p *recognition.Petition) {
				p.ReceivedOn, p.AcceptedOn = day10(7, 28), day10(8, 1)
			}), Fires: true},
			{Desc: "8 月 1 日受理，经批准延期 30 天，期限 10 月 30 日已过", Object: petition(func(p *recognition.Petition) {
				p.ReceivedOn, p.AcceptedOn, p.ExtendDays = day10(7, 28), day10(8, 1), 30
			}), Fires: true},
			{Desc: "10 月 1 日受理，尚在 60 天内", Object: petition(func(p *recognition.Petition) {
				p.ReceivedOn, p.AcceptedOn = day10(9, 28), day10(10, 1)
			})},
			{Desc: "8 月 1 日受理，9 月 15 日已办结", Object: petition(func(p *recognition.Petition) {
				p.ReceivedOn, p.AcceptedOn, p.ConcludedOn, p.Conclusion = day10(7, 28), day10(8, 1), day10(9, 15), "已解决"
			})},
			{Desc: "督查反馈 10 月 1 日收到，至今未办结（期限 10 月 31 日）", Object: petition(func(p *recognition.Petition) {
				p.Kind, p.ReceivedOn = recognition.Inspection, day10(10, 1)
			}), Fires: true},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := &o.(*recognition.PetitionObject).Petition
			if d := p.DeadlinesOf(c.P); p.ConcludedOn.IsZero() && d.Conclude.Before(c.Ref) {
				emit(p.ID, p.Kind, p.ReceivedOn.String(), d.Conclude.String())
			}
		},
	},
	&ObjectRule{
		ID: "I10-19", Indicator: 10, Severity: Medium, Kind: recognition.KindPetition,
		Title:   "信访事项办结但未实地核实",
		Explain: "%s已于 %s 办结，但%s",
		Basis:   "信访事项办结应以实地核实为前提，不得未经核实即答复办结（群众反映“只答复不解决”是认可度失分的常见原因）",
		Fix:     "补做实地核实，登记核实人和核实情况；核实发现问题未解决的重新办理",
		Cases: []ObjectCase{
			{Desc: "办结，没有实地核实", Object: petition(func(p *recognition.Petition) {
				p.ReceivedOn, p.AcceptedOn, p.ConcludedOn, p.Conclusion = day10(8, 28), day10(9, 1), day10(10, 1), "已答复"
			}), Fires: true},
			{Desc: "办结，之后才核实", Object: petition(func(p *recognition.Petition) {
				p.ReceivedOn, p.AcceptedOn, p.ConcludedOn, p.Conclusion = day10(8, 28), day10(9, 1), day10(10, 1), "已答复"
				p.VerifiedOn, p.VerifiedBy = day10(10, 8), "王"
			}), Fires: true},
			{Desc: "核实后办结", Object: petition(func(p *recognition.Petition) {
				p.ReceivedOn, p.AcceptedOn, p.ConcludedOn, p.Conclusion = day10(8, 28), day10(9, 1), day10(10, 1), "已解决"
				p.VerifiedOn, p.VerifiedBy = day10(9, 10), "王"
			})},
			{Desc: "尚未办结", Object: petition(func(p *recognition.Petition) { p.ReceivedOn, p.AcceptedOn = day10(11, 20), day10(11, 21) })},
		},
		Check: func(c *Context, o Object, emit Emit) {
			p := &o.(*recognition.PetitionObject).Petition
			switch {
			case p.ConcludedOn.IsZero():
			case p.VerifiedOn.IsZero():
				emit(p.ID, p.Kind, p.ConcludedOn.String(), "没有实地核实的记录")
			case p.ConcludedOn.Before(p.VerifiedOn):
				emit(p.ID, p.Kind, p.ConcludedOn.String(), "实地核实（"+p.VerifiedOn.String()+"）在办结之后")
			}
		},
	},
)

// surveyVillage is a village of 40 target households where n were surveyed this autumn and
// yes of them satisfied.
func surveyVillage(n, yes int) func() Object {
	return func() Object {
		v := &recognition.VillageAnswers{Village: village, Name: "石滩村", Households: 40}
		for i := 0; i < n; i++ {
			a := recognition.Answer{HouseholdNo: fmt.Sprintf("H%02d", i), On: day10(10, 1+i%20), Overall: recognition.Dissatisfied}
			if i < yes {
				a.Overall = recognition.Satisfied
			}
			v.Answers = append(v.Answers, a)
		}
		return v
	}
}

// complaint is a village's 道路 complaint raised by n households this autumn, and again by
// repeat of them.
func complaint(n, repeat int) func() Object {
	return func() Object {
		o := &recognition.Complaint{Village: village, Name: "石滩村", Category: "道路"}
		for i := 0; i < n; i++ {
			o.Mentions = append(o.Mentions, recognition.Mention{HouseholdNo: fmt.Sprintf("H%02d", i), On: day10(9, 1+i)})
		}
		for i := 0; i < repeat; i++ {
			o.Mentions = append(o.Mentions, recognition.Mention{HouseholdNo: "H00", On: day10(10, 1)})
		}
		return o
	}
}

// petition is a letter about the village's road, changed by set.
func petition(set func(p *recognition.Petition)) func() Object {
	return func() Object {
		p := &recognition.PetitionObject{Petition: recognition.Petition{ID: "621121-P1", County: "621121000000", Region: village,
			Kind: recognition.ByLetter, Title: "村道损坏", Topic: "道路"}}
		set(&p.Petition)
		return p
	}
}

// num1 writes a number with at most one decimal.
func num1(f float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(f, 'f', 1, 64), ".0")
}
