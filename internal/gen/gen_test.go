package gen_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// area is a generated area kept in memory for the tests that inspect it.
type area struct {
	aggs  []registry.Aggregate
	stats gen.Stats
}

// generate runs Generate and keeps everything.
func generate(tb testing.TB, cfg gen.Config, batch int) area {
	tb.Helper()
	var a area
	var err error
	a.stats, err = gen.Generate(context.Background(), dingxi(tb), cfg, batch, func(b []registry.Aggregate) error {
		a.aggs = append(a.aggs, b...)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// The two areas of 20,000 households most tests look at, generated once.
var (
	cleanOnce, seededOnce sync.Once
	clean, seeded         area
)

func cleanArea(tb testing.TB) area {
	cleanOnce.Do(func() { clean = generate(tb, testConfig(20000, 11, gen.ZeroRates()), 1000) })
	return clean
}

func seededArea(tb testing.TB) area {
	seededOnce.Do(func() { seeded = generate(tb, testConfig(20000, 11, gen.DefaultRates()), 1000) })
	return seeded
}

func TestDeterministic(t *testing.T) {
	cfg := testConfig(3000, 42, gen.DefaultRates())
	a := generate(t, cfg, 500)
	b := generate(t, cfg, 7) // the batch size does not change the data
	if !reflect.DeepEqual(a.aggs, b.aggs) {
		t.Fatal("the same seed and config gave different households")
	}
	if !reflect.DeepEqual(a.stats, b.stats) {
		t.Fatal("the same seed and config gave different stats")
	}
	cfg.Seed = 43
	c := generate(t, cfg, 500)
	if len(c.aggs) != len(a.aggs) {
		t.Fatalf("another seed gave %d households, want %d", len(c.aggs), len(a.aggs))
	}
	same := 0
	for i := range a.aggs {
		if reflect.DeepEqual(a.aggs[i].Persons, c.aggs[i].Persons) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("another seed gave %d households with identical people", same)
	}
}

func TestStats(t *testing.T) {
	a := cleanArea(t)
	want := gen.Stats{Households: len(a.aggs)}
	for i := range a.aggs {
		want.Persons += len(a.aggs[i].Persons)
		want.Incomes += len(a.aggs[i].Incomes)
		want.Measures += len(a.aggs[i].Measures)
	}
	got := a.stats
	got.Seeded = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stats = %+v, want %+v", got, want)
	}
	if want.Households != 20000 {
		t.Errorf("%d households, want 20000", want.Households)
	}
}

func TestDistributions(t *testing.T) {
	a := cleanArea(t)
	n := float64(len(a.aggs))
	var alleviated, monitored, eliminated, persons, dibao, relocated int
	kinds := map[string]int{}
	villages := map[region.Code]int{}
	var pcAlleviated, pcOrdinary []registry.Money
	for i := range a.aggs {
		ag := &a.aggs[i]
		h := &ag.Household
		persons += len(ag.Persons)
		villages[h.Village]++
		kinds[h.Kind]++
		if h.Kind == registry.KindAlleviated {
			alleviated++
			if h.YearOut < 2014 || h.YearOut > 2020 {
				t.Errorf("%s: 脱贫年度 %d", h.No, h.YearOut)
			}
		}
		if h.Monitored() {
			monitored++
			if h.RiskEliminated == registry.Yes {
				eliminated++
			}
		}
		if h.Dibao == registry.Yes {
			dibao++
		}
		if h.Relocated == registry.Yes {
			relocated++
		}
		if !h.Monitored() {
			in := ag.Income(2025)
			if h.Kind == registry.KindAlleviated {
				pcAlleviated = append(pcAlleviated, in.PerCapita(in.Size))
			} else {
				pcOrdinary = append(pcOrdinary, in.PerCapita(in.Size))
			}
		}
	}
	within := func(name string, v, lo, hi float64) {
		t.Helper()
		if v < lo || v > hi {
			t.Errorf("%s = %.3f, want %.3f–%.3f", name, v, lo, hi)
		}
	}
	within("share of 脱贫户", float64(alleviated)/n, 0.25, 0.40)
	within("share monitored", float64(monitored)/n, 0.02, 0.08)
	within("share of monitored eliminated", float64(eliminated)/float64(monitored), 0.3, 0.7)
	within("mean household size", float64(persons)/n, 3, 4)
	within("share on 低保", float64(dibao)/n, 0.05, 0.2)
	within("share relocated", float64(relocated)/n, 0.01, 0.05)
	slices.Sort(pcAlleviated)
	slices.Sort(pcOrdinary)
	within("median per-capita income of 脱贫户", pcAlleviated[len(pcAlleviated)/2].Yuan(), 10000, 20000)
	within("median per-capita income of 一般农户", pcOrdinary[len(pcOrdinary)/2].Yuan(), 14000, 25000)
	if len(kinds) != 2 {
		t.Errorf("household kinds %v", kinds)
	}
	// Households spread over the real villages: most of 定西's 1,987 villages have some.
	within("villages used", float64(len(villages)), 1900, 1987)
	for v := range villages {
		if !strings.HasPrefix(string(v), "6211") || v.Level() != region.Village {
			t.Errorf("household in %s, outside 定西市", v)
		}
	}
}

func TestValidate(t *testing.T) {
	for name, a := range map[string]area{"clean": cleanArea(t), "seeded": seededArea(t)} {
		for i := range a.aggs {
			if err := a.aggs[i].Validate(); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
}

// TestCleanData runs the structural self-check over clean data.
func TestCleanData(t *testing.T) {
	a := cleanArea(t)
	c := newChecker(ref, 2025)
	for i := range a.aggs {
		c.household(&a.aggs[i])
	}
	for i, b := range c.bad {
		if i == 30 {
			t.Errorf("… and %d more", len(c.bad)-30)
			break
		}
		t.Error(b)
	}
}

func TestZeroRatesSeedNothing(t *testing.T) {
	if s := cleanArea(t).stats.Seeded; len(s) != 0 {
		t.Errorf("ZeroRates seeded %v", s)
	}
	a := generate(t, testConfig(2000, 5, nil), 500)
	if len(a.stats.Seeded) != 0 {
		t.Errorf("nil rates seeded %v", a.stats.Seeded)
	}
}

func TestEveryProblemSeeded(t *testing.T) {
	a := seededArea(t)
	households := map[string]bool{}
	persons := map[string]bool{}
	for i := range a.aggs {
		households[a.aggs[i].Household.No] = true
		for j := range a.aggs[i].Persons {
			persons[a.aggs[i].Persons[j].No] = true
		}
	}
	total := 0
	for _, p := range gen.Problems() {
		ids := a.stats.Seeded[p]
		if len(ids) == 0 {
			t.Errorf("%s: not seeded in 20,000 households", p)
		}
		total += len(ids)
		for _, id := range ids {
			if p.PersonLevel() && !persons[id] || !p.PersonLevel() && !households[id] {
				t.Errorf("%s: subject %s is no %s of the area", p, id, map[bool]string{true: "person", false: "household"}[p.PersonLevel()])
			}
		}
	}
	if len(a.stats.Seeded) != len(gen.Problems()) {
		t.Errorf("seeded %d kinds of problem, want %d", len(a.stats.Seeded), len(gen.Problems()))
	}
	if total < 400 || total > 2000 {
		t.Errorf("%d seeded subjects in 20,000 households", total)
	}
}

// TestSeededHouseholdsOnly checks that seeding changes only the households it records: with
// the same seed, every household no problem was seeded into keeps its clean content except
// for the registry-wide numbers (ID sequence numbers, phones) that seeding shifts.
func TestSeededHouseholdsOnly(t *testing.T) {
	c, s := cleanArea(t), seededArea(t)
	touched := map[string]bool{}
	for _, ids := range s.stats.Seeded {
		for _, id := range ids {
			touched[id[:16]] = true
		}
	}
	differ := 0
	for i := range c.aggs {
		x, y := c.aggs[i], s.aggs[i]
		if touched[x.Household.No] {
			continue
		}
		x.Household.Phone, y.Household.Phone = "", ""
		for _, a := range []*registry.Aggregate{&x, &y} {
			a.Persons = slices.Clone(a.Persons)
			for j := range a.Persons {
				a.Persons[j].IDNumber, a.Persons[j].Phone = "", ""
			}
		}
		if !reflect.DeepEqual(x, y) {
			differ++
		}
	}
	// A household drawn for a problem it could not host is changed without being recorded.
	if differ > len(c.aggs)/200 {
		t.Errorf("%d households without a recorded problem differ from the clean data", differ)
	}
}

func TestConfigErrors(t *testing.T) {
	tree := dingxi(t)
	emit := func([]registry.Aggregate) error { return nil }
	for name, cfg := range map[string]gen.Config{
		"no households":     {Households: 0, Year: 2025},
		"no year, no date":  {Households: 10},
		"unknown area":      {Households: 10, Year: 2025, Area: "621199000000"},
		"area outside tree": {Households: 10, Year: 2025, Area: "110000000000"},
		"too many":          {Households: 2000 * 9999, Year: 2025},
		"too early":         {Households: 10, Year: 2019},
	} {
		if _, err := gen.Generate(context.Background(), tree, cfg, 10, emit); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestSmallerAreas(t *testing.T) {
	for _, code := range []region.Code{"621121000000", "621121100000", "621121100201"} {
		cfg := testConfig(300, 1, gen.DefaultRates())
		cfg.Area = code
		a := generate(t, cfg, 100)
		if len(a.aggs) != 300 {
			t.Errorf("%s: %d households", code, len(a.aggs))
		}
		for i := range a.aggs {
			if !code.Contains(a.aggs[i].Household.Village) {
				t.Errorf("%s: household in %s", code, a.aggs[i].Household.Village)
				break
			}
		}
	}
}

func TestEmitErrorStops(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	_, err := gen.Generate(context.Background(), dingxi(t), testConfig(1000, 1, nil), 100, func([]registry.Aggregate) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 3 {
		t.Errorf("err = %v after %d batches, want stop after 3", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := gen.Generate(ctx, dingxi(t), testConfig(1000, 1, nil), 100, func([]registry.Aggregate) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v", err)
	}
}
