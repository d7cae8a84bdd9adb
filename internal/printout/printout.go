// Package printout is what gonggu's printed pages share (明白卡, 户帮扶手册): the HTML frame with
// the A4 (or A5) print style, the content security policy that lets a page carry that style
// and nothing else, and the PDF made by headless Chromium where the machine has it.
//
// A printed page is one self-contained HTML file: the same bytes are downloaded from the web,
// written by the command line, opened in a browser and printed, or turned into a PDF.
package printout

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"html/template"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
)

//go:embed print.css
var style string

// styleSource is the style's CSP source, its hash.
var styleSource = func() string {
	sum := sha256.Sum256([]byte(style))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

// CSP is the content security policy of a printed page: its own style, images as data, and
// nothing else (no script, no request).
func CSP() string {
	return "default-src 'none'; style-src " + styleSource + "; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}

// Size is a paper size.
type Size string

// The paper sizes.
const (
	A4 Size = "A4"
	A5 Size = "A5"
)

// ParseSize reads a paper size; "" is A4.
func ParseSize(s string) (Size, error) {
	switch s {
	case "", "A4", "a4":
		return A4, nil
	case "A5", "a5":
		return A5, nil
	}
	return "", errs.E(errs.Invalid, "纸张应为 A4 或 A5，而不是「%s」", s)
}

var frame = template.Must(template.New("frame").Parse(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>{{.Style}}</style>
</head>
<body{{if eq .Size "A5"}} class="a5"{{end}}>
{{.Body}}
</body>
</html>
`))

// Page writes a printed page: the sheets of body (elements of class "sheet", one per page) in
// the frame with the print style.
func Page(w io.Writer, title string, size Size, body template.HTML) error {
	err := frame.Execute(w, struct {
		Title string
		Size  Size
		Style template.CSS
		Body  template.HTML
	}{title, size, template.CSS(style), body})
	if err != nil {
		return errs.Wrap(err, errs.Internal, "无法生成打印页面")
	}
	return nil
}

// browsers are the names Chromium goes by.
var browsers = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge"}

// ErrNoBrowser says that this machine cannot make PDFs.
var ErrNoBrowser = errs.E(errs.Invalid, "本机未安装 Chromium 或 Chrome 浏览器，无法生成 PDF：请下载 HTML 文件，用浏览器打开后选择“打印 → 另存为 PDF”（纸张 A4，边距默认）")

// Browser returns the path of the Chromium (or Chrome) this machine has, or ErrNoBrowser.
func Browser() (string, error) {
	if p := os.Getenv("GONGGU_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, b := range browsers {
		if p, err := exec.LookPath(b); err == nil {
			return p, nil
		}
	}
	return "", ErrNoBrowser
}

// pdfSlots bounds the PDFs made at once: each is a browser process.
var pdfSlots = make(chan struct{}, 2)

// PDF prints a page to PDF in headless Chromium, on the page size its style sets, within the
// context's deadline (two minutes at most).
func PDF(ctx context.Context, html []byte) ([]byte, error) {
	browser, err := Browser()
	if err != nil {
		return nil, err
	}
	select {
	case pdfSlots <- struct{}{}:
		defer func() { <-pdfSlots }()
	case <-ctx.Done():
		return nil, errs.E(errs.Conflict, "正在生成其他 PDF，请稍后再试")
	}
	dir, err := os.MkdirTemp("", "gonggu-pdf-")
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "无法生成 PDF")
	}
	defer os.RemoveAll(dir)
	in, out := filepath.Join(dir, "page.html"), filepath.Join(dir, "page.pdf")
	if err := os.WriteFile(in, html, 0o600); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "无法生成 PDF")
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-extensions", "--disable-background-networking", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--no-pdf-header-footer", "--run-all-compositor-stages-before-draw", "--print-to-pdf="+out, "file://"+in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "浏览器生成 PDF 失败：%s", lastLine(stderr.String()))
	}
	b, err := os.ReadFile(out)
	if err != nil || len(b) < 5 || string(b[:5]) != "%PDF-" {
		return nil, errs.E(errs.Internal, "浏览器没有生成 PDF：%s", lastLine(stderr.String()))
	}
	return b, nil
}

// lastLine returns the last non-empty line of a text, clipped.
func lastLine(s string) string {
	lines := bytes.Split(bytes.TrimSpace([]byte(s)), []byte("\n"))
	l := string(lines[len(lines)-1])
	if r := []rune(l); len(r) > 200 {
		l = string(r[:200])
	}
	return l
}
