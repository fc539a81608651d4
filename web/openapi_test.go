package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestOpenAPIDocumentsEveryRoute keeps the document and the route table in
// step: a route without documentation, or documentation of a route that
// does not exist, fails.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	s := New(Deps{})
	served := map[string]bool{}
	for _, r := range s.engine.Routes() {
		if strings.HasPrefix(r.Path, "/api/v1/") && r.Path != "/api/v1/openapi.json" {
			served[r.Method+" "+openAPIPath(r.Path)] = true
		}
	}
	documented := map[string]bool{}
	for _, d := range apiDocs {
		documented[d.Method+" "+d.Path] = true
	}
	var missing, stale []string
	for k := range served {
		if !documented[k] {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if !served[k] {
			stale = append(stale, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	if len(missing) > 0 || len(stale) > 0 {
		t.Errorf("undocumented routes %v; documented but not served %v", missing, stale)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	var doc struct {
		OpenAPI    string                    `json:"openapi"`
		Paths      map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &doc) != nil || doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi.json: %d %.200s", rec.Code, rec.Body.String())
	}
	// Every $ref names a schema that exists.
	for _, m := range refRE.FindAllStringSubmatch(rec.Body.String(), -1) {
		if _, ok := doc.Components.Schemas[m[1]]; !ok {
			t.Errorf("$ref to missing schema %s", m[1])
		}
	}
}

var refRE = regexp.MustCompile(`"#/components/schemas/([A-Za-z]+)"`)
