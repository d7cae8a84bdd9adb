package workplan

import (
	"slices"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/registry"
)

func day(m, d int) registry.Date { return registry.NewDate(2026, time.Month(m), d) }

func task(opts ...func(*Task)) Task {
	t := Task{Region: "621121000000", Year: 2026, Title: "完成全县监测对象集中排查", Unit: "县乡村振兴局", Person: "王局长",
		Deadline: day(11, 28), Status: Doing, Indicators: []int{2, 1, 2}}
	for _, o := range opts {
		o(&t)
	}
	return t
}

func TestTaskValidate(t *testing.T) {
	for _, c := range []struct {
		name string
		t    Task
		ok   bool
	}{
		{"进行中", task(), true},
		{"已完成有佐证", task(func(t *Task) { t.Status, t.Evidence = Done, "排查 3,211 户，台账已归档" }), true},
		{"已完成无佐证", task(func(t *Task) { t.Status = Done }), false},
		{"无任务内容", task(func(t *Task) { t.Title = " " }), false},
		{"无责任单位", task(func(t *Task) { t.Unit = "" }), false},
		{"无时限", task(func(t *Task) { t.Deadline = registry.Date{} }), false},
		{"无指标", task(func(t *Task) { t.Indicators = nil }), false},
		{"指标 11", task(func(t *Task) { t.Indicators = []int{11} }), false},
		{"状态无效", task(func(t *Task) { t.Status = "暂停" }), false},
		{"属于市", task(func(t *Task) { t.Region = "621100000000" }), false},
		{"属于乡镇", task(func(t *Task) { t.Region = "621121100000" }), true},
		{"年度无效", task(func(t *Task) { t.Year = 26 }), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.t.Validate()
			if (err == nil) != c.ok || (err != nil && !errs.Is(err, errs.Invalid)) {
				t.Fatalf("Validate = %v", err)
			}
		})
	}
	tk := task()
	if err := tk.Validate(); err != nil || !slices.Equal(tk.Indicators, []int{1, 2}) {
		t.Errorf("indicators tidied: %v %v", tk.Indicators, err)
	}
	tk = task(func(t *Task) { t.DoneOn = day(11, 1) })
	if tk.Validate(); !tk.DoneOn.IsZero() {
		t.Error("a task not done keeps no completion date")
	}
}

func TestTaskOverdue(t *testing.T) {
	for _, c := range []struct {
		name  string
		t     Task
		today registry.Date
		want  bool
	}{
		{"时限当天", task(), day(11, 28), false},
		{"时限次日", task(), day(11, 29), true},
		{"未开始，已过时限", task(func(t *Task) { t.Status = NotStarted }), day(12, 10), true},
		{"已完成，已过时限", task(func(t *Task) { t.Status = Done }), day(12, 10), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.t.Overdue(c.today); got != c.want {
				t.Errorf("Overdue = %v, want %v", got, c.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want []int
		ok   bool
	}{
		{[]string{"1,4、6"}, []int{1, 4, 6}, true},
		{[]string{"2", "10"}, []int{2, 10}, true},
		{[]string{"0"}, nil, false},
		{[]string{"第一"}, nil, false},
		{nil, nil, true},
	} {
		got, err := ParseIndicators(c.in...)
		if (err == nil) != c.ok || !slices.Equal(got, c.want) {
			t.Errorf("ParseIndicators(%q) = %v, %v", c.in, got, err)
		}
	}
	if s, err := ParseStatus(""); s != NotStarted || err != nil {
		t.Errorf("empty status: %v %v", s, err)
	}
	if _, err := ParseStatus("完成"); err == nil {
		t.Error("unknown status accepted")
	}
}

func TestPolicy(t *testing.T) {
	pol := func(l Level, opts ...func(*Policy)) Policy {
		p := Policy{Title: "关于做好2026年巩固拓展脱贫攻坚成果工作的意见", Level: l, IssuedOn: day(8, 30)}
		for _, o := range opts {
			o(&p)
		}
		return p
	}
	if !slices.Equal(Province.Owed(), []Level{City, County}) || !slices.Equal(City.Owed(), []Level{County}) || County.Owed() != nil {
		t.Error("owed levels")
	}
	for _, c := range []struct {
		name  string
		p     Policy
		today registry.Date
		want  []Level
	}{
		{"省级 8 月 30 日印发，第 90 天（11 月 28 日）", pol(Province), day(11, 28), nil},
		{"省级 8 月 29 日印发，第 91 天，市县都未出台", pol(Province, func(p *Policy) { p.IssuedOn = day(8, 29) }), day(11, 28), []Level{City, County}},
		{"省级 8 月 29 日印发，市已出台", pol(Province, func(p *Policy) { p.IssuedOn, p.CityPlan.IssuedOn = day(8, 29), day(10, 1) }), day(11, 28), []Level{County}},
		{"市级 8 月 1 日印发，县已出台（晚了也算已出台）", pol(City, func(p *Policy) { p.IssuedOn, p.CountyPlan.IssuedOn = day(8, 1), day(11, 20) }), day(11, 28), nil},
		{"市级 8 月 1 日印发，县未出台", pol(City, func(p *Policy) { p.IssuedOn = day(8, 1) }), day(11, 28), []Level{County}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.p.Unmatched(90, c.today); !slices.Equal(got, c.want) {
				t.Errorf("Unmatched = %v, want %v", got, c.want)
			}
		})
	}
	for _, c := range []struct {
		name string
		p    Policy
		ok   bool
	}{
		{"省级", pol(Province), true},
		{"县级不需要配套", pol(County), false},
		{"无名称", pol(Province, func(p *Policy) { p.Title = "" }), false},
		{"无日期", pol(Province, func(p *Policy) { p.IssuedOn = registry.Date{} }), false},
		{"方案早于政策", pol(Province, func(p *Policy) { p.CountyPlan.IssuedOn = day(8, 1) }), false},
		{"市级政策填了市级方案", pol(City, func(p *Policy) { p.CityPlan.IssuedOn = day(9, 1) }), false},
		{"方案有名称无日期", pol(Province, func(p *Policy) { p.CityPlan.Title = "市实施方案" }), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := c.p.Validate(); (err == nil) != c.ok {
				t.Errorf("Validate = %v", err)
			}
		})
	}
}
