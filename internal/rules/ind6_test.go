package rules

import (
	"testing"

	"github.com/gonggu/gonggu/internal/registry"
)

var ind6Tested = []string{"I6-01", "I6-02", "I6-03", "I6-04", "I6-05", "I6-06", "I6-07", "I6-08", "I6-09", "I6-10"}

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
	idle := person(1, func(p *registry.Person) { p.WorkLocation, p.WorkMonths = "", registry.Count{} })
	runCases(t, "I6-10", []ruleCase{
		{name: "everyone works"},
		{name: "able and idle", mut: idle, want: []string{"P2"}, text: "普通劳动力"},
		{name: "with an employment measure", mut: both(idle, measures(registry.MeasureEmployment))},
		{name: "weak labour idle", mut: both(idle, person(1, func(p *registry.Person) { p.LabourSkill = "弱劳动力或半劳动力" }))},
		{name: "60 and idle", mut: both(idle, born(1, 1966, 11, 28))},
		{name: "59 and idle (bound)", mut: both(idle, born(1, 1967, 11, 28)), want: []string{"P2"}},
		{name: "ordinary household", base: ordinary, mut: idle},
	})
}
