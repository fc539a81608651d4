package web

import (
	"errors"
	"strings"

	"github.com/gin-gonic/gin"

	"deskpilot/tickets"
)

const userKey = "deskpilot.user"

// authenticate resolves the bearer token to a user, or refuses with 401.
func (s *Server) authenticate() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.GetHeader("Authorization")
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || strings.TrimSpace(token) == "" || s.deps.Tokens == nil {
			s.respondError(c, errUnauthorized)
			return
		}
		u, err := s.deps.Tokens.UserByTokenHash(c.Request.Context(), HashToken(strings.TrimSpace(token)))
		if errors.Is(err, tickets.ErrNotFound) {
			s.respondError(c, errUnauthorized)
			return
		}
		if err != nil {
			s.respondError(c, err)
			return
		}
		c.Set(userKey, u)
		c.Next()
	}
}

// require refuses users whose role is below min.
func (s *Server) require(min tickets.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !currentUser(c).Role.AtLeast(min) {
			s.respondError(c, errForbidden)
			return
		}
		c.Next()
	}
}

func currentUser(c *gin.Context) *tickets.User {
	u, _ := c.Get(userKey)
	if user, ok := u.(*tickets.User); ok {
		return user
	}
	return &tickets.User{} // no role: refused by every check
}
