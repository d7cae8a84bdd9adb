package idno_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/idno"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		name, raw, want string
	}{
		{"mobile", "13912345678", "13912345678"},
		{"spaces around", " 13912345678\t", "13912345678"},
		{"grouped by spaces", "139 1234 5678", "13912345678"},
		{"grouped by dashes", "139-1234-5678", "13912345678"},
		{"+86", "+8613912345678", "13912345678"},
		{"+86 and a space", "+86 139 1234 5678", "13912345678"},
		{"+86 with a dash", "+86-13912345678", "13912345678"},
		{"0086", "008613912345678", "13912345678"},
		{"0086 and spaces", "0086 139 1234 5678", "13912345678"},
		{"86 before a mobile", "8613912345678", "13912345678"},
		{"(+86) in brackets", "(+86)13912345678", "13912345678"},
		{"full-width digits", "１３９１２３４５６７８", "13912345678"},
		{"full-width plus and space", "＋８６\u3000１３９１２３４５６７８", "13912345678"},
		{"no-break spaces", "139\u00a01234\u00a05678", "13912345678"},
		{"full-width dash", "139－1234－5678", "13912345678"},
		{"landline", "0932-1234567", "09321234567"},
		{"landline in brackets", "(0932)1234567", "09321234567"},
		{"landline in full-width brackets", "（0932）1234567", "09321234567"},
		{"Beijing landline", "010-12345678", "01012345678"},
		{"landline after +86 without its 0", "+86 932 1234567", "09321234567"},
		{"Beijing after +86", "+86 10 1234 5678", "01012345678"},
		{"landline after +86 with its 0", "+86 0932 1234567", "09321234567"},
		{"local landline", "1234567", "1234567"},
		{"Hong Kong", "+852 9123 4567", "+85291234567"},
		{"Hong Kong with 00", "00852 9123 4567", "+85291234567"},
		{"invalid mobile kept", "12800138000", "12800138000"},

		{"empty", "", ""},
		{"blank", "  ", ""},
		{"word", "无", ""},
		{"words", "暂无电话", ""},
		{"scientific notation", "1.39123E+10", ""},
		{"two numbers", "13912345678/13812345678", ""},
		{"two numbers with a comma", "13912345678，13812345678", ""},
		{"extension", "0932-1234567转801", ""},
		{"too short", "123456", ""},
		{"too long", "1391234567890", ""},
		{"86 before a landline, no plus", "8609321234567", ""},
		{"plus twice", "++8613912345678", ""},
		{"plus inside", "139+12345678", ""},
		{"plus and zero", "+0932 1234567", ""},
		{"0086 twice", "0086 0086 13912345678", ""},
		{"far too many digits", strings.Repeat("1", 40), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := idno.NormalizePhone(tt.raw); got != tt.want {
				t.Errorf("NormalizePhone(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

var phoneShape = regexp.MustCompile(`^(\+[1-9][0-9]{6,14}|[0-9]{7,12})$`)

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"13912345678", "139 1234 5678", "+86 139-1234-5678", "008613912345678",
		"8613912345678", "１３９１２３４５６７８", "0932-1234567", "+86 932 1234567", "00852 9123 4567",
		"1.39123E+10", "无", "", "+", "0086", "00860086", "+860", "13912345678/13812345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		n := idno.NormalizePhone(raw)
		if n != "" && !phoneShape.MatchString(n) {
			t.Fatalf("NormalizePhone(%q) = %q: not a phone number's shape", raw, n)
		}
		if again := idno.NormalizePhone(n); again != n {
			t.Errorf("NormalizePhone(%q) = %q, but NormalizePhone(%q) = %q", raw, n, n, again)
		}
		if idno.ValidMobile(raw) && n != strings.TrimSpace(raw) {
			t.Errorf("NormalizePhone(%q) = %q changed a valid mobile number", raw, n)
		}
		// Separators between the characters change nothing.
		if spaced := strings.Join(strings.Split(raw, ""), " - "); idno.NormalizePhone(spaced) != n {
			t.Errorf("NormalizePhone(%q) = %q, but with separators %q", raw, n, idno.NormalizePhone(spaced))
		}
	})
}
