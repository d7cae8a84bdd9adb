package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
)

// Users stores the users who log in to gonggu.
type Users struct{ db *DB }

// NewUsers returns the user store of db.
func NewUsers(db *DB) *Users { return &Users{db: db} }

// stamp formats a time as the sortable UTC text the auth tables store.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

func parseStamp(s string) time.Time {
	t, _ := time.Parse("2006-01-02T15:04:05.000000Z", s)
	return t
}

const userCols = `username, display_name, role, region_code, password_hash, disabled`

func scanUser(sc scanner) (*auth.User, error) {
	u := &auth.User{}
	var role, code string
	var disabled int
	if err := sc.Scan(&u.Username, &u.DisplayName, &role, &code, &u.PasswordHash, &disabled); err != nil {
		return nil, err
	}
	u.Role, u.Region, u.Disabled = auth.Role(role), region.Code(code), disabled != 0
	return u, nil
}

// User returns the user with the username (compared without case), or an errs.NotFound error.
func (s *Users) User(ctx context.Context, username string) (*auth.User, error) {
	row := s.db.SQL.QueryRowContext(ctx, s.db.Rebind(`SELECT `+userCols+` FROM users WHERE username = ?`),
		strings.ToLower(username))
	u, err := scanUser(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "用户 %s 不存在", username)
	}
	return u, internal(err, "users.get")
}

// Create stores a new user, whose username is kept in lower case. It is an errs.Conflict error
// when the username is taken.
func (s *Users) Create(ctx context.Context, u *auth.User) error {
	u.Username = strings.ToLower(u.Username)
	if err := u.Validate(); err != nil {
		return err
	}
	now := stamp(s.db.Now())
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM users WHERE username = ?`), u.Username).Scan(&n); err != nil {
			return internal(err, "users.create")
		}
		if n > 0 {
			return errs.E(errs.Conflict, "用户名 %s 已存在", u.Username)
		}
		_, err := s.db.Exec(ctx, tx, `INSERT INTO users (`+userCols+`, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			u.Username, u.DisplayName, string(u.Role), string(u.Region), u.PasswordHash, boolInt(u.Disabled), now, now)
		return internal(err, "users.create")
	})
}

// CreateAll stores new users in one transaction, all or none, calling each (when set) in that
// transaction after each user is written: the audit row goes there. It is an errs.Conflict
// error naming the first username that is taken.
func (s *Users) CreateAll(ctx context.Context, us []*auth.User, each func(tx *sql.Tx, u *auth.User) error) error {
	for _, u := range us {
		u.Username = strings.ToLower(u.Username)
		if err := u.Validate(); err != nil {
			return err
		}
	}
	now := stamp(s.db.Now())
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, u := range us {
			var n int
			if err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM users WHERE username = ?`), u.Username).Scan(&n); err != nil {
				return internal(err, "users.createAll")
			}
			if n > 0 {
				return errs.E(errs.Conflict, "用户名 %s 已存在", u.Username)
			}
			if _, err := s.db.Exec(ctx, tx, `INSERT INTO users (`+userCols+`, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				u.Username, u.DisplayName, string(u.Role), string(u.Region), u.PasswordHash, boolInt(u.Disabled), now, now); err != nil {
				return internal(err, "users.createAll")
			}
			if each != nil {
				if err := each(tx, u); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Taken returns which of the usernames (compared without case) are taken.
func (s *Users) Taken(ctx context.Context, names []string) (map[string]bool, error) {
	out := map[string]bool{}
	for start := 0; start < len(names); start += 500 {
		batch := names[start:min(start+500, len(names))]
		args := make([]any, len(batch))
		for i, n := range batch {
			args[i] = strings.ToLower(n)
		}
		rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT username FROM users WHERE username IN (`+placeholders(len(batch))+`)`), args...)
		if err != nil {
			return nil, internal(err, "users.taken")
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return nil, internal(err, "users.taken")
			}
			out[n] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal(err, "users.taken")
		}
	}
	return out, nil
}

// UsernamesLike returns the usernames that start with prefix, for numbering new ones.
func (s *Users) UsernamesLike(ctx context.Context, prefix string) ([]string, error) {
	like := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(prefix)) + "%"
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(`SELECT username FROM users WHERE username LIKE ? ESCAPE '\'`), like)
	if err != nil {
		return nil, internal(err, "users.like")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, internal(err, "users.like")
		}
		out = append(out, n)
	}
	return out, internal(rows.Err(), "users.like")
}

// SetPassword replaces the user's password hash and ends all the user's sessions.
func (s *Users) SetPassword(ctx context.Context, username, hash string) error {
	return s.update(ctx, username, `password_hash = ?`, hash)
}

// SetDisabled disables or re-enables the user; disabling ends all the user's sessions.
func (s *Users) SetDisabled(ctx context.Context, username string, disabled bool) error {
	return s.update(ctx, username, `disabled = ?`, boolInt(disabled))
}

func (s *Users) update(ctx context.Context, username, set string, v any) error {
	username = strings.ToLower(username)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := s.db.Exec(ctx, tx, `UPDATE users SET `+set+`, updated_at = ? WHERE username = ?`, v, stamp(s.db.Now()), username)
		if err != nil {
			return internal(err, "users.update")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.NotFound, "用户 %s 不存在", username)
		}
		_, err = s.db.Exec(ctx, tx, `DELETE FROM sessions WHERE username = ?`, username)
		return internal(err, "users.update sessions")
	})
}

// List returns the users whose region lies in the scope ("" for all), by username.
func (s *Users) List(ctx context.Context, scope region.Code) ([]*auth.User, error) {
	q, args := `SELECT `+userCols+` FROM users`, []any{}
	if p := scope.Prefix(); p != "" {
		q += ` WHERE region_code >= ? AND region_code < ?`
		args = append(args, p, prefixEnd(p))
	}
	rows, err := s.db.SQL.QueryContext(ctx, s.db.Rebind(q+` ORDER BY username`), args...)
	if err != nil {
		return nil, internal(err, "users.list")
	}
	defer rows.Close()
	var out []*auth.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, internal(err, "users.list")
		}
		out = append(out, u)
	}
	return out, internal(rows.Err(), "users.list")
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
