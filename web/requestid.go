package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"
)

// RequestIDHeader carries a request's id in and out: a proxy in front may
// set it, and the answer always has it, so that a user reporting a
// problem can quote the id the logs are searched by.
const RequestIDHeader = "X-Request-ID"

// requestIDKey holds the request's id in its context.
type requestIDKey struct{}

// loggerKey holds the request's logger in the gin context.
const loggerKey = "deskpilot.logger"

// maxRequestID bounds an id taken from a client.
const maxRequestID = 128

// requestID takes the request's id from X-Request-ID when it is a sane
// one, or makes one; sets it on the answer; and gives the handlers a
// logger that adds request_id to every line (s.logger(c)), and code
// below them a context that carries it (see LogHandler).
func (s *Server) requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader(RequestIDHeader)
		if !validRequestID(id) {
			id = newRequestID()
		}
		c.Header(RequestIDHeader, id)
		c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), requestIDKey{}, id))
		log := s.log.With("request_id", id)
		c.Set(loggerKey, log)
		start := time.Now()
		c.Next()
		log.Debug("request", "method", c.Request.Method, "route", routeOf(c), "status", c.Writer.Status(),
			"duration_ms", time.Since(start).Milliseconds())
	}
}

// logger is the request's logger: the server's with the request's id.
func (s *Server) logger(c *gin.Context) *slog.Logger {
	if l, ok := c.Get(loggerKey); ok {
		if log, ok := l.(*slog.Logger); ok {
			return log
		}
	}
	return s.log
}

// RequestID returns the id of the request ctx belongs to, "" outside one.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// validRequestID accepts what proxies and tracing tools send (UUIDs, hex,
// base64url, dotted or colon-separated ids) and nothing that could forge
// or break a log line.
func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestID {
		return false
	}
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r == '-' || r == '_' || r == '.' || r == ':' || r == '/' || r == '+' || r == '=':
		default:
			return false
		}
	}
	return true
}

func newRequestID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // never fails
	return hex.EncodeToString(b)
}

// LogHandler wraps h so that a record logged with a request's context
// (log.InfoContext(ctx, ...) below a handler, as the assistant does) gets
// the request's request_id, like the lines the handlers log themselves.
// main wraps the process's logger with it; wrapping twice is harmless.
func LogHandler(h slog.Handler) slog.Handler {
	if _, ok := h.(*requestIDHandler); ok {
		return h
	}
	return &requestIDHandler{inner: h}
}

// requestIDHandler adds request_id from the context, unless the logger
// has one already (a request's own logger).
type requestIDHandler struct {
	inner slog.Handler
	has   bool // request_id is among the logger's attributes
}

// Enabled reports whether the inner handler takes records of level.
func (h *requestIDHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

// Handle adds the request id of ctx, if any, and passes r on.
func (h *requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" && !h.has {
		r = r.Clone()
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.inner.Handle(ctx, r)
}

// WithAttrs notes whether the attributes name the request.
func (h *requestIDHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	has := h.has
	for _, a := range attrs {
		has = has || a.Key == "request_id"
	}
	return &requestIDHandler{inner: h.inner.WithAttrs(attrs), has: has}
}

// WithGroup opens a group in the inner handler; an id added later still
// goes with the record's own attributes, inside the group.
func (h *requestIDHandler) WithGroup(name string) slog.Handler {
	return &requestIDHandler{inner: h.inner.WithGroup(name), has: h.has}
}
