package auth

import (
	"strings"
	"unicode/utf8"
)

// MaskName keeps the first character of a person's name and stars the rest (张*, 欧阳**): how
// an export shows a name to a user whose role may not see it in full.
func MaskName(name string) string {
	name = strings.TrimSpace(name)
	n := utf8.RuneCountInString(name)
	if n == 0 {
		return ""
	}
	r, _ := utf8.DecodeRuneInString(name)
	return string(r) + strings.Repeat("*", max(n-1, 1))
}

// MaskNames masks the given names inside a text, as MaskName masks each alone; names of one
// character are left, since they would match too much.
func MaskNames(s string, names ...string) string {
	for _, n := range names {
		if utf8.RuneCountInString(strings.TrimSpace(n)) >= 2 {
			s = strings.ReplaceAll(s, strings.TrimSpace(n), MaskName(n))
		}
	}
	return s
}
