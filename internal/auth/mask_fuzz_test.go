package auth_test

import (
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/auth"
)

// Fuzz targets for masking, the one place that decides how much of an ID or phone number a
// user sees.
//
// FuzzMaskID: MaskID and MaskPhone keep the length in characters of the trimmed input, show
// at most their head and tail (4+4, 3+4) and a star for every other character, and of a
// number of at most head+tail characters at most its last quarter.
//
// FuzzMaskText: the masked text has the input's characters, in place, except digits (and an
// ID's final X) turned into stars; and none of the input's mobile numbers (11 digits starting
// with 1, also after a country code 86) or ID numbers (a run of 15 or more digits) shows in
// full: at most 8 of its digits remain. Full-width digits, as a Chinese input method types
// them, count as digits.

func FuzzMaskID(f *testing.F) {
	for _, s := range []string{"62110219900101123X", "13912345678", "", "1234", " 621102199001011234 ", "身份证号", "６２１１０２"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range []struct {
			name       string
			mask       func(string) string
			head, tail int
		}{{"MaskID", auth.MaskID, 4, 4}, {"MaskPhone", auth.MaskPhone, 3, 4}} {
			in := []rune(strings.TrimSpace(s))
			out := []rune(m.mask(s))
			if len(out) != len(in) {
				t.Fatalf("%s(%q) = %q: %d characters, want %d", m.name, s, string(out), len(out), len(in))
			}
			keepHead, keepTail := m.head, m.tail
			if len(in) <= m.head+m.tail {
				keepHead, keepTail = 0, len(in)/4
			}
			for i := range out {
				shown := i < keepHead || i >= len(in)-keepTail
				if shown && out[i] != in[i] || !shown && out[i] != '*' {
					t.Fatalf("%s(%q) = %q: character %d is %q", m.name, s, string(out), i, out[i])
				}
			}
		}
	})
}

func FuzzMaskText(f *testing.F) {
	for _, s := range []string{
		"证件号码 62110219900101123X 校验码错误",
		"电话13912345678与另外2户相同",
		"人均纯收入 6,850 元，低于 8000 元",
		"户编号 621121100201000123（18 位户编号）",
		"周建国 的证件号码在登记库中共有 2 人使用（另见户 6211211012010007）",
		"旧证号 621102900101123，手机 139-1234-5678",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := auth.MaskText(s)
		in, out := []rune(s), []rune(got)
		if len(out) != len(in) {
			t.Fatalf("MaskText(%q) = %q: %d characters, want %d", s, got, len(out), len(in))
		}
		for i := range out {
			if out[i] != in[i] && (out[i] != '*' || !isDigit(in[i]) && !isX(in[i])) {
				t.Fatalf("MaskText(%q) = %q: character %d %q became %q", s, got, i, in[i], out[i])
			}
		}
		for _, tok := range sensitive(in) {
			shown := 0
			for i := tok.start; i < tok.end; i++ {
				if out[i] != '*' {
					shown++
				}
			}
			if shown > 8 {
				t.Fatalf("MaskText(%q) = %q: %q shows %d of its digits", s, got, string(in[tok.start:tok.end]), shown)
			}
		}
	})
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }
func isX(r rune) bool     { return r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ' }

// digit returns the ASCII digit of an ASCII or full-width digit.
func digit(r rune) byte {
	if r >= '０' {
		return byte('0' + r - '０')
	}
	return byte(r)
}

type span struct{ start, end int }

// sensitive returns where the mobile and ID numbers of s are: the runs of digits (with an ID's
// final X) that are 11 digits starting with 1, 86 and such a number, or 15 or more long.
func sensitive(s []rune) []span {
	var out []span
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		var ds []byte
		for j < len(s) && isDigit(s[j]) {
			ds = append(ds, digit(s[j]))
			j++
		}
		end := j
		if end < len(s) && isX(s[end]) {
			end++
		}
		n := len(ds)
		switch {
		case n == 11 && ds[0] == '1', n == 13 && string(ds[:3]) == "861":
			out = append(out, span{i, j})
		case end-i >= 15:
			out = append(out, span{i, end})
		}
		i = j
	}
	return out
}

// TestMaskTextNumbers lists the numbers MaskText masks inside free text.
func TestMaskTextNumbers(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"id", "证件号码 62110219900101123X 校验码错误", "证件号码 6211**********123X 校验码错误"},
		{"mobile", "电话13912345678与另外2户相同", "电话139****5678与另外2户相同"},
		{"amounts", "人均纯收入 6,850 元，低于 8000 元", "人均纯收入 6,850 元，低于 8000 元"},
		{"village code", "区划 621121101201", "区划 621121101201"},
		{"country code", "电话 +8613912345678", "电话 +86139****5678"},
		{"full-width mobile", "电话１３９１２３４５６７８", "电话１３９****５６７８"},
		{"full-width id", "身份证６２１１０２１９９００１０１１２３Ｘ", "身份证６２１１**********１２３Ｘ"},
		{"id and mobile run together", "621102199001011234139123456780", "6211**********************6780"},
		{"wide and ascii mixed", "139１２３４5678", "139****5678"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := auth.MaskText(tc.in); got != tc.want {
				t.Errorf("MaskText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
