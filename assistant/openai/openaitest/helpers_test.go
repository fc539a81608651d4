package openaitest_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"deskpilot/assistant/openai/openaitest"
)

// do sends a raw request with an optional bearer key and returns the
// response with its body read.
func do(tb testing.TB, ctx context.Context, method, url, key, body string) (*http.Response, []byte, error) {
	tb.Helper()
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

// mustPost posts body to the server's path and fails on a transport error.
func mustPost(tb testing.TB, s *openaitest.Server, path, body string) (*http.Response, []byte) {
	tb.Helper()
	resp, b, err := do(tb, context.Background(), http.MethodPost, s.URL()+path, "", body)
	if err != nil {
		tb.Fatalf("POST %s: %v", path, err)
	}
	return resp, b
}

// mustObject decodes a JSON object, failing the test otherwise.
func mustObject(tb testing.TB, b []byte) map[string]any {
	tb.Helper()
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		tb.Fatalf("decode %q: %v", b, err)
	}
	return m
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// checkErrorBody asserts b is the API's error body, with every key of the
// error object present, and returns that object.
func checkErrorBody(tb testing.TB, b []byte) map[string]any {
	tb.Helper()
	body := mustObject(tb, b)
	if got := keys(body); !slices.Equal(got, []string{"error"}) {
		tb.Fatalf("error body keys = %v, want [error]: %s", got, b)
	}
	e, ok := body["error"].(map[string]any)
	if !ok {
		tb.Fatalf("error is not an object: %s", b)
	}
	if got := keys(e); !slices.Equal(got, []string{"code", "message", "param", "type"}) {
		tb.Fatalf("error keys = %v, want code message param type: %s", got, b)
	}
	if m, _ := e["message"].(string); m == "" {
		tb.Fatalf("error message empty: %s", b)
	}
	if t, _ := e["type"].(string); t == "" {
		tb.Fatalf("error type empty: %s", b)
	}
	return e
}

// readEvents reads a server-sent-event stream, checking that it is made of
// "data: ..." lines each followed by a blank line, and returns the data of
// each event with the error that ended the reading (nil at a clean end).
func readEvents(tb testing.TB, r io.Reader) ([]string, error) {
	tb.Helper()
	sc := bufio.NewScanner(r)
	var events []string
	expectBlank := false
	for sc.Scan() {
		line := sc.Text()
		if expectBlank {
			if line != "" {
				tb.Fatalf("line after an event = %q, want blank", line)
			}
			expectBlank = false
			continue
		}
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok {
			tb.Fatalf("stream line = %q, want a data: line", line)
		}
		events = append(events, data)
		expectBlank = true
	}
	return events, sc.Err()
}
