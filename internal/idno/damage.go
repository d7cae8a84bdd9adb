package idno

import "strings"

// Damage reports whether raw is an ID or disability certificate number that a spreadsheet has
// turned into a number, and says in Chinese what happened. Two kinds of damage are recognised:
// scientific notation ("4.10105194912E+17", "4.1e17", "4,10105194912E+17"), and a number of 18,
// 20 or 22 digits whose digits after the 15th are all 0 and whose check character is wrong,
// which is what remains when a spreadsheet keeps only 15 significant digits. A valid ID that
// happens to end in 000 is not damaged.
func Damage(raw string) (reason string, damaged bool) {
	s := strings.TrimSpace(raw)
	if complete, ok := scientific(s); ok {
		if complete {
			return "证件号码被表格软件转成了科学计数法，请把该列设为文本格式后重新导出", true
		}
		return "证件号码被表格软件转成了科学计数法，后几位已丢失，请按原件重新录入", true
	}
	if (len(s) == 18 || len(s) == 20 || len(s) == 22) && allDigits(s) &&
		strings.Trim(s[15:], "0") == "" {
		if c, _ := CheckChar(s[:17]); c != s[17] {
			return "证件号码第15位之后被表格软件改成了0（表格软件只保留15位有效数字），请按原件重新录入", true
		}
	}
	return "", false
}

// PhoneDamage reports whether raw is a phone number that a spreadsheet has written in scientific
// notation ("1.38001E+10"), and says in Chinese what happened.
func PhoneDamage(raw string) (reason string, damaged bool) {
	complete, ok := scientific(strings.TrimSpace(raw))
	switch {
	case !ok:
		return "", false
	case complete:
		return "联系电话被表格软件转成了科学计数法，请把该列设为文本格式后重新导出", true
	default:
		return "联系电话被表格软件转成了科学计数法，后几位已丢失，请重新采集", true
	}
}

// ValidMobile reports whether s, after trimming spaces, is a mainland mobile number: 11 digits
// starting with 13 to 19.
func ValidMobile(s string) bool {
	s = strings.TrimSpace(s)
	return len(s) == 11 && allDigits(s) && s[0] == '1' && s[1] >= '3'
}

// scientific reports whether s is a number in scientific notation: digits, an optional '.' or
// ',' followed by digits, 'e' or 'E', an optional '+' and up to 3 digits. complete says whether
// the notation still shows every digit of the integer it stands for.
func scientific(s string) (complete, ok bool) {
	i := strings.IndexAny(s, "eE")
	if i < 0 {
		return false, false
	}
	mant, e := s[:i], strings.TrimPrefix(s[i+1:], "+")
	if e == "" || len(e) > 3 || !allDigits(e) {
		return false, false
	}
	whole, frac, sep := strings.Cut(mant, ".")
	if !sep {
		whole, frac, sep = strings.Cut(mant, ",")
	}
	if whole == "" || !allDigits(whole) || (sep && (frac == "" || !allDigits(frac))) {
		return false, false
	}
	// The integer has len(whole)+exp digits; any shown beyond those must be zeros.
	digits, point := whole+frac, len(whole)+atoi(e)
	if len(digits) < point {
		return false, true
	}
	return strings.Trim(digits[point:], "0") == "", true
}
