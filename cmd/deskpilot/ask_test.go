package main

import (
	"encoding/json"
	"strings"
	"testing"

	"deskpilot/assistant/openai/openaitest"
)

type askJSON struct {
	Decision, Reason, Draft, Category, Team, Priority, Language, Drafter, Fallback string
	Confidence                                                                     float64
	Citations                                                                      []string
	Usage                                                                          struct{ Calls int }
}

func ask(t *testing.T, env map[string]string, args ...string) askJSON {
	t.Helper()
	code, out, stderr := run(t, env, append([]string{"ask", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("ask %v: exit %d: %s", args, code, stderr)
	}
	var a askJSON
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("ask output %q: %v", out, err)
	}
	return a
}

func TestAskOffline(t *testing.T) {
	forEachStore(t, func(t *testing.T, args []string) {
		knowledgeFixture(t, args)
		a := ask(t, nil, append([]string{"How do I reset my password?"}, args...)...)
		if a.Decision != "suggest" || a.Drafter != "extractive" || len(a.Citations) == 0 || a.Citations[0] != "KB-1" || a.Language != "en" {
			t.Errorf("ask: %+v", a)
		}
		if !strings.Contains(a.Draft, "Passport") {
			t.Errorf("draft %q", a.Draft)
		}
		// A requester never gets the internal runbook.
		a = ask(t, nil, append([]string{"unlock account lockout flag directory console"}, args...)...)
		for _, c := range a.Citations {
			if c == "KB-3" {
				t.Errorf("internal article cited to a requester: %+v", a)
			}
		}
		if a := ask(t, nil, append([]string{"unlock account lockout flag directory console", "--as", "agent"}, args...)...); len(a.Citations) == 0 || a.Citations[0] != "KB-3" {
			t.Errorf("agent suggestion: %+v", a)
		}
		// French question, French answer.
		a = ask(t, nil, append([]string{"Comment réinitialiser mon mot de passe ?"}, args...)...)
		if a.Language != "fr" || !strings.HasPrefix(a.Draft, "Bonjour") || len(a.Citations) == 0 || a.Citations[0] != "KB-4" {
			t.Errorf("French: %+v", a)
		}
	})
}

func TestPolicyCommandDrivesAsk(t *testing.T) {
	data := t.TempDir()
	args := []string{"--data", data}
	knowledgeFixture(t, args)
	if code, _, stderr := run(t, nil, "policy", "set", "default", "auto", "--threshold", "0.2", "--data", data); code != 0 {
		t.Fatal(stderr)
	}
	if a := ask(t, nil, "How do I reset my password?", "--data", data); a.Decision != "auto" {
		t.Errorf("after policy set default auto: %+v", a)
	}
	code, out, _ := run(t, nil, "policy", "--data", data)
	if code != 0 || !strings.Contains(out, "default") || !strings.Contains(out, "auto") {
		t.Errorf("policy: %d %s", code, out)
	}
	if code, _, _ := run(t, nil, "policy", "set", "default", "sometimes", "--data", data); code != 2 {
		t.Errorf("bad mode: exit %d, want 2", code)
	}
	if code, _, stderr := run(t, nil, "policy", "set", "No/Such", "auto", "--data", data); code != 1 || !strings.Contains(stderr, "taxonomy") {
		t.Errorf("unknown category: exit %d %s", code, stderr)
	}
	if code, _, stderr := run(t, nil, "policy", "unset", "default", "--data", data); code != 0 {
		t.Fatal(stderr)
	}
	if a := ask(t, nil, "How do I reset my password?", "--data", data); a.Decision != "suggest" {
		t.Errorf("after unset: %+v", a)
	}
}

func TestAskWithTheLLM(t *testing.T) {
	fake := openaitest.NewServer(t, openaitest.WithAPIKey("sk-test-key-123456"))
	fake.Chat(func(req openaitest.ChatRequest) openaitest.ChatReply {
		if req.ResponseFormat != nil {
			return openaitest.ChatReply{Content: `{"supported":true,"confidence":0.9}`}
		}
		return openaitest.ChatReply{Content: "Open the Passport portal and choose Forgot password [1]."}
	})
	env := map[string]string{"OPENAI_API_KEY": "sk-test-key-123456", "OPENAI_BASE_URL": fake.URL()}
	data := t.TempDir()
	knowledgeFixture(t, []string{"--data", data})
	a := ask(t, env, "How do I reset my password?", "--data", data)
	if a.Drafter != "llm" || a.Usage.Calls != 2 || a.Citations[0] != "KB-1" || !strings.Contains(a.Draft, "[1]") {
		t.Errorf("LLM ask: %+v", a)
	}
	// The LLM refusing (a revoked key): the extractive draft, and it says
	// so. Retried failures are the adapter's tests; they would wait here.
	fake.FailNext(10, 401, "")
	a = ask(t, env, "How do I reset my password?", "--data", data, "--llm", "on")
	if a.Drafter != "extractive" || a.Fallback == "" {
		t.Errorf("LLM down: %+v", a)
	}
	if a := ask(t, env, "How do I reset my password?", "--data", data, "--llm", "off"); a.Drafter != "extractive" || a.Fallback != "" {
		t.Errorf("--llm off: %+v", a)
	}
}

func TestBenchAsk(t *testing.T) {
	data := t.TempDir()
	if code, _, stderr := run(t, nil, "bench", "ask", "--data", data); code != 1 || !strings.Contains(stderr, "no tickets") {
		t.Errorf("empty desk: exit %d %s", code, stderr)
	}
	knowledgeFixture(t, []string{"--data", data})
	code, out, stderr := run(t, nil, "bench", "ask", "--questions", "5", "--json", "--data", data)
	if code != 0 {
		t.Fatal(stderr)
	}
	var b askBench
	if err := json.Unmarshal([]byte(out), &b); err != nil || b.Questions != 5 || b.P50ms <= 0 || b.P99ms < b.P50ms {
		t.Errorf("bench ask: %s (%v)", out, err)
	}
}
