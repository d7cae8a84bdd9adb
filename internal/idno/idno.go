// Package idno parses and checks resident ID numbers (GB 11643-1999), the old 15-digit numbers
// and the 20- and 22-character disability certificate numbers built on them, and recognises the
// damage spreadsheets do to such numbers on their way into an import.
package idno

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/errs"
)

// Kind says which form of number was parsed.
type Kind int

// The forms of number Parse accepts.
const (
	ID18         Kind = iota + 1 // resident ID number, 18 characters
	ID15                         // old resident ID number, 15 digits
	Disability20                 // disability certificate: ID + category + grade
	Disability22                 // disability certificate with 2 trailing characters
)

// String returns the Chinese name of the kind.
func (k Kind) String() string {
	switch k {
	case ID18:
		return "18位身份证号码"
	case ID15:
		return "15位旧身份证号码"
	case Disability20:
		return "20位残疾人证号"
	case Disability22:
		return "22位残疾人证号"
	default:
		return "未知"
	}
}

// Number is a parsed ID or disability certificate number.
type Number struct {
	// Raw is the input exactly as given to Parse.
	Raw string
	// ID is the 18-character resident ID part, with an upper-case X; an old 15-digit number is
	// upgraded to 18 characters.
	ID string
	// Kind is the form the input had.
	Kind Kind
	// AddressCode is the 6-digit address code: the county of hukou registration when the
	// number was issued, which boundary changes never update.
	AddressCode string
	// Birth is the birth date in UTC, or the zero time when the digits are not a calendar date.
	Birth time.Time
	// Male is true when the sequence number is odd.
	Male bool
	// DisabilityCategory and DisabilityGrade are digits 19 and 20 of a disability certificate
	// number, 0 for a plain ID number.
	DisabilityCategory, DisabilityGrade int
}

// weights are the GB 11643-1999 weights of the first 17 digits.
var weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// checkChars maps the weighted sum modulo 11 to the check character.
const checkChars = "10X98765432"

// CheckChar returns the check character ('0'–'9' or 'X') of the first 17 digits of an ID number.
func CheckChar(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, errs.E(errs.Invalid, "计算校验码需要17位数字，实际为%d位", utf8.RuneCountInString(first17))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if !isDigit(c) {
			return 0, errs.E(errs.Invalid, "计算校验码需要17位数字，第%d位不是数字", i+1)
		}
		sum += int(c-'0') * weights[i]
	}
	return checkChars[sum%11], nil
}

// Upgrade15 converts an old 15-digit ID number to 18 characters: it inserts the century "19"
// after the address code and appends the check character.
func Upgrade15(id15 string) (string, error) {
	if len(id15) != 15 || !allDigits(id15) {
		return "", errs.E(errs.Invalid, "15位旧身份证号码应为15位数字")
	}
	first17 := id15[:6] + "19" + id15[6:]
	c, err := CheckChar(first17)
	if err != nil {
		return "", err
	}
	return first17 + string(c), nil
}

// Parse reads an ID number, an old 15-digit number or a disability certificate number. It trims
// surrounding spaces and accepts a lower-case x. It fails only when the input does not have the
// shape of such a number (wrong length, a character out of place); a wrong check character, an
// impossible birth date or a disability digit out of range are left to Check.
func Parse(raw string) (Number, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return Number{}, errs.E(errs.Invalid, "证件号码为空")
	}
	if l := utf8.RuneCountInString(s); !lengthOK(l) {
		return Number{}, errs.E(errs.Invalid, "证件号码长度为%d位，应为18位（旧号码15位，残疾人证号20或22位）", l)
	}
	if i, ok := badChar(s); ok {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return Number{}, errs.E(errs.Invalid, "证件号码第%d位“%c”不是合法字符", i+1, r)
	}
	return build(raw, s), nil
}

// build reads s, a trimmed number whose shape lengthOK and badChar have accepted.
func build(raw, s string) Number {
	n := Number{Raw: raw}
	switch len(s) {
	case 15:
		n.Kind = ID15
		n.ID, _ = Upgrade15(s) // 15 digits, as badChar has seen
	case 18:
		n.Kind = ID18
	case 20:
		n.Kind = Disability20
	case 22:
		n.Kind = Disability22
	}
	if n.Kind != ID15 {
		n.ID = strings.ToUpper(s[:18])
	}
	if len(s) >= 20 {
		n.DisabilityCategory = int(s[18] - '0')
		n.DisabilityGrade = int(s[19] - '0')
	}
	n.AddressCode = n.ID[:6]
	n.Birth, _ = birthDate(n.ID)
	n.Male = (n.ID[16]-'0')%2 == 1
	return n
}

// lengthOK reports whether a number may have l characters.
func lengthOK(l int) bool { return l == 15 || l == 18 || l == 20 || l == 22 }

// badChar returns the offset of the first character that is out of place in s, whose length
// lengthOK has accepted. Every character before that offset is ASCII, so the offset is also the
// character's position.
func badChar(s string) (int, bool) {
	for i, r := range s {
		ok := false
		switch {
		case r >= utf8.RuneSelf:
		case i < 17 || i == 18 || i == 19:
			ok = isDigit(byte(r))
		case i == 17:
			ok = isDigitOrX(r)
		default: // the two kept-but-ignored characters of a 22-character certificate number
			ok = isAlnum(byte(r))
		}
		if !ok {
			return i, true
		}
	}
	return 0, false
}

// birthDate reads the birth date of an 18-character ID. ok is false when the digits are not a
// calendar date.
func birthDate(id string) (time.Time, bool) {
	y, m, d := atoi(id[6:10]), atoi(id[10:12]), atoi(id[12:14])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// Make builds a valid 18-character ID number from an address code, a birth date and a sequence
// number 0–999 whose parity gives the sex (odd is male). A division code longer than 6 digits is
// cut to its first 6. Make is for generators: it panics when address has fewer than 6 leading
// digits, when seq is out of range or when the birth year has more than 4 digits.
func Make(address string, birth time.Time, seq int) string {
	if len(address) < 6 || !allDigits(address[:6]) {
		panic(fmt.Sprintf("idno.Make: address code %q is not 6 digits", address))
	}
	if seq < 0 || seq > 999 {
		panic(fmt.Sprintf("idno.Make: sequence %d is not in 0–999", seq))
	}
	y, m, d := birth.Date()
	if y < 0 || y > 9999 {
		panic(fmt.Sprintf("idno.Make: birth year %d does not fit 4 digits", y))
	}
	first17 := fmt.Sprintf("%s%04d%02d%02d%03d", address[:6], y, int(m), d, seq)
	c, _ := CheckChar(first17) // 17 digits by construction
	return first17 + string(c)
}

// Age returns the age in completed years at ref, reading both as calendar dates. Someone born on
// 29 February becomes a year older on 1 March in a common year. The age is negative when ref is
// before the birth date.
func Age(birth, ref time.Time) int {
	by, bm, bd := birth.Date()
	ry, rm, rd := ref.Date()
	age := ry - by
	if rm < bm || (rm == bm && rd < bd) {
		age--
	}
	return age
}

// Sex returns "男" or "女" from the sequence number of n, or "" for a Number that Parse did not
// fill.
func Sex(n Number) string {
	switch {
	case n.ID == "":
		return ""
	case n.Male:
		return "男"
	default:
		return "女"
	}
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isAlnum(c byte) bool {
	return isDigit(c) || ('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z')
}

func isDigitOrX(r rune) bool { return ('0' <= r && r <= '9') || r == 'X' || r == 'x' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// atoi reads a string of ASCII digits the caller has already checked.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
