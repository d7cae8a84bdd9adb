package gen

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// maxPerVillage is the most households a village can number with a 4-digit sequence.
const maxPerVillage = 9999

// village is a village of the area with what households there share.
type village struct {
	code       region.Code
	name       string // short name for employers and posts: 石滩村
	address    string // 甘肃省定西市通渭县马营镇石滩村
	county     string // 6-digit address code of its county
	countyName string
	households int
	index      int // position in the area, for helper phones
}

// seedingStream keys the PCG stream that decides seeding, apart from the one the data comes
// from.
const seedingStream = 0x5eed5eed5eed5eed

// generator holds the state of one Generate run. Everything random about a household comes
// from a PCG stream keyed by the seed and the household's position, so households do not
// depend on each other except through the registry-wide allocators (ID sequence numbers,
// phones) and the seeding of problems that span households.
type generator struct {
	tree     *region.Tree
	cfg      Config
	ref      time.Time
	refDate  registry.Date
	refMonth registry.Month
	sept     time.Time // the 1 September that starts the current school year
	villages []village
	// counties are the 6-digit codes of the area's counties, others those of the rest of the
	// province, for people registered elsewhere.
	counties, others []string

	pcg  *rand.PCG
	r    *rand.Rand
	spcg *rand.PCG // the stream that decides seeding, separate so rates do not shift the data
	sr   *rand.Rand
	n    int // households generated so far

	ids    idAllocator
	phones phoneAllocator
	seed   seeder
	stats  Stats
}

func newGenerator(tree *region.Tree, cfg Config) (*generator, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if tree == nil {
		return nil, errs.E(errs.Invalid, "没有行政区划树")
	}
	if _, err := tree.Get(cfg.Area); err != nil {
		return nil, err
	}
	g := &generator{tree: tree, cfg: cfg, ref: cfg.Ref, refDate: registry.DateOf(cfg.Ref), refMonth: registry.MonthOf(cfg.Ref)}
	g.sept = time.Date(g.ref.Year(), time.September, 1, 0, 0, 0, 0, time.UTC)
	if g.ref.Before(g.sept) {
		g.sept = g.sept.AddDate(-1, 0, 0)
	}
	g.pcg = rand.NewPCG(cfg.Seed, 0)
	g.r = rand.New(g.pcg)
	g.spcg = rand.NewPCG(cfg.Seed^seedingStream, 0)
	g.sr = rand.New(g.spcg)
	g.ids = newIDAllocator()
	g.phones = newPhoneAllocator(cfg.Seed)
	g.seed = newSeeder(cfg.Rates)
	g.stats.Seeded = map[Problem][]string{}

	vs := tree.Descendants(cfg.Area, region.Village)
	if cfg.Area.Level() == region.Village {
		r, _ := tree.Get(cfg.Area)
		vs = []region.Region{r}
	}
	if len(vs) == 0 {
		return nil, errs.E(errs.Invalid, "%s 下没有村级区划，无法生成", cfg.Area)
	}
	if cfg.Households > maxPerVillage*len(vs) {
		return nil, errs.E(errs.Invalid, "%s 只有 %d 个村，最多生成 %d 户", cfg.Area, len(vs), maxPerVillage*len(vs))
	}
	g.villages = make([]village, len(vs))
	countyNames := map[string]string{}
	for i, v := range vs {
		county := string(v.Code.County())[:6]
		if _, ok := countyNames[county]; !ok {
			name := ""
			if c, err := tree.Get(v.Code.County()); err == nil {
				name = c.Name
			}
			countyNames[county] = name
			g.counties = append(g.counties, county)
		}
		g.villages[i] = village{code: v.Code, name: shortVillage(v.Name),
			address: tree.FullName(v.Code.Parent()) + shortVillage(v.Name),
			county:  county, countyName: countyNames[county], index: i}
	}
	g.others = otherCounties(tree, cfg.Area, g.counties)
	g.spread(cfg.Households)
	return g, nil
}

// spread allocates n households to the villages, in proportion to log-normal weights, by
// largest remainder, at most maxPerVillage each.
func (g *generator) spread(n int) {
	r := rand.New(rand.NewPCG(g.cfg.Seed, 1<<62))
	w := make([]float64, len(g.villages))
	sum := 0.0
	for i := range w {
		w[i] = math.Exp(r.NormFloat64() * 0.45)
		sum += w[i]
	}
	type rem struct {
		i int
		f float64
	}
	rems := make([]rem, len(w))
	left := n
	for i := range w {
		exact := float64(n) * w[i] / sum
		k := min(int(exact), maxPerVillage)
		g.villages[i].households = k
		left -= k
		rems[i] = rem{i, exact - float64(k)}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].f > rems[b].f })
	for left > 0 {
		for _, x := range rems {
			if left == 0 {
				break
			}
			if g.villages[x.i].households < maxPerVillage {
				g.villages[x.i].households++
				left--
			}
		}
	}
}

// otherCounties returns the 6-digit codes of the counties of area's province outside the
// area, for people whose ID was issued elsewhere. When tree holds only the area, the province
// is loaded from the embedded division codes; failing that, the area's own counties serve.
func otherCounties(tree *region.Tree, area region.Code, own []string) []string {
	prov := area.Up(region.Province)
	cs := tree.Descendants(prov, region.County)
	if len(cs) <= len(own) {
		if t, err := region.LoadArea(prov); err == nil {
			cs = t.Descendants(prov, region.County)
		}
	}
	var out []string
	for _, c := range cs {
		code := string(c.Code)[:6]
		// Districts of cities (市辖区 codes end in 01) are no hukou address; skip them.
		if code[4:] == "01" || registry.In(own, code) {
			continue
		}
		out = append(out, code)
	}
	if len(out) == 0 {
		return own
	}
	return out
}

// shortVillage turns 石滩村民委员会 into 石滩村, the name people use.
func shortVillage(name string) string {
	for _, suf := range []string{"村民委员会", "村委会", "社区居民委员会", "居民委员会"} {
		if s, ok := strings.CutSuffix(name, suf); ok {
			if strings.HasSuffix(suf, "居民委员会") {
				return s + "社区"
			}
			return s + "村"
		}
	}
	return name
}
