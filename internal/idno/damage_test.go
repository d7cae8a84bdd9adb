package idno_test

import (
	"testing"

	"github.com/gonggu/gonggu/internal/idno"
)

func TestDamage(t *testing.T) {
	const (
		lost   = "证件号码被表格软件转成了科学计数法，后几位已丢失，请按原件重新录入"
		shown  = "证件号码被表格软件转成了科学计数法，请把该列设为文本格式后重新导出"
		zeroed = "证件号码第15位之后被表格软件改成了0（表格软件只保留15位有效数字），请按原件重新录入"
		intact = ""
	)
	tests := []struct {
		name string
		raw  string
		want string
	}{
		{"Excel's default notation", "4.10105194912E+17", lost},
		{"15 significant digits", "4.10105194912310E+17", lost},
		{"lower-case e, no sign", "4.1e17", lost},
		{"comma as decimal separator", "4,10105194912E+17", lost},
		{"spaces around", " 6.21121198503E+17\t", lost},
		{"no fraction", "4E+17", lost},
		{"disability certificate", "6.21121198503151E+19", lost},
		{"every digit still shown", "4.10105194912310020E+17", shown},
		{"18 digits, last 3 zeroed", "410105194912310000", zeroed},
		{"20 digits, last 5 zeroed", "62112119850315100000", zeroed},
		{"18 digits, 15th rounded up and zeroed", "621121198503152000", zeroed},

		{"valid ID", "410105194912310020", intact},
		{"valid ID ending in 000", "620102197506014000", intact},
		{"valid ID ending in 0000", "620102197506030000", intact},
		// Rounding 410105194912315809 to 15 digits gives a valid number by chance (1 in 11):
		// no rule can tell it from a real one.
		{"zeroed into a valid check character", "410105194912316000", intact},
		{"wrong check character, not zeroed", "110105194912310021", intact},
		{"ends in 00 only", "621121198503151200", intact},
		{"ID ending in X", "11010519491231002X", intact},
		{"empty", "", intact},
		{"letters", "ABCE+17", intact},
		{"exponent sign only", "4.1E+", intact},
		{"negative exponent", "4.1E-17", intact},
		{"fraction missing", "4.E+17", intact},
		{"both separators", "4.101,05E+17", intact},
		{"word with an e", "none", intact},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reason, damaged := idno.Damage(tt.raw)
			if reason != tt.want || damaged != (tt.want != "") {
				t.Errorf("Damage(%q) = %q, %v; want %q, %v", tt.raw, reason, damaged, tt.want, tt.want != "")
			}
		})
	}
}

func TestPhoneDamage(t *testing.T) {
	const (
		lost  = "联系电话被表格软件转成了科学计数法，后几位已丢失，请重新采集"
		shown = "联系电话被表格软件转成了科学计数法，请把该列设为文本格式后重新导出"
	)
	tests := []struct {
		name string
		raw  string
		want string
	}{
		{"narrow column", "1.38001E+10", lost},
		{"lower-case e", "1.3e10", lost},
		{"comma", "1,39312E+10", lost},
		{"every digit shown", "1.3800138000E+10", shown},
		{"every digit shown, trailing zero", "1.38001380000E+10", shown},
		{"two digits before the point", "13.800138000E+9", shown},
		{"mobile", "13800138000", ""},
		{"landline", "0932-1234567", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reason, damaged := idno.PhoneDamage(tt.raw)
			if reason != tt.want || damaged != (tt.want != "") {
				t.Errorf("PhoneDamage(%q) = %q, %v; want %q, %v", tt.raw, reason, damaged, tt.want, tt.want != "")
			}
		})
	}
}

func TestValidMobile(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"13800138000", true},
		{"19912345678", true},
		{" 15009321234 ", true},
		{"12800138000", false},
		{"10800138000", false},
		{"23800138000", false},
		{"1380013800", false},
		{"138001380001", false},
		{"1380013800a", false},
		{"138 0013 8000", false},
		{"+8613800138000", false},
		{"1.38001E+10", false},
		{"0932-1234567", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := idno.ValidMobile(tt.in); got != tt.want {
			t.Errorf("ValidMobile(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
