package policy

import (
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

func TestDefaultsAreValid(t *testing.T) {
	seen := map[Name]bool{}
	for _, p := range Defaults {
		if seen[p.Name] {
			t.Errorf("duplicate %s", p.Name)
		}
		seen[p.Name] = true
		if err := Validate(p.Name, p.Default); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
		if p.Title == "" || p.Source == "" {
			t.Errorf("%s: undocumented", p.Name)
		}
	}
	s := MustDefaults(2026)
	if s.Money(MonitorLine) != registry.Yuan(8000) || s.Int(SharedPhoneMin) != 3 || s.Source(MonitorLine) != "默认" {
		t.Errorf("defaults: %v %v", s.Money(MonitorLine), s.Int(SharedPhoneMin))
	}
}

func TestResolveMostSpecificWins(t *testing.T) {
	os := []Override{
		{Prefix: "", Year: 0, Name: MonitorLine, Value: "7500"},
		{Prefix: "62", Year: 0, Name: MonitorLine, Value: "7600"},
		{Prefix: "62", Year: 2026, Name: MonitorLine, Value: "7700"},
		{Prefix: "6211", Year: 0, Name: MonitorLine, Value: "7800"},
		{Prefix: "621121", Year: 2025, Name: MonitorLine, Value: "7900"},
		{Prefix: "52", Year: 0, Name: MonitorLine, Value: "7300"},
		{Prefix: "62", Year: 2026, Name: SharedPhoneMin, Value: "4"},
	}
	for _, tc := range []struct {
		county string
		year   int
		want   int64
		source string
	}{
		{"621121000000", 2026, 7800, "6211（各年度）"},
		{"621121000000", 2025, 7900, "621121（2025 年度）"},
		{"620102000000", 2026, 7700, "62（2026 年度）"},
		{"620102000000", 2024, 7600, "62（各年度）"},
		{"110101000000", 2026, 7500, "全国（各年度）"},
		{"520102000000", 2026, 7300, "52（各年度）"},
	} {
		s, err := Resolve(region.Code(tc.county), tc.year, os)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Money(MonitorLine); got != registry.Yuan(tc.want) || s.Source(MonitorLine) != tc.source {
			t.Errorf("%s %d: %v from %s, want %d from %s", tc.county, tc.year, got, s.Source(MonitorLine), tc.want, tc.source)
		}
	}
	s, _ := Resolve("621121000000", 2026, os)
	if s.Int(SharedPhoneMin) != 4 || s.Int(EduAgeMax) != 15 {
		t.Errorf("phone %d", s.Int(SharedPhoneMin))
	}
}

func TestResolveRejectsBadStoredValue(t *testing.T) {
	_, err := Resolve("621121000000", 2026, []Override{{Prefix: "62", Name: MonitorLine, Value: "八千"}})
	if err == nil {
		t.Fatal("accepted 八千")
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		n  Name
		v  string
		ok bool
	}{
		{MonitorLine, "8050", true}, {MonitorLine, "8050.5", true}, {MonitorLine, "-1", false}, {MonitorLine, "x", false},
		{AgeReference, "today", true}, {AgeReference, "09-01", true}, {AgeReference, "9月1日", false},
		{"no_such", "1", false},
	} {
		if err := Validate(tc.n, tc.v); (err == nil) != tc.ok {
			t.Errorf("%s=%s: %v", tc.n, tc.v, err)
		}
	}
	for _, p := range []string{"", "62", "6211", "621121"} {
		if err := ValidatePrefix(p); err != nil {
			t.Errorf("%q: %v", p, err)
		}
	}
	for _, p := range []string{"6", "621", "621121100", "00", "ab"} {
		if err := ValidatePrefix(p); err == nil {
			t.Errorf("%q accepted", p)
		}
	}
}

func TestReference(t *testing.T) {
	today := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	s := MustDefaults(2026)
	if got := s.Reference(today); got != registry.NewDate(2026, 11, 28) {
		t.Errorf("today: %v", got)
	}
	s, _ = Resolve("621121000000", 2026, []Override{{Name: AgeReference, Value: "09-01"}})
	if got := s.Reference(today); got != registry.NewDate(2026, 9, 1) {
		t.Errorf("09-01: %v", got)
	}
}

func TestRestrict(t *testing.T) {
	s := MustDefaults(2026).Restrict([]Name{MonitorLine})
	_ = s.Num(MonitorLine)
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "not declared") {
			t.Errorf("recover: %v", r)
		}
	}()
	s.Num(EduAgeMin)
}

func TestPremiumCutoff(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  string // YYYYMM; "" invalid
	}{
		{"12", "202512"}, {"9", "202509"}, {" 02 ", "202502"}, {"202602", "202602"},
		{"0", ""}, {"13", ""}, {"2026-02", ""}, {"202613", ""}, {"十二", ""},
	} {
		err := Validate(MedPremiumCutoff, tc.value)
		if (err == nil) != (tc.want != "") {
			t.Errorf("%q: %v", tc.value, err)
			continue
		}
		if tc.want == "" {
			continue
		}
		s, err := Resolve("621121000000", 2026, []Override{{Name: MedPremiumCutoff, Value: tc.value}})
		if err != nil {
			t.Fatal(err)
		}
		if got := s.PremiumCutoff(2026).Compact(); got != tc.want {
			t.Errorf("%q: cut-off %s, want %s", tc.value, got, tc.want)
		}
	}
}
