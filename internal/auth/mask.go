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

// MaskText masks the ID numbers (runs of 15 or more digits, perhaps ending in X) and mobile
// numbers (11 digits starting with 1, also after the country code 86) inside a free text such
// as a finding's explanation. Full-width digits, which a Chinese input method may type, are
// digits too. Every other character is left as it is, and each masked character becomes
// one star, so the text keeps its length in characters.
func MaskText(s string) string {
	var out strings.Builder
	out.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isDigit(r) {
			out.WriteString(s[i : i+size])
			i += size
			continue
		}
		// The run of digits from i to j: n digits, the first three in lead, after2 the
		// offset after the first two.
		j, n, after2 := i, 0, i
		var lead [3]byte
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !isDigit(r) {
				break
			}
			if n < len(lead) {
				lead[n] = asciiDigit(r)
			}
			n++
			j += size
			if n == 2 {
				after2 = j
			}
		}
		end, chars := j, n
		if r, size := utf8.DecodeRuneInString(s[j:]); isX(r) {
			end, chars = j+size, n+1
		}
		switch {
		case chars >= 15:
			out.WriteString(MaskID(s[i:end]))
			i = end
			continue
		case n == 11 && lead[0] == '1':
			out.WriteString(MaskPhone(s[i:j]))
		case n == 13 && lead == [3]byte{'8', '6', '1'}:
			out.WriteString(s[i:after2])
			out.WriteString(MaskPhone(s[after2:j]))
		default:
			out.WriteString(s[i:j])
		}
		i = j
	}
	return out.String()
}

// isDigit reports whether r is an ASCII or a full-width digit.
func isDigit(r rune) bool { return '0' <= r && r <= '9' || '０' <= r && r <= '９' }

// isX reports whether r is the check character X of an ID number, in either case and width.
func isX(r rune) bool { return r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ' }

// asciiDigit returns the ASCII form of a digit.
func asciiDigit(r rune) byte {
	if r >= '０' {
		return byte('0' + r - '０')
	}
	return byte(r)
}
