package auth

import (
	"strings"
	"unicode/utf8"
)

// Masking is the one place that decides how personal data is shown. ID numbers keep their
// first four and last four characters (6211**********123X), phones their first three and last
// four (139****5678): enough to tell people apart and to check a number read out on the phone,
// not enough to use it.

// MaskID masks a certificate number.
func MaskID(s string) string { return maskMiddle(s, 4, 4) }

// MaskPhone masks a phone number.
func MaskPhone(s string) string { return maskMiddle(s, 3, 4) }

func maskMiddle(s string, head, tail int) string {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	if n == 0 {
		return ""
	}
	rs := []rune(s)
	if n <= head+tail {
		// Too short to show both ends: keep at most the last quarter.
		keep := n / 4
		return strings.Repeat("*", n-keep) + string(rs[n-keep:])
	}
	return string(rs[:head]) + strings.Repeat("*", n-head-tail) + string(rs[n-tail:])
}

// Masker shows ID and phone numbers to one user: masked unless Full is set, which a handler
// sets only for a user whose role has PermUnmask and who asked for it (and audits that).
type Masker struct{ Full bool }

// ID returns the certificate number as the user may see it.
func (m Masker) ID(s string) string {
	if m.Full {
		return s
	}
	return MaskID(s)
}

// Phone returns the phone number as the user may see it.
func (m Masker) Phone(s string) string {
	if m.Full {
		return s
	}
	return MaskPhone(s)
}

// MaskerFor returns the masker for the user: full numbers only when the user asks and the
// role allows.
func MaskerFor(u *User, wantFull bool) Masker {
	return Masker{Full: wantFull && u.Can(PermUnmask)}
}

// MaskText masks the ID numbers (15 to 22 characters of digits ending perhaps in X) and mobile
// numbers (11 digits starting with 1) inside a free text such as a finding's explanation.
func MaskText(s string) string {
	b := []byte(s)
	var out strings.Builder
	for i := 0; i < len(b); {
		if !isDigitByte(b[i]) || (i > 0 && isDigitByte(b[i-1])) {
			out.WriteByte(b[i])
			i++
			continue
		}
		j := i
		for j < len(b) && isDigitByte(b[j]) {
			j++
		}
		if j < len(b) && (b[j] == 'X' || b[j] == 'x') {
			j++
		}
		run := string(b[i:j])
		switch n := j - i; {
		case n >= 15 && n <= 22:
			out.WriteString(MaskID(run))
		case n == 11 && run[0] == '1':
			out.WriteString(MaskPhone(run))
		default:
			out.WriteString(run)
		}
		i = j
	}
	return out.String()
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }
