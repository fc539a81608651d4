package jira

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"deskpilot/connectors"
	"deskpilot/connectors/synctest"
)

// Seeds: answers as Jira Cloud gives them.
const (
	seedADF = `{"type":"doc","version":1,"content":[{"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"VPN"}]},` +
		`{"type":"paragraph","content":[{"type":"text","text":"It drops, see "},{"type":"text","text":"the KB","marks":[{"type":"link","attrs":{"href":"https://kb.example.com/1"}}]},` +
		`{"type":"hardBreak"},{"type":"mention","attrs":{"text":"@Carl"}},{"type":"emoji","attrs":{"shortName":":x:"}},{"type":"date","attrs":{"timestamp":"1736154000000"}}]},` +
		`{"type":"orderedList","attrs":{"order":3},"content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"one"}]},` +
		`{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"nested"}]}]}]}]}]},` +
		`{"type":"codeBlock","content":[{"type":"text","text":"ipconfig /all"}]},{"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"q"}]}]},` +
		`{"type":"table","content":[{"type":"tableRow","content":[{"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]}]}]}]},` +
		`{"type":"taskList","content":[{"type":"taskItem","attrs":{"state":"DONE"},"content":[{"type":"text","text":"done"}]}]},` +
		`{"type":"expand","attrs":{"title":"More"},"content":[{"type":"rule"}]},{"type":"mediaSingle","content":[{"type":"media"}]}]}`
	seedSearch = `{"issues":[{"id":"10001","key":"IT-1","fields":{"summary":"VPN drops","status":{"name":"Waiting for customer","statusCategory":{"key":"indeterminate"}},` +
		`"priority":{"name":"High"},"created":"2025-01-06T09:00:00.000+0000","updated":"2025-01-07T09:00:00.000+0000","resolutiondate":null,` +
		`"reporter":{"accountId":"a1","emailAddress":"ana@example.com","accountType":"customer"},"labels":["vpn"],"description":` + seedADF + `,` +
		`"comment":{"comments":[{"id":"1","author":{"accountId":"c1","accountType":"atlassian"},"body":"Reset it","created":"2025-01-06T10:00:00.000+0000","jsdPublic":false}],"total":2},` +
		`"customfield_10010":{"requestType":{"name":"Network/VPN"}},"customfield_10020":[{"value":"Network","child":{"value":"VPN"}}]}},` +
		`{"id":"10002","fields":{"updated":"bad"}}],"nextPageToken":"tok","isLast":false}`
	seedComments = `{"comments":[{"id":"2","author":{"accountId":"a1"},"body":` + seedADF + `,"created":"2025-01-06T11:00:00+0100"}],"startAt":1,"maxResults":100,"total":2}`
)

// FuzzFetch feeds a Jira source the fuzzer's answers: list is the search
// page, detail every comment page. See synctest.CheckPage for what must
// hold.
func FuzzFetch(f *testing.F) {
	f.Add([]byte(seedSearch), []byte(seedComments))
	f.Add([]byte(`{"issues":[{"id":"1","fields":{"description":"wiki *markup*","comment":{"comments":[],"total":-1},"status":{"statusCategory":{"key":"done"},"name":"Closed"}}}],"isLast":true}`),
		[]byte(`{"comments":[{"id":"1","body":{"type":"doc","content":[]}}],"total":100000}`))
	f.Fuzz(func(t *testing.T, list, detail []byte) {
		api := &synctest.API{Answer: func(r *http.Request) (int, []byte) {
			if strings.HasSuffix(r.URL.Path, "/search/jql") {
				return http.StatusOK, list
			}
			return http.StatusOK, detail
		}}
		cfg := Config{URL: "https://acme.example", Email: "a@example.com", APIToken: "t", Projects: []string{"IT"},
			TimeZone: "Europe/Paris", RequestTypeField: "customfield_10010", TeamField: "customfield_10020"}
		s, err := New(cfg, connectors.ClientOptions{HTTP: &http.Client{Transport: api}, Clock: synctest.NewClock(time.Unix(1736154000, 0)), Retries: 1})
		if err != nil {
			t.Fatal(err)
		}
		page, err := s.Fetch(context.Background(), connectors.KindTickets, "")
		synctest.CheckPage(t, api, page, err)
	})
}

// FuzzADFText checks the rendering of Atlassian Document Format bodies:
// any JSON gives valid text, of a size linear in the JSON's even nested as
// deep as JSON allows, and the same text each time. The factor is the
// indentation of list items: a line of 21 bytes of JSON (a hardBreak) is
// indented under at most maxADFDepth list markers of at most 22 bytes.
func FuzzADFText(f *testing.F) {
	f.Add([]byte(seedADF))
	f.Add([]byte(`"plain wiki body"`))
	f.Add([]byte(`{"type":"doc","content":[{"type":"orderedList","attrs":{"order":"1e18"},"content":[{"type":"listItem","content":[{"type":"orderedList","attrs":{"order":-5},"content":[]}]}]}]}`))
	f.Add([]byte(`{"type":"doc","content":[{"type":"heading","attrs":{"level":"NaN"},"content":[{"type":"status","attrs":{"text":7}}]}]}`))
	f.Add([]byte(strings.Repeat(`{"type":"blockquote","content":[`, 100) + `{"type":"text","text":"deep"}` + strings.Repeat(`]}`, 100)))
	f.Fuzz(func(t *testing.T, raw []byte) {
		got := adfText(json.RawMessage(raw))
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 out of %s", raw)
		}
		if len(got) > (maxADFDepth*22/21+2)*len(raw)+64 {
			t.Fatalf("%d bytes of ADF rendered as %d bytes", len(raw), len(got))
		}
		if again := adfText(json.RawMessage(raw)); again != got {
			t.Fatalf("two renderings differ: %q and %q", got, again)
		}
	})
}

// TestCommentsIgnoringStartAt: found by FuzzFetch, an answer that gave
// the same comments whatever startAt asked was read again, as duplicates,
// up to its total (here a hundred thousand requests).
func TestCommentsIgnoringStartAt(t *testing.T) {
	api := &synctest.API{Answer: func(r *http.Request) (int, []byte) {
		if strings.HasSuffix(r.URL.Path, "/search/jql") {
			return http.StatusOK, []byte(`{"issues":[{"id":"1","key":"IT-1","fields":{"created":"2025-01-06T09:00:00.000+0000",` +
				`"updated":"2025-01-06T09:00:00.000+0000","description":"d"}}],"isLast":true}`)
		}
		return http.StatusOK, []byte(`{"comments":[{"id":"7","body":"same","created":"2025-01-06T10:00:00.000+0000"}],"startAt":0,"total":100000}`)
	}}
	s, err := New(Config{URL: "https://acme.example", Email: "a@example.com", APIToken: "t", Projects: []string{"IT"}, TimeZone: "UTC", RequestTypeField: "f"},
		connectors.ClientOptions{HTTP: &http.Client{Transport: api}, Clock: synctest.NewClock(time.Now())})
	if err != nil {
		t.Fatal(err)
	}
	page, err := s.Fetch(context.Background(), connectors.KindTickets, "")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := api.Requests(); n != 3 || len(page.Tickets) != 1 || len(page.Tickets[0].Messages) != 2 {
		t.Fatalf("%d requests, tickets %+v", n, page.Tickets)
	}
}
