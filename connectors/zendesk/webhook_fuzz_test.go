package zendesk

import (
	"crypto/hmac"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors/copilot"
)

// FuzzWebhook checks the webhook against any delivery: a body signed with
// another secret is always refused, one signed with the secret always
// verified, made-up headers verify only when they carry the signature,
// and a verified body gives ticket events or ErrBadPayload, never a panic.
func FuzzWebhook(f *testing.F) {
	f.Add([]byte(`{"type":"zen:event-type:ticket.created","id":"e1","subject":"zen:ticket:35436","detail":{"id":"35436"}}`), "sig", "2025-01-06T09:00:00Z", int64(0))
	f.Add([]byte(`{"ticket_id":"{{ticket.id}}"}`), "", "1736154000", int64(-400))
	f.Add([]byte(`{"ticket":{"id":35436}}`), "AAAA", "not a time", int64(301))
	f.Add([]byte(`{"type":"zen:event-type:user.created"}`), "=", "", int64(1<<40))
	now := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	w := &Webhook{Secret: "s3cret"}
	f.Fuzz(func(t *testing.T, body []byte, sig, ts string, skew int64) {
		skew %= 100000 // seconds: about a day either way
		at := now.Add(time.Duration(skew) * time.Second)
		if err := w.Verify(Sign("other", body, at), body, now); !errors.Is(err, copilot.ErrUnauthorized) {
			t.Fatalf("a body signed with another secret: %v", err)
		}
		err := w.Verify(Sign("s3cret", body, at), body, now)
		if within := skew >= -300 && skew <= 300; within != (err == nil) {
			t.Fatalf("signed %ds from now: %v", skew, err)
		}
		if err != nil && !errors.Is(err, copilot.ErrUnauthorized) {
			t.Fatalf("refused without ErrUnauthorized: %v", err)
		}
		h := http.Header{SignatureHeader: {sig}, TimestampHeader: {ts}, InvocationHeader: {"inv-1"}}
		if err := w.Verify(h, body, now); err == nil {
			got, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(sig))
			if !hmac.Equal(got, copilot.Sign("s3cret", []byte(strings.TrimSpace(ts)), body)) {
				t.Fatalf("made-up headers %q %q verified", sig, ts)
			}
		}
		events, err := w.Events(h, body)
		if err != nil && !errors.Is(err, copilot.ErrBadPayload) {
			t.Fatalf("unreadable body refused without ErrBadPayload: %v", err)
		}
		for _, e := range events {
			if !copilot.Digits(e.TicketID) || len(events) > 1 {
				t.Fatalf("events %+v", events)
			}
		}
	})
}
