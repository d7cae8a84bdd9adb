package idno_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/idno"
)

// seeds are inputs of every shape Parse and Check meet.
var seeds = []string{
	"", " ", "11010519491231002X", "11010519491231002x", "440524188001010014",
	"621121198503151231", "621121850315123", "62112119850315123114", "42010119811201123843B1",
	"11010519491231002", "62112119850315123", "999999198501011234", "4.10105194912E+17",
	"410105194912310000", "621121202302290023", "１10105194912310021", "62112119850315123181",
	"\u3000621121198503151231\t", "62112119850315X231", "无",
}

// structural are the defects that mean Parse cannot read the number.
var structural = []idno.Defect{idno.Empty, idno.BadLength, idno.BadChars}

func FuzzParse(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	ref := date(2024, 9, 1)
	f.Fuzz(func(t *testing.T, raw string) {
		n, err := idno.Parse(raw)
		ds := idno.Check(raw, ref)
		if err != nil {
			if n != (idno.Number{}) {
				t.Errorf("Parse(%q) failed but returned %+v", raw, n)
			}
			// Check must say why the number cannot be read, unless it is a placeholder or a
			// number that lost its X, which Check reads anyway.
			if !slices.ContainsFunc(ds, func(d idno.Defect) bool {
				return slices.Contains(structural, d) || d == idno.Placeholder || d == idno.LostX
			}) {
				t.Errorf("Parse(%q) failed (%v) but Check = %v", raw, err, ds)
			}
			return
		}

		if len(n.ID) != 18 || n.AddressCode != n.ID[:6] || n.Raw != raw {
			t.Fatalf("Parse(%q) = %+v: ID, AddressCode or Raw wrong", raw, n)
		}
		if strings.ContainsRune(n.ID, 'x') {
			t.Errorf("Parse(%q).ID = %q has a lower-case x", raw, n.ID)
		}
		c, err := idno.CheckChar(n.ID[:17])
		if err != nil {
			t.Fatalf("Parse(%q).ID = %q: first 17 are not digits: %v", raw, n.ID, err)
		}
		if n.Kind == idno.ID15 && c != n.ID[17] {
			t.Errorf("Parse(%q) upgraded to %q with a wrong check character", raw, n.ID)
		}
		if slices.Contains(ds, idno.Placeholder) {
			return
		}
		for _, d := range structural {
			if slices.Contains(ds, d) {
				t.Errorf("Parse(%q) succeeded but Check = %v", raw, ds)
			}
		}
		if got, want := slices.Contains(ds, idno.WrongCheck), c != n.ID[17]; got != want {
			t.Errorf("Check(%q) = %v, but CheckChar gives %c for %q", raw, ds, c, n.ID)
		}
		if got, want := slices.Contains(ds, idno.BadBirthDate), n.Birth.IsZero(); got != want {
			t.Errorf("Check(%q) = %v, but Birth = %v", raw, ds, n.Birth)
		}
		if (n.Kind == idno.Disability20 || n.Kind == idno.Disability22) !=
			(n.DisabilityCategory != 0 || n.DisabilityGrade != 0 || slices.Contains(ds, idno.BadDisabilityCategory)) {
			t.Errorf("Parse(%q) = %+v: disability digits do not match the kind", raw, n)
		}
		if idno.Sex(n) == "" {
			t.Errorf("Sex(Parse(%q)) is empty", raw)
		}
		if s := strings.TrimSpace(raw); len(s) == 15 {
			up, err := idno.Upgrade15(s)
			if err != nil || up != n.ID {
				t.Errorf("Upgrade15(%q) = %q, %v; Parse gave %q", s, up, err, n.ID)
			}
		}
	})
}

func FuzzCheck(f *testing.F) {
	for _, s := range seeds {
		f.Add(s, int64(0))
	}
	f.Add("621121202409020031", date(2024, 9, 1).Unix())
	f.Fuzz(func(t *testing.T, raw string, refUnix int64) {
		ref := time.Unix(refUnix, 0).UTC()
		ds := idno.Check(raw, ref)
		for i, d := range ds {
			at := slices.Index(allDefects, d)
			if at < 0 {
				t.Fatalf("Check(%q) = %v: unknown defect %q", raw, ds, d)
			}
			if i > 0 && slices.Index(allDefects, ds[i-1]) >= at {
				t.Errorf("Check(%q) = %v: not in constant order or repeated", raw, ds)
			}
			if d.Text() == string(d) {
				t.Errorf("defect %q has no text", d)
			}
		}
		if (strings.TrimSpace(raw) == "") != slices.Equal(ds, []idno.Defect{idno.Empty}) {
			t.Errorf("Check(%q) = %v", raw, ds)
		}
		// Anything Damage flags is not a usable number: Check must find something too.
		if reason, damaged := idno.Damage(raw); damaged && (reason == "" || len(ds) == 0) {
			t.Errorf("Damage(%q) = %q, %v but Check = %v", raw, reason, damaged, ds)
		}
		if reason, damaged := idno.PhoneDamage(raw); damaged != (reason != "") {
			t.Errorf("PhoneDamage(%q) = %q, %v", raw, reason, damaged)
		}
		if idno.ValidMobile(raw) {
			if _, damaged := idno.PhoneDamage(raw); damaged {
				t.Errorf("%q is both a valid mobile and damaged", raw)
			}
		}
	})
}

func FuzzMake(f *testing.F) {
	f.Add(uint32(110105), int64(-631152000), uint16(2))
	f.Add(uint32(621121), int64(951782400), uint16(999))
	f.Add(uint32(0), int64(-2208988800), uint16(0))
	f.Fuzz(func(t *testing.T, addr uint32, birthUnix int64, seq uint16) {
		address := fmt.Sprintf("%06d", addr%1000000)
		// Births from 1800 to 2199, enough to cross every boundary Check knows.
		const lo, span = -5364662400, 400 * 365 * 86400
		birth := time.Unix(lo+((birthUnix%span)+span)%span, 0).UTC()
		s := int(seq % 1000)

		id := idno.Make(address, birth, s)
		n, err := idno.Parse(id)
		if err != nil {
			t.Fatalf("Parse(Make(%s, %v, %d)) = %v", address, birth, s, err)
		}
		y, m, d := birth.Date()
		want := idno.Number{Raw: id, ID: id, Kind: idno.ID18, AddressCode: address,
			Birth: date(y, m, d), Male: s%2 == 1}
		if n != want {
			t.Fatalf("Parse(Make(%s, %v, %d))\n got %+v\nwant %+v", address, birth, s, n, want)
		}
		ds := idno.Check(id, birth)
		switch {
		case y < 1900 && !slices.Equal(ds, []idno.Defect{idno.BirthBefore1900}),
			y >= 1900 && strings.HasPrefix(id, "999999") && !slices.Equal(ds, []idno.Defect{idno.Placeholder}),
			y >= 1900 && !strings.HasPrefix(id, "999999") && ds != nil:
			t.Errorf("Check(Make(...) = %q, birth date) = %v", id, ds)
		}
		if idno.Age(birth, birth) != 0 || idno.Age(n.Birth, birth.AddDate(18, 0, 0)) != 18 {
			t.Errorf("Age around %v is wrong", birth)
		}
	})
}
