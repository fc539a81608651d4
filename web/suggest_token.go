package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// suggestionTTL is how long a suggestion id stays good: time to send is
// measured from the suggestion, and a draft a day old is a new question.
const suggestionTTL = 24 * time.Hour

// suggestionClaims are what a suggestion id vouches for, so that an outcome
// reports the real time to send, confidence and draft, not the client's.
type suggestionClaims struct {
	TicketID   int64   `json:"t"`
	At         int64   `json:"at"` // Unix milliseconds
	Confidence float64 `json:"c"`
	Category   string  `json:"g,omitempty"` // the suggested category, unless the model abstained
	Draft      string  `json:"d"`           // draftDigest of the draft
}

var errBadSuggestion = errors.New("unknown or expired suggestion")

// suggestionKey returns the key that signs suggestion ids, drawing a
// random one when the deps gave none. It runs once, while the routes are
// built, before any request.
func suggestionKey(k []byte) []byte {
	if len(k) > 0 {
		return k
	}
	k = make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		panic("web: no randomness: " + err.Error()) // the OS is broken
	}
	return k
}

// draftDigest fingerprints a draft: an outcome must report the draft that
// was suggested for its edit distance to mean anything.
func draftDigest(draft string) string {
	sum := sha256.Sum256([]byte(draft))
	return hex.EncodeToString(sum[:16])
}

// signSuggestion returns the id of a suggestion: its claims and their
// HMAC-SHA256, base64url.
func (s *Server) signSuggestion(c suggestionClaims) string {
	payload, _ := json.Marshal(c) // plain data: cannot fail
	mac := hmac.New(sha256.New, s.deps.SuggestionKey)
	mac.Write(payload)
	enc := base64.RawURLEncoding
	return enc.EncodeToString(payload) + "." + enc.EncodeToString(mac.Sum(nil))
}

// openSuggestion checks a suggestion id made for ticket at most
// suggestionTTL before now and returns its claims.
func (s *Server) openSuggestion(id string, ticket int64, now time.Time) (suggestionClaims, error) {
	var c suggestionClaims
	p, sig, ok := strings.Cut(id, ".")
	enc := base64.RawURLEncoding
	payload, err1 := enc.DecodeString(p)
	got, err2 := enc.DecodeString(sig)
	if !ok || err1 != nil || err2 != nil {
		return c, errBadSuggestion
	}
	mac := hmac.New(sha256.New, s.deps.SuggestionKey)
	mac.Write(payload)
	if !hmac.Equal(got, mac.Sum(nil)) || json.Unmarshal(payload, &c) != nil {
		return c, errBadSuggestion
	}
	at := time.UnixMilli(c.At)
	if c.TicketID != ticket || at.After(now.Add(time.Minute)) || now.Sub(at) > suggestionTTL {
		return c, errBadSuggestion
	}
	return c, nil
}
