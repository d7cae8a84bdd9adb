package web

import (
	"strings"
	"testing"
)

// browserPath is what a browser makes of a Location header that is a path: the WHATWG URL
// parser removes TAB, CR and LF anywhere and reads a backslash as a slash.
func browserPath(s string) string {
	s = strings.NewReplacer("\t", "", "\r", "", "\n", "").Replace(s)
	return strings.ReplaceAll(s, `\`, "/")
}

// sameOrigin reports whether a browser keeps a redirect to s on this site: after its
// normalisation, s is a path that begins with a single slash.
func sameOrigin(s string) bool {
	p := browserPath(s)
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//")
}

func TestSafeNext(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty", "", "/"},
		{"home", "/", "/"},
		{"page", "/households/6211211012010007", "/households/6211211012010007"},
		{"query", "/findings?status=open&region=621121", "/findings?status=open&region=621121"},
		{"fragment", "/ledger/L1#files", "/ledger/L1#files"},
		{"absolute url", "https://evil.example/", "/"},
		{"scheme relative", "//evil.example/", "/"},
		{"backslash", `/\evil.example`, "/"},
		{"backslashes", `\\evil.example`, "/"},
		{"tab", "/\t/evil.example", "/"},
		{"tab before backslash", "/\t\\evil.example", "/"},
		{"cr", "/\r/evil.example", "/"},
		{"lf", "/\n/evil.example", "/"},
		{"header splitting", "/x\r\nSet-Cookie: a=b", "/"},
		{"nul", "/\x00/evil.example", "/"},
		{"del", "/x\x7f", "/"},
		{"javascript", "javascript:alert(1)", "/"},
		{"relative", "households", "/"},
		{"login loop", "/login?next=/", "/"},
		{"encoded slash", "/%2f/evil.example", "/%2f/evil.example"},
		{"chinese", "/households?q=周建国", "/households?q=周建国"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := safeNext(tc.in); got != tc.want {
				t.Errorf("safeNext(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// FuzzSafeNext checks the invariant of the redirect after login and after a waiver (the next
// and back form values): whatever safeNext returns is the input or "/", and, after the
// browser's normalisation (TAB, CR and LF removed, backslash read as slash), a same-origin
// path beginning with one slash not followed by another slash or a backslash.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "/households/6211211012010007", "/findings?status=open", "//evil.example",
		`/\evil.example`, "/\t/evil.example", "https://evil.example", "/login", "/%09/x", "/ledger#files"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := safeNext(s)
		if got != s && got != "/" {
			t.Fatalf("safeNext(%q) = %q, neither the input nor /", s, got)
		}
		if !sameOrigin(got) {
			t.Fatalf("safeNext(%q) = %q, which a browser reads as %q: not a path on this site", s, got, browserPath(got))
		}
	})
}
