package copilot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"strings"
)

// Sign returns the HMAC-SHA256 of the parts, in order, keyed with secret:
// the signature webhooks carry.
func Sign(secret string, parts ...[]byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}

// SecretEqual compares a secret a request carries with the one expected,
// in a time that tells nothing of either: both are hashed first, so that
// not even their lengths leak.
func SecretEqual(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return hmac.Equal(g[:], w[:]) && want != ""
}

// IDOf reads an id that a payload writes as a JSON number or string
// ("123", 123); "" when raw is neither or empty.
func IDOf(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// Digits reports whether s is a non-empty run of ASCII digits: the ids of
// Zendesk and Freshworks tickets.
func Digits(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// MatchCategory finds the choice of a desk's field that stands for a
// category path of the taxonomy ("Network/VPN"): the choice that is the
// whole path, else the one choice that is its last part ("VPN"), ignoring
// case and the separator (/, ::, >).
func MatchCategory(category string, choices []string) (string, bool) {
	norm := func(s string) string {
		s = strings.NewReplacer("::", "/", " > ", "/", ">", "/").Replace(strings.ToLower(s))
		parts := strings.Split(s, "/")
		for i, p := range parts {
			parts[i] = strings.TrimSpace(p)
		}
		return strings.Join(parts, "/")
	}
	want := norm(category)
	if want == "" {
		return "", false
	}
	for _, c := range choices {
		if norm(c) == want {
			return c, true
		}
	}
	leaf := want[strings.LastIndex(want, "/")+1:]
	var found []string
	for _, c := range choices {
		if norm(c) == leaf {
			found = append(found, c)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return "", false
}
