package idno

import (
	"strings"
	"unicode"
)

// maxPhoneDigits bounds the digits NormalizePhone reads: the longest international number has
// 15 digits, written with 00 before it.
const maxPhoneDigits = 17

// NormalizePhone returns the phone number raw holds in one spelling, so that the spellings of
// one number compare equal: "139 1234 5678", "139-1234-5678", "+86 139 1234 5678",
// "0086-13912345678", "8613912345678" and the same in full-width digits all give
// "13912345678".
//
// Spaces (full-width and no-break ones too), dashes and brackets are dropped. The country code
// of China is dropped (+86, 0086, or 86 before an 11-digit mobile number), and a landline
// written after it without its leading 0 gets the 0 back ("+86 932 1234567" gives
// "09321234567"). A number of another country keeps its code after a "+" ("00852 9123 4567"
// gives "+85291234567").
//
// It returns "" when raw holds no single phone number: a blank cell, words (无, 暂无), a
// number in scientific notation (see PhoneDamage), two numbers in one cell, or a domestic
// number of fewer than 7 or more than 12 digits. A valid mobile number (ValidMobile) comes
// back as it is, without the spaces around it.
func NormalizePhone(raw string) string {
	var buf [maxPhoneDigits]byte
	digits, plus := buf[:0], false
	for _, r := range raw {
		switch {
		case r >= '0' && r <= '9':
			if len(digits) == maxPhoneDigits {
				return ""
			}
			digits = append(digits, byte(r))
		case r >= '０' && r <= '９':
			if len(digits) == maxPhoneDigits {
				return ""
			}
			digits = append(digits, byte(r-'０'+'0'))
		case r == '+' || r == '＋':
			if plus || len(digits) > 0 {
				return ""
			}
			plus = true
		case phoneSeparator(r):
		default:
			return ""
		}
	}
	s := string(digits)
	if !plus && strings.HasPrefix(s, "00") {
		s, plus = s[2:], true
	}
	switch {
	case plus && strings.HasPrefix(s, "86"):
		// China: what follows is a domestic number, a landline without its trunk 0.
		s = s[2:]
		if strings.HasPrefix(s, "00") {
			return ""
		}
		if !mobileDigits(s) && !strings.HasPrefix(s, "0") {
			s = "0" + s
		}
	case plus:
		if len(s) < 7 || len(s) > 15 || s[0] == '0' {
			return ""
		}
		return "+" + s
	case len(s) == 13 && strings.HasPrefix(s, "86") && mobileDigits(s[2:]):
		s = s[2:]
	}
	if len(s) < 7 || len(s) > 12 {
		return ""
	}
	return s
}

// phoneSeparator reports whether r may stand between the digits of a phone number.
func phoneSeparator(r rune) bool {
	switch r {
	case '-', '－', '‐', '‑', '–', '—', '(', ')', '（', '）':
		return true
	}
	return unicode.IsSpace(r)
}

// mobileDigits reports whether s is 11 digits starting with 13 to 19.
func mobileDigits(s string) bool {
	return len(s) == 11 && allDigits(s) && s[0] == '1' && s[1] >= '3'
}
