package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"deskpilot/tickets"
)

// Login limits: per address and per account, so that neither one machine
// nor a botnet on one account can guess passwords quickly.
var (
	loginPerIP      = newLimiter(10, 6*time.Second)
	loginPerAccount = newLimiter(5, 12*time.Second)
)

func (s *Server) loginPage(c *gin.Context) {
	if _, u, ok := s.sessionOf(c); ok {
		c.Redirect(http.StatusSeeOther, homeFor(u.Role))
		return
	}
	s.showLogin(c, http.StatusOK, "", c.Query("next"))
}

// showLogin renders the form with a fresh double-submit CSRF token.
func (s *Server) showLogin(c *gin.Context, status int, problem, next string) {
	tok := randomToken(24)
	s.setCookie(c, preCookie, tok, 3600)
	s.render(c, status, "login", &page{Title: "login.title", CSRF: tok, Data: map[string]string{"Problem": problem, "Next": safeNext(next)}})
}

// login checks the credentials and starts a session. Every failure says
// the same thing and takes as long, whether the account exists or not.
func (s *Server) login(c *gin.Context) {
	pre, err := c.Cookie(preCookie)
	if err != nil || !validCSRF(c, pre) {
		s.showLogin(c, http.StatusForbidden, "login.failed", c.PostForm("next"))
		return
	}
	email := tickets.NormalizeEmail(c.PostForm("email"))
	next := c.PostForm("next")
	okIP, _ := loginPerIP.allow(clientIP(c))
	okAcct, _ := loginPerAccount.allow(email)
	if !okIP || !okAcct {
		c.Header("Retry-After", "60")
		s.showLogin(c, http.StatusTooManyRequests, "login.throttled", next)
		return
	}
	u, err := s.deps.Tickets.Store().GetUserByEmail(c.Request.Context(), email)
	if err != nil && !errors.Is(err, tickets.ErrNotFound) {
		s.logger(c).Error("login lookup failed", "error", err)
		s.errorPage(c, http.StatusInternalServerError, "error.title")
		return
	}
	hash := dummyHash
	if u != nil && u.PasswordHash != "" {
		hash = u.PasswordHash
	}
	if !CheckPassword(hash, c.PostForm("password")) || u == nil || u.PasswordHash == "" {
		s.logger(c).Info("login refused", "email_domain", emailDomain(email))
		s.showLogin(c, http.StatusUnauthorized, "login.failed", next)
		return
	}
	if err := s.startSession(c, u); err != nil {
		s.logger(c).Error("start session failed", "error", err)
		s.errorPage(c, http.StatusInternalServerError, "error.title")
		return
	}
	s.setCookie(c, preCookie, "", -1)
	dest := safeNext(next)
	if dest == "" {
		dest = homeFor(u.Role)
	}
	c.Redirect(http.StatusSeeOther, dest)
}

// logout ends the session (the form carries its CSRF token).
func (s *Server) logout(c *gin.Context) {
	if sess := currentSession(c); sess != nil {
		if err := s.deps.Sessions.DeleteSession(c.Request.Context(), sess.ID); err != nil {
			s.logger(c).Error("logout failed", "error", err)
		}
	}
	s.setCookie(c, sessionCookie, "", -1)
	c.Redirect(http.StatusSeeOther, "/login")
}

// safeNext keeps a redirect target only when it is a path on this site:
// "//evil.example" and "https://..." are refused (open redirects).
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return ""
	}
	return next
}

func emailDomain(email string) string {
	if _, d, ok := strings.Cut(email, "@"); ok {
		return d
	}
	return ""
}

func (s *Server) root(c *gin.Context) {
	if _, u, ok := s.sessionOf(c); ok {
		c.Redirect(http.StatusSeeOther, homeFor(u.Role))
		return
	}
	c.Redirect(http.StatusSeeOther, "/login")
}
