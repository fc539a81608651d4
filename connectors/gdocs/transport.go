package gdocs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxExportBytes is the most Drive exports of a document (10 MB), and so
// the most read of one.
const maxExportBytes = 10 << 20

// driveTransport adapts Drive's answers to connectors.Client, which reads
// JSON bodies and retries by status: an export's body (the document
// itself) is handed on as a JSON string, and a 403 whose reason is a rate
// limit (rateLimitExceeded, userRateLimitExceeded) as the 429 it means, so
// that the client's retries, backoff and limits apply to Drive unchanged.
type driveTransport struct{ base http.RoundTripper }

// wrapTransport returns c (or a default client) with its transport wrapped.
func wrapTransport(c *http.Client) *http.Client {
	if c == nil {
		c = &http.Client{Timeout: 60 * time.Second}
	}
	w := *c
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	w.Transport = &driveTransport{base: base}
	return &w
}

// RoundTrip sends req and adapts its answer.
func (t *driveTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	switch {
	case resp.StatusCode == http.StatusForbidden:
		body, err := readAll(resp, 1<<20)
		if err != nil {
			return nil, err
		}
		var e errorBody
		if json.Unmarshal(body, &e) == nil && rateLimitReasons[e.reason()] {
			resp.StatusCode, resp.Status = http.StatusTooManyRequests, "429 Too Many Requests"
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
	case resp.StatusCode/100 == 2 && strings.HasSuffix(req.URL.Path, "/export"):
		body, err := readAll(resp, maxExportBytes)
		if err != nil {
			return nil, err
		}
		if len(body) > maxExportBytes {
			// As Drive answers an export it will not make: not worth a retry.
			resp.StatusCode, resp.Status = http.StatusForbidden, "403 Forbidden"
			body = fmt.Appendf(nil, `{"error":{"code":403,"message":"the export is over %d bytes",`+
				`"errors":[{"reason":"exportSizeLimitExceeded"}]}}`, maxExportBytes)
			resp.Body = io.NopCloser(bytes.NewReader(body))
			return resp, nil
		}
		wrapped, _ := json.Marshal(string(body)) // invalid UTF-8 becomes U+FFFD
		resp.Body = io.NopCloser(bytes.NewReader(wrapped))
		resp.ContentLength = int64(len(wrapped))
		resp.Header.Del("Content-Length")
		resp.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	return resp, nil
}

// readAll reads and closes resp's body, at most limit+1 bytes.
func readAll(resp *http.Response, limit int64) ([]byte, error) {
	defer resp.Body.Close()
	return io.ReadAll(io.LimitReader(resp.Body, limit+1))
}

// rateLimitReasons are the reasons of Drive's 403 answers that a wait
// cures.
var rateLimitReasons = map[string]bool{"rateLimitExceeded": true, "userRateLimitExceeded": true}

// errorBody is Drive's error answer.
type errorBody struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Status  string `json:"status"`
		Errors  []struct {
			Reason  string `json:"reason"`
			Message string `json:"message"`
		} `json:"errors"`
	} `json:"error"`
}

// reason is the first reason the error gives, "" when none.
func (e *errorBody) reason() string {
	if len(e.Error.Errors) == 0 {
		return ""
	}
	return e.Error.Errors[0].Reason
}
