package region

import (
	"strings"
	"testing"

	"github.com/gonggu/gonggu/internal/errs"
)

func TestParseCode(t *testing.T) {
	tests := []struct {
		name, in string
		want     Code
		level    Level
	}{
		{"province", "62", "620000000000", Province},
		{"city", "6211", "621100000000", City},
		{"county", "621121", "621121000000", County},
		{"township", "621121100", "621121100000", Township},
		{"village", "621121100201", "621121100201", Village},
		{"padded province", "620000000000", "620000000000", Province},
		{"padded city", "621100000000", "621100000000", City},
		{"padded county", "621121000000", "621121000000", County},
		{"padded township", "621121100000", "621121100000", Township},
		{"six-digit province", "620000", "620000000000", Province},
		{"six-digit city", "621100", "621100000000", City},
		{"spaces", " 621121\t", "621121000000", County},
		{"full-width digits", "６２１１", "621100000000", City},
		{"township of a city without counties", "441900003", "441900003000", Township},
		{"village 001", "621121101001", "621121101001", Village},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCode(tt.in)
			if err != nil {
				t.Fatalf("ParseCode(%q): %v", tt.in, err)
			}
			if got != tt.want || got.Level() != tt.level {
				t.Errorf("ParseCode(%q) = %s level %v, want %s level %v", tt.in, got, got.Level(), tt.want, tt.level)
			}
		})
	}
}

func TestParseCodeInvalid(t *testing.T) {
	tests := []struct{ name, in, msg string }{
		{"empty", "", "为空"},
		{"spaces only", "   ", "为空"},
		{"one digit", "6", "2、4、6、9 或 12 位"},
		{"three digits", "621", "2、4、6、9 或 12 位"},
		{"five digits", "62112", "2、4、6、9 或 12 位"},
		{"seven digits", "6211211", "2、4、6、9 或 12 位"},
		{"ten digits", "6211211002", "2、4、6、9 或 12 位"},
		{"thirteen digits", "6211211002010", "2、4、6、9 或 12 位"},
		{"letters", "62A1", "只能包含数字"},
		{"sign", "-621121", "只能包含数字"},
		{"inner space", "62 11", "只能包含数字"},
		{"scientific notation", "6.21121E+11", "只能包含数字"},
		{"zero province", "00", "不能为 00"},
		{"all zeros", "000000000000", "不能为 00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCode(tt.in)
			if err == nil {
				t.Fatalf("ParseCode(%q) = %s, want an error", tt.in, got)
			}
			if !errs.Is(err, errs.Invalid) {
				t.Errorf("ParseCode(%q): code %s, want invalid", tt.in, errs.CodeOf(err))
			}
			if m := errs.Message(err); !strings.Contains(m, tt.msg) {
				t.Errorf("ParseCode(%q) message %q does not contain %q", tt.in, m, tt.msg)
			}
		})
	}
}

func TestLevel(t *testing.T) {
	tests := []struct {
		l         Level
		name      string
		prefixLen int
	}{
		{Province, "省", 2}, {City, "市", 4}, {County, "县", 6}, {Township, "乡", 9}, {Village, "村", 12},
		{0, "未知", 0}, {6, "未知", 0}, {-1, "未知", 0},
	}
	for _, tt := range tests {
		if got := tt.l.String(); got != tt.name {
			t.Errorf("Level(%d).String() = %q, want %q", tt.l, got, tt.name)
		}
		if got := tt.l.PrefixLen(); got != tt.prefixLen {
			t.Errorf("Level(%d).PrefixLen() = %d, want %d", tt.l, got, tt.prefixLen)
		}
		if got := tt.l.Valid(); got != (tt.prefixLen > 0) {
			t.Errorf("Level(%d).Valid() = %v", tt.l, got)
		}
	}
}

func TestCodeNavigation(t *testing.T) {
	tests := []struct {
		code                 Code
		level                Level
		prefix               string
		parent, county, city Code
	}{
		{"620000000000", Province, "62", "", "", ""},
		{"621100000000", City, "6211", "620000000000", "", "621100000000"},
		{"621121000000", County, "621121", "621100000000", "621121000000", "621100000000"},
		{"621121101000", Township, "621121101", "621121000000", "621121000000", "621100000000"},
		{"621121101223", Village, "621121101223", "621121101000", "621121000000", "621100000000"},
		// 东莞市 has no counties: its townships hang from the city.
		{"441900003000", Township, "441900003", "441900000000", "441900000000", "441900000000"},
		{"441900003001", Village, "441900003001", "441900003000", "441900000000", "441900000000"},
		{"", 0, "", "", "", ""},
		{"6211", 0, "", "", "", ""},
		{"00110000000x", 0, "", "", "", ""},
		{"001100000000", 0, "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.code), func(t *testing.T) {
			c := tt.code
			if got := c.Level(); got != tt.level {
				t.Errorf("Level() = %v, want %v", got, tt.level)
			}
			if got := c.Prefix(); got != tt.prefix {
				t.Errorf("Prefix() = %q, want %q", got, tt.prefix)
			}
			if got := c.Parent(); got != tt.parent {
				t.Errorf("Parent() = %q, want %q", got, tt.parent)
			}
			if got := c.County(); got != tt.county {
				t.Errorf("County() = %q, want %q", got, tt.county)
			}
			if got := c.Up(City); got != tt.city {
				t.Errorf("Up(City) = %q, want %q", got, tt.city)
			}
			if got := c.String(); got != string(tt.code) {
				t.Errorf("String() = %q", got)
			}
		})
	}
}

func TestContains(t *testing.T) {
	tests := []struct {
		a, b Code
		want bool
	}{
		{"620000000000", "621121101223", true},
		{"621100000000", "621121000000", true},
		{"621121000000", "621121101223", true},
		{"621121101000", "621121101223", true},
		{"621121000000", "621121000000", true}, // a region is in its own subtree
		{"621121101223", "621121101223", true},
		{"621121101223", "621121101000", false},
		{"621121000000", "621122000000", false},
		{"621121000000", "621100000000", false},
		{"621100000000", "620100000000", false},
		{"620000000000", "610000000000", false},
		{"", "621121000000", false},
		{"621121000000", "", false},
		{"621121000000", "621121", false},
	}
	for _, tt := range tests {
		if got := tt.a.Contains(tt.b); got != tt.want {
			t.Errorf("%q.Contains(%q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func FuzzParseCode(f *testing.F) {
	for _, s := range []string{"62", "6211", "621121", "621121100", "621121100201", "620000000000",
		"441900003", "", "00", "6.2E+11", "６２", " 62 ", "62a", "1234567890123"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCode(s)
		if err != nil {
			if !errs.Is(err, errs.Invalid) || errs.Message(err) == "" {
				t.Fatalf("ParseCode(%q): %v", s, err)
			}
			return
		}
		l := c.Level()
		if len(c) != 12 || !l.Valid() || len(c.Prefix()) != l.PrefixLen() {
			t.Fatalf("ParseCode(%q) = %q, level %v, prefix %q", s, c, l, c.Prefix())
		}
		if again, err := ParseCode(string(c)); err != nil || again != c {
			t.Fatalf("ParseCode(%q) = %q, %v: not stable", c, again, err)
		}
		if again, err := ParseCode(c.Prefix()); err != nil || again != c {
			t.Fatalf("ParseCode(prefix %q) = %q, %v, want %q", c.Prefix(), again, err, c)
		}
		if !c.Contains(c) {
			t.Fatalf("%q does not contain itself", c)
		}
		for p, child := c.Parent(), c; p != ""; p, child = p.Parent(), p {
			if p.Level() >= child.Level() || !p.Contains(child) || child.Contains(p) {
				t.Fatalf("parent %q of %q", p, child)
			}
		}
		if l >= County && (c.County().Level() > County || !c.County().Contains(c)) {
			t.Fatalf("county %q of %q", c.County(), c)
		}
	})
}
