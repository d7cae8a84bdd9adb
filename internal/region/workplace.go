package region

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/errs"
)

// WorkArea is where a person works relative to the household's own village: the category the
// national checkers derive from 务工所在地 (and the old field 务工状况 stated directly). The
// zero WorkArea is no area: the person does not work away, or the cell is blank.
type WorkArea string

// The work areas, from nearest to farthest.
const (
	AreaTownship            WorkArea = "乡镇内"  // in the household's own township
	AreaCountyOtherTownship WorkArea = "县内乡外" // in another township of the household's county
	AreaCounty              WorkArea = "县内"   // in the household's county, township not known
	AreaProvince            WorkArea = "省内县外" // in another county of the household's province
	AreaOtherProvince       WorkArea = "省外"   // in another province
	AreaAbroad              WorkArea = "境外"   // abroad, Hong Kong, Macao and Taiwan included
)

// Label returns the area as a sentence fragment for a page or a report: 乡（镇）内,
// 乡（镇）外县内, 县内（乡镇不详）, 县外省内, 省外, 境外（含港澳台）; "" for the zero or an unknown
// area.
func (a WorkArea) Label() string {
	switch a {
	case AreaTownship:
		return "乡（镇）内"
	case AreaCountyOtherTownship:
		return "乡（镇）外县内"
	case AreaCounty:
		return "县内（乡镇不详）"
	case AreaProvince:
		return "县外省内"
	case AreaOtherProvince:
		return "省外"
	case AreaAbroad:
		return "境外（含港澳台）"
	}
	return ""
}

// Valid reports whether a is one of the six areas.
func (a WorkArea) Valid() bool { return a.Label() != "" }

// InCounty reports whether a is within the household's county: 乡镇内, 县内乡外 or 县内.
func (a WorkArea) InCounty() bool {
	return a == AreaTownship || a == AreaCountyOtherTownship || a == AreaCounty
}

// WorkArea returns where the place written in a 务工所在地 cell lies relative to home, the
// household's village code (a township or county code will do: with a county code, a place in
// the county is AreaCounty), and the code of the region the place names: "" for a category or
// a place abroad.
//
// The cell may hold:
//   - a place, whole or partial, as the 2023+ national export and county sheets write it:
//     浙江省宁波市鄞州区, 宁波市鄞州区, 宁波鄞州, 鄞州区, 广西南宁, 新疆, 内蒙古包头市, 上海浦东新区,
//     临夏州临夏县, 通渭县马营镇. Names are matched as Resolve matches them (suffixes optional or
//     different, full-width characters and spaces tolerated, 临夏州 for 临夏回族自治州);
//     separators and brackets between the names are ignored, and a leading 中国 too. A
//     township is looked for under a county or city written before it, and on its own only in
//     the household's county;
//   - a category of the old field 务工状况 (乡（镇）内务工, 乡（镇）外县内务工, 县外省内务工, 省外务工)
//     or of the county working sheets (乡镇内, 县内乡外, 县内, 省内县外, 县外省内, 省外, 境外);
//   - 国外, 境外, 海外, a foreign country, or 香港, 澳门, 台湾: AreaAbroad. Hong Kong, Macao and
//     Taiwan are part of China, not abroad, but they are outside the mainland and the national
//     checkers count work there as 境外, and so does gonggu.
//
// A name shared by several regions (城关区, 朝阳区) is taken in the household's county, else its
// city, else its province; failing that, a bare name that is a city's (西安) is that city, and
// anything else is an error listing the candidates. A place that names the household's own
// province or city without a county cannot tell 县内 from 省内县外: it is an error asking for
// the county, and so are 其他 and the categories that do not say which (县外, 省内).
//
// Text after a township (a village, a street) is an error, and so is a place that the tree
// does not hold (a tree from LoadArea knows only its area). An empty cell, or one written as
// blank (-, /, —, 无), gives ("", "", nil). Every error is errs.Invalid with a Chinese message
// that quotes the cell.
//
// WorkArea reads the tree's name indexes of the provinces, cities and counties (about 3,400
// names, built on first use and kept in the tree) and of the household's county, never the
// villages; it keeps no cache of its own: use a WorkAreaResolver for many cells.
func (t *Tree) WorkArea(place string, home Code) (WorkArea, Code, error) {
	return t.workplace(place, homeCounty(home)).finish(home)
}

// WorkAreaResolver resolves 务工所在地 cells as Tree.WorkArea does, caching each distinct cell
// per home county: screening a million households asks about a few thousand distinct values.
// It is safe for concurrent use.
type WorkAreaResolver struct {
	tree  *Tree
	max   int64        // entries the cache holds before it starts again
	cache sync.Map     // workKey → workplace
	size  atomic.Int64 // entries stored since the cache last started again
}

// maxWorkCache bounds the cache of a WorkAreaResolver; when it is full it starts again empty,
// so that a stream of distinct garbage cannot grow it without limit.
const maxWorkCache = 1 << 16

type workKey struct {
	place  string
	county string // the home county's 6 digits, "" when home is not a county or below
}

// NewWorkAreaResolver returns a resolver of 务工所在地 cells over the tree t.
func NewWorkAreaResolver(t *Tree) *WorkAreaResolver {
	return &WorkAreaResolver{tree: t, max: maxWorkCache}
}

// WorkArea is Tree.WorkArea with a cache.
func (r *WorkAreaResolver) WorkArea(place string, home Code) (WorkArea, Code, error) {
	k := workKey{place, homeCounty(home)}
	if v, ok := r.cache.Load(k); ok {
		return v.(workplace).finish(home)
	}
	w := r.tree.workplace(place, k.county)
	if r.size.Add(1) > r.max {
		r.cache.Clear()
		r.size.Store(1)
	}
	// The cell may be a slice of a large buffer that the cache must not keep alive.
	k.place = strings.Clone(place)
	r.cache.Store(k, w)
	return w.finish(home)
}

// workplace is what a cell says given the home county; finish completes it with the home
// township.
type workplace struct {
	area WorkArea
	code Code
	err  error
	// inCounty is set when code is a township of the home county: 乡镇内 or 县内乡外
	// depending on the home township.
	inCounty bool
}

func (w workplace) finish(home Code) (WorkArea, Code, error) {
	if w.err != nil {
		return "", "", w.err
	}
	if w.inCounty {
		switch {
		case home.Level() < Township:
			return AreaCounty, w.code, nil
		case w.code[:9] == home[:9]:
			return AreaTownship, w.code, nil
		default:
			return AreaCountyOtherTownship, w.code, nil
		}
	}
	return w.area, w.code, nil
}

// homeCounty returns the 6 digits of home's county, or "" when home is not a code of a county or
// a region below one.
func homeCounty(home Code) string {
	if home.Level() < County {
		return ""
	}
	return string(home[:6])
}

// maxPlaceLen bounds, in bytes after normalisation, the cells read as a place: the longest full
// name of a township is well under it.
const maxPlaceLen = 120

// workplace reads a cell for a household of the county whose 6 digits are county ("" when
// unknown).
func (t *Tree) workplace(place, county string) workplace {
	s := normalizePlace(place)
	if s == "" || s == "无" {
		return workplace{}
	}
	if a, ok := workCategories[strings.TrimSuffix(s, "务工")]; ok {
		if a == "" {
			return workplace{err: errs.E(errs.Invalid,
				"务工所在地「%s」没有说明在县内、省内还是省外，请写明务工所在的县区（如“浙江省宁波市鄞州区”），或填写乡镇内、县内乡外、省内县外、省外、境外", show(place))}
		}
		return workplace{area: a}
	}
	for _, p := range abroad {
		if strings.HasPrefix(s, p) {
			return workplace{area: AreaAbroad}
		}
	}
	s = strings.TrimPrefix(strings.TrimPrefix(s, "中华人民共和国"), "中国")
	if len(s) > maxPlaceLen {
		return workplace{err: errs.E(errs.Invalid, "务工所在地「%s」太长，不像地名：请写明务工所在的县区，如“浙江省宁波市鄞州区”", show(place))}
	}
	if county == "" {
		return workplace{err: errs.E(errs.Invalid, "无法判断务工所在地「%s」在县内还是县外：本户所在的行政区划未知", show(place))}
	}
	p := placeParse{t: t, s: s, county: county, homeCounty: -1, farNode: -1}
	if i, ok := t.find(pad(county)); ok {
		p.homeCounty = i
	}
	p.from(-1, 0, 0, scoreExact)
	if len(p.done) == 0 {
		return workplace{err: p.notFound(place)}
	}
	cands := p.choose()
	if len(cands) > 1 {
		return workplace{err: t.ambiguous(place, cands)}
	}
	return t.relate(place, t.nodes[cands[0]].code, county)
}

// relate returns where code lies relative to the home county.
func (t *Tree) relate(place string, c Code, county string) workplace {
	if string(c[:2]) != county[:2] {
		return workplace{area: AreaOtherProvince, code: c}
	}
	switch c.Level() {
	case Province:
		return workplace{err: errs.E(errs.Invalid,
			"务工所在地「%s」只写到本户所在的%s，分不出县内还是县外，请写明务工所在的市和县区", show(place), t.nameOf(c))}
	case City:
		switch {
		case c == pad(county):
			// A city without counties (东莞市) is its own county.
			return workplace{area: AreaCounty, code: c}
		case string(c[:4]) == county[:4]:
			return workplace{err: errs.E(errs.Invalid,
				"务工所在地「%s」只写到本户所在的%s，分不出县内还是县外，请写明务工所在的县区", show(place), t.nameOf(c))}
		}
		return workplace{area: AreaProvince, code: c}
	case County:
		if string(c[:6]) == county {
			return workplace{area: AreaCounty, code: c}
		}
		return workplace{area: AreaProvince, code: c}
	}
	if string(c[:6]) == county {
		return workplace{code: c, inCounty: true}
	}
	return workplace{area: AreaProvince, code: c}
}

func (t *Tree) nameOf(c Code) string {
	if i, ok := t.find(c); ok {
		return t.nodes[i].name
	}
	return string(c)
}

// placeParse reads a cell as a sequence of region names, each below the one before, from the
// province down to the township. It collects every complete reading.
type placeParse struct {
	t          *Tree
	s          string
	county     string // the home county's 6 digits
	homeCounty int32  // its node, -1 when the tree does not have it
	done       []parsed
	// The longest reading that stopped short after a name written whole (兰州市, not the
	// 城关 of 城关去), for the error message.
	farLen  int
	farNode int32
}

type parsed struct {
	node  int32
	score int // the sum of the match scores of the names: lower is closer to what was written
}

// Match scores: the exact name; the name without its suffix (宁波 for 宁波市); the name with
// another suffix of its level (吉林市 read as 吉林省), or an abbreviation that ends as the name
// does (临夏州 for 临夏回族自治州); another abbreviation (浦东 for 浦东新区).
const (
	scoreExact = iota
	scoreBare
	scoreOtherSuffix
	scoreAbbrev
)

// from reads p.s[at:] below node cur (-1 for the country), the names before it having scored
// score, the last one last.
func (p *placeParse) from(cur int32, at, score, last int) {
	if cur >= 0 && at > p.farLen && (last == scoreExact || last == scoreOtherSuffix) {
		p.farLen, p.farNode = at, cur
	}
	rest := p.s[at:]
	if rest == "" {
		if cur >= 0 {
			p.done = append(p.done, parsed{cur, score})
		}
		return
	}
	// Every match is at least two characters long and begins with the name's first two.
	_, n1 := utf8.DecodeRuneInString(rest)
	_, n2 := utf8.DecodeRuneInString(rest[n1:])
	if n2 == 0 {
		return
	}
	head := rest[:n1+n2]
	scan := func(scope int32, l Level) {
		ix := p.t.indexOf(scope, l)
		for j, name := range ix.names {
			if !strings.HasPrefix(name, head) {
				continue
			}
			id := ix.nodes[j]
			prefixMatches(l, name, rest, func(n, sc int) { p.from(id, at+n, score+sc, sc) })
		}
	}
	switch {
	case cur < 0:
		scan(-1, Province)
		scan(-1, City)
		scan(-1, County)
		// A township alone is looked for only in the household's own county.
		if p.homeCounty >= 0 {
			scan(p.homeCounty, Township)
		}
	case Level(p.t.nodes[cur].level) < Township:
		for l := Level(p.t.nodes[cur].level) + 1; l <= Township; l++ {
			// Below a province, a township must follow its county or city.
			if l-Level(p.t.nodes[cur].level) <= 2 {
				scan(cur, l)
			}
		}
	}
}

// prefixMatches calls yield with the length in bytes and the score of each way the beginning
// of rest can stand for name, a name of level l that starts with the same two characters.
func prefixMatches(l Level, name, rest string, yield func(n, score int)) {
	var seen [8]int
	ns := 0
	emit := func(n, score int) {
		if slices.Contains(seen[:ns], n) {
			return
		}
		if ns < len(seen) {
			seen[ns] = n
			ns++
		}
		yield(n, score)
	}
	if strings.HasPrefix(rest, name) {
		emit(len(name), scoreExact)
	}
	if k, _ := key(l, name); k != name && utf8.RuneCountInString(k) >= 2 && strings.HasPrefix(rest, k) {
		after := rest[len(k):]
		for _, sf := range suffixes[l] {
			if strings.HasPrefix(after, sf.s) {
				emit(len(k)+len(sf.s), scoreOtherSuffix)
			}
		}
		emit(len(k), scoreBare)
	}
	// abbreviates holds for a prefix of rest only if it holds for every shorter one of at
	// least two characters.
	_, n1 := utf8.DecodeRuneInString(rest)
	_, n2 := utf8.DecodeRuneInString(rest[n1:])
	last, _ := utf8.DecodeLastRuneInString(name)
	for i := n1 + n2; abbreviates(rest[:i], name); {
		if r, _ := utf8.DecodeLastRuneInString(rest[:i]); r == last {
			emit(i, scoreOtherSuffix)
		} else {
			emit(i, scoreAbbrev)
		}
		_, n := utf8.DecodeRuneInString(rest[i:])
		if n == 0 {
			break
		}
		i += n
	}
}

// choose returns the regions of the best readings that remain once the household's own
// county, city and province are preferred, regions inside another candidate dropped, and a
// city preferred to counties of the same name: one region, or the ambiguous ones.
func (p *placeParse) choose() []int32 {
	best := p.done[0].score
	for _, d := range p.done {
		best = min(best, d.score)
	}
	var cands []int32
	for _, d := range p.done {
		if d.score == best && !slices.Contains(cands, d.node) {
			cands = append(cands, d.node)
		}
	}
	slices.Sort(cands)
	if len(cands) == 1 {
		return cands
	}
	nodes := p.t.nodes
	for _, scope := range []string{p.county, p.county[:4], p.county[:2]} {
		in := slices.DeleteFunc(slices.Clone(cands), func(id int32) bool {
			return !strings.HasPrefix(string(nodes[id].code), scope)
		})
		if len(in) > 0 {
			cands = in
			break
		}
	}
	cands = slices.DeleteFunc(cands, func(id int32) bool {
		for _, other := range cands {
			if other != id && nodes[other].code.Contains(nodes[id].code) {
				return true
			}
		}
		return false
	})
	if len(cands) > 1 {
		top := nodes[cands[0]].level
		for _, id := range cands {
			top = min(top, nodes[id].level)
		}
		var at []int32
		for _, id := range cands {
			if nodes[id].level == top {
				at = append(at, id)
			}
		}
		if len(at) == 1 && Level(top) < County {
			return at
		}
	}
	return cands
}

// notFound explains why no reading of the cell covers all of it.
func (p *placeParse) notFound(place string) error {
	if p.farNode < 0 {
		return errs.E(errs.Invalid,
			"务工所在地「%s」不是可识别的地名：请写明务工所在的县区（如“浙江省宁波市鄞州区”），或填写乡镇内、县内乡外、省内县外、省外、境外", show(place))
	}
	n := &p.t.nodes[p.farNode]
	below := map[Level]string{Province: "市或县区", City: "县区", County: "乡镇（街道）"}[Level(n.level)]
	if below == "" {
		return errs.E(errs.Invalid, "务工所在地「%s」在%s之后还有无法识别的「%s」：写到县区或乡镇即可",
			show(place), p.t.FullName(n.code), show(p.s[p.farLen:]))
	}
	return errs.E(errs.Invalid, "务工所在地「%s」中的「%s」不是%s的%s，请检查名称",
		show(place), show(p.s[p.farLen:]), p.t.FullName(n.code), below)
}

// maxListed is how many candidates an ambiguity error lists.
const maxListed = 5

func (t *Tree) ambiguous(place string, ids []int32) error {
	what := "地方"
	l := t.nodes[ids[0]].level
	if !slices.ContainsFunc(ids, func(id int32) bool { return t.nodes[id].level != l }) {
		what = map[Level]string{Province: "省份", City: "市州", County: "县区", Township: "乡镇"}[Level(l)]
	}
	names := make([]string, 0, maxListed)
	for _, id := range ids[:min(len(ids), maxListed)] {
		names = append(names, t.FullName(t.nodes[id].code))
	}
	list := strings.Join(names, "、")
	if len(ids) > maxListed {
		list += " 等 " + strconv.Itoa(len(ids)) + " 个"
	}
	return errs.E(errs.Invalid, "务工所在地「%s」对应多个%s：%s，请写明省市", show(place), what, list)
}

// normalizePlace returns the cell as Resolve compares names (see clean), without the
// separators and brackets that may stand between names or around a part of them.
func normalizePlace(s string) string {
	s = clean(s)
	if strings.IndexFunc(s, separator) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if separator(r) {
			return -1
		}
		return r
	}, s)
}

func separator(r rune) bool {
	switch r {
	case '(', ')', '[', ']', '{', '}', '<', '>', '/', '\\', '|', '-', '_', ',', '.', ';', ':', '\'', '"',
		'【', '】', '《', '》', '〔', '〕', '、', '。', '·', '—', '–', '…', '“', '”', '‘', '’':
		return true
	}
	return false
}

// show returns a cell as an error message may quote it: valid UTF-8, printable, at most 30
// characters.
func show(s string) string {
	s = strings.TrimSpace(strings.ToValidUTF8(s, "\uFFFD"))
	s = strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > 30 {
		s = string([]rune(s)[:30]) + "…"
	}
	return s
}

// workCategories maps the categories written in place of a place, brackets and a trailing
// 务工 removed, to their area; "" marks the words that do not tell the area.
var workCategories = map[string]WorkArea{
	// 务工状况 (old exports) and the county working sheets.
	"乡镇内": AreaTownship, "乡内": AreaTownship, "镇内": AreaTownship,
	"本乡镇": AreaTownship, "本乡": AreaTownship, "本镇": AreaTownship, "本村": AreaTownship, "村内": AreaTownship,
	"乡镇外县内": AreaCountyOtherTownship, "乡外县内": AreaCountyOtherTownship,
	"县内乡外": AreaCountyOtherTownship, "县内乡镇外": AreaCountyOtherTownship,
	"县内": AreaCounty, "本县": AreaCounty, "县城": AreaCounty,
	"县外省内": AreaProvince, "省内县外": AreaProvince,
	"省外": AreaOtherProvince, "外省": AreaOtherProvince,
	"境外": AreaAbroad, "国外": AreaAbroad, "国境外": AreaAbroad, "海外": AreaAbroad, "出国": AreaAbroad,
	// Words that say the person works away without saying where.
	"其他": "", "其它": "", "县外": "", "省内": "", "外出": "", "外地": "", "本省": "", "本市": "",
	"市内": "", "市外": "", "乡外": "", "乡镇外": "", "不详": "", "未知": "",
}

// abroad are the beginnings of a cell that place work outside the mainland: the words for
// abroad, 港澳台 (counted as 境外 by the national checkers, see Tree.WorkArea) and the countries
// where rural workers of China go, in the names they are written with. No province, city or
// county of China begins with one of them (TestAbroadNames checks it); 蒙古 alone is left out,
// as it is often short for 内蒙古.
var abroad = []string{
	"国外", "境外", "海外", "出国",
	"香港", "澳门", "台湾", "中国香港", "中国澳门", "中国台湾",
	"日本", "韩国", "朝鲜", "蒙古国", "俄罗斯", "新加坡", "马来西亚", "印度", "印尼", "泰国", "越南", "老挝",
	"柬埔寨", "缅甸", "菲律宾", "文莱", "巴基斯坦", "孟加拉", "斯里兰卡", "尼泊尔", "哈萨克斯坦",
	"吉尔吉斯斯坦", "乌兹别克斯坦", "塔吉克斯坦", "土库曼斯坦", "阿富汗", "伊朗", "伊拉克", "沙特",
	"阿联酋", "阿拉伯联合酋长国", "迪拜", "卡塔尔", "科威特", "以色列", "土耳其", "约旦", "埃及",
	"阿尔及利亚", "安哥拉", "尼日利亚", "埃塞俄比亚", "肯尼亚", "坦桑尼亚", "赞比亚", "南非", "刚果",
	"苏丹", "加纳", "莫桑比克", "津巴布韦", "乌干达", "利比亚", "摩洛哥", "美国", "加拿大", "墨西哥",
	"巴西", "阿根廷", "秘鲁", "智利", "委内瑞拉", "英国", "法国", "德国", "意大利", "西班牙", "葡萄牙",
	"荷兰", "比利时", "瑞士", "瑞典", "挪威", "丹麦", "芬兰", "波兰", "捷克", "匈牙利", "希腊",
	"塞尔维亚", "白俄罗斯", "乌克兰", "澳大利亚", "澳洲", "新西兰", "巴布亚新几内亚",
}
