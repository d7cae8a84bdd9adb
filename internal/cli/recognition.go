package cli

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/recognition"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
)

// wireRecognition wires indicator 10 (internal/recognition) into the screening engine: the
// households' surveys and petitions as facts (with the visits after a survey, from the visits
// domain), and the villages' answers, the complaints and the petitions as objects.
func wireRecognition(db *store.DB, e *screen.Engine) {
	src := &recognitionSource{db: db, rec: store.NewRecognition(db), params: store.NewParams(db),
		visits: store.RecognitionVisits(db), now: func() time.Time { return e.Now() }}
	e.FactSources = append(e.FactSources, src)
	e.Sources = append(e.Sources, recognitionObjects{src, recognition.KindVillage},
		recognitionObjects{src, recognition.KindComplaint}, recognitionObjects{src, recognition.KindPetition})
}

// recognitionSource reads the domain for the engine, each county with its parameters of the
// year.
type recognitionSource struct {
	db     *store.DB
	rec    *store.Recognition
	params *store.Params
	visits recognition.Visits
	now    func() time.Time

	namesOnce sync.Once
	names     *region.Tree
}

// window returns the first day of the county's survey window, and its parameters.
func (s *recognitionSource) window(ctx context.Context, county region.Code) (registry.Date, *policy.Set, error) {
	now := s.now()
	ps, err := s.params.Resolve(ctx, county, now.Year())
	if err != nil {
		return registry.Date{}, nil, err
	}
	return recognition.Since(ps, registry.DateOf(now.In(chinaTime))), ps, nil
}

// chinaTime is China Standard Time, the zone of the days the domain counts.
var chinaTime = time.FixedZone("CST", 8*3600)

// Domain returns recognition.Domain.
func (s *recognitionSource) Domain() string { return recognition.Domain }

// Load returns the households' surveys and petitions, with the visits made after a
// dissatisfied household's last survey.
func (s *recognitionSource) Load(ctx context.Context, county, scope region.Code, nos []string) (map[string]any, error) {
	since, ps, err := s.window(ctx, county)
	if err != nil {
		return nil, err
	}
	facts, err := s.rec.Facts(ctx, county, scope, nos, since)
	if err != nil {
		return nil, err
	}
	var unhappy []string
	for no, f := range facts {
		if f.Last != nil && !f.Last.IsSatisfied(ps) && !f.Last.On.Before(since) {
			unhappy = append(unhappy, no)
		}
	}
	if s.visits != nil && len(unhappy) > 0 {
		visits, kept, err := s.visits.Visits(ctx, county, scope, unhappy, since)
		if err != nil {
			return nil, err
		}
		if kept {
			for _, no := range unhappy {
				f := facts[no]
				for _, v := range visits[no] {
					if f.Last.On.Before(v.On) {
						f.VisitsAfter = append(f.VisitsAfter, v.On)
					}
				}
			}
		}
	}
	out := make(map[string]any, len(facts))
	for no, f := range facts {
		out[no] = f
	}
	return out, nil
}

// name returns a village's name, from the country's divisions.
func (s *recognitionSource) name(code region.Code) string {
	s.namesOnce.Do(func() { s.names, _ = region.Load() })
	if s.names != nil {
		if r, err := s.names.Get(code); err == nil {
			return r.Name
		}
	}
	return string(code)
}

// recognitionObjects gives the objects of one kind of the domain.
type recognitionObjects struct {
	s    *recognitionSource
	kind string
}

// Kind returns the kind of object.
func (o recognitionObjects) Kind() string { return o.kind }

// Objects calls fn for each object of the kind in county that lies in scope.
func (o recognitionObjects) Objects(ctx context.Context, county, scope region.Code, fn func(rules.Object) error) error {
	since, _, err := o.s.window(ctx, county)
	if err != nil {
		return err
	}
	in := func(c region.Code) bool { return scope.Level() <= region.County || scope.Contains(c) }
	switch o.kind {
	case recognition.KindVillage:
		return o.s.rec.VillageObjects(ctx, county, scope, since, score.TargetKinds, func(v *recognition.VillageAnswers) error {
			if !in(v.Village) {
				return nil
			}
			v.Name = o.s.name(v.Village)
			return fn(v)
		})
	case recognition.KindComplaint:
		return o.s.rec.ComplaintObjects(ctx, county, scope, since, func(c *recognition.Complaint) error {
			if !in(c.Village) {
				return nil
			}
			c.Name = o.s.name(c.Village)
			return fn(c)
		})
	}
	return o.s.rec.PetitionObjects(ctx, county, scope, func(p *recognition.PetitionObject) error {
		if !in(p.Petition.Region) {
			return nil
		}
		return fn(p)
	})
}

// fillRecognition fills the demo area's surveys and petitions of the year, with the problems
// of indicator 10 planted, and the lists of 脱贫村 of its first and third counties.
func fillRecognition(ctx context.Context, m *Main, db *store.DB, tree *region.Tree, area region.Code) error {
	st, err := gen.FillRecognition(ctx, db, tree, gen.RecognitionConfig{Area: area, Seed: 1, Ref: m.Now(),
		Rates: gen.DefaultRecognitionRates(), PoorLists: []int{0, 2}})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "已生成群众认可度演示数据：满意度调查 %d 户次，信访事项 %d 件，脱贫村名单 %d 个村。\n", st.Surveys, st.Petitions, st.PoorVillages)
	return nil
}
