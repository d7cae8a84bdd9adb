package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
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

// The bounds on the parameters of a hash. A stored hash carries its own parameters, and
// checking a password against it costs what they say: without bounds a hash with m=4194304
// (4 GiB) or a key of megabytes, planted in the users table or restored from a bad backup,
// would let each login attempt exhaust the server. The bounds leave room to raise the
// defaults (19 MiB, t=2, p=1) more than tenfold.
const (
	maxHashMemory          = 256 * 1024 // KiB, 256 MiB
	maxHashTime            = 16
	maxHashThreads         = 16
	minSaltLen, maxSaltLen = 8, 64
	minKeyLen, maxKeyLen   = 16, 64
)

// valid reports whether the parameters are within the bounds.
func (p HashParams) valid() bool {
	return p.Memory >= 1 && p.Memory <= maxHashMemory && p.Time >= 1 && p.Time <= maxHashTime &&
		p.Threads >= 1 && p.Threads <= maxHashThreads
}

// HashPassword returns the PHC-format argon2id hash of the password.
func HashPassword(password string, p HashParams) (string, error) {
	if !p.valid() {
		return "", errs.E(errs.Internal, "密码哈希参数超出范围：m=%d,t=%d,p=%d", p.Memory, p.Time, p.Threads)
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", errs.Wrap(err, errs.Internal, "无法生成随机数")
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyLen)
	return encodeHash(p, salt, key), nil
}

// b64 is the base64 of PHC strings: standard alphabet, no padding, and on reading no stray
// bits, so that a hash has one spelling.
var b64 = base64.RawStdEncoding.Strict()

func encodeHash(p HashParams, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decodeHash reads a hash as HashPassword writes it, $argon2id$v=19$m=…,t=…,p=…$salt$key,
// and nothing else: numbers in decimal without sign or leading zeros, parameters within the
// bounds, salt and key of sensible lengths, no other spelling of the same hash. ok is false
// for anything else.
func decodeHash(hash string) (p HashParams, salt, key []byte, ok bool) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, false
	}
	params := strings.Split(parts[3], ",")
	if len(params) != 3 {
		return p, nil, nil, false
	}
	var vals [3]uint32
	for i, name := range []string{"m=", "t=", "p="} {
		text, found := strings.CutPrefix(params[i], name)
		v, err := strconv.ParseUint(text, 10, 32)
		if !found || err != nil || strconv.FormatUint(v, 10) != text {
			return p, nil, nil, false
		}
		vals[i] = uint32(v)
	}
	if vals[2] > maxHashThreads {
		return p, nil, nil, false
	}
	p = HashParams{Memory: vals[0], Time: vals[1], Threads: uint8(vals[2])}
	if !p.valid() || len(parts[4]) > b64.EncodedLen(maxSaltLen) || len(parts[5]) > b64.EncodedLen(maxKeyLen) {
		return p, nil, nil, false
	}
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < minSaltLen || len(salt) > maxSaltLen ||
		len(key) < minKeyLen || len(key) > maxKeyLen {
		return p, nil, nil, false
	}
	// The base64 decoder skips CR and LF: only the one spelling is the hash.
	if encodeHash(p, salt, key) != hash {
		return p, nil, nil, false
	}
	return p, salt, key, true
}

// CheckPassword reports whether the password matches the hash, in constant time. A hash that
// is malformed or whose parameters are out of bounds matches no password.
func CheckPassword(hash, password string) bool {
	p, salt, want, ok := decodeHash(hash)
	if !ok {
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
