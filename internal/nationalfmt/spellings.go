package nationalfmt

import (
	"strings"
	"unicode"

	"github.com/gonggu/gonggu/internal/registry"
)

// Spellings are the other ways real files write a standard value, per column: the old national
// code lists, the 2021 and 2023 exports, county working sheets. The decoder reads a cell
// through its column's list before it checks the value against the national enumeration, so a
// spelling seen in real files is data, not a content defect; the import summary counts the
// cells it read this way. A spelling may stand for blank ("" : 在校生状况 非在校生 means "not a
// student"). The lists are keyed by canonical column name; the five risk columns and the
// un-numbered 致贫返贫风险 share 风险类型. Keys are compared the way headers are (full-width
// punctuation and spaces do not matter).
var Spellings = map[string]map[string]string{
	"性别": {"1": "男", "2": "女", "男性": "男", "女性": "女"},
	"户类型": {
		"一般脱贫户": registry.KindAlleviated, "低保脱贫户": registry.KindAlleviated,
		"特困供养脱贫户": registry.KindAlleviated, "低保特困供养贫困户": registry.KindAlleviated,
		"普通农户": registry.KindOrdinary, "一般户": registry.KindOrdinary,
	},
	"监测对象类别": {"边缘户": registry.MonEdge},
	"风险类型": {
		"务工就业不稳": "因务工就业不稳", "因产业项目失败": "因产业失败", "产业项目失败": "因产业失败",
		"因缺劳动力": "缺劳动力",
	},
	"实施开发式帮扶措施情况": {"是": "已实施", "否": "尚未实施"},
	"在校生状况": {
		"非在校生": "", "高中一年级": "普通高中一年级", "高中二年级": "普通高中二年级", "高中三年级": "普通高中三年级",
	},
	"文化程度":     {"大专及以上": "大专", "高中（含职业高中、技校）": "高中"},
	"是否享受低保":   {"城市低保": "是", "农村低保": "是", "未享受": "否", "不享受": "否"},
	"是否特困供养人员": {"城市特困": "是", "农村特困": "是", "未享受": "否", "不享受": "否"},
}

// Placeholders are what files write in a cell to say "nothing here". In every column but free
// text (names, addresses, employers) they read as blank; in a yes/no column 无 keeps its
// meaning of 否 (有/无 is a real yes/no pair).
var Placeholders = []string{"-", "--", "/", "\\", "—", "——", "－", "―", "–", "／", "＼", "无"}

// spellIndex is Spellings with normalized keys: column key → spelling → standard value.
var spellIndex = func() map[string]map[string]string {
	idx := make(map[string]map[string]string, len(Spellings))
	for col, m := range Spellings {
		n := make(map[string]string, len(m))
		for from, to := range m {
			n[normalizeValue(from)] = to
		}
		idx[col] = n
	}
	return idx
}()

var placeholderSet = func() map[string]bool {
	m := make(map[string]bool, len(Placeholders))
	for _, p := range Placeholders {
		m[p] = true
	}
	return m
}()

// IsPlaceholder reports whether a cell only says "nothing here".
func IsPlaceholder(v string) bool { return len(v) <= 6 && placeholderSet[v] }

// normalizeValue returns a cell in the form spellings are compared in: without spaces, with
// full-width letters, digits and punctuation made half-width.
func normalizeValue(s string) string {
	if normal(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			continue
		case r >= '！' && r <= '～':
			r -= 0xFEE0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// normal reports whether normalizeValue leaves s as it is: most cells, which it then need not
// copy.
func normal(s string) bool {
	for _, r := range s {
		if unicode.IsSpace(r) || (r >= '！' && r <= '～') {
			return false
		}
	}
	return true
}

// SpellKey returns the key of the column's list in Spellings.
func (c *Column) SpellKey() string {
	if c.Spell != "" {
		return c.Spell
	}
	return c.Name
}

// respell returns the standard value a cell's spelling stands for, and whether it is one.
func (c *Column) respell(v string) (string, bool) {
	m := spellIndex[c.SpellKey()]
	if m == nil {
		return "", false
	}
	std, ok := m[normalizeValue(v)]
	return std, ok
}

// HalfWidth returns s with full-width letters, digits and punctuation made half-width and
// ideographic spaces removed at its ends: what Chinese input methods put in number, date and
// key cells ("１２３").
func HalfWidth(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - 0xFEE0
		case r == '\u3000':
			return ' '
		}
		return r
	}, s))
}
