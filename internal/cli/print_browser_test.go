package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/web/browsertest"
)

// TestPrintedPagesFitA4: the 明白卡 of a county and of its villages and the 户帮扶手册 of the
// fullest household of the demo print on A4 with no text cut: laid out as Chromium prints them
// (print media, the width inside the page's margins), no element reaches past the page's edge
// and no table cell or figure holds text wider than itself; the PDFs are made.
func TestPrintedPagesFitA4(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code, _, stderr := runCmd(t, "demo", "--db", db, "--households", "400", "--no-serve"); code != 0 {
		t.Fatalf("demo: %d %s", code, stderr)
	}
	// The household with the most measures and members: the longest handbook.
	ctx := context.Background()
	st, err := store.Open(ctx, db, func() time.Time { return time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC) })
	if err != nil {
		t.Fatal(err)
	}
	var no string
	err = st.SQL.QueryRowContext(ctx, `SELECT h.household_no FROM households h
		WHERE h.county_code = '621121000000'
		ORDER BY (SELECT count(*) FROM measures m WHERE m.county_code = h.county_code AND m.household_no = h.household_no) +
		         (SELECT count(*) FROM persons p WHERE p.county_code = h.county_code AND p.household_no = h.household_no) DESC,
		         h.household_no LIMIT 1`).Scan(&no)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string][]string{
		"card-county.html":   {"card", "--db", db, "--region", "621121"},
		"card-villages.html": {"card", "--db", db, "--region", "621121100000", "--villages", "--role", "cadre"},
		"handbook.html":      {"handbook", "--db", db, "--household", no},
		"handbook-a5.html":   {"handbook", "--db", db, "--household", no, "--size", "A5"},
	}
	for name, args := range pages {
		out := filepath.Join(dir, name)
		if code, _, stderr := runCmd(t, append(args, "--out", out)...); code != 0 {
			t.Fatalf("%s: %d %s", name, code, stderr)
		}
	}

	bctx := browsertest.Start(t)
	for name := range pages {
		// The width inside the page's margins: A4 210 mm less 2 × 11 mm, A5 148 mm less 2 × 8 mm.
		mm := 188.0
		if strings.Contains(name, "a5") {
			mm = 132.0
		}
		width := int64(mm / 25.4 * 96)
		sctx, cancel := context.WithTimeout(bctx, time.Minute)
		err := chromedp.Do(sctx, chromedp.EmulateViewport(width, 1000),
			func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
				_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
				return chromedp.Void{}, err
			},
			chromedp.Navigate("file://"+filepath.Join(dir, name)), chromedp.WaitReady(`body`))
		if err != nil {
			cancel()
			t.Fatalf("%s: %v", name, err)
		}
		cut, err := chromedp.Run(sctx, chromedp.Evaluate[[]string](`(function () {
			var out = [], edge = document.documentElement.clientWidth + 1;
			var els = document.querySelectorAll('body *');
			for (var i = 0; i < els.length && out.length < 10; i++) {
				var el = els[i], r = el.getBoundingClientRect();
				if (r.width === 0 && r.height === 0) { continue; }
				var what = el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' «' + (el.textContent || '').trim().slice(0, 40) + '»';
				if (r.right > edge) { out.push('past the page edge by ' + Math.round(r.right - edge) + ' px: ' + what); continue; }
				if (/^(TD|TH|DIV|SPAN|P|LI)$/.test(el.tagName) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 &&
					getComputedStyle(el).display !== 'inline') {
					out.push('text wider than its box by ' + (el.scrollWidth - el.clientWidth) + ' px: ' + what);
				}
			}
			return out;
		})()`))
		cancel()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, c := range cut {
			t.Errorf("%s: %s", name, c)
		}
		browsertest.Shot(t, bctx, "print-"+strings.TrimSuffix(name, ".html"))
	}

	// The PDFs: headless Chromium prints them; each is a PDF of at least one page.
	for _, args := range [][]string{pages["card-county.html"], pages["handbook.html"]} {
		out := filepath.Join(dir, args[0]+".pdf")
		if code, _, stderr := runCmd(t, append(args, "--out", out)...); code != 0 {
			t.Fatalf("%s pdf: %d %s", args[0], code, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b, []byte("/Type /Page")) && !bytes.Contains(b, []byte("/Type/Page")) {
			t.Errorf("%s: not a PDF with a page (%d bytes, %v)", out, len(b), err)
		}
	}
}
