package servicenow

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/synctest"
)

// Seeds: Table API answers, in display value "all" form and plain.
const (
	seedIncidents = `{"result":[{"sys_id":{"value":"abc","display_value":"abc"},"number":{"value":"INC0010001","display_value":"INC0010001"},` +
		`"short_description":{"value":"VPN drops"},"description":{"value":"It drops every hour."},"state":{"value":"6","display_value":"Resolved"},` +
		`"priority":{"value":"2","display_value":"2 - High"},"category":{"value":"network","display_value":"Network"},"subcategory":{"value":"vpn","display_value":"VPN/Remote"},` +
		`"caller_id":{"value":"u1","display_value":"Ana"},"caller_id.email":{"value":"ana@example.com"},"caller_id.user_name":{"value":"ana"},` +
		`"assignment_group":{"value":"g1","display_value":"Network"},"contact_type":{"value":"email"},"close_notes":{"value":"Token reset"},` +
		`"opened_at":{"value":"2025-01-06 09:00:00"},"resolved_at":{"value":"2025-01-07 08:00:00"},"closed_at":{"value":""},` +
		`"sys_created_on":{"value":"2025-01-06 09:00:00"},"sys_updated_on":{"value":"2025-01-07 09:00:00"}},` +
		`{"sys_id":"def","number":"INC2","sys_created_on":"yesterday"},{"sys_id":7}]}`
	seedJournal = `{"result":[{"sys_id":"j1","element":"comments","element_id":"abc","value":"Still dropping","sys_created_on":"2025-01-06 10:00:00","sys_created_by":"ana"},` +
		`{"sys_id":"j2","element":"work_notes","element_id":"abc","value":"Token expired","sys_created_on":"2025-01-06 09:30:00","sys_created_by":"carl"}]}`
	seedArticles = `{"result":[{"sys_id":"kb1","number":"KB0010001","short_description":"Reset your VPN token","text":"<p>Open the app</p>",` +
		`"wiki":"","workflow_state":"published","kb_category":{"value":"c1","display_value":"VPN"},"can_read_user_criteria":"","roles":"itil",` +
		`"language":"EN","sys_created_on":"2025-01-06 09:00:00","sys_updated_on":"2025-01-06 09:00:00"},{"sys_id":"kb2","workflow_state":"retired"}]}`
)

// FuzzFetch feeds a ServiceNow source the fuzzer's answers: list is the
// incident or kb_knowledge table page, detail the journal entries. See
// synctest.CheckPage for what must hold.
func FuzzFetch(f *testing.F) {
	f.Add([]byte(seedIncidents), []byte(seedJournal), false)
	f.Add([]byte(seedArticles), []byte(`{}`), true)
	f.Add([]byte(`{"result":[{"sys_id":{"display_value":null},"number":{"value":null,"display_value":"x"}}]}`), []byte(`{"result":null}`), false)
	f.Fuzz(func(t *testing.T, list, detail []byte, articles bool) {
		api := &synctest.API{Answer: func(r *http.Request) (int, []byte) {
			if strings.HasSuffix(r.URL.Path, "/sys_journal_field") {
				return http.StatusOK, detail
			}
			return http.StatusOK, list
		}}
		cfg := Config{BaseURL: "https://acme.example", Username: "u", Password: "p", KnowledgeBases: []string{"kb0"}, PageSize: 3}
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
