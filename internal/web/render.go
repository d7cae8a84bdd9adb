package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

//go:embed templates
var templateFS embed.FS

// static holds the application's own CSS and JavaScript, and vendor/ with the third-party
// files (htmx, ECharts) that the build copies from npm; vendor/ always has its README, so the
// embed builds without them.
//
//go:embed static
var staticFS embed.FS

// page is what every template gets: the common frame and the page's own data.
type page struct {
	Title     string
	Nav       string // the active menu entry
	User      *auth.User
	UserArea  string
	CSRF      string
	RequestID string
	Flash     string
	Vendor    vendorFiles
	Data      any
}

type vendorFiles struct{ HTMX, ECharts bool }

var vendor = vendorFiles{HTMX: hasStatic("static/vendor/htmx.min.js"), ECharts: hasStatic("static/vendor/echarts.min.js")}

func hasStatic(name string) bool {
	_, err := fs.Stat(staticFS, name)
	return err == nil
}

func parseTemplates() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		if base == "partials" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		out[base] = t
	}
	return out, nil
}

// render writes a page. It renders into a buffer first, so a template error becomes an error
// page instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t := s.pages[name]
	p := page{Title: titleOf(data), Nav: navOf(name), User: user(r), RequestID: requestID(r.Context()),
		Vendor: vendor, Data: data, Flash: r.URL.Query().Get("msg")}
	if p.Flash != "" {
		p.Flash = flashText(r)
	}
	if p.User != nil {
		p.UserArea = s.cfg.Tree.FullName(p.User.Region)
	}
	if sess := sessionFrom(r.Context()); sess != nil {
		p.CSRF = sess.CSRF
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("template", "request_id", p.RequestID, "template", name, "err", err)
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, "页面显示出错（错误编号 %s）", p.RequestID)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderBlock writes one block of a page's templates with the page's data alone: the part of a
// page that htmx swaps in (search results, import progress).
func (s *Server) renderBlock(w http.ResponseWriter, r *http.Request, name, block string, data any) {
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, block, data); err != nil {
		s.log.Error("template", "request_id", requestID(r.Context()), "template", name, "err", err)
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

// titled is implemented by page data that names its page.
type titled interface{ PageTitle() string }

func titleOf(data any) string {
	if t, ok := data.(titled); ok {
		return t.PageTitle()
	}
	if e, ok := data.(errorPage); ok {
		return e.Title
	}
	return ""
}

func navOf(name string) string {
	switch {
	case name == "region":
		return "region"
	case strings.HasPrefix(name, "household") || strings.HasPrefix(name, "edit"):
		return "households"
	}
	return name
}

var funcs = template.FuncMap{
	"money": func(m registry.Money) string { return m.String() },
	"date": func(d registry.Date) string {
		if d.IsZero() {
			return "—"
		}
		return d.String()
	},
	"month": func(m registry.Month) string {
		if m.IsZero() {
			return "—"
		}
		return m.String()
	},
	// flag and filled show a recorded field; a blank one reads 未填, the one spelling of "not
	// filled" on pages, forms and exports.
	"flag": func(f registry.Flag) string {
		if s := f.String(); s != "" {
			return s
		}
		return unfilled
	},
	"filled": func(s string) string {
		if strings.TrimSpace(s) == "" {
			return unfilled
		}
		return s
	},
	"dash": func(s string) string {
		if strings.TrimSpace(s) == "" {
			return "—"
		}
		return s
	},
	"num": func(n int) string { return registry.Thousands(int64(n)) },
	"time": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(chinaTime).Format("2006-01-02 15:04")
	},
	"pct": func(a, b int) string {
		if b == 0 {
			return "—"
		}
		return strconv.FormatFloat(float64(a)*100/float64(b), 'f', 1, 64) + "%"
	},
	// barw returns a bar's width in percent, rounded to the 5% steps the stylesheet has
	// classes for (the content security policy allows no inline styles).
	"barw": func(a, max int) int {
		if max <= 0 || a <= 0 {
			return 0
		}
		w := (a*20 + max - 1) / max * 5
		return min(w, 100)
	},
	"join":     strings.Join,
	"level":    func(c region.Code) string { return c.Level().String() },
	"selected": func(a, b string) bool { return a == b },
	"has": func(list []string, v string) bool {
		for _, x := range list {
			if x == v {
				return true
			}
		}
		return false
	},
	"can": func(u *auth.User, p string) bool {
		switch p {
		case "edit":
			return u.Can(auth.PermEdit)
		case "unmask":
			return u.Can(auth.PermUnmask)
		case "waive":
			return u.Can(auth.PermWaive)
		case "import":
			return u.Can(auth.PermImport)
		case "params":
			return u.Can(auth.PermParams)
		case "audit":
			return u.Can(auth.PermAudit)
		case "users":
			return u.Can(auth.PermUsers)
		}
		return false
	},
	"add": func(a, b int) int { return a + b },
	// mask masks the ID numbers and phones inside a free text (a reason, a description, a
	// note, an audit detail): users type them there, and free text is shown to every role.
	"mask": auth.MaskText,
	// shown is a free text on a page that an audited reveal may show in full: masked unless
	// full.
	"shown": func(full bool, s string) string {
		if full {
			return s
		}
		return auth.MaskText(s)
	},
}

// unfilled is how pages and exports write a field that was left blank.
const unfilled = "未填"

// chinaTime is China Standard Time, the time staff read.
var chinaTime = time.FixedZone("CST", 8*3600)
