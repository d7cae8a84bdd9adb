package gen

import (
	"math"
	"strconv"
	"time"

	"github.com/gonggu/gonggu/internal/registry"
)

// Random helpers. All draws of a household come from g.r, the PCG stream keyed by the seed and
// the household's position.

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

func (g *generator) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.r.IntN(hi-lo+1)
}

func (g *generator) uniform(lo, hi float64) float64 { return lo + g.r.Float64()*(hi-lo) }

// logNormal draws around median with the log-spread sigma, clamped to [lo, hi].
func (g *generator) logNormal(median, sigma, lo, hi float64) float64 {
	return math.Max(lo, math.Min(hi, median*math.Exp(g.r.NormFloat64()*sigma)))
}

func (g *generator) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *generator) pickW(list []weighted) string {
	total := 0
	for _, x := range list {
		total += x.w
	}
	k := g.r.IntN(total)
	for _, x := range list {
		if k < x.w {
			return x.v
		}
		k -= x.w
	}
	return list[len(list)-1].v
}

// pickInt returns an index drawn with the weights (which must not all be zero).
func (g *generator) pickInt(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	k := g.r.IntN(total)
	for i, w := range weights {
		if k < w {
			return i
		}
		k -= w
	}
	return len(weights) - 1
}

// dateBetween draws a date from a to b (a when b is before a).
func (g *generator) dateBetween(a, b registry.Date) registry.Date {
	days := int(b.Time().Sub(a.Time()).Hours() / 24)
	if days <= 0 {
		return a
	}
	return registry.DateOf(a.Time().AddDate(0, 0, g.r.IntN(days+1)))
}

func flag(b bool) registry.Flag {
	if b {
		return registry.Yes
	}
	return registry.No
}

func sexName(male bool) string {
	if male {
		return "男"
	}
	return "女"
}

func monthOfIndex(i int) registry.Month { return registry.NewMonth(i/12, time.Month(i%12+1)) }

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func pad4(n int) string {
	s := strconv.Itoa(n)
	return "0000"[len(s):] + s
}
