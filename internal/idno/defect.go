package idno

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Defect is a problem Check finds in an ID or disability certificate number. Its value is a
// stable code that can be stored; Text gives its Chinese description.
type Defect string

// The defects Check reports.
const (
	Empty                 Defect = "empty"                   // no number at all
	Placeholder           Defect = "placeholder"             // starts with 999999
	BadLength             Defect = "bad_length"              // not 15, 18, 20 or 22 characters
	BadChars              Defect = "bad_chars"               // a character that cannot be there
	WrongCheck            Defect = "wrong_check"             // check character does not match
	BadBirthDate          Defect = "bad_birth_date"          // birth digits are no calendar date
	BirthBefore1900       Defect = "birth_before_1900"       // birth year before 1900
	BirthAfterRef         Defect = "birth_after_ref"         // birth date after the reference date
	Old15                 Defect = "old_15"                  // old 15-digit number
	BadDisabilityCategory Defect = "bad_disability_category" // digit 19 not 1–7
	BadDisabilityGrade    Defect = "bad_disability_grade"    // digit 20 not 1–4
	LostX                 Defect = "lost_x"                  // 17 digits whose check character is X
)

// Text returns a short description of the defect in Chinese.
func (d Defect) Text() string {
	switch d {
	case Empty:
		return "证件号码为空"
	case Placeholder:
		return "证件号码是以999999开头的占位号码"
	case BadLength:
		return "证件号码位数错误，应为18位（残疾人证号20或22位）"
	case BadChars:
		return "证件号码含有不应出现的字符"
	case WrongCheck:
		return "证件号码校验码错误"
	case BadBirthDate:
		return "证件号码中的出生日期不存在"
	case BirthBefore1900:
		return "证件号码中的出生年份早于1900年"
	case BirthAfterRef:
		return "证件号码中的出生日期晚于参考日期"
	case Old15:
		return "仍是15位旧身份证号码，应升级为18位"
	case BadDisabilityCategory:
		return "残疾人证号的残疾类别（第19位）应为1至7"
	case BadDisabilityGrade:
		return "残疾人证号的残疾等级（第20位）应为1至4"
	case LostX:
		return "证件号码只有17位，末位的X丢失了"
	default:
		return string(d)
	}
}

// Check returns every defect of raw, in the order of the constants, or nil when there is none.
// Surrounding spaces are ignored. An empty number or a placeholder yields that one defect
// alone, and a number of the wrong shape yields only BadLength and BadChars, since nothing more
// can be read from it; 17 digits whose check character would be X are read as the ID with its X
// restored and yield LostX instead of BadLength. A birth date after ref is a defect; a zero ref
// skips that test, and callers that allow births up to the end of the reference year pass
// 31 December.
func Check(raw string, ref time.Time) []Defect {
	s := strings.TrimSpace(raw)
	switch {
	case s == "":
		return []Defect{Empty}
	case strings.HasPrefix(s, "999999"):
		return []Defect{Placeholder}
	}

	lost := false
	if len(s) == 17 && allDigits(s) {
		if c, _ := CheckChar(s); c == 'X' {
			s += "X"
			lost = true
		}
	}

	var ds []Defect
	if !lengthOK(utf8.RuneCountInString(s)) {
		ds = append(ds, BadLength)
		for _, r := range s {
			if !isDigitOrX(r) {
				return append(ds, BadChars)
			}
		}
		return ds
	}
	if _, bad := badChar(s); bad {
		return append(ds, BadChars)
	}

	n := build(raw, s)
	if n.Kind != ID15 {
		if c, _ := CheckChar(n.ID[:17]); c != n.ID[17] {
			ds = append(ds, WrongCheck)
		}
	}
	switch {
	case n.Birth.IsZero():
		ds = append(ds, BadBirthDate)
	case n.Birth.Year() < 1900:
		ds = append(ds, BirthBefore1900)
	case !ref.IsZero() && afterDate(n.Birth, ref):
		ds = append(ds, BirthAfterRef)
	}
	if n.Kind == ID15 {
		ds = append(ds, Old15)
	}
	if n.Kind == Disability20 || n.Kind == Disability22 {
		if n.DisabilityCategory < 1 || n.DisabilityCategory > 7 {
			ds = append(ds, BadDisabilityCategory)
		}
		if n.DisabilityGrade < 1 || n.DisabilityGrade > 4 {
			ds = append(ds, BadDisabilityGrade)
		}
	}
	if lost {
		ds = append(ds, LostX)
	}
	return ds
}

// afterDate reports whether the calendar date of a is after that of b, each read in its own
// location, so a birth date in UTC compares with a reference date in local time by the day.
func afterDate(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	if ay != by {
		return ay > by
	}
	if am != bm {
		return am > bm
	}
	return ad > bd
}
