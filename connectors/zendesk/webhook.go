package zendesk

import (
	"crypto/hmac"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/copilot"
)

// Webhook verifies and reads the webhooks of a Zendesk account: a
// webhook subscribed to the ticket created event
// (zen:event-type:ticket.created), or one a trigger on ticket creation
// calls with a JSON body that names the ticket ({"ticket_id":
// "{{ticket.id}}"}).
type Webhook struct {
	// Secret is the webhook's signing secret (Admin Center, or GET
	// /api/v2/webhooks/{id}/signing_secret).
	Secret connectors.Secret
	// Tolerance is how far the signature's timestamp may be from now
	// before the delivery is refused as a replay (default 5 min).
	Tolerance time.Duration
}

var _ copilot.Hook = (*Webhook)(nil)

// Headers of a Zendesk webhook request.
const (
	SignatureHeader  = "X-Zendesk-Webhook-Signature"
	TimestampHeader  = "X-Zendesk-Webhook-Signature-Timestamp"
	InvocationHeader = "X-Zendesk-Webhook-Invocation-Id"
)

// TicketCreated is the type of the ticket created event.
const TicketCreated = "zen:event-type:ticket.created"

// Verify checks the signature: base64(HMAC-SHA256(timestamp + body)) with
// the signing secret, and a timestamp within the tolerance of now.
func (w *Webhook) Verify(h http.Header, body []byte, now time.Time) error {
	if !w.Secret.IsSet() {
		return fmt.Errorf("%w: no signing secret configured", copilot.ErrUnauthorized)
	}
	sig, ts := strings.TrimSpace(h.Get(SignatureHeader)), strings.TrimSpace(h.Get(TimestampHeader))
	if sig == "" || ts == "" {
		return fmt.Errorf("%w: no %s or %s", copilot.ErrUnauthorized, SignatureHeader, TimestampHeader)
	}
	got, err := base64.StdEncoding.DecodeString(sig)
	want := copilot.Sign(w.Secret.Reveal(), []byte(ts), body)
	if err != nil || !hmac.Equal(got, want) {
		return fmt.Errorf("%w: signature does not match", copilot.ErrUnauthorized)
	}
	at, ok := parseTimestamp(ts)
	tol := w.Tolerance
	if tol <= 0 {
		tol = 5 * time.Minute
	}
	if !ok || at.Before(now.Add(-tol)) || at.After(now.Add(tol)) {
		return fmt.Errorf("%w: signature timestamp %q is not within %s of now", copilot.ErrUnauthorized, ts, tol)
	}
	return nil
}

// Sign returns the signature headers of body at `at` with secret, as
// Zendesk sends them: for tests and for replaying a delivery by hand.
func Sign(secret string, body []byte, at time.Time) http.Header {
	ts := at.UTC().Format(time.RFC3339)
	return http.Header{
		SignatureHeader: {base64.StdEncoding.EncodeToString(copilot.Sign(secret, []byte(ts), body))},
		TimestampHeader: {ts},
	}
}

// parseTimestamp reads the signature timestamp: ISO 8601, as Zendesk
// sends it ("2021-03-25T05:09:27Z"), or Unix seconds.
func parseTimestamp(ts string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, ts); err == nil {
		return t, true
	}
	if n, err := strconv.ParseInt(ts, 10, 64); err == nil {
		return time.Unix(n, 0), true
	}
	return time.Time{}, false
}

// payload is an event webhook's body, or a trigger webhook's.
type payload struct {
	Type    string `json:"type"`
	ID      string `json:"id"`
	Subject string `json:"subject"` // "zen:ticket:35436"
	Detail  struct {
		ID json.RawMessage `json:"id"`
	} `json:"detail"`
	TicketID json.RawMessage `json:"ticket_id"`
	Ticket   *struct {
		ID json.RawMessage `json:"id"`
	} `json:"ticket"`
}

// Events returns the ticket created event of a delivery: an event
// subscription's (its id is the event's) or a trigger's (its id is the
// invocation's, the same on each retry). Other events are left out.
func (w *Webhook) Events(h http.Header, body []byte) ([]copilot.Event, error) {
	var p payload
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, fmt.Errorf("%w: %v", copilot.ErrBadPayload, err)
	}
	var e copilot.Event
	switch {
	case p.Type == TicketCreated:
		e.ID, e.TicketID = p.ID, copilot.IDOf(p.Detail.ID)
		if e.TicketID == "" {
			e.TicketID = strings.TrimPrefix(p.Subject, "zen:ticket:")
		}
	case p.Type != "":
		return nil, nil // another event: not the copilot's
	default:
		e.ID, e.TicketID = h.Get(InvocationHeader), copilot.IDOf(p.TicketID)
		if e.TicketID == "" && p.Ticket != nil {
			e.TicketID = copilot.IDOf(p.Ticket.ID)
		}
	}
	if !copilot.Digits(e.TicketID) {
		return nil, fmt.Errorf("%w: no ticket id (want a ticket created event, or {\"ticket_id\": \"{{ticket.id}}\"})", copilot.ErrBadPayload)
	}
	return []copilot.Event{e}, nil
}
