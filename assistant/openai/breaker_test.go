package openai

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"deskpilot/assistant"
	"deskpilot/assistant/openai/openaitest"
	"deskpilot/retrieval"
)

// fakeClock is the breaker's clock, moved on by the test.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// faultRig is a fake server behind a dialer that can refuse connections
// for real (a closed port) and counts every connection attempt, so that a
// test sees whether a call reached for the network at all.
type faultRig struct {
	srv    *openaitest.Server
	clock  *fakeClock
	down   atomic.Bool
	dials  atomic.Int64
	sleep  *sleepLog
	client *http.Client
}

func newFaultRig(t *testing.T) *faultRig {
	t.Helper()
	r := &faultRig{srv: openaitest.NewServer(t), clock: newFakeClock(), sleep: &sleepLog{}}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	r.client = &http.Client{Transport: &http.Transport{
		DisableKeepAlives: true, // every attempt dials: "down" takes effect at once
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			r.dials.Add(1)
			if r.down.Load() {
				addr = closed
			}
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}}
	return r
}

func (r *faultRig) config(failures, retries int) Config {
	return Config{BaseURL: r.srv.URL(), APIKey: "sk-test", HTTPClient: r.client, Timeout: 10 * time.Second,
		MaxRetries: retries, BreakerFailures: failures, BreakerCooldown: 30 * time.Second, Now: r.clock.Now, Sleep: r.sleep.sleep}
}

func (r *faultRig) chat(t *testing.T, failures, retries int) *Chat {
	t.Helper()
	return r.chatWith(t, r.config(failures, retries))
}

func (r *faultRig) chatWith(t *testing.T, cfg Config) *Chat {
	t.Helper()
	c, err := NewChat(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestChatCircuitOpensOnEachFaultAndRecovers(t *testing.T) {
	const failures, retries = 3, 1
	faults := []struct {
		name        string
		start, stop func(r *faultRig)
		wantKind    string
		timeout     time.Duration // of each attempt; 0: the rig's
	}{
		{"endpoint down (connection refused)", func(r *faultRig) { r.down.Store(true) }, func(r *faultRig) { r.down.Store(false) }, "unreachable", 0},
		{"slow beyond the timeout", func(r *faultRig) { r.srv.Delay(time.Minute) }, func(r *faultRig) { r.srv.Delay(0) }, "timeout", 400 * time.Millisecond},
		// Exactly the attempts of the failing calls: the probe finds the
		// server well again.
		{"429 with Retry-After", func(r *faultRig) { r.srv.FailNext(failures*(retries+1), http.StatusTooManyRequests, "3") }, func(*faultRig) {}, "rate_limited", 0},
		{"500", func(r *faultRig) { r.srv.FailNext(failures*(retries+1), http.StatusInternalServerError, "") }, func(*faultRig) {}, "server_error", 0},
	}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			r := newFaultRig(t)
			cfg := r.config(failures, retries)
			if f.timeout > 0 {
				cfg.Timeout = f.timeout
			}
			c := r.chatWith(t, cfg)
			ctx := context.Background()
			f.start(r)
			for i := range failures {
				_, err := c.Chat(ctx, chatRequest())
				if err == nil || errors.Is(err, ErrCircuitOpen) || ErrorKind(err) != f.wantKind {
					t.Fatalf("call %d: %v (kind %q), want a %s failure", i+1, err, ErrorKind(err), f.wantKind)
				}
			}
			if got := c.Circuit(); got.State != CircuitOpen || got.Opens != 1 || got.Failures != failures {
				t.Fatalf("after %d failures: %+v", failures, got)
			}
			// Each call was retried first, as the server asked when it did.
			if waits := r.sleep.all(); len(waits) != failures*retries || (f.wantKind == "rate_limited" && waits[0] != 3*time.Second) {
				t.Fatalf("retry waits %v", waits)
			}
			dials := r.dials.Load()
			_, err := c.Chat(ctx, chatRequest())
			if !errors.Is(err, ErrCircuitOpen) || ErrorKind(err) != "circuit_open" || !strings.Contains(err.Error(), "next try in 30s") {
				t.Fatalf("open circuit: %v", err)
			}
			r.clock.Advance(29 * time.Second)
			if _, err := c.ChatStream(ctx, chatRequest(), func(string) error { return nil }); !errors.Is(err, ErrCircuitOpen) {
				t.Fatalf("stream before the cool-down ends: %v", err)
			}
			if n := r.dials.Load(); n != dials {
				t.Fatalf("an open circuit sent %d requests", n-dials)
			}
			f.stop(r)
			r.clock.Advance(time.Second)
			if got := c.Circuit().State; got != CircuitHalfOpen {
				t.Fatalf("after the cool-down: %s", got)
			}
			resp, err := c.Chat(ctx, chatRequest())
			if err != nil || !strings.HasPrefix(resp.Content, "echo: ") {
				t.Fatalf("probe: %v %+v", err, resp)
			}
			if got := c.Circuit(); got.State != CircuitClosed || got.Failures != 0 || got.Opens != 1 {
				t.Fatalf("after the probe: %+v", got)
			}
		})
	}
}

func TestChatCircuitHalfOpenLetsOneProbeThrough(t *testing.T) {
	r := newFaultRig(t)
	c := r.chat(t, 1, -1)
	ctx := context.Background()
	r.srv.FailNext(2, http.StatusServiceUnavailable, "")
	if _, err := c.Chat(ctx, chatRequest()); err == nil || errors.Is(err, ErrCircuitOpen) {
		t.Fatalf("first call: %v", err)
	}
	r.clock.Advance(30 * time.Second)
	// The probe fails: open again, for a whole new cool-down.
	if _, err := c.Chat(ctx, chatRequest()); err == nil || errors.Is(err, ErrCircuitOpen) {
		t.Fatalf("failing probe: %v", err)
	}
	if got := c.Circuit(); got.State != CircuitOpen || got.Opens != 2 {
		t.Fatalf("after a failed probe: %+v", got)
	}
	r.clock.Advance(29 * time.Second)
	if _, err := c.Chat(ctx, chatRequest()); !errors.Is(err, ErrCircuitOpen) {
		t.Fatalf("the failed probe's cool-down: %v", err)
	}
	r.clock.Advance(time.Second)
	// While the probe is under way, other calls fail at once.
	release := make(chan struct{})
	r.srv.Chat(func(openaitest.ChatRequest) openaitest.ChatReply {
		<-release
		return openaitest.ChatReply{Content: "back"}
	})
	probe := make(chan error, 1)
	go func() {
		_, err := c.Chat(ctx, chatRequest())
		probe <- err
	}()
	waitFor(t, "the probe to reach the server", func() bool { return len(r.srv.Requests()) == 3 })
	_, err := c.Chat(ctx, chatRequest())
	if !errors.Is(err, ErrCircuitOpen) || !strings.Contains(err.Error(), "probe is under way") {
		t.Fatalf("call during the probe: %v", err)
	}
	close(release)
	if err := <-probe; err != nil {
		t.Fatal(err)
	}
	if got := c.Circuit(); got.State != CircuitClosed {
		t.Fatalf("after a good probe: %+v", got)
	}
}

func TestChatCircuitCountsOnlyAnUnusableServer(t *testing.T) {
	r := newFaultRig(t)
	c := r.chat(t, 2, -1)
	r.srv.FailNext(5, http.StatusBadRequest, "")
	for range 5 {
		if _, err := c.Chat(context.Background(), chatRequest()); ErrorKind(err) != "bad_request" {
			t.Fatalf("bad request: %v", err)
		}
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for range 3 {
		if _, err := c.Chat(cancelled, chatRequest()); ErrorKind(err) != "canceled" {
			t.Fatalf("cancelled: %v (kind %q)", err, ErrorKind(err))
		}
	}
	if got := c.Circuit(); got.State != CircuitClosed || got.Failures != 0 {
		t.Fatalf("bad requests and cancelled calls opened the circuit: %+v", got)
	}
	// A refused key fails every call the same way: stop sending it.
	r.srv.FailNext(2, http.StatusUnauthorized, "")
	for range 2 {
		if _, err := c.Chat(context.Background(), chatRequest()); ErrorKind(err) != "auth" {
			t.Fatalf("refused key: %v", err)
		}
	}
	if got := c.Circuit(); got.State != CircuitOpen {
		t.Fatalf("a refused key did not open the circuit: %+v", got)
	}
}

func TestChatCircuitCanBeTurnedOff(t *testing.T) {
	r := newFaultRig(t)
	c := r.chat(t, -1, -1)
	r.down.Store(true)
	for range DefaultBreakerFailures + 2 {
		if _, err := c.Chat(context.Background(), chatRequest()); err == nil || errors.Is(err, ErrCircuitOpen) {
			t.Fatalf("breaker off: %v", err)
		}
	}
	if n := r.dials.Load(); n != DefaultBreakerFailures+2 {
		t.Fatalf("%d dials, want one per call", n)
	}
}

func TestEmbedderCircuit(t *testing.T) {
	r := newFaultRig(t)
	cfg := r.config(2, -1)
	e, err := NewEmbedder(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r.srv.FailNext(2, http.StatusBadGateway, "")
	for range 2 {
		if _, err := e.Embed(ctx, []string{"vpn"}); err == nil || errors.Is(err, ErrCircuitOpen) {
			t.Fatalf("failing embed: %v", err)
		}
	}
	dials := r.dials.Load()
	if _, err := e.Embed(ctx, []string{"vpn"}); !errors.Is(err, ErrCircuitOpen) {
		t.Fatalf("open circuit: %v", err)
	}
	if r.dials.Load() != dials || e.Circuit().State != CircuitOpen {
		t.Fatalf("open circuit sent a request or is %+v", e.Circuit())
	}
	r.clock.Advance(cfg.BreakerCooldown)
	if v, err := e.Embed(ctx, []string{"vpn"}); err != nil || len(v) != 1 {
		t.Fatalf("after the cool-down: %v", err)
	}
}

// oneArticle is a searcher that always finds the same public article.
type oneArticle struct{}

func (oneArticle) Search(context.Context, retrieval.Query) ([]retrieval.Hit, error) {
	c := retrieval.Chunk{Kind: retrieval.KindArticle, DocumentID: 1, ExternalID: "KB-1", Heading: []string{"Reset your VPN token"},
		Text: "To reset your VPN token, open the VPN client, choose Reset token and sign in again.", Visibility: retrieval.Public,
		Language: "en", Source: "kb", URL: "https://kb.example.com/1"}
	return []retrieval.Hit{{Chunk: c, Score: 1, LexicalRank: 1, VectorRank: 1}}, nil
}

func TestAssistantFallsBackAndSaysSoWhileTheLLMIsDown(t *testing.T) {
	r := newFaultRig(t)
	chat := r.chat(t, 2, -1)
	a, err := assistant.New(assistant.Config{Searcher: oneArticle{}, Chat: chat})
	if err != nil {
		t.Fatal(err)
	}
	ask := func() *assistant.Answer {
		t.Helper()
		ans, err := a.Answer(context.Background(), assistant.Request{Text: "How do I reset my VPN token?"})
		if err != nil {
			t.Fatal(err)
		}
		return ans
	}
	r.down.Store(true)
	for i := range 2 {
		if ans := ask(); ans.Drafter != "extractive" || ans.Draft == "" || !strings.HasPrefix(ans.Fallback, "llm: openai: chat: ") ||
			!strings.Contains(ans.Fallback, "connection refused") {
			t.Fatalf("answer %d with the LLM down: drafter %q, fallback %q, draft %q", i+1, ans.Drafter, ans.Fallback, ans.Draft)
		}
	}
	dials := r.dials.Load()
	ans := ask()
	if ans.Drafter != "extractive" || !strings.Contains(ans.Fallback, "circuit open") || r.dials.Load() != dials {
		t.Fatalf("open circuit: drafter %q, fallback %q, %d dials", ans.Drafter, ans.Fallback, r.dials.Load()-dials)
	}
	r.down.Store(false)
	r.clock.Advance(30 * time.Second)
	r.srv.Chat(func(openaitest.ChatRequest) openaitest.ChatReply {
		return openaitest.ChatReply{Content: "Open the VPN client and choose Reset token [1]."}
	})
	if ans := ask(); ans.Drafter != "llm" || ans.Fallback != "" {
		t.Fatalf("after the cool-down: drafter %q, fallback %q", ans.Drafter, ans.Fallback)
	}
}

// waitFor polls cond until it holds, failing the test after a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestCircuitLogNeverShowsTheKey(t *testing.T) {
	const key = "sk-live-0123456789abcdef"
	// A proxy that echoes what it was sent, key included.
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprintf(w, `{"error":{"message":"upstream refused %s","type":"server_error"}}`, r.Header.Get("Authorization"))
	}))
	defer echo.Close()
	var logs bytes.Buffer
	c, err := NewChat(Config{BaseURL: echo.URL + "/v1", APIKey: key, MaxRetries: -1, BreakerFailures: 1,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Chat(context.Background(), chatRequest())
	if err == nil || strings.Contains(err.Error(), key) {
		t.Fatalf("error %v", err)
	}
	if !strings.Contains(logs.String(), "circuit open") || strings.Contains(logs.String(), key) {
		t.Fatalf("log:\n%s", logs.String())
	}
}
