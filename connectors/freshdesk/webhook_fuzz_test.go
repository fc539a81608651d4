package freshdesk

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors/copilot"
)

// FuzzWebhook checks the webhook against any delivery: it is verified
// exactly when it carries the shared secret (in the custom header, or as
// the user or password of basic authentication), so another secret is
// always refused; a verified body gives ticket events or ErrBadPayload.
func FuzzWebhook(f *testing.F) {
	f.Add([]byte(`{"ticket_id":"{{ticket.id}}"}`), "s3cret", "", uint8(0))
	f.Add([]byte(`{"freshdesk_webhook":{"ticket_id":"#INC-42"}}`), "", "Basic "+base64.StdEncoding.EncodeToString([]byte("x:s3cret")), uint8(1))
	f.Add([]byte(`{"ticket":{"id":42}}`), " s3cret ", "Basic "+base64.StdEncoding.EncodeToString([]byte("s3cret:X")), uint8(2))
	f.Add([]byte(`{"ticket_id":"SR-"}`), "other", "Basic !!!", uint8(3))
	now := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	w := &Webhook{Secret: "s3cret"}
	f.Fuzz(func(t *testing.T, body []byte, header, auth string, mode uint8) {
		for _, h := range []http.Header{{SecretHeader: {"other"}}, basic("other:other")} {
			if err := w.Verify(h, body, now); !errors.Is(err, copilot.ErrUnauthorized) {
				t.Fatalf("another secret: %v", err)
			}
		}
		for _, h := range []http.Header{{SecretHeader: {"s3cret"}}, basic("user:s3cret"), basic("s3cret:X")} {
			if err := w.Verify(h, body, now); err != nil {
				t.Fatalf("the secret: %v", err)
			}
		}
		h := http.Header{SecretHeader: {header}, "Authorization": {auth}}
		if err := w.Verify(h, body, now); err == nil && !carriesSecret(header, auth) {
			t.Fatalf("headers %q %q verified without the secret", header, auth)
		} else if err != nil && !errors.Is(err, copilot.ErrUnauthorized) {
			t.Fatalf("refused without ErrUnauthorized: %v", err)
		}
		events, err := w.Events(h, body)
		if err != nil && !errors.Is(err, copilot.ErrBadPayload) {
			t.Fatalf("unreadable body refused without ErrBadPayload: %v", err)
		}
		if len(events) > 1 || len(events) == 1 && (!copilot.Digits(events[0].TicketID) || err != nil) {
			t.Fatalf("events %+v, error %v", events, err)
		}
	})
}

func basic(userPass string) http.Header {
	return http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte(userPass))}}
}

// carriesSecret says, independently of Verify, whether headers carry the
// secret "s3cret".
func carriesSecret(header, auth string) bool {
	if strings.TrimSpace(header) == "s3cret" {
		return true
	}
	b64, ok := strings.CutPrefix(auth, "Basic ")
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	user, pass, _ := strings.Cut(string(raw), ":")
	return ok && err == nil && (user == "s3cret" || pass == "s3cret")
}
