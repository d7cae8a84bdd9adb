package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/gonggu/gonggu/internal/errs"
)

// Session is a logged-in browser. The cookie holds a random token; the store keeps only its
// SHA-256, with the session's CSRF token and its times.
type Session struct {
	TokenHash string
	Username  string
	CSRF      string
	Created   time.Time
	Seen      time.Time
	Expires   time.Time
}

// UserStore finds users.
type UserStore interface {
	// User returns the user with the username, or an errs.NotFound error.
	User(ctx context.Context, username string) (*User, error)
}

// SessionStore keeps sessions.
type SessionStore interface {
	CreateSession(ctx context.Context, s *Session) error
	// SessionUser returns the session with the token hash and its user, in one lookup, or an
	// errs.NotFound error when there is no such session or its user is gone.
	SessionUser(ctx context.Context, tokenHash string) (*Session, *User, error)
	TouchSession(ctx context.Context, tokenHash string, seen, expires time.Time) error
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)
}

// ThrottleStore counts login attempts and failures per key across all servers. A login
// records its attempt before its password is checked and decides from the count that the
// recording returns, so that parallel guesses cannot all pass a check made before any of them
// counted.
type ThrottleStore interface {
	// Attempt records an attempt against every limit's key in one transaction. When a key is
	// locked, or its count in the window (failures, attempts still being checked and this one)
	// exceeds the limit's Max, nothing is recorded and it returns the time until which the
	// attempt is refused; otherwise the zero time.
	Attempt(ctx context.Context, limits []ThrottleLimit, now time.Time, window time.Duration) (time.Time, error)
	// Fail makes the attempts recorded at now failures: a key whose count reached its limit's
	// Max is locked until now+lock.
	Fail(ctx context.Context, limits []ThrottleLimit, now time.Time, lock time.Duration) error
	// Withdraw takes back attempts recorded at attempted that were not failures (the password
	// was right, or it was never checked). The failures counted in the window stay.
	Withdraw(ctx context.Context, keys []string, attempted time.Time) error
}

// ThrottleLimit is a throttling key ('u:' + username, 'ip:' + address) and the number of
// failures it may have in a window.
type ThrottleLimit struct {
	Key string
	Max int
}

// Limits are the login throttling and session lifetime settings.
type Limits struct {
	Window      time.Duration // failures count within this window
	PerUser     int           // failures of one account before it is locked
	PerIP       int           // failures from one address before it is locked
	Lock        time.Duration // how long a lock lasts
	SessionIdle time.Duration // a session unused this long ends
	SessionMax  time.Duration // a session ends this long after login whatever its use
	// SessionCache is how long a server trusts a session it has looked up without asking the
	// database again: a logout or a disabled account on another server takes effect there
	// within this time (at once on the server that did it). 0 asks every time.
	SessionCache time.Duration
}

// DefaultLimits: 5 failures per account or 20 per address in 15 minutes lock for 15 minutes;
// a session lasts 2 hours unused and 12 hours at most, a working day.
var DefaultLimits = Limits{Window: 15 * time.Minute, PerUser: 5, PerIP: 20, Lock: 15 * time.Minute,
	SessionIdle: 2 * time.Hour, SessionMax: 12 * time.Hour, SessionCache: 5 * time.Second}

// ForgetUser drops the cached sessions of a user, after its password changed or it was
// disabled through this process.
func (s *Service) ForgetUser(username string) {
	s.mu.Lock()
	for h, c := range s.recent {
		if c.u.Username == username {
			delete(s.recent, h)
		}
	}
	s.mu.Unlock()
}

// ErrThrottled is in the chain of a login refused because of too many failures.
var ErrThrottled = errors.New("auth: login throttled")

// Service logs users in and out and finds the user of a session token.
type Service struct {
	Users    UserStore
	Sessions SessionStore
	Throttle ThrottleStore
	Now      func() time.Time
	Hash     HashParams
	Limits   Limits

	// HashBudget bounds the memory (KiB) of the password checks running at once, HashQueue how
	// many logins may wait for it and HashWait how long each may wait; a login beyond them is
	// refused with ErrBusy. They are read when the first login checks a password.
	HashBudget int64
	HashQueue  int
	HashWait   time.Duration

	gateOnce sync.Once
	gate     *hashGate
	// dummy is a hash checked when the username is unknown, so that a reply's timing does not
	// tell which usernames exist.
	dummyOnce sync.Once
	dummy     string

	mu     sync.Mutex
	recent map[string]cachedSession // by token hash
}

type cachedSession struct {
	s  Session
	u  User
	at time.Time
}

// NewService returns a login service over the stores with the default limits and hashing.
func NewService(users UserStore, sessions SessionStore, throttle ThrottleStore, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{Users: users, Sessions: sessions, Throttle: throttle, Now: now,
		Hash: DefaultHashParams, Limits: DefaultLimits,
		HashBudget: DefaultHashBudget, HashQueue: DefaultHashQueue, HashWait: DefaultHashWait}
}

var errBadLogin = errs.E(errs.Unauthorized, "用户名或密码错误")

// Login checks the credentials and opens a session. It returns the session's cookie token.
// The attempt counts against the account and the address before the password is checked
// (see ThrottleStore): a locked account or address, or one with as many attempts under way as
// it may still fail, is refused unchecked with ErrThrottled. A wrong password stays counted; a
// right one is taken back, without erasing the failures before it. When too many passwords
// are being checked at once the login is refused with ErrBusy.
func (s *Service) Login(ctx context.Context, username, password, ip string) (string, *Session, *User, error) {
	now := s.Now()
	username = strings.TrimSpace(username)
	l := s.Limits
	limits := []ThrottleLimit{{Key: "u:" + strings.ToLower(username), Max: l.PerUser}, {Key: "ip:" + ip, Max: l.PerIP}}
	until, err := s.Throttle.Attempt(ctx, limits, now, l.Window)
	if err != nil {
		return "", nil, nil, err
	}
	if until.After(now) {
		mins := int(until.Sub(now).Minutes()) + 1
		return "", nil, nil, errs.Wrap(&retryError{ErrThrottled, until.Sub(now)}, errs.Unauthorized, "登录失败次数过多，请 %d 分钟后再试", mins)
	}
	// The attempt is settled whatever happens to the request: a client that goes away must not
	// leave it counted as under way.
	settle := context.WithoutCancel(ctx)
	withdraw := func(cause error) error {
		if err := s.Throttle.Withdraw(settle, []string{limits[0].Key, limits[1].Key}, now); err != nil {
			return err
		}
		return cause
	}
	u, err := s.Users.User(ctx, username)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return "", nil, nil, withdraw(err)
	}
	hash := s.dummyHash()
	if u != nil && !u.Disabled {
		hash = u.PasswordHash
	}
	ok, err := s.checkPassword(ctx, hash, password)
	if err != nil {
		return "", nil, nil, withdraw(err)
	}
	if !ok || u == nil || u.Disabled {
		if err := s.Throttle.Fail(settle, limits, now, l.Lock); err != nil {
			return "", nil, nil, err
		}
		return "", nil, nil, errBadLogin
	}
	if err := withdraw(nil); err != nil {
		return "", nil, nil, err
	}
	token, err := randomToken()
	if err != nil {
		return "", nil, nil, err
	}
	csrf, err := randomToken()
	if err != nil {
		return "", nil, nil, err
	}
	sess := &Session{TokenHash: HashToken(token), Username: u.Username, CSRF: csrf,
		Created: now, Seen: now, Expires: s.expiry(now, now)}
	if err := s.Sessions.CreateSession(ctx, sess); err != nil {
		return "", nil, nil, err
	}
	return token, sess, u, nil
}

// dummyHash returns the hash checked for an unknown or disabled user, made once.
func (s *Service) dummyHash() string {
	s.dummyOnce.Do(func() {
		s.dummy, _ = HashPassword("gonggu-dummy-password-1", s.Hash)
	})
	return s.dummy
}

// checkPassword checks the password against the hash within the gate's memory budget. It is
// an ErrBusy error when the budget stays spent.
func (s *Service) checkPassword(ctx context.Context, hash, password string) (bool, error) {
	p, _, _, ok := decodeHash(hash)
	if !ok {
		return false, nil // nothing to compute: no password matches
	}
	release, err := s.hashGate().acquire(ctx, int64(p.Memory))
	if errors.Is(err, ErrBusy) {
		wait := max(s.HashWait, time.Second)
		return false, errs.Wrap(&retryError{ErrBusy, wait}, errs.Unauthorized, "登录的人太多，请 %d 秒后再试", int(wait.Seconds()))
	}
	if err != nil {
		return false, errs.Wrap(err, errs.Unauthorized, "登录已取消")
	}
	defer release()
	return CheckPassword(hash, password), nil
}

func (s *Service) hashGate() *hashGate {
	s.gateOnce.Do(func() { s.gate = newHashGate(s.HashBudget, s.HashQueue, s.HashWait) })
	return s.gate
}

// HashStats returns what the password-check gate has seen since the service started.
func (s *Service) HashStats() HashStats { return s.hashGate().snapshot() }

func (s *Service) expiry(created, seen time.Time) time.Time {
	e := seen.Add(s.Limits.SessionIdle)
	if m := created.Add(s.Limits.SessionMax); m.Before(e) {
		e = m
	}
	return e
}

// Authenticate returns the user and session of a cookie token, or an errs.Unauthorized error
// when the token is unknown, expired or its user disabled. It extends an idle session.
func (s *Service) Authenticate(ctx context.Context, token string) (*User, *Session, error) {
	if token == "" || len(token) > 128 {
		return nil, nil, errs.E(errs.Unauthorized, "请先登录")
	}
	now := s.Now()
	hash := HashToken(token)
	if sess, u, ok := s.cached(hash, now); ok {
		return u, sess, nil
	}
	sess, u, err := s.Sessions.SessionUser(ctx, hash)
	if errs.Is(err, errs.NotFound) {
		return nil, nil, errs.E(errs.Unauthorized, "请先登录")
	}
	if err != nil {
		return nil, nil, err
	}
	if !now.Before(sess.Expires) {
		s.forget(hash)
		if err := s.Sessions.DeleteSession(ctx, sess.TokenHash); err != nil {
			return nil, nil, err
		}
		return nil, nil, errs.E(errs.Unauthorized, "登录已过期，请重新登录")
	}
	if u.Disabled {
		return nil, nil, errs.E(errs.Unauthorized, "账号已停用，请联系管理员")
	}
	// Extending the session writes a row: do it at most once a minute per session.
	if now.Sub(sess.Seen) >= time.Minute {
		sess.Seen = now
		sess.Expires = s.expiry(sess.Created, now)
		if err := s.Sessions.TouchSession(ctx, sess.TokenHash, sess.Seen, sess.Expires); err != nil {
			return nil, nil, err
		}
	}
	s.remember(sess, u, now)
	return u, sess, nil
}

// cached returns a session looked up less than Limits.SessionCache ago, still unexpired.
func (s *Service) cached(hash string, now time.Time) (*Session, *User, bool) {
	if s.Limits.SessionCache <= 0 {
		return nil, nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.recent[hash]
	if !ok || now.Sub(c.at) >= s.Limits.SessionCache || now.Before(c.at) || !now.Before(c.s.Expires) {
		return nil, nil, false
	}
	sess, u := c.s, c.u
	return &sess, &u, true
}

func (s *Service) remember(sess *Session, u *User, now time.Time) {
	if s.Limits.SessionCache <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.recent == nil || len(s.recent) > 10000 {
		s.recent = map[string]cachedSession{}
	}
	s.recent[sess.TokenHash] = cachedSession{s: *sess, u: *u, at: now}
}

func (s *Service) forget(hash string) {
	s.mu.Lock()
	delete(s.recent, hash)
	s.mu.Unlock()
}

// Logout ends the session of the token.
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	s.forget(HashToken(token))
	return s.Sessions.DeleteSession(ctx, HashToken(token))
}

// HashToken returns the hex SHA-256 of a session token: what the store keeps.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", errs.Wrap(err, errs.Internal, "无法生成随机数")
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

type userKey struct{}

// WithUser returns a context that carries the acting user.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the acting user of the context, or nil.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}
