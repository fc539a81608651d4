package synctest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
)

// API is an http.RoundTripper that answers a source's requests from
// memory, without a network or a server, for the fuzz tests of the
// sources: the fuzzer's bytes go straight to the source's decoding. It
// stops answering after Max requests, so that a source that pages forever
// through the same answer fails its test rather than hang it.
type API struct {
	// Answer returns the status and the body of the answer to req.
	Answer func(req *http.Request) (status int, body []byte)
	// Max is how many requests are answered (default 200); the next ones
	// fail as a network error would.
	Max int

	mu       sync.Mutex
	requests int
	served   int
}

// RoundTrip answers req.
func (a *API) RoundTrip(req *http.Request) (*http.Response, error) {
	a.mu.Lock()
	a.requests++
	over := a.requests > a.max()
	a.mu.Unlock()
	if req.Body != nil {
		req.Body.Close()
	}
	if over {
		return nil, fmt.Errorf("synctest: over %d requests", a.max())
	}
	status, body := a.Answer(req)
	a.mu.Lock()
	a.served += len(body)
	a.mu.Unlock()
	return &http.Response{
		StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)),
		Header: http.Header{"Content-Type": {"application/json; charset=utf-8"}}, ContentLength: int64(len(body)),
		Body: io.NopCloser(bytes.NewReader(body)), Request: req, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
	}, nil
}

func (a *API) max() int {
	if a.Max <= 0 {
		return 200
	}
	return a.Max
}

// Requests returns how many requests were made, and whether more were
// made than answered.
func (a *API) Requests() (n int, over bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.requests, a.requests > a.max()
}

// Served returns the bytes of the bodies answered so far.
func (a *API) Served() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.served
}

// CheckPage checks what a source's Fetch made of the answers of api: it
// ended without paging forever; a page it returned has its problems named
// by line, deleted ids that are not empty, and records of valid UTF-8 no
// larger than a few times the bytes served, which the importer converts
// or refuses with a reason.
func CheckPage(tb testing.TB, api *API, page *connectors.Page, err error) {
	tb.Helper()
	if n, over := api.Requests(); over {
		tb.Fatalf("Fetch made %d requests of answers that never change: it does not stop paging", n)
	}
	if err != nil {
		if page != nil || err.Error() == "" {
			tb.Fatalf("Fetch returned a page %v with the error %q", page, err)
		}
		return
	}
	if page == nil {
		tb.Fatal("Fetch returned no page and no error")
	}
	for _, p := range page.Problems {
		if p.Line <= 0 || p.Message == "" || p.File == "" {
			tb.Fatalf("problem %+v does not say where and what", p)
		}
	}
	for _, id := range page.Deleted {
		if strings.TrimSpace(id) == "" {
			tb.Fatalf("deleted ids %q", page.Deleted)
		}
	}
	limit := 16*api.Served() + 4096
	for i := range page.Articles {
		a := &page.Articles[i]
		strs := append([]string{a.ID, a.Title, a.Body, a.Format, a.URL, a.Visibility, a.Language}, a.Tags...)
		checkRecord(tb, "article "+a.ID, strs, limit)
		if _, err := a.Document("fuzz", t0); err != nil && err.Error() == "" {
			tb.Fatalf("article %q refused without a reason", a.ID)
		}
	}
	for i := range page.Tickets {
		t := &page.Tickets[i]
		strs := append([]string{t.ID, t.Subject, t.Status, t.Requester, t.Category, t.Team, t.Priority, t.Language, t.Resolution, t.Channel}, t.Tags...)
		for _, m := range t.Messages {
			strs = append(strs, m.Author, m.Body)
		}
		checkRecord(tb, "ticket "+t.ID, strs, limit)
		checkTicket(tb, t)
	}
}

func checkRecord(tb testing.TB, what string, strs []string, limit int) {
	tb.Helper()
	size := 0
	for _, s := range strs {
		if !utf8.ValidString(s) {
			tb.Fatalf("%s: %q is not valid UTF-8", what, s)
		}
		size += len(s)
	}
	if size > limit {
		tb.Fatalf("%s: %d bytes of text, over %d", what, size, limit)
	}
}

// checkTicket checks that a source's ticket is one the importer takes, or
// refuses with a reason: sources map statuses, priorities and authors to
// the desk's own.
func checkTicket(tb testing.TB, t *files.Ticket) {
	tb.Helper()
	dt, err := t.DomainTicket("fuzz")
	if err != nil {
		if err.Error() == "" {
			tb.Fatalf("ticket %q refused without a reason", t.ID)
		}
		return
	}
	if !dt.Status.Valid() || dt.Priority != "" && !dt.Priority.Valid() {
		tb.Fatalf("ticket %q taken with status %q and priority %q", t.ID, dt.Status, dt.Priority)
	}
}
