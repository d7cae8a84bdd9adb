// Package screen is the screening engine: it runs every rule of the catalog over every
// household of an area and keeps the findings current. A full run builds the registry-wide
// context once (duplicate ID numbers, shared phones, post holders), streams each county's
// households from the store, and diffs the hits against the county's stored findings in bulk:
// new ones open, those that still hold are kept, those that no longer hold close. Re-screening
// a few households after an edit reads them and their context through indexed queries and
// updates their findings alone.
package screen

import (
	"context"
	"log/slog"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/store"
)

// Engine screens households and keeps their findings.
type Engine struct {
	DB       *store.DB
	Registry *store.Registry
	Findings *store.Findings
	Params   *store.Params
	Rules    rules.Catalog
	Now      func() time.Time
	Log      *slog.Logger
	Workers  int // counties screened at once; 0: the number of CPUs (at most 2 on SQLite, 3 on PostgreSQL)
	// Year is the screening year (parameters and the income judged); 0: the current year.
	Year int
	// AfterRun, when set, is called after every successful full run with its scope (the
	// scorecard refreshes its indicator counts there) and, when the run read every household
	// of the scope, their tally by class (else nil).
	AfterRun func(ctx context.Context, scope region.Code, tally *store.HouseholdTally) error
	// Places resolves 务工所在地 cells; when nil, the engine builds one over the country's
	// divisions on first use.
	Places rules.Places
	// ObjectRules are the rules over objects (rules.Objects() by default), Sources the
	// domains that give the objects, FactSources the domains that give household facts.
	ObjectRules rules.ObjectCatalog
	Sources     []ObjectSource
	FactSources []Facts

	placesOnce sync.Once
	placesErr  error
}

// places returns the work-place resolver, building it on first use.
func (e *Engine) places() (rules.Places, error) {
	e.placesOnce.Do(func() {
		if e.Places != nil {
			return
		}
		tree, err := region.Load()
		if err != nil {
			e.placesErr = err
			return
		}
		e.Places = region.NewWorkAreaResolver(tree)
	})
	return e.Places, e.placesErr
}

// New returns an engine over db with the full catalog.
func New(db *store.DB) *Engine {
	return &Engine{
		DB: db, Registry: store.NewRegistry(db), Findings: store.NewFindings(db), Params: store.NewParams(db),
		Rules: rules.All(), ObjectRules: rules.Objects(), Now: db.Now, Log: slog.New(slog.DiscardHandler),
	}
}

func (e *Engine) year(now time.Time) int {
	if e.Year != 0 {
		return e.Year
	}
	return now.Year()
}

// Progress reports how far a run is.
type Progress struct {
	Households int // screened so far
	Total      int // in the scope
	Counties   int // finished
	Of         int // counties in the scope
}

// Options are the options of a full run.
type Options struct {
	Scope    region.Code    // the area: a province, city, county, township or village; "" for all
	Counties []region.Code  // when set, only these counties of the scope
	Progress func(Progress) // called about once a second and at the end, from one goroutine

	collect *HouseholdResult // when set, receives every finding the run opened, kept or closed
}

// Count is what a run did for a rule or a county.
type Count struct {
	Opened int // findings opened by the run
	Kept   int // findings that still hold (open or waived)
	Closed int // findings closed by the run
}

// Active returns the findings that hold after the run.
func (c Count) Active() int { return c.Opened + c.Kept }

// Summary is the outcome of a run.
type Summary struct {
	Run      store.ScreenRun
	ByRule   map[string]*Count
	ByCounty map[region.Code]*Count
	Elapsed  time.Duration
	tally    store.HouseholdTally // the households read, by class
}

func (s *Summary) add(county region.Code, rule string, f func(*Count)) {
	c := s.ByRule[rule]
	if c == nil {
		c = &Count{}
		s.ByRule[rule] = c
	}
	f(c)
	cc := s.ByCounty[county]
	if cc == nil {
		cc = &Count{}
		s.ByCounty[county] = cc
	}
	f(cc)
}

// Run screens every household of the scope with every rule and brings the stored findings up
// to date.
func (e *Engine) Run(ctx context.Context, opt Options) (*Summary, error) {
	start := time.Now()
	now := e.Now()
	sum := &Summary{ByRule: map[string]*Count{}, ByCounty: map[region.Code]*Count{},
		Run: store.ScreenRun{Scope: opt.Scope, Year: e.year(now), StartedAt: now}}
	if opt.Scope != "" && opt.Scope.Level() == 0 {
		return nil, errs.E(errs.Invalid, "区划代码「%s」无效", opt.Scope)
	}
	e.Log.Debug("screening starts", "scope", opt.Scope)
	counties, sizes, err := countySizes(ctx, e.DB, opt.Scope)
	if err != nil {
		return nil, err
	}
	// Counties that lost all their households still have findings to close.
	gone, err := e.Findings.ActiveCounties(ctx, opt.Scope)
	if err != nil {
		return nil, err
	}
	for _, c := range gone {
		if !slices.Contains(counties, c) {
			counties, sizes = append(counties, c), append(sizes, 0)
		}
	}
	if opt.Counties != nil {
		var cs []region.Code
		var ns []int
		for i, c := range counties {
			if slices.Contains(opt.Counties, c) {
				cs, ns = append(cs, c), append(ns, sizes[i])
			}
		}
		counties, sizes = cs, ns
	}
	total := 0
	for _, n := range sizes {
		total += n
	}
	if err := e.Findings.StartRun(ctx, &sum.Run); err != nil {
		return nil, err
	}
	sum.tally.FoundKnown = true // until a county's run says otherwise
	sum.Run.Households, err = e.run(ctx, opt, counties, total, now, sum)
	sum.Run.FinishedAt = e.Now()
	sum.Run.Status = "done"
	if err != nil {
		sum.Run.Status, sum.Run.Error = "failed", errs.Message(err)
	}
	for _, c := range sum.ByCounty {
		sum.Run.Opened += c.Opened
		sum.Run.Kept += c.Kept
		sum.Run.Closed += c.Closed
	}
	if ferr := e.Findings.FinishRun(context.WithoutCancel(ctx), &sum.Run); err == nil {
		err = ferr
	}
	sum.Elapsed = time.Since(start)
	if err != nil {
		e.Log.Error("screening failed", "scope", opt.Scope, "err", err)
		return nil, err
	}
	if e.AfterRun != nil && opt.collect == nil {
		after := time.Now()
		var tally *store.HouseholdTally
		if opt.Counties == nil {
			tally = &sum.tally
			tally.Scope = opt.Scope
		}
		if err := e.AfterRun(ctx, opt.Scope, tally); err != nil {
			e.Log.Error("after screening", "scope", opt.Scope, "err", err)
			return nil, err
		}
		e.Log.Debug("after screening", "elapsed", time.Since(after).Round(time.Millisecond))
	}
	e.Log.Info("screening done", "scope", opt.Scope, "households", sum.Run.Households, "opened", sum.Run.Opened,
		"kept", sum.Run.Kept, "closed", sum.Run.Closed, "elapsed", sum.Elapsed.Round(time.Millisecond))
	return sum, nil
}

func (e *Engine) run(ctx context.Context, opt Options, counties []region.Code, total int, now time.Time, sum *Summary) (n int, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	all := counties
	if opt.Scope != "" || opt.Counties != nil {
		// The registry-wide context spans every county, not only those screened.
		if all, _, err = countySizes(ctx, e.DB, ""); err != nil {
			return 0, err
		}
	}
	indexStart := time.Now()
	world, err := buildIndex(ctx, e.DB, all)
	if err != nil {
		return 0, err
	}
	e.Log.Debug("registry-wide index built", "counties", len(all), "elapsed", time.Since(indexStart).Round(time.Millisecond))
	var done, countiesDone atomic.Int64
	report := func() {
		if opt.Progress != nil {
			opt.Progress(Progress{Households: int(done.Load()), Total: total, Counties: int(countiesDone.Load()), Of: len(counties)})
		}
	}
	stop := make(chan struct{})
	ticked := make(chan struct{})
	go func() {
		defer close(ticked)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				report()
			case <-stop:
				return
			}
		}
	}()

	// A county is read by four connections at once (one per table, see store.ScanCounty), which
	// keep both cores of a small server busy; scans counts the counties read at once. One
	// more worker than scans prepares the next county and writes the findings of the last
	// one while a county is read. SQLite's pool has 8 connections, PostgreSQL's 16, and a few
	// stay free for the web.
	scans := e.Workers
	if scans <= 0 {
		scans = 1
		if e.DB.Dialect == store.Postgres {
			scans = 2
		}
	}
	if e.DB.Dialect == store.Postgres {
		scans = min(scans, 3)
	} else {
		scans = min(scans, 1)
	}
	workers := scans + 1
	slots := make(chan struct{}, scans)
	jobs := make(chan region.Code)
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for range min(workers, max(len(counties), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for county := range jobs {
				scope := county
				if opt.Scope.Level() > region.County {
					scope = opt.Scope
				}
				res, err := e.county(ctx, county, scope, world, now, &done, slots)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				if err == nil {
					res.addTo(sum, county)
					sum.tally.Merge(&res.tally)
					if c := opt.collect; c != nil {
						c.Opened = append(c.Opened, res.ch.Open...)
						c.Kept = append(c.Kept, res.ch.Seen...)
						c.Closed = append(c.Closed, res.ch.Close...)
					}
				}
				mu.Unlock()
				countiesDone.Add(1)
			}
		}()
	}
	for _, c := range counties {
		select {
		case jobs <- c:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
	close(stop)
	<-ticked
	report()
	if firstErr != nil {
		return int(done.Load()), firstErr
	}
	return int(done.Load()), ctx.Err()
}

// result is what screening one county or a few households changed, with the households it
// read counted by class.
type result struct {
	ch    *store.Changes
	tally store.HouseholdTally
}

func (r *result) addTo(sum *Summary, county region.Code) {
	for _, f := range r.ch.Open {
		sum.add(county, f.RuleID, func(c *Count) { c.Opened++ })
	}
	for _, f := range r.ch.Seen {
		sum.add(county, f.RuleID, func(c *Count) { c.Kept++ })
	}
	for _, f := range r.ch.Close {
		sum.add(county, f.RuleID, func(c *Count) { c.Closed++ })
	}
	if sum.ByCounty[county] == nil {
		sum.ByCounty[county] = &Count{}
	}
}

// county screens the households of one county (or of scope, a region inside it). The store
// streams its aggregates (read by four connections at once) in batches to evaluators, one per
// CPU; the hits are then fed to the diff in household order, whatever evaluator found them,
// so that a run's outcome does not depend on timing. The diff against the stored active
// findings is written in bulk. slots bounds the counties read at once.
func (e *Engine) county(ctx context.Context, county, scope region.Code, world rules.World, now time.Time, done *atomic.Int64, slots chan struct{}) (*result, error) {
	start := time.Now()
	year := e.year(now)
	set, err := e.Params.Resolve(ctx, county, year)
	if err != nil {
		return nil, err
	}
	places, err := e.places()
	if err != nil {
		return nil, err
	}
	rc := &rules.Context{P: set, Ref: set.Reference(now), Year: year, World: world, Places: places}
	active, err := e.Findings.Active(ctx, county, scope)
	if err != nil {
		return nil, err
	}
	facts, err := e.facts(ctx, county, scope, nil)
	if err != nil {
		return nil, err
	}
	select {
	case slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	hits, gaps, tally, err := e.evaluateCounty(ctx, county, scope, rc, facts, done)
	<-slots
	if err != nil {
		return nil, err
	}
	d := newDiff(active, now)
	classes := map[string]*store.HouseholdClass{}
	for _, batch := range hits {
		for i := range batch {
			d.hit(&batch[i])
			classes[batch[i].no] = batch[i].class
		}
	}
	if err := e.objects(ctx, county, scope, rc, d); err != nil {
		return nil, err
	}
	changes := d.finish()
	changes.SeenAll = &store.SeenScope{County: county, Scope: scope}
	if err := e.Findings.Apply(ctx, changes); err != nil {
		return nil, err
	}
	e.Log.Debug("county screened", "county", county, "elapsed", time.Since(start).Round(time.Millisecond))
	list := make([]store.Gap, 0, len(gaps))
	for k, g := range gaps {
		list = append(list, store.Gap{Village: k.village, Rule: k.rule, Households: g.households, Fields: g.missing.Labels()})
	}
	if err := store.NewGaps(e.DB).Replace(ctx, scope, list); err != nil {
		return nil, err
	}
	tally.Found, tally.FoundKnown = foundHouseholds(changes, classes)
	return &result{ch: changes, tally: tally}, nil
}

// foundHouseholds lists the households left with open findings after a county's run, with
// their class, from the findings opened and seen and the classes of the households hit. It
// reports false when a finding's household was not hit in the run, which a full run never
// leaves: the refresh then reads the findings from the table.
func foundHouseholds(ch *store.Changes, classes map[string]*store.HouseholdClass) ([]store.FoundHousehold, bool) {
	byNo := map[string]int{}
	var out []store.FoundHousehold
	for _, list := range [][]*store.Finding{ch.Open, ch.Seen} {
		for _, f := range list {
			if f.Status != store.StatusOpen || f.HouseholdNo == "" {
				continue // waived, or an object's
			}
			i, ok := byNo[f.HouseholdNo]
			if !ok {
				c := classes[f.HouseholdNo]
				if c == nil {
					return nil, false
				}
				// Copies: the strings of a screening's households are cut from its packs.
				class := *c
				class.Village, class.Kind = region.Code(strings.Clone(string(c.Village))), strings.Clone(c.Kind)
				i = len(out)
				byNo[f.HouseholdNo] = i
				out = append(out, store.FoundHousehold{County: region.Code(strings.Clone(string(f.County))),
					No: strings.Clone(f.HouseholdNo), Class: class})
			}
			out[i].Findings = append(out[i].Findings, store.FindingRef{Indicator: f.Indicator, Rule: f.RuleID})
		}
	}
	return out, true
}

// evalBatch is how many households an evaluator takes at a time.
const evalBatch = 256

// evaluateCounty runs the catalog over every household of the county in scope and returns
// the hits by batch, in household order, with the rules each village could not judge and the
// households counted by class.
func (e *Engine) evaluateCounty(ctx context.Context, county, scope region.Code, rc *rules.Context,
	facts func(string) map[string]any, done *atomic.Int64) ([][]hit, map[gapKey]*gapCount, store.HouseholdTally, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		seq  int
		aggs []*registry.Aggregate
	}
	jobs := make(chan job, 4)
	var (
		mu   sync.Mutex
		hits [][]hit
	)
	evaluators := max(1, runtime.GOMAXPROCS(0))
	gapsOf := make([]map[gapKey]*gapCount, evaluators)
	talliesOf := make([]store.HouseholdTally, evaluators)
	var wg sync.WaitGroup
	for w := range evaluators {
		gaps := map[gapKey]*gapCount{}
		gapsOf[w] = gaps
		wg.Add(1)
		go func() {
			defer wg.Done()
			ev := e.Rules.NewEvaluator(nil)
			ev.Facts = facts
			ev.Skipped = func(r *rules.Rule, h *rules.House) {
				k := gapKey{h.H.Village, r.ID}
				g := gaps[k]
				if g == nil {
					g = &gapCount{}
					gaps[k] = g
				}
				g.households++
				g.missing.Add(h.Missing(r.Needs))
			}
			var out []hit
			var h *registry.Household
			var class *store.HouseholdClass // h's, made at its first hit
			ev.SetOutput(func(x rules.Hit) {
				if class == nil {
					c := store.ClassOf(h)
					class = &c
				}
				out = append(out, hit{no: h.No, village: h.Village, class: class, rule: x.Rule, subject: x.SubjectID, explanation: x.Explanation})
			})
			for j := range jobs {
				out = nil
				for _, a := range j.aggs {
					h, class = &a.Household, nil
					ev.Household(rc, a)
					talliesOf[w].Add(h)
				}
				mu.Lock()
				for len(hits) <= j.seq {
					hits = append(hits, nil)
				}
				hits[j.seq] = out
				mu.Unlock()
				done.Add(int64(len(j.aggs)))
			}
		}()
	}
	seq := 0
	buf := make([]*registry.Aggregate, 0, evalBatch)
	send := func() error {
		select {
		case jobs <- job{seq, buf}:
			seq++
			buf = make([]*registry.Aggregate, 0, evalBatch)
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	err := e.Registry.ScanCounty(ctx, county, scope, store.ScanOptions{Screening: true}, func(a *registry.Aggregate) error {
		buf = append(buf, a)
		if len(buf) == evalBatch {
			return send()
		}
		return nil
	})
	if err == nil && len(buf) > 0 {
		err = send()
	}
	close(jobs)
	wg.Wait()
	if err != nil {
		return nil, nil, store.HouseholdTally{}, err
	}
	tally := talliesOf[0]
	for i := range talliesOf[1:] {
		tally.Merge(&talliesOf[1+i])
	}
	gaps := gapsOf[0]
	for _, more := range gapsOf[1:] {
		for k, g := range more {
			if have := gaps[k]; have != nil {
				have.households += g.households
				have.missing.Add(g.missing)
			} else {
				gaps[k] = g
			}
		}
	}
	return hits, gaps, tally, nil
}

// hit is a rule's hit on a household, with what the diff needs of the household: its
// number and village (the household itself is not kept, so that its rows can be freed).
type hit struct {
	no          string
	village     region.Code
	class       *store.HouseholdClass // of the household, for the scorecard's refresh
	rule        *rules.Rule
	subject     string
	explanation string
}

// gapKey and gapCount count, per village and rule, the households a rule could not judge and
// the fields they lacked.
type gapKey struct {
	village region.Code
	rule    string
}

type gapCount struct {
	households int
	missing    rules.Missing
}

// evaluate runs the catalog over one household and feeds the hits to the diff.
func (d *diff) evaluate(ev *rules.Evaluator, rc *rules.Context, a *registry.Aggregate) {
	h := &a.Household
	ev.SetOutput(func(x rules.Hit) {
		d.hit(&hit{no: h.No, village: h.Village, rule: x.Rule, subject: x.SubjectID, explanation: x.Explanation})
	})
	ev.Household(rc, a)
}

// diff compares hits with the stored active findings.
type diff struct {
	active map[store.FindingKey]*store.Finding
	seen   map[store.FindingKey]bool
	now    time.Time
	ch     store.Changes
}

func newDiff(active map[store.FindingKey]*store.Finding, now time.Time) *diff {
	return &diff{active: active, seen: map[store.FindingKey]bool{}, now: now, ch: store.Changes{At: now}}
}

func (d *diff) hit(x *hit) {
	r := x.rule
	key := store.FindingKey{Rule: r.ID, Subject: x.subject}
	if d.seen[key] {
		return // the same person listed in two households: the first one counts
	}
	d.seen[key] = true
	if f := d.active[key]; f != nil {
		if f.Explanation != x.explanation || f.Severity != r.Severity.String() || f.Region != x.village ||
			f.HouseholdNo != x.no || f.Indicator != r.Indicator {
			f.Explanation, f.Severity, f.Region, f.HouseholdNo, f.Indicator = x.explanation, r.Severity.String(), x.village, x.no, r.Indicator
			d.ch.Revise = append(d.ch.Revise, f)
		}
		f.LastSeenAt = d.now
		d.ch.Seen = append(d.ch.Seen, f)
		return
	}
	county := x.village.County()
	d.ch.Open = append(d.ch.Open, &store.Finding{
		ID: store.NewFindingID(county), RuleID: r.ID, Indicator: r.Indicator, Severity: r.Severity.String(),
		SubjectKind: string(r.Subject), SubjectID: x.subject, HouseholdNo: x.no, County: county,
		Region: x.village, Status: store.StatusOpen, Explanation: x.explanation, OpenedAt: d.now, LastSeenAt: d.now,
	})
}

// finish closes the active findings no hit confirmed.
func (d *diff) finish() *store.Changes {
	for key, f := range d.active {
		if !d.seen[key] {
			f.Status, f.ClosedAt = store.StatusClosed, d.now
			d.ch.Close = append(d.ch.Close, f)
		}
	}
	return &d.ch
}

// HouseholdResult is the outcome of re-screening households. When Households re-screened
// whole counties (a large import), it lists the findings of those counties.
type HouseholdResult struct {
	Opened, Kept, Closed []*store.Finding
}

// Household re-screens one household after a change and updates its findings at once. A
// household that no longer exists has its findings closed. The web layer calls it after each
// write to a household.
func (e *Engine) Household(ctx context.Context, no string) (*HouseholdResult, error) {
	return e.Households(ctx, []string{no})
}

// largeSet is the number of changed households above which Households re-screens their
// counties in full runs, which cost less than that many single re-screens.
const largeSet = 2000

// maxRelated bounds how many other households one re-screen brings along: a phone shared by
// more households than this is flagged anyway, and the rest follow at the next full run.
const maxRelated = 200

// Households re-screens the households with the 户编号 (an import's changed households), and
// with them the other households whose current members now share an ID number or phone with
// theirs, since registry-wide rules judge those together. A caller that changed ID numbers or
// phones passes the households related to the old values too (see Related).
func (e *Engine) Households(ctx context.Context, nos []string) (*HouseholdResult, error) {
	if len(nos) > largeSet {
		return e.counties(ctx, nos)
	}
	now := e.Now()
	year := e.year(now)
	aggs, err := e.load(ctx, nos)
	if err != nil {
		return nil, err
	}
	asked := make(map[string]bool, len(nos))
	for _, no := range nos {
		asked[no] = true
	}
	related, err := e.related(ctx, aggs, nos)
	if err != nil {
		return nil, err
	}
	if len(related) > 0 {
		more, err := e.load(ctx, related)
		if err != nil {
			return nil, err
		}
		aggs = append(aggs, more...)
		nos = append(append([]string(nil), nos...), related...)
	}
	var keys, phones, subjects []string
	for _, a := range aggs {
		for i := range a.Persons {
			p := &a.Persons[i]
			if !p.Current() {
				continue
			}
			subjects = append(subjects, p.No)
			if k := idKey(p.IDNumber); k != "" {
				keys = append(keys, k)
			}
			if p.Phone != "" {
				phones = append(phones, p.Phone)
			}
		}
	}
	world, err := loadLocalWorld(ctx, e.DB, keys, phones)
	if err != nil {
		return nil, err
	}
	active, err := e.Findings.ActiveOf(ctx, nos, subjects)
	if err != nil {
		return nil, err
	}
	d := newDiff(active, now)
	ev := e.Rules.NewEvaluator(nil)
	places, err := e.places()
	if err != nil {
		return nil, err
	}
	if len(e.FactSources) > 0 {
		byCounty := map[region.Code][]string{}
		for _, a := range aggs {
			byCounty[a.Household.County()] = append(byCounty[a.Household.County()], a.Household.No)
		}
		facts := map[region.Code]func(string) map[string]any{}
		for county, these := range byCounty {
			if facts[county], err = e.facts(ctx, county, county, these); err != nil {
				return nil, err
			}
		}
		ev.Facts = func(no string) map[string]any {
			for _, f := range facts {
				if m := f(no); m != nil {
					return m
				}
			}
			return nil
		}
	}
	sets := map[region.Code]*policy.Set{}
	for _, a := range aggs {
		county := a.Household.County()
		set := sets[county]
		if set == nil {
			if set, err = e.Params.Resolve(ctx, county, year); err != nil {
				return nil, err
			}
			sets[county] = set
		}
		rc := &rules.Context{P: set, Ref: set.Reference(now), Year: year, World: world, Places: places}
		d.evaluate(ev, rc, a)
	}
	ch := d.finish()
	if err := e.Findings.Apply(ctx, ch); err != nil {
		return nil, err
	}
	// The result speaks of the households asked for; the related ones were brought up to date
	// on the side.
	mine := func(fs []*store.Finding) []*store.Finding {
		var out []*store.Finding
		for _, f := range fs {
			if asked[f.HouseholdNo] {
				out = append(out, f)
			}
		}
		return out
	}
	return &HouseholdResult{Opened: mine(ch.Open), Kept: mine(ch.Seen), Closed: mine(ch.Close)}, nil
}

// load reads the households that still exist.
func (e *Engine) load(ctx context.Context, nos []string) ([]*registry.Aggregate, error) {
	var aggs []*registry.Aggregate
	for _, no := range nos {
		a, err := e.Registry.Get(ctx, no)
		if errs.Is(err, errs.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		aggs = append(aggs, a)
	}
	return aggs, nil
}

// Related returns the 户编号 of the other households whose current members share an ID number
// or a phone with a's current members. An edit that changes ID numbers or phones asks for them
// before it writes, and passes them to Households with the edited household, so that a
// duplicate it removes closes on both sides at once.
func (e *Engine) Related(ctx context.Context, a *registry.Aggregate) ([]string, error) {
	return e.related(ctx, []*registry.Aggregate{a}, []string{a.Household.No})
}

func (e *Engine) related(ctx context.Context, aggs []*registry.Aggregate, exclude []string) ([]string, error) {
	var keys, phones []string
	for _, a := range aggs {
		for i := range a.Persons {
			p := &a.Persons[i]
			if !p.Current() {
				continue
			}
			if k := idKey(p.IDNumber); k != "" {
				keys = append(keys, k)
			}
			if p.Phone != "" {
				phones = append(phones, p.Phone)
			}
		}
	}
	skip := map[string]bool{}
	for _, no := range exclude {
		skip[no] = true
	}
	var out []string
	for _, q := range []struct {
		sql  string
		args []string
	}{
		{`SELECT DISTINCT household_no FROM persons WHERE upper(substr(id_number, 1, 18)) IN (%s) AND left_on IS NULL AND deceased_on IS NULL`, keys},
		{`SELECT DISTINCT household_no FROM persons WHERE phone IN (%s) AND left_on IS NULL AND deceased_on IS NULL`, phones},
	} {
		if len(q.args) == 0 {
			continue
		}
		rows, err := e.DB.SQL.QueryContext(ctx, e.DB.Rebind(strings.Replace(q.sql, "%s", marks(len(q.args)), 1)), anys(q.args)...)
		if err != nil {
			return nil, errs.Wrap(err, errs.Internal, "读取相关户失败")
		}
		for rows.Next() {
			var no string
			if err := rows.Scan(&no); err != nil {
				rows.Close()
				return nil, errs.Wrap(err, errs.Internal, "读取相关户失败")
			}
			if !skip[no] && len(out) < maxRelated {
				skip[no] = true
				out = append(out, no)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, errs.Wrap(err, errs.Internal, "读取相关户失败")
		}
	}
	return out, nil
}

// counties re-screens the counties of many changed households with full runs.
func (e *Engine) counties(ctx context.Context, nos []string) (*HouseholdResult, error) {
	seen := map[region.Code]bool{}
	for start := 0; start < len(nos); start += 500 {
		batch := nos[start:min(start+500, len(nos))]
		rows, err := e.DB.SQL.QueryContext(ctx, e.DB.Rebind(`SELECT DISTINCT county_code FROM households WHERE household_no IN (`+
			marks(len(batch))+`)`), anys(batch)...)
		if err != nil {
			return nil, errs.Wrap(err, errs.Internal, "读取户所在县失败")
		}
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return nil, errs.Wrap(err, errs.Internal, "读取户所在县失败")
			}
			seen[region.Code(c)] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, errs.Wrap(err, errs.Internal, "读取户所在县失败")
		}
	}
	out := &HouseholdResult{}
	if len(seen) == 0 {
		return out, nil
	}
	if _, err := e.Run(ctx, Options{Counties: slices.Collect(maps.Keys(seen)), collect: out}); err != nil {
		return nil, err
	}
	return out, nil
}
