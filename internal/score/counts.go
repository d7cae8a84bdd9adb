package score

import (
	"github.com/gonggu/gonggu/internal/policy"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

// Score returns the scorecard row of a region from counts made elsewhere — the households an
// evaluators' sample drew (internal/sample) — scored with the parameters exactly as the
// scorecard scores the stored counts: parts, shares, targets and floors, and the total over
// the indicators measured. Counts of other regions than code are ignored.
func Score(code region.Code, counts []store.ScoreCount, p *policy.Set) Row {
	r := (&Service{}).emptyRow(code)
	for _, c := range counts {
		if c.Region == code {
			r.set(c)
		}
	}
	compute(&r, p)
	return r
}
