package connectors_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/synctest"
)

func TestSendJSON(t *testing.T) {
	tests := []struct {
		name      string
		method    string
		steps     []step
		wantErr   int // the HTTPError status; 0 for success
		wantCalls int32
		wantSlept []time.Duration
	}{
		{"created", http.MethodPost, []step{{status: 201, body: `{"id":7}`}}, 0, 1, nil},
		{"no content", http.MethodPut, []step{{status: 204}}, 0, 1, nil},
		{"429 waited out and sent again", http.MethodPost, []step{{status: 429, header: map[string]string{"Retry-After": "9"}}, {status: 201, body: `{"id":7}`}},
			0, 2, []time.Duration{9 * time.Second}},
		{"500 on a POST is not sent twice", http.MethodPost, []step{{status: 500, body: `{"error":"Boom"}`}, {status: 201}}, 500, 1, nil},
		{"500 on a PUT is not sent twice either", http.MethodPut, []step{{status: 500}, {status: 200}}, 500, 1, nil},
		{"422 with the API's message", http.MethodPut, []step{{status: 422, body: `{"error":"RecordInvalid","description":"Group is invalid"}`}}, 422, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			var gotType, gotBody, gotMethod string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				i := min(int(n.Add(1))-1, len(tt.steps)-1)
				b, _ := io.ReadAll(r.Body)
				gotType, gotBody, gotMethod = r.Header.Get("Content-Type"), string(b), r.Method
				for k, v := range tt.steps[i].header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tt.steps[i].status)
				w.Write([]byte(tt.steps[i].body))
			}))
			defer srv.Close()
			clock := synctest.NewClock(t0)
			c := newClient(clock, connectors.ClientOptions{ErrorMessage: errorMessage, Retries: 3})
			var out struct{ ID int }
			err := c.SendJSON(context.Background(), tt.method, srv.URL+"/x", map[string]any{"note": "hi"}, &out)
			var he *connectors.HTTPError
			switch {
			case tt.wantErr == 0 && err != nil:
				t.Fatalf("SendJSON: %v", err)
			case tt.wantErr != 0 && (!errors.As(err, &he) || he.Status != tt.wantErr || he.Method != tt.method):
				t.Fatalf("SendJSON: %v, want HTTP %d", err, tt.wantErr)
			}
			if tt.wantErr == 422 && he.Message != "RecordInvalid: Group is invalid" {
				t.Errorf("message %q", he.Message)
			}
			if tt.wantErr == 0 && tt.steps[len(tt.steps)-1].body != "" && out.ID != 7 {
				t.Errorf("answer not decoded: %+v", out)
			}
			if n.Load() != tt.wantCalls || gotType != "application/json" || gotBody != `{"note":"hi"}` || gotMethod != tt.method {
				t.Errorf("%d calls, last %s %q %s", n.Load(), gotMethod, gotType, gotBody)
			}
			if slept := clock.Slept(); len(slept) != len(tt.wantSlept) || len(slept) > 0 && slept[0] != tt.wantSlept[0] {
				t.Errorf("waits %v, want %v", slept, tt.wantSlept)
			}
		})
	}
}
