package recognition

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Rate is a share of a sample: Yes of N answers.
type Rate struct{ Yes, N int }

// Add adds another sample's counts.
func (r Rate) Add(o Rate) Rate { return Rate{r.Yes + o.Yes, r.N + o.N} }

// Known reports whether there is any answer.
func (r Rate) Known() bool { return r.N > 0 }

// Pct returns the share in %, 0 without answers.
func (r Rate) Pct() float64 {
	if r.N == 0 {
		return 0
	}
	return 100 * float64(r.Yes) / float64(r.N)
}

// z95 is the normal quantile of a two-sided 95 % interval.
const z95 = 1.959964

// Interval returns the 95 % confidence interval of the share, in %, by Wilson's score method,
// which stays inside 0–100 and is honest for small samples: 6 answers out of 6 give 61–100 %.
func (r Rate) Interval() (lo, hi float64) {
	if r.N == 0 {
		return 0, 100
	}
	n, p := float64(r.N), float64(r.Yes)/float64(r.N)
	z2 := z95 * z95
	centre := (p + z2/(2*n)) / (1 + z2/n)
	half := z95 * math.Sqrt(p*(1-p)/n+z2/(4*n*n)) / (1 + z2/n)
	lo, hi = 100*math.Max(0, centre-half), 100*math.Min(1, centre+half)
	if r.Yes == r.N {
		hi = 100
	}
	if r.Yes == 0 {
		lo = 0
	}
	return lo, hi
}

// String writes the rate as pages and cards show it: "83.3 %（6 户，43.6–97.0 %）", or "—"
// without answers.
func (r Rate) String() string {
	if r.N == 0 {
		return "—"
	}
	lo, hi := r.Interval()
	return fmt.Sprintf("%s %%（%d 户，%s–%s %%）", pct(r.Pct()), r.N, pct(lo), pct(hi))
}

// Below reports whether the rate falls short of a target (in %) clearly enough to be judged
// with min answers at least: the share is below the target and the sample has min answers,
// or the whole confidence interval lies below the target whatever the sample's size.
func (r Rate) Below(target float64, min int) bool {
	if r.N == 0 || r.Pct() >= target {
		return false
	}
	_, hi := r.Interval()
	return r.N >= min || hi < target
}

// Answer is what a rate counts of one survey.
type Answer struct {
	HouseholdNo string
	On          registry.Date
	Overall     int
	Guarantees  [5]registry.Flag // in the order of Guarantees
	KnowsHelper registry.Flag
	KnowsTeam   registry.Flag
	Complaints  []string
}

// AnswerOf returns the answer of a survey.
func AnswerOf(s *Survey) Answer {
	a := Answer{HouseholdNo: s.HouseholdNo, On: s.On, Overall: s.Overall, KnowsHelper: s.KnowsHelper, KnowsTeam: s.KnowsTeam,
		Complaints: s.Complaints}
	copy(a.Guarantees[:], s.GuaranteeFlags())
	return a
}

// Latest returns the latest answer of each household given on or after since, in household
// order: a household asked twice in the window counts once, as it last answered.
func Latest(answers []Answer, since registry.Date) []Answer {
	by := map[string]int{}
	var out []Answer
	for _, a := range answers {
		if a.On.Before(since) {
			continue
		}
		if i, ok := by[a.HouseholdNo]; ok {
			if out[i].On.Before(a.On) {
				out[i] = a
			}
			continue
		}
		by[a.HouseholdNo] = len(out)
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b Answer) int { return cmp.Compare(a.HouseholdNo, b.HouseholdNo) })
	return out
}

// Since returns the first day of the survey window ending on ref (survey_window_months).
func Since(ps *policy.Set, ref registry.Date) registry.Date {
	return AddDays(AddMonths(ref, -ps.Int(policy.SurveyWindowMonths)), 1)
}

// Knows reports whether an answer says the family knows its cadres: its helper, and the work
// team unless the village has none (the question left blank); ok is false when the family
// was not asked.
func (a *Answer) Knows() (knows, ok bool) {
	if a.KnowsHelper == registry.Unknown {
		return false, false
	}
	return a.KnowsHelper == registry.Yes && a.KnowsTeam != registry.No, true
}

// Tally is what the latest answers of a village (or any area) say.
type Tally struct {
	Satisfied Rate
	Knows     Rate // knows its helper and the work team
	Helper    Rate // knows its helper
	Team      Rate // knows the work team, among those asked
	// Unhappy counts the households not satisfied with each guarantee, in the order of
	// Guarantees; Complaints the households with each category of complaint.
	Unhappy    [5]int
	Complaints map[string]int
}

// TallyOf counts the answers (each household's latest) under the parameters.
func TallyOf(answers []Answer, ps *policy.Set) Tally {
	t := Tally{Complaints: map[string]int{}}
	min := ps.Int(policy.SatisfiedMinScore)
	for i := range answers {
		a := &answers[i]
		t.Satisfied.N++
		if a.Overall >= min {
			t.Satisfied.Yes++
		}
		if k, ok := a.Knows(); ok {
			t.Knows.N++
			if k {
				t.Knows.Yes++
			}
		}
		if a.KnowsHelper != registry.Unknown {
			t.Helper.N++
			if a.KnowsHelper == registry.Yes {
				t.Helper.Yes++
			}
		}
		if a.KnowsTeam != registry.Unknown {
			t.Team.N++
			if a.KnowsTeam == registry.Yes {
				t.Team.Yes++
			}
		}
		for g, f := range a.Guarantees {
			if f == registry.No {
				t.Unhappy[g]++
			}
		}
		for _, c := range a.Complaints {
			t.Complaints[c]++
		}
	}
	return t
}

// Add adds another area's tally: a township's is the sum of its villages'.
func (t Tally) Add(o Tally) Tally {
	out := Tally{Satisfied: t.Satisfied.Add(o.Satisfied), Knows: t.Knows.Add(o.Knows), Helper: t.Helper.Add(o.Helper),
		Team: t.Team.Add(o.Team), Complaints: map[string]int{}}
	for i := range out.Unhappy {
		out.Unhappy[i] = t.Unhappy[i] + o.Unhappy[i]
	}
	for _, m := range []map[string]int{t.Complaints, o.Complaints} {
		for k, v := range m {
			out.Complaints[k] += v
		}
	}
	return out
}

// TopComplaints returns the categories by households, most first, at most n.
func (t Tally) TopComplaints(n int) []CategoryCount {
	var out []CategoryCount
	for _, c := range Categories {
		if k := t.Complaints[c]; k > 0 {
			out = append(out, CategoryCount{c, k})
		}
	}
	slices.SortStableFunc(out, func(a, b CategoryCount) int { return b.N - a.N })
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// CategoryCount is a complaint category and how many households raised it.
type CategoryCount struct {
	Category string
	N        int
}

// AreaTallies tallies each village's latest answers given on or after since, and sums them by
// the area each village lies in (the first n digits of its code) and in all.
func AreaTallies(answers map[region.Code][]Answer, since registry.Date, ps *policy.Set, n int) (Tally, map[string]Tally) {
	total := Tally{Complaints: map[string]int{}}
	by := map[string]Tally{}
	for v, as := range answers {
		t := TallyOf(Latest(as, since), ps)
		total = total.Add(t)
		p := string(v)
		if n < len(p) {
			p = p[:n]
		}
		if old, ok := by[p]; ok {
			t = old.Add(t)
		}
		by[p] = t
	}
	return total, by
}

// ChildLen returns the length of the code prefixes of a region's children: 4 for a province's
// cities, 6 for a city's counties, 9 for a county's townships, 12 for a township's villages (and
// for a village itself).
func ChildLen(code region.Code) int {
	switch code.Level() {
	case region.Province:
		return 4
	case region.City:
		return 6
	case region.County:
		return 9
	}
	return 12
}
