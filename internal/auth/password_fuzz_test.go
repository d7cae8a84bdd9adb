package auth

import (
	"strings"
	"testing"
	"time"
)

// FuzzDecodeHash checks the decoder of stored password hashes: it never panics; a hash it
// accepts has parameters a login can afford (at most 256 MiB, 16 passes, 16 lanes), a salt
// of 8 to 64 bytes and a key of 16 to 64, and is spelled exactly as HashPassword spells it;
// and checking a password against an accepted hash of small cost works without panicking.
func FuzzDecodeHash(f *testing.F) {
	small := HashParams{Time: 1, Memory: 64, Threads: 1}
	h, err := HashPassword("secret123", small)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		h,
		"$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U",
		"$argon2id$v=19$m=4194304,t=64,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U",
		"$argon2id$v=19$m=64,t=1,p=255$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U",
		"$argon2id$v=19$m=+64,t=01,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U",
		"$argon2i$v=19$m=64,t=1,p=1$c2FsdA$a2V5",
		"$argon2id$v=19$m=1,t=1,p=1$$",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, hash string) {
		p, salt, key, ok := decodeHash(hash)
		if !ok {
			return
		}
		if p.Memory < 1 || p.Memory > 256*1024 || p.Time < 1 || p.Time > 16 || p.Threads < 1 || p.Threads > 16 {
			t.Fatalf("decodeHash(%q) accepted the parameters %+v", hash, p)
		}
		if len(salt) < 8 || len(salt) > 64 || len(key) < 16 || len(key) > 64 {
			t.Fatalf("decodeHash(%q) accepted a salt of %d bytes and a key of %d", hash, len(salt), len(key))
		}
		if again := encodeHash(p, salt, key); again != hash {
			t.Fatalf("decodeHash(%q) accepted a hash HashPassword spells %q", hash, again)
		}
		if p.Memory <= 1024 && p.Time <= 2 {
			CheckPassword(hash, "secret123")
		}
	})
}

// TestCheckPasswordBounds: hashes whose parameters would make each login attempt cost
// gigabytes or minutes match nothing, at once; parameters out of bounds are refused when
// hashing too, so that every hash HashPassword writes can be checked.
func TestCheckPasswordBounds(t *testing.T) {
	salt, key := "c2FsdHNhbHRzYWx0c2FsdA", "a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"
	hash := func(params string) string { return "$argon2id$v=19$" + params + "$" + salt + "$" + key }
	for _, tc := range []struct {
		name, hash string
		ok         bool
	}{
		{"defaults", hash("m=19456,t=2,p=1"), true},
		{"at the bounds", hash("m=262144,t=16,p=16"), true},
		{"4 GiB", hash("m=4194304,t=1,p=1"), false},
		{"memory over", hash("m=262145,t=1,p=1"), false},
		{"64 passes", hash("m=64,t=64,p=1"), false},
		{"255 lanes", hash("m=64,t=1,p=255"), false},
		{"256 lanes", hash("m=64,t=1,p=256"), false},
		{"no passes", hash("m=64,t=0,p=1"), false},
		{"no memory", hash("m=0,t=1,p=1"), false},
		{"sign", hash("m=+64,t=1,p=1"), false},
		{"leading zero", hash("m=064,t=1,p=1"), false},
		{"order", hash("t=1,m=64,p=1"), false},
		{"trailing text", hash("m=64,t=1,p=1x"), false},
		{"huge key", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + strings.Repeat("a2V5", 1<<18), false},
		{"short salt", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$" + key, false},
		{"padding", hash("m=64,t=1,p=1") + "=", false},
		{"text before", "x" + hash("m=64,t=1,p=1"), false},
		{"version", strings.Replace(hash("m=64,t=1,p=1"), "v=19", "v=16", 1), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, _, ok := decodeHash(tc.hash); ok != tc.ok {
				t.Errorf("decodeHash(%.80q) ok = %v, want %v", tc.hash, ok, tc.ok)
			}
			if !tc.ok {
				start := time.Now()
				if CheckPassword(tc.hash, "secret123") {
					t.Error("matched")
				}
				if d := time.Since(start); d > 100*time.Millisecond {
					t.Errorf("refusing took %v", d)
				}
			}
		})
	}
	if _, err := HashPassword("secret123", HashParams{Time: 1, Memory: 4 << 20, Threads: 1}); err == nil {
		t.Error("HashPassword accepted 4 GiB")
	}
	h, err := HashPassword("secret123", HashParams{Time: 1, Memory: 64, Threads: 1})
	if err != nil || !CheckPassword(h, "secret123") {
		t.Errorf("round trip: %q %v", h, err)
	}
}
