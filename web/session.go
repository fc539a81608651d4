package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"deskpilot/tickets"
)

// Session settings.
const (
	sessionCookie = "dp_session"
	sessionTTL    = 12 * time.Hour // sliding: each use pushes the expiry out
	csrfHeader    = "X-CSRF-Token"
	csrfField     = "csrf_token"
	// preCookie carries the CSRF token of forms shown before signing in
	// (the login form): a double-submit token.
	preCookie = "dp_pre"
)

const sessionKey = "deskpilot.session"

// randomToken returns n random bytes, base64url-encoded.
func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("web: no randomness: " + err.Error()) // the OS is broken
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// startSession signs u in: a new session whose secret goes in an HttpOnly
// cookie, only its hash into the store.
func (s *Server) startSession(c *gin.Context, u *tickets.User) error {
	secret := randomToken(32)
	sess := &tickets.Session{ID: HashToken(secret), UserID: u.ID, CSRF: randomToken(24), ExpiresAt: time.Now().Add(sessionTTL).UTC()}
	if err := s.deps.Sessions.CreateSession(c.Request.Context(), sess); err != nil {
		return err
	}
	s.setCookie(c, sessionCookie, secret, int(sessionTTL.Seconds()))
	return nil
}

// setCookie sets an HttpOnly, SameSite=Lax cookie, Secure behind TLS.
func (s *Server) setCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: s.secureCookies(c), SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) secureCookies(c *gin.Context) bool {
	return c.Request.TLS != nil || s.deps.SecureCookies
}

// sessionOf returns the live session of the request's cookie, if any.
func (s *Server) sessionOf(c *gin.Context) (*tickets.Session, *tickets.User, bool) {
	if s.deps.Sessions == nil {
		return nil, nil, false
	}
	ck, err := c.Cookie(sessionCookie)
	if err != nil || ck == "" {
		return nil, nil, false
	}
	sess, u, err := s.deps.Sessions.SessionUser(c.Request.Context(), HashToken(ck))
	if err != nil {
		if !errors.Is(err, tickets.ErrNotFound) {
			s.logger(c).Error("session lookup failed", "error", err)
		}
		return nil, nil, false
	}
	if time.Until(sess.ExpiresAt) < sessionTTL-5*time.Minute {
		// Slide the expiry, at most every few minutes per session.
		exp := time.Now().Add(sessionTTL).UTC()
		if err := s.deps.Sessions.ExtendSession(context.WithoutCancel(c.Request.Context()), sess.ID, exp); err == nil {
			sess.ExpiresAt = exp
			s.setCookie(c, sessionCookie, ck, int(sessionTTL.Seconds()))
		}
	}
	return sess, u, true
}

// identify resolves who calls: a bearer token (integrations) or a session
// cookie (pages and their scripts). A call through a session that changes
// anything must echo the session's CSRF token; a token call need not,
// since no browser sends a bearer token by itself. Nobody: 401.
func (s *Server) identify() gin.HandlerFunc {
	return func(c *gin.Context) {
		if strings.HasPrefix(c.GetHeader("Authorization"), "Bearer ") {
			s.authenticate()(c)
			return
		}
		sess, u, ok := s.sessionOf(c)
		if !ok {
			s.respondError(c, errUnauthorized)
			return
		}
		if !safeMethod(c.Request.Method) && !validCSRF(c, sess.CSRF) {
			s.respondError(c, errCSRF)
			return
		}
		c.Set(userKey, u)
		c.Set(sessionKey, sess)
		c.Next()
	}
}

var errCSRF = errors.New("missing or wrong CSRF token")

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// validCSRF checks the request's token, from the header scripts send or
// the form field forms post, against want.
func validCSRF(c *gin.Context, want string) bool {
	got := c.GetHeader(csrfHeader)
	if got == "" {
		got = c.PostForm(csrfField)
	}
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// currentSession returns the request's session, nil for token calls.
func currentSession(c *gin.Context) *tickets.Session {
	v, _ := c.Get(sessionKey)
	sess, _ := v.(*tickets.Session)
	return sess
}

// clientIP is the address rate limits count by.
func clientIP(c *gin.Context) string { return c.ClientIP() }

// rateLimit refuses with 429 and Retry-After when key's bucket is empty.
func (s *Server) rateLimit(l *limiter, key func(c *gin.Context) string) gin.HandlerFunc {
	return func(c *gin.Context) {
		ok, wait := l.allow(key(c))
		if !ok {
			c.Header("Retry-After", strconvSeconds(wait))
			s.respondError(c, errTooMany)
			return
		}
		c.Next()
	}
}

var errTooMany = errors.New("too many requests")

func strconvSeconds(d time.Duration) string { return strconv.Itoa(max(int(d.Seconds()+0.999), 1)) }
