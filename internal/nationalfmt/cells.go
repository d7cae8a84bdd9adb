package nationalfmt

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/idno"
	"github.com/gonggu/gonggu/internal/registry"
)

// Problem is something wrong with a row: blocking when the row cannot be stored faithfully,
// otherwise a content defect that real national data contains, imported as it is and counted.
type Problem struct {
	Col      int    // table column, -1 when the problem is the row's
	Value    string // the cell as written
	Reason   string // in Chinese, for the cadre
	Blocking bool
	// Defect names a content defect for the import summary's counts ("" when blocking).
	Defect string
	// Spelled marks a note rather than a problem: the cell, Value, is written in one of the
	// spellings of its column (Spellings) and was read as Standard ("" when it means blank).
	Spelled  bool
	Standard string
}

// Field is one non-blank cell of a row, by table column.
type Field struct {
	Col   int
	Value string
}

// CleanCell trims a cell and removes the guards spreadsheets and csv exports put around
// numbers to keep them as text: a leading apostrophe, ="…" and a trailing tab. NUL bytes,
// which no database text holds, are dropped. Cleaning a clean cell changes nothing.
func CleanCell(s string) string {
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	for {
		t := strings.TrimFunc(s, isBlank)
		if len(t) >= 3 && t[0] == '=' && t[1] == '"' && t[len(t)-1] == '"' {
			t = t[2 : len(t)-1]
		} else if strings.HasPrefix(t, "'") {
			t = t[1:]
		}
		if t == s {
			return s
		}
		s = t
	}
}

func isBlank(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u3000' || r == '\u00a0' || r == '\ufeff' ||
		(r >= '\u200b' && r <= '\u200d')
}

// Fields returns the non-blank cells of a row that the header maps to table columns, cleaned
// with CleanCell, appended to buf.
func (h *Header) Fields(cells []string, buf []Field) []Field {
	for j, c := range cells {
		if j >= len(h.Cols) || h.Cols[j] < 0 || c == "" {
			continue
		}
		if v := CleanCell(c); v != "" {
			buf = append(buf, Field{h.Cols[j], v})
		}
	}
	return buf
}

// Decoder decodes rows of one table. It is not safe for concurrent use.
type Decoder struct {
	Table *Table
	// Ref is the reference date of the ID number checks (births after it are defects).
	Ref time.Time
	// DefaultYear is the year of income cells on rows without 年度.
	DefaultYear int
}

// Decode fills rec, which it resets first, from a row's fields and appends the row's problems
// to probs. The required keys are checked here: a member row without 户编号 or 人口编号 is
// blocking. Place names are left for the caller to resolve.
func (d *Decoder) Decode(fields []Field, rec *Record, probs []Problem) []Problem {
	*rec = Record{}
	t := d.Table
	for _, f := range fields {
		c := &t.Columns[f.Col]
		if c.Kind == Derived || c.Kind == Ignored {
			continue
		}
		if c.blanks(f.Value) {
			continue
		}
		if c.Level == LevelIncome && c.Kind == Money {
			rec.HasIncome = true
		}
		probs = c.decode(f.Col, rec, f.Value, d.Ref, probs)
	}
	if rec.Household.No == "" {
		probs = append(probs, Problem{Col: t.Column("户编号"), Reason: "户编号为空", Blocking: true})
	}
	if t == Members {
		if rec.Person.No == "" {
			probs = append(probs, Problem{Col: t.Column("人口编号"), Reason: "人口编号为空", Blocking: true})
		}
		rec.Person.HouseholdNo = rec.Household.No
		probs = crossCheck(rec, probs)
	}
	if t == Incomes {
		rec.HasIncome = true // a row of the income table is a year's income, blank cells 0
	}
	if rec.HasIncome {
		if rec.Income.Year == 0 {
			rec.Income.Year = d.DefaultYear
		}
		if rec.Income.Year == 0 {
			probs = append(probs, Problem{Col: t.Column("年度"), Reason: "有收入数据但未填年度", Blocking: true})
		}
		rec.Income.HouseholdNo = rec.Household.No
	}
	for _, r := range rec.Risks {
		if r != "" {
			rec.Household.RiskTypes = append(rec.Household.RiskTypes, r)
		}
	}
	return probs
}

// crossCheck appends the defects of a person whose birth date or gender disagrees with the ID.
func crossCheck(rec *Record, probs []Problem) []Problem {
	p := &rec.Person
	if p.IDNumber == "" {
		return probs
	}
	n, err := idno.Parse(p.IDNumber)
	if err != nil || n.Birth.IsZero() {
		return probs
	}
	if !p.Birth.IsZero() && !p.Birth.Time().Equal(n.Birth) {
		probs = append(probs, Problem{Col: Members.Column("出生日期"), Value: p.Birth.Compact(),
			Reason: "出生日期与证件号码中的出生日期 " + n.Birth.Format("20060102") + " 不符", Defect: "出生日期与证件号码不符"})
	}
	if (p.Gender == "男" || p.Gender == "女") && p.Gender != idno.Sex(n) {
		probs = append(probs, Problem{Col: Members.Column("性别"), Value: p.Gender,
			Reason: "性别与证件号码（第17位）不符", Defect: "性别与证件号码不符"})
	}
	return probs
}

// blanks reports whether a cell of the column is a placeholder that reads as blank: in every
// column (county sheets write "/" or "-" in 务工所在地 or 务工企业名称 for people who do not
// work, and 无 in measure cells), except 无 in a yes/no column, where it means 否.
func (c *Column) blanks(v string) bool {
	if v == "无" && (c.Kind == Flag || c.Kind == AlleviatedFlag) {
		return false
	}
	return IsPlaceholder(v)
}

// numeric reports whether the column's cells are numbers, dates or codes, whose full-width
// characters are read as half-width.
func (c *Column) numeric() bool {
	switch c.Kind {
	case Key, ID, Phone, Money, Date, Month, Count, Int, Float:
		return true
	}
	return false
}

// decode parses one non-blank cell into rec.
func (c *Column) decode(col int, rec *Record, v string, ref time.Time, probs []Problem) []Problem {
	if c.numeric() {
		if h := HalfWidth(v); h != v {
			// A full-width text marker (＇, ＝＂…＂) typed by an input method is the marker
			// CleanCell takes off in half-width: taken off the same way, so that what is read
			// is what the encoder writes back.
			if v = CleanCell(h); v == "" {
				return probs
			}
		}
	}
	if c.Kind == RiskList {
		return c.decodeRisks(col, rec, v, probs)
	}
	if std, ok := c.respell(v); ok {
		probs = append(probs, Problem{Col: col, Value: v, Spelled: true, Standard: std})
		if std == "" {
			return probs
		}
		v = std
	} else if c.Multi {
		v, probs = c.respellParts(col, v, probs)
	}
	bad := func(reason string) []Problem {
		return append(probs, Problem{Col: col, Value: v, Reason: reason, Blocking: true})
	}
	defect := func(kind, reason string) {
		probs = append(probs, Problem{Col: col, Value: v, Reason: reason, Defect: kind})
	}
	switch p := c.field(rec).(type) {
	case *string:
		switch c.Kind {
		case Key:
			if sciNotation(v) {
				return bad(c.Name + "被表格软件转成了科学计数法，编号已损坏，请把该列设为文本格式后重新导出")
			}
			if len(v) > 64 {
				return bad(c.Name + "超过64个字符")
			}
		case ID:
			if reason, damaged := idno.Damage(v); damaged {
				return bad(reason)
			}
			if len(v) > 64 {
				return bad("证件号码超过64个字符")
			}
			for _, d := range idno.Check(v, ref) {
				defect(d.Text(), d.Text())
			}
		case Phone:
			if reason, damaged := idno.PhoneDamage(v); damaged {
				return bad(reason)
			}
		case Enum:
			if !inEnum(c, v) {
				defect("「"+c.Name+"」不在全国标准取值中", "「"+v+"」不在「"+c.Name+"」的全国标准取值中")
			}
		case Gender:
			if v != "男" && v != "女" {
				defect("性别不是男或女", "性别「"+v+"」应为男或女")
			}
		case HouseholdKind:
			if !registry.In(householdKinds, v) {
				defect("「户类型」不在全国标准取值中", "户类型「"+v+"」应为脱贫户或一般农户")
			}
		case AlleviatedFlag:
			f, err := registry.ParseFlag(v)
			if err != nil {
				return bad("「" + v + "」不是「是」或「否」")
			}
			switch f {
			case registry.Yes:
				v = registry.KindAlleviated
			case registry.No:
				v = registry.KindOrdinary
			}
		}
		*p = v
	case *registry.Flag:
		f, err := registry.ParseFlag(v)
		if err != nil {
			return bad("「" + v + "」不是「是」或「否」")
		}
		*p = f
	case *registry.Money:
		m, err := registry.ParseMoney(v)
		if err != nil {
			return bad("「" + v + "」不是金额，应填数字（单位：元）")
		}
		*p = m
	case *registry.Stated:
		m, err := registry.ParseMoney(v)
		if err != nil {
			return bad("「" + v + "」不是金额，应填数字（单位：元）")
		}
		*p = registry.StatedOf(m)
	case *registry.Date:
		d, err := registry.ParseDate(v)
		if err != nil {
			if sciNotation(v) || (isNumber(v) && len(v) < 6) {
				return bad("「" + v + "」不是有效日期，应为 YYYYMMDD（如 19491231），可能被表格软件转成了数字")
			}
			return bad("「" + v + "」不是有效日期，应为 YYYYMMDD（如 19491231）")
		}
		*p = d
	case *registry.Month:
		m, err := registry.ParseMonth(v)
		// ParseMonth takes a full date back to 1800 but YYYYMM only from 1900: keep to what
		// the encoder can write back.
		if err == nil && m.Year() < 1900 {
			err = errs.E(errs.Invalid, "year before 1900")
		}
		if err != nil {
			return bad("「" + v + "」不是有效年月，应为 YYYYMM（如 202304）")
		}
		*p = m
	case *registry.Count:
		n, err := registry.ParseCount(v)
		if err != nil {
			return bad("「" + v + "」不是整数")
		}
		*p = n
	case *int:
		s := strings.TrimSuffix(strings.TrimSuffix(v, "年"), "人")
		n, err := registry.ParseCount(s)
		if err != nil {
			return bad("「" + v + "」不是整数")
		}
		if n.N < 0 || n.N > 100000 {
			return bad("「" + v + "」超出合理范围")
		}
		*p = n.N
	case *float64:
		f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSuffix(v, "平方米"), "㎡"), 64)
		if err != nil || f != f || f > 1e9 || f < -1e9 {
			return bad("「" + v + "」不是数字")
		}
		*p = f
	}
	return probs
}

// respellParts reads each value of a multi-valued cell through the column's spellings, and
// returns the cell with the standard values.
func (c *Column) respellParts(col int, v string, probs []Problem) (string, []Problem) {
	if spellIndex[c.SpellKey()] == nil {
		return v, probs
	}
	parts := registry.SplitMulti(v)
	changed := false
	for i, s := range parts {
		if std, ok := c.respell(s); ok {
			probs = append(probs, Problem{Col: col, Value: s, Spelled: true, Standard: std})
			parts[i], changed = std, true
		}
	}
	if !changed {
		return v, probs
	}
	return strings.Join(slices.DeleteFunc(parts, func(s string) bool { return s == "" }), ","), probs
}

// decodeRisks reads the single 致贫返贫风险 cell into the five risk columns: its values in
// order, each read through the risk spellings and checked against the national list.
func (c *Column) decodeRisks(col int, rec *Record, v string, probs []Problem) []Problem {
	n := 0
	for _, s := range registry.SplitMulti(v) {
		if IsPlaceholder(s) {
			continue
		}
		if std, ok := c.respell(s); ok {
			probs = append(probs, Problem{Col: col, Value: s, Spelled: true, Standard: std})
			if s = std; s == "" {
				continue
			}
		}
		if slices.Contains(rec.Risks[:n], s) {
			continue
		}
		if n == len(rec.Risks) {
			return append(probs, Problem{Col: col, Value: v, Blocking: true,
				Reason: "风险类型超过 5 个（全国系统每户最多 5 个），请核实后重新导出"})
		}
		if !registry.In(c.Enum, s) {
			probs = append(probs, Problem{Col: col, Value: s, Reason: "「" + s + "」不在「风险类型」的全国标准取值中",
				Defect: "「风险类型」不在全国标准取值中"})
		}
		rec.Risks[n] = s
		n++
	}
	return probs
}

func inEnum(c *Column, v string) bool {
	if !c.Multi {
		return registry.In(c.Enum, v)
	}
	parts := registry.SplitMulti(v)
	for _, s := range parts {
		if !registry.In(c.Enum, s) {
			return false
		}
	}
	return len(parts) > 0
}

// Format returns the cell the column writes for rec, in the form the decoder reads back.
func (c *Column) Format(rec *Record) string {
	if c.Level == LevelIncome && c.Kind == Money && !rec.HasIncome {
		return ""
	}
	if c.Kind == Ignored {
		return ""
	}
	switch p := c.field(rec).(type) {
	case *string:
		return *p
	case *[5]string:
		return strings.Join(slices.DeleteFunc(slices.Clone(p[:]), func(s string) bool { return s == "" }), ",")
	case *registry.Flag:
		return p.String()
	case *registry.Money:
		if c.Kind == Derived && !rec.HasNet {
			return ""
		}
		return p.Plain()
	case *registry.Stated:
		if !p.Given {
			return ""
		}
		return p.Amount.Plain()
	case *registry.Date:
		return p.Compact()
	case *registry.Month:
		return p.Compact()
	case *registry.Count:
		return p.String()
	case *int:
		if *p == 0 {
			return ""
		}
		return strconv.Itoa(*p)
	case *float64:
		if *p == 0 {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	return ""
}

// Blank reports whether the column's field of rec is blank: what Format writes as "".
func (c *Column) Blank(rec *Record) bool {
	if c.Level == LevelIncome && c.Kind == Money && !rec.HasIncome || c.Kind == Ignored {
		return true
	}
	switch p := c.field(rec).(type) {
	case *string:
		return *p == ""
	case *[5]string:
		return *p == [5]string{}
	case *registry.Flag:
		return *p == registry.Unknown
	case *registry.Money:
		return c.Kind == Derived && !rec.HasNet
	case *registry.Stated:
		return !p.Given
	case *registry.Date:
		return p.IsZero()
	case *registry.Month:
		return p.IsZero()
	case *registry.Count:
		return !p.Valid
	case *int:
		return *p == 0
	case *float64:
		return *p == 0
	}
	return true
}

// Same reports whether a and b hold the same value in the column's field.
func (c *Column) Same(a, b *Record) bool {
	switch p := c.field(a).(type) {
	case *string:
		return *p == *c.field(b).(*string)
	case *[5]string:
		return *p == *c.field(b).(*[5]string)
	case *registry.Flag:
		return *p == *c.field(b).(*registry.Flag)
	case *registry.Money:
		return *p == *c.field(b).(*registry.Money)
	case *registry.Stated:
		return *p == *c.field(b).(*registry.Stated)
	case *registry.Date:
		return p.Time().Equal(c.field(b).(*registry.Date).Time())
	case *registry.Month:
		return *p == *c.field(b).(*registry.Month)
	case *registry.Count:
		return *p == *c.field(b).(*registry.Count)
	case *int:
		return *p == *c.field(b).(*int)
	case *float64:
		return *p == *c.field(b).(*float64)
	}
	return true
}

// Numeric reports whether the column's cells are numbers in a spreadsheet (amounts, counts,
// years): the encoder writes them as number cells, everything else as text so that keys, ID
// numbers and phones keep every digit.
func (c *Column) Numeric() bool {
	switch c.Kind {
	case Money, Count, Int, Float:
		return true
	case Derived:
		_, ok := c.field(&Record{}).(*registry.Money)
		return ok
	}
	return false
}

// Copy copies the column's field from src to dst; a stated figure (纯收入, 人均纯收入) only when
// src states it.
func (c *Column) Copy(dst, src *Record) {
	switch d := c.field(dst).(type) {
	case *string:
		*d = *c.field(src).(*string)
	case *[5]string:
		*d = *c.field(src).(*[5]string)
	case *registry.Flag:
		*d = *c.field(src).(*registry.Flag)
	case *registry.Money:
		*d = *c.field(src).(*registry.Money)
	case *registry.Stated:
		// A figure left blank says nothing: it does not replace one another source states.
		if v := *c.field(src).(*registry.Stated); v.Given {
			*d = v
		}
	case *registry.Date:
		*d = *c.field(src).(*registry.Date)
	case *registry.Month:
		*d = *c.field(src).(*registry.Month)
	case *registry.Count:
		*d = *c.field(src).(*registry.Count)
	case *int:
		*d = *c.field(src).(*int)
	case *float64:
		*d = *c.field(src).(*float64)
	}
}

// sciNotation reports whether s is a number in scientific notation, as spreadsheets show long
// numbers: 6.21121E+17, 6,21121E+17.
func sciNotation(s string) bool {
	i := strings.IndexAny(s, "eE")
	if i <= 0 || i == len(s)-1 {
		return false
	}
	mant, exp := s[:i], strings.TrimPrefix(s[i+1:], "+")
	if exp == "" || !isDigits(exp) {
		return false
	}
	mant = strings.Replace(strings.Replace(mant, ".", "", 1), ",", "", 1)
	return mant != "" && isDigits(mant)
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
