package freshdesk

import (
	"context"
	"net/http"
	"testing"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/synctest"
)

// Seeds: answers as Freshdesk and Freshservice give them.
const (
	seedTickets = `[{"id":42,"subject":"VPN drops","description_text":"It drops every hour.","description":"<p>It drops</p>","status":4,` +
		`"priority":3,"source":1,"type":"Incident","group_id":9,"requester_id":1,"tags":["vpn"],"custom_fields":{"cf_category":"Network"},` +
		`"requester":{"email":"ana@example.com"},"stats":{"resolved_at":"2025-01-07T08:00:00Z"},` +
		`"created_at":"2025-01-06T09:00:00Z","updated_at":"2025-01-07T09:00:00Z"},{"id":43,"deleted":true,"updated_at":"2025-01-07T09:00:00Z"},{"id":"x"}]`
	seedConversations = `[{"id":1,"body":"<p>Reset it</p>","body_text":"","incoming":false,"private":false,"user_id":3,"created_at":"2025-01-06T10:00:00Z"},` +
		`{"id":2,"body_text":"Thanks","incoming":true,"private":false,"user_id":1,"created_at":"2025-01-06T11:00:00Z"},{"id":9,"name":"Network"}]`
	seedCategories = `[{"id":1,"name":"IT","updated_at":"2025-01-01T00:00:00Z"}]`
	seedFolders    = `[{"id":5,"name":"VPN","visibility":1,"parent_folder_id":null,"updated_at":"2025-01-01T00:00:00Z",` +
		`"title":"Reset your token","description":"<p>Open the app</p>","status":2,"folder_id":5,"category_id":1,"tags":["vpn"],` +
		`"created_at":"2025-01-02T00:00:00Z"}]`
)

// FuzzFetch feeds a Freshdesk or Freshservice source the fuzzer's
// answers: list is the ticket list or the solution categories, detail
// every other answer (conversations, groups, folders, subfolders,
// articles). See synctest.CheckPage for what must hold.
func FuzzFetch(f *testing.F) {
	f.Add([]byte(seedTickets), []byte(seedConversations), false, false)
	f.Add([]byte(`{"tickets":`+seedTickets+`}`), []byte(`{"conversations":`+seedConversations+`,"groups":[]}`), false, true)
	f.Add([]byte(seedCategories), []byte(seedFolders), true, false)
	f.Add([]byte(`{"categories":`+seedCategories+`}`), []byte(`{"folders":[{"id":5,"name":"VPN","visibility":2},{"id":6,"parent_folder_id":5}],`+
		`"articles":[{"id":8,"title":"t","status":2,"folder_id":6}],"article":{"id":8,"description":"<p>x</p>"}}`), true, true)
	f.Fuzz(func(t *testing.T, list, detail []byte, articles, service bool) {
		api := &synctest.API{Answer: func(r *http.Request) (int, []byte) {
			if r.URL.Path == "/api/v2/tickets" || r.URL.Path == "/api/v2/solutions/categories" {
				return http.StatusOK, list
			}
			return http.StatusOK, detail
		}}
		cfg := Config{BaseURL: "https://acme.example", APIKey: "k", Product: Freshdesk, CategoryField: "cf_category,type", PageSize: 2}
		if service {
			cfg.Product, cfg.CategoryField = Freshservice, ""
		}
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

// TestFolderInsideItself: found by FuzzFetch, a folder listed among its
// own subfolders was walked forever (Freshdesk), and a folder listed
// again under its child recursed without end (Freshservice).
func TestFolderInsideItself(t *testing.T) {
	tests := []struct {
		name    string
		product Product
		folders string
	}{
		{"freshdesk subfolders", Freshdesk, `[{"id":5,"name":"VPN","visibility":1}]`},
		{"freshservice parents", Freshservice, `{"folders":[{"id":5,"name":"A","visibility":1},{"id":6,"name":"B","visibility":1,"parent_folder_id":5},` +
			`{"id":5,"name":"A again","visibility":1,"parent_folder_id":6}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &synctest.API{Answer: func(r *http.Request) (int, []byte) {
				switch {
				case r.URL.Path == "/api/v2/solutions/categories" && tt.product == Freshservice:
					return http.StatusOK, []byte(`{"categories":[{"id":1,"name":"IT"}]}`)
				case r.URL.Path == "/api/v2/solutions/categories":
					return http.StatusOK, []byte(`[{"id":1,"name":"IT"}]`)
				case r.URL.Path == "/api/v2/solutions/articles" || r.URL.Path == "/api/v2/solutions/folders/5/articles":
					return http.StatusOK, []byte(`{"articles":[]}`)
				}
				return http.StatusOK, []byte(tt.folders)
			}}
			s, err := New(Config{BaseURL: "https://acme.example", APIKey: "k", Product: tt.product},
				connectors.ClientOptions{HTTP: &http.Client{Transport: api}, Clock: synctest.NewClock(time.Now())})
			if err != nil {
				t.Fatal(err)
			}
			folders, err := s.loadFolders(context.Background())
			if n, over := api.Requests(); err != nil || over || len(folders) > 2 {
				t.Fatalf("%d requests, folders %+v, error %v", n, folders, err)
			}
		})
	}
}
