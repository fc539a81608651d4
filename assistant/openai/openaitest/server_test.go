package openaitest_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"deskpilot/assistant/openai/openaitest"
)

const embedBody = `{"model":"text-embedding-3-small","input":["a"]}`

func TestURLHasV1Prefix(t *testing.T) {
	s := openaitest.NewServer(t)
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") || !strings.HasSuffix(s.URL(), "/v1") {
		t.Errorf("URL() = %q, want http://127.0.0.1:port/v1", s.URL())
	}
}

func TestAuth(t *testing.T) {
	const key = "sk-test-0123456789abcdef"
	tests := []struct {
		name       string
		key        string
		wantStatus int
		wantCode   any
	}{
		{"no key", "", http.StatusUnauthorized, nil},
		{"wrong key", "sk-wrong-key-987654321", http.StatusUnauthorized, "invalid_api_key"},
		{"right key", key, http.StatusOK, nil},
	}
	s := openaitest.NewServer(t, openaitest.WithAPIKey(key))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, b, err := do(t, context.Background(), http.MethodPost, s.URL()+"/embeddings", tt.key, embedBody)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d, want %d: %s", resp.StatusCode, tt.wantStatus, b)
			}
			if tt.wantStatus == http.StatusOK {
				return
			}
			e := checkErrorBody(t, b)
			if e["type"] != "invalid_request_error" || e["code"] != tt.wantCode || e["param"] != nil {
				t.Errorf("error = %v", e)
			}
			if tt.key != "" && strings.Contains(string(b), tt.key) {
				t.Errorf("401 body repeats the whole key: %s", b)
			}
		})
	}
	if got := s.Requests()[2].Header.Get("Authorization"); got != "Bearer "+key {
		t.Errorf("recorded Authorization = %q", got)
	}
}

func TestFailNext(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		retryAfter string
		wantType   string
		wantCode   any
	}{
		{"rate limited", http.StatusTooManyRequests, "3", "requests", "rate_limit_exceeded"},
		{"server error", http.StatusInternalServerError, "", "server_error", nil},
		{"overloaded", http.StatusServiceUnavailable, "", "server_error", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t)
			s.Embeddings(func(openaitest.EmbeddingRequest) ([][]float32, error) { return [][]float32{{1}}, nil })
			s.FailNext(2, tt.status, tt.retryAfter)
			for i := range 2 {
				resp, b := mustPost(t, s, "/embeddings", embedBody)
				if resp.StatusCode != tt.status || resp.Header.Get("Retry-After") != tt.retryAfter {
					t.Fatalf("request %d: status %d Retry-After %q", i, resp.StatusCode, resp.Header.Get("Retry-After"))
				}
				if e := checkErrorBody(t, b); e["type"] != tt.wantType || e["code"] != tt.wantCode {
					t.Errorf("request %d: error = %v", i, e)
				}
			}
			resp, b := mustPost(t, s, "/embeddings", embedBody)
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `"embedding":[1]`) {
				t.Errorf("third request = %d %s, want the scripted answer, kept through the failures", resp.StatusCode, b)
			}
		})
	}
}

func TestFailNextZeroCutsTheConnection(t *testing.T) {
	s := openaitest.NewServer(t)
	s.FailNext(1, 0, "")
	_, _, err := do(t, context.Background(), http.MethodPost, s.URL()+"/embeddings", "", embedBody)
	if err == nil {
		t.Fatal("request succeeded, want a transport error")
	}
	if got := s.Requests()[0].Status; got != 0 {
		t.Errorf("recorded status = %d, want 0", got)
	}
	if resp, _ := mustPost(t, s, "/embeddings", embedBody); resp.StatusCode != http.StatusOK {
		t.Errorf("next request status = %d", resp.StatusCode)
	}
}

func TestDelayEndsWhenTheClientLeaves(t *testing.T) {
	s := openaitest.NewServer(t)
	s.Delay(time.Hour) // the test ends long before: the handler must give up with the client
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, _, err := do(t, ctx, http.MethodPost, s.URL()+"/embeddings", "", embedBody)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	s.Delay(0)
	if resp, _ := mustPost(t, s, "/embeddings", embedBody); resp.StatusCode != http.StatusOK {
		t.Errorf("after Delay(0), status = %d", resp.StatusCode)
	}
}

func TestRequestsRecorded(t *testing.T) {
	s := openaitest.NewServer(t)
	mustPost(t, s, "/embeddings", `{"model":"emb","input":["a","b"],"dimensions":3,"user":"u1"}`)
	mustPost(t, s, "/chat/completions", `{"model":"gpt","messages":[{"role":"user","content":"hi"}]}`)
	got := s.Requests()
	if len(got) != 2 {
		t.Fatalf("%d requests recorded, want 2", len(got))
	}
	e := got[0]
	if e.Method != http.MethodPost || e.Path != "/v1/embeddings" || e.Status != http.StatusOK || e.Chat != nil {
		t.Errorf("first = %s %s %d", e.Method, e.Path, e.Status)
	}
	if e.Embedding == nil || e.Embedding.Model != "emb" || len(e.Embedding.Input) != 2 ||
		e.Embedding.Dimensions != 3 || e.Embedding.User != "u1" || e.Embedding.InputIsString {
		t.Errorf("decoded embedding request = %+v", e.Embedding)
	}
	if e.Header.Get("Content-Type") != "application/json" || !strings.Contains(string(e.Body), `"user":"u1"`) {
		t.Errorf("header %v body %s", e.Header, e.Body)
	}
	c := got[1]
	if c.Path != "/v1/chat/completions" || c.Chat == nil || c.Chat.Model != "gpt" || c.Chat.Messages[0].Content != "hi" {
		t.Errorf("second = %+v", c)
	}
}

func TestUnknownPath(t *testing.T) {
	s := openaitest.NewServer(t)
	resp, b, err := do(t, context.Background(), http.MethodGet, s.URL()+"/models", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("status = %d", resp.StatusCode)
	}
	if e := checkErrorBody(t, b); e["message"] != "Invalid URL (GET /v1/models)" {
		t.Errorf("error = %v", e)
	}
}
