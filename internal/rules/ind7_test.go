package rules

import (
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/registry"
)

var ind7Tested = []string{"I7-01", "I7-02", "I7-03", "I7-04", "I7-05", "I7-06", "I7-07", "I7-08", "I7-09", "I7-10"}

func TestI7_01DibaoWithoutMeasure(t *testing.T) {
	runCases(t, "I7-01", []ruleCase{
		{name: "nobody on 低保"},
		{name: "household on 低保, no measure", mut: householdDibao, want: []string{hhNo}, text: "户享受低保，但综合保障措施中没有低保（现有综合保障：无）"},
		{name: "household on 低保 with 农村低保", mut: both(householdDibao, social("农村低保,残疾人两项补贴"))},
		{name: "written 最低生活保障", mut: both(householdDibao, social("最低生活保障金"))},
		{name: "member on 低保, disability subsidy only", mut: both(spouseDibao, social("残疾人两项补贴")), want: []string{hhNo}, text: "成员P2享受低保，但综合保障措施中没有低保（现有综合保障：残疾人两项补贴）"},
		{name: "低保 under another measure type", mut: both(spouseDibao, func(a *registry.Aggregate) {
			a.Measures = append(a.Measures, registry.Measure{HouseholdNo: hhNo, Seq: 1, Type: registry.MeasureSocialAid, Description: "低保"})
		}), want: []string{hhNo}},
		{name: "the member on 低保 has left", mut: both(spouseDibao, spouseLeft)},
		{name: "特困 is not 低保", mut: both(householdTekun, social("特困供养"))},
	})
}

func TestI7_02DibaoMeasureWithoutFlag(t *testing.T) {
	runCases(t, "I7-02", []ruleCase{
		{name: "no measure"},
		{name: "measure, nobody on 低保", mut: social("农村低保"), want: []string{hhNo}, text: "综合保障措施（农村低保）中登记了低保"},
		{name: "measure, household on 低保", mut: both(social("农村低保"), householdDibao)},
		{name: "measure, member on 低保", mut: both(social("农村低保"), spouseDibao)},
		{name: "measure, the member on 低保 has left", mut: both(social("农村低保"), spouseDibao, spouseLeft), want: []string{hhNo}},
		{name: "other 综合保障", mut: social("残疾人两项补贴")},
	})
}

func TestI7_03TekunWithoutMeasure(t *testing.T) {
	runCases(t, "I7-03", []ruleCase{
		{name: "nobody 特困"},
		{name: "household 特困, no measure", mut: householdTekun, want: []string{hhNo}, text: "户为特困供养人员"},
		{name: "household 特困 with 特困供养", mut: both(householdTekun, social("特困供养"))},
		{name: "member 特困, 低保 measure only", mut: both(spouseTekun, social("农村低保")), want: []string{hhNo}, text: "成员P2为特困供养人员，但综合保障措施中没有特困供养（现有综合保障：农村低保）"},
		{name: "member 特困 with 特困人员救助供养", mut: both(spouseTekun, social("特困人员救助供养"))},
		{name: "the member has left", mut: both(spouseTekun, spouseLeft)},
	})
}

func TestI7_04TekunMeasureWithoutFlag(t *testing.T) {
	runCases(t, "I7-04", []ruleCase{
		{name: "no measure"},
		{name: "measure, nobody 特困", mut: social("特困供养"), want: []string{hhNo}, text: "综合保障措施（特困供养）中登记了特困供养"},
		{name: "measure, household 特困", mut: both(social("特困供养"), householdTekun)},
		{name: "measure, member 特困", mut: both(social("特困供养"), spouseTekun)},
		{name: "measure, household only on 低保", mut: both(social("特困供养"), householdDibao), want: []string{hhNo}},
	})
}

func TestI7_05TekunPayWithoutMeasure(t *testing.T) {
	pay := func(year int, yuan int64) func(a *registry.Aggregate) {
		return func(a *registry.Aggregate) {
			in := a.Income(year)
			in.TekunPay, in.Transfers = registry.Yuan(yuan), in.Transfers+registry.Yuan(yuan)
		}
	}
	runCases(t, "I7-05", []ruleCase{
		{name: "no payment"},
		{name: "payment, no measure", mut: pay(2026, 9600), want: []string{hhNo}, text: "2026 年特困人员救助供养金 9,600 元，但综合保障措施中没有特困供养"},
		{name: "one yuan", mut: pay(2026, 1), want: []string{hhNo}},
		{name: "payment with the measure", mut: both(pay(2026, 9600), social("特困供养"))},
		{name: "payment, member flagged 特困 (I7-03)", mut: both(pay(2026, 9600), spouseTekun)},
		{name: "payment of the year before only", mut: pay(2025, 9600)},
		{name: "no record of the screening year", mut: func(a *registry.Aggregate) {
			a.Incomes = a.Incomes[:1]
			a.Incomes[0].TekunPay = registry.Yuan(9600)
		}},
	})
}

func TestI7_06NoLabourNoAssistance(t *testing.T) {
	runCases(t, "I7-06", []ruleCase{
		{name: "household with labour"},
		{name: "nobody can work", mut: labour("无劳动力"), want: []string{hhNo}, text: "家庭 3 名成员均无劳动能力（成员P1 无劳动力、成员P2 无劳动力、成员P3 无劳动力）"},
		{name: "lost labour and a pupil", mut: func(a *registry.Aggregate) {
			a.Persons[0].LabourSkill, a.Persons[1].LabourSkill = "丧失劳动力", "丧失劳动力"
		}, want: []string{hhNo}},
		{name: "one weak labourer", mut: both(labour("无劳动力"), func(a *registry.Aggregate) { a.Persons[1].LabourSkill = "弱劳动力或半劳动力" })},
		{name: "household on 低保", mut: both(labour("无劳动力"), householdDibao)},
		{name: "member 特困", mut: both(labour("无劳动力"), spouseTekun)},
		{name: "the only worker has left", mut: both(func(a *registry.Aggregate) {
			a.Persons[1].LabourSkill, a.Persons[0].LabourSkill = "无劳动力", "丧失劳动力"
		}), want: []string{hhNo}},
		{name: "not a target household", base: ordinary, mut: labour("无劳动力")},
		{name: "monitored ordinary household", base: func() *registry.Aggregate {
			a := monitored()
			a.Household.Kind, a.Household.YearOut = registry.KindOrdinary, 0
			return a
		}, mut: labour("无劳动力"), want: []string{hhNo}},
	})
}

func TestI7_07TekunAbleOrWorking(t *testing.T) {
	// tekunAged makes the head a 特困 person of the age, healthy, not working.
	tekunAged := func(age int) func(a *registry.Aggregate) {
		return func(a *registry.Aggregate) {
			p := &a.Persons[0]
			y := 2026 - age
			p.IDNumber, p.Birth = id(y, time.January, 2, 11), registry.NewDate(y, time.January, 2)
			p.Tekun, p.WorkMonths, p.WorkLocation, p.Employer = registry.Yes, registry.Count{}, "", ""
		}
	}
	p1 := []string{"P1"}
	runCases(t, "I7-07", []ruleCase{
		{name: "nobody 特困"},
		{name: "17", mut: tekunAged(17)},
		{name: "18", mut: tekunAged(18), want: p1, text: "成员P1 为特困供养人员，但18 岁（18–59 岁）、健康、不是在校生"},
		{name: "59", mut: tekunAged(59), want: p1},
		{name: "60", mut: tekunAged(60)},
		{name: "40 and ill", mut: both(tekunAged(40), func(a *registry.Aggregate) { a.Persons[0].Health = "长期慢性病" })},
		{name: "20 and a student", mut: both(tekunAged(20), func(a *registry.Aggregate) { a.Persons[0].Education, a.Persons[0].SchoolStatus = "", "本科二年级" })},
		{name: "70 and working", mut: both(tekunAged(70), func(a *registry.Aggregate) {
			a.Persons[0].WorkMonths, a.Persons[0].WorkLocation = registry.CountOf(3), "乡镇内"
		}), want: p1, text: "务工时间为 3 个月"},
		{name: "household flag alone is not the person's", mut: householdTekun},
		{name: "has left", mut: both(tekunAged(30), func(a *registry.Aggregate) { a.Persons[0].LeftOn = registry.NewDate(2026, 1, 1) })},
	})
}

func TestI7_08to10Explanations(t *testing.T) {
	runCases(t, "I7-08", []ruleCase{
		{name: "disabled member", mut: both(social("残疾人两项补贴"), disabilityCert(1, 4, 2))},
		{name: "category only", mut: both(social("残疾人两项补贴"), person(1, func(p *registry.Person) { p.DisabilityCategory = "肢体残疾" }))},
		{name: "nobody disabled", mut: both(social("农村低保,残疾人两项补贴"), social("重度残疾人护理补贴")), want: []string{hhNo},
			text: "帮扶措施中登记了残疾人补贴（农村低保,残疾人两项补贴；重度残疾人护理补贴），但现有家庭成员中没有残疾人"},
		{name: "a measure that ended in 2025", mut: measureDated(registry.MeasureSocialSecurity, "残疾人两项补贴", registry.NewDate(2023, 1, 1), registry.NewDate(2025, 6, 30))},
	})
	runCases(t, "I7-09", []ruleCase{
		{name: "grade 2 with subsidy", base: monitored, mut: both(risks("因病", "因残"), disabilityCert(1, 4, 2), social("困难残疾人生活补贴"))},
		{name: "grade 2 without", base: monitored, mut: both(risks("因病", "因残"), disabilityCert(1, 4, 2)), want: []string{"P2"},
			text: "成员P2 的残疾人证号第 20 位为 2 级残疾（1–2 级为重度"},
		{name: "22-digit certificate", base: monitored, mut: both(risks("因残"), disabilityCert(1, 6, 1), person(1, func(p *registry.Person) { p.IDNumber += "B1" })),
			want: []string{"P2"}},
		{name: "grade 4", base: monitored, mut: both(risks("因残"), disabilityCert(1, 6, 4))},
		{name: "deceased holder", base: monitored, mut: both(risks("因残"), disabilityCert(1, 4, 1), person(1, func(p *registry.Person) { p.DeceasedOn = registry.NewDate(2026, 1, 1) }))},
	})
	runCases(t, "I7-10", []ruleCase{
		{name: "insured", mut: social("医疗救助")},
		{name: "uninsured head and son", mut: both(withMeasure(registry.MeasureHealth, "医疗救助"), insured(0, registry.No, registry.No), insured(2, registry.Unknown, registry.No)),
			want: []string{"P1", "P3"}, text: "成员P1 未参加城乡居民基本医疗保险，也未参加城镇职工基本医疗保险，家庭却登记了医疗救助（医疗救助）"},
		{name: "social aid is not counted", mut: both(withMeasure(registry.MeasureSocialAid, "医疗救助"), insured(0, registry.No, registry.No))},
	})
}
