package gen_test

import (
	"sync"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/region"
)

var (
	treeOnce sync.Once
	tree     *region.Tree
	treeErr  error
)

// dingxi returns the division tree of 定西市, loaded once.
func dingxi(tb testing.TB) *region.Tree {
	tb.Helper()
	treeOnce.Do(func() { tree, treeErr = region.LoadArea(gen.DefaultArea) })
	if treeErr != nil {
		tb.Fatal(treeErr)
	}
	return tree
}

// ref is the reference date of the tests: mid-June, when the school year and the income year
// are both under way.
var ref = time.Date(2025, time.June, 15, 9, 30, 0, 0, time.Local)

func testConfig(n int, seed uint64, rates gen.Rates) gen.Config {
	return gen.Config{Area: gen.DefaultArea, Households: n, Seed: seed, Year: 2025, Ref: ref, Rates: rates}
}
