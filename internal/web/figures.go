package web

import (
	"bytes"
	"context"
	"encoding/json"
	"html/template"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/rules"
	"github.com/gonggu/gonggu/internal/store"
)

// regionFigures is a region at a glance: its households by kind and monitoring category, its
// open findings by indicator, the same per child region, and its recent changes.
type regionFigures struct {
	Region      region.Region
	ChildLevel  region.Level
	Total       figureRow
	Children    []figureRow
	Indicators  []indicatorRow
	HasFindings bool
	Changes     []audit.Entry
	Chart       string // ECharts data: open findings per child by severity
	Computed    time.Time
	TopInds     []indicatorRow  // indicators by open findings, most first
	MaxOpen     int             // the most open findings of a child, for the bars
	Households  []householdItem // a village's households
	Gaps        []gapRow        // rules screening could not judge here for want of data
	HTML        template.HTML   // the figures rendered, once per data version
}

// gapRow is a rule that screening could not judge for some households of the region, the
// fields they lack and where a county gets them.
type gapRow struct {
	Rule, Title string
	Households  int
	Fields      string
	Sources     string
}

// gapRows returns the region's gaps with each rule's title and the sources of the missing
// fields.
func gapRows(ctx context.Context, db *store.DB, code region.Code) ([]gapRow, error) {
	gaps, err := store.NewGaps(db).Summary(ctx, code)
	if err != nil {
		return nil, err
	}
	out := make([]gapRow, 0, len(gaps))
	for _, g := range gaps {
		row := gapRow{Rule: g.Rule, Households: g.Households, Fields: g.Fields}
		if r := rules.All().Get(g.Rule); r != nil {
			row.Title = r.Title
		}
		var sources []string
		for _, label := range strings.Split(g.Fields, "、") {
			src := "全国系统导出表（缺少该列）"
			if f, ok := registry.FieldByLabel(label); ok && f.Info().Source != "" {
				src = f.Info().Source
			}
			if !slices.Contains(sources, src) {
				sources = append(sources, src)
			}
		}
		row.Sources = strings.Join(sources, "；")
		out = append(out, row)
	}
	return out, nil
}

type figureRow struct {
	Code       region.Code `json:"code"`
	Name       string      `json:"name"`
	Households int         `json:"households"`
	Alleviated int         `json:"alleviated"`
	Ordinary   int         `json:"ordinary"`
	Monitored  int         `json:"monitored"`
	Unstable   int         `json:"unstable"`
	Edge       int         `json:"edge"`
	Sudden     int         `json:"sudden"`
	Open       int         `json:"open_findings"`
	OpenHigh   int         `json:"open_high"`
	OpenMedium int         `json:"open_medium"`
	OpenLow    int         `json:"open_low"`
}

type indicatorRow struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Open int    `json:"open"`
	High int    `json:"high"`
}

// versioned caches values per key and data version. A request whose value is out of date (its
// version moved on, or it is older than the TTL, for writes by other programs) starts one
// recomputation and, while that runs, gets the previous value: under load, nobody waits for a
// recomputation but the first visitor of a key, and one key is never computed twice at once.
type versioned[K comparable, V any] struct {
	now func() time.Time
	ttl time.Duration
	max int
	mu  sync.Mutex
	m   map[K]*entry[V]
}

type entry[V any] struct {
	version    int64
	at         time.Time
	val        V
	ok         bool
	refreshing bool
	ready      chan struct{} // closed when the first computation ends
	err        error
}

func newVersioned[K comparable, V any](now func() time.Time, ttl time.Duration, max int) *versioned[K, V] {
	return &versioned[K, V]{now: now, ttl: ttl, max: max, m: map[K]*entry[V]{}}
}

func (c *versioned[K, V]) get(ctx context.Context, key K, version int64, compute func(context.Context) (V, error)) (V, error) {
	now := c.now()
	c.mu.Lock()
	e := c.m[key]
	if e == nil {
		if len(c.m) >= c.max {
			for k := range c.m { // drop an arbitrary entry: rare, and cheap to recompute
				delete(c.m, k)
				break
			}
		}
		e = &entry[V]{version: version, at: now, ready: make(chan struct{}), refreshing: true}
		c.m[key] = e
		c.mu.Unlock()
		val, err := compute(context.WithoutCancel(ctx))
		c.mu.Lock()
		e.val, e.ok, e.err, e.refreshing = val, err == nil, err, false
		if err != nil {
			delete(c.m, key)
		}
		close(e.ready)
		c.mu.Unlock()
		return val, err
	}
	if (e.version != version || now.Sub(e.at) >= c.ttl) && !e.refreshing && e.ok {
		e.refreshing = true
		go func() {
			val, err := compute(context.WithoutCancel(ctx))
			c.mu.Lock()
			if err == nil {
				e.val, e.version, e.at = val, version, c.now()
			}
			e.refreshing = false
			c.mu.Unlock()
		}()
	}
	ready := e.ready
	c.mu.Unlock()
	select {
	case <-ready:
	case <-ctx.Done():
		var zero V
		return zero, ctx.Err()
	}
	c.mu.Lock()
	val, ok, err := e.val, e.ok, e.err
	c.mu.Unlock()
	if !ok && err == nil {
		return compute(ctx)
	}
	return val, err
}

// forget drops the entries whose keys match: the next request computes them afresh.
func (c *versioned[K, V]) forget(match func(K) bool) {
	c.mu.Lock()
	for k := range c.m {
		if match(k) {
			delete(c.m, k)
		}
	}
	c.mu.Unlock()
}

// figureCache computes region figures from per-county snapshots: one GROUP BY per county over
// the households by village, kind and category (an index-only scan) and one over its open
// findings by village, indicator and severity. Any region's figures then add up villages in
// memory: a city is seven snapshots, a village a few map lookups.
type figureCache struct {
	s        *Server
	regions  *versioned[region.Code, *regionFigures]
	counties *versioned[region.Code, *countySnapshot]
	mu       sync.Mutex
	under    map[region.Code][]region.Code // the counties of a region above county level
	ver      int64                         // the data version last read, at verAt
	verAt    time.Time
}

// countySnapshot is a county's counts per village.
type countySnapshot struct {
	villages map[string]*villageCounts
}

type villageCounts struct {
	households []store.HouseholdCount
	findings   []FindingCount
}

func newFigureCache(s *Server, ttl time.Duration) *figureCache {
	return &figureCache{s: s, regions: newVersioned[region.Code, *regionFigures](s.now, ttl, 5000),
		counties: newVersioned[region.Code, *countySnapshot](s.now, ttl, 5000), under: map[region.Code][]region.Code{}}
}

func (c *figureCache) get(ctx context.Context, code region.Code) (*regionFigures, error) {
	v, err := c.version(ctx)
	if err != nil {
		return nil, err
	}
	return c.regions.get(ctx, code, v, func(ctx context.Context) (*regionFigures, error) { return c.compute(ctx, code, v) })
}

// version returns the registry's data version, read from the database at most once a second:
// writes through this process invalidate at once, writes elsewhere show within a second.
func (c *figureCache) version(ctx context.Context) (int64, error) {
	now := c.s.now()
	c.mu.Lock()
	if now.Sub(c.verAt) < time.Second && now.After(c.verAt) {
		v := c.ver
		c.mu.Unlock()
		return v, nil
	}
	c.mu.Unlock()
	v, err := c.s.cfg.DB.DataVersion(ctx, "registry")
	if err != nil {
		return 0, err
	}
	c.mu.Lock()
	c.ver, c.verAt = v, now
	c.mu.Unlock()
	return v, nil
}

// invalidate forgets the cached figures of the regions that contain code ("" for all): after a
// write in this process, the writer's next page shows the new figures rather than the previous
// ones while they are recomputed.
func (c *figureCache) invalidate(code region.Code) {
	match := func(k region.Code) bool { return code == "" || k.Contains(code) }
	c.regions.forget(match)
	c.counties.forget(match)
	c.mu.Lock()
	c.verAt = time.Time{}
	c.mu.Unlock()
}

// countiesOf returns the counties whose villages make up the region.
func (c *figureCache) countiesOf(code region.Code) []region.Code {
	if code.Level() >= region.County {
		return []region.Code{code.County()}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cs, ok := c.under[code]; ok {
		return cs
	}
	seen := map[region.Code]bool{}
	var cs []region.Code
	// Townships, not counties: a city without counties (东莞市) has its townships' villages
	// stored under the city's own six digits.
	for _, t := range c.s.cfg.Tree.Descendants(code, region.Township) {
		if k := t.Code.County(); !seen[k] {
			seen[k] = true
			cs = append(cs, k)
		}
	}
	c.under[code] = cs
	return cs
}

func (c *figureCache) snapshot(ctx context.Context, county region.Code, v int64) (*countySnapshot, error) {
	return c.counties.get(ctx, county, v, func(ctx context.Context) (*countySnapshot, error) {
		snap := &countySnapshot{villages: map[string]*villageCounts{}}
		at := func(village string) *villageCounts {
			vc := snap.villages[village]
			if vc == nil {
				vc = &villageCounts{}
				snap.villages[village] = vc
			}
			return vc
		}
		hcs, err := c.s.reg.CountByChild(ctx, county, 12)
		if err != nil {
			return nil, err
		}
		for _, hc := range hcs {
			vc := at(hc.Prefix)
			vc.households = append(vc.households, hc)
		}
		if sc := c.s.cfg.Screening; sc != nil {
			fcs, err := sc.OpenCounts(ctx, county, 12)
			if err != nil {
				return nil, err
			}
			for _, fc := range fcs {
				vc := at(fc.Prefix)
				vc.findings = append(vc.findings, fc)
			}
		}
		return snap, nil
	})
}

func (c *figureCache) compute(ctx context.Context, code region.Code, version int64) (*regionFigures, error) {
	s := c.s
	reg, err := s.cfg.Tree.Get(code)
	if err != nil {
		return nil, err
	}
	f := &regionFigures{Region: reg, Computed: s.now(), HasFindings: s.cfg.Screening != nil}
	children := s.cfg.Tree.Children(code)
	childLen := 12
	if len(children) > 0 {
		f.ChildLevel = children[0].Level
		childLen = f.ChildLevel.PrefixLen()
	}
	for _, ch := range children {
		f.Children = append(f.Children, figureRow{Code: ch.Code, Name: ch.Name})
	}
	byPrefix := make(map[string]*figureRow, len(f.Children))
	for i := range f.Children {
		byPrefix[f.Children[i].Code.Prefix()] = &f.Children[i]
	}
	f.Total = figureRow{Code: code, Name: reg.Name}
	byInd := map[string]*indicatorRow{}
	if sc := s.cfg.Screening; sc != nil {
		inds, _ := sc.Catalog()
		for _, in := range inds {
			f.Indicators = append(f.Indicators, indicatorRow{ID: in.ID, Name: in.Name})
		}
	}
	for i := range f.Indicators {
		byInd[f.Indicators[i].ID] = &f.Indicators[i]
	}
	prefix := code.Prefix()
	for _, county := range c.countiesOf(code) {
		snap, err := c.snapshot(ctx, county, version)
		if err != nil {
			return nil, err
		}
		for village, vc := range snap.villages {
			if !strings.HasPrefix(village, prefix) {
				continue
			}
			rows := []*figureRow{&f.Total}
			if len(village) >= childLen {
				if r := byPrefix[village[:childLen]]; r != nil {
					rows = append(rows, r)
				}
			}
			for _, hc := range vc.households {
				for _, r := range rows {
					r.addHouseholds(hc)
				}
			}
			for _, fc := range vc.findings {
				for _, r := range rows {
					r.addFindings(fc)
				}
				if ir := byInd[fc.Indicator]; ir != nil {
					ir.Open += fc.N
					if fc.Severity == "high" {
						ir.High += fc.N
					}
				}
			}
		}
	}
	f.Changes, err = s.audit.List(ctx, audit.Filter{Region: code, Changes: true, Limit: 8})
	if err != nil {
		return nil, err
	}
	f.TopInds = sortIndicators(f.Indicators)
	if f.HasFindings {
		if f.Gaps, err = gapRows(ctx, s.cfg.DB, code); err != nil {
			return nil, err
		}
	}
	for _, ch := range f.Children {
		f.MaxOpen = max(f.MaxOpen, ch.Open)
	}
	if code.Level() == region.Village {
		rows, err := s.reg.VillageHouseholds(ctx, code)
		if err != nil {
			return nil, err
		}
		open := map[string]int{}
		if sc := s.cfg.Screening; sc != nil {
			if open, err = sc.OpenPerHousehold(ctx, code); err != nil {
				return nil, err
			}
		}
		for _, h := range rows {
			f.Households = append(f.Households, householdItem{HouseholdRow: h, Open: open[h.No]})
		}
	}
	f.Chart = chartJSON(f)
	var buf bytes.Buffer
	if err := s.pages["region"].ExecuteTemplate(&buf, "figures", f); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "页面显示出错")
	}
	f.HTML = template.HTML(buf.String())
	return f, nil
}

func (r *figureRow) addHouseholds(hc store.HouseholdCount) {
	r.Households += hc.N
	switch hc.Kind {
	case registry.KindAlleviated:
		r.Alleviated += hc.N
	case registry.KindOrdinary:
		r.Ordinary += hc.N
	}
	switch hc.Category {
	case registry.MonUnstable:
		r.Unstable += hc.N
	case registry.MonEdge:
		r.Edge += hc.N
	case registry.MonSudden:
		r.Sudden += hc.N
	}
	if hc.Category != "" {
		r.Monitored += hc.N
	}
}

func (r *figureRow) addFindings(fc FindingCount) {
	r.Open += fc.N
	switch fc.Severity {
	case "high":
		r.OpenHigh += fc.N
	case "medium":
		r.OpenMedium += fc.N
	default:
		r.OpenLow += fc.N
	}
}

// chartJSON returns the data of the page's chart: per child region, the open findings by
// severity when screening results exist, otherwise the households by monitoring category.
func chartJSON(f *regionFigures) string {
	rows := f.Children
	if len(rows) == 0 {
		return ""
	}
	type series struct {
		Name string `json:"name"`
		Data []int  `json:"data"`
	}
	var out struct {
		Title      string   `json:"title"`
		Categories []string `json:"categories"`
		Series     []series `json:"series"`
	}
	pick := func(name string, get func(r *figureRow) int) {
		s := series{Name: name}
		for i := range rows {
			s.Data = append(s.Data, get(&rows[i]))
		}
		out.Series = append(out.Series, s)
	}
	for i := range rows {
		out.Categories = append(out.Categories, rows[i].Name)
	}
	if f.HasFindings {
		out.Title = "各" + levelWord(f.ChildLevel) + "未解决问题"
		pick("严重", func(r *figureRow) int { return r.OpenHigh })
		pick("一般", func(r *figureRow) int { return r.OpenMedium })
		pick("提示", func(r *figureRow) int { return r.OpenLow })
	} else {
		out.Title = "各" + levelWord(f.ChildLevel) + "监测对象"
		pick("脱贫不稳定户", func(r *figureRow) int { return r.Unstable })
		pick("边缘易致贫户", func(r *figureRow) int { return r.Edge })
		pick("突发严重困难户", func(r *figureRow) int { return r.Sudden })
	}
	b, _ := json.Marshal(out)
	return string(b)
}

func levelWord(l region.Level) string {
	switch l {
	case region.Province:
		return "省"
	case region.City:
		return "市州"
	case region.County:
		return "县区"
	case region.Township:
		return "乡镇"
	case region.Village:
		return "村"
	}
	return "地区"
}

// sortIndicators orders indicators by their open findings, most first, keeping ties in
// catalog order.
func sortIndicators(in []indicatorRow) []indicatorRow {
	out := append([]indicatorRow(nil), in...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Open > out[j].Open })
	return out
}
