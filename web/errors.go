package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// errorBody is every error answer of the API.
type errorBody struct {
	Error  string                 `json:"error"`
	Fields []tickets.FieldProblem `json:"fields,omitempty"`
}

// respondError answers with the status err calls for and a message safe for
// the client; only server errors are logged, in full.
func (s *Server) respondError(c *gin.Context, err error) {
	var ve *tickets.ValidationError
	switch {
	case errors.As(err, &ve):
		c.JSON(http.StatusUnprocessableEntity, errorBody{Error: "invalid input", Fields: ve.Problems})
	case errors.Is(err, tickets.ErrNotFound), errors.Is(err, retrieval.ErrNotFound):
		c.JSON(http.StatusNotFound, errorBody{Error: "not found"})
	case errors.Is(err, tickets.ErrConflict):
		c.JSON(http.StatusConflict, errorBody{Error: "conflict with the current state"})
	case errors.Is(err, errUnauthorized):
		c.Header("WWW-Authenticate", `Bearer realm="deskpilot"`)
		c.JSON(http.StatusUnauthorized, errorBody{Error: "authentication required"})
	case errors.Is(err, errForbidden):
		c.JSON(http.StatusForbidden, errorBody{Error: "not allowed for your role"})
	case errors.Is(err, errCSRF):
		c.JSON(http.StatusForbidden, errorBody{Error: "missing or wrong CSRF token: reload the page"})
	case errors.Is(err, errTooMany):
		c.JSON(http.StatusTooManyRequests, errorBody{Error: "too many requests: wait a moment"})
	case errors.Is(err, errBadRequest):
		c.JSON(http.StatusBadRequest, errorBody{Error: err.Error()})
	default:
		s.logger(c).Error("request failed", "method", c.Request.Method, "path", c.FullPath(), "error", err)
		if s.notReady(c) {
			// The store is down, most likely why this failed: say so, so that
			// clients and load balancers retry rather than give up.
			c.Header("Retry-After", retryAfterUnready)
			c.JSON(http.StatusServiceUnavailable, errorBody{Error: "temporarily unavailable: try again shortly"})
			break
		}
		c.JSON(http.StatusInternalServerError, errorBody{Error: "internal error"})
	}
	c.Abort()
}

// retryAfterUnready is the Retry-After, in seconds, of a request that
// failed while the server was not ready.
const retryAfterUnready = "5"

// notReady reports whether the readiness check fails now.
func (s *Server) notReady(c *gin.Context) bool {
	return s.deps.Ready != nil && s.deps.Ready(c.Request.Context()) != nil
}

var (
	errUnauthorized = errors.New("unauthorized")
	errForbidden    = errors.New("forbidden")
	errBadRequest   = errors.New("bad request")
)

// badRequest wraps a client mistake, keeping its message.
type badRequestError struct{ msg string }

func (e badRequestError) Error() string        { return e.msg }
func (e badRequestError) Is(target error) bool { return target == errBadRequest }

func badRequest(msg string) error { return badRequestError{msg} }
