package mockserver

import (
	"crypto/sha256"
	"encoding/base64"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Passwords are stored as bcrypt hashes of their SHA-256 digest: bcrypt reads
// at most 72 bytes, and API.md allows 128 characters. MinCost keeps tests fast;
// the mock protects nothing real.

func prehash(password string) []byte {
	sum := sha256.Sum256([]byte(password))
	return []byte(base64.StdEncoding.EncodeToString(sum[:]))
}

func hashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword(prehash(password), bcrypt.MinCost)
	return string(h), err
}

// dummyHash is compared against when a login does not exist (or has no
// password), so that a wrong login id costs as much time as a wrong password.
var dummyHash, _ = hashPassword("dummy-Passw0rd-for-timing")

// passwordMatches compares password with u's hash in about constant time;
// u may be nil.
func passwordMatches(u *storedUser, password string) bool {
	hash := dummyHash
	if u != nil && u.PasswordHash != "" {
		hash = u.PasswordHash
	}
	ok := bcrypt.CompareHashAndPassword([]byte(hash), prehash(password)) == nil
	return ok && u != nil && u.PasswordHash != ""
}

// setPassword stores password's hash on u and records when it was set.
func setPassword(u *storedUser, password string, now time.Time) error {
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	u.PasswordChangedAt = now.UTC()
	return nil
}
