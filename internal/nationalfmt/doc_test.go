package nationalfmt

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFormatDoc: docs/national-format.md is what the column tables generate.
// GONGGU_UPDATE_DOCS=1 rewrites it.
func TestFormatDoc(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteDoc(&buf); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| 风险类型 | 务工就业不稳 | 因务工就业不稳 |", "| 在校生状况 | 非在校生 | （空白） |",
		"| 致贫返贫风险 |", "| 人均纯收入 |", "“无”"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the format page lacks %q", want)
		}
	}
	path := filepath.Join("..", "..", "docs", "national-format.md")
	if os.Getenv("GONGGU_UPDATE_DOCS") == "1" {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(have, buf.Bytes()) {
		t.Fatalf("docs/national-format.md is not what the column tables generate: run GONGGU_UPDATE_DOCS=1 go test ./internal/nationalfmt -run TestFormatDoc")
	}
}
