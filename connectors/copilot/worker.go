package copilot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"deskpilot/assistant"
	"deskpilot/connectors"
)

// Run works the queue until ctx ends: whenever a webhook queues a job, and
// every Poll for the retries that fall due and the jobs of other
// processes that died.
func (s *Service) Run(ctx context.Context) {
	tick := time.NewTicker(s.cfg.Poll)
	defer tick.Stop()
	for {
		if _, err := s.ProcessDue(ctx); err != nil && ctx.Err() == nil {
			s.cfg.Log.Error("copilot queue", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-tick.C:
		}
	}
}

// ProcessDue works the jobs due now, one at a time, until none is left,
// and returns how many it worked. Only a failure of the store is an
// error: a job that fails is retried later or failed, as its attempts
// say.
func (s *Service) ProcessDue(ctx context.Context) (int, error) {
	n := 0
	for ctx.Err() == nil {
		now := s.cfg.Clock.Now()
		jobs, err := s.cfg.Store.ClaimCopilotJobs(ctx, s.cfg.Owner, s.names, now, now.Add(s.cfg.Lease), 1)
		if err != nil {
			return n, fmt.Errorf("copilot: claim jobs: %w", err)
		}
		if len(jobs) == 0 {
			return n, nil
		}
		for _, j := range jobs {
			if err := s.work(ctx, j); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, ctx.Err()
}

// work makes one attempt at a claimed job and records how it went.
func (s *Service) work(ctx context.Context, j *Job) error {
	// An attempt ends well before the lease, so that no other worker
	// takes the job while this one still writes.
	actx, cancel := context.WithTimeout(ctx, s.cfg.Lease*4/5)
	defer cancel()
	start := s.cfg.Clock.Now()
	result, err := s.attempt(actx, j)
	if errors.Is(err, ErrLeaseLost) {
		s.cfg.Log.Warn("copilot job taken over", "job_id", j.ID, "connector", j.Connector)
		return nil
	}
	now := s.cfg.Clock.Now()
	j.Owner, j.LeaseUntil, j.UpdatedAt = "", nil, now
	switch {
	case err != nil && ctx.Err() != nil:
		// Shutting down: the job is given back, due at once, rather than
		// left to its lease.
		j.Status, j.LastError, j.NextAttemptAt = StatusRetry, "interrupted: "+err.Error(), now
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
	case err == nil:
		j.Status, j.Result, j.LastError = StatusDone, result, ""
		s.cfg.Log.Info("copilot note written", "job_id", j.ID, "connector", j.Connector, "ticket_id", j.TicketID,
			"result", result, "duration_ms", now.Sub(start).Milliseconds())
	case j.Attempts >= s.cfg.MaxAttempts || permanent(err):
		j.Status, j.LastError = StatusFailed, err.Error()
		s.cfg.Log.Error("copilot job failed", "job_id", j.ID, "connector", j.Connector, "ticket_id", j.TicketID,
			"attempts", j.Attempts, "error", err)
	default:
		j.Status, j.LastError = StatusRetry, err.Error()
		j.NextAttemptAt = now.Add(s.backoff(j.Attempts))
		s.cfg.Log.Warn("copilot job will be retried", "job_id", j.ID, "connector", j.Connector, "ticket_id", j.TicketID,
			"attempts", j.Attempts, "next_attempt_at", j.NextAttemptAt, "error", err)
	}
	if err := s.cfg.Store.SaveCopilotJob(ctx, s.cfg.Owner, j); err != nil && !errors.Is(err, ErrLeaseLost) {
		return fmt.Errorf("copilot: save job %d: %w", j.ID, err)
	}
	return nil
}

// attempt fetches the ticket, has it answered, and writes the note and
// the fields back, unless the note is there already.
func (s *Service) attempt(ctx context.Context, j *Job) (string, error) {
	c, ok := s.conns[j.Connector]
	if !ok { // claims name only this process's connectors
		return "", fmt.Errorf("%w: %s", ErrUnknownConnector, j.Connector)
	}
	t, err := c.Desk.Ticket(ctx, j.TicketID)
	if err != nil {
		return "", fmt.Errorf("fetch ticket: %w", err)
	}
	ans, err := s.cfg.Assistant.Answer(ctx, assistant.Request{Text: t.Question(), Audience: assistant.Agent})
	if err != nil {
		return "", fmt.Errorf("assistant: %w", err)
	}
	marker := Marker(j.Connector, j.TicketID)
	note := buildNote(ans, marker)
	j.Status, j.UpdatedAt = StatusWriting, s.cfg.Clock.Now()
	if err := s.cfg.Store.SaveCopilotJob(ctx, s.cfg.Owner, j); err != nil {
		return "", err
	}
	has, err := c.Desk.HasNote(ctx, j.TicketID, marker)
	if err != nil {
		return "", fmt.Errorf("look for the note: %w", err)
	}
	wb := WriteBack{Fields: fieldsOf(ans)}
	if !has {
		wb.Note = &note
	}
	set, err := c.Desk.WriteBack(ctx, j.TicketID, wb)
	if err != nil {
		return "", fmt.Errorf("write back: %w", err)
	}
	words := []string{"note written"}
	if has {
		words[0] = "note was there already"
	}
	return strings.Join(append(words, set...), "; "), nil
}

// backoff is the wait after the n-th failed attempt (from 1).
func (s *Service) backoff(n int) time.Duration {
	d := s.cfg.MinBackoff
	for i := 1; i < n && d < s.cfg.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, s.cfg.MaxBackoff)
}

// permanent reports whether err will not pass by trying again: the help
// desk refused the request itself (a ticket that is gone, a value it does
// not take), rather than failing or limiting it. Credentials refused (401,
// 403) are retried: an admin may fix them before the attempts run out.
func permanent(err error) bool {
	var he *connectors.HTTPError
	if !errors.As(err, &he) {
		return errors.Is(err, ErrUnknownConnector)
	}
	switch he.Status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusConflict:
		return false
	}
	return !he.Temporary() && he.Status >= 400 && he.Status < 500
}
