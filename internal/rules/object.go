package rules

import (
	"fmt"
	"slices"

	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
)

// Most of the post-evaluation's indicators judge households, but some judge other things: a
// cadre who left without handing over, a project finished and never accepted, an idle asset,
// a work-team member short of days, a village whose satisfaction is low. Those are objects,
// screened by object rules with the same engine, findings and ledger as households.
//
// Households also gain facts from the domains around the registry — pairings and visits,
// posts, loans, surveys — which rules read through House.Fact. A domain that has no data for
// a household gives no fact, and a rule that needs it does not fire there: data never
// collected is unknown, not blank.

// Object is a thing an object rule judges.
type Object interface {
	// Kind names the kind of object: cadre, project, asset, village, …; stable, it is stored
	// as the finding's subject kind.
	Kind() string
	// ID identifies the object within its kind and county; stable, the finding's subject.
	ID() string
	// Region is where the object belongs: a village, township or county code.
	Region() region.Code
	// Label names the object for a reader, in Chinese: 帮扶干部「王建国」, 项目「…」.
	Label() string
}

// ObjectRule is a rule over objects of one kind.
type ObjectRule struct {
	ID        string
	Indicator int
	Severity  Severity
	Kind      string // the kind of object it judges
	Title     string
	Explain   string
	Params    []policy.Name
	Basis     string
	Fix       string
	Practice  []string
	// Cases are objects described in plain terms on which the rule must fire or stay silent.
	Cases []ObjectCase
	// Check evaluates the rule over one object and emits a hit (the object's ID, and the
	// explanation's arguments) when it holds.
	Check func(c *Context, o Object, emit Emit)
}

// ObjectCase is an object on which an object rule must fire or stay silent.
type ObjectCase struct {
	Desc   string
	Object func() Object
	Fires  bool
}

// ObjectHit is an object rule that holds for an object.
type ObjectHit struct {
	Rule        *ObjectRule
	Object      Object
	Explanation string
}

// ObjectCatalog is the list of object rules.
type ObjectCatalog []*ObjectRule

var objectRules ObjectCatalog

// Objects returns the object rules of every domain, in catalog order.
func Objects() ObjectCatalog { return objectRules }

// registerObjects adds a domain's object rules to the catalog; the domain files call it from
// a package-level var, so the catalog is complete before main runs.
func registerObjects(rs ...*ObjectRule) bool {
	objectRules = append(objectRules, rs...)
	slices.SortStableFunc(objectRules, func(a, b *ObjectRule) int {
		if a.Indicator != b.Indicator {
			return a.Indicator - b.Indicator
		}
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	return true
}

// Get returns the object rule with the id, or nil.
func (cat ObjectCatalog) Get(id string) *ObjectRule {
	for _, r := range cat {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Kinds returns the kinds of object the catalog judges.
func (cat ObjectCatalog) Kinds() []string {
	var ks []string
	for _, r := range cat {
		if !slices.Contains(ks, r.Kind) {
			ks = append(ks, r.Kind)
		}
	}
	return ks
}

// Evaluate runs the rules of the object's kind over it, passing each hit to out.
func (cat ObjectCatalog) Evaluate(c *Context, o Object, out func(ObjectHit)) {
	for _, r := range cat {
		if r.Kind != o.Kind() {
			continue
		}
		fired := false
		r.Check(c, o, func(_ string, args ...any) {
			if fired {
				return // one finding per rule and object
			}
			fired = true
			out(ObjectHit{Rule: r, Object: o, Explanation: fmt.Sprintf(r.Explain, args...)})
		})
	}
}

// Fact returns what a domain knows about the household (see Evaluator.Facts), or nil.
func (h *House) Fact(domain string) any { return h.facts[domain] }
