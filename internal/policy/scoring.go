package policy

import "fmt"

// The scoring configuration of the post-evaluation scorecard (DOMAIN.md section 6, "Indicator
// values"): for each of the ten indicators a weight (points), and the target and floor of its
// measured rate. The score is full marks at the target and falls linearly to zero at the
// floor; a target below the floor means lower rates are better. Like every parameter they are
// set per region and year, and the scorecard never holds a threshold of its own.

// ScoreWeight names the weight of indicator i (1–10).
func ScoreWeight(i int) Name { return Name(fmt.Sprintf("score_weight_%d", i)) }

// ScoreTarget names the rate at which indicator i scores full marks.
func ScoreTarget(i int) Name { return Name(fmt.Sprintf("score_target_%d", i)) }

// ScoreFloor names the rate at which indicator i scores zero.
func ScoreFloor(i int) Name { return Name(fmt.Sprintf("score_floor_%d", i)) }

// scoreRates are the measured rate of each indicator, its unit, and the default target and
// floor. The rates of indicators 4, 5, 8 and 10 are not computed yet (gonggu holds no
// visit, fund, industry or satisfaction data), but their configuration is
// shipped so that a bureau can prepare it.
var scoreRates = [11]struct {
	rate, unit    string
	target, floor string
}{
	1:  {"存在“两不愁三保障”及饮水安全问题的户", "‰", "0", "20"},
	2:  {"漏纳率（疑似漏纳户 ÷（监测户 + 疑似漏纳户））", "%", "0", "2"},
	3:  {"存在后续扶持问题的搬迁户", "‰", "0", "50"},
	4:  {"帮扶责任人本季度走访覆盖率", "%", "100", "90"},
	5:  {"衔接资金支出进度（占序时进度）", "%", "100", "80"},
	6:  {"存在就业帮扶问题的户", "‰", "0", "50"},
	7:  {"存在常态化帮扶问题的户", "‰", "0", "50"},
	8:  {"存在产业发展问题的户", "‰", "0", "50"},
	9:  {"存在收入和支出问题的户", "‰", "0", "100"},
	10: {"群众满意度", "%", "95", "90"},
}

// ScoreRate returns the Chinese name and unit of indicator i's measured rate.
func ScoreRate(i int) (name, unit string) {
	if i < 1 || i > 10 {
		return "", ""
	}
	return scoreRates[i].rate, scoreRates[i].unit
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
	}
	return out
}
