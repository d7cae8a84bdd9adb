package idno_test

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gonggu/gonggu/internal/idno"
)

// allDefects lists every defect Check can report, in the order of the constants.
var allDefects = []idno.Defect{
	idno.Empty, idno.Placeholder, idno.BadLength, idno.BadChars, idno.WrongCheck,
	idno.BadBirthDate, idno.BirthBefore1900, idno.BirthAfterRef, idno.Old15,
	idno.BadDisabilityCategory, idno.BadDisabilityGrade, idno.LostX,
}

func TestCheck(t *testing.T) {
	ref := date(2024, 9, 1)
	tests := []struct {
		name string
		raw  string
		want []idno.Defect
	}{
		// Valid numbers.
		{"GB 11643 example", "11010519491231002X", nil},
		{"lower-case x", "11010519491231002x", nil},
		{"spaces around", "  621121198503151231 ", nil},
		{"Wuhan", "420101198112011238", nil},
		{"valid ID ending in 000", "620102197506014000", nil},
		{"born 29 Feb of a leap year", "621121200002290049", nil},
		{"born 29 Feb 2024", "621121202402290020", nil},
		{"born 1 Jan 1900", "621121190001010010", nil},
		{"born on the reference date", "621121202409010036", nil},
		{"disability certificate, 20 digits", "62112119850315123114", nil},
		{"disability certificate, 22 characters", "4201011981120112384" + "3B1", nil},
		{"disability certificate, 22 digits", "4201011981120112384" + "301", nil},
		{"disability on an X ID, lower case", "11010519491231002x72", nil},

		// One named case for each defect.
		{"empty", "", []idno.Defect{idno.Empty}},
		{"only spaces", " \u3000 ", []idno.Defect{idno.Empty}},
		{"placeholder", "999999198501011234", []idno.Defect{idno.Placeholder}},
		{"placeholder, short", "999999", []idno.Defect{idno.Placeholder}},
		{"16 digits", "6211211985031512", []idno.Defect{idno.BadLength}},
		{"17 digits without X", "62112119850315123", []idno.Defect{idno.BadLength}},
		{"19 digits", "6211211985031512311", []idno.Defect{idno.BadLength}},
		{"scientific notation", "4.10105194912E+17", []idno.Defect{idno.BadLength, idno.BadChars}},
		{"Chinese text", "无", []idno.Defect{idno.BadLength, idno.BadChars}},
		{"letter inside", "6211211985031512A1", []idno.Defect{idno.BadChars}},
		{"X not last", "62112119850315X231", []idno.Defect{idno.BadChars}},
		{"full-width digit", "６21121198503151231", []idno.Defect{idno.BadChars}},
		{"disability category not a digit", "621121198503151231X4", []idno.Defect{idno.BadChars}},
		{"wrong check character", "110105194912310021", []idno.Defect{idno.WrongCheck}},
		{"wrong check character X", "62112119850315123X", []idno.Defect{idno.WrongCheck}},
		{"month 13", "621121198513151235", []idno.Defect{idno.BadBirthDate}},
		{"month 00", "621121198500151236", []idno.Defect{idno.BadBirthDate}},
		{"day 32", "621121198501321233", []idno.Defect{idno.BadBirthDate}},
		{"29 Feb of a common year", "621121202302290023", []idno.Defect{idno.BadBirthDate}},
		{"29 Feb 1900, not a leap year", "621121190002290018", []idno.Defect{idno.BadBirthDate}},
		{"born 1880", "440524188001010014", []idno.Defect{idno.BirthBefore1900}},
		{"born 31 Dec 1899", "621121189912310016", []idno.Defect{idno.BirthBefore1900}},
		{"born the day after the reference date", "621121202409020031", []idno.Defect{idno.BirthAfterRef}},
		{"old 15-digit number", "621121850315123", []idno.Defect{idno.Old15}},
		{"old 15-digit number, no such date", "621121850229123", []idno.Defect{idno.BadBirthDate, idno.Old15}},
		{"disability category 8", "62112119850315123181", []idno.Defect{idno.BadDisabilityCategory}},
		{"disability category 0", "62112119850315123101", []idno.Defect{idno.BadDisabilityCategory}},
		{"disability grade 5", "62112119850315123115", []idno.Defect{idno.BadDisabilityGrade}},
		{"disability grade 0", "62112119850315123110", []idno.Defect{idno.BadDisabilityGrade}},
		{"disability 00 on a wrong ID", "62112119850315123200",
			[]idno.Defect{idno.WrongCheck, idno.BadDisabilityCategory, idno.BadDisabilityGrade}},
		{"lost trailing X", "11010519491231002", []idno.Defect{idno.LostX}},
		{"lost trailing X, born after the reference date", "62112120250101008",
			[]idno.Defect{idno.BirthAfterRef, idno.LostX}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := idno.Check(tt.raw, ref); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Check(%q) = %v, want %v", tt.raw, got, tt.want)
			}
		})
	}
}

func TestCheckZeroRef(t *testing.T) {
	const future = "621121209901010013"
	if got, want := idno.Check(future, date(2024, 9, 1)), []idno.Defect{idno.BirthAfterRef}; !reflect.DeepEqual(got, want) {
		t.Errorf("Check(%q, 2024-09-01) = %v, want %v", future, got, want)
	}
	if got := idno.Check(future, time.Time{}); got != nil {
		t.Errorf("Check(%q, zero time) = %v, want no defect", future, got)
	}
}

func TestCheckRefInLocalTime(t *testing.T) {
	// 00:30 on 1 September in Beijing is still 31 August in UTC; the calendar day counts.
	ref := time.Date(2024, 9, 1, 0, 30, 0, 0, time.FixedZone("CST", 8*3600))
	if got := idno.Check("621121202409010036", ref); got != nil {
		t.Errorf("born on the reference day: %v, want no defect", got)
	}
}

func TestDefectText(t *testing.T) {
	seen := map[string]idno.Defect{}
	for _, d := range allDefects {
		text := d.Text()
		if text == string(d) || !utf8.ValidString(text) || !strings.ContainsFunc(text, isHan) {
			t.Errorf("%s.Text() = %q, want a Chinese description", d, text)
		}
		if other, ok := seen[text]; ok {
			t.Errorf("%s and %s share the text %q", d, other, text)
		}
		seen[text] = d
	}
	if got := idno.Defect("unknown").Text(); got != "unknown" {
		t.Errorf("unknown defect Text() = %q, want its code", got)
	}
}

func isHan(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }
