package copilot_test

import (
	"strings"
	"testing"

	"deskpilot/assistant"
)

func TestNoteSaysTheDraftIsExtractiveWhenTheLLMWasDown(t *testing.T) {
	for _, tc := range []struct {
		name, fallback string
		want           bool
	}{
		{"LLM drafted", "", false},
		{"LLM down", "llm: openai: chat: circuit open: the server failed 5 calls in a row; next try in 30s", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			w.asst.ans = &assistant.Answer{Decision: assistant.DecisionSuggest, Confidence: 0.6, Draft: "Reset it [1].",
				Drafter: "extractive", Fallback: tc.fallback,
				Citations: []assistant.Citation{{Marker: 1, Title: "Reset your VPN token", URL: "https://kb.example.com/vpn"}}}
			if _, err := w.receive(t, "ok", `{"ticket":"8"}`); err != nil {
				t.Fatal(err)
			}
			w.process(t)
			text := w.desk.notes["8"][0]
			says := strings.Contains(text, "The AI model was unavailable") && strings.Contains(w.desk.html, "The AI model was unavailable")
			if says != tc.want || strings.Contains(text, "circuit open") {
				t.Errorf("note (degraded: %v, want %v; the error itself stays out):\n%s", says, tc.want, text)
			}
		})
	}
}
