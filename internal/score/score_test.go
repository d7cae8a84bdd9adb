package score

import (
	"testing"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

func TestPoints(t *testing.T) {
	for _, tc := range []struct {
		name                        string
		rate, target, floor, weight float64
		want                        float64
	}{
		{"lower better: at target", 0, 0, 20, 10, 10},
		{"lower better: better than target", 0, 5, 20, 10, 10},
		{"lower better: at floor", 20, 0, 20, 10, 0},
		{"lower better: beyond floor", 35, 0, 20, 10, 0},
		{"lower better: between", 5, 0, 20, 10, 7.5},
		{"lower better: weight 15", 10, 0, 20, 15, 7.5},
		{"higher better: at target", 95, 95, 90, 10, 10},
		{"higher better: beyond target", 99, 95, 90, 10, 10},
		{"higher better: at floor", 90, 95, 90, 10, 0},
		{"higher better: beyond floor", 80, 95, 90, 10, 0},
		{"higher better: between", 93, 95, 90, 10, 6},
		{"target equals floor: met", 1, 1, 1, 10, 10},
		{"target equals floor: missed", 1.01, 1, 1, 10, 0},
		{"zero weight", 0, 0, 20, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Points(tc.rate, tc.target, tc.floor, tc.weight); got < tc.want-1e-9 || got > tc.want+1e-9 {
				t.Errorf("Points(%v, %v, %v, %v) = %v, want %v", tc.rate, tc.target, tc.floor, tc.weight, got, tc.want)
			}
		})
	}
}

func TestRate(t *testing.T) {
	if r, ok := Rate(3, 1000, PerMille); !ok || r != 3 {
		t.Errorf("per mille %v %v", r, ok)
	}
	if r, ok := Rate(1, 50, Percent); !ok || r != 2 {
		t.Errorf("percent %v %v", r, ok)
	}
	if _, ok := Rate(0, 0, Percent); ok {
		t.Error("nothing to measure")
	}
}

func TestConfigPerYear(t *testing.T) {
	os := []policy.Override{
		{Prefix: "62", Year: 2026, Name: policy.ScoreWeight(1), Value: "20"},
		{Prefix: "62", Year: 2026, Name: policy.ScoreFloor(1), Value: "10"},
	}
	p26, _ := policy.Resolve("621121000000", 2026, os)
	p25, _ := policy.Resolve("621121000000", 2025, os)
	if c := ConfigOf(p26, 1); c != (Config{Weight: 20, Target: 0, Floor: 10}) {
		t.Errorf("2026: %+v", c)
	}
	if c := ConfigOf(p25, 1); c != (Config{Weight: 10, Target: 0, Floor: 20}) {
		t.Errorf("2025 defaults: %+v", c)
	}
	if c := ConfigOf(p25, 10); c != (Config{Weight: 10, Target: 95, Floor: 90}) {
		t.Errorf("satisfaction defaults: %+v", c)
	}
}

// counts makes counts of a region from triples indicator, num, den; indicator 2's are its
// 漏纳率 part.
func counts(code string, kv ...int) []store.ScoreCount {
	var out []store.ScoreCount
	for i := 0; i+2 < len(kv); i += 3 {
		part := ""
		if kv[i] == 2 {
			part = "missed"
		}
		out = append(out, store.ScoreCount{Period: "2026-11", Region: region.Code(code), Indicator: kv[i], Part: part, Num: kv[i+1], Den: kv[i+2]})
	}
	return out
}

// defaults resolves the shipped parameters, or the overrides given.
func defaults(overrides ...policy.Override) resolver {
	return func(code region.Code, year int) (*policy.Set, error) { return policy.Resolve(code, year, overrides) }
}

func TestRowsRankGapChange(t *testing.T) {
	s := &Service{}
	a, b, c := "621121100201", "621121100202", "621121100203"
	cur := append(append(
		// a: indicator 1 at 5‰ (7.5 of 10), 2 at 0%, 3 with no relocated households.
		counts(a, 1, 5, 1000, 2, 0, 50, 3, 0, 0, 6, 0, 1000, 9, 0, 1000, 0, 30, 1000),
		// b: full marks on every measured indicator.
		counts(b, 1, 0, 1000, 2, 0, 50, 3, 0, 10, 6, 0, 1000, 9, 0, 1000)...),
		// c: same gap as a.
		counts(c, 1, 5, 1000, 2, 0, 50, 3, 0, 10, 6, 0, 1000, 9, 0, 1000)...)
	prev := counts(a, 1, 10, 1000, 2, 0, 50, 6, 0, 1000, 9, 0, 1000)
	rows, err := s.rows(cur, prev, defaults(), 2026, map[int]float64{2: 1.5})
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[region.Code]Row{}
	var list []Row
	for _, r := range rows {
		byCode[r.Region] = *r
		list = append(list, *r)
	}
	ra := byCode[region.Code(a)]
	if ra.Scored != 4 || ra.Max != 40 || ra.Total != 37.5 || ra.Gap != 2.5 {
		t.Errorf("a: scored %d max %v total %v gap %v", ra.Scored, ra.Max, ra.Total, ra.Gap)
	}
	if ra.Values[3].Text() != NotApplicable || ra.Values[4].Text() != NoData || ra.Values[1].Text() != "5‰" {
		t.Errorf("texts %q %q %q", ra.Values[3].Text(), ra.Values[4].Text(), ra.Values[1].Text())
	}
	if v := ra.Values[3]; v.Measured || v.Scored {
		t.Errorf("a relocation without relocated households: %+v", v)
	}
	for _, i := range []int{4, 5, 7, 8, 10} {
		if v := ra.Values[i]; v.Measured || v.Scored || v.Score != 0 {
			t.Errorf("indicator %d has no data: %+v", i, v)
		}
	}
	if v := ra.Values[0]; !v.Measured || v.Scored || v.Rate != 30 {
		t.Errorf("data quality is measured, not scored: %+v", v)
	}
	if !ra.HasPrev || ra.Change != 2.5 || !ra.Values[1].HasPrev || ra.Values[1].PrevRate != 10 {
		t.Errorf("change %v %v %+v", ra.HasPrev, ra.Change, ra.Values[1])
	}
	if v := ra.Values[2]; !v.HasAvg || v.Avg != 1.5 {
		t.Errorf("province average %+v", v)
	}
	if byCode[region.Code(b)].HasPrev {
		t.Error("b has no previous period")
	}
	Rank(list)
	if list[0].Region != region.Code(b) || list[0].Rank != 1 || list[0].Gap != 0 || list[0].Total != 50 ||
		list[1].Rank != 2 || list[2].Rank != 2 || list[1].Region != region.Code(a) {
		for _, r := range list {
			t.Logf("%s rank %d gap %v total %v", r.Region, r.Rank, r.Gap, r.Total)
		}
		t.Error("rank")
	}
}

// TestCompositeIndicator2 scores indicator 2 on its four parts with the documented shares and
// thresholds, renormalising the shares over the parts measured, and with the shares set by
// parameter.
func TestCompositeIndicator2(t *testing.T) {
	part := func(key string, num, den int) store.ScoreCount {
		return store.ScoreCount{Period: "2026-11", Region: "621121100201", Indicator: 2, Part: key, Num: num, Den: den}
	}
	all := []store.ScoreCount{part("missed", 1, 100), part("no_measure", 1, 50), part("elimination", 0, 10), part("mismatch", 5, 50)}
	for _, tc := range []struct {
		name      string
		counts    []store.ScoreCount
		overrides []policy.Override
		want      float64
	}{
		// Weights 4, 2, 2, 2: 漏纳率 1% of 0–2% → 2; 2% of 0–5% → 1.2; 0% → 2; 10% at its floor → 0.
		{"defaults", all, nil, 5.2},
		// No eliminated household: the other three share the 10 points 5, 2.5, 2.5.
		{"a part not measured", []store.ScoreCount{all[0], all[1], part("elimination", 0, 0), all[3]}, nil, 4},
		{"the 漏纳率 alone", all, []policy.Override{
			{Name: policy.ScorePartName(2, "missed", "share"), Value: "100"},
			{Name: policy.ScorePartName(2, "no_measure", "share"), Value: "0"},
			{Name: policy.ScorePartName(2, "elimination", "share"), Value: "0"},
			{Name: policy.ScorePartName(2, "mismatch", "share"), Value: "0"},
		}, 5},
		{"a looser floor", all, []policy.Override{{Name: policy.ScorePartName(2, "mismatch", "floor"), Value: "20"}}, 6.2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := (&Service{}).rows(tc.counts, nil, defaults(tc.overrides...), 2026, nil)
			if err != nil || len(rows) != 1 {
				t.Fatal(err)
			}
			v := rows[0]
			if !v.Values[2].Scored || !near(v.Values[2].Score, tc.want) {
				t.Errorf("score %v, want %v (%+v)", v.Values[2].Score, tc.want, v.Values[2].Components)
			}
			sum := 0.0
			for _, c := range v.Values[2].Components {
				sum += c.Config.Weight
			}
			if !near(sum, 10) {
				t.Errorf("parts' weights sum to %v", sum)
			}
		})
	}
}

func near(a, b float64) bool { return a-b < 0.005 && b-a < 0.005 }
