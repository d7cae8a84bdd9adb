package policy

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
)

// FuzzValue checks how a parameter's value is read from text (the web form, gonggu params
// --set, the params table): Validate refuses with errs.Invalid exactly what Resolve cannot
// use; a number it accepts is finite, not negative and small enough that the typed getters
// are exact (Int is its whole part, Money its yuan in fen, neither wrapping around); a text
// it accepts is kept trimmed; and the age reference it accepts is a day of the set's year.
func FuzzValue(f *testing.F) {
	for _, s := range []string{"8000", "7300.5", " 6500 ", "0", "-1", "很多", "NaN", "Inf", "1e3", "1e308", "99999999999999999999",
		"today", "09-01", "02-29", "13-01", "9-1", ""} {
		f.Add(uint8(0), s)
		f.Add(uint8(1), s)
	}
	today := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, which uint8, value string) {
		p := Defaults[int(which)%len(Defaults)]
		err := Validate(p.Name, value)
		if again := Validate(p.Name, value); (err == nil) != (again == nil) {
			t.Fatalf("Validate(%s, %q) is not deterministic: %v, then %v", p.Name, value, err, again)
		}
		set, rerr := Resolve("621121000000", 2026, []Override{{Prefix: "62", Name: p.Name, Value: value}})
		if err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("Validate(%s, %q): %v is not errs.Invalid", p.Name, value, err)
			}
			if rerr == nil {
				t.Fatalf("Validate(%s, %q) refused it, Resolve took it", p.Name, value)
			}
			return
		}
		if rerr != nil {
			t.Fatalf("Validate(%s, %q) accepted it, Resolve refused it: %v", p.Name, value, rerr)
		}
		if got := set.Text(p.Name); got != strings.TrimSpace(value) {
			t.Fatalf("Text(%s) = %q for %q", p.Name, got, value)
		}
		switch {
		case p.Name == AgeReference:
			ref := set.Reference(today)
			if ref.IsZero() || ref.Time().Year() != 2026 {
				t.Fatalf("Reference for %q = %v, not a day of 2026", value, ref)
			}
		case p.Kind == Number:
			n := set.Num(p.Name)
			if math.IsInf(n, 0) || math.IsNaN(n) || n < 0 {
				t.Fatalf("Num(%s) = %v for %q", p.Name, n, value)
			}
			if i := set.Int(p.Name); i < 0 || float64(i) != math.Floor(n) {
				t.Fatalf("Int(%s) = %d for %q (%v)", p.Name, i, value, n)
			}
			if m := set.Money(p.Name); m < 0 || math.Abs(float64(m)-n*100) > 0.5+1e-6*n*100 {
				t.Fatalf("Money(%s) = %d fen for %q (%v yuan)", p.Name, m, value, n)
			}
		}
	})
}
