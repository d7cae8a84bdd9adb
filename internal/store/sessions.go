package store

import (
	"context"
	"database/sql"
	"errors"
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

// LockedUntil returns the latest lock time among the keys, the zero time when none is locked.
func (s *Sessions) LockedUntil(ctx context.Context, keys []string, now time.Time) (time.Time, error) {
	var latest time.Time
	for _, k := range keys {
		var until string
		err := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT locked_until FROM login_throttle WHERE throttle_key = ?`), k).Scan(&until)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return time.Time{}, internal(err, "throttle.check")
		}
		if t := parseStamp(until); t.After(latest) {
			latest = t
		}
	}
	return latest, nil
}

// RecordFailure counts a failed login for the key in one atomic statement: a failure after
// the window starts a new window, and the failure that reaches max locks the key.
func (s *Sessions) RecordFailure(ctx context.Context, key string, now time.Time, window time.Duration, max int, lock time.Duration) error {
	n, start, until := stamp(now), stamp(now.Add(-window)), stamp(now.Add(lock))
	_, err := s.db.SQL.ExecContext(ctx, s.db.Rebind(`INSERT INTO login_throttle (throttle_key, failures, window_start, locked_until)
		VALUES (?, 1, ?, CASE WHEN 1 >= ? THEN ? ELSE '' END)
		ON CONFLICT (throttle_key) DO UPDATE SET
		  failures = CASE WHEN login_throttle.window_start < ? THEN 1 ELSE login_throttle.failures + 1 END,
		  locked_until = CASE
		    WHEN (CASE WHEN login_throttle.window_start < ? THEN 1 ELSE login_throttle.failures + 1 END) >= ? THEN ?
		    ELSE login_throttle.locked_until END,
		  window_start = CASE WHEN login_throttle.window_start < ? THEN ? ELSE login_throttle.window_start END`),
		key, n, max, until,
		start,
		start, max, until,
		start, n)
	return internal(err, "throttle.fail")
}

// ResetFailures forgets the key's failures.
func (s *Sessions) ResetFailures(ctx context.Context, key string) error {
	_, err := s.db.SQL.ExecContext(ctx, s.db.Rebind(`DELETE FROM login_throttle WHERE throttle_key = ?`), key)
	return internal(err, "throttle.reset")
}
