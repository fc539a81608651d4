package storetest

import (
	"errors"
	"testing"
	"time"

	"deskpilot/tickets"
)

// RunSessions runs the contract of tickets.SessionStore.
func RunSessions(t *testing.T, newStore func(t *testing.T) interface {
	tickets.Store
	tickets.SessionStore
}) {
	s := newStore(t)
	u := &tickets.User{Email: "ana@example.com", Name: "Ana", Role: tickets.RoleRequester, PasswordHash: "$argon2id$x"}
	must(t, s.CreateUser(ctx(), u))
	now := time.Now().UTC().Truncate(time.Second)
	live := &tickets.Session{ID: "h-live", UserID: u.ID, CSRF: "csrf-1", ExpiresAt: now.Add(time.Hour)}
	must(t, s.CreateSession(ctx(), live))
	must(t, s.CreateSession(ctx(), &tickets.Session{ID: "h-old", UserID: u.ID, CSRF: "csrf-2", ExpiresAt: now.Add(-time.Minute)}))
	got, gu, err := s.SessionUser(ctx(), "h-live")
	must(t, err)
	if got.CSRF != "csrf-1" || got.UserID != u.ID || gu.Email != "ana@example.com" || gu.Role != tickets.RoleRequester || gu.PasswordHash != "$argon2id$x" {
		t.Fatalf("session %+v user %+v", got, gu)
	}
	if _, _, err := s.SessionUser(ctx(), "h-old"); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("expired session: %v, want ErrNotFound", err)
	}
	if _, _, err := s.SessionUser(ctx(), "nope"); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("unknown session: %v, want ErrNotFound", err)
	}
	must(t, s.ExtendSession(ctx(), "h-live", now.Add(-time.Second)))
	if _, _, err := s.SessionUser(ctx(), "h-live"); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("session moved into the past still lives: %v", err)
	}
	must(t, s.ExtendSession(ctx(), "h-live", now.Add(time.Hour)))
	must(t, s.CreateSession(ctx(), &tickets.Session{ID: "h-2", UserID: u.ID, CSRF: "c", ExpiresAt: now.Add(time.Hour)}))
	must(t, s.DeleteSession(ctx(), "h-live"))
	if _, _, err := s.SessionUser(ctx(), "h-live"); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("deleted session: %v", err)
	}
	must(t, s.DeleteUserSessions(ctx(), u.ID))
	if _, _, err := s.SessionUser(ctx(), "h-2"); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("signed out everywhere, yet: %v", err)
	}
	if err := s.CreateSession(ctx(), &tickets.Session{ID: "h-3", UserID: 999999, CSRF: "c", ExpiresAt: now.Add(time.Hour)}); err == nil {
		t.Error("a session for no user was stored")
	}
}

// RunKeys runs the contract of tickets.KeyStore.
func RunKeys(t *testing.T, s tickets.KeyStore) {
	gens := 0
	gen := func(v string) func() ([]byte, error) {
		return func() ([]byte, error) { gens++; return []byte(v), nil }
	}
	a, err := s.AppKey(ctx(), "signing", gen("first"))
	must(t, err)
	b, err := s.AppKey(ctx(), "signing", gen("second"))
	must(t, err)
	if string(a) != "first" || string(b) != "first" {
		t.Errorf("keys %q then %q, want the first kept", a, b)
	}
	if gens != 1 {
		t.Errorf("generated %d times, want once", gens)
	}
	c, err := s.AppKey(ctx(), "other", gen("third"))
	must(t, err)
	if string(c) != "third" {
		t.Errorf("another name gave %q", c)
	}
}
