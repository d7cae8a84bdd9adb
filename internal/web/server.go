// Package web is gonggu's web application: server-rendered pages in Simplified Chinese for
// bureau staff at a desk and village cadres on a phone, and a JSON API under /api/ with the
// same data and the same scoping.
//
// Every route but the login page needs a session; every form carries the session's CSRF
// token; every handler asks auth.Scope which region the user may see, and a household page
// checks the household's village against it. Personal numbers are masked by auth's Masker
// unless the user's role allows and the user asks, and that view is audited.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/gonggu/gonggu/internal/accounts"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/store"
)

// Config is what the web application needs. DB, Tree and Auth are required; the other parts
// plug in when the packages behind them are present, and their pages say so otherwise.
type Config struct {
	DB   *store.DB
	Tree *region.Tree
	Auth *auth.Service
	Now  func() time.Time
	Log  *slog.Logger

	// TrustProxy makes the server believe X-Forwarded-Proto and X-Forwarded-For from a
	// reverse proxy in front of it: cookies become Secure behind an HTTPS proxy, and
	// throttling and the audit log count the client's address, not the proxy's.
	TrustProxy bool
	// TrustedProxies is how many reverse proxies stand in front of the server (1 when 0): the
	// client's address is the entry of X-Forwarded-For that the outermost of them appended,
	// this many from the right.
	TrustedProxies int
	// FiguresTTL bounds how long region figures are cached when no write in this deployment
	// bumped the data version (writes by other programs): 30 seconds by default.
	FiguresTTL time.Duration

	Screening Screening      // findings, waivers and re-screening; nil until available
	Imports   Imports        // uploads of national exports; nil until available
	Params    Params         // policy parameters; nil until available
	Scorecard *score.Service // the post-evaluation scorecard; nil until available
}

// Server is the web application.
type Server struct {
	cfg     Config
	log     *slog.Logger
	now     func() time.Time
	users   *store.Users
	reg     *store.Registry
	audit   *store.AuditLog
	figures *figureCache
	scores  *scoreRefresher // nil without a scorecard
	accts   *accounts.Service
	pages   map[string]*template.Template
	mux     *http.ServeMux
}

// New returns the web application for the configuration.
func New(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.FiguresTTL == 0 {
		cfg.FiguresTTL = 30 * time.Second
	}
	s := &Server{cfg: cfg, log: cfg.Log, now: cfg.Now,
		users: store.NewUsers(cfg.DB), reg: store.NewRegistry(cfg.DB), audit: store.NewAuditLog(cfg.DB)}
	s.figures = newFigureCache(s, cfg.FiguresTTL)
	s.scores = newScoreRefresher(cfg.Scorecard, cfg.Log)
	s.accts = accounts.New(cfg.DB)
	if im, ok := cfg.Imports.(*imports); ok && im.tree == nil {
		im.tree = cfg.Tree
	}
	if cfg.Auth != nil {
		s.accts.Hash = cfg.Auth.Hash
	}
	var err error
	if s.pages, err = parseTemplates(); err != nil {
		return nil, err
	}
	s.mux = http.NewServeMux()
	s.routes()
	return s, nil
}

// ServeHTTP serves a request through the middleware: a request id, logging without personal
// data, recovery from panics, and security headers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.now()
	rid := newRequestID()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	h := rec.Header()
	h.Set("X-Request-Id", rid)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	ctx := context.WithValue(r.Context(), requestIDKey{}, rid)
	r = r.WithContext(ctx)
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic", "request_id", rid, "pattern", r.Pattern, "panic", p)
			if !rec.wrote {
				s.fail(rec, r, errInternalPanic)
			}
		}
		// The pattern, not the path: paths and queries carry 户编号, names and ID numbers.
		user := ""
		if u := auth.UserFrom(r.Context()); u != nil {
			user = u.Username
		}
		if ru, ok := rec.user(); ok {
			user = ru
		}
		s.log.Info("request", "request_id", rid, "method", r.Method, "pattern", patternOf(r, rec),
			"status", rec.status, "ms", s.now().Sub(start).Milliseconds(), "user", user)
	}()
	s.mux.ServeHTTP(rec, r)
}

func patternOf(r *http.Request, rec *statusRecorder) string {
	if rec.pattern != "" {
		return rec.pattern
	}
	if r.Pattern != "" {
		return r.Pattern
	}
	return "(none)"
}

type requestIDKey struct{}

func requestID(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey{}).(string)
	return s
}

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// statusRecorder remembers the status and, for the log line, the route pattern and user that
// inner handlers saw (their request copies carry them, the outer one does not).
type statusRecorder struct {
	http.ResponseWriter
	status   int
	wrote    bool
	pattern  string
	username string
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) user() (string, bool) { return r.username, r.username != "" }

// Flush lets streamed responses (exports) flush through the recorder.
func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// note records the route pattern and user on the recorder for the log line.
func note(w http.ResponseWriter, r *http.Request) {
	if rec, ok := w.(*statusRecorder); ok {
		rec.pattern = r.Pattern
		if u := auth.UserFrom(r.Context()); u != nil {
			rec.username = u.Username
		}
	}
}
