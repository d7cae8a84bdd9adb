package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

// Sessions stores login sessions and the login throttle, so that several servers over one
// database share both.
type Sessions struct{ db *DB }

// NewSessions returns the session store of db.
func NewSessions(db *DB) *Sessions { return &Sessions{db: db} }

// CreateSession stores a new session.
func (s *Sessions) CreateSession(ctx context.Context, ss *auth.Session) error {
	_, err := s.db.SQL.ExecContext(ctx, s.db.Rebind(`INSERT INTO sessions (token_hash, username, csrf_token, created_at, seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`), ss.TokenHash, ss.Username, ss.CSRF, stamp(ss.Created), stamp(ss.Seen), stamp(ss.Expires))
	return internal(err, "sessions.create")
}

// Session returns the session with the token hash, or an errs.NotFound error.
func (s *Sessions) Session(ctx context.Context, tokenHash string) (*auth.Session, error) {
	ss := &auth.Session{}
	var created, seen, expires string
	err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT token_hash, username, csrf_token, created_at, seen_at, expires_at
		FROM sessions WHERE token_hash = ?`), tokenHash).Scan(&ss.TokenHash, &ss.Username, &ss.CSRF, &created, &seen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "会话不存在")
	}
	if err != nil {
		return nil, internal(err, "sessions.get")
	}
	ss.Created, ss.Seen, ss.Expires = parseStamp(created), parseStamp(seen), parseStamp(expires)
	return ss, nil
}

// SessionUser returns the session with the token hash and its user in one query, or an
// errs.NotFound error.
func (s *Sessions) SessionUser(ctx context.Context, tokenHash string) (*auth.Session, *auth.User, error) {
	ss := &auth.Session{}
	u := &auth.User{}
	var created, seen, expires, role, code string
	var disabled int
	err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT s.token_hash, s.username, s.csrf_token, s.created_at, s.seen_at, s.expires_at,
		u.display_name, u.role, u.region_code, u.password_hash, u.disabled
		FROM sessions s JOIN users u ON u.username = s.username WHERE s.token_hash = ?`), tokenHash).Scan(
		&ss.TokenHash, &ss.Username, &ss.CSRF, &created, &seen, &expires,
		&u.DisplayName, &role, &code, &u.PasswordHash, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errs.E(errs.NotFound, "会话不存在")
	}
	if err != nil {
		return nil, nil, internal(err, "sessions.get")
	}
	ss.Created, ss.Seen, ss.Expires = parseStamp(created), parseStamp(seen), parseStamp(expires)
	u.Username, u.Role, u.Region, u.Disabled = ss.Username, auth.Role(role), region.Code(code), disabled != 0
	return ss, u, nil
}

// TouchSession records the session's use and its new expiry.
func (s *Sessions) TouchSession(ctx context.Context, tokenHash string, seen, expires time.Time) error {
	_, err := s.db.SQL.ExecContext(ctx, s.db.Rebind(`UPDATE sessions SET seen_at = ?, expires_at = ? WHERE token_hash = ?`),
		stamp(seen), stamp(expires), tokenHash)
	return internal(err, "sessions.touch")
}

// DeleteSession ends a session.
func (s *Sessions) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.db.SQL.ExecContext(ctx, s.db.Rebind(`DELETE FROM sessions WHERE token_hash = ?`), tokenHash)
	return internal(err, "sessions.delete")
}

// DeleteExpiredSessions removes the sessions that expired before now and the throttle rows
// that no longer lock anything, and returns how many sessions it removed.
func (s *Sessions) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.SQL.ExecContext(ctx, s.db.Rebind(`DELETE FROM sessions WHERE expires_at <= ?`), stamp(now))
	if err != nil {
		return 0, internal(err, "sessions.expire")
	}
	n, _ := res.RowsAffected()
	_, err = s.db.SQL.ExecContext(ctx, s.db.Rebind(`DELETE FROM login_throttle WHERE locked_until < ? AND window_start < ?`),
		stamp(now), stamp(now.Add(-24*time.Hour)))
	return int(n), internal(err, "sessions.expire throttle")
}

// Attempt records a login attempt against every limit in one transaction and decides from
// the counts it returns: each key's count of failures in its window, this attempt and the
// attempts still being checked included, must stay within the limit's Max and the key must not
// be locked. Counting before deciding makes the decision atomic: of many parallel guesses at
// one account only Max are checked. A refused attempt is rolled back, so it counts nothing.
// It returns the zero time when the attempt may go ahead, and otherwise the time until which
// it is refused.
func (s *Sessions) Attempt(ctx context.Context, limits []auth.ThrottleLimit, now time.Time, window time.Duration) (time.Time, error) {
	limits = sortedLimits(limits)
	n, start := stamp(now), stamp(now.Add(-window))
	var refused time.Time
	errRefused := errors.New("refused")
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, l := range limits {
			// One statement per key: the row is locked from the increment to the commit, so
			// concurrent attempts on the key count one after another.
			// A key starts over when its window has passed or its lock has ended.
			var count int
			var from, until string
			const over = `(login_throttle.window_start < ? OR login_throttle.locked_until <> '' AND login_throttle.locked_until <= ?)`
			err := tx.QueryRowContext(ctx, s.db.Rebind(`INSERT INTO login_throttle (throttle_key, failures, window_start, locked_until)
				VALUES (?, 1, ?, '')
				ON CONFLICT (throttle_key) DO UPDATE SET
				  failures = CASE WHEN `+over+` THEN 1 ELSE login_throttle.failures + 1 END,
				  window_start = CASE WHEN `+over+` THEN ? ELSE login_throttle.window_start END,
				  locked_until = CASE WHEN `+over+` THEN '' ELSE login_throttle.locked_until END
				RETURNING failures, window_start, locked_until`), l.Key, n, start, n, start, n, n, start, n).Scan(&count, &from, &until)
			if err != nil {
				return internal(err, "throttle.attempt")
			}
			switch lock := parseStamp(until); {
			case lock.After(now):
				refused = later(refused, lock)
			case count > l.Max:
				// As many attempts as the key may still fail are under way.
				refused = later(refused, parseStamp(from).Add(window))
			}
		}
		if refused.After(now) {
			return errRefused
		}
		return nil
	})
	if errors.Is(err, errRefused) {
		return refused, nil
	}
	return time.Time{}, err
}

// Fail turns attempts recorded at now into failures: a key whose count has reached its limit's
// Max is locked until now+lock.
func (s *Sessions) Fail(ctx context.Context, limits []auth.ThrottleLimit, now time.Time, lock time.Duration) error {
	limits = sortedLimits(limits)
	until := stamp(now.Add(lock))
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, l := range limits {
			if _, err := s.db.Exec(ctx, tx, `UPDATE login_throttle SET locked_until = ?
				WHERE throttle_key = ? AND failures >= ? AND locked_until < ?`, until, l.Key, l.Max, until); err != nil {
				return internal(err, "throttle.fail")
			}
		}
		return nil
	})
}

// Withdraw takes back attempts recorded at attempted that turned out not to be failures (the
// password was right, or it was never checked). Only the attempt itself is taken back: the
// failures counted in the window stay, so a success between guesses does not reset them.
func (s *Sessions) Withdraw(ctx context.Context, keys []string, attempted time.Time) error {
	keys = slices.Sorted(slices.Values(keys))
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			// An attempt made before the key's window restarted is not in its count.
			if _, err := s.db.Exec(ctx, tx, `UPDATE login_throttle SET failures = failures - 1
				WHERE throttle_key = ? AND failures > 0 AND window_start <= ?`, k, stamp(attempted)); err != nil {
				return internal(err, "throttle.withdraw")
			}
		}
		return nil
	})
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// sortedLimits returns the limits in the order of their keys: every transaction takes the
// rows' locks in that order, so two of them never wait for each other.
func sortedLimits(limits []auth.ThrottleLimit) []auth.ThrottleLimit {
	out := slices.Clone(limits)
	slices.SortFunc(out, func(a, b auth.ThrottleLimit) int { return strings.Compare(a.Key, b.Key) })
	return out
}
