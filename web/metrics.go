package web

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"deskpilot/metrics"
	"deskpilot/tickets"
)

// httpMetrics are the server's own metrics. Routes are the route table's
// templates (/api/v1/tickets/:id), never raw paths, so that the series
// stay as few as the routes.
type httpMetrics struct {
	requests *metrics.Counter
	duration *metrics.Histogram
	inFlight *metrics.Gauge
}

func newHTTPMetrics(r *metrics.Registry) *httpMetrics {
	if r == nil {
		return nil
	}
	return &httpMetrics{
		requests: r.Counter("deskpilot_http_requests_total", "HTTP requests answered, by method, route template and status.",
			"method", "route", "status"),
		duration: r.Histogram("deskpilot_http_request_duration_seconds", "Time to answer HTTP requests (streams: until their end), by method and route template.",
			metrics.HTTPBuckets, "method", "route"),
		inFlight: r.Gauge("deskpilot_http_requests_in_flight", "HTTP requests being answered."),
	}
}

// observe counts each request and times it.
func (s *Server) observe() gin.HandlerFunc {
	return func(c *gin.Context) {
		m := s.httpMetrics
		if m == nil {
			c.Next()
			return
		}
		start := time.Now()
		m.inFlight.Add(1)
		c.Next()
		m.inFlight.Add(-1)
		method, route := methodOf(c.Request.Method), routeOf(c)
		m.requests.Inc(method, route, strconv.Itoa(c.Writer.Status()))
		m.duration.Observe(time.Since(start).Seconds(), method, route)
	}
}

// routeOf is the request's route template; "unmatched" for a path no
// route takes, which must not become a label of its own.
func routeOf(c *gin.Context) string {
	if p := c.FullPath(); p != "" {
		return p
	}
	return "unmatched"
}

// methodOf keeps the standard methods and folds the rest, which anyone
// can make up, into one value.
func methodOf(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "OTHER"
}

// scrapeTimeout bounds the store queries a scrape makes (queue depths,
// sync states): a store that is down must not hang the scraper.
const scrapeTimeout = 5 * time.Second

// serveMetrics answers GET /metrics in the Prometheus text format, to
// those mayScrape lets in.
func (s *Server) serveMetrics(c *gin.Context) {
	if s.deps.Metrics == nil {
		c.JSON(http.StatusNotFound, errorBody{Error: "metrics are off"})
		return
	}
	if !s.mayScrape(c) {
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), scrapeTimeout)
	defer cancel()
	var b bytes.Buffer
	if err := s.deps.Metrics.WriteText(ctx, &b); err != nil {
		s.respondError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, metrics.ContentType, b.Bytes())
}

// mayScrape lets in, and answers 401 or 403 to the others:
//   - a bearer token equal to Deps.MetricsToken, which works even while
//     the store is down;
//   - an admin's API token;
//   - without a token, a connection from this host's loopback that no
//     proxy forwarded (a proxy on the same host would otherwise make
//     every client look local).
func (s *Server) mayScrape(c *gin.Context) bool {
	token, bearer := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	token = strings.TrimSpace(token)
	if !bearer || token == "" {
		if directLoopback(c.Request) {
			return true
		}
		s.respondError(c, errUnauthorized)
		return false
	}
	if want := s.deps.MetricsToken; want != "" && subtle.ConstantTimeCompare([]byte(token), []byte(want)) == 1 {
		return true
	}
	if s.deps.Tokens == nil {
		s.respondError(c, errUnauthorized)
		return false
	}
	u, err := s.deps.Tokens.UserByTokenHash(c.Request.Context(), HashToken(token))
	switch {
	case errors.Is(err, tickets.ErrNotFound):
		s.respondError(c, errUnauthorized)
	case err != nil:
		s.respondError(c, err)
	case !u.Role.AtLeast(tickets.RoleAdmin):
		s.respondError(c, errForbidden)
	default:
		return true
	}
	return false
}

// forwardedHeaders are what proxies add to a request they pass on.
var forwardedHeaders = []string{"X-Forwarded-For", "X-Real-IP", "Forwarded", "X-Forwarded-Host"}

// directLoopback reports whether r came straight from this host.
func directLoopback(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return false
	}
	for _, h := range forwardedHeaders {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	return true
}
