package policy

import "fmt"

// The scoring configuration of the post-evaluation scorecard (DOMAIN.md section 6, "Indicator
// values"; docs/scorecard.md): for each of the ten indicators a weight (points), and the target
// and floor of its measured rate. The score is full marks at the target and falls linearly to
// zero at the floor; a target below the floor means lower rates are better. Like every
// parameter they are set per region and year, and the scorecard never holds a threshold of its
// own.
//
// Indicators 2, 3, 5, 6, 7 and 8 are scored on several rates (ScoreParts): each part has a share of
// the indicator's weight and its own target and floor; the first part keeps the indicator's
// own target and floor (score_target_2, score_floor_2: the 漏纳率; 5: the expenditure; 8: the
// industry projects).

// ScoreWeight names the weight of indicator i (1–10).
func ScoreWeight(i int) Name { return Name(fmt.Sprintf("score_weight_%d", i)) }

// ScoreTarget names the rate at which indicator i scores full marks.
func ScoreTarget(i int) Name { return Name(fmt.Sprintf("score_target_%d", i)) }

// ScoreFloor names the rate at which indicator i scores zero.
func ScoreFloor(i int) Name { return Name(fmt.Sprintf("score_floor_%d", i)) }

// scoreRates are the measured rate of each indicator, its unit, and the default target and
// floor. The rates of indicators 4 and 10 are not computed yet (gonggu holds no visit or
// satisfaction data), but their configuration is shipped so that a bureau can prepare it.
var scoreRates = [11]struct {
	rate, unit    string
	target, floor string
}{
	1:  {"每千户脱贫户和监测对象中存在“两不愁三保障”及饮水安全问题的户", "‰", "0", "20"},
	2:  {"漏纳率（疑似漏纳户 ÷（监测户 + 疑似漏纳户））", "%", "0", "2"},
	3:  {"存在后续扶持问题的搬迁户", "‰", "0", "50"},
	4:  {"脱贫户和监测对象按规定频次走访的覆盖率", "%", "100", "90"},
	5:  {"衔接资金支出进度（占序时进度）", "%", "100", "80"},
	6:  {"存在就业帮扶问题的户", "‰", "0", "50"},
	7:  {"存在常态化帮扶问题的户", "‰", "0", "50"},
	8:  {"产业发展项目中存在验收、到户或带农问题的项目", "%", "0", "20"},
	9:  {"存在收入和支出问题的户", "‰", "0", "100"},
	10: {"群众满意度", "%", "95", "90"},
}

// ScoreRate returns the Chinese name and unit of indicator i's measured rate (for indicator 2,
// the 漏纳率, the first of its parts).
func ScoreRate(i int) (name, unit string) {
	if i < 1 || i > 10 {
		return "", ""
	}
	return scoreRates[i].rate, scoreRates[i].unit
}

// ScorePart is one of the rates a composite indicator is scored on: its share of the
// indicator's weight, and the rates at which it scores full marks and zero, are parameters.
type ScorePart struct {
	Indicator int
	Key       string // stable: stored with the counts
	Title     string // short name, in Chinese
	Rate      string // what the rate measures, in Chinese
	Unit      string
	Share     Name // its share of the indicator's weight, in % (normalised over the measured parts)
	Target    Name
	Floor     Name
}

// ScorePartName names a parameter of a part: score_<indicator>_<key>_<what>.
func ScorePartName(i int, key, what string) Name {
	return Name(fmt.Sprintf("score_%d_%s_%s", i, key, what))
}

// The parts of indicator 2, with their default share, target and floor.
var scoreParts = []struct {
	ScorePart
	share, target, floor string
}{
	// Indicator 4 (docs/scorecard.md): target households visited within their frequency, with
	// a helper in post, and the work teams' days in the village; each counted by the support
	// domain (store.SupportRate).
	{ScorePart{Indicator: 4, Key: "visits", Title: "走访覆盖率", Rate: scoreRates[4].rate, Unit: "%",
		Target: ScoreTarget(4), Floor: ScoreFloor(4)}, "40", "", ""},
	{ScorePart{Indicator: 4, Key: "helpers", Title: "帮扶责任人落实率",
		Rate: "脱贫户和监测对象中有在岗帮扶责任人的户所占比例", Unit: "%"}, "30", "100", "95"},
	{ScorePart{Indicator: 4, Key: "attendance", Title: "驻村工作队在岗率",
		Rate: "驻村工作队员本年已过各月中在村天数（含批准的请假）达到要求的人月所占比例", Unit: "%"}, "30", "100", "80"},
	// Indicator 10 (docs/scorecard.md): satisfaction in the surveys, families who know their
	// cadres, petitions handled in time; each counted by the recognition domain itself.
	{ScorePart{Indicator: 10, Key: "satisfaction", Title: "群众满意度", Rate: "近 12 个月满意度调查中总体评价为满意的户所占比例",
		Unit: "%", Target: ScoreTarget(10), Floor: ScoreFloor(10)}, "60", "", ""},
	{ScorePart{Indicator: 10, Key: "knows", Title: "干部知晓率",
		Rate: "最近一次走访（无走访记录时为调查）中认识帮扶责任人和驻村工作队的户所占比例", Unit: "%"}, "20", "95", "80"},
	{ScorePart{Indicator: 10, Key: "petitions", Title: "信访按期办结率",
		Rate: "到期的信访和媒体、督查反映问题中按期受理、实地核实并按期办结的所占比例", Unit: "%"}, "20", "100", "80"},
	{ScorePart{Indicator: 2, Key: "missed", Title: "漏纳率", Rate: scoreRates[2].rate, Unit: "%",
		Target: ScoreTarget(2), Floor: ScoreFloor(2)}, "40", "", ""},
	{ScorePart{Indicator: 2, Key: "no_measure", Title: "监测户帮扶措施缺失",
		Rate: "风险未消除的监测户中无帮扶措施或缺少开发式措施的户", Unit: "%"}, "20", "0", "5"},
	{ScorePart{Indicator: 2, Key: "elimination", Title: "风险消除不实",
		Rate: "已消除风险的监测户中消除过快或不符合消除条件的户", Unit: "%"}, "20", "0", "5"},
	{ScorePart{Indicator: 2, Key: "mismatch", Title: "措施与风险不匹配",
		Rate: "监测户中帮扶措施与风险类型或实际困难不匹配的户", Unit: "%"}, "20", "0", "10"},
	// Indicator 5 (docs/scorecard.md): the county's expenditure against the schedule and its
	// industry share, the projects behind schedule, the assets badly managed.
	{ScorePart{Indicator: 5, Key: "expenditure", Title: "资金支出进度", Rate: scoreRates[5].rate, Unit: "%",
		Target: ScoreTarget(5), Floor: ScoreFloor(5)}, "40", "", ""},
	{ScorePart{Indicator: 5, Key: "industry", Title: "产业项目资金占比",
		Rate: "当年项目批复的衔接资金中产业发展项目所占比例", Unit: "%"}, "20", "60", "50"},
	{ScorePart{Indicator: 5, Key: "projects", Title: "项目实施进度",
		Rate: "当年和上年的项目中逾期未开工或逾期未完工的项目所占比例", Unit: "%"}, "20", "0", "20"},
	{ScorePart{Indicator: 5, Key: "assets", Title: "资产管理",
		Rate: "扶贫项目资产中闲置、收益未分配、无管护主体或未确权登记的资产所占比例", Unit: "%"}, "20", "0", "20"},
	// Indicator 8: the industry projects' acceptance, payment and links with farmers, and the
	// PV stations.
	{ScorePart{Indicator: 8, Key: "projects", Title: "产业项目验收和带农", Rate: scoreRates[8].rate, Unit: "%",
		Target: ScoreTarget(8), Floor: ScoreFloor(8)}, "60", "", ""},
	{ScorePart{Indicator: 8, Key: "pv", Title: "光伏电站管理",
		Rate: "光伏电站中发电量偏低、运维超期、收益未分配或公益岗位比例不达标的电站所占比例", Unit: "%"}, "40", "0", "25"},
	// Indicators 3, 6 and 7 (docs/scorecard.md): the households with a problem of the
	// indicator, and the objects beyond the registry — sites and follow-up support; posts,
	// workshops and the employment against last year; low-income families and small loans.
	{ScorePart{Indicator: 3, Key: "households", Title: "搬迁户后续扶持问题", Rate: scoreRates[3].rate, Unit: "‰",
		Target: ScoreTarget(3), Floor: ScoreFloor(3)}, "50", "", ""},
	{ScorePart{Indicator: 3, Key: "sites", Title: "安置点设施管护",
		Rate: "安置点中有配套设施无人管护或无管护经费、保洁无人负责的安置点所占比例", Unit: "%"}, "25", "0", "20"},
	{ScorePart{Indicator: 3, Key: "followup", Title: "后续扶持覆盖",
		Rate: "安置点名单中的搬迁户近一年有后续扶持记录的比例", Unit: "%"}, "25", "100", "80"},
	{ScorePart{Indicator: 6, Key: "households", Title: "农户就业帮扶问题", Rate: scoreRates[6].rate, Unit: "‰",
		Target: ScoreTarget(6), Floor: ScoreFloor(6)}, "40", "", ""},
	{ScorePart{Indicator: 6, Key: "posts", Title: "公益性岗位管理",
		Rate: "在岗的公益性岗位中一人多岗、在外务工或补贴未按月发放的岗位所占比例", Unit: "%"}, "20", "0", "10"},
	{ScorePart{Indicator: 6, Key: "workshops", Title: "就业帮扶车间",
		Rate: "就业帮扶车间中停产、萎缩或把在别处务工的人算作吸纳就业的车间所占比例", Unit: "%"}, "20", "0", "20"},
	{ScorePart{Indicator: 6, Key: "employment", Title: "务工就业规模",
		Rate: "脱贫劳动力（含监测对象）务工就业人数占上年的比例", Unit: "%"}, "20", "100", "95"},
	{ScorePart{Indicator: 7, Key: "households", Title: "农户常态化帮扶问题", Rate: scoreRates[7].rate, Unit: "‰",
		Target: ScoreTarget(7), Floor: ScoreFloor(7)}, "50", "", ""},
	{ScorePart{Indicator: 7, Key: "low_income", Title: "低收入人口常态化帮扶",
		Rate: "农村低收入人口家庭中住院大病未及时跟进或帮扶记录超过一个季度未更新的家庭所占比例", Unit: "%"}, "30", "0", "10"},
	{ScorePart{Indicator: 7, Key: "loans", Title: "小额信贷逾期",
		Rate: "未还清的小额信贷中逾期的笔数所占比例", Unit: "%"}, "20", "0", "5"},
}

// ScoreParts returns the parts indicator i is scored on, or nil when it is scored on its one
// rate.
func ScoreParts(i int) []ScorePart {
	var out []ScorePart
	for _, p := range scoreParts {
		if p.Indicator != i {
			continue
		}
		sp := p.ScorePart
		sp.Share = ScorePartName(i, sp.Key, "share")
		if sp.Target == "" {
			sp.Target, sp.Floor = ScorePartName(i, sp.Key, "target"), ScorePartName(i, sp.Key, "floor")
		}
		out = append(out, sp)
	}
	return out
}

func scoringDefaults() []Param {
	var out []Param
	for i := 1; i <= 10; i++ {
		r := scoreRates[i]
		out = append(out,
			Param{ScoreWeight(i), fmt.Sprintf("后评估指标 %d 的分值（权重）", i), "分", Number, "10", "default"},
			Param{ScoreTarget(i), fmt.Sprintf("后评估指标 %d 得满分的%s", i, r.rate), r.unit, Number, r.target, "default"},
			Param{ScoreFloor(i), fmt.Sprintf("后评估指标 %d 得零分的%s", i, r.rate), r.unit, Number, r.floor, "default"},
		)
		for _, p := range scoreParts {
			if p.Indicator != i {
				continue
			}
			out = append(out, Param{ScorePartName(i, p.Key, "share"),
				fmt.Sprintf("后评估指标 %d 中“%s”所占分值比例（按有数据的各项折算）", i, p.Title), "%", Number, p.share, "default"})
			if p.target != "" {
				out = append(out,
					Param{ScorePartName(i, p.Key, "target"), fmt.Sprintf("后评估指标 %d 中“%s”得满分的比率：%s", i, p.Title, p.Rate), p.Unit, Number, p.target, "default"},
					Param{ScorePartName(i, p.Key, "floor"), fmt.Sprintf("后评估指标 %d 中“%s”得零分的比率：%s", i, p.Title, p.Rate), p.Unit, Number, p.floor, "default"},
				)
			}
		}
	}
	return out
}
