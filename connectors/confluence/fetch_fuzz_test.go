package confluence

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/synctest"
)

// Seeds: a page body in storage format, and a CQL search page as
// Confluence Cloud gives it.
const (
	seedStorage = `<h1>Reset your VPN token</h1><p>Open the <strong>VPN</strong> app, see <ac:link><ri:page ri:content-title="VPN FAQ"/></ac:link>.</p>` +
		`<ac:structured-macro ac:name="info"><ac:parameter ac:name="title">Note</ac:parameter><ac:rich-text-body><p>Reboot first.</p></ac:rich-text-body></ac:structured-macro>` +
		`<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[ipconfig /all && echo "<b>"]]></ac:plain-text-body></ac:structured-macro>` +
		`<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>Done</ac:task-body></ac:task></ac:task-list>` +
		`<ac:structured-macro ac:name="html"><ac:plain-text-body><![CDATA[<script>alert(1)</script>]]></ac:plain-text-body></ac:structured-macro>` +
		`<ac:image><ri:attachment ri:filename="x.png"/></ac:image><p><time datetime="2025-01-06"/> <ac:emoticon ac:name="smile"/></p>` +
		`<ac:layout><ac:layout-section><ac:layout-cell><p>cell</p></ac:layout-cell></ac:layout-section></ac:layout>`
	seedSearch = `{"results":[{"id":"101","type":"page","status":"current","title":"Reset your VPN token","space":{"key":"IT"},` +
		`"history":{"createdDate":"2025-01-06T09:00:00.000Z"},"version":{"number":3,"when":"2025-01-07T09:00:00.000Z"},` +
		`"ancestors":[{"id":"100","title":"VPN"}],"body":{"storage":{"value":"<p>Open the app</p>"}},` +
		`"metadata":{"labels":{"results":[{"prefix":"global","name":"vpn"}]}},"_links":{"webui":"/spaces/IT/pages/101"}},` +
		`{"id":"102","status":"trashed","version":{"when":"2025-01-07T09:00:00.000Z"}},{"id":103,"version":{"when":"x"}}],` +
		`"_links":{"next":"/rest/api/content/search?cursor=abc&limit=25","base":"https://acme.atlassian.net/wiki"}}`
)

// FuzzFetch feeds a Confluence source the fuzzer's search page. See
// synctest.CheckPage for what must hold.
func FuzzFetch(f *testing.F) {
	f.Add([]byte(seedSearch))
	f.Add([]byte(strings.Replace(seedSearch, `<p>Open the app</p>`, strings.ReplaceAll(seedStorage, `"`, `\"`), 1)))
	f.Add([]byte(`{"results":[{"id":"1","body":{"storage":null},"space":null,"history":null}],"_links":{"next":""}}`))
	f.Fuzz(func(t *testing.T, list []byte) {
		api := &synctest.API{Answer: func(r *http.Request) (int, []byte) { return http.StatusOK, list }}
		cfg := Config{URL: "https://acme.example", Email: "a@example.com", APIToken: "t", Spaces: []string{"IT"}, PublicSpaces: []string{"IT"}, TimeZone: "UTC"}
		s, err := New(cfg, connectors.ClientOptions{HTTP: &http.Client{Transport: api}, Clock: synctest.NewClock(time.Unix(1736154000, 0)), Retries: 1})
		if err != nil {
			t.Fatal(err)
		}
		page, err := s.Fetch(context.Background(), connectors.KindArticles, "")
		synctest.CheckPage(t, api, page, err)
	})
}

// TestResultWithoutID: found by FuzzFetch, a search result without an id
// and not current was taken as the deletion of the page "".
func TestResultWithoutID(t *testing.T) {
	api := &synctest.API{Answer: func(r *http.Request) (int, []byte) {
		return http.StatusOK, []byte(`{"results":[{"status":"trashed"},{"title":"t","status":"current"}]}`)
	}}
	s, err := New(Config{URL: "https://acme.example", Email: "a@example.com", APIToken: "t", Spaces: []string{"IT"}, TimeZone: "UTC"},
		connectors.ClientOptions{HTTP: &http.Client{Transport: api}, Clock: synctest.NewClock(time.Now())})
	if err != nil {
		t.Fatal(err)
	}
	page, err := s.Fetch(context.Background(), connectors.KindArticles, "")
	if err != nil || len(page.Deleted) != 0 || len(page.Articles) != 0 || len(page.Problems) != 2 {
		t.Fatalf("page %+v, error %v", page, err)
	}
}
