// Package openaitest provides a fake OpenAI-compatible HTTP server for tests,
// in the manner of net/http/httptest. It speaks the wire format of the
// OpenAI REST API (POST /v1/embeddings and POST /v1/chat/completions, JSON
// and server-sent-event streams, the {"error":{...}} body) so that a client
// is tested exactly as it will talk to OpenAI, Ollama, vLLM or LocalAI.
//
// Behaviour is scripted per endpoint: each call to Embeddings or Chat queues
// one answer, consumed in order; when the queue is empty the server falls
// back to a deterministic default. FailNext and Delay make any request fail
// or stall, and Requests records what the client sent.
package openaitest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// DefaultDimensions is the length of the vectors the default embeddings
// behaviour returns when the request does not ask for dimensions.
const DefaultDimensions = 64

// maxBody bounds what the fake reads from one request.
const maxBody = 64 << 20

// Server is a running fake. Its methods are safe for concurrent use.
type Server struct {
	srv    *httptest.Server
	closed chan struct{}

	mu         sync.Mutex
	apiKey     string
	dims       int
	reverse    bool
	delay      time.Duration
	failures   []*Error
	embeddings []func(EmbeddingRequest) ([][]float32, error)
	chats      []func(ChatRequest) ChatReply
	requests   []Recorded
	seq        int
}

// Option configures a Server at creation.
type Option func(*Server)

// WithAPIKey makes the server require "Authorization: Bearer key" and answer
// 401 with an OpenAI error body otherwise. Without it any or no key passes.
func WithAPIKey(key string) Option { return func(s *Server) { s.apiKey = key } }

// WithDimensions sets the vector length of the default embeddings behaviour.
func WithDimensions(n int) Option { return func(s *Server) { s.dims = n } }

// NewServer starts a fake on 127.0.0.1 and closes it when tb's test ends.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := &Server{dims: DefaultDimensions, closed: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	tb.Cleanup(func() {
		close(s.closed) // releases handlers still waiting on Delay or ChunkDelay
		s.srv.Close()
	})
	return s
}

// URL is the base URL clients are given, including the /v1 prefix.
func (s *Server) URL() string { return s.srv.URL + "/v1" }

// Embeddings queues the answer to one embeddings request: fn gets the
// decoded request and returns one vector per input. An error fails the
// request: an *Error with its status and body, any other error with 500.
// The default behaviour returns HashVector of each input.
func (s *Server) Embeddings(fn func(req EmbeddingRequest) ([][]float32, error)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.embeddings = append(s.embeddings, fn)
}

// Chat queues the answer to one chat completions request. The default
// behaviour answers "echo: " followed by the last user message.
func (s *Server) Chat(fn func(req ChatRequest) ChatReply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chats = append(s.chats, fn)
}

// FailNext makes the next n requests, whatever their endpoint, answer
// status with an OpenAI error body, and a Retry-After header when
// retryAfter is not empty. Status 0 cuts the connection without an answer,
// as a network failure does. Failures do not consume scripted answers.
func (s *Server) FailNext(n int, status int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures = append(s.failures, &Error{Status: status, RetryAfter: retryAfter})
	}
}

// Delay holds every later answer for d (0 turns it off). A client that
// gives up first ends the wait: the handler returns without answering.
func (s *Server) Delay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// ReverseEmbeddings makes the server list the data of an embeddings answer
// last first, each entry keeping its index: the API does not promise order,
// so a client must place vectors by index.
func (s *Server) ReverseEmbeddings(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reverse = on
}

// Recorded is one request the server received.
type Recorded struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
	// Embedding and Chat hold the decoded body of a request to that
	// endpoint, nil for other paths or a body that is not valid JSON.
	Embedding *EmbeddingRequest
	Chat      *ChatRequest
	// Status is the status line the server sent: 0 when it sent none
	// because it cut the connection or the client left first. A stream cut
	// by FailAfterChunks was sent with 200.
	Status int
}

// Requests returns the requests received so far, oldest first.
func (s *Server) Requests() []Recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Recorded, len(s.requests))
	copy(out, s.requests)
	return out
}

// statusWriter remembers the status written, for Recorded.Status.
type statusWriter struct {
	http.ResponseWriter
	status int
}

// WriteHeader notes the first status written.
func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write notes an implicit 200.
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Flush sends what was written so far, for streams.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *Server) serveHTTP(rw http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		return
	}
	idx := s.record(r, body)
	w := &statusWriter{ResponseWriter: rw}
	defer func() { s.setStatus(idx, w.status) }() // runs on an aborting panic too

	if !s.wait(r.Context(), s.currentDelay()) {
		w.status = 0
		return
	}
	if e := s.checkAuth(r); e != nil {
		writeError(w, e)
		return
	}
	if e := s.nextFailure(); e != nil {
		if e.Status == 0 {
			panic(http.ErrAbortHandler)
		}
		writeError(w, e)
		return
	}
	s.route(w, r, body)
}

func (s *Server) route(w *statusWriter, r *http.Request, body []byte) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1/embeddings":
		s.serveEmbeddings(w, body)
	case r.Method == http.MethodPost && r.URL.Path == "/v1/chat/completions":
		s.serveChat(w, r, body)
	default:
		writeError(w, &Error{Status: http.StatusNotFound,
			Message: "Invalid URL (" + r.Method + " " + r.URL.Path + ")"})
	}
}

func (s *Server) record(r *http.Request, body []byte) int {
	rec := Recorded{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body}
	switch r.URL.Path {
	case "/v1/embeddings":
		if req, err := decodeEmbeddingRequest(body); err == nil {
			rec.Embedding = &req
		}
	case "/v1/chat/completions":
		if req, err := decodeChatRequest(body); err == nil {
			rec.Chat = &req
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, rec)
	return len(s.requests) - 1
}

func (s *Server) setStatus(idx, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests[idx].Status = status
}

func (s *Server) currentDelay() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.delay
}

// wait sleeps d unless the client leaves or the server closes first; it
// reports whether the full time passed.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-s.closed:
	}
	return false
}

func (s *Server) checkAuth(r *http.Request) *Error {
	if s.apiKey == "" {
		return nil
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	switch {
	case !ok || got == "":
		return &Error{Status: http.StatusUnauthorized, Message: "You didn't provide an API key. " +
			"You need to provide your API key in an Authorization header using Bearer auth " +
			"(i.e. Authorization: Bearer YOUR_KEY)."}
	case got != s.apiKey:
		return &Error{Status: http.StatusUnauthorized, Code: "invalid_api_key",
			Message: "Incorrect API key provided: " + maskKey(got) + "."}
	}
	return nil
}

// maskKey shows a key the way the API does in its 401 message: enough to
// recognise it, not enough to use it.
func maskKey(k string) string {
	if len(k) <= 8 {
		return strings.Repeat("*", len(k))
	}
	return k[:3] + strings.Repeat("*", len(k)-7) + k[len(k)-4:]
}

func (s *Server) nextFailure() *Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.failures) == 0 {
		return nil
	}
	e := s.failures[0]
	s.failures = s.failures[1:]
	return e
}

func (s *Server) nextID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return s.seq
}

// writeJSON answers status with v as the JSON body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		panic("openaitest: encode answer: " + err.Error())
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// scriptError turns an error from a scripted behaviour into the answer.
func scriptError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Status: http.StatusInternalServerError, Message: err.Error()}
}
