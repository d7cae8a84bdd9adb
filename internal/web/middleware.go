package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
)

const sessionCookie = "gonggu_session"

// handler is a route's handler: it returns an error, and fail turns it into the page or JSON
// the user sees.
type handler func(w http.ResponseWriter, r *http.Request) error

type sessionKey struct{}

func sessionFrom(ctx context.Context) *auth.Session {
	s, _ := ctx.Value(sessionKey{}).(*auth.Session)
	return s
}

// authed wraps a handler that needs a logged-in user. It finds the session, puts the user,
// the session and the audit actor in the context, and checks the CSRF token of every request
// that may change something.
func (s *Server) authed(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		note(w, r)
		c, err := r.Cookie(sessionCookie)
		token := ""
		if err == nil {
			token = c.Value
		}
		u, sess, err := s.cfg.Auth.Authenticate(r.Context(), token)
		if err != nil {
			if token != "" && errs.Is(err, errs.Unauthorized) {
				s.clearSessionCookie(w, r)
			}
			s.fail(w, r, err)
			return
		}
		ctx := auth.WithUser(r.Context(), u)
		ctx = context.WithValue(ctx, sessionKey{}, sess)
		ctx = audit.WithActor(ctx, audit.Actor{Username: u.Username, RequestID: requestID(ctx), IP: s.clientIP(r)})
		r = r.WithContext(ctx)
		// The server removes the temporary files of a multipart form parsed on the request it
		// made, not on this copy: remove them here, whatever the handler's outcome.
		defer func() {
			if r.MultipartForm != nil {
				r.MultipartForm.RemoveAll()
			}
		}()
		note(w, r)
		if !safeMethod(r.Method) {
			// The CSRF check reads the body: bound it first, so that no request can make the
			// server buffer more than the largest upload it accepts.
			limit := int64(maxForm)
			if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
				limit = maxUpload
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			if err := s.checkCSRF(r, sess); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		// Pages show personal data: no shared or browser caches may keep them.
		w.Header().Set("Cache-Control", "no-store")
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// public wraps a handler that needs no session (the login page, static files).
func (s *Server) public(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		note(w, r)
		r = r.WithContext(audit.WithActor(r.Context(), audit.Actor{RequestID: requestID(r.Context()), IP: s.clientIP(r)}))
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// maxForm bounds the body of a form post that is not a file upload.
const maxForm = 1 << 20

var errCSRF = errs.E(errs.Forbidden, "页面已过期或请求来源不明，请刷新页面后重试")

// checkCSRF accepts a request whose token (form field csrf or header X-CSRF-Token, which htmx
// sends) equals the session's, and whose Origin, when the browser sends one, is this server.
func (s *Server) checkCSRF(r *http.Request, sess *auth.Session) error {
	if !s.sameOrigin(r) {
		return errCSRF
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		var err error
		if got, err = formValue(r, "csrf"); err != nil {
			return err
		}
	}
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(sess.CSRF)) != 1 {
		return errCSRF
	}
	return nil
}

// formValue reads a form field, from a multipart body too. A bad body reads as no value; a
// body over the request's size limit is an error the user can act on.
func formValue(r *http.Request, name string) (string, error) {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(32 << 20)
	} else {
		err = r.ParseForm()
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return "", errs.E(errs.Invalid, "提交的内容超过 %d MB 的上限，请缩小文件或分批上传", tooLarge.Limit>>20)
	}
	if err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return "", nil
	}
	return r.FormValue(name), nil
}

func (s *Server) sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	if err != nil {
		return false
	}
	host := r.Host
	if s.cfg.TrustProxy {
		if fh := r.Header.Get("X-Forwarded-Host"); fh != "" {
			host = fh
		}
	}
	return strings.EqualFold(u.Host, host)
}

// secure reports whether the client reached us over HTTPS, directly or through a trusted proxy.
func (s *Server) secure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	return s.cfg.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// clientIP returns the client's address, which throttling counts and the audit log records:
// the connection's, or behind trusted proxies the address the outermost of them appended to
// X-Forwarded-For. Every proxy appends the address it received the request from, so with N
// proxies the N-th entry from the right is the client as the first proxy saw it; the entries
// left of it are whatever the client sent and prove nothing.
func (s *Server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.cfg.TrustProxy {
		return host
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		for _, a := range strings.Split(h, ",") {
			hops = append(hops, strings.TrimSpace(a))
		}
	}
	if len(hops) == 0 {
		return host
	}
	n := max(s.cfg.TrustedProxies, 1)
	// Fewer entries than proxies: the request came in past some of them, and the leftmost
	// entry is still one a trusted proxy wrote.
	a := hops[max(len(hops)-n, 0)]
	if ip, err := netip.ParseAddr(a); err == nil {
		return ip.Unmap().String()
	}
	if ap, err := netip.ParseAddrPort(a); err == nil {
		return ap.Addr().Unmap().String()
	}
	return host
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
}

// user returns the acting user; routes behind authed always have one.
func user(r *http.Request) *auth.User { return auth.UserFrom(r.Context()) }
