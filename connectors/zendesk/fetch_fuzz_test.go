package zendesk

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/synctest"
)

// Seeds: answers as Zendesk gives them, for the fuzzer to start from.
const (
	seedTicketExport = `{"tickets":[{"id":35436,"subject":"VPN drops","raw_subject":"VPN drops","status":"solved","priority":"high",` +
		`"requester_id":1,"submitter_id":1,"assignee_id":3,"group_id":9,"tags":["vpn"],"custom_fields":[{"id":360001,"value":"network__vpn"}],` +
		`"via":{"channel":"email"},"created_at":"2025-01-06T09:00:00Z","updated_at":"2025-01-07T09:00:00Z"},` +
		`{"id":35437,"status":"deleted"},{"id":"bad"}],"after_cursor":"MTU3","end_of_stream":false,` +
		`"users":[{"id":1,"email":"ana@example.com","role":"end-user"},{"id":3,"email":null,"role":"agent"}],` +
		`"groups":[{"id":9,"name":"Network"}],"metric_sets":[{"ticket_id":35436,"solved_at":"2025-01-07T08:00:00Z"}]}`
	seedComments = `{"comments":[{"id":1,"author_id":1,"body":"<p>It drops</p>","plain_body":"It drops","public":true,"created_at":"2025-01-06T09:00:00Z"},` +
		`{"id":2,"author_id":3,"body":"Internal","public":false,"created_at":"2025-01-06T10:00:00Z"}],` +
		`"users":[{"id":3,"role":"agent"}],"meta":{"has_more":false,"after_cursor":""}}`
	seedArticleExport = `{"articles":[{"id":360001,"html_url":"https://acme.zendesk.com/hc/en-us/articles/360001","title":"Reset your VPN token",` +
		`"body":"<p>Open the <b>VPN</b> app.</p>","locale":"en-us","source_locale":"en-us","section_id":7,"draft":false,"label_names":["vpn"],` +
		`"user_segment_id":null,"created_at":"2025-01-06T09:00:00Z","updated_at":"2025-01-06T09:00:00Z","edited_at":"2025-01-06T09:00:00Z"},` +
		`{"id":360002,"title":"Runbook","body":null,"locale":"fr","source_locale":"en-us","section_id":8,"user_segment_ids":[77]}],` +
		`"next_page":"https://acme.zendesk.com/api/v2/help_center/incremental/articles.json?start_time=1736154000","end_time":1736154000,"count":2}`
	seedTranslations = `{"translations":[{"id":1,"source_id":360002,"locale":"en-us","title":"Runbook","body":"<p>Restart</p>","draft":false}],` +
		`"next_page":null,"sections":[{"id":7,"name":"VPN"}],"meta":{"has_more":false}}`
)

// FuzzFetch feeds a Zendesk source the fuzzer's answers: list is the
// export page (tickets or articles), detail every other answer (comments,
// translations, sections). See synctest.CheckPage for what must hold.
func FuzzFetch(f *testing.F) {
	f.Add([]byte(seedTicketExport), []byte(seedComments), false)
	f.Add([]byte(seedArticleExport), []byte(seedTranslations), true)
	f.Add([]byte(`{"tickets":[{"id":1,"status":"open","custom_fields":[{"id":360001,"value":["x"]}]}],"end_of_stream":true}`),
		[]byte(`{"comments":[{"id":1,"body":"","plain_body":"  "}],"meta":{"has_more":true,"after_cursor":"b"}}`), false)
	f.Add([]byte(`{"articles":[{"id":-1,"locale":"EN-US","source_locale":"","body":"x"}],"next_page":"","end_time":-5}`), []byte(`[]`), true)
	f.Fuzz(func(t *testing.T, list, detail []byte, articles bool) {
		api := &synctest.API{Answer: func(r *http.Request) (int, []byte) {
			if strings.Contains(r.URL.Path, "/incremental/") {
				return http.StatusOK, list
			}
			return http.StatusOK, detail
		}}
		cfg := Config{BaseURL: "https://acme.example", Email: "a@example.com", APIToken: "t", CategoryField: 360001, Locales: []string{"en-us", "fr"}}
		s, err := New(cfg, connectors.ClientOptions{HTTP: &http.Client{Transport: api}, Clock: synctest.NewClock(time.Unix(1736154000, 0)), Retries: 1})
		if err != nil {
			t.Fatal(err)
		}
		kind := connectors.KindTickets
		if articles {
			kind = connectors.KindArticles
		}
		page, err := s.Fetch(context.Background(), kind, "")
		synctest.CheckPage(t, api, page, err)
	})
}

// TestCursorThatDoesNotMove: found by FuzzFetch, comments whose after
// cursor came back unchanged were listed again and again, forever. The
// ticket is now a problem of its page.
func TestCursorThatDoesNotMove(t *testing.T) {
	api := &synctest.API{Answer: func(r *http.Request) (int, []byte) {
		if strings.Contains(r.URL.Path, "/incremental/") {
			return http.StatusOK, []byte(`{"tickets":[{"id":7,"status":"open","created_at":"2025-01-06T09:00:00Z"}],"end_of_stream":true}`)
		}
		return http.StatusOK, []byte(`{"comments":[{"id":1,"author_id":1,"body":"again","public":true}],"meta":{"has_more":true,"after_cursor":"b"}}`)
	}}
	s, err := New(Config{BaseURL: "https://acme.example", OAuthToken: "t"}, connectors.ClientOptions{HTTP: &http.Client{Transport: api}, Clock: synctest.NewClock(time.Now())})
	if err != nil {
		t.Fatal(err)
	}
	page, err := s.Fetch(context.Background(), connectors.KindTickets, "")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := api.Requests(); n != 3 || len(page.Tickets) != 0 || len(page.Problems) != 1 || !strings.Contains(page.Problems[0].Message, "again") {
		t.Fatalf("%d requests, tickets %+v, problems %+v", n, page.Tickets, page.Problems)
	}
}
