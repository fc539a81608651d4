package servicenow

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"deskpilot/connectors"
)

// position is where a table's stream stands: after the first n records
// (in sys_updated_on, then sys_id order) updated at `at`, a Table API
// date-time; "" is the beginning. The next page is asked for records
// updated at or after `at`, from offset n: an offset counted inside one
// second only, so that records updated meanwhile (which move to the end
// of the order) shift nothing that is still to be read.
type position struct {
	at string
	n  int
}

// parsePosition reads a cursor: "" or "2025-01-06 09:00:00|3".
func parsePosition(cursor string) (position, error) {
	if cursor == "" {
		return position{}, nil
	}
	at, n, ok := strings.Cut(cursor, "|")
	k, err := strconv.Atoi(n)
	var terr error
	if at != "" {
		_, terr = time.Parse(timeLayout, at)
	}
	if !ok || err != nil || k < 0 || terr != nil {
		return position{}, fmt.Errorf("servicenow: cursor %q is not a position (date-time|count)", cursor)
	}
	return position{at: at, n: k}, nil
}

func (p position) String() string {
	if p.at == "" && p.n == 0 {
		return ""
	}
	return p.at + "|" + strconv.Itoa(p.n)
}

// query returns the encoded query of the records from p on, that also
// match filter.
func (p position) query(filter string) string {
	var parts []string
	if p.at != "" {
		parts = append(parts, "sys_updated_on>="+p.at)
	}
	if filter != "" {
		parts = append(parts, filter)
	}
	parts = append(parts, "ORDERBYsys_updated_on", "ORDERBYsys_id")
	return strings.Join(parts, "^")
}

// advance returns the position after a page read from p whose records
// were updated at the times given, in order ("" for a record that could
// not be read). When more follows and the page stayed within p's second,
// the offset moves by the whole page: the records ACLs hid from the page
// count too. Otherwise the records of the page's last second are counted;
// one that could not be read is not, and is read again: counting short
// repeats a record, counting long would skip one. When the stream ends,
// the next sync starts at the beginning of its last second, since
// ServiceNow stamps changes to the second: a record changed in that second
// after the page was read is not missed, and the few read again are
// unchanged.
func (p position) advance(updated []string, limit int, more bool) position {
	next := p
	for _, at := range updated {
		switch {
		case at == "":
		case at == next.at:
			next.n++
		default:
			next.at, next.n = at, 1
		}
	}
	switch {
	case !more:
		next.n = 0
	case next.at == p.at:
		next.n = p.n + limit
	}
	return next
}

// tablePage is a page of a table listing.
type tablePage struct {
	URL  string
	Rows []json.RawMessage
	More bool // more records follow
}

// list reads the page of table at offset, with query q.
func (s *Source) list(ctx context.Context, table string, q url.Values, offset, limit int) (*tablePage, error) {
	q.Set("sysparm_offset", strconv.Itoa(offset))
	q.Set("sysparm_limit", strconv.Itoa(limit))
	u := s.tableURL(table, q)
	var resp tableResult
	if err := s.c.GetJSON(ctx, u, &resp); err != nil {
		s.pages.take(u) // those of a malformed answer, if any
		return nil, fmt.Errorf("servicenow: %w", err)
	}
	if resp.Result == nil {
		return nil, fmt.Errorf("servicenow: %w", &connectors.PageError{URL: u, Err: fmt.Errorf("no result list")})
	}
	p := &tablePage{URL: u, Rows: *resp.Result}
	p.More = more(s.pages.take(u), offset, limit, len(p.Rows))
	return p, nil
}

// more reads whether records follow a page: by the Link header's next
// link, which ServiceNow leaves out on the last page (and the whole header
// when there is only one), else by X-Total-Count, else (both suppressed)
// by a full page. ACLs may shorten a page that is not the last: its
// length alone is no end while the headers say more.
func more(h http.Header, offset, limit, got int) bool {
	if link := h.Get("Link"); link != "" {
		return strings.Contains(link, `rel="next"`)
	}
	if total, err := strconv.Atoi(h.Get("X-Total-Count")); err == nil {
		return offset+limit < total
	}
	return got >= limit
}

// pageHeaders keeps the paging headers of the Table API's answers, which
// connectors.Client, made for JSON bodies, does not return. It wraps the
// client's transport and keeps, by request URL, the Link and X-Total-Count
// of the last successful answer until taken.
type pageHeaders struct {
	base http.RoundTripper
	mu   sync.Mutex
	byU  map[string]http.Header
}

// wrap returns c (or a default client) with its transport wrapped.
func (p *pageHeaders) wrap(c *http.Client) *http.Client {
	if c == nil {
		c = &http.Client{Timeout: 60 * time.Second}
	}
	w := *c
	p.base = c.Transport
	if p.base == nil {
		p.base = http.DefaultTransport
	}
	p.byU = map[string]http.Header{}
	w.Transport = p
	return &w
}

// RoundTrip sends req and notes its answer's paging headers.
func (p *pageHeaders) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := p.base.RoundTrip(req)
	if err != nil || resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp, err
	}
	h := http.Header{}
	for _, k := range []string{"Link", "X-Total-Count"} {
		if v := resp.Header.Get(k); v != "" {
			h.Set(k, v)
		}
	}
	p.mu.Lock()
	p.byU[req.URL.String()] = h
	p.mu.Unlock()
	return resp, nil
}

// take returns and forgets the paging headers of the answer to u; nil
// when there was none.
func (p *pageHeaders) take(u string) http.Header {
	pu, err := url.Parse(u)
	if err != nil {
		return nil
	}
	key := pu.String()
	p.mu.Lock()
	defer p.mu.Unlock()
	h := p.byU[key]
	delete(p.byU, key)
	return h
}
