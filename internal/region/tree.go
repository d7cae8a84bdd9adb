package region

import (
	"sort"
	"strings"
	"sync/atomic"

	"github.com/gonggu/gonggu/internal/errs"
)

// Region is one administrative division.
type Region struct {
	Code  Code
	Name  string // e.g. 通渭县, 石滩村民委员会
	Level Level
}

// node is a region in the tree. The nodes are in code order, which is also depth-first order:
// a region's subtree is the nodes from it up to end.
type node struct {
	code   Code
	name   string
	parent int32 // index of the parent, -1 for a province
	end    int32 // index one past the region's last descendant
	level  uint8
}

func (n *node) region() Region {
	return Region{Code: n.code, Name: n.name, Level: Level(n.level)}
}

// Tree is the tree of administrative divisions, built by Load or LoadArea. Its regions never
// change; it is safe for concurrent use, and meant to be built once and shared.
//
// Some regions lack a level: 东莞市, 中山市 and 儋州市 (prefecture-level cities) have
// townships and no counties, and 金门县 has no townships. Their children are the regions of the
// next level that exists, and Descendants at the missing level finds nothing under them.
type Tree struct {
	nodes []node
	// Name indexes for Resolve, built on first use: index[i+1] for node i, index[0] for
	// the whole country.
	index []atomic.Pointer[levelIndexes]
}

// levelIndexes holds a region's name indexes of the regions below it, one per level.
type levelIndexes [Village + 1]atomic.Pointer[nameIndex]

func newTree(nodes []node) *Tree {
	return &Tree{nodes: nodes, index: make([]atomic.Pointer[levelIndexes], len(nodes)+1)}
}

// Len returns the number of regions in the tree.
func (t *Tree) Len() int { return len(t.nodes) }

// find returns the index of the node with code c.
func (t *Tree) find(c Code) (int32, bool) {
	i := sort.Search(len(t.nodes), func(i int) bool { return t.nodes[i].code >= c })
	if i < len(t.nodes) && t.nodes[i].code == c {
		return int32(i), true
	}
	return -1, false
}

// Get returns the region with code c, or an errs.NotFound error when the tree has no such
// region.
func (t *Tree) Get(c Code) (Region, error) {
	i, ok := t.find(c)
	if !ok {
		return Region{}, errs.E(errs.NotFound, "未知的行政区划代码 %s", c)
	}
	return t.nodes[i].region(), nil
}

// Has reports whether the tree has a region with code c.
func (t *Tree) Has(c Code) bool {
	_, ok := t.find(c)
	return ok
}

// Ancestors returns the regions above c, from the province down to c's parent: nothing for a
// province, and nil when c is not in the tree.
func (t *Tree) Ancestors(c Code) []Region {
	i, ok := t.find(c)
	if !ok {
		return nil
	}
	return t.ancestors(i)
}

func (t *Tree) ancestors(i int32) []Region {
	depth := 0
	for p := t.nodes[i].parent; p >= 0; p = t.nodes[p].parent {
		depth++
	}
	out := make([]Region, depth)
	for p := t.nodes[i].parent; p >= 0; p = t.nodes[p].parent {
		depth--
		out[depth] = t.nodes[p].region()
	}
	return out
}

// Provinces returns the provinces in the tree, in code order.
func (t *Tree) Provinces() []Region {
	var out []Region
	for i := 0; i < len(t.nodes); i = int(t.nodes[i].end) {
		out = append(out, t.nodes[i].region())
	}
	return out
}

// Children returns the regions directly below c, in code order, or nil when c is not in the
// tree or has no children.
func (t *Tree) Children(c Code) []Region {
	i, ok := t.find(c)
	if !ok {
		return nil
	}
	var out []Region
	for j := i + 1; j < t.nodes[i].end; j = t.nodes[j].end {
		out = append(out, t.nodes[j].region())
	}
	return out
}

// Descendants returns all the regions of the given level below c, in code order: the 7
// counties of 定西市 with Descendants("621100000000", County), its 1,987 villages with
// Descendants("621100000000", Village). It returns nil when c is not in the tree or the level is
// not below c's.
func (t *Tree) Descendants(c Code, level Level) []Region {
	i, ok := t.find(c)
	if !ok {
		return nil
	}
	var out []Region
	t.walk(i, level, func(j int32) { out = append(out, t.nodes[j].region()) })
	return out
}

// walk calls fn, in code order, with the index of each region of the level below node i
// (below the whole tree when i is -1), skipping the subtrees that cannot hold it.
func (t *Tree) walk(i int32, level Level, fn func(j int32)) {
	start, end := int32(0), int32(len(t.nodes))
	if i >= 0 {
		start, end = i+1, t.nodes[i].end
	}
	for j := start; j < end; {
		switch l := Level(t.nodes[j].level); {
		case l == level:
			fn(j)
			j = t.nodes[j].end
		case l < level:
			j++
		default:
			j = t.nodes[j].end
		}
	}
}

// FullName returns the names of c's ancestors and c run together, as written on an address:
// 甘肃省定西市通渭县马营镇石滩村民委员会. The placeholder names of the municipalities' and
// provinces' city level (市辖区, 县, 省直辖县级行政区划, 自治区直辖县级行政区划) are left out:
// 北京市东城区. It returns "" when c is not in the tree.
func (t *Tree) FullName(c Code) string {
	i, ok := t.find(c)
	if !ok {
		return ""
	}
	var b strings.Builder
	for _, a := range t.ancestors(i) {
		if a.Level != City || !placeholder(a.Name) {
			b.WriteString(a.Name)
		}
	}
	b.WriteString(t.nodes[i].name)
	return b.String()
}

// placeholder reports whether name is one of the names the statistical codes give a city
// level that is not a city.
func placeholder(name string) bool {
	switch name {
	case "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划":
		return true
	}
	return false
}
