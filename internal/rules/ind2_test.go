package rules

import (
	"testing"

	"github.com/gonggu/gonggu/internal/registry"
)

var ind2Tested = []string{"I2-01", "I2-02", "I2-03", "I2-04", "I2-05", "I2-06", "I2-07", "I2-08", "I2-09",
	"I2-10", "I2-11", "I2-12", "I2-13", "I2-14", "I2-15", "I2-16", "I2-17", "I2-18", "I2-19", "I2-20",
	"I2-21", "I2-22", "I2-23", "I2-24", "I2-25", "I2-26", "I2-27", "I2-28", "I2-29", "I2-30", "I2-31"}

func TestI2_01BelowLine(t *testing.T) {
	runCases(t, "I2-01", []ruleCase{
		{name: "well above"},
		{name: "at the line 8,000", mut: pc(8000)},
		{name: "just below", mut: pc(7999), want: []string{hhNo}, text: "人均纯收入 7,999 元，低于监测范围 8,000 元，且未纳入监测"},
		{name: "ordinary household", base: ordinary, mut: pc(6850), want: []string{hhNo}},
		{name: "monitored", base: monitored, mut: pc(5000)},
		{name: "on 低保 is 体外循环 (I2-03)", mut: both(pc(5000), func(a *registry.Aggregate) { a.Household.Dibao = registry.Yes })},
		{name: "old year ignored: latest counts", mut: func(a *registry.Aggregate) { setPerCapita(a, 2025, 5000) }},
		{name: "future year ignored", mut: func(a *registry.Aggregate) {
			a.Incomes = append(a.Incomes, registry.Income{HouseholdNo: hhNo, Year: 2027, Size: 3})
		}},
	})
}

func TestI2_02RigidExpenditure(t *testing.T) {
	rigid := func(med, edu int64) func(a *registry.Aggregate) {
		return func(a *registry.Aggregate) {
			a.Income(2026).MedicalOOP, a.Income(2026).EducationExp = registry.Yuan(med), registry.Yuan(edu)
		}
	}
	runCases(t, "I2-02", []ruleCase{
		{name: "no rigid costs", mut: pc(9000)},
		{name: "costs leave it at the line", mut: both(pc(9000), rigid(3000, 0))},
		{name: "costs push it below", mut: both(pc(9000), rigid(2000, 1003)), want: []string{hhNo}, text: "人均 7,999 元"},
		{name: "below anyway is I2-01", mut: both(pc(7000), rigid(3000, 0))},
		{name: "monitored", base: monitored, mut: both(pc(9000), rigid(9000, 0))},
	})
}

func TestI2_03OutsideMonitoring(t *testing.T) {
	runCases(t, "I2-03", []ruleCase{
		{name: "低保 above the line", mut: func(a *registry.Aggregate) { a.Household.Dibao = registry.Yes }},
		{name: "低保 below the line", mut: both(pc(6000), func(a *registry.Aggregate) { a.Household.Dibao = registry.Yes }), want: []string{hhNo}},
		{name: "特困 member below the line", mut: both(pc(7999), func(a *registry.Aggregate) { a.Persons[0].Tekun = registry.Yes }), want: []string{hhNo}},
		{name: "低保 at the line", mut: both(pc(8000), func(a *registry.Aggregate) { a.Household.Dibao = registry.Yes })},
		{name: "monitored", base: monitored, mut: both(pc(6000), func(a *registry.Aggregate) { a.Household.Dibao = registry.Yes })},
	})
}

func TestI2_04NeedsUnmetNotMonitored(t *testing.T) {
	runCases(t, "I2-04", []ruleCase{
		{name: "all met"},
		{name: "unsafe house", base: ordinary, mut: func(a *registry.Aggregate) { a.Household.HousingGrade = "D" }, want: []string{hhNo}, text: "D 级"},
		{name: "water", mut: func(a *registry.Aggregate) { a.Household.WaterSafe = registry.No }, want: []string{hhNo}},
		{name: "uninsured and dropout together", base: ordinary, mut: func(a *registry.Aggregate) {
			a.Persons[0].ResidentMedical = registry.No
			a.Persons[2].SchoolStatus = ""
		}, want: []string{hhNo}, text: "成员P1 未参加基本医疗保险，成员P3 10 岁失学辍学"},
		{name: "monitored", base: monitored, mut: func(a *registry.Aggregate) { a.Household.WaterSafe = registry.No }},
	})
}

func TestI2_05NoMeasure(t *testing.T) {
	runCases(t, "I2-05", []ruleCase{
		{name: "with measures", base: monitored},
		{name: "no measure for months", base: monitored, mut: measures(), want: []string{hhNo}, text: "202503 纳入监测，已 20 个月"},
		{name: "identified last month (grace)", base: monitored, mut: both(measures(), identified(2026, 10))},
		{name: "identified two months ago", base: monitored, mut: both(measures(), identified(2026, 9)), want: []string{hhNo}},
		{name: "eliminated", base: eliminated, mut: measures()},
		{name: "not monitored", mut: measures()},
	})
}

func TestI2_06NoDevelopmentMeasure(t *testing.T) {
	runCases(t, "I2-06", []ruleCase{
		{name: "industry measure", base: monitored},
		{name: "health only", base: monitored, mut: measures(registry.MeasureHealth), want: []string{hhNo}, text: "2 名有劳动能力"},
		{name: "weak labour counts", base: monitored, mut: both(measures(registry.MeasureHealth), labour("弱劳动力或半劳动力")), want: []string{hhNo}},
		{name: "no labour", base: monitored, mut: both(measures(registry.MeasureHealth), labour("无劳动力"))},
		{name: "within grace", base: monitored, mut: both(measures(registry.MeasureHealth), identified(2026, 10))},
		{name: "public-welfare post is development", base: monitored, mut: measures(registry.MeasureHealth, registry.MeasurePublicPost)},
		{name: "only 综合保障 is I2-07", base: monitored, mut: measures(registry.MeasureSocialSecurity)},
		{name: "no measure at all is I2-05", base: monitored, mut: measures()},
		{name: "eliminated", base: eliminated, mut: measures(registry.MeasureHealth)},
	})
}

func TestI2_07OnlySocialSecurity(t *testing.T) {
	runCases(t, "I2-07", []ruleCase{
		{name: "mixed", base: monitored, mut: measures(registry.MeasureSocialSecurity, registry.MeasureIndustry)},
		{name: "only 综合保障 with labour", base: monitored, mut: measures(registry.MeasureSocialSecurity, registry.MeasureSocialSecurity), want: []string{hhNo}},
		{name: "only 综合保障 without labour", base: monitored, mut: both(measures(registry.MeasureSocialSecurity), labour("丧失劳动力"))},
		{name: "eliminated", base: eliminated, mut: measures(registry.MeasureSocialSecurity)},
	})
}

func TestI2_08to12RiskMeasures(t *testing.T) {
	for _, tc := range []struct {
		id, risk string
		good     []string
	}{
		{"I2-08", "因病", []string{registry.MeasureHealth, registry.MeasureSocialAid}},
		{"I2-09", "因学", []string{registry.MeasureCompulsoryEdu, registry.MeasureEducation, registry.MeasureSocialAid}},
		{"I2-10", "因残", []string{registry.MeasureSocialSecurity, registry.MeasureSocialAid}},
		{"I2-11", "因安全住房", []string{registry.MeasureHousing, registry.MeasureRelocation}},
		{"I2-12", "因安全饮水", []string{registry.MeasureWater}},
	} {
		t.Run(tc.id, func(t *testing.T) {
			cases := []ruleCase{
				{name: "risk without its measure", base: monitored, mut: both(risks(tc.risk), measures(registry.MeasureFinance)),
					want: []string{hhNo}, text: "现有措施：金融帮扶"},
				{name: "eliminated still needs it", base: eliminated, mut: both(risks(tc.risk), measures(registry.MeasureFinance)), want: []string{hhNo}},
				{name: "eliminated with no measure at all", base: eliminated, mut: both(risks(tc.risk), measures()), want: []string{hhNo}, text: "现有措施：无"},
				{name: "within grace", base: monitored, mut: both(risks(tc.risk), measures(registry.MeasureFinance), identified(2026, 10))},
				{name: "unresolved without any measure is I2-05", base: monitored, mut: both(risks(tc.risk), measures())},
				{name: "other risk", base: monitored, mut: both(risks("其他"), measures(registry.MeasureFinance))},
				{name: "not monitored", mut: both(risks(tc.risk), measures(registry.MeasureFinance))},
			}
			for _, g := range tc.good {
				cases = append(cases, ruleCase{name: "with " + g, base: monitored, mut: both(risks(tc.risk), measures(registry.MeasureFinance, g))})
			}
			runCases(t, tc.id, cases)
		})
	}
}

func TestI2_13EliminatedTooSoon(t *testing.T) {
	elim := func(y, m int) func(a *registry.Aggregate) {
		return func(a *registry.Aggregate) { a.Household.EliminatedOn = registry.NewMonth(y, monthOf(m)) }
	}
	runCases(t, "I2-13", []ruleCase{
		{name: "nine months", base: eliminated},
		{name: "six months (boundary)", base: eliminated, mut: elim(2025, 9)},
		{name: "five months", base: eliminated, mut: elim(2025, 8), want: []string{hhNo}, text: "相隔 5 个月，少于规定的 6 个月"},
		{name: "same month", base: eliminated, mut: elim(2025, 3), want: []string{hhNo}},
		{name: "natural elimination too", base: eliminated, mut: both(elim(2025, 4), func(a *registry.Aggregate) { a.Household.EliminationWay = "自然消除" }), want: []string{hhNo}},
		{name: "before 2022-04 the rule did not apply", base: eliminated, mut: both(identified(2021, 12), elim(2022, 3))},
		{name: "from 2022-04 it does", base: eliminated, mut: both(identified(2022, 1), elim(2022, 4)), want: []string{hhNo}},
		{name: "unresolved", base: monitored, mut: elim(2025, 4)},
		{name: "dates missing is data quality", base: eliminated, mut: elim(0, 0)},
	})
}

func TestI2_14EliminatedBelowLine(t *testing.T) {
	runCases(t, "I2-14", []ruleCase{
		{name: "above", base: eliminated},
		{name: "at the line", base: eliminated, mut: pc(8000)},
		{name: "below", base: eliminated, mut: pc(7999), want: []string{hhNo}, text: "已帮扶消除"},
		{name: "unresolved below", base: monitored, mut: pc(5000)},
	})
}

func TestI2_15EliminatedWithoutLabour(t *testing.T) {
	runCases(t, "I2-15", []ruleCase{
		{name: "with labour", base: eliminated},
		{name: "weak labour is labour", base: eliminated, mut: labour("弱劳动力或半劳动力")},
		{name: "no labour", base: eliminated, mut: labour("丧失劳动力"), want: []string{hhNo}},
		{name: "unresolved", base: monitored, mut: labour("无劳动力")},
	})
}

func TestI2_16to18RiskFacts(t *testing.T) {
	runCases(t, "I2-16", []ruleCase{
		{name: "ill member", base: monitored},
		{name: "nobody ill", base: monitored, mut: func(a *registry.Aggregate) { a.Persons[1].Health = "健康" }, want: []string{hhNo}},
		{name: "serious illness", base: monitored, mut: func(a *registry.Aggregate) { a.Persons[1].Health = "残疾,患有大病" }},
		{name: "not monitored", mut: risks("因病")},
	})
	runCases(t, "I2-17", []ruleCase{
		{name: "disabled member", base: monitored, mut: both(risks("因残"), func(a *registry.Aggregate) { a.Persons[1].Health = "残疾" })},
		{name: "nobody disabled", base: monitored, mut: risks("因病", "因残"), want: []string{hhNo}},
	})
	runCases(t, "I2-18", []ruleCase{
		{name: "workers", base: monitored, mut: risks("因务工就业不稳")},
		{name: "nobody can work", base: monitored, mut: both(risks("因务工就业不稳"), labour("丧失劳动力")), want: []string{hhNo}},
		{name: "nobody works", base: monitored, mut: both(risks("因务工就业不稳"), func(a *registry.Aggregate) {
			for i := range a.Persons {
				a.Persons[i].WorkLocation, a.Persons[i].WorkMonths = "", registry.Count{}
			}
		}), want: []string{hhNo}, text: "没有人务工"},
	})
}

func TestI2_19LackOfLabour(t *testing.T) {
	fourWithAble := func(able int) func(a *registry.Aggregate) {
		return func(a *registry.Aggregate) {
			risks("缺劳动力")(a)
			grandpa := member("P4", "之父", "男", 1950, 1, 1)
			grandpa.Education = "小学"
			a.Persons = append(a.Persons, grandpa)
			for i := range a.Persons {
				a.Persons[i].LabourSkill = "无劳动力"
				if i < able {
					a.Persons[i].LabourSkill = "普通劳动力"
				}
			}
		}
	}
	runCases(t, "I2-19", []ruleCase{
		{name: "everyone works", base: monitored, mut: both(risks("缺劳动力"), labour("技能劳动力")), want: []string{hhNo}, text: "全部有劳动能力"},
		{name: "one weak of three", base: monitored, mut: both(risks("缺劳动力"), skills("弱劳动力或半劳动力", "丧失劳动力", "无劳动力"))},
		{name: "two weak of three: under 4 people", base: monitored, mut: both(risks("缺劳动力"), skills("弱劳动力或半劳动力", "弱劳动力或半劳动力", "无劳动力"))},
		{name: "one full of three: over 25 %", base: monitored, mut: both(risks("缺劳动力"), skills("普通劳动力", "丧失劳动力", "无劳动力")),
			want: []string{hhNo}, text: "其中 1 人为普通或技能劳动力，占比超过 25%"},
		{name: "two of four (50 %)", base: monitored, mut: fourWithAble(2), want: []string{hhNo}, text: "占比达到 50%"},
		{name: "one of four", base: monitored, mut: fourWithAble(1)},
		{name: "no such risk", base: monitored},
	})
}

func TestI2_20NeedsNotInRisks(t *testing.T) {
	runCases(t, "I2-20", []ruleCase{
		{name: "nothing unmet", base: monitored},
		{name: "unsafe water", base: monitored, mut: func(a *registry.Aggregate) { a.Household.WaterSafe = registry.No }, want: []string{hhNo}, text: "因安全饮水"},
		{name: "unsafe water recorded", base: monitored, mut: both(risks("因病", "因安全饮水"), func(a *registry.Aggregate) { a.Household.WaterSafe = registry.No })},
		{name: "uninsured without 因病", base: monitored, mut: both(risks("因学"), func(a *registry.Aggregate) { a.Persons[0].ResidentMedical = registry.No }), want: []string{hhNo}},
		{name: "house C", base: monitored, mut: func(a *registry.Aggregate) { a.Household.HousingGrade = "C" }, want: []string{hhNo}},
		{name: "eliminated", base: eliminated, mut: func(a *registry.Aggregate) { a.Household.WaterSafe = registry.No }},
	})
}

func TestI2_21RiskRemark(t *testing.T) {
	runCases(t, "I2-21", []ruleCase{
		{name: "no such risk", base: monitored},
		{name: "其他 without remark", base: monitored, mut: risks("因病", "其他"), want: []string{hhNo}, text: "具体风险说明"},
		{name: "灾害 without sub-item", base: monitored, mut: risks("因自然灾害"), want: []string{hhNo}},
		{name: "with remark", base: monitored, mut: both(risks("因自然灾害"), func(a *registry.Aggregate) { a.Household.RiskRemark = "冰雹" })},
	})
}

func TestI2_22AssistedWithoutMeasure(t *testing.T) {
	runCases(t, "I2-22", []ruleCase{
		{name: "with measures", base: eliminated},
		{name: "none", base: eliminated, mut: measures(), want: []string{hhNo}},
		{name: "natural elimination", base: eliminated, mut: both(measures(), func(a *registry.Aggregate) { a.Household.EliminationWay = "自然消除" })},
	})
}

func TestI2_23NoLabourSupport(t *testing.T) {
	noLabourDibao := both(labour("丧失劳动力"), func(a *registry.Aggregate) { a.Household.Dibao = registry.Yes })
	runCases(t, "I2-23", []ruleCase{
		{name: "has labour and 低保", mut: func(a *registry.Aggregate) { a.Household.Dibao = registry.Yes }},
		{name: "no labour, 低保, not flagged", mut: noLabourDibao, want: []string{hhNo}},
		{name: "flagged", mut: both(noLabourDibao, func(a *registry.Aggregate) { a.Household.NoLabourSupport = registry.Yes })},
		{name: "no labour, no 低保 (indicator 7)", mut: labour("无劳动力")},
		{name: "ordinary household", base: ordinary, mut: noLabourDibao},
	})
}

func TestI2_24DevelopmentNotImplemented(t *testing.T) {
	runCases(t, "I2-24", []ruleCase{
		{name: "implemented", base: monitored},
		{name: "not yet", base: monitored, mut: func(a *registry.Aggregate) { a.Household.DevMeasureDone = "尚未实施" }, want: []string{hhNo}},
		{name: "not yet and no development measure", base: monitored, mut: both(measures(registry.MeasureHealth), func(a *registry.Aggregate) { a.Household.DevMeasureDone = "尚未实施" })},
	})
}

func TestI2_25Yulu(t *testing.T) {
	vocational := person(2, func(p *registry.Person) { p.SchoolStatus = "中职二年级" })
	yulu := func(a *registry.Aggregate) {
		a.Measures = append(a.Measures, registry.Measure{HouseholdNo: hhNo, Seq: 9, Type: registry.MeasureEducation, Description: "雨露计划,助学补助"})
	}
	runCases(t, "I2-25", []ruleCase{
		{name: "no vocational student"},
		{name: "中职 student without 雨露计划", mut: vocational, want: []string{hhNo}, text: "成员P3 在读「中职二年级」"},
		{name: "高职 student", mut: person(2, func(p *registry.Person) { p.SchoolStatus = "高职高专一年级" }), want: []string{hhNo}},
		{name: "with 雨露计划", mut: both(vocational, yulu)},
		{name: "education measure of another kind", mut: both(vocational, measures(registry.MeasureEducation)), want: []string{hhNo}},
		{name: "ordinary household", base: ordinary, mut: vocational},
	})
	runCases(t, "I2-26", []ruleCase{
		{name: "雨露计划 for a 中职 student", mut: both(vocational, yulu)},
		{name: "雨露计划 without one", mut: yulu, want: []string{hhNo}},
		{name: "no 雨露计划"},
	})
}

func TestI2_27NeedsWithoutMeasure(t *testing.T) {
	dropout := person(2, func(p *registry.Person) { p.SchoolStatus = "" })
	uninsuredHead := person(0, func(p *registry.Person) { p.ResidentMedical = registry.No })
	runCases(t, "I2-27", []ruleCase{
		{name: "no such need", base: monitored},
		{name: "dropout without 义务教育保障", base: monitored, mut: dropout, want: []string{hhNo}, text: "没有义务教育保障措施"},
		{name: "dropout with it", base: monitored, mut: both(dropout, measures(registry.MeasureHealth, registry.MeasureCompulsoryEdu))},
		{name: "uninsured with a health measure", base: monitored, mut: uninsuredHead},
		{name: "uninsured without", base: monitored, mut: both(uninsuredHead, measures(registry.MeasureIndustry)), want: []string{hhNo}},
		{name: "within grace", base: monitored, mut: both(dropout, identified(2026, 10))},
		{name: "eliminated", base: eliminated, mut: dropout},
	})
}

func TestI2_28TokenMeasures(t *testing.T) {
	desc := func(typ, d string) func(a *registry.Aggregate) {
		return func(a *registry.Aggregate) {
			a.Measures = append(a.Measures, registry.Measure{HouseholdNo: hhNo, Seq: len(a.Measures) + 1, Type: typ, Description: d})
		}
	}
	healthOnly := measures(registry.MeasureHealth)
	runCases(t, "I2-28", []ruleCase{
		{name: "real industry measure", base: monitored},
		{name: "industry 其他", base: monitored, mut: both(healthOnly, desc(registry.MeasureIndustry, "其他")), want: []string{hhNo},
			text: "2 名有劳动能力的成员，开发式帮扶措施只有产业帮扶「其他」"},
		{name: "skills training alone", base: monitored, mut: both(healthOnly, desc(registry.MeasureEmployment, "技能培训")), want: []string{hhNo}, text: "就业帮扶「技能培训」"},
		{name: "training and 其他", base: monitored, mut: both(healthOnly, desc(registry.MeasureEmployment, "技能培训，其他")), want: []string{hhNo}},
		{name: "finance 其他 and training", base: monitored, mut: both(healthOnly, desc(registry.MeasureFinance, "其他"), desc(registry.MeasureEmployment, "技能培训")), want: []string{hhNo}},
		{name: "training with a subsidy", base: monitored, mut: both(healthOnly, desc(registry.MeasureEmployment, "外出务工补贴,技能培训"))},
		{name: "employment 其他 beside a real industry measure", base: monitored, mut: desc(registry.MeasureEmployment, "其他")},
		{name: "a post is never token", base: monitored, mut: both(healthOnly, desc(registry.MeasureIndustry, "其他"), desc(registry.MeasurePublicPost, "乡村公益性岗位（保洁员）"))},
		{name: "blank description", base: monitored, mut: both(healthOnly, desc(registry.MeasureIndustry, ""))},
		{name: "no development measure is I2-06", base: monitored, mut: healthOnly},
		{name: "nobody can work", base: monitored, mut: both(healthOnly, desc(registry.MeasureIndustry, "其他"), labour("无劳动力"))},
		{name: "eliminated", base: eliminated, mut: both(healthOnly, desc(registry.MeasureIndustry, "其他"))},
		{name: "not monitored", mut: both(healthOnly, desc(registry.MeasureIndustry, "其他"))},
	})
}

func TestI2_29EliminatedNeedsUnmet(t *testing.T) {
	runCases(t, "I2-29", []ruleCase{
		{name: "needs met", base: eliminated},
		{name: "unsafe house and water", base: eliminated, mut: both(graded("C", 2026, 3), waterUnsafe("水量")), want: []string{hhNo},
			text: "风险已标注消除（202512 帮扶消除），但住房安全等级为 C 级，未解决安全饮用水"},
		{name: "uninsured spouse", base: eliminated, mut: insurance(1, registry.No, registry.No), want: []string{hhNo}, text: "成员P2 未参加基本医疗保险"},
		{name: "insurance not collected", base: eliminated, mut: func(a *registry.Aggregate) {
			insurance(1, registry.Unknown, registry.Unknown)(a)
			for i := range a.Persons {
				a.Persons[i].Uncollected = a.Persons[i].Uncollected.With(registry.PResidentMedical, registry.PEmployeeMedical)
			}
		}},
		{name: "dropout without elimination date", base: eliminated, mut: both(child(2016, 6, "小学", ""), func(a *registry.Aggregate) {
			a.Household.EliminatedOn = registry.Month{}
		}), want: []string{hhNo}, text: "风险已标注消除（帮扶消除），但成员P3 10 岁失学辍学"},
		{name: "unresolved", base: monitored, mut: waterUnsafe("水质")},
		{name: "not monitored", mut: waterUnsafe("水质")},
	})
}

func TestI2_30IllWithoutMedicalCosts(t *testing.T) {
	runCases(t, "I2-30", []ruleCase{
		{name: "costs", base: monitored},
		{name: "no costs", base: monitored, mut: medicalCost(0), want: []string{hhNo}, text: "2026 年合规自付医疗支出为 0"},
		{name: "latest year counts", base: monitored, mut: func(a *registry.Aggregate) {
			a.Incomes = a.Incomes[:1]
			a.Incomes[0].MedicalOOP = 0
		}, want: []string{hhNo}, text: "2025 年"},
		{name: "eliminated without a date", base: eliminated, mut: both(elimAt(0, 0), medicalCost(0))},
		{name: "not monitored", mut: both(risks("因病"), medicalCost(0))},
	})
}

func TestI2_31PremiumSubsidy(t *testing.T) {
	runCases(t, "I2-31", []ruleCase{
		{name: "identified before the cut-off, subsidised", base: monitored},
		{name: "identified before, not subsidised", base: monitored, mut: measures(registry.MeasureHealth, registry.MeasureIndustry), want: []string{hhNo},
			text: "202503 纳入监测，在 2026 年度城乡居民医保个人缴费补贴的识别截止月 202512 以前（含当月）"},
		{name: "identified after, subsidised", base: monitored, mut: identified(2026, 2), want: []string{hhNo}, text: "202512 之后"},
		{name: "subsidy recorded under 综合保障", base: monitored, mut: both(measures(registry.MeasureIndustry), social("医保缴费资助"))},
		{name: "subsidy under another type does not count", base: monitored, mut: both(measures(registry.MeasureIndustry),
			plusMeasure(registry.MeasureSocialAid, "个人缴费补贴")), want: []string{hhNo}},
		{name: "eliminated after the cut-off still needs it", base: eliminated, mut: both(elimAt(2026, 6), measures(registry.MeasureIndustry)), want: []string{hhNo}},
		{name: "unresolved without any measure is I2-05's", base: monitored, mut: measures()},
		{name: "identification month blank", base: monitored, mut: both(identified(0, 0), measures(registry.MeasureIndustry))},
		{name: "subsidy ended before the identification", base: monitored, mut: both(identified(2026, 3), measures(registry.MeasureIndustry),
			measureDated(registry.MeasureHealth, "城乡居民基本医疗保险个人缴费补贴", ymd(2025, 1, 1), ymd(2025, 12, 31)))},
	})
}
