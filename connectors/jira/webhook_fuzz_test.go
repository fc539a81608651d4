package jira

import (
	"crypto/hmac"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors/copilot"
)

// FuzzWebhook checks the webhook against any delivery: a body signed with
// another secret is always refused, one signed with the secret always
// verified, a made-up header verifies only when it is the signature, and
// a verified body gives at most one issue event or ErrBadPayload.
func FuzzWebhook(f *testing.F) {
	f.Add([]byte(`{"webhookEvent":"jira:issue_created","issue":{"id":"10001","key":"IT-1"}}`), "sha256=00")
	f.Add([]byte(`{"webhookEvent":"jira:issue_created","issue":{"id":10001,"key":"OPS-1"}}`), "SHA256=zz")
	f.Add([]byte(`{"webhookEvent":"jira:issue_updated"}`), "sha1=abc")
	f.Add([]byte(`{"webhookEvent":"jira:issue_created","issue":null}`), "=")
	now := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	w := &Webhook{Secret: "s3cret", Projects: []string{"IT"}}
	f.Fuzz(func(t *testing.T, body []byte, sig string) {
		if err := w.Verify(Sign("other", body), body, now); !errors.Is(err, copilot.ErrUnauthorized) {
			t.Fatalf("a body signed with another secret: %v", err)
		}
		if err := w.Verify(Sign("s3cret", body), body, now); err != nil {
			t.Fatalf("a body signed with the secret: %v", err)
		}
		h := http.Header{SignatureHeader: {sig}, IdentifierHeader: {"d-1"}}
		if err := w.Verify(h, body, now); err == nil {
			method, hexSig, _ := strings.Cut(strings.TrimSpace(sig), "=")
			got, _ := hex.DecodeString(hexSig)
			if !strings.EqualFold(method, "sha256") || !hmac.Equal(got, copilot.Sign("s3cret", body)) {
				t.Fatalf("made-up header %q verified", sig)
			}
		} else if !errors.Is(err, copilot.ErrUnauthorized) {
			t.Fatalf("refused without ErrUnauthorized: %v", err)
		}
		events, err := w.Events(h, body)
		if err != nil && !errors.Is(err, copilot.ErrBadPayload) {
			t.Fatalf("unreadable body refused without ErrBadPayload: %v", err)
		}
		if len(events) > 1 || len(events) == 1 && (!copilot.Digits(events[0].TicketID) || events[0].ID != "d-1") {
			t.Fatalf("events %+v", events)
		}
	})
}
