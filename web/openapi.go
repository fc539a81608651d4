package web

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// apiDoc documents one route of the JSON API. The OpenAPI document at
// /api/v1/openapi.json is built from these, and a test checks that every
// route of the table has one.
type apiDoc struct {
	Method, Path, Summary string
	Role                  string   // the lowest role allowed: requester, agent, admin
	Query                 []string // query parameters, "name: what"
	Body                  string   // schema name of the JSON body, "" for none
	Response              string   // schema name of the 2xx answer ("" for none)
	Status                int      // 2xx status (default 200)
	Stream                bool     // answers text/event-stream
}

// apiDocs holds the core API; the pages' files add theirs with addAPIDocs.
var apiDocs = []apiDoc{
	{Method: "GET", Path: "/api/v1/me", Summary: "The calling user", Role: "requester", Response: "User"},
	{Method: "GET", Path: "/api/v1/tickets", Summary: "List tickets (requesters: their own only)", Role: "requester",
		Query: []string{"status: repeatable", "team", "category: and below", "requester: e-mail (agents)", "source", "limit", "after: the next cursor"}, Response: "TicketPage"},
	{Method: "POST", Path: "/api/v1/tickets", Summary: "Create a ticket", Role: "requester", Body: "NewTicket", Response: "Ticket", Status: 201},
	{Method: "GET", Path: "/api/v1/tickets/{id}", Summary: "A ticket with its messages (internal notes and the SLA clock for agents)", Role: "requester", Response: "Ticket"},
	{Method: "POST", Path: "/api/v1/tickets/{id}/messages", Summary: "Reply (agents may post internal notes)", Role: "requester", Body: "NewMessage", Response: "Ticket", Status: 201},
	{Method: "PATCH", Path: "/api/v1/tickets/{id}", Summary: "Change status, category, team, priority, assignee, tags", Role: "agent", Body: "TicketFields", Response: "Ticket"},
	{Method: "GET", Path: "/api/v1/search", Summary: "Hybrid search (requesters: public articles only)", Role: "requester", Query: []string{"q: the query", "k: hits, default 10", "kind: article or ticket"}, Response: "Hits"},
	{Method: "GET", Path: "/api/v1/articles", Summary: "KB articles (requesters: public only)", Role: "requester", Query: []string{"limit", "after"}, Response: "ArticlePage"},
	{Method: "GET", Path: "/api/v1/articles/{id}", Summary: "One article", Role: "requester", Response: "Article"},
	{Method: "GET", Path: "/api/v1/teams", Summary: "The teams", Role: "agent", Response: "Teams"},
	{Method: "GET", Path: "/api/v1/categories", Summary: "The category taxonomy", Role: "agent", Response: "Categories"},
}

// schemas are the document's components, in JSON Schema.
var schemas = map[string]string{
	"Error":        `{"type":"object","properties":{"error":{"type":"string"},"fields":{"type":"array","items":{"type":"object","properties":{"field":{"type":"string"},"problem":{"type":"string"}}}}},"required":["error"]}`,
	"User":         `{"type":"object","properties":{"id":{"type":"integer"},"email":{"type":"string"},"name":{"type":"string"},"role":{"enum":["requester","agent","admin"]},"team":{"type":"string"},"language":{"type":"string"}}}`,
	"Message":      `{"type":"object","properties":{"id":{"type":"integer"},"author":{"enum":["requester","agent","system"]},"body":{"type":"string"},"public":{"type":"boolean"},"created_at":{"type":"string","format":"date-time"}}}`,
	"Ticket":       `{"type":"object","properties":{"id":{"type":"integer"},"external_id":{"type":"string"},"subject":{"type":"string"},"status":{"enum":["new","open","pending","solved","closed"]},"priority":{"enum":["low","normal","high","urgent"]},"category":{"type":"string"},"team":{"type":"string"},"requester":{"type":"string"},"language":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},"created_at":{"type":"string","format":"date-time"},"messages":{"type":"array","items":{"$ref":"#/components/schemas/Message"}}}}`,
	"TicketPage":   `{"type":"object","properties":{"tickets":{"type":"array","items":{"$ref":"#/components/schemas/Ticket"}},"next":{"type":"string"}}}`,
	"NewTicket":    `{"type":"object","properties":{"subject":{"type":"string"},"body":{"type":"string"},"category":{"type":"string"},"team":{"type":"string"},"priority":{"type":"string"},"requester":{"type":"string","description":"agents only: on whose behalf"}},"required":["subject","body"]}`,
	"NewMessage":   `{"type":"object","properties":{"body":{"type":"string"},"public":{"type":"boolean","default":true}},"required":["body"]}`,
	"TicketFields": `{"type":"object","properties":{"status":{"type":"string"},"category":{"type":"string"},"team":{"type":"string"},"priority":{"type":"string"},"assignee":{"type":"integer"},"tags":{"type":"array","items":{"type":"string"}}}}`,
	"Hits":         `{"type":"object","properties":{"hits":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"},"kind":{"enum":["article","ticket"]},"title":{"type":"string"},"score":{"type":"number"},"url":{"type":"string"},"snippet":{"type":"string"},"why":{"enum":["lexical","vector","both"]}}}}}}`,
	"Article":      `{"type":"object","properties":{"id":{"type":"integer"},"external_id":{"type":"string"},"title":{"type":"string"},"body":{"type":"string"},"format":{"type":"string"},"url":{"type":"string"},"visibility":{"enum":["public","internal"]},"language":{"type":"string"}}}`,
	"ArticlePage":  `{"type":"object","properties":{"articles":{"type":"array","items":{"$ref":"#/components/schemas/Article"}},"next":{"type":"string"}}}`,
	"Teams":        `{"type":"object","properties":{"teams":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"description":{"type":"string"}}}}}}`,
	"Categories":   `{"type":"object","properties":{"categories":{"type":"array","items":{"type":"object","properties":{"path":{"type":"string"}}}}}}`,
}

// addAPIDocs documents more routes and schemas, from an init of the file
// that serves them.
func addAPIDocs(docs []apiDoc, more map[string]string) {
	apiDocs = append(apiDocs, docs...)
	for k, v := range more {
		schemas[k] = v
	}
}

var ginParam = regexp.MustCompile(`:([A-Za-z_]+)`)

// openAPIPath turns gin's /tickets/:id into OpenAPI's /tickets/{id}.
func openAPIPath(p string) string { return ginParam.ReplaceAllString(p, "{$1}") }

// openAPIDocument builds the OpenAPI 3.1 document of the API.
func openAPIDocument() ([]byte, error) {
	paths := map[string]map[string]any{}
	for _, d := range apiDocs {
		op := map[string]any{"summary": d.Summary, "description": "Lowest role: " + d.Role + ".",
			"security": []any{map[string]any{"bearer": []any{}}, map[string]any{"session": []any{}}}}
		var params []any
		for _, m := range regexp.MustCompile(`\{([a-z_]+)\}`).FindAllStringSubmatch(d.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range d.Query {
			name, desc, _ := strings.Cut(q, ": ")
			params = append(params, map[string]any{"name": name, "in": "query", "description": desc, "schema": map[string]any{"type": "string"}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if d.Body != "" {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ref(d.Body)}}}
		}
		status := d.Status
		if status == 0 {
			status = http.StatusOK
		}
		ok := map[string]any{"description": http.StatusText(status)}
		switch {
		case d.Stream:
			ok["content"] = map[string]any{"text/event-stream": map[string]any{"schema": map[string]any{"type": "string"}}}
		case d.Response != "":
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": ref(d.Response)}}
		}
		errResp := map[string]any{"description": "error", "content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}
		op["responses"] = map[string]any{strconv.Itoa(status): ok, "default": errResp}
		if paths[d.Path] == nil {
			paths[d.Path] = map[string]any{}
		}
		paths[d.Path][strings.ToLower(d.Method)] = op
	}
	comps := map[string]any{}
	for name, s := range schemas {
		comps[name] = json.RawMessage(s)
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info":    map[string]any{"title": "deskpilot API", "version": "1", "description": "The JSON API of deskpilot. Calls take a bearer API token, or a browser session plus its CSRF token in X-CSRF-Token for calls that change something."},
		"paths":   paths,
		"components": map[string]any{"schemas": comps, "securitySchemes": map[string]any{
			"bearer":  map[string]any{"type": "http", "scheme": "bearer"},
			"session": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookie},
		}},
	}
	return json.MarshalIndent(doc, "", "  ")
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

// openAPI serves the document.
func (s *Server) openAPI(c *gin.Context) {
	b, err := openAPIDocument()
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.Data(http.StatusOK, "application/json", b)
}
