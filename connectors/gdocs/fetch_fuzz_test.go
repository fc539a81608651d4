package gdocs

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/synctest"
)

// seedFiles is a files.list page as Drive gives it.
const seedFiles = `{"nextPageToken":"tok","files":[{"id":"d1","name":"Reset your VPN token","mimeType":"application/vnd.google-apps.document",` +
	`"createdTime":"2025-01-06T09:00:00.000Z","modifiedTime":"2025-01-07T09:00:00.000Z","webViewLink":"https://docs.google.com/document/d/d1/edit","trashed":false},` +
	`{"id":"d2","mimeType":"application/pdf"},{"id":"d3","trashed":true},{"id":""},{"id":5}]}`

// FuzzFetch feeds a Google Docs source the fuzzer's answers: list is the
// files.list page, export the body of every document's export (HTML or
// text, any bytes). See synctest.CheckPage for what must hold.
func FuzzFetch(f *testing.F) {
	f.Add([]byte(seedFiles), []byte(`<html><body><h1>Reset</h1><p>Open the app</p><script>x()</script></body></html>`), uint8(200), false)
	f.Add([]byte(`{"files":[{"id":"d1","name":"  "}]}`), []byte("plain text \xff\xfe"), uint8(200), true)
	f.Add([]byte(seedFiles), []byte(`{"error":{"code":403,"errors":[{"reason":"exportSizeLimitExceeded"}]}}`), uint8(3), false)
	f.Add([]byte(`{"files":null}`), []byte(``), uint8(4), false)
	statuses := []int{http.StatusOK, http.StatusNotFound, http.StatusInternalServerError, http.StatusForbidden, http.StatusTooManyRequests}
	f.Fuzz(func(t *testing.T, list, export []byte, status uint8, text bool) {
		api := &synctest.API{Answer: func(r *http.Request) (int, []byte) {
			if strings.HasSuffix(r.URL.Path, "/export") {
				return statuses[int(status)%len(statuses)], export
			}
			return http.StatusOK, list
		}}
		cfg := Config{Folders: []string{"f1"}, Token: "t", Visibility: "public"}
		if text {
			cfg.Export = "text"
		}
		s, err := New(cfg, connectors.ClientOptions{HTTP: &http.Client{Transport: api}, Clock: synctest.NewClock(time.Unix(1736154000, 0)), Retries: 1, RateLimitRetries: 1})
		if err != nil {
			t.Fatal(err)
		}
		page, err := s.Fetch(context.Background(), connectors.KindArticles, "")
		synctest.CheckPage(t, api, page, err)
	})
}
