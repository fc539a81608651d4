package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"deskpilot/retrieval"
)

// cliLockWait is how long a command waits for indexes another process
// holds before saying so.
const cliLockWait = 2 * time.Second

// searchHit is one line of `search --json`: ids as imported.
type searchHit struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"`
	Title    string   `json:"title"`
	Score    float64  `json:"score"`
	Source   string   `json:"source"`
	Why      string   `json:"why"`
	URL      string   `json:"url,omitempty"`
	Heading  []string `json:"heading,omitempty"`
	Snippet  string   `json:"snippet"`
	Language string   `json:"language,omitempty"`
	Lexical  int      `json:"lexical_rank,omitempty"`
	Vector   int      `json:"vector_rank,omitempty"`
}

func (m *Main) runSearch(ctx context.Context, args []string) error {
	fs, cfg, parse := m.flags("search")
	k := fs.Int("k", 10, "how many hits")
	asJSON := fs.Bool("json", false, "print {\"hits\": [...]} as JSON")
	kind := fs.String("kind", "", "article or ticket (default both)")
	vis := fs.String("visibility", "", "public to see what a requester may see (default all)")
	lang := fs.String("language", "", "only chunks in this language")
	source := fs.String("source", "", "only this source")
	asOf := fs.String("as-of", "", "only what existed before this RFC 3339 time")
	if err := parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("want a query")
	}
	if *k <= 0 || *k > 1000 {
		return usagef("--k %d: want 1 to 1000", *k)
	}
	f, err := searchFilter(*kind, *vis, *lang, *source, *asOf)
	if err != nil {
		return usagef("%s", err)
	}
	log := m.logger(cfg)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	kn, err := openKnowledgeWith(ctx, cfg, st, log, knowledgeOptions{lockWait: cliLockWait})
	if err != nil {
		return err
	}
	defer kn.Close()
	start := time.Now()
	hits, err := kn.searcher.SearchDocuments(ctx, retrieval.Query{Text: strings.Join(fs.Args(), " "), K: *k, Filter: f})
	if err != nil {
		return err
	}
	out := make([]searchHit, len(hits))
	for i, h := range hits {
		out[i] = toSearchHit(h.Hit)
	}
	if *asJSON {
		return writeJSON(m.Stdout, map[string]any{"hits": out})
	}
	printHits(m.Stdout, out, time.Since(start))
	return nil
}

// searchFilter builds a filter from the command's flags.
func searchFilter(kind, vis, lang, source, asOf string) (retrieval.Filter, error) {
	var f retrieval.Filter
	switch retrieval.Kind(kind) {
	case "":
	case retrieval.KindArticle, retrieval.KindTicket:
		f.Kinds = []retrieval.Kind{retrieval.Kind(kind)}
	default:
		return f, fmt.Errorf("--kind %q: want article or ticket", kind)
	}
	if vis != "" {
		v := retrieval.Visibility(vis)
		if !v.Valid() {
			return f, fmt.Errorf("--visibility %q: want public or internal", vis)
		}
		f.Visibility = []retrieval.Visibility{v}
	}
	if lang != "" {
		f.Languages = []string{lang}
	}
	if source != "" {
		f.Sources = []string{source}
	}
	if asOf != "" {
		t, err := time.Parse(time.RFC3339, asOf)
		if err != nil {
			return f, fmt.Errorf("--as-of %q: want an RFC 3339 time", asOf)
		}
		f.AsOf = t
	}
	return f, nil
}

func toSearchHit(h retrieval.Hit) searchHit {
	c := h.Chunk
	return searchHit{ID: c.ExternalID, Kind: string(c.Kind), Title: c.Title(), Score: h.Score, Source: c.Source,
		Why: h.Why(), URL: c.URL, Heading: c.Heading, Snippet: snippet(c.Text, 200), Language: c.Language,
		Lexical: h.LexicalRank, Vector: h.VectorRank}
}

// snippet is the start of a chunk's text on one line.
func snippet(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func printHits(w io.Writer, hits []searchHit, d time.Duration) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tSCORE\tKIND\tID\tFOUND BY\tTITLE")
	for i, h := range hits {
		fmt.Fprintf(tw, "%d\t%.4f\t%s\t%s\t%s\t%s\n", i+1, h.Score, h.Kind, h.ID, h.Why, snippet(h.Title, 70))
	}
	tw.Flush()
	fmt.Fprintf(w, "%d hits in %s\n", len(hits), d.Round(time.Microsecond))
}

func (m *Main) runReindex(ctx context.Context, args []string) error {
	fs, cfg, parse := m.flags("reindex")
	if err := parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("no arguments expected")
	}
	log := m.logger(cfg)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	kn, err := openKnowledgeWith(ctx, cfg, st, log, knowledgeOptions{rebuild: true, lockWait: cliLockWait})
	if err != nil {
		return err
	}
	defer kn.Close()
	n, err := kn.lex.Count(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "reindexed %d records into %d chunks in %s (embedder %s)\n",
		len(kn.manifest.Versions), n, time.Since(start).Round(time.Millisecond), kn.emb.Model())
	return nil
}
