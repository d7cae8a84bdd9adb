package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
)

// The login form has no session yet, so its CSRF protection is a double-submit token: a
// random value in a cookie that must come back in the form, which another site can neither
// read nor set.
const loginCSRFCookie = "gonggu_login"

type loginPage struct {
	Next    string
	Error   string
	Token   string
	Account string
}

func (loginPage) PageTitle() string { return "登录" }

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	s.showLogin(w, r, http.StatusOK, "", "")
	return nil
}

func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, status int, msg, account string) {
	b := make([]byte, 24)
	rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: tok, Path: "/login", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: s.secure(r), MaxAge: 3600})
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "login", loginPage{Next: safeNext(r.FormValue("next")), Error: msg, Token: tok, Account: account})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return errs.E(errs.Invalid, "登录表单有误")
	}
	c, err := r.Cookie(loginCSRFCookie)
	if err != nil || !s.sameOrigin(r) || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) != 1 {
		s.showLogin(w, r, http.StatusForbidden, "登录页面已过期，请重新输入。", "")
		return nil
	}
	username := strings.TrimSpace(r.PostFormValue("username"))
	token, _, u, err := s.cfg.Auth.Login(r.Context(), username, r.PostFormValue("password"), s.clientIP(r))
	if err != nil {
		if errs.CodeOf(err) != errs.Unauthorized {
			return err
		}
		status := http.StatusUnauthorized
		if errors.Is(err, auth.ErrThrottled) || errors.Is(err, auth.ErrBusy) {
			status = http.StatusTooManyRequests
			setRetryAfter(w, err)
		} else {
			s.auditLogin(r, audit.LoginFailed, username, nil)
		}
		s.showLogin(w, r, status, errs.Message(err), username)
		return nil
	}
	s.auditLogin(r, audit.Login, u.Username, u)
	s.setSessionCookie(w, r, token)
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Path: "/login", MaxAge: -1})
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}

// setRetryAfter tells a refused client when to try again, in whole seconds.
func setRetryAfter(w http.ResponseWriter, err error) {
	if d, ok := auth.RetryAfter(err); ok {
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(d.Seconds())))))
	}
}

// auditLogin records a login or a failed one. A failed login's username is recorded only when
// it exists: a password typed into the username field must not land in the log.
func (s *Server) auditLogin(r *http.Request, a audit.Action, username string, u *auth.User) {
	e := audit.Entry{Action: a, ObjectType: "user", Username: username}
	if u == nil {
		known, err := s.users.User(r.Context(), username)
		if err != nil {
			e.Username, e.Detail = "（未知用户）", "用户名不存在"
		} else {
			e.Username, e.Region = known.Username, known.Region
		}
	} else {
		e.Region = u.Region
	}
	e.ObjectID = e.Username
	if err := s.audit.Append(r.Context(), e); err != nil {
		s.log.Error("audit login", "request_id", requestID(r.Context()), "err", err)
	}
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	c, err := r.Cookie(sessionCookie)
	if err == nil {
		if err := s.cfg.Auth.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	u := user(r)
	s.audit.Append(r.Context(), audit.Entry{Action: audit.Logout, ObjectType: "user", ObjectID: u.Username, Region: u.Region})
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// safeNext keeps a redirect after login or a waiver on this site: a path, never a URL to
// elsewhere. A browser removes TAB, CR and LF from a URL and reads a backslash as a slash,
// so "/\t/evil.example" would take it to evil.example: any control character is refused,
// and the path may not begin with two slashes or a slash and a backslash.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.HasPrefix(next, "/login") || strings.ContainsFunc(next, isControl) {
		return "/"
	}
	return next
}

// isControl reports whether r is an ASCII control character.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return errs.E(errs.NotFound, "页面不存在")
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) error {
	return errs.E(errs.NotFound, "接口不存在")
}
