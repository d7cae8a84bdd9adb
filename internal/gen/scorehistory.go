package gen

import (
	"hash/fnv"
	"math"
	"strconv"

	"github.com/gonggu/gonggu/internal/store"
)

// ScoreHistory makes up the scorecard's village counts of the month monthsAgo months before the
// current counts given, for the demo's trend chart and nothing else: a generated area has no
// past (its findings all open at the first screening), so the demo fills the past year with
// this synthetic history, which the store marks store.SourceSynthetic and the page labels as
// simulated. A real deployment's history is the snapshots of its own refreshes.
//
// The model: a year ago each county had (1 + a) times today's problem households in each rate,
// a drawn per county and rate between 0.3 and 1.2, the excess shrinking month by month as
// rectification went on (faster early), with some noise per village and month; a village
// with no problem now may have had some. Denominators stay as they are, except the 漏纳率's
// (monitored + suspected missed), which follows its numerator. Deterministic in the seed.
func ScoreHistory(current []store.ScoreCount, monthsAgo int, seed uint64) []store.ScoreCount {
	out := make([]store.ScoreCount, 0, len(current))
	k := math.Pow(float64(monthsAgo)/12, 0.8) // share of the year's progress still ahead then
	for _, c := range current {
		rate := strconv.Itoa(c.Indicator) + c.Part
		a := 0.3 + 0.9*scoreNoise(seed, string(c.Region.County()), rate)
		wiggle := 0.16 * (scoreNoise(seed, string(c.Region), rate, strconv.Itoa(monthsAgo)) - 0.5)
		x := float64(c.Num)*(1+a*k+wiggle*k) + 0.6*scoreNoise(seed, string(c.Region), rate, "zero")*k*math.Min(1, float64(c.Den)/80)
		n := int(x)
		if scoreNoise(seed, string(c.Region), rate, strconv.Itoa(monthsAgo), "round") < x-float64(n) {
			n++
		}
		h := c
		h.Num = max(0, n)
		if c.Part == "missed" {
			h.Den = c.Den - c.Num + h.Num
		} else {
			h.Num = min(h.Num, c.Den)
		}
		out = append(out, h)
	}
	return out
}

// scoreNoise returns a number in [0, 1) determined by the seed and the keys.
func scoreNoise(seed uint64, keys ...string) float64 {
	h := fnv.New64a()
	var b [8]byte
	for i := range b {
		b[i] = byte(seed >> (8 * i))
	}
	h.Write(b[:])
	for _, k := range keys {
		h.Write([]byte(k))
		h.Write([]byte{0})
	}
	return float64(h.Sum64()>>11) / (1 << 53)
}
