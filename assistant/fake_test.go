package assistant

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"deskpilot/assistant/triage"
	"deskpilot/retrieval"
)

// fakeSearcher ranks chunks by the share of the query's words they hold,
// applying the filter as a real index does. Both "indexes" agree.
type fakeSearcher struct {
	chunks  []retrieval.Chunk
	queries []retrieval.Query
}

func (f *fakeSearcher) Search(_ context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	f.queries = append(f.queries, q)
	qw := retrieval.ContentWords(q.Text)
	var hits []retrieval.Hit
	for _, c := range f.chunks {
		if !q.Filter.Allows(&c) {
			continue
		}
		s := retrieval.Coverage(qw, retrieval.WordSet(strings.Join(c.Heading, " ")+" "+c.Text))
		if s > 0 {
			hits = append(hits, retrieval.Hit{Chunk: c, Score: s})
		}
	}
	slices.SortStableFunc(hits, func(a, b retrieval.Hit) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	for i := range hits {
		hits[i].LexicalRank, hits[i].VectorRank = i+1, i+1
	}
	return hits[:min(len(hits), q.K)], nil
}

var epoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func article(id int64, ext, title, text string, vis retrieval.Visibility, lang string) retrieval.Chunk {
	return retrieval.Chunk{
		Kind: retrieval.KindArticle, DocumentID: id, ExternalID: ext, URL: "https://kb.example.com/" + ext,
		Heading: []string{title}, Text: text, Visibility: vis, Language: lang, Source: "kb", CreatedAt: epoch,
	}
}

func pastTicket(id int64, ext, subject, question, answer string, solved time.Time) retrieval.Chunk {
	return retrieval.Chunk{
		Kind: retrieval.KindTicket, DocumentID: id, ExternalID: ext, Heading: []string{subject},
		Text:       "Question: " + question + "\n\nAnswer: " + answer,
		Visibility: retrieval.Internal, Language: "en", Source: "desk", CreatedAt: solved,
	}
}

const vpnSteps = "If the VPN client says your certificate expired, renew it:\n1. Open the Company Portal.\n2. Choose Certificates, then Renew VPN certificate.\n3. Restart the VPN client and connect again."

// desk is a small knowledge base: public and internal articles in English
// and French, and a solved ticket.
func desk() *fakeSearcher {
	return &fakeSearcher{chunks: []retrieval.Chunk{
		article(1, "kb-vpn", "VPN certificate expired", vpnSteps, retrieval.Public, "en"),
		article(2, "kb-vpn-admin", "VPN gateway internals", "Internal: the VPN certificate expired error is fixed by restarting the gateway vpn-gw-02 with the admin password hunter2.", retrieval.Internal, "en"),
		article(3, "kb-printer", "Printer shows offline", "When the printer shows offline, switch it off and on, then remove and add it again in Settings > Printers.", retrieval.Public, "en"),
		article(4, "kb-mdp", "Réinitialiser son mot de passe", "Pour réinitialiser votre mot de passe :\n1. Ouvrez Passport.\n2. Cliquez sur « Mot de passe oublié ».\n3. Suivez le lien reçu par SMS.", retrieval.Public, "fr"),
		pastTicket(10, "T-10", "vpn certificate expired", "my vpn certificate expired what do I do", "Renew it from the Company Portal: Certificates, then Renew VPN certificate, and restart the VPN client.", epoch.Add(time.Hour)),
	}}
}

// fakeClassifier answers the same prediction for every text.
type fakeClassifier struct{ p triage.Prediction }

func (f fakeClassifier) Predict(string) triage.Prediction { return f.p }

func guess(v string, conf float64) triage.Guess { return triage.Guess{Value: v, Confidence: conf} }

func classifier(category string, frustrated bool) fakeClassifier {
	return fakeClassifier{p: triage.Prediction{Labels: map[triage.Label]triage.Guess{
		triage.LabelCategory: guess(category, 0.9), triage.LabelTeam: guess("Network", 0.8), triage.LabelPriority: guess("normal", 0.7),
	}, Frustrated: frustrated}}
}

func mustNew(tb testing.TB, cfg Config) *Assistant {
	tb.Helper()
	a, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func mustAnswer(tb testing.TB, a *Assistant, req Request) *Answer {
	tb.Helper()
	ans, err := a.Answer(context.Background(), req)
	if err != nil {
		tb.Fatal(err)
	}
	return ans
}

// scriptedChat is a ChatModel whose replies a test scripts.
type scriptedChat struct {
	reply    func(req ChatRequest) (string, error)
	chunks   []string // streamed pieces; the reply when empty
	failMid  int      // fail after this many streamed pieces, when > 0
	requests []ChatRequest
}

func (s *scriptedChat) Chat(_ context.Context, req ChatRequest) (*ChatResponse, error) {
	s.requests = append(s.requests, req)
	text, err := s.reply(req)
	if err != nil {
		return nil, err
	}
	return &ChatResponse{Content: text, Usage: Usage{Calls: 1, PromptTokens: 1000, CompletionTokens: 100}}, nil
}

func (s *scriptedChat) ChatStream(_ context.Context, req ChatRequest, delta func(string) error) (*ChatResponse, error) {
	s.requests = append(s.requests, req)
	text, err := s.reply(req)
	if err != nil {
		return nil, err
	}
	pieces := s.chunks
	if len(pieces) == 0 {
		pieces = []string{text}
	}
	var sent strings.Builder
	for i, p := range pieces {
		if s.failMid > 0 && i == s.failMid {
			return &ChatResponse{Content: sent.String()}, errors.New("connection reset mid-stream")
		}
		sent.WriteString(p)
		if err := delta(p); err != nil {
			return nil, err
		}
	}
	return &ChatResponse{Content: sent.String(), Usage: Usage{Calls: 1, PromptTokens: 1000, CompletionTokens: 100}}, nil
}
