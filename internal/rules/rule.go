// Package rules is gonggu's catalog of screening rules: every policy rule of the
// post-evaluation's indicators and every data-quality check counties run on the national
// export (DOMAIN.md section 6, PRACTICE.md) that the registry's data can decide.
//
// A rule is a small pure function over one household (with facts derived once: ages from the
// ID birth date, labour ability, the year's income) and the policy parameters it declares. It
// emits a hit per subject it flags, with a Chinese sentence that names the data and the
// threshold. Rules that need the rest of the registry (a duplicated ID number, a phone shared
// by several households, one person on several public-welfare posts) read it from the
// Context's World, which the engine fills once per run.
package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// Severity says how serious a finding is.
type Severity int

// The severities, most serious first.
const (
	High   Severity = iota + 1 // a basic-needs or monitoring failure evaluators deduct points for
	Medium                     // a policy or data problem that must be corrected
	Low                        // worth a look: often right, sometimes a data error
)

// String returns the severity's stable code: high, medium or low.
func (s Severity) String() string {
	switch s {
	case High:
		return "high"
	case Medium:
		return "medium"
	case Low:
		return "low"
	}
	return "unknown"
}

// Label returns the severity in Chinese.
func (s Severity) Label() string {
	switch s {
	case High:
		return "严重"
	case Medium:
		return "一般"
	case Low:
		return "提示"
	}
	return "未知"
}

// ParseSeverity reads a severity code.
func ParseSeverity(s string) (Severity, bool) {
	for _, v := range []Severity{High, Medium, Low} {
		if v.String() == s {
			return v, true
		}
	}
	return 0, false
}

// Subject is the kind of thing a rule flags.
type Subject string

// The kinds of subjects. A household is identified by its 户编号, a person by 人口编号.
const (
	Household Subject = "household"
	Person    Subject = "person"
)

// Label returns the subject kind in Chinese.
func (s Subject) Label() string {
	if s == Person {
		return "人"
	}
	return "户"
}

// DataQuality is the Indicator of data-quality rules, which belong to no indicator.
const DataQuality = 0

// IndicatorName returns the indicator as the catalog lists it: "1"–"10", or "dq".
func IndicatorName(ind int) string {
	if ind == DataQuality {
		return "dq"
	}
	return fmt.Sprint(ind)
}

// IndicatorTitles are the Chinese names of the ten indicators (DOMAIN.md section 6).
var IndicatorTitles = map[int]string{
	DataQuality: "数据质量",
	1:           "“两不愁三保障”及饮水安全",
	2:           "防止返贫监测和帮扶",
	3:           "易地搬迁后续扶持",
	4:           "“四个不摘”落实",
	5:           "项目资产和资金",
	6:           "就业帮扶",
	7:           "农村低收入人口常态化帮扶",
	8:           "产业发展",
	9:           "收入和支出变化",
	10:          "群众认可度",
}

// Rule is a screening rule of the catalog.
type Rule struct {
	ID        string   // stable: findings are keyed by it
	Indicator int      // 1–10, or DataQuality
	Severity  Severity //
	Subject   Subject  // what it flags
	Title     string   // short Chinese title, the sheet name of the 疑点清单
	// Explain is the explanation template (fmt verbs), filled with the arguments Check emits.
	Explain string
	// Params are the policy parameters Check reads; it reads no other.
	Params []policy.Name
	// Needs are the fields whose blank or absence the rule would read as a fact ("no water",
	// "no measure"): it is not run on a household for which no source has provided one of
	// them, and the engine reports that it could not judge there (DOMAIN: a field a source
	// never provided is unknown, not blank). Fields it reads only when filled need not be
	// listed.
	Needs []registry.Field
	// Reads are fields the rule reads besides Needs, each judged only where collected.
	Reads []registry.Field
	// Basis is the policy document or county practice the rule comes from, in Chinese.
	Basis string
	// Fix says what to do about a finding (如何整改), in Chinese.
	Fix string
	// Practice names the checks of PRACTICE.md the rule covers, by section letter and check
	// ("C 帮扶对象人员信息缺项"); empty for rules from the post-evaluation's indicators alone.
	Practice []string
	// Cases are households described in plain terms on which the rule must fire or stay
	// silent, the boundaries of its thresholds included: the tests run them, docs/rules.md
	// shows them, so that a reader who does not read Go can check what the rule means.
	Cases []Case
	// Check evaluates the rule over one household and emits a hit per flagged subject.
	Check func(c *Context, h *House, emit Emit)
}

// Case is a household on which a rule must fire (on the subjects given, or on the household
// when none are) or stay silent.
type Case struct {
	Desc  string                     // the household in plain terms, in Chinese
	From  func() *registry.Aggregate // the casebook household it starts from; nil: base, a clean 脱贫户
	Set   func(a *registry.Aggregate)
	World World          // the registry around it; nil: the household alone
	Facts map[string]any // what the domains know about it (House.Fact); nil: nothing
	Fires []string       // the subjects flagged (户编号 H1, 人口编号 P1–P3); nil: silent
}

// Emit reports a hit: the subject (户编号 or 人口编号) and the arguments of the rule's
// explanation template.
type Emit func(subjectID string, args ...any)

// Hit is a rule that holds for a subject, with its explanation.
type Hit struct {
	Rule        *Rule
	SubjectID   string
	Explanation string
}

// Context is what rules read besides the household: the county's resolved parameters, the
// reference date ages are computed at, the screening year and the registry-wide World.
type Context struct {
	P     *policy.Set
	Ref   registry.Date // ages and deadlines are computed at this date
	Year  int           // the screening year: the income of this year, or the latest before it
	World World
	// Places resolves a 务工所在地 cell to where it lies relative to the household; nil reads
	// only the category spellings (乡镇内, 县内乡外, 县内, 省内县外, 省外, 境外).
	Places Places
}

// Places resolves work places (region.WorkAreaResolver).
type Places interface {
	WorkArea(place string, home region.Code) (region.WorkArea, region.Code, error)
}

// RefMonth returns the month of the reference date.
func (c *Context) RefMonth() registry.Month { return registry.MonthOf(c.Ref.Time()) }

// World is the registry-wide context of the households being screened.
type World interface {
	// IDHolders returns the 户编号 of every current person whose ID number has the key (its
	// first 18 characters, upper case), one entry per person, the person asked about
	// included, and how many of them hold a public-welfare post.
	IDHolders(key string) (households []string, posts int)
	// PhoneHouseholds returns the number of distinct households whose current members give the
	// phone as theirs.
	PhoneHouseholds(phone string) int
	// DeceasedHolders returns how many persons recorded as deceased (and not left) hold an ID
	// number with the key.
	DeceasedHolders(key string) int
}

// NoWorld is a World in which every household is alone: for tests of local rules.
type NoWorld struct{}

// IDHolders returns nothing.
func (NoWorld) IDHolders(string) ([]string, int) { return nil, 0 }

// PhoneHouseholds returns 0.
func (NoWorld) PhoneHouseholds(string) int { return 0 }

// DeceasedHolders returns 0.
func (NoWorld) DeceasedHolders(string) int { return 0 }

// Catalog is the list of rules, in catalog order.
type Catalog []*Rule

// Get returns the rule with the id, or nil.
func (c Catalog) Get(id string) *Rule {
	for _, r := range c {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// All returns the full catalog: every rule of every indicator and the data-quality rules. The
// rules are shared values; callers must not change them.
func All() Catalog { return all }

var all = func() Catalog {
	var c Catalog
	for _, group := range [][]*Rule{ind1, deptI1, ind2, deptI2, ind3, ind4Support, ind6, deptI6, ind7, ind7Lists, deptI7, ind9, ind10, dqRules, dqMore, deptDQ} {
		c = append(c, group...)
	}
	return c
}()

// Evaluate runs every rule of the catalog over the household and returns the hits.
func (cat Catalog) Evaluate(c *Context, a *registry.Aggregate) []Hit {
	var hits []Hit
	cat.NewEvaluator(func(h Hit) { hits = append(hits, h) }).Household(c, a)
	return hits
}

// Evaluator runs a catalog over household after household, passing the hits to a function.
// It reuses its state between households, so that screening a million households does not
// allocate per rule; one Evaluator serves one goroutine.
type Evaluator struct {
	cat  Catalog
	out  func(Hit)
	cur  *Rule
	seen []string
	emit Emit
	// Skipped, when set, is told of each rule not run on a household for want of a field
	// no source has provided.
	Skipped func(r *Rule, h *House)
	// Facts, when set, returns what the domains around the registry know about a household
	// (by domain name), which rules read through House.Fact.
	Facts func(householdNo string) map[string]any

	scratch houseScratch
}

// NewEvaluator returns an evaluator of the catalog that passes hits to out.
func (cat Catalog) NewEvaluator(out func(Hit)) *Evaluator {
	e := &Evaluator{cat: cat, out: out}
	e.emit = func(subject string, args ...any) {
		if slices.Contains(e.seen, subject) {
			return
		}
		e.seen = append(e.seen, subject)
		e.out(Hit{Rule: e.cur, SubjectID: subject, Explanation: fmt.Sprintf(e.cur.Explain, args...)})
	}
	return e
}

// Household evaluates every rule over one household. The House the rules see is reused for
// the next household: rules keep nothing of it.
func (e *Evaluator) Household(c *Context, a *registry.Aggregate) {
	h := e.scratch.house(c, a)
	if e.Facts != nil {
		h.facts = e.Facts(a.Household.No)
	}
	for _, r := range e.cat {
		if !h.KnowsAll(r.Needs) {
			if e.Skipped != nil {
				e.Skipped(r, h)
			}
			continue
		}
		e.cur, e.seen = r, e.seen[:0]
		r.Check(c, h, e.emit)
	}
	e.cur = nil
}

// Run runs the rule over the household, passing each hit to fn. A subject is reported once
// per rule even if Check emits it twice.
func (r *Rule) Run(c *Context, h *House, fn func(Hit)) {
	if !h.KnowsAll(r.Needs) {
		return
	}
	e := Catalog{r}.NewEvaluator(fn)
	e.cur = r
	r.Check(c, h, e.emit)
}

// joinCN joins values with the Chinese enumeration comma.
func joinCN(vs []string) string { return strings.Join(vs, "、") }

// SetOutput changes the function the evaluator passes hits to.
func (e *Evaluator) SetOutput(out func(Hit)) { e.out = out }
