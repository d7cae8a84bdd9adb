// Package region holds China's administrative divisions: the 12-digit statistical division
// codes (province 2 + prefecture 2 + county 2 + township 3 + village 3 digits), the tree of
// all 665,271 regions from province to village, built from the National Bureau of Statistics
// codes embedded in the package, and the resolution of the names in a spreadsheet (省 市 县 乡
// 村) to a code.
//
// Every row of gonggu that belongs to a place carries a Code, and a region's subtree is the set
// of codes that start with its Prefix.
package region

import (
	"strings"

	"github.com/gonggu/gonggu/internal/errs"
)

// Level is the level of a region in the tree, from Province (1) down to Village (5). The zero
// Level is not a level: it is what an invalid Code has.
type Level int

// The five levels of the division codes.
const (
	Province Level = iota + 1 // 省级: province, autonomous region, municipality
	City                      // 地级: prefecture-level city, prefecture, league
	County                    // 县级: county, district, county-level city, banner
	Township                  // 乡级: township, town, subdistrict
	Village                   // 村级: village or residents' committee
)

var prefixLens = [...]int{0, 2, 4, 6, 9, 12}

// String returns the level's short Chinese name: 省, 市, 县, 乡 or 村 ("未知" for an invalid
// level).
func (l Level) String() string {
	switch l {
	case Province:
		return "省"
	case City:
		return "市"
	case County:
		return "县"
	case Township:
		return "乡"
	case Village:
		return "村"
	}
	return "未知"
}

// PrefixLen returns the number of significant digits of a code at the level: 2, 4, 6, 9 or
// 12, and 0 for an invalid level.
func (l Level) PrefixLen() int {
	if l < Province || l > Village {
		return 0
	}
	return prefixLens[l]
}

// Valid reports whether l is one of the five levels.
func (l Level) Valid() bool { return l >= Province && l <= Village }

// Code is a division code in its 12-digit form: 620000000000 for 甘肃省 (62), 621100000000 for
// 定西市 (6211), 621121000000 for 通渭县, 621121100000 for a township, 621121100201 for a
// village. Build one with ParseCode; the zero Code is no region, and the methods of a Code
// that is not 12 digits report level 0 and an empty parent.
type Code string

// ParseCode parses a division code of 2, 4, 6, 9 or 12 digits (surrounding spaces and
// full-width digits are tolerated) and returns its 12-digit form. A shorter code may be given
// padded with zeros ("620000" is the province 62), as long as it has one of those lengths.
func ParseCode(s string) (Code, error) {
	t := strings.TrimSpace(s)
	var b [12]byte
	n := 0
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
		case r >= '０' && r <= '９':
			r = r - '０' + '0'
		default:
			return "", errs.E(errs.Invalid, "行政区划代码「%s」无效：只能包含数字", s)
		}
		if n == len(b) {
			return "", errs.E(errs.Invalid, "行政区划代码「%s」无效：应为 2、4、6、9 或 12 位数字", s)
		}
		b[n] = byte(r)
		n++
	}
	switch n {
	case 2, 4, 6, 9, 12:
	case 0:
		return "", errs.E(errs.Invalid, "行政区划代码为空")
	default:
		return "", errs.E(errs.Invalid, "行政区划代码「%s」无效：应为 2、4、6、9 或 12 位数字，实际为 %d 位", s, n)
	}
	for i := n; i < len(b); i++ {
		b[i] = '0'
	}
	if b[0] == '0' && b[1] == '0' {
		return "", errs.E(errs.Invalid, "行政区划代码「%s」无效：省级代码不能为 00", s)
	}
	return Code(b[:]), nil
}

// Level returns the level of the code: the level of its last segment that is not zero. It
// returns 0 when c is not a 12-digit code with a non-zero province.
func (c Code) Level() Level {
	if !c.wellFormed() {
		return 0
	}
	for l := Village; l > Province; l-- {
		if strings.Trim(string(c[prefixLens[l-1]:prefixLens[l]]), "0") != "" {
			return l
		}
	}
	return Province
}

func (c Code) wellFormed() bool {
	if len(c) != 12 || c[:2] == "00" {
		return false
	}
	for i := 0; i < len(c); i++ {
		if c[i] < '0' || c[i] > '9' {
			return false
		}
	}
	return true
}

// Prefix returns the significant digits of the code, as many as its level has: "62",
// "6211", "621121", "621121100" or "621121100201". Every code in the region's subtree starts
// with it. It returns "" for an invalid code.
func (c Code) Prefix() string {
	return string(c[:c.Level().PrefixLen()])
}

// Parent returns the code of the region directly above c, or "" for a province or an invalid
// code. A region whose level is skipped in the tree (东莞市 has townships and no counties) is
// the parent of the level below it: the parent of 441900003000 is 441900000000.
func (c Code) Parent() Code {
	l := c.Level()
	if l <= Province {
		return ""
	}
	return pad(string(c[:prefixLens[l-1]]))
}

// County returns the code of the county that c belongs to (c itself for a county), or "" when
// c is above county level or invalid.
func (c Code) County() Code {
	if c.Level() < County {
		return ""
	}
	return pad(string(c[:6]))
}

// Up returns the code of c's ancestor at the given level (c itself at its own level), or ""
// when l is not above or at c's level.
func (c Code) Up(l Level) Code {
	if cl := c.Level(); !l.Valid() || l > cl {
		return ""
	} else if l == cl {
		return c
	}
	return pad(string(c[:l.PrefixLen()]))
}

// Contains reports whether other is c or a region below c, that is whether other's code starts
// with c's prefix. Invalid codes contain nothing and are in nothing.
func (c Code) Contains(other Code) bool {
	p := c.Prefix()
	return p != "" && other.Level() != 0 && strings.HasPrefix(string(other), p)
}

// String returns the 12-digit code.
func (c Code) String() string { return string(c) }

// pad returns the 12-digit form of a code prefix of at most 12 digits.
func pad(p string) Code {
	return Code(p + "000000000000"[len(p):])
}
