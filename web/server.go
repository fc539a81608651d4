package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"deskpilot/assistant"
	"deskpilot/metrics"
	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// Deps are what the server needs, built in main.
type Deps struct {
	Tickets   *tickets.Service
	Documents retrieval.DocumentStore
	Tokens    tickets.TokenStore
	// Sessions keeps browser sessions; nil turns the pages' login off.
	Sessions tickets.SessionStore
	// SecureCookies marks cookies Secure even without TLS on this
	// connection (behind a TLS-terminating proxy).
	SecureCookies bool
	// Search is the hybrid searcher; nil turns /api/v1/search off (503).
	Search Searcher
	// Assistant answers questions and drafts suggestions; nil turns the
	// chat and the AI panel off.
	Assistant Assistant
	// Outcomes records what agents do with suggested replies; nil turns
	// recording them (and sending through the AI panel) off.
	Outcomes tickets.OutcomeStore
	// SuggestionKey signs the suggestion ids the AI panel sends back with
	// an outcome. Nil draws a random key at start: an id then outlives
	// neither a restart nor a move to another node.
	SuggestionKey []byte
	// TrustedProxies are the addresses (IPs or CIDRs) of the reverse
	// proxies whose X-Forwarded-For names the client; none by default, so
	// that nobody can pick the address rate limits count by.
	TrustedProxies []string
	// Conversations keeps the self-service chats; nil turns the chat off.
	Conversations tickets.ConversationStore
	// WidgetOrigins may frame the chat widget besides the desk itself
	// (see ParseWidgetOrigins).
	WidgetOrigins []string
	// ChatLimits bounds how fast one user and one address may chat.
	ChatLimits ChatLimits
	// Admin is what the admin pages need beyond the above (see AdminDeps).
	Admin AdminDeps
	// Copilot receives help desks' webhooks and shows the copilot's
	// queue; nil turns the webhooks (404) and /api/v1/copilot (503) off.
	Copilot Copilot
	// Ready reports whether the server can do its work (store reachable,
	// indexes loaded); /readyz answers 503 while it returns an error.
	Ready func(ctx context.Context) error
	// Metrics receives the HTTP metrics and is served at /metrics; nil
	// turns /metrics off (404).
	Metrics *metrics.Registry
	// MetricsToken is a bearer token that may read /metrics, besides
	// admins' API tokens and connections from this host; "" for none.
	MetricsToken string
	Logger       *slog.Logger
}

// Assistant is what the chat and the agent's AI panel need;
// *assistant.Assistant is one.
type Assistant interface {
	Answer(ctx context.Context, req assistant.Request) (*assistant.Answer, error)
	Stream(ctx context.Context, req assistant.Request, emit func(assistant.StreamEvent) error) (*assistant.Answer, error)
}

// Searcher is what the API needs of search.
type Searcher interface {
	SearchDocuments(ctx context.Context, q retrieval.Query) ([]retrieval.DocumentHit, error)
}

// Server holds the HTTP handler and what its handlers use.
type Server struct {
	engine      *gin.Engine
	deps        Deps
	log         *slog.Logger
	httpMetrics *httpMetrics // nil without Deps.Metrics
}

// New builds the server and its routes.
func New(d Deps) *Server {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{engine: gin.New(), deps: d, log: d.Logger, httpMetrics: newHTTPMetrics(d.Metrics)}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.log = slog.New(LogHandler(s.log.Handler()))
	s.engine.HandleMethodNotAllowed = true
	if err := s.engine.SetTrustedProxies(d.TrustedProxies); err != nil {
		s.log.Error("trusted proxies refused: trusting none", "error", err)
		_ = s.engine.SetTrustedProxies(nil)
	}
	s.engine.Use(s.requestID(), s.observe(), s.recoverer(), securityHeaders())
	s.routes()
	return s
}

// Handler returns the server's http.Handler.
func (s *Server) Handler() http.Handler { return s.engine }

// securityHeaders sets the headers every answer carries.
func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		c.Next()
	}
}

// recoverer turns a panic into a 500 and logs it, without the request body.
func (s *Server) recoverer() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				s.logger(c).Error("panic in handler", "path", c.FullPath(), "panic", r)
				c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{"error": "internal error"})
			}
		}()
		c.Next()
	}
}

// NewAPIToken returns a fresh token to show once and the hash to store.
func NewAPIToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = "dp_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	return token, HashToken(token), nil
}

// HashToken is how tokens are stored: a SHA-256, which is enough for
// 256-bit random secrets (no password stretching needed).
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
