package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"deskpilot/connectors/copilot"
	"deskpilot/tickets"
)

// Copilot is copilot mode as the server needs it: help desks' webhooks in,
// the queue's state out; *copilot.Service is one.
type Copilot interface {
	Receive(ctx context.Context, family, connector string, h http.Header, body []byte) (*copilot.Receipt, error)
	Jobs(ctx context.Context, f copilot.JobFilter) ([]*copilot.Job, error)
	Counts(ctx context.Context) (map[copilot.Status]int, error)
}

var _ Copilot = (*copilot.Service)(nil)

// maxWebhookBytes caps a webhook's body: help desks send a ticket's
// summary, not its attachments.
const maxWebhookBytes = 1 << 20

// copilotRoutes registers the help desks' webhooks, outside the API and
// its tokens: each delivery proves its sender by the desk's signature or
// shared secret. They are rate-limited per address, generously: a help
// desk sends from a few addresses, in bursts.
func (s *Server) copilotRoutes(r *gin.Engine) {
	perIP := newLimiter(300, 50*time.Millisecond)
	for _, family := range []string{"zendesk", "freshdesk", "jira"} {
		r.POST("/webhooks/"+family+"/:connector", s.rateLimit(perIP, clientIP), s.webhook(family))
	}
}

// copilotAPI registers the admin's view of the copilot's queue.
func (s *Server) copilotAPI(api *gin.RouterGroup) {
	api.GET("/copilot/jobs", s.require(tickets.RoleAdmin), s.copilotJobs)
}

// webhook receives a delivery of a help desk of family for the connector
// named in the path: 200 with what was queued (a replay is acknowledged,
// queued once), 401 when the sender is not proven, 404 for a connector
// not in copilot mode.
func (s *Server) webhook(family string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.deps.Copilot == nil {
			c.JSON(http.StatusNotFound, errorBody{Error: "copilot mode is off"})
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxWebhookBytes))
		if err != nil {
			c.JSON(http.StatusRequestEntityTooLarge, errorBody{Error: "webhook body too large or unreadable"})
			return
		}
		name := c.Param("connector")
		r, err := s.deps.Copilot.Receive(c.Request.Context(), family, name, c.Request.Header, body)
		switch {
		case err == nil:
			c.JSON(http.StatusOK, r)
		case errors.Is(err, copilot.ErrUnknownConnector):
			c.JSON(http.StatusNotFound, errorBody{Error: "no copilot connector " + family + "/" + name})
		case errors.Is(err, copilot.ErrUnauthorized):
			// The reason is logged, not told: it would help a forger.
			s.logger(c).Warn("webhook refused", "connector", name, "family", family, "remote", clientIP(c), "error", err)
			c.JSON(http.StatusUnauthorized, errorBody{Error: "webhook signature or secret missing or wrong"})
		case errors.Is(err, copilot.ErrBadPayload):
			c.JSON(http.StatusBadRequest, errorBody{Error: err.Error()})
		default:
			s.respondError(c, err)
		}
	}
}

// copilotJobs answers the queue's counts by status and its latest jobs.
func (s *Server) copilotJobs(c *gin.Context) {
	if s.deps.Copilot == nil {
		c.JSON(http.StatusServiceUnavailable, errorBody{Error: "copilot mode is off"})
		return
	}
	f := copilot.JobFilter{Status: copilot.Status(c.Query("status")), Connector: c.Query("connector"), Limit: 50}
	if f.Status != "" && !slices.Contains(copilot.Statuses, f.Status) {
		s.respondError(c, badRequest("status: want one of queued, working, writing, retry, done, failed"))
		return
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			s.respondError(c, badRequest("limit: want 1 to 500"))
			return
		}
		f.Limit = n
	}
	ctx := c.Request.Context()
	counts, err := s.deps.Copilot.Counts(ctx)
	if err != nil {
		s.respondError(c, err)
		return
	}
	jobs, err := s.deps.Copilot.Jobs(ctx, f)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"counts": counts, "jobs": jobs})
}

func init() {
	addAPIDocs([]apiDoc{
		{Method: "GET", Path: "/api/v1/copilot/jobs", Summary: "Copilot mode's queue: jobs by status, and the latest jobs with their attempts and last error",
			Role: "admin", Query: []string{"status: queued, working, writing, retry, done or failed", "connector: a connector's name", "limit: 1 to 500, default 50"},
			Response: "CopilotJobs"},
	}, map[string]string{
		"CopilotJobs": `{"type":"object","properties":{"counts":{"type":"object","additionalProperties":{"type":"integer"}},` +
			`"jobs":{"type":"array","items":{"$ref":"#/components/schemas/CopilotJob"}}}}`,
		"CopilotJob": `{"type":"object","properties":{"id":{"type":"integer"},"system":{"enum":["zendesk","freshdesk","freshservice","jira"]},` +
			`"connector":{"type":"string"},"ticket_id":{"type":"string"},"event_id":{"type":"string"},` +
			`"status":{"enum":["queued","working","writing","retry","done","failed"]},"attempts":{"type":"integer"},` +
			`"last_error":{"type":"string"},"result":{"type":"string","description":"what was written back"},` +
			`"next_attempt_at":{"type":"string","format":"date-time"},"created_at":{"type":"string","format":"date-time"},` +
			`"updated_at":{"type":"string","format":"date-time"},"owner":{"type":"string"},"lease_until":{"type":"string","format":"date-time"}}}`,
	})
}
