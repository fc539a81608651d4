package main

import (
	"strings"
	"testing"

	"deskpilot/assistant/openai/openaitest"
)

// TestOpenAIEmbedderFromEnvironment runs import and search with an
// OpenAI-compatible embedder configured by environment, against the fake
// server: the vectors come from it, with the key and model asked for.
func TestOpenAIEmbedderFromEnvironment(t *testing.T) {
	fake := openaitest.NewServer(t, openaitest.WithAPIKey("sk-test-key-123456"), openaitest.WithDimensions(16))
	env := map[string]string{
		"OPENAI_API_KEY": "sk-test-key-123456", "OPENAI_BASE_URL": fake.URL(),
		"DESKPILOT_EMBEDDING_MODEL": "text-embedding-3-small", "DESKPILOT_EMBEDDING_DIMENSIONS": "16",
	}
	data := t.TempDir()
	p := writeFile(t, t.TempDir(), "a.jsonl", `{"id":"KB-1","title":"Reset your password","body":"Open the Passport portal."}`+"\n"+
		`{"id":"KB-2","title":"VPN","body":"Install NorthGate."}`)
	if code, _, stderr := run(t, env, "import", "articles", p, "--data", data); code != 0 {
		t.Fatal(stderr)
	}
	code, out, stderr := run(t, env, "search", "password portal", "--json", "--data", data)
	if code != 0 || !strings.Contains(out, `"id": "KB-1"`) {
		t.Fatalf("search: %d %s %s", code, out, stderr)
	}
	var embeds int
	for _, r := range fake.Requests() {
		if r.Path == "/v1/embeddings" {
			embeds++
			if r.Header.Get("Authorization") != "Bearer sk-test-key-123456" || !strings.Contains(string(r.Body), "text-embedding-3-small") {
				t.Fatalf("embedding request: %v %s", r.Header, r.Body)
			}
		}
	}
	if embeds < 2 {
		t.Fatalf("%d embedding requests, want the chunks' and the query's", embeds)
	}
	if strings.Contains(stderr, "sk-test-key") {
		t.Fatal("the API key was logged")
	}
	env["DESKPILOT_EMBEDDING_DIMENSIONS"] = ""
	if code, _, stderr := run(t, env, "search", "x", "--data", data); code != 1 || !strings.Contains(stderr, "DESKPILOT_EMBEDDING_DIMENSIONS") {
		t.Fatalf("a model without dimensions: %d %q", code, stderr)
	}
}
