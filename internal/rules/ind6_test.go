package rules

import (
	"testing"

	"github.com/gonggu/gonggu/internal/registry"
)

var ind6Tested = []string{"I6-01", "I6-02", "I6-03", "I6-04", "I6-05", "I6-06", "I6-07", "I6-08", "I6-09", "I6-10",
	"I6-11", "I6-12", "I6-13", "I6-14", "I6-15", "I6-16"}

func TestI6_01SharedPhone(t *testing.T) {
	w := func(n int) World { return fakeWorld{phones: map[string]int{"13912345678": n}} }
	runCases(t, "I6-01", []ruleCase{
		{name: "own phone", world: w(1)},
		{name: "two households (below 3)", world: w(2)},
		{name: "three households (threshold)", world: w(3), want: []string{"P1"}, text: "3 户"},
		{name: "blank phone", world: fakeWorld{phones: map[string]int{"": 9}}, mut: func(a *registry.Aggregate) {
			for i := range a.Persons {
				a.Persons[i].Phone = ""
			}
		}},
		{name: "deceased member not counted", world: w(5), mut: func(a *registry.Aggregate) { a.Persons[0].DeceasedOn = registry.NewDate(2026, 1, 1) }},
	})
}

func TestI6_02LocationContradicted(t *testing.T) {
	runCases(t, "I6-02", []ruleCase{
		{name: "no post"},
		{name: "省外 with a village post", mut: post(0, "乡村公益性岗位", 10), want: []string{"P1"}},
		{name: "境外 with a village post", mut: both(post(0, "乡村公益性岗位", 10), func(a *registry.Aggregate) { a.Persons[0].WorkLocation = "境外" }), want: []string{"P1"}},
		{name: "county worker with a village post", mut: post(1, "乡村公益性岗位", 10)},
		{name: "省外 with a town post", mut: post(0, "城镇公益性岗位", 10)},
	})
}

func TestI6_03SeveralPosts(t *testing.T) {
	key := func(a *registry.Aggregate) string { return a.Persons[1].IDNumber }
	k := base()
	runCases(t, "I6-03", []ruleCase{
		{name: "one post", mut: post(1, "乡村公益性岗位", 10)},
		{name: "two posts in one cell", mut: post(1, "乡村公益性岗位,其他公益性岗位", 10), want: []string{"P2"}, text: "2 个公益性岗位"},
		{name: "post here and in another household", mut: post(1, "乡村公益性岗位", 10),
			world: fakeWorld{ids: map[string][]string{key(k): {"H1", "H9"}}, posts: map[string]int{key(k): 2}},
			want:  []string{"P2"}, text: "其中 1 个登记在其他户"},
		{name: "same ID elsewhere without a post", mut: post(1, "乡村公益性岗位", 10),
			world: fakeWorld{ids: map[string][]string{key(k): {"H1", "H9"}}, posts: map[string]int{key(k): 1}}},
	})
}

func TestI6_04PostWithoutMonths(t *testing.T) {
	runCases(t, "I6-04", []ruleCase{
		{name: "months", mut: post(1, "乡村公益性岗位", 1)},
		{name: "zero months", mut: post(1, "乡村公益性岗位", 0), want: []string{"P2"}, text: "月数为0"},
		{name: "blank months", mut: func(a *registry.Aggregate) { a.Persons[1].PostType = "乡村公益性岗位" }, want: []string{"P2"}, text: "月数为空"},
	})
}

func TestI6_05MonthsWithoutPost(t *testing.T) {
	runCases(t, "I6-05", []ruleCase{
		{name: "zero months no post", mut: post(1, "", 0)},
		{name: "months no post", mut: post(1, "", 6), want: []string{"P2"}},
	})
}

func TestI6_06PostAge(t *testing.T) {
	holder := func(y int) func(a *registry.Aggregate) {
		return both(post(1, "乡村公益性岗位", 10), func(a *registry.Aggregate) {
			a.Persons[1].IDNumber = id(y, 11, 28, 12)
			a.Persons[1].Birth = registry.NewDate(y, 11, 28)
		})
	}
	runCases(t, "I6-06", []ruleCase{
		{name: "43", mut: holder(1983)},
		{name: "16 (lower bound)", mut: holder(2010)},
		{name: "15", mut: holder(2011), want: []string{"P2"}, text: "16–65 岁"},
		{name: "65 (upper bound)", mut: holder(1961)},
		{name: "66", mut: holder(1960), want: []string{"P2"}},
	})
}

func TestI6_07PostWithoutLabour(t *testing.T) {
	runCases(t, "I6-07", []ruleCase{
		{name: "able", mut: post(1, "乡村公益性岗位", 10)},
		{name: "weak", mut: both(post(1, "乡村公益性岗位", 10), func(a *registry.Aggregate) { a.Persons[1].LabourSkill = "弱劳动力或半劳动力" })},
		{name: "lost", mut: both(post(1, "乡村公益性岗位", 10), func(a *registry.Aggregate) { a.Persons[1].LabourSkill = "丧失劳动力" }), want: []string{"P2"}},
	})
}

func TestI6_08PostsPerHousehold(t *testing.T) {
	runCases(t, "I6-08", []ruleCase{
		{name: "one", mut: post(1, "乡村公益性岗位", 10)},
		{name: "two", mut: both(post(1, "乡村公益性岗位", 10), post(0, "城镇公益性岗位", 10)), want: []string{hhNo}, text: "2 人"},
	})
}

func TestI6_09ChannelContradicted(t *testing.T) {
	channel := func(loc, ch string) func(a *registry.Aggregate) {
		return func(a *registry.Aggregate) { a.Persons[1].WorkLocation, a.Persons[1].WorkChannel = loc, ch }
	}
	runCases(t, "I6-09", []ruleCase{
		{name: "post in the county", mut: channel("县内乡外", "公益性岗位")},
		{name: "post outside the county", mut: channel("省内县外", "公益性岗位"), want: []string{"P2"}},
		{name: "workshop abroad", mut: channel("境外", "就业帮扶车间"), want: []string{"P2"}},
		{name: "market job outside", mut: channel("省外", "市场主体就业")},
	})
}

func TestI6_10IdleLabour(t *testing.T) {
	// idle: the wife neither works nor farms: the household has no production income.
	idle := both(person(1, func(p *registry.Person) { p.WorkLocation, p.WorkMonths = "", registry.Count{} }), businessIn(2026, 0))
	runCases(t, "I6-10", []ruleCase{
		{name: "everyone works"},
		{name: "able and idle", mut: idle, want: []string{"P2"}, text: "普通劳动力"},
		{name: "able, farming at home", mut: both(idle, businessIn(2026, 5000))},
		{name: "with an employment measure", mut: both(idle, measures(registry.MeasureEmployment))},
		{name: "with an industry measure", mut: both(idle, measures(registry.MeasureIndustry))},
		{name: "with a public-welfare post measure", mut: both(idle, measures(registry.MeasurePublicPost))},
		{name: "with a measure that ended in 2025", mut: both(idle, measureDated(registry.MeasureIndustry, "养殖补贴",
			registry.NewDate(2024, 3, 1), registry.NewDate(2025, 6, 30))), want: []string{"P2"}},
		{name: "social security only", mut: both(idle, measures(registry.MeasureSocialSecurity)), want: []string{"P2"}},
		{name: "weak labour idle", mut: both(idle, person(1, func(p *registry.Person) { p.LabourSkill = "弱劳动力或半劳动力" }))},
		{name: "60 and idle", mut: both(idle, born(1, 1966, 11, 28))},
		{name: "59 and idle (bound)", mut: both(idle, born(1, 1967, 11, 28)), want: []string{"P2"}},
		{name: "ordinary household", base: ordinary, mut: idle},
		{name: "no income record", mut: both(idle, func(a *registry.Aggregate) { a.Incomes = nil })},
		{name: "business income not collected", mut: both(idle, func(a *registry.Aggregate) {
			a.Income(2026).Uncollected = a.Income(2026).Uncollected.With(registry.IBusiness)
		})},
	})
}

func TestI6_11to16Explanations(t *testing.T) {
	sameSpouse := both(phoneIs(1, "139-1234-5678"), atWork(1, "通渭县马营镇", 8))
	runCases(t, "I6-11", []ruleCase{
		{name: "own phones"},
		{name: "one phone, two areas", mut: sameSpouse, want: []string{hhNo}, text: "本户 2 名成员登记了同一联系电话，他们却在不同地方务工（务工所在地：「省外」、「通渭县马营镇」）"},
		{name: "one phone, same township written two ways", mut: both(phoneIs(1, "13912345678"), atWork(0, "通渭县马营镇", 10), atWork(1, "马营镇", 8))},
		{name: "one phone, two townships of the county", mut: both(phoneIs(1, "13912345678"), atWork(0, "通渭县马营镇", 10), atWork(1, "通渭县平襄镇", 8)), want: []string{hhNo}},
		{name: "one phone, a place that cannot be read and a category", mut: both(phoneIs(1, "13912345678"), atWork(1, "外地打工", 8))},
	})
	runCases(t, "I6-12", []ruleCase{
		{name: "workers", mut: withMeasure(registry.MeasurePublicPost, "乡村公益性岗位（护林员）")},
		{name: "nobody works", mut: both(withMeasure(registry.MeasureEmployment, "外出务工补贴"), withMeasure(registry.MeasurePublicPost, ""), allIdle),
			want: []string{hhNo}, text: "有就业帮扶「外出务工补贴」、公益岗位帮扶「未填写内容」，但家庭成员都没有"},
		{name: "nobody left", mut: both(withMeasure(registry.MeasureEmployment, "外出务工补贴"), func(a *registry.Aggregate) {
			for i := range a.Persons {
				a.Persons[i].LeftOn = registry.NewDate(2026, 2, 1)
			}
		})},
	})
	runCases(t, "I6-13", []ruleCase{
		{name: "away worker", mut: withMeasure(registry.MeasureEmployment, "外出务工补贴")},
		{name: "county workers", mut: both(withMeasure(registry.MeasureEmployment, "外出务工补贴,技能培训"), atWork(0, "通渭县平襄镇", 10)),
			want: []string{hhNo}, text: "就业帮扶措施（外出务工补贴,技能培训）是县外务工类措施，但现有家庭成员中没有在县外务工的（乡（镇）内务工 1 人、乡（镇）外县内务工 1 人）"},
		{name: "months without a place", mut: both(withMeasure(registry.MeasureEmployment, "交通补贴"), atWork(0, "", 10))},
		{name: "abroad", mut: both(withMeasure(registry.MeasureEmployment, "交通补贴"), atWork(0, "境外", 10))},
		{name: "industry measure mentioning 外出务工 is not a job measure", mut: both(withMeasure(registry.MeasureIndustry, "外出务工返乡创业奖补"), atWork(0, "通渭县平襄镇", 10))},
	})
	runCases(t, "I6-14", []ruleCase{
		{name: "pupil"},
		{name: "student working", mut: both(child(2006, 6, "", "本科二年级"), atWork(2, "浙江省宁波市鄞州区", 3)),
			want: []string{"P3"}, text: "成员P3 在校生状况为「本科二年级」，却登记了务工（务工所在地「浙江省宁波市鄞州区」，务工时间 3 个月）"},
		{name: "student with 0 months and no place", mut: both(child(2006, 6, "", "本科二年级"), atWork(2, "", 0))},
	})
	runCases(t, "I6-15", []ruleCase{
		{name: "complete"},
		{name: "both blank", mut: jobOf(0, "", ""), want: []string{"P1"}, text: "但务工企业名称、就业渠道为空"},
		{name: "employer not collected", mut: both(jobOf(0, "", "企业招聘"), notCollected(registry.PEmployer))},
		{name: "public-welfare post channel needs no employer", mut: jobOf(1, "", "公益性岗位")},
	})
	runCases(t, "I6-16", []ruleCase{
		{name: "working"},
		{name: "idle", mut: both(skillOf(1, "技能劳动力"), notWorking(1)), want: []string{"P2"}, text: "成员P2 43 岁，劳动技能为技能劳动力"},
		{name: "student", mut: both(skillOf(1, "技能劳动力"), notWorking(1), person(1, func(p *registry.Person) { p.Education, p.SchoolStatus = "", "本科一年级" }))},
		{name: "16 (lower bound)", mut: both(skillOf(1, "技能劳动力"), notWorking(1), born(1, 2010, 11, 28)), want: []string{"P2"}},
		{name: "15", mut: both(skillOf(1, "技能劳动力"), notWorking(1), born(1, 2010, 11, 29))},
	})
}
