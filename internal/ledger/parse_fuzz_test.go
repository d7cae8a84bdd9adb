package ledger_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/ledger"
)

// Fuzz targets for the ledger's parsers of user text (the web form and the imported 整改台账).
//
// FuzzParseDate: a deadline that is accepted comes back as YYYY-MM-DD of a real calendar
// date, parsing that again gives it unchanged, and a refusal is errs.Invalid.
//
// FuzzParseStatusSource: an accepted status or source is one of the listed values, the input
// (trimmed) is its code or its Chinese label, and both parse back to it; a refusal is
// errs.Invalid.

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-12-31", "2026/1/5", "2026.12.31", "2026年12月31日", " 2026-2-29 ", "2028-02-29",
		"2026-13-01", "31/12/2026", "", "2026年12月", "2026-12-31日日", "０２０２６-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ledger.ParseDate(s)
		if err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("ParseDate(%q): error %v is not errs.Invalid", s, err)
			}
			return
		}
		d, perr := time.Parse(ledger.DateLayout, got)
		if perr != nil || d.Format(ledger.DateLayout) != got {
			t.Fatalf("ParseDate(%q) = %q, not a YYYY-MM-DD date", s, got)
		}
		again, err := ledger.ParseDate(got)
		if err != nil || again != got {
			t.Fatalf("ParseDate(%q) = %q, but ParseDate(%q) = %q, %v", s, got, got, again, err)
		}
	})
}

func FuzzParseStatusSource(f *testing.F) {
	for _, s := range []string{"pending", "待整改", " 已销号 ", "closed", "province", "省级反馈", "信访", "自查", "finding",
		"系统筛查", "", "Pending", "已 销号"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if st, err := ledger.ParseStatus(s); err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Errorf("ParseStatus(%q): error %v is not errs.Invalid", s, err)
			}
		} else {
			if !slices.Contains(ledger.Statuses, st) {
				t.Errorf("ParseStatus(%q) = %q, not a status", s, st)
			}
			if in := strings.TrimSpace(s); in != string(st) && in != st.Label() {
				t.Errorf("ParseStatus(%q) = %q from neither its code nor its label", s, st)
			}
			for _, back := range []string{string(st), st.Label()} {
				if again, err := ledger.ParseStatus(back); err != nil || again != st {
					t.Errorf("ParseStatus(%q) = %q, %v; want %q", back, again, err, st)
				}
			}
		}
		if src, err := ledger.ParseSource(s); err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Errorf("ParseSource(%q): error %v is not errs.Invalid", s, err)
			}
		} else {
			if !slices.Contains(ledger.Sources, src) {
				t.Errorf("ParseSource(%q) = %q, not a source", s, src)
			}
			if in := strings.TrimSpace(s); in != string(src) && in != src.Label() {
				t.Errorf("ParseSource(%q) = %q from neither its code nor its label", s, src)
			}
			for _, back := range []string{string(src), src.Label()} {
				if again, err := ledger.ParseSource(back); err != nil || again != src {
					t.Errorf("ParseSource(%q) = %q, %v; want %q", back, again, err, src)
				}
			}
		}
	})
}
