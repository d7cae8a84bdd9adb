package procedure

import (
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
)

func day(m, d int) registry.Date { return registry.NewDate(2026, time.Month(m), d) }

var today = day(11, 28)

// lead is an identification started from a visit on 11-01, with the steps given recorded.
func lead(steps ...Record) *Procedure {
	return &Procedure{ID: "x", County: "621121", Village: "621121100201", HouseholdNo: "H1", Kind: Identify,
		Category: registry.MonEdge, Source: "入户走访发现", LeadOn: day(11, 1), Steps: steps}
}

func rec(s Step, on registry.Date) Record { return Record{Step: s, On: on, By: "村委会"} }

func notice(on, until registry.Date) Record {
	return Record{Step: Notice, On: on, Until: until, By: "村委会"}
}

// full returns the six steps of a procedure done on time from a lead on 11-01.
func full() []Record {
	return []Record{rec(Visit, day(11, 3)), rec(Review, day(11, 4)), notice(day(11, 5), day(11, 9)),
		rec(Township, day(11, 10)), rec(County, day(11, 12)), rec(Entry, day(11, 14))}
}

func TestValidate(t *testing.T) {
	ps := policy.MustDefaults(2026)
	for _, tc := range []struct {
		name string
		set  func(p *Procedure)
		want string // part of the error, "" for none
	}{
		{"识别纳入", func(p *Procedure) {}, ""},
		{"未知类型", func(p *Procedure) { p.Kind = "x" }, "程序类型"},
		{"类别不对", func(p *Procedure) { p.Category = "一般农户" }, "监测对象类别"},
		{"来源不对", func(p *Procedure) { p.Source = "网上" }, "线索来源"},
		{"无线索日期", func(p *Procedure) { p.LeadOn = registry.Date{} }, "发现线索的日期"},
		{"线索日期晚于今天", func(p *Procedure) { p.LeadOn = day(11, 29) }, "晚于今天"},
		{"线索日期为今天", func(p *Procedure) { p.LeadOn = today }, ""},
		{"识别纳入填了消除方式", func(p *Procedure) { p.Way = "帮扶消除" }, "不填风险消除方式"},
		{"风险消除无收入稳定日期", func(p *Procedure) { p.Kind = Eliminate }, "收入稳定的起始日期"},
		{"风险消除：收入稳定满 6 个月", func(p *Procedure) {
			p.Kind, p.StableSince, p.Way = Eliminate, day(5, 1), "帮扶消除"
		}, ""},
		{"风险消除：收入稳定差一天满 6 个月", func(p *Procedure) { p.Kind, p.StableSince = Eliminate, day(5, 2) }, "须观察满 6 个月（2026-11-02 起）"},
		{"风险消除：消除方式不对", func(p *Procedure) { p.Kind, p.StableSince, p.Way = Eliminate, day(1, 1), "脱贫" }, "风险消除方式"},
		{"线索说明过长", func(p *Procedure) { p.LeadNote = strings.Repeat("字", MaxNote+1) }, "不能超过"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := lead()
			tc.set(p)
			check(t, p.Validate(ps, today), tc.want)
		})
	}
}

func check(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("unexpected %v", err)
	case want != "" && err == nil:
		t.Fatalf("no error, want %q", want)
	case want != "" && !strings.Contains(err.Error(), want):
		t.Fatalf("%v, want %q", err, want)
	}
}

func TestCheckIdentified(t *testing.T) {
	ps := policy.MustDefaults(2026)
	p := lead()
	p.Kind, p.StableSince = Eliminate, day(3, 1)
	for _, tc := range []struct {
		name       string
		identified registry.Month
		want       string
	}{
		{"纳入满 6 个月", registry.NewMonth(2026, 5), ""},
		{"纳入不满 6 个月", registry.NewMonth(2026, 6), "须满 6 个月（2026-12-01 起）"},
		{"纳入时间未填", registry.Month{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) { check(t, p.CheckIdentified(ps, tc.identified), tc.want) })
	}
	p.Kind = Identify
	check(t, p.CheckIdentified(ps, registry.NewMonth(2026, 11)), "")
}

// TestStepOrder: a step is recorded only after the one before it, on a day no earlier than
// the one before it ended and not after today; the notice runs its statutory days (5), the
// township reviews after it.
func TestStepOrder(t *testing.T) {
	ps := policy.MustDefaults(2026)
	steps := full()
	for _, tc := range []struct {
		name string
		done int // steps already recorded
		r    Record
		want string
	}{
		{"入户核实在线索当天", 0, rec(Visit, day(11, 1)), ""},
		{"入户核实早于线索", 0, rec(Visit, day(10, 31)), "早于发现线索的日期 2026-11-01"},
		{"入户核实晚于今天", 0, rec(Visit, day(11, 29)), "晚于今天"},
		{"跳过入户核实直接评议", 0, rec(Review, day(11, 3)), "请先登记「入户核实」"},
		{"跳到县级审定", 2, rec(County, day(11, 20)), "请先登记「村内公示」"},
		{"重复登记入户核实", 1, rec(Visit, day(11, 3)), "已登记"},
		{"无日期", 0, Record{Step: Visit, By: "张三"}, "请填写「入户核实」的日期"},
		{"无经办人", 0, Record{Step: Visit, On: day(11, 2)}, "经办人"},
		{"评议早于核实", 1, rec(Review, day(11, 2)), "早于「入户核实」的日期 2026-11-03"},
		{"评议与核实同日", 1, rec(Review, day(11, 3)), ""},
		{"公示满 5 天（首尾都算）", 2, notice(day(11, 5), day(11, 9)), ""},
		{"公示只有 4 天", 2, notice(day(11, 5), day(11, 8)), "只有 4 天，不得少于 5 天（2026-11-09 之前不能结束）"},
		{"公示截止早于开始", 2, notice(day(11, 5), day(11, 1)), "只有 0 天"},
		{"公示无截止日期", 2, rec(Notice, day(11, 5)), "截止日期"},
		{"公示截止在今天之后", 2, notice(day(11, 26), day(11, 30)), ""},
		{"非公示填截止日期", 1, Record{Step: Review, On: day(11, 4), Until: day(11, 9), By: "村委会"}, "只有村内公示"},
		{"乡镇审核在公示期内", 3, rec(Township, day(11, 8)), "早于「村内公示」的日期 2026-11-09"},
		{"乡镇审核在公示最后一天", 3, rec(Township, day(11, 9)), "应在公示期满之后（2026-11-10 起）"},
		{"乡镇审核在公示期满次日", 3, rec(Township, day(11, 10)), ""},
		{"县级审定早于乡镇审核", 4, rec(County, day(11, 9)), "早于「乡镇审核」"},
		{"录入全国系统", 5, rec(Entry, day(11, 14)), ""},
		{"全部办结后再登记", 6, rec(Entry, day(11, 20)), "已办结"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := lead(steps[:tc.done]...)
			check(t, p.CheckRecord(ps, tc.r, today), tc.want)
		})
	}
	closed := lead(steps[:1]...)
	closed.ClosedOn, closed.CloseReason = day(11, 4), "入户核实不符合纳入条件"
	check(t, closed.CheckRecord(ps, rec(Review, day(11, 5)), today), "已终止")
}

func TestClose(t *testing.T) {
	p := lead(rec(Visit, day(11, 3)))
	check(t, p.CheckClose(day(11, 4), "", today), "终止的理由")
	check(t, p.CheckClose(day(11, 2), "不符合条件", today), "早于上一步的日期 2026-11-03")
	check(t, p.CheckClose(day(11, 29), "不符合条件", today), "今天或之前")
	check(t, p.CheckClose(day(11, 3), "不符合条件", today), "")
	p.ClosedOn = day(11, 3)
	check(t, p.CheckClose(day(11, 4), "不符合条件", today), "已终止")
	if p.State() != Closed || lead(full()...).State() != Done || lead().State() != Open {
		t.Error("states")
	}
}

// TestDeadlines: each deadline at its boundary — the day of the deadline is in time, the day
// after is late.
func TestDeadlines(t *testing.T) {
	ps := policy.MustDefaults(2026)
	steps := full()
	type late struct {
		step Step
		due  registry.Date
	}
	for _, tc := range []struct {
		name  string
		p     *Procedure
		today registry.Date
		want  []late
	}{
		{"线索后第 5 天未核实", lead(), day(11, 6), nil},
		{"线索后第 6 天未核实", lead(), day(11, 7), []late{{Visit, day(11, 6)}}},
		{"线索后第 15 天未识别", lead(steps[:2]...), day(11, 16), nil},
		{"线索后第 16 天未识别", lead(steps[:2]...), day(11, 17), []late{{County, day(11, 16)}}},
		{"公示期满后第 3 天未审核", lead(steps[:3]...), day(11, 12), nil},
		{"公示期满后第 4 天未审核", lead(steps[:3]...), day(11, 13), []late{{Township, day(11, 12)}}},
		{"审定后第 5 天未录入", lead(steps[:5]...), day(11, 17), nil},
		{"审定后第 6 天未录入", lead(steps[:5]...), day(11, 18), []late{{Entry, day(11, 17)}}},
		{"全部逾期", lead(), day(11, 28), []late{{Visit, day(11, 6)}, {County, day(11, 16)}}},
		{"已办结", lead(steps...), day(11, 28), nil},
		{"终止后不再逾期", func() *Procedure {
			p := lead(steps[:1]...)
			p.ClosedOn, p.CloseReason = day(11, 3), "不符合条件"
			return p
		}(), day(11, 28), nil},
		{"风险消除没有 15 天的识别期限", func() *Procedure {
			p := lead(steps[:3]...)
			p.Kind, p.StableSince = Eliminate, day(1, 1)
			return p
		}(), day(11, 12), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []late
			for _, l := range tc.p.Overdue(ps, tc.today) {
				got = append(got, late{l.Step, l.Due})
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
	// A step done after its deadline is late though no longer pending.
	p := lead(rec(Visit, day(11, 3)), rec(Review, day(11, 4)), notice(day(11, 5), day(11, 9)), rec(Township, day(11, 10)), rec(County, day(11, 17)))
	if l, late := p.Lateness(ps, County, today); !late || l.Done != day(11, 17) || l.Due != day(11, 16) {
		t.Errorf("county decision on day 16: %v %v", l, late)
	}
	p.Steps[4].On = day(11, 16)
	if _, late := p.Lateness(ps, County, today); late {
		t.Error("county decision on day 15 is in time")
	}
	if _, ok := p.Due(ps, Review); ok {
		t.Error("the village review has no deadline of its own")
	}
}

func TestNoticeName(t *testing.T) {
	for in, want := range map[string]string{"张三": "张＊", "张三丰": "张＊丰", "欧阳娜娜": "欧＊＊娜", "李": "李", " 王小明 ": "王＊明", "": ""} {
		if got := NoticeName(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestParseKind(t *testing.T) {
	if k, err := ParseKind("识别纳入"); err != nil || k != Identify {
		t.Error(k, err)
	}
	if k, err := ParseKind("eliminate"); err != nil || k != Eliminate {
		t.Error(k, err)
	}
	if _, err := ParseKind("x"); errs.CodeOf(err) != errs.Invalid {
		t.Error(err)
	}
	o := &Object{Procedure: *lead()}
	if o.Kind() != KindObject || o.ID() != "x" || o.Region() != "621121100201" || o.Label() != "户「H1」的识别纳入程序" {
		t.Error(o.Kind(), o.ID(), o.Region(), o.Label())
	}
}

// TestNotice: the printed notice shows the masked name, the village and the category, the
// notice period when recorded, and nothing of the household's numbers.
func TestNotice(t *testing.T) {
	p := lead(full()...)
	q := lead()
	q.HouseholdNo = "H2"
	n := NewBulletin([]*Procedure{p}, map[string]string{"H1": "王小明"}, 5, "甘肃省定西市通渭县平襄镇东关村", "东关村")
	var b strings.Builder
	if err := WriteBulletins(&b, []*Bulletin{n}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"关于防返贫监测对象识别纳入的公示", "王＊明", "东关村", registry.MonEdge, "2026-11-05 至 2026-11-09",
		"不少于 5 天", "东关村村民委员会（盖章）", `class="sheet"`} {
		if !strings.Contains(out, want) {
			t.Errorf("notice lacks %q", want)
		}
	}
	if strings.Contains(out, "王小明") || strings.Contains(out, "H1") {
		t.Error("the notice shows the full name or the household number")
	}
	// Two procedures with different notice periods: the dates are left to be filled in.
	two := NewBulletin([]*Procedure{p, q}, map[string]string{"H1": "王小明", "H2": "李四"}, 5, "东关村", "东关村")
	if two.From != "" || len(two.Rows) != 2 || two.Rows[1].Name != "李＊" {
		t.Errorf("two: %+v", two)
	}
	if n := NewBulletin([]*Procedure{p}, nil, 5, "东城区居民委员会", "东城区居民委员会"); n.Signer != "东城区居民委员会" {
		t.Errorf("signer %q", n.Signer)
	}
	el := lead()
	el.Kind, el.Way = Eliminate, "帮扶消除"
	if n := NewBulletin([]*Procedure{el}, nil, 5, "东关村", "东关村"); !n.Eliminate || !strings.Contains(n.Title, "风险消除") {
		t.Errorf("elimination: %+v", n)
	}
}
