package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/gonggu/gonggu/internal/errs"
)

// HashParams are the argon2id cost parameters. Stored hashes carry their own parameters, so
// raising them later leaves old hashes verifiable.
type HashParams struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultHashParams follow OWASP's argon2id recommendation (19 MiB, 2 passes, 1 lane): about
// 30 ms on one core, which a login can afford and a password guesser cannot.
var DefaultHashParams = HashParams{Time: 2, Memory: 19 * 1024, Threads: 1}

const saltLen, keyLen = 16, 32

// HashPassword returns the PHC-format argon2id hash of the password.
func HashPassword(password string, p HashParams) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", errs.Wrap(err, errs.Internal, "无法生成随机数")
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether the password matches the hash, in constant time.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	var p HashParams
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false
	}
	if p.Time == 0 || p.Threads == 0 || p.Memory > 1<<22 || p.Time > 64 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// ValidPassword checks a new password: at least 8 characters with both letters and digits, at
// most 128.
func ValidPassword(pw string) error {
	if utf8.RuneCountInString(pw) < 8 {
		return errs.E(errs.Invalid, "密码至少 8 位")
	}
	if len(pw) > 128 {
		return errs.E(errs.Invalid, "密码过长")
	}
	var letter, digit bool
	for _, r := range pw {
		switch {
		case unicode.IsDigit(r):
			digit = true
		case unicode.IsLetter(r):
			letter = true
		}
	}
	if !letter || !digit {
		return errs.E(errs.Invalid, "密码须同时包含字母和数字")
	}
	return nil
}
