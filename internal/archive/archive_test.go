package archive

import (
	"slices"
	"testing"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
)

func TestCategoryOf(t *testing.T) {
	for _, c := range []struct {
		name, kind, category string
		eliminated           registry.Flag
		want                 Category
	}{
		{"脱贫不稳定户，风险未消除", registry.KindAlleviated, registry.MonUnstable, registry.No, Monitored},
		{"边缘易致贫户（一般农户），风险未填", registry.KindOrdinary, registry.MonEdge, registry.Unknown, Monitored},
		{"突发严重困难户，风险已消除", registry.KindOrdinary, registry.MonSudden, registry.Yes, Eliminated},
		{"脱贫不稳定户，风险已消除", registry.KindAlleviated, registry.MonUnstable, registry.Yes, Eliminated},
		{"脱贫户，未纳入监测", registry.KindAlleviated, "", registry.Unknown, Alleviated},
		{"脱贫户，未监测但风险消除标志为是（无类别，不算监测户）", registry.KindAlleviated, "", registry.Yes, Alleviated},
		{"一般农户，未纳入监测", registry.KindOrdinary, "", registry.Unknown, None},
		{"户类型不在枚举中，未纳入监测", "普通户", "", registry.Unknown, None},
		{"类别只有空格", registry.KindOrdinary, "  ", registry.No, None},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := CategoryOf(c.kind, c.category, c.eliminated); got != c.want {
				t.Errorf("CategoryOf = %q, want %q", got, c.want)
			}
		})
	}
}

func lists() Lists {
	return Lists{Monitored: []string{"申请书", "入户核查表", "审批表"}, Eliminated: []string{"风险消除审批表", "审批表"},
		Alleviated: []string{"帮扶计划", "走访记录"}, Village: []string{"村级台账", "会议记录"}}
}

func TestListsFor(t *testing.T) {
	for _, c := range []struct {
		name string
		kind Kind
		cat  Category
		want []string
	}{
		{"监测户：监测户清单", KindHousehold, Monitored, []string{"申请书", "入户核查表", "审批表"}},
		{"风险消除户：监测户清单加消除清单，重复的只算一次", KindHousehold, Eliminated, []string{"申请书", "入户核查表", "审批表", "风险消除审批表"}},
		{"脱贫户：脱贫户清单", KindHousehold, Alleviated, []string{"帮扶计划", "走访记录"}},
		{"一般农户：没有", KindHousehold, None, nil},
		{"村：村级清单", KindVillage, None, []string{"村级台账", "会议记录"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cl := &Checklist{Kind: c.kind, Category: c.cat}
			if got := cl.Required(lists()); !slices.Equal(got, c.want) {
				t.Errorf("Required = %v, want %v", got, c.want)
			}
		})
	}
}

func TestListsFromDefaults(t *testing.T) {
	p := policy.MustDefaults(2026)
	l := ListsFrom(p, true, true)
	if len(l.Monitored) != 8 || l.Monitored[0] != "申请书" || len(l.Eliminated) != 2 || len(l.Alleviated) != 3 || len(l.Village) != 5 {
		t.Fatalf("default lists: %+v", l)
	}
	if got := len(l.For(Eliminated)); got != 10 {
		t.Errorf("eliminated household owes %d items, want 10", got)
	}
	// Only the parameters asked for are read: the rules' restricted sets hold them to it.
	ListsFrom(p.Restrict(HouseholdParams), true, false)
	ListsFrom(p.Restrict([]policy.Name{policy.ArchiveVillage}), false, true)
}

func TestStatusAndTally(t *testing.T) {
	paper := Entry{Held: Paper, Location: "村委会档案室"}
	for _, c := range []struct {
		name     string
		cl       Checklist
		present  int
		missing  []string
		complete bool
	}{
		{"监测户三项齐全", Checklist{Kind: KindHousehold, Category: Monitored,
			Entries: map[string]Entry{"申请书": paper, "入户核查表": paper, "审批表": {Held: File, FileID: "f1"}}}, 3, nil, true},
		{"监测户缺审批表", Checklist{Kind: KindHousehold, Category: Monitored,
			Entries: map[string]Entry{"申请书": paper, "入户核查表": paper}}, 2, []string{"审批表"}, false},
		{"清单外的资料不算数", Checklist{Kind: KindHousehold, Category: Alleviated,
			Entries: map[string]Entry{"帮扶计划": paper, "户口本复印件": paper}}, 1, []string{"走访记录"}, false},
		{"风险消除户有监测户的三项，缺消除审批表", Checklist{Kind: KindHousehold, Category: Eliminated,
			Entries: map[string]Entry{"申请书": paper, "入户核查表": paper, "审批表": paper}}, 3, []string{"风险消除审批表"}, false},
		{"一般农户不欠资料", Checklist{Kind: KindHousehold, Category: None, Entries: map[string]Entry{"申请书": paper}}, 0, nil, true},
		{"村级档案缺两项", Checklist{Kind: KindVillage}, 0, []string{"村级台账", "会议记录"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := c.cl.Status(lists())
			if len(s.Present) != c.present || !slices.Equal(s.Missing, c.missing) || s.Complete() != c.complete {
				t.Errorf("status %+v, want %d present, missing %v, complete %v", s, c.present, c.missing, c.complete)
			}
		})
	}

	var village, township Tally
	for _, cl := range []Checklist{
		{Kind: KindHousehold, Category: Monitored, Entries: map[string]Entry{"申请书": paper, "入户核查表": paper, "审批表": paper}},
		{Kind: KindHousehold, Category: Alleviated, Entries: map[string]Entry{"帮扶计划": paper}},
		{Kind: KindHousehold, Category: None},
	} {
		village.Add(cl.Status(lists()))
	}
	if village.Required != 5 || village.Present != 4 || village.Archives != 2 || village.Complete != 1 || village.Missing() != 1 {
		t.Fatalf("village tally %+v", village)
	}
	if r := village.Rate(); r != 80 {
		t.Errorf("rate %v, want 80", r)
	}
	township.Merge(village)
	township.Merge(Tally{Required: 5, Present: 0, Archives: 1})
	if township.Rate() != 40 || township.Archives != 3 {
		t.Errorf("township %+v rate %v", township, township.Rate())
	}
	if (Tally{}).Rate() != 100 {
		t.Error("nothing required reads as complete")
	}
}

func TestListedAndValidate(t *testing.T) {
	cl := &Checklist{Kind: KindHousehold, Category: Alleviated}
	if err := cl.Listed(lists(), "走访记录"); err != nil {
		t.Error(err)
	}
	for _, c := range []struct {
		name string
		cl   *Checklist
		item string
	}{
		{"清单外", cl, "户口本复印件"},
		{"脱贫户不欠监测户的申请书", cl, "申请书"},
		{"一般农户", &Checklist{Kind: KindHousehold}, "申请书"},
		{"村级清单外", &Checklist{Kind: KindVillage}, "申请书"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := c.cl.Listed(lists(), c.item); !errs.Is(err, errs.Invalid) {
				t.Errorf("Listed(%s) = %v", c.item, err)
			}
		})
	}
	for _, c := range []struct {
		name string
		e    Entry
		ok   bool
	}{
		{"纸质有存放位置", Entry{Held: Paper, Location: " 村委会档案室 "}, true},
		{"纸质无存放位置", Entry{Held: Paper, Location: "  "}, false},
		{"电子件", Entry{Held: File}, true},
		{"方式无效", Entry{Held: "cloud", Location: "x"}, false},
		{"位置过长", Entry{Held: Paper, Location: string(make([]rune, 101))}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := c.e.Validate(); (err == nil) != c.ok {
				t.Errorf("Validate = %v", err)
			}
		})
	}
}
