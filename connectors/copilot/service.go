package copilot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"time"

	"deskpilot/assistant"
	"deskpilot/connectors"
)

// Answerer drafts and triages; *assistant.Assistant is one.
type Answerer interface {
	Answer(ctx context.Context, req assistant.Request) (*assistant.Answer, error)
}

// Config wires a Service. Store and Assistant are required.
type Config struct {
	Store      Store
	Assistant  Answerer
	Connectors []Connector
	// Clock reads the time jobs are due by (default the system's).
	Clock connectors.Clock
	Log   *slog.Logger
	// Owner names this process in claims (default host-pid-random).
	Owner string
	// MaxAttempts is how many attempts a job gets before it is failed
	// (default 5).
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the wait before the next attempt,
	// which doubles with each failure (defaults 30 s and 30 min).
	MinBackoff, MaxBackoff time.Duration
	// Lease is how long a claim lasts: a worker that dies holds its job
	// that long (default 10 min). One attempt is cut off before it ends.
	Lease time.Duration
	// Poll is how often Run looks for due jobs when no webhook wakes it
	// (default 5 s).
	Poll time.Duration
}

// Service receives webhooks into the queue and works the queue.
type Service struct {
	cfg   Config
	conns map[string]Connector
	names []string
	wake  chan struct{}
}

// New returns a service.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Assistant == nil {
		return nil, errors.New("copilot: a store and an assistant are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = connectors.SystemClock{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Owner == "" {
		host, _ := os.Hostname()
		b := make([]byte, 4)
		_, _ = rand.Read(b)
		cfg.Owner = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 5
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = 30 * time.Second
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 30 * time.Minute
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 10 * time.Minute
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 5 * time.Second
	}
	s := &Service{cfg: cfg, conns: map[string]Connector{}, wake: make(chan struct{}, 1)}
	for _, c := range cfg.Connectors {
		if c.Name == "" || c.Hook == nil || c.Desk == nil {
			return nil, fmt.Errorf("copilot: connector %q needs a name, a hook and a desk", c.Name)
		}
		if _, dup := s.conns[c.Name]; dup {
			return nil, fmt.Errorf("copilot: connector %q given twice", c.Name)
		}
		s.conns[c.Name] = c
		s.names = append(s.names, c.Name)
	}
	slices.Sort(s.names)
	return s, nil
}

// Receipt says what became of a webhook's events.
type Receipt struct {
	Queued     int `json:"queued"`
	Duplicates int `json:"duplicates"` // already queued or done: acknowledged, nothing written
}

// Receive takes a webhook delivery for the connector named, sent to the
// route of family (zendesk, freshdesk, jira): it verifies the sender and
// queues a job per ticket-created event. Nothing is queued for a delivery
// that does not verify.
func (s *Service) Receive(ctx context.Context, family, name string, h http.Header, body []byte) (*Receipt, error) {
	c, ok := s.conns[name]
	if !ok || Family(c.System) != family {
		return nil, fmt.Errorf("%w: %s/%s", ErrUnknownConnector, family, name)
	}
	now := s.cfg.Clock.Now()
	if err := c.Hook.Verify(h, body, now); err != nil {
		return nil, err
	}
	events, err := c.Hook.Events(h, body)
	if err != nil {
		return nil, err
	}
	r := &Receipt{}
	for _, e := range events {
		j := &Job{System: c.System, Connector: name, TicketID: e.TicketID, EventID: e.ID,
			Status: StatusQueued, NextAttemptAt: now, CreatedAt: now, UpdatedAt: now}
		created, err := s.cfg.Store.EnqueueCopilotJob(ctx, j)
		if err != nil {
			return nil, fmt.Errorf("copilot: queue %s ticket %s: %w", name, e.TicketID, err)
		}
		if created {
			r.Queued++
			s.cfg.Log.Info("copilot job queued", "connector", name, "ticket_id", e.TicketID, "job_id", j.ID)
		} else {
			r.Duplicates++
			s.cfg.Log.Info("copilot webhook replayed", "connector", name, "ticket_id", e.TicketID, "event_id", e.ID)
		}
	}
	if r.Queued > 0 {
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
	return r, nil
}

// Jobs lists the queue's jobs.
func (s *Service) Jobs(ctx context.Context, f JobFilter) ([]*Job, error) {
	return s.cfg.Store.ListCopilotJobs(ctx, f)
}

// Counts counts the queue's jobs by status, every status present.
func (s *Service) Counts(ctx context.Context) (map[Status]int, error) {
	return Counts(ctx, s.cfg.Store)
}

// Counts counts st's jobs by status, with a zero for each status absent.
func Counts(ctx context.Context, st Store) (map[Status]int, error) {
	n, err := st.CountCopilotJobs(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[Status]int, len(Statuses))
	for _, s := range Statuses {
		out[s] = n[s]
	}
	return out, nil
}
