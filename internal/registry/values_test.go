package registry

import (
	"testing"
	"time"
)

func TestParseFlag(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Flag
		bad  bool
	}{
		{"是", Yes, false}, {" 否 ", No, false}, {"", Unknown, false}, {"1", Yes, false}, {"0", No, false},
		{"√", Yes, false}, {"不详", Unknown, true}, {"yes?", Unknown, true},
	} {
		got, err := ParseFlag(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("ParseFlag(%q) = %v, %v", tc.in, got, err)
		}
	}
	if Yes.String() != "是" || No.String() != "否" || Unknown.String() != "" {
		t.Error("Flag.String")
	}
}

func TestMoney(t *testing.T) {
	for _, tc := range []struct {
		in    string
		want  Money
		bad   bool
		print string
	}{
		{"6850", 685000, false, "6,850"},
		{"6,850.5", 685050, false, "6,850.5"},
		{"６８５０．２５", 685025, false, "6,850.25"},
		{"1234567.89元", 123456789, false, "1,234,567.89"},
		{"-300", -30000, false, "-300"},
		{"0.1", 10, false, "0.1"},
		{"", 0, false, "0"},
		{"abc", 0, true, ""},
		{"1e20", 0, true, ""},
		{"NaN", 0, true, ""},
	} {
		got, err := ParseMoney(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("ParseMoney(%q) = %d, %v", tc.in, got, err)
			continue
		}
		if !tc.bad && got.String() != tc.print {
			t.Errorf("Money(%d).String() = %q, want %q", got, got.String(), tc.print)
		}
	}
	if Money(685050).Plain() != "6850.5" || Money(0).Plain() != "0" || Money(-5).Plain() != "-0.05" {
		t.Errorf("Plain: %s %s %s", Money(685050).Plain(), Money(0).Plain(), Money(-5).Plain())
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		bad      bool
	}{
		{"2024-02-29", "2024-02-29", false},
		{"20240229", "2024-02-29", false},
		{"2024/2/9", "2024-02-09", false},
		{"2024年2月9日", "2024-02-09", false},
		{"2024.02.09", "2024-02-09", false},
		{"2024-02-09 00:00:00", "2024-02-09", false},
		{"", "", false},
		{"2023-02-29", "", true},
		{"20231301", "", true},
		{"2023-1", "", true},
		{"昨天", "", true},
		{"1700-01-01", "", true},
	} {
		got, err := ParseDate(tc.in)
		if (err != nil) != tc.bad || got.String() != tc.want {
			t.Errorf("ParseDate(%q) = %q, %v", tc.in, got, err)
		}
	}
}

func TestParseMonth(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		bad      bool
	}{
		{"202304", "2023-04", false},
		{"2023-04", "2023-04", false},
		{"2023/4", "2023-04", false},
		{"2023年4月", "2023-04", false},
		{"2023-04-18", "2023-04", false},
		{"1850-01-01", "", true},
		{"", "", false},
		{"202313", "", true},
		{"2023", "", true},
		{"四月", "", true},
	} {
		got, err := ParseMonth(tc.in)
		if (err != nil) != tc.bad || got.String() != tc.want {
			t.Errorf("ParseMonth(%q) = %q, %v", tc.in, got, err)
		}
	}
	a, b := NewMonth(2023, time.November), NewMonth(2024, time.April)
	if a.MonthsUntil(b) != 5 || b.MonthsUntil(a) != -5 || a.Compact() != "202311" {
		t.Errorf("month arithmetic: %d %s", a.MonthsUntil(b), a.Compact())
	}
}

func TestParseCount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Count
		bad  bool
	}{
		{"6", CountOf(6), false}, {"6.0", CountOf(6), false}, {"０", CountOf(0), false},
		{"", Count{}, false}, {"6.5", Count{}, true}, {"六", Count{}, true},
	} {
		got, err := ParseCount(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("ParseCount(%q) = %v, %v", tc.in, got, err)
		}
	}
}

func TestScanRoundTrip(t *testing.T) {
	var f Flag
	for _, v := range []Flag{Yes, No, Unknown} {
		dv, _ := v.Value()
		if err := f.Scan(dv); err != nil || f != v {
			t.Errorf("Flag %v round trip: %v %v", v, f, err)
		}
	}
	var d Date
	dv, _ := NewDate(2024, 2, 29).Value()
	if err := d.Scan(dv); err != nil || d.String() != "2024-02-29" {
		t.Errorf("Date round trip: %v %v", d, err)
	}
	var m Month
	mv, _ := NewMonth(2024, 2).Value()
	if err := m.Scan([]byte(mv.(string))); err != nil || m.Compact() != "202402" {
		t.Errorf("Month round trip: %v %v", m, err)
	}
	var c Count
	if err := c.Scan(nil); err != nil || c.Valid {
		t.Errorf("Count nil: %v %v", c, err)
	}
}

func FuzzParsers(f *testing.F) {
	for _, s := range []string{"6850.5", "2024-02-29", "202304", "是", "6.0", "２０２４年２月９日", "-0.005", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if m, err := ParseMoney(s); err == nil {
			if back, err := ParseMoney(m.Plain()); err != nil || back != m {
				t.Fatalf("money %q -> %d -> %q -> %d, %v", s, m, m.Plain(), back, err)
			}
		}
		if d, err := ParseDate(s); err == nil && !d.IsZero() {
			if back, err := ParseDate(d.String()); err != nil || back != d {
				t.Fatalf("date %q -> %s -> %v, %v", s, d, back, err)
			}
		}
		if m, err := ParseMonth(s); err == nil && !m.IsZero() {
			if back, err := ParseMonth(m.Compact()); err != nil || back != m {
				t.Fatalf("month %q -> %s -> %v, %v", s, m, back, err)
			}
		}
		if c, err := ParseCount(s); err == nil && c.Valid {
			if back, err := ParseCount(c.String()); err != nil || back != c {
				t.Fatalf("count %q -> %v -> %v, %v", s, c, back, err)
			}
		}
		ParseFlag(s)
	})
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", -1234567: "-1,234,567", 100000: "100,000"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
