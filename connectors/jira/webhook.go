package jira

import (
	"crypto/hmac"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/copilot"
)

// Webhook verifies and reads the webhooks of a Jira site: an admin
// webhook (System > WebHooks, or /rest/webhooks/1.0/webhook) on the
// "issue created" event, registered with a secret.
type Webhook struct {
	// Secret is the webhook's secret: Jira signs each delivery with it.
	Secret connectors.Secret
	// Projects, when set, are the keys of the projects whose requests are
	// taken; an issue of another project is left out.
	Projects []string
}

var _ copilot.Hook = (*Webhook)(nil)

// Headers of a Jira webhook delivery.
const (
	SignatureHeader  = "X-Hub-Signature"
	IdentifierHeader = "X-Atlassian-Webhook-Identifier" // the same on each retry
)

// IssueCreated is the webhookEvent of a created issue.
const IssueCreated = "jira:issue_created"

// Verify checks X-Hub-Signature: "sha256=" and the hex HMAC-SHA256 of the
// body with the secret. Jira's signature has no timestamp: a replayed
// delivery is recognised by its identifier and its issue instead.
func (w *Webhook) Verify(h http.Header, body []byte, now time.Time) error {
	if !w.Secret.IsSet() {
		return fmt.Errorf("%w: no webhook secret configured", copilot.ErrUnauthorized)
	}
	method, sig, ok := strings.Cut(strings.TrimSpace(h.Get(SignatureHeader)), "=")
	if !ok || !strings.EqualFold(method, "sha256") {
		return fmt.Errorf("%w: no sha256 %s", copilot.ErrUnauthorized, SignatureHeader)
	}
	got, err := hex.DecodeString(sig)
	if err != nil || !hmac.Equal(got, copilot.Sign(w.Secret.Reveal(), body)) {
		return fmt.Errorf("%w: signature does not match", copilot.ErrUnauthorized)
	}
	return nil
}

// Sign returns the signature header of body with secret, as Jira sends
// it: for tests and for replaying a delivery by hand.
func Sign(secret string, body []byte) http.Header {
	return http.Header{SignatureHeader: {"sha256=" + hex.EncodeToString(copilot.Sign(secret, body))}}
}

// Events returns the created issue of a jira:issue_created delivery; its
// event id is the delivery's identifier. Other events, and issues of
// projects not taken, are left out.
func (w *Webhook) Events(h http.Header, body []byte) ([]copilot.Event, error) {
	var p struct {
		WebhookEvent string `json:"webhookEvent"`
		Issue        *struct {
			ID  json.RawMessage `json:"id"`
			Key string          `json:"key"`
		} `json:"issue"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, fmt.Errorf("%w: %v", copilot.ErrBadPayload, err)
	}
	if p.WebhookEvent != IssueCreated {
		return nil, nil
	}
	if p.Issue == nil || !copilot.Digits(copilot.IDOf(p.Issue.ID)) {
		return nil, fmt.Errorf("%w: an issue created event without its issue", copilot.ErrBadPayload)
	}
	project, _, _ := strings.Cut(p.Issue.Key, "-")
	if len(w.Projects) > 0 && !slices.ContainsFunc(w.Projects, func(k string) bool { return strings.EqualFold(k, project) }) {
		return nil, nil
	}
	return []copilot.Event{{ID: h.Get(IdentifierHeader), TicketID: copilot.IDOf(p.Issue.ID)}}, nil
}
