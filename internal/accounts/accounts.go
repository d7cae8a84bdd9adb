// Package accounts manages gonggu's users: adding them, resetting their passwords and
// disabling them, each change written to the audit log. The command line (gonggu user) and the
// web's user page share it.
package accounts

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/store"
)

// Service changes users and audits each change; the acting user comes from the context.
type Service struct {
	Users *store.Users
	Audit *store.AuditLog
	Hash  auth.HashParams
}

// New returns the service over db with the default password hashing.
func New(db *store.DB) *Service {
	return &Service{Users: store.NewUsers(db), Audit: store.NewAuditLog(db), Hash: auth.DefaultHashParams}
}

// Add creates the user with the password and records it.
func (s *Service) Add(ctx context.Context, u *auth.User, password string) error {
	if err := auth.ValidPassword(password); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password, s.Hash)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	if err := s.Users.Create(ctx, u); err != nil {
		return err
	}
	return s.Audit.Append(ctx, audit.Entry{Action: audit.UserAdd, ObjectType: "user", ObjectID: u.Username, Region: u.Region,
		Detail: fmt.Sprintf("新增用户 %s（%s，%s）", u.Username, u.Role.Name(), u.Region)})
}

// SetPassword replaces the user's password, which ends the user's sessions, and records it.
func (s *Service) SetPassword(ctx context.Context, username, password string) (*auth.User, error) {
	if err := auth.ValidPassword(password); err != nil {
		return nil, err
	}
	u, err := s.Users.User(ctx, username)
	if err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(password, s.Hash)
	if err != nil {
		return nil, err
	}
	if err := s.Users.SetPassword(ctx, u.Username, hash); err != nil {
		return nil, err
	}
	return u, s.Audit.Append(ctx, audit.Entry{Action: audit.UserPassword, ObjectType: "user", ObjectID: u.Username,
		Region: u.Region, Detail: "重设密码，已登录的会话全部失效"})
}

// SetDisabled disables the user, which ends the user's sessions, or enables the user again,
// and records it. It returns what was done, in Chinese.
func (s *Service) SetDisabled(ctx context.Context, username string, disabled bool) (*auth.User, string, error) {
	u, err := s.Users.User(ctx, username)
	if err != nil {
		return nil, "", err
	}
	if err := s.Users.SetDisabled(ctx, u.Username, disabled); err != nil {
		return nil, "", err
	}
	what := "停用用户，已登录的会话全部失效"
	if !disabled {
		what = "重新启用用户"
	}
	return u, what, s.Audit.Append(ctx, audit.Entry{Action: audit.UserDisable, ObjectType: "user", ObjectID: u.Username,
		Region: u.Region, Detail: what})
}

// List returns the users whose region lies in the scope ("" for all).
func (s *Service) List(ctx context.Context, scope region.Code) ([]*auth.User, error) {
	return s.Users.List(ctx, scope)
}

// Password returns a random password of 12 characters with letters and digits but no
// look-alikes (0/O, 1/l/I), to be shown once to whoever hands it over.
func Password() string {
	const letters, digits = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ", "23456789"
	b := make([]byte, 12)
	rand.Read(b)
	out := make([]byte, 12)
	for i := range b {
		set := letters
		if i%4 == 3 {
			set = digits
		}
		out[i] = set[int(b[i])%len(set)]
	}
	return string(out)
}
