package gen

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

// TestScoreHistory: the made-up past is deterministic, keeps numerators within their
// denominators, moves the 漏纳率's denominator with its numerator, and has more problems the
// further back it goes.
func TestScoreHistory(t *testing.T) {
	var cur []store.ScoreCount
	for v := range 200 {
		code := region.Code(fmt.Sprintf("621121100%03d", 201+v))
		village := store.ScoreCount{Region: code, Indicator: 1, Num: v % 7, Den: 60}
		missed := store.ScoreCount{Region: code, Indicator: 2, Part: "missed", Num: v % 3, Den: 10 + v%3}
		cur = append(cur, village, missed)
	}
	a, b := ScoreHistory(cur, 6, 1), ScoreHistory(cur, 6, 1)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("not deterministic")
	}
	sum := func(cs []store.ScoreCount, ind int) (n int) {
		for _, c := range cs {
			if c.Indicator == ind {
				n += c.Num
			}
		}
		return n
	}
	for i, c := range a {
		if c.Num < 0 || c.Num > c.Den {
			t.Fatalf("%d: %d of %d", i, c.Num, c.Den)
		}
		if c.Part == "missed" && c.Den-c.Num != cur[i].Den-cur[i].Num {
			t.Fatalf("monitored households changed: %+v from %+v", c, cur[i])
		}
	}
	year, half := ScoreHistory(cur, 12, 1), a
	if !(sum(year, 1) > sum(half, 1) && sum(half, 1) > sum(cur, 1)) {
		t.Errorf("problems a year ago %d, half a year ago %d, now %d", sum(year, 1), sum(half, 1), sum(cur, 1))
	}
}
