package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"deskpilot/connectors/files"
	"deskpilot/retrieval"
	"deskpilot/retrieval/bleve"
	"deskpilot/retrieval/localembed"
	"deskpilot/retrieval/vectors"
	"deskpilot/simulation"
	"deskpilot/tickets"
)

// simSource is the source name records of a simulation get.
const simSource = "history"

// history is what a simulation replays: articles and tickets read from
// files, numbered as an index needs them.
type history struct {
	articles []*retrieval.Document
	tickets  []*tickets.Ticket
	skipped  int // records that could not be read
}

// loadHistory reads the ticket file (CSV columns mapped by colMap) and,
// when given, the article file. An
// article without a date existed from the start: it gets a date before the
// first ticket.
func loadHistory(ctx context.Context, ticketPath, articlePath string, colMap map[string]string) (*history, error) {
	h := &history{}
	report := func(files.Problem) { h.skipped++ }
	err := files.ReadTickets(ctx, []string{ticketPath}, files.Options{Map: colMap}, func(it files.Item[files.Ticket]) error {
		t, err := it.Record.DomainTicket(simSource)
		if err != nil {
			h.skipped++
			return nil
		}
		t.ID = int64(len(h.tickets) + 1)
		h.tickets = append(h.tickets, t)
		return nil
	}, report)
	if err != nil {
		return nil, err
	}
	if len(h.tickets) == 0 {
		return nil, fmt.Errorf("%s: no ticket could be read", ticketPath)
	}
	if articlePath == "" {
		return h, nil
	}
	start := slices.MinFunc(h.tickets, func(a, b *tickets.Ticket) int { return a.CreatedAt.Compare(b.CreatedAt) }).CreatedAt.Add(-time.Hour)
	err = files.ReadArticles(ctx, []string{articlePath}, files.Options{}, func(it files.Item[files.Article]) error {
		undated := it.Record.CreatedAt.IsZero() && it.Record.UpdatedAt.IsZero()
		d, err := it.Record.Document(simSource, start)
		if err != nil {
			h.skipped++
			return nil
		}
		if undated {
			d.CreatedAt = start
		}
		d.ID = int64(len(h.articles) + 1)
		h.articles = append(h.articles, d)
		return nil
	}, report)
	return h, err
}

// historyRecords serves a history to retrieval's rebuild.
type historyRecords struct {
	docs    []*retrieval.Document
	tickets []*tickets.Ticket
}

func (r historyRecords) ListDocuments(_ context.Context, f retrieval.DocumentFilter) ([]*retrieval.Document, error) {
	var out []*retrieval.Document
	for _, d := range r.docs {
		if d.ID > f.AfterID && len(out) < f.EffectiveLimit() {
			out = append(out, d)
		}
	}
	return out, nil
}

func (r historyRecords) ListTickets(_ context.Context, f tickets.TicketFilter) ([]*tickets.Ticket, error) {
	var out []*tickets.Ticket
	for i := len(r.tickets) - 1; i >= 0; i-- { // newest first, as stores list
		t := r.tickets[i]
		if (f.AfterID == 0 || t.ID < f.AfterID) && (f.Limit == 0 || len(out) < f.Limit) {
			out = append(out, t)
		}
	}
	return out, nil
}

func (r historyRecords) GetTicket(_ context.Context, id int64) (*tickets.Ticket, error) {
	for _, t := range r.tickets {
		if t.ID == id {
			return t, nil
		}
	}
	return nil, tickets.ErrNotFound
}

// simIndex is a history indexed in memory.
type simIndex struct {
	lex      *bleve.Index
	vec      *vectors.Index
	searcher *retrieval.Searcher
}

func (x *simIndex) Close() error { return errors.Join(x.lex.Close(), x.vec.Close()) }

// indexHistory indexes the articles and solved tickets in memory with the
// desk's pipeline. The built-in embedder learns its vocabulary from the
// articles only (from the oldest tenth of the tickets when there are no
// articles), so that no later ticket shapes it. Every solved ticket is
// indexed as knowledge born when it was resolved; the time filter of each
// search hides what did not exist yet.
func indexHistory(ctx context.Context, h *history) (*simIndex, error) {
	lex, err := bleve.Open("", bleve.Options{})
	if err != nil {
		return nil, err
	}
	emb := localembed.New(localembed.DefaultConfig())
	vec, err := vectors.Open("", emb.Dimensions(), vectors.Options{})
	if err != nil {
		lex.Close()
		return nil, err
	}
	x := &simIndex{lex: lex, vec: vec}
	ix := retrieval.NewIndexer(lex, vec, emb, retrieval.ChunkOptions{})
	fit := historyRecords{docs: h.articles}
	rest := h.tickets
	if len(h.articles) == 0 {
		byTime := slices.Clone(h.tickets)
		slices.SortStableFunc(byTime, func(a, b *tickets.Ticket) int { return a.CreatedAt.Compare(b.CreatedAt) })
		n := max(1, len(byTime)/10)
		fit.tickets, rest = byTime[:n], byTime[n:]
	}
	if _, err := ix.Rebuild(ctx, fit, retrieval.NewManifest("")); err != nil {
		x.Close()
		return nil, err
	}
	for i := 0; i < len(rest); i += 500 {
		if _, err := ix.IndexTickets(ctx, rest[i:min(i+500, len(rest))]); err != nil {
			x.Close()
			return nil, err
		}
	}
	x.searcher = retrieval.NewSearcher(lex, vec, emb, retrieval.SearchOptions{})
	return x, nil
}

// readGold reads a gold file: a TSV with the header
// "ticket-id article-id answerable".
func readGold(path string) (map[string]simulation.Gold, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]simulation.Gold{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Split(strings.TrimSpace(sc.Text()), "\t")
		if line == 1 || len(fields) == 1 && fields[0] == "" {
			continue
		}
		if len(fields) != 3 {
			return nil, fmt.Errorf("%s:%d: want ticket-id, article-id and answerable separated by tabs", path, line)
		}
		out[fields[0]] = simulation.Gold{Article: fields[1], Answerable: fields[2] == "1" || fields[2] == "true"}
	}
	return out, sc.Err()
}
