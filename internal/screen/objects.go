package screen

import (
	"context"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/store"
)

// An ObjectSource gives the objects of one kind that object rules judge: the cadres, the
// projects, the assets … of a domain.
type ObjectSource interface {
	Kind() string
	// Objects calls fn for each object of the kind in county that lies in scope (the county
	// itself, or a township or village in it).
	Objects(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error
}

// A Facts source gives what a domain knows about households — their pairings and visits,
// posts, loans — for the household rules that read it (rules.House.Fact).
type Facts interface {
	// Domain names the facts: rules read them as House.Fact(Domain()).
	Domain() string
	// Load returns the facts of the households of county in scope by 户编号, or of the
	// households nos only when nos is not nil. A household the domain knows nothing about is
	// left out.
	Load(ctx context.Context, county, scope region.Code, nos []string) (map[string]any, error)
}

// facts loads every domain's facts about the households of a county (or the households nos)
// and returns them by 户编号 for the evaluator; nil when no domain is registered.
func (e *Engine) facts(ctx context.Context, county, scope region.Code, nos []string) (func(string) map[string]any, error) {
	if len(e.FactSources) == 0 {
		return nil, nil
	}
	by := map[string]map[string]any{}
	for _, src := range e.FactSources {
		m, err := src.Load(ctx, county, scope, nos)
		if err != nil {
			return nil, err
		}
		for no, f := range m {
			if by[no] == nil {
				by[no] = map[string]any{}
			}
			by[no][src.Domain()] = f
		}
	}
	return func(no string) map[string]any { return by[no] }, nil
}

// objects runs the object rules over every object of the county in scope and feeds the
// hits to the diff.
func (e *Engine) objects(ctx context.Context, county, scope region.Code, rc *rules.Context, d *diff) error {
	for _, src := range e.Sources {
		cat := e.objectRules(src.Kind())
		if len(cat) == 0 {
			continue
		}
		err := src.Objects(ctx, county, scope, func(o rules.Object) error {
			cat.Evaluate(rc, o, func(h rules.ObjectHit) { d.objectHit(county, h) })
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// objectRules returns the object rules of a kind.
func (e *Engine) objectRules(kind string) rules.ObjectCatalog {
	var out rules.ObjectCatalog
	for _, r := range e.ObjectRules {
		if r.Kind == kind {
			out = append(out, r)
		}
	}
	return out
}

// objectHit records an object rule's hit like a household rule's: a finding on the object,
// with no household.
func (d *diff) objectHit(county region.Code, hit rules.ObjectHit) {
	r, o := hit.Rule, hit.Object
	key := store.FindingKey{Rule: r.ID, Subject: o.ID()}
	if d.seen[key] {
		return
	}
	d.seen[key] = true
	if f := d.active[key]; f != nil {
		if f.Explanation != hit.Explanation || f.Severity != r.Severity.String() || f.Region != o.Region() || f.Indicator != r.Indicator {
			f.Explanation, f.Severity, f.Region, f.Indicator = hit.Explanation, r.Severity.String(), o.Region(), r.Indicator
			d.ch.Revise = append(d.ch.Revise, f)
		}
		f.LastSeenAt = d.now
		d.ch.Seen = append(d.ch.Seen, f)
		return
	}
	d.ch.Open = append(d.ch.Open, &store.Finding{
		ID: store.NewFindingID(county), RuleID: r.ID, Indicator: r.Indicator, Severity: r.Severity.String(),
		SubjectKind: o.Kind(), SubjectID: o.ID(), County: county, Region: o.Region(), Status: store.StatusOpen,
		Explanation: hit.Explanation, OpenedAt: d.now, LastSeenAt: d.now,
	})
}

// Objects re-screens the objects of one kind in a county after a change to them (a cadre
// left, a project was accepted) and brings their findings up to date.
func (e *Engine) Objects(ctx context.Context, county region.Code, kind string) (*HouseholdResult, error) {
	now := e.Now()
	year := e.year(now)
	set, err := e.Params.Resolve(ctx, county, year)
	if err != nil {
		return nil, err
	}
	places, err := e.places()
	if err != nil {
		return nil, err
	}
	rc := &rules.Context{P: set, Ref: set.Reference(now), Year: year, World: rules.NoWorld{}, Places: places}
	all, err := e.Findings.Active(ctx, county, county)
	if err != nil {
		return nil, err
	}
	cat := e.objectRules(kind)
	active := map[store.FindingKey]*store.Finding{}
	for k, f := range all {
		if cat.Get(f.RuleID) != nil {
			active[k] = f
		}
	}
	d := newDiff(active, now)
	for _, src := range e.Sources {
		if src.Kind() != kind {
			continue
		}
		if err := src.Objects(ctx, county, county, func(o rules.Object) error {
			cat.Evaluate(rc, o, func(h rules.ObjectHit) { d.objectHit(county, h) })
			return nil
		}); err != nil {
			return nil, err
		}
	}
	ch := d.finish()
	if err := e.Findings.Apply(ctx, ch); err != nil {
		return nil, err
	}
	return &HouseholdResult{Opened: ch.Open, Kept: ch.Seen, Closed: ch.Close}, nil
}
