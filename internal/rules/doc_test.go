package rules

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestDocUpToDate: docs/rules.md is what the catalog generates. GONGGU_UPDATE_DOCS=1
// rewrites it.
func TestDocUpToDate(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteDoc(&buf, All()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", "docs", "rules.md")
	if os.Getenv("GONGGU_UPDATE_DOCS") == "1" {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(have, buf.Bytes()) {
		t.Fatalf("docs/rules.md is not what the rule catalog generates: run GONGGU_UPDATE_DOCS=1 go test ./internal/rules -run TestDocUpToDate")
	}
}

// TestPracticeNames: every rule cites checks that PRACTICE.md's list has.
func TestPracticeNames(t *testing.T) {
	var names []string
	for _, pc := range PracticeChecks {
		names = append(names, pc.Check)
	}
	for _, r := range All() {
		for _, p := range r.Practice {
			if !slices.Contains(names, p) {
				t.Errorf("%s cites %q, which PracticeChecks does not list", r.ID, p)
			}
		}
	}
}
