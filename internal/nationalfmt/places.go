package nationalfmt

import (
	"errors"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

// Places resolves the place of member rows to 12-digit village codes through the region
// tree, remembering the answers: the rows of a file repeat a few hundred places. It is not safe
// for concurrent use.
type Places struct {
	Tree  *region.Tree
	cache map[placeKey]placeAnswer
}

type placeKey struct {
	names [5]string
	code  string
}

type placeAnswer struct {
	village string
	prob    *Problem
}

// Resolve returns the village code of a member row, or the blocking problem that prevents it.
// A valid village code in the division-code column wins over the names, which may be spelled
// in ways the tree does not know, unless the names resolve to another village: then the row
// contradicts itself. Without a usable code the names must resolve to a village; the problem
// then names the closest candidates.
func (p *Places) Resolve(rec *Record) (string, *Problem) {
	k := placeKey{rec.Place, rec.Code}
	if a, ok := p.cache[k]; ok {
		return a.village, a.prob
	}
	v, prob := p.resolve(rec)
	if p.cache == nil || len(p.cache) > 50000 {
		p.cache = map[placeKey]placeAnswer{}
	}
	p.cache[k] = placeAnswer{v, prob}
	return v, prob
}

func (p *Places) resolve(rec *Record) (string, *Problem) {
	t := Members
	names := region.Names{Province: rec.Place[0], City: rec.Place[1], County: rec.Place[2],
		Township: rec.Place[3], Village: rec.Place[4]}
	given := names != region.Names{}
	var byName region.Code
	var nameErr error
	if given {
		byName, nameErr = p.Tree.Resolve(names)
		if nameErr == nil && byName.Level() != region.Village {
			nameErr = errs.E(errs.Invalid, "未填写村（%s 以下的村级名称）", p.Tree.FullName(byName))
		}
	}
	codeCol := t.Column("行政区划代码")
	if rec.Code != "" {
		c, err := region.ParseCode(rec.Code)
		switch {
		case err == nil && c.Level() == region.Village && p.Tree.Has(c):
			if given && nameErr == nil && byName != c {
				return "", &Problem{Col: codeCol, Value: rec.Code, Blocking: true,
					Reason: "行政区划代码 " + string(c) + "（" + p.Tree.FullName(c) + "）与省市县乡村名称（" + p.Tree.FullName(byName) + "）不符"}
			}
			return string(c), nil
		case !given || nameErr != nil:
			reason := "行政区划代码「" + rec.Code + "」不是已知的12位村级代码"
			if err != nil {
				reason = errs.Message(err)
			}
			if given {
				reason += "，且" + errs.Message(nameErr)
			}
			return "", &Problem{Col: codeCol, Value: rec.Code, Blocking: true, Reason: reason}
		}
		return string(byName), nil
	}
	if !given {
		return "", &Problem{Col: t.Column("村"), Blocking: true, Reason: "未填写所在地（省、市、县、乡、村）"}
	}
	if nameErr != nil {
		col := t.Column("村")
		var re *region.ResolveError
		if errors.As(nameErr, &re) && re.Level.Valid() {
			col = t.Column([]string{"省", "市", "县", "乡", "村"}[re.Level-1])
		}
		return "", &Problem{Col: col, Value: rec.Place[t.Columns[col].placeIndex()], Blocking: true, Reason: errs.Message(nameErr)}
	}
	return string(byName), nil
}

// placeIndex returns the index in Record.Place of a place column.
func (c *Column) placeIndex() int {
	for i, n := range []string{"省", "市", "县", "乡", "村"} {
		if c.Name == n {
			return i
		}
	}
	return 4
}
