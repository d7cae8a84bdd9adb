package gen_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/rules"
)

// world is the registry-wide context of a generated area, as the screening engine builds it.
type world struct {
	ids    map[string][]string
	posts  map[string]int
	phones map[string]map[string]bool
}

func (w *world) IDHolders(key string) ([]string, int) { return w.ids[key], w.posts[key] }
func (w *world) PhoneHouseholds(p string) int         { return len(w.phones[p]) }
func (w *world) DeceasedHolders(string) int           { return 0 }

// screen runs the whole rule catalog over the area with the shipped parameters and returns the
// subjects each rule flags.
func screen(a area) map[string][]string {
	date := registry.DateOf(ref)
	w := &world{ids: map[string][]string{}, posts: map[string]int{}, phones: map[string]map[string]bool{}}
	local := &rules.Context{P: policy.MustDefaults(2025), Ref: date, Year: 2025, World: rules.NoWorld{}, Places: places}
	for i := range a.aggs {
		h := rules.NewHouse(local, &a.aggs[i])
		for _, m := range h.Members {
			if m.Key != "" {
				w.ids[m.Key] = append(w.ids[m.Key], h.H.No)
				if m.PostType != "" {
					w.posts[m.Key]++
				}
			}
			if p := strings.TrimSpace(m.Phone); p != "" {
				if w.phones[p] == nil {
					w.phones[p] = map[string]bool{}
				}
				w.phones[p][h.H.No] = true
			}
		}
	}
	workArea(newChecker(ref, 2025), "", "") // builds the country-wide resolver
	ctx := &rules.Context{P: policy.MustDefaults(2025), Ref: date, Year: 2025, World: w, Places: places}
	out := map[string][]string{}
	for i := range a.aggs {
		for _, hit := range rules.All().Evaluate(ctx, &a.aggs[i]) {
			out[hit.Rule.ID] = append(out[hit.Rule.ID], hit.SubjectID)
		}
	}
	return out
}

// TestCatalogFindsNothingInCleanData runs the screening catalog over clean data: the clean
// baseline must give no finding at all.
func TestCatalogFindsNothingInCleanData(t *testing.T) {
	for id, subjects := range screen(cleanArea(t)) {
		t.Errorf("%s %s: %d findings in clean data, e.g. %v", id, rules.All().Get(id).Title, len(subjects), subjects[:min(3, len(subjects))])
	}
}

// TestCatalogFindsSeededProblems runs the catalog over seeded data: every finding is about a
// seeded subject (nothing unintended was seeded), and every seeded subject is found.
func TestCatalogFindsSeededProblems(t *testing.T) {
	a := seededArea(t)
	seededIn := map[string][]gen.Problem{}
	for p, ids := range a.stats.Seeded {
		for _, id := range ids {
			seededIn[id] = append(seededIn[id], p)
		}
	}
	found := map[string][]string{} // subject → rules
	for id, subjects := range screen(a) {
		for _, s := range subjects {
			found[s] = append(found[s], id)
			if seededIn[s] == nil {
				t.Errorf("%s %s flags %s, which no problem was seeded into", id, rules.All().Get(id).Title, s)
			}
		}
	}
	byProblem := map[gen.Problem][]string{}
	for _, p := range gen.Problems() {
		for _, s := range a.stats.Seeded[p] {
			if len(found[s]) == 0 {
				t.Errorf("%s seeded into %s, but no rule finds it", p, s)
			}
			for _, r := range found[s] {
				if !strings.Contains(strings.Join(byProblem[p], ","), r) {
					byProblem[p] = append(byProblem[p], r)
				}
			}
		}
	}
	if testing.Verbose() {
		for _, p := range gen.Problems() {
			sort.Strings(byProblem[p])
			t.Logf("%-30s %4d  found by %v", p, len(a.stats.Seeded[p]), byProblem[p])
		}
	}
}
