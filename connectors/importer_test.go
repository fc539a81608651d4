package connectors

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"deskpilot/connectors/files"
	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// fakeSink records what the engine writes, in order, and answers upserts
// as a store would for keys it has or has not seen.
type fakeSink struct {
	calls   []string
	seen    map[string]string // key -> hash
	cats    []string
	teams   []string
	failAt  int // fail the n-th upsert call (1-based); 0 never
	upserts int
}

func newFakeSink() *fakeSink { return &fakeSink{seen: map[string]string{}} }

func (f *fakeSink) outcome(key, hash string) int {
	old, ok := f.seen[key]
	f.seen[key] = hash
	switch {
	case !ok:
		return 1
	case old != hash:
		return 2
	}
	return 0
}

func (f *fakeSink) UpsertTickets(_ context.Context, b []*tickets.Ticket) ([]tickets.Outcome, error) {
	f.upserts++
	if f.upserts == f.failAt {
		return nil, errors.New("disk full")
	}
	f.calls = append(f.calls, fmt.Sprintf("tickets:%d", len(b)))
	var out []tickets.Outcome
	for _, t := range b {
		out = append(out, tickets.Outcome(f.outcome(t.Source+"/"+t.ExternalID, t.ContentHash)))
	}
	return out, nil
}

func (f *fakeSink) UpsertDocuments(_ context.Context, b []*retrieval.Document) ([]retrieval.Outcome, error) {
	f.calls = append(f.calls, fmt.Sprintf("docs:%d", len(b)))
	var out []retrieval.Outcome
	for _, d := range b {
		out = append(out, retrieval.Outcome(f.outcome(d.Source+"/"+d.ExternalID, d.ContentHash)))
	}
	return out, nil
}

func (f *fakeSink) EnsureCategories(_ context.Context, paths []string) error {
	f.calls = append(f.calls, "categories")
	f.cats = append(f.cats, paths...)
	return nil
}

func (f *fakeSink) UpsertTeams(_ context.Context, teams []tickets.Team) error {
	f.calls = append(f.calls, "teams")
	for _, t := range teams {
		f.teams = append(f.teams, t.Name)
	}
	return nil
}

func ticketsFile(t *testing.T, n int, bad ...int) string {
	t.Helper()
	var lines []string
	for i := range n {
		line := fmt.Sprintf(`{"id":"%d","subject":"s%d","created_at":"2025-01-01T00:00:00Z","category":"Cat%d/Sub","team":"Team%d","messages":[{"author":"requester","body":"mon imprimante ne marche plus depuis ce matin"}]}`, i, i, i%2, i%3)
		for _, b := range bad {
			if b == i {
				line = "{oops"
			}
		}
		lines = append(lines, line)
	}
	p := filepath.Join(t.TempDir(), "t.jsonl")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportBatchesAndLabelsComeFirst(t *testing.T) {
	sink := newFakeSink()
	sum, err := ImportTickets(context.Background(), sink, []string{ticketsFile(t, 5)}, ImportOptions{BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(sink.calls, " "); got != "categories teams tickets:2 teams tickets:2 tickets:1" {
		t.Fatalf("calls: %s", got)
	}
	if fmt.Sprint(sink.cats) != "[Cat0/Sub Cat1/Sub]" || fmt.Sprint(sink.teams) != "[Team0 Team1 Team2]" {
		t.Fatalf("labels: %v %v", sink.cats, sink.teams)
	}
	if sum.Added != 5 || sum.Skipped != 0 {
		t.Fatalf("summary: %+v", sum)
	}
	again, err := ImportTickets(context.Background(), sink, []string{ticketsFile(t, 5)}, ImportOptions{BatchSize: 2})
	if err != nil || again.Unchanged != 5 || again.Added != 0 {
		t.Fatalf("second import: %+v %v", again, err)
	}
}

func TestImportDetectsLanguage(t *testing.T) {
	sink := &langSink{fakeSink: newFakeSink()}
	if _, err := ImportTickets(context.Background(), sink, []string{ticketsFile(t, 1)}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if sink.lang != "fr" {
		t.Fatalf("language of a French ticket: %q", sink.lang)
	}
}

type langSink struct {
	*fakeSink
	lang string
}

func (s *langSink) UpsertTickets(ctx context.Context, b []*tickets.Ticket) ([]tickets.Outcome, error) {
	s.lang = b[0].Language
	return s.fakeSink.UpsertTickets(ctx, b)
}

func TestImportStoreFailureStopsWithContext(t *testing.T) {
	sink := newFakeSink()
	sink.failAt = 2
	sum, err := ImportTickets(context.Background(), sink, []string{ticketsFile(t, 6)}, ImportOptions{BatchSize: 2})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err %v, want the store's failure", err)
	}
	if sum.Added != 2 {
		t.Fatalf("summary counts only what was written: %+v", sum)
	}
}

func TestImportStrictWritesNothing(t *testing.T) {
	sink := newFakeSink()
	_, err := ImportTickets(context.Background(), sink, []string{ticketsFile(t, 4, 2)}, ImportOptions{Strict: true})
	var se *StrictError
	if !errors.As(err, &se) || se.Problems != 1 {
		t.Fatalf("err %v, want a StrictError with one problem", err)
	}
	if len(sink.calls) != 0 {
		t.Fatalf("strict import wrote: %v", sink.calls)
	}
}

func TestImportCapsListedProblems(t *testing.T) {
	sink := newFakeSink()
	sum, err := ImportTickets(context.Background(), sink, []string{ticketsFile(t, 6, 0, 1, 2, 3)}, ImportOptions{MaxProblems: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != 4 || len(sum.Errors) != 2 || !sum.Truncated || sum.Added != 2 {
		t.Fatalf("summary: %+v", sum)
	}
}

func TestImportArticleRecords(t *testing.T) {
	sink := newFakeSink()
	recs := []files.Article{{ID: "1", Title: "Reset", Body: "Open the portal"}, {ID: "", Title: "No id", Body: "x"}}
	sum, err := ImportArticleRecords(context.Background(), sink, recs, ImportOptions{Source: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 1 || sum.Skipped != 1 || sum.Errors[0].Line != 2 || sink.seen["demo/1"] == "" {
		t.Fatalf("summary %+v, seen %v", sum, sink.seen)
	}
}
