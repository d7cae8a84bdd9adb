package registry

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
)

// Flag is a yes/no cell of the national export (是/否) that may also be blank. Blank and 否 are
// different facts: several data-quality checks flag a blank where a value is required.
type Flag int8

// The values of a Flag.
const (
	Unknown Flag = iota
	Yes
	No
)

// ParseFlag reads a yes/no cell. Besides 是/否 it takes the forms spreadsheets produce.
func ParseFlag(s string) (Flag, error) {
	switch strings.TrimSpace(s) {
	case "":
		return Unknown, nil
	case "是", "Y", "y", "1", "有", "TRUE", "true", "√":
		return Yes, nil
	case "否", "N", "n", "0", "无", "FALSE", "false", "×":
		return No, nil
	}
	return Unknown, errs.E(errs.Invalid, "「%s」不是是/否", s)
}

// String returns 是, 否 or "" as the national export writes them.
func (f Flag) String() string {
	switch f {
	case Yes:
		return "是"
	case No:
		return "否"
	}
	return ""
}

// Value stores a flag as 1, 0 or NULL.
func (f Flag) Value() (driver.Value, error) {
	switch f {
	case Yes:
		return int64(1), nil
	case No:
		return int64(0), nil
	}
	return nil, nil
}

// Scan reads a flag stored by Value.
func (f *Flag) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*f = Unknown
	case int64:
		*f = No
		if v != 0 {
			*f = Yes
		}
	case int32:
		return f.Scan(int64(v))
	case int16:
		return f.Scan(int64(v))
	case bool:
		*f = No
		if v {
			*f = Yes
		}
	default:
		return fmt.Errorf("registry.Flag: cannot scan %T", src)
	}
	return nil
}

// Money is an amount in fen (分), so that sums of yuan amounts with two decimals are exact.
type Money int64

// Yuan returns a Money from whole yuan.
func Yuan(y int64) Money { return Money(y * 100) }

// ParseMoney reads an amount in yuan such as "6850", "6,850.50" or "６８５０". Blank is zero.
func ParseMoney(s string) (Money, error) {
	s = strings.TrimSpace(normalizeDigits(s))
	s = strings.ReplaceAll(s, ",", "")
	s = strings.TrimSuffix(s, "元")
	if s == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f || f > 1e12 || f < -1e12 {
		return 0, errs.E(errs.Invalid, "「%s」不是金额", s)
	}
	if f < 0 {
		return Money(f*100 - 0.5), nil
	}
	return Money(f*100 + 0.5), nil
}

// Yuan returns the amount in yuan.
func (m Money) Yuan() float64 { return float64(m) / 100 }

// String formats the amount in yuan with thousands separators and at most two decimals, as
// explanations show it: "6,850" or "6,850.5".
func (m Money) String() string {
	neg := m < 0
	if neg {
		m = -m
	}
	whole, frac := int64(m)/100, int64(m)%100
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(Thousands(whole))
	if frac != 0 {
		fs := fmt.Sprintf(".%02d", frac)
		b.WriteString(strings.TrimRight(fs, "0"))
	}
	return b.String()
}

// Thousands formats a whole number with thousands separators: 1234567 → "1,234,567".
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	digits := strings.TrimPrefix(s, "-")
	var b strings.Builder
	if len(digits) < len(s) {
		b.WriteByte('-')
	}
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Plain formats the amount in yuan without separators, as a spreadsheet cell: "6850.5".
func (m Money) Plain() string {
	s := strconv.FormatFloat(m.Yuan(), 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// Date is a calendar date without time zone, stored as "YYYY-MM-DD". The zero Date is blank.
type Date struct{ t time.Time }

// NewDate returns the date of y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// DateOf returns the calendar date of t in its own location.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	return NewDate(t.Date())
}

// ParseDate reads the date forms national exports use: 2006-01-02, 2006/1/2, 20060102,
// 2006年1月2日 and 2006.01.02. Blank is the zero Date. An impossible date is an error.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(normalizeDigits(s))
	if s == "" {
		return Date{}, nil
	}
	y, m, d, ok := splitDate(s)
	if !ok {
		return Date{}, errs.E(errs.Invalid, "「%s」不是日期", s)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1800 || y > 2200 || t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return Date{}, errs.E(errs.Invalid, "「%s」不是有效日期", s)
	}
	return Date{t}, nil
}

func splitDate(s string) (y, m, d int, ok bool) {
	if len(s) == 8 && allDigits(s) {
		y, _ = strconv.Atoi(s[:4])
		m, _ = strconv.Atoi(s[4:6])
		d, _ = strconv.Atoi(s[6:])
		return y, m, d, true
	}
	s = strings.TrimSuffix(s, "日")
	// A datetime from a spreadsheet carries a time part; the date is what counts.
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i]
	}
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' || r == '年' || r == '月' })
	if len(f) != 3 || len(f[0]) != 4 || len(f[1]) > 2 || len(f[2]) > 2 {
		return 0, 0, 0, false
	}
	var err1, err2, err3 error
	y, err1 = strconv.Atoi(f[0])
	m, err2 = strconv.Atoi(f[1])
	d, err3 = strconv.Atoi(f[2])
	return y, m, d, err1 == nil && err2 == nil && err3 == nil
}

// storedDate reads the stored form "YYYY-MM-DD" without the general parser: the registry scan
// reads millions of them.
func storedDate(s string) (time.Time, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !allDigits(s[:4]) || !allDigits(s[5:7]) || !allDigits(s[8:]) {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1800 || t.Month() != time.Month(m) || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// IsZero reports whether the date is blank.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns the date at midnight UTC.
func (d Date) Time() time.Time { return d.t }

// String returns "YYYY-MM-DD", or "" for a blank date.
func (d Date) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// Compact returns "YYYYMMDD" as the national export writes birth dates.
func (d Date) Compact() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format("20060102")
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// Value stores a date as text, or NULL when blank.
func (d Date) Value() (driver.Value, error) {
	if d.t.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a date stored by Value.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		if t, ok := storedDate(v); ok {
			*d = Date{t}
			return nil
		}
		p, err := ParseDate(v)
		*d = p
		return err
	case []byte:
		return d.Scan(string(v))
	case time.Time:
		*d = DateOf(v)
		return nil
	}
	return fmt.Errorf("registry.Date: cannot scan %T", src)
}

// Month is a calendar month, as the national export writes monitoring dates (YYYYMM). The zero
// Month is blank.
type Month struct{ y, m int }

// NewMonth returns the month m of year y.
func NewMonth(y int, m time.Month) Month { return Month{y, int(m)} }

// MonthOf returns the month of t.
func MonthOf(t time.Time) Month { return Month{t.Year(), int(t.Month())} }

// ParseMonth reads 202304, 2023-04, 2023/4, 2023年4月 or a full date (whose day is dropped).
func ParseMonth(s string) (Month, error) {
	s = strings.TrimSpace(normalizeDigits(s))
	if s == "" {
		return Month{}, nil
	}
	if len(s) == 6 && allDigits(s) {
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[4:])
		return checkMonth(s, y, m)
	}
	if d, err := ParseDate(s); err == nil {
		return checkMonth(s, d.t.Year(), int(d.t.Month()))
	}
	f := strings.FieldsFunc(strings.TrimSuffix(s, "月"), func(r rune) bool { return r == '-' || r == '/' || r == '.' || r == '年' })
	if len(f) == 2 && len(f[0]) == 4 && len(f[1]) <= 2 && allDigits(f[0]) && allDigits(f[1]) {
		y, _ := strconv.Atoi(f[0])
		m, _ := strconv.Atoi(f[1])
		return checkMonth(s, y, m)
	}
	return Month{}, errs.E(errs.Invalid, "「%s」不是年月", s)
}

func checkMonth(s string, y, m int) (Month, error) {
	if y < 1900 || y > 2200 || m < 1 || m > 12 {
		return Month{}, errs.E(errs.Invalid, "「%s」不是有效年月", s)
	}
	return Month{y, m}, nil
}

// IsZero reports whether the month is blank.
func (m Month) IsZero() bool { return m.y == 0 }

// Year returns the year.
func (m Month) Year() int { return m.y }

// Index returns a number that grows by one each month, for month arithmetic.
func (m Month) Index() int { return m.y*12 + m.m - 1 }

// MonthsUntil returns the number of whole months from m to n (negative when n is earlier).
func (m Month) MonthsUntil(n Month) int { return n.Index() - m.Index() }

// First returns the first day of the month.
func (m Month) First() Date { return NewDate(m.y, time.Month(m.m), 1) }

// String returns "YYYY-MM", or "" when blank.
func (m Month) String() string {
	if m.y == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", m.y, m.m)
}

// Compact returns "YYYYMM" as the national export writes it.
func (m Month) Compact() string {
	if m.y == 0 {
		return ""
	}
	return fmt.Sprintf("%04d%02d", m.y, m.m)
}

// Value stores the month as "YYYY-MM", or NULL when blank.
func (m Month) Value() (driver.Value, error) {
	if m.y == 0 {
		return nil, nil
	}
	return m.String(), nil
}

// Scan reads a month stored by Value.
func (m *Month) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*m = Month{}
		return nil
	case string:
		// The stored form "YYYY-MM" is read without the general parser, which tries dates first.
		if len(v) == 7 && v[4] == '-' && allDigits(v[:4]) && allDigits(v[5:]) {
			y, _ := strconv.Atoi(v[:4])
			mo, _ := strconv.Atoi(v[5:])
			if p, err := checkMonth(v, y, mo); err == nil {
				*m = p
				return nil
			}
		}
		p, err := ParseMonth(v)
		*m = p
		return err
	case []byte:
		return m.Scan(string(v))
	}
	return fmt.Errorf("registry.Month: cannot scan %T", src)
}

// Count is a whole number that may be blank, such as 务工时间（月）: blank and 0 are different
// facts for the checks on work months.
type Count struct {
	N     int
	Valid bool
}

// CountOf returns a non-blank Count.
func CountOf(n int) Count { return Count{n, true} }

// ParseCount reads a whole number; blank is a blank Count. "6.0" is taken as 6, since
// spreadsheets store whole numbers as floats.
func ParseCount(s string) (Count, error) {
	s = strings.TrimSpace(normalizeDigits(s))
	if s == "" {
		return Count{}, nil
	}
	if n, err := strconv.Atoi(s); err == nil {
		return CountOf(n), nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == float64(int(f)) && f > -1e6 && f < 1e6 {
		return CountOf(int(f)), nil
	}
	return Count{}, errs.E(errs.Invalid, "「%s」不是整数", s)
}

// String returns the number, or "" when blank.
func (c Count) String() string {
	if !c.Valid {
		return ""
	}
	return strconv.Itoa(c.N)
}

// Value stores the count, or NULL when blank.
func (c Count) Value() (driver.Value, error) {
	if !c.Valid {
		return nil, nil
	}
	return int64(c.N), nil
}

// Scan reads a count stored by Value.
func (c *Count) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c = Count{}
	case int64:
		*c = CountOf(int(v))
	case int32:
		*c = CountOf(int(v))
	case int16:
		*c = CountOf(int(v))
	default:
		return fmt.Errorf("registry.Count: cannot scan %T", src)
	}
	return nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// normalizeDigits turns full-width digits and punctuation, which Chinese input methods produce,
// into their ASCII forms.
func normalizeDigits(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return strings.Map(func(r rune) rune {
				switch {
				case r >= '０' && r <= '９':
					return '0' + (r - '０')
				case r == '．':
					return '.'
				case r == '，':
					return ','
				case r == '－':
					return '-'
				case r == '／':
					return '/'
				case r == '\u3000':
					return ' '
				}
				return r
			}, s)
		}
	}
	return s
}
