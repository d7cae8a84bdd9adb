package rules

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

type ruleCase struct {
	name  string
	base  func() *registry.Aggregate // nil: base
	mut   func(a *registry.Aggregate)
	world World
	want  []string // subjects flagged; nil: must not fire
	text  string   // a part the explanation must contain
}

var badFormat = regexp.MustCompile(`%!|%[a-z]`)

// runCases checks a rule over each case, holding it to its declared parameters.
func runCases(t *testing.T, ruleID string, cases []ruleCase) {
	t.Helper()
	r := All().Get(ruleID)
	if r == nil {
		t.Fatalf("no rule %s", ruleID)
	}
	fires, quiet := false, false
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mk := tc.base
			if mk == nil {
				mk = base
			}
			a := mk()
			if tc.mut != nil {
				tc.mut(a)
			}
			w := tc.world
			if w == nil {
				w = NoWorld{}
			}
			c := &Context{P: policy.MustDefaults(2026).Restrict(r.Params), Ref: testRef, Year: 2026, World: w, Places: testPlaces(t)}
			var got []string
			var texts []string
			r.Run(c, NewHouse(c, a), func(h Hit) {
				got = append(got, h.SubjectID)
				texts = append(texts, h.Explanation)
				if badFormat.MatchString(h.Explanation) {
					t.Errorf("bad explanation %q", h.Explanation)
				}
			})
			if !slices.Equal(got, tc.want) {
				t.Fatalf("%s flagged %v, want %v (%v)", ruleID, got, tc.want, texts)
			}
			if tc.text != "" && !strings.Contains(strings.Join(texts, "\n"), tc.text) {
				t.Errorf("explanation %q lacks %q", texts, tc.text)
			}
		})
		if tc.want != nil {
			fires = true
		} else {
			quiet = true
		}
	}
	if !fires || !quiet {
		t.Errorf("%s: cases must include some that fire and some that do not", ruleID)
	}
}

func TestCleanBasesFlagNothing(t *testing.T) {
	for name, mk := range map[string]func() *registry.Aggregate{
		"base": base, "monitored": monitored, "eliminated": eliminated, "ordinary": ordinary,
	} {
		c := &Context{P: policy.MustDefaults(2026), Ref: testRef, Year: 2026, World: NoWorld{}}
		a := mk()
		if err := a.Validate(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, h := range All().Evaluate(c, a) {
			t.Errorf("%s: %s flags %s: %s", name, h.Rule.ID, h.SubjectID, h.Explanation)
		}
	}
}

func TestCatalog(t *testing.T) {
	seen := map[string]bool{}
	idForm := regexp.MustCompile(`^(I([1-9]|10)|DQ)-\d\d$`)
	for _, r := range All() {
		if seen[r.ID] {
			t.Errorf("duplicate id %s", r.ID)
		}
		seen[r.ID] = true
		if !idForm.MatchString(r.ID) {
			t.Errorf("%s: id form", r.ID)
		}
		if want := "DQ"; r.Indicator == DataQuality && !strings.HasPrefix(r.ID, want) ||
			r.Indicator != DataQuality && !strings.HasPrefix(r.ID, "I"+IndicatorName(r.Indicator)+"-") {
			t.Errorf("%s: indicator %d does not match id", r.ID, r.Indicator)
		}
		if r.Title == "" || r.Explain == "" || r.Check == nil || (r.Subject != Household && r.Subject != Person) {
			t.Errorf("%s: incomplete", r.ID)
		}
		if _, ok := IndicatorTitles[r.Indicator]; !ok {
			t.Errorf("%s: indicator %d", r.ID, r.Indicator)
		}
		if r.Severity.Label() == "未知" {
			t.Errorf("%s: severity", r.ID)
		}
		if len([]rune(r.Title)) > 31 {
			t.Errorf("%s: title longer than an xlsx sheet name allows", r.ID)
		}
		for _, p := range r.Params {
			if _, ok := policy.Lookup(p); !ok {
				t.Errorf("%s: unknown parameter %s", r.ID, p)
			}
		}
	}
	if len(All()) < 60 {
		t.Errorf("catalog has %d rules", len(All()))
	}
}

// Every rule has a test of its own: a TestRule function naming it.
func TestEveryRuleTested(t *testing.T) {
	tested := map[string]bool{}
	for _, cs := range allCases() {
		tested[cs] = true
	}
	for _, r := range All() {
		fires, silent := false, false
		for _, cs := range r.Cases {
			fires, silent = fires || cs.Fires != nil, silent || cs.Fires == nil
		}
		if !tested[r.ID] && !(fires && silent) {
			t.Errorf("rule %s has no cases (it needs one that fires and one that does not)", r.ID)
		}
	}
}

func TestSeverityAndSubject(t *testing.T) {
	for _, s := range []Severity{High, Medium, Low} {
		if got, ok := ParseSeverity(s.String()); !ok || got != s {
			t.Errorf("%v", s)
		}
	}
	if _, ok := ParseSeverity("x"); ok {
		t.Error("parsed x")
	}
	if Person.Label() != "人" || Household.Label() != "户" || IndicatorName(0) != "dq" || IndicatorName(9) != "9" {
		t.Error("labels")
	}
}

func TestRunReportsSubjectOnce(t *testing.T) {
	r := &Rule{ID: "X", Explain: "%s", Check: func(c *Context, h *House, emit Emit) { emit("a", "1"); emit("a", "2"); emit("b", "3") }}
	var got []string
	r.Run(nil, nil, func(h Hit) { got = append(got, h.SubjectID+h.Explanation) })
	if !slices.Equal(got, []string{"a1", "b3"}) {
		t.Errorf("%v", got)
	}
}

// TestRuleCases runs every rule's own cases, the table docs/rules.md shows.
func TestRuleCases(t *testing.T) {
	for _, r := range All() {
		for _, cs := range r.Cases {
			t.Run(r.ID+" "+cs.Desc, func(t *testing.T) {
				from := cs.From
				if from == nil {
					from = base
				}
				a := from()
				if cs.Set != nil {
					cs.Set(a)
				}
				w := cs.World
				if w == nil {
					w = NoWorld{}
				}
				c := &Context{P: policy.MustDefaults(2026).Restrict(r.Params), Ref: testRef, Year: 2026, World: w, Places: testPlaces(t)}
				var got, texts []string
				h := NewHouse(c, a)
				h.facts = cs.Facts
				r.Run(c, h, func(h Hit) {
					got = append(got, h.SubjectID)
					texts = append(texts, h.Explanation)
					if badFormat.MatchString(h.Explanation) {
						t.Errorf("bad explanation %q", h.Explanation)
					}
				})
				if !slices.Equal(got, cs.Fires) {
					t.Fatalf("%s flagged %v, want %v (%v)", r.ID, got, cs.Fires, texts)
				}
			})
		}
	}
}

var (
	placesOnce sync.Once
	places     *region.WorkAreaResolver
)

// testPlaces is a work-place resolver over the whole country, as screening has.
func testPlaces(t *testing.T) Places {
	placesOnce.Do(func() {
		tree, err := region.Load()
		if err != nil {
			t.Fatal(err)
		}
		places = region.NewWorkAreaResolver(tree)
	})
	return places
}

// TestObjectRuleCases runs every object rule's own cases, and holds the object rules to the
// catalog's forms: ids unique across both catalogs and matching the indicator.
func TestObjectRuleCases(t *testing.T) {
	idForm := regexp.MustCompile(`^I([1-9]|10)-\d\d$`)
	for _, r := range Objects() {
		if All().Get(r.ID) != nil || Objects().Get(r.ID) != r || !idForm.MatchString(r.ID) ||
			!strings.HasPrefix(r.ID, "I"+IndicatorName(r.Indicator)+"-") || r.Kind == "" || r.Check == nil || len([]rune(r.Title)) > 31 {
			t.Errorf("%s: id, indicator, kind, title or check", r.ID)
		}
		for _, p := range r.Params {
			if _, ok := policy.Lookup(p); !ok {
				t.Errorf("%s: unknown parameter %s", r.ID, p)
			}
		}
		fires, silent := false, false
		for _, cs := range r.Cases {
			fires, silent = fires || cs.Fires, silent || !cs.Fires
			t.Run(r.ID+" "+cs.Desc, func(t *testing.T) {
				c := &Context{P: policy.MustDefaults(2026).Restrict(r.Params), Ref: testRef, Year: 2026, World: NoWorld{}, Places: testPlaces(t)}
				var hits []ObjectHit
				ObjectCatalog{r}.Evaluate(c, cs.Object(), func(h ObjectHit) { hits = append(hits, h) })
				if (len(hits) > 0) != cs.Fires {
					t.Fatalf("%s fired %v, want %v", r.ID, hits, cs.Fires)
				}
				for _, h := range hits {
					if badFormat.MatchString(h.Explanation) {
						t.Errorf("bad explanation %q", h.Explanation)
					}
				}
			})
		}
		if !fires || !silent {
			t.Errorf("%s: cases must include one that fires and one that does not", r.ID)
		}
	}
}
