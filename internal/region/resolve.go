package region

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/errs"
)

// Names are the names of a region's levels as a spreadsheet gives them (the 省 市 县 乡 村
// columns of the national export). Any of them may be blank; the lowest one given names the
// region.
type Names struct {
	Province, City, County, Township, Village string
}

// ResolveError is the error of Resolve when a name matches no region, or several. It unwraps
// to an *errs.Error (errs.NotFound, or errs.Invalid when the name is ambiguous) whose Chinese
// message names the level, the name and the candidates.
type ResolveError struct {
	Level     Level  // level of the name that failed
	Name      string // the name, without spaces
	Parent    Code   // region it was looked for under; "" for the whole country
	Ambiguous bool   // true when several regions match the name
	// Candidates are the closest regions to the name under Parent when none matches, or the
	// regions that match when several do: at most 3, best first.
	Candidates []Region
	err        error
}

// Error returns the code and the message.
func (e *ResolveError) Error() string { return e.err.Error() }

// Unwrap returns the *errs.Error with the user-facing message.
func (e *ResolveError) Unwrap() error { return e.err }

// Resolve returns the code of the region that names designates. Names are compared without
// spaces (full-width ones included) and with full-width letters, digits and brackets read as
// half-width; a name also matches when its level's usual suffix is missing or different:
// 石滩村, 石滩村委会 or 石滩 for 石滩村民委员会, 东关 or 东关社区 for 东关社区居委会, 马营 or 马营乡 for
// 马营镇, 通渭 for 通渭县, 临夏州 for 临夏回族自治州. When a village and a residents' committee
// share a name (东关村委会, 东关社区居委会), the suffix given chooses between them.
//
// Blank levels are searched through: a village with no township given is looked for in the
// whole county. A city name that repeats its province (北京市 for 市辖区) or a county name
// that repeats its city (东莞市, which has no counties) is skipped, and a city column holding
// a county-level city directly under its province (仙桃市) is accepted.
//
// When a name matches nothing, the error is a *ResolveError with errs.NotFound, whose message
// lists up to 3 similar names under the resolved parent; when it matches several regions that
// the lower levels do not tell apart, a *ResolveError with errs.Invalid. Names that are all
// blank are errs.Invalid.
//
// Resolve is safe for concurrent use and fast after the first calls: the name indexes of each
// region are built when first needed and kept in the tree.
func (t *Tree) Resolve(names Names) (Code, error) {
	ns := [Village]string{
		clean(names.Province), clean(names.City), clean(names.County),
		clean(names.Township), clean(names.Village),
	}
	if ns == [Village]string{} {
		return "", errs.E(errs.Invalid, "未填写行政区划名称（省、市、县、乡、村）")
	}
	i, err := t.resolve(-1, &ns, 0)
	if err != nil {
		return "", err
	}
	return t.nodes[i].code, nil
}

// maxTries bounds how many equally named regions Resolve tries against the lower levels;
// beyond it the name is reported as ambiguous.
const maxTries = 32

// resolve resolves ns[from:] under node cur (-1 for the country).
func (t *Tree) resolve(cur int32, ns *[Village]string, from int) (int32, error) {
	lv := from
	for lv < len(ns) && ns[lv] == "" {
		lv++
	}
	if lv == len(ns) {
		return cur, nil
	}
	l, name := Level(lv+1), ns[lv]
	ids := t.match(cur, l, name)
	switch {
	case len(ids) == 1:
		return t.resolve(ids[0], ns, lv+1)
	case len(ids) > 1:
		if !lowerGiven(ns, lv+1) || len(ids) > maxTries {
			return -1, t.resolveErr(cur, l, name, ids)
		}
		// Equal names in different places: the lower levels may tell them apart.
		var found, via []int32
		var first error
		for _, id := range ids {
			r, err := t.resolve(id, ns, lv+1)
			switch {
			case err == nil:
				found, via = append(found, r), append(via, id)
			case first == nil:
				first = err
			}
		}
		switch len(found) {
		case 0:
			return -1, first
		case 1:
			return found[0], nil
		}
		return -1, t.resolveErr(cur, l, name, via)
	}
	if (l == City || l == County) && cur >= 0 && t.sameName(cur, name) {
		return t.resolve(cur, ns, lv+1)
	}
	if l == City {
		if ids := t.match(cur, l+1, name); len(ids) == 1 {
			return t.resolve(ids[0], ns, lv+1)
		}
	}
	return -1, t.resolveErr(cur, l, name, nil)
}

func lowerGiven(ns *[Village]string, from int) bool {
	for _, n := range ns[from:] {
		if n != "" {
			return true
		}
	}
	return false
}

// sameName reports whether name, given for the level below node i, is i's own name.
func (t *Tree) sameName(i int32, name string) bool {
	n := &t.nodes[i]
	if clean(n.name) == name {
		return true
	}
	k, _ := key(Level(n.level), name)
	nk, _ := key(Level(n.level), clean(n.name))
	return k == nk
}

// resolveErr returns the error for a name that matches none (ids empty) or several of the
// regions of level l below node cur.
func (t *Tree) resolveErr(cur int32, l Level, name string, ids []int32) error {
	e := &ResolveError{Level: l, Name: name, Ambiguous: len(ids) > 0}
	var b strings.Builder
	b.WriteString(l.String() + "「" + name + "」")
	if cur >= 0 {
		e.Parent = t.nodes[cur].code
		b.WriteString("在 " + t.place(cur) + " 下")
	}
	if e.Ambiguous {
		for _, id := range ids[:min(len(ids), 3)] {
			e.Candidates = append(e.Candidates, t.nodes[id].region())
		}
		b.WriteString("不唯一，有：")
		b.WriteString(t.labels(cur, ids[:min(len(ids), 3)]))
		if len(ids) > 3 {
			b.WriteString(" 等 " + strconv.Itoa(len(ids)) + " 个")
		}
		b.WriteString("，请填写完整名称或上级区划")
		e.err = errs.E(errs.Invalid, "%s", b.String())
		return e
	}
	b.WriteString("不存在")
	best := t.candidates(cur, l, name, 3)
	if len(best) > 0 {
		b.WriteString("，相近的有：")
		b.WriteString(t.labels(cur, best))
		for _, id := range best {
			e.Candidates = append(e.Candidates, t.nodes[id].region())
		}
	}
	e.err = errs.E(errs.NotFound, "%s", b.String())
	return e
}

// place names node i for a message: its parent's name and its own, 通渭县 马营镇.
func (t *Tree) place(i int32) string {
	names := []string{t.nodes[i].name}
	if p := t.nodes[i].parent; p >= 0 {
		if pn := t.nodes[p].name; !placeholder(pn) {
			names = []string{pn, t.nodes[i].name}
		}
	}
	return strings.Join(names, " ")
}

// labels names the regions ids below node cur, separated by 、: each by its name preceded by
// those of its ancestors below cur (马营镇石滩村民委员会 under 通渭县).
func (t *Tree) labels(cur int32, ids []int32) string {
	out := make([]string, len(ids))
	for k, id := range ids {
		var parts []string
		for j := id; j >= 0 && j != cur; j = t.nodes[j].parent {
			if n := &t.nodes[j]; j == id || !placeholder(n.name) {
				parts = append(parts, n.name)
			}
		}
		slices.Reverse(parts)
		out[k] = strings.Join(parts, "")
	}
	return strings.Join(out, "、")
}

// Candidates returns up to n regions of the level below parent ("" for the whole country)
// whose names are closest to name, best first: fewest edits between the names without their
// suffixes, then most characters in common. Regions that share no character with name are
// left out. It returns nil when parent is not in the tree.
func (t *Tree) Candidates(parent Code, level Level, name string, n int) []Region {
	cur := int32(-1)
	if parent != "" {
		i, ok := t.find(parent)
		if !ok {
			return nil
		}
		cur = i
	}
	var out []Region
	for _, id := range t.candidates(cur, level, clean(name), n) {
		out = append(out, t.nodes[id].region())
	}
	return out
}

func (t *Tree) candidates(cur int32, l Level, name string, n int) []int32 {
	if n <= 0 || !l.Valid() || name == "" {
		return nil
	}
	type scored struct {
		id           int32
		dist, shared int
	}
	k, _ := key(l, name)
	want := []rune(k)
	var all []scored
	ix := t.indexOf(cur, l)
	for j, id := range ix.nodes {
		ck, _ := key(l, ix.names[j])
		have := []rune(ck)
		if s := shared(want, have); s > 0 {
			all = append(all, scored{id, editDistance(want, have), s})
		}
	}
	slices.SortFunc(all, func(a, b scored) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(b.shared, a.shared), cmp.Compare(a.id, b.id))
	})
	out := make([]int32, 0, min(n, len(all)))
	for _, s := range all[:min(n, len(all))] {
		out = append(out, s.id)
	}
	return out
}

// shared returns the number of characters a and b have in common, counted with multiplicity.
func shared(a, b []rune) int {
	used := make([]bool, len(b))
	n := 0
	for _, r := range a {
		for j, s := range b {
			if !used[j] && s == r {
				used[j] = true
				n++
				break
			}
		}
	}
	return n
}

// editDistance returns the Levenshtein distance between a and b.
func editDistance(a, b []rune) int {
	row := make([]int, len(b)+1)
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		prev := row[0]
		row[0] = i
		for j := 1; j <= len(b); j++ {
			cur := row[j]
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			row[j] = min(row[j]+1, row[j-1]+1, prev+cost)
			prev = cur
		}
	}
	return row[len(b)]
}

// nameIndex indexes the names of the regions of one level below one region.
type nameIndex struct {
	nodes []int32            // the regions, in code order
	names []string           // their cleaned names
	exact map[string][]int32 // cleaned name → regions
	key   map[string][]int32 // name without suffix → regions
}

// indexOf returns the index of the regions of level l below node cur (-1 for the country),
// building it on first use. Two goroutines may build the same index at once; one wins.
func (t *Tree) indexOf(cur int32, l Level) *nameIndex {
	slot := &t.index[cur+1]
	li := slot.Load()
	if li == nil {
		slot.CompareAndSwap(nil, new(levelIndexes))
		li = slot.Load()
	}
	if ix := li[l].Load(); ix != nil {
		return ix
	}
	ix := &nameIndex{exact: map[string][]int32{}, key: map[string][]int32{}}
	t.walk(cur, l, func(j int32) {
		name := clean(t.nodes[j].name)
		k, _ := key(l, name)
		ix.nodes = append(ix.nodes, j)
		ix.names = append(ix.names, name)
		ix.exact[name] = append(ix.exact[name], j)
		ix.key[k] = append(ix.key[k], j)
	})
	li[l].CompareAndSwap(nil, ix)
	return li[l].Load()
}

// match returns the regions of level l below node cur that name (cleaned) designates: those
// with that exact name, else those whose name without its suffix is the same (the suffix
// given picking a village or a residents' committee), else, above village level, the one
// region whose name starts with the same two characters and contains the others in order (临夏州
// for 临夏回族自治州).
func (t *Tree) match(cur int32, l Level, name string) []int32 {
	if !l.Valid() {
		return nil
	}
	ix := t.indexOf(cur, l)
	if ids := ix.exact[name]; len(ids) > 0 {
		return ids
	}
	k, kind := key(l, name)
	if ids := ix.key[k]; len(ids) > 0 {
		if len(ids) > 1 && kind != kindNone {
			var same []int32
			for _, id := range ids {
				if _, c := key(l, clean(t.nodes[id].name)); c == kind {
					same = append(same, id)
				}
			}
			if len(same) > 0 {
				return same
			}
		}
		return ids
	}
	if l == Village || utf8.RuneCountInString(name) < 2 {
		return nil
	}
	found := int32(-1)
	for j, have := range ix.names {
		if abbreviates(name, have) {
			if found >= 0 {
				return nil
			}
			found = ix.nodes[j]
		}
	}
	if found < 0 {
		return nil
	}
	return []int32{found}
}

// abbreviates reports whether short starts with the same two characters as long and has the
// rest of its characters in long, in order.
func abbreviates(short, long string) bool {
	for k := 0; k < 2; k++ {
		r1, n1 := utf8.DecodeRuneInString(short)
		r2, n2 := utf8.DecodeRuneInString(long)
		if r1 != r2 || n1 == 0 {
			return false
		}
		short, long = short[n1:], long[n2:]
	}
	for _, r := range short {
		i := strings.IndexRune(long, r)
		if i < 0 {
			return false
		}
		long = long[i+utf8.RuneLen(r):]
	}
	return true
}

// kind tells a village (村) from a residents' committee (居, 社区) by the suffix of its name.
type kind int8

const (
	kindNone kind = iota
	kindVillage
	kindResidents
)

type suffix struct {
	s    string
	kind kind
}

// suffixes are the usual endings of names at each level, longest first.
var suffixes = [Village + 1][]suffix{
	Province: {{"维吾尔自治区", 0}, {"特别行政区", 0}, {"壮族自治区", 0}, {"回族自治区", 0}, {"自治区", 0}, {"省", 0}, {"市", 0}},
	City:     {{"自治州", 0}, {"地区", 0}, {"市", 0}, {"盟", 0}},
	County:   {{"自治县", 0}, {"自治旗", 0}, {"林区", 0}, {"特区", 0}, {"县", 0}, {"区", 0}, {"市", 0}, {"旗", 0}},
	Township: {{"街道办事处", 0}, {"街道办", 0}, {"办事处", 0}, {"街道", 0}, {"苏木", 0}, {"镇", 0}, {"乡", 0}},
	Village: {
		{"社区居民委员会", kindResidents}, {"社区居委会", kindResidents}, {"村民委员会", kindVillage},
		{"居民委员会", kindResidents}, {"村委会", kindVillage}, {"居委会", kindResidents},
		{"委员会", kindNone}, {"社区", kindResidents}, {"村委", kindVillage}, {"居委", kindResidents},
		{"村", kindVillage},
	},
}

// key returns name without the suffix usual at level l, and the kind of that suffix. Village
// suffixes are removed repeatedly (张村村委会 and 张村 both give 张); a name is never reduced
// to nothing.
func key(l Level, name string) (string, kind) {
	if !l.Valid() {
		return name, kindNone
	}
	k := kindNone
	for {
		stripped := false
		for _, s := range suffixes[l] {
			if len(name) > len(s.s) && strings.HasSuffix(name, s.s) {
				name = name[:len(name)-len(s.s)]
				if k == kindNone {
					k = s.kind
				}
				stripped = true
				break
			}
		}
		if !stripped || l != Village {
			return name, k
		}
	}
}

// clean returns s without spaces, invisible characters and byte-order marks, with full-width
// ASCII characters made half-width. It does not allocate when s needs no change.
func clean(s string) string {
	ok := true
	for _, r := range s {
		if r == utf8.RuneError || unwanted(r) || isFullWidth(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unwanted(r):
		case isFullWidth(r):
			b.WriteRune(r - 0xFEE0)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unwanted(r rune) bool {
	return unicode.IsSpace(r) || r == '\ufeff' || (r >= '\u200b' && r <= '\u200f') || r == '\u2060' ||
		unicode.IsControl(r)
}

func isFullWidth(r rune) bool { return r >= '！' && r <= '～' }
