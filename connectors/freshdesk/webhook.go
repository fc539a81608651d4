package freshdesk

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/copilot"
)

// Webhook verifies and reads the webhooks an automation rule on ticket
// creation sends ("Trigger webhook", POST, JSON content such as
// {"ticket_id": "{{ticket.id}}"}). Freshdesk and Freshservice do not sign
// their webhooks: the rule carries a shared secret instead, in a custom
// header (SecretHeader) or as the password of its basic authentication
// ("Requires authentication": any user name and the secret as password,
// or the secret as "API key").
type Webhook struct {
	Secret connectors.Secret
}

var _ copilot.Hook = (*Webhook)(nil)

// SecretHeader is the custom header that may carry the shared secret.
const SecretHeader = "X-Deskpilot-Webhook-Secret"

// Verify checks the shared secret, compared in constant time.
func (w *Webhook) Verify(h http.Header, body []byte, now time.Time) error {
	if !w.Secret.IsSet() {
		return fmt.Errorf("%w: no webhook secret configured", copilot.ErrUnauthorized)
	}
	want := w.Secret.Reveal()
	if v := h.Get(SecretHeader); v != "" && copilot.SecretEqual(strings.TrimSpace(v), want) {
		return nil
	}
	if b64, ok := strings.CutPrefix(h.Get("Authorization"), "Basic "); ok {
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
		user, pass, _ := strings.Cut(string(raw), ":")
		// Both are compared, always: the time taken says nothing of
		// which one matched.
		byPass, byKey := copilot.SecretEqual(pass, want), copilot.SecretEqual(user, want)
		if err == nil && (byPass || byKey) {
			return nil
		}
	}
	return fmt.Errorf("%w: no %s header or basic authentication with the webhook secret", copilot.ErrUnauthorized, SecretHeader)
}

// Events returns the ticket the delivery names, from {"ticket_id": ...},
// {"ticket": {"id": ...}} or the "freshdesk_webhook" wrapper of the
// rule's simple encoding. Freshservice writes ids with their prefix
// ("#INC-42", "SR-42"): the number is kept. No event id is sent: a
// replayed delivery is recognised by its ticket.
func (w *Webhook) Events(h http.Header, body []byte) ([]copilot.Event, error) {
	var p struct {
		TicketID json.RawMessage `json:"ticket_id"`
		Ticket   *struct {
			ID json.RawMessage `json:"id"`
		} `json:"ticket"`
		Wrapped *struct {
			TicketID json.RawMessage `json:"ticket_id"`
		} `json:"freshdesk_webhook"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, fmt.Errorf("%w: %v", copilot.ErrBadPayload, err)
	}
	id := copilot.IDOf(p.TicketID)
	if id == "" && p.Ticket != nil {
		id = copilot.IDOf(p.Ticket.ID)
	}
	if id == "" && p.Wrapped != nil {
		id = copilot.IDOf(p.Wrapped.TicketID)
	}
	id = ticketNumber(id)
	if !copilot.Digits(id) {
		return nil, fmt.Errorf("%w: no ticket id (want {\"ticket_id\": \"{{ticket.id}}\"})", copilot.ErrBadPayload)
	}
	return []copilot.Event{{TicketID: id}}, nil
}

// ticketNumber strips Freshservice's display prefix from a ticket id:
// "#INC-42" and "SR-42" are ticket 42.
func ticketNumber(id string) string {
	id = strings.TrimPrefix(strings.TrimSpace(id), "#")
	if i := strings.LastIndexByte(id, '-'); i >= 0 {
		id = id[i+1:]
	}
	return id
}
