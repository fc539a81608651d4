package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"deskpilot/connectors"
	"deskpilot/demo"
	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// benchReport is what `deskpilot bench retrieval` measures.
type benchReport struct {
	Store          string  `json:"store"`
	Records        int     `json:"records"`
	Chunks         int     `json:"chunks"`
	ImportPerSec   float64 `json:"import_records_per_s"`
	IndexSeconds   float64 `json:"index_s"`
	IndexPerSec    float64 `json:"index_chunks_per_s"`
	Queries        int     `json:"queries"`
	AgentP50ms     float64 `json:"hybrid_p50_ms"`
	AgentP99ms     float64 `json:"hybrid_p99_ms"`
	RequesterP50ms float64 `json:"hybrid_public_p50_ms"`
	RequesterP99ms float64 `json:"hybrid_public_p99_ms"`
	// ShortP50ms and ShortP99ms time chat-length queries (a subject
	// alone); the figures above time whole questions (subject and body).
	ShortP50ms float64 `json:"hybrid_short_p50_ms"`
	ShortP99ms float64 `json:"hybrid_short_p99_ms"`
	PlainP50ms float64 `json:"plain_pg_p50_ms,omitempty"`
	PlainP99ms float64 `json:"plain_pg_p99_ms,omitempty"`
	RSSMB      float64 `json:"rss_mb"`
	PeakRSSMB  float64 `json:"peak_rss_mb"`
}

// runBench builds a desk of the demo generator scaled to --chunks, indexes
// it and times searches: the scale benchmark of the retrieval issue.
func (m *Main) runBench(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "ask" {
		return m.runBenchAsk(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "soak" {
		return m.runBenchSoak(ctx, args[1:])
	}
	if len(args) == 0 || args[0] != "retrieval" {
		return usagef("want retrieval, ask or soak")
	}
	fs, cfg, parse := m.flags("bench retrieval")
	chunks := fs.Int("chunks", 100_000, "about how many chunks the desk should have")
	queries := fs.Int("queries", 1000, "how many searches to time")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parse(args[1:]); err != nil {
		return err
	}
	if *chunks < 1000 || *queries < 10 || fs.NArg() > 0 {
		return usagef("want --chunks >= 1000 and --queries >= 10")
	}
	if !fs.Changed("data") && cfg.DatabaseURL == "" {
		dir, err := os.MkdirTemp("", "deskpilot-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.DataDir = dir
	}
	r, err := m.bench(ctx, cfg, *chunks, *queries)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, r)
	}
	fmt.Fprintf(m.Stdout, "%s: %d records, %d chunks\nimport %.0f records/s; index %.0f chunks/s (%.1f s)\n"+
		"hybrid search, %d whole questions: p50 %.2f ms, p99 %.2f ms (requester view: p50 %.2f ms, p99 %.2f ms)\n"+
		"hybrid search, subjects only: p50 %.2f ms, p99 %.2f ms\n",
		r.Store, r.Records, r.Chunks, r.ImportPerSec, r.IndexPerSec, r.IndexSeconds, r.Queries, r.AgentP50ms, r.AgentP99ms,
		r.RequesterP50ms, r.RequesterP99ms, r.ShortP50ms, r.ShortP99ms)
	if r.PlainP50ms > 0 {
		fmt.Fprintf(m.Stdout, "plain PostgreSQL ts_rank_cd + pgvector: p50 %.2f ms, p99 %.2f ms\n", r.PlainP50ms, r.PlainP99ms)
	}
	fmt.Fprintf(m.Stdout, "resident memory %.0f MB (peak %.0f MB)\n", r.RSSMB, r.PeakRSSMB)
	return nil
}

// scaledDesk sizes the demo generator for about n chunks: articles give
// about 2.4 chunks each, solved tickets one.
func scaledDesk(n int) *demo.Desk {
	opts := demo.DefaultOptions()
	opts.ArticleScale = max(1, n/10/426)
	opts.Tickets = max(1000, int(float64(n-426*opts.ArticleScale)/0.99))
	return demo.Generate(opts)
}

func (m *Main) bench(ctx context.Context, cfg *Config, nChunks, nQueries int) (*benchReport, error) {
	log := m.logger(cfg)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if n, err := st.CountTickets(ctx, tickets.TicketFilter{}); err != nil || n > 0 {
		return nil, fmt.Errorf("bench needs an empty desk (this one has %d tickets, %v)", n, err)
	}
	desk := scaledDesk(nChunks)
	r := &benchReport{Store: "embedded (SQLite, bleve, vectors)", Records: len(desk.Articles) + len(desk.Tickets)}
	if _, ok := st.(pgStore); ok {
		r.Store = "PostgreSQL (records and pgvector), bleve"
	}
	start := time.Now()
	if _, err := connectors.ImportArticleRecords(ctx, st, desk.Articles, connectors.ImportOptions{Source: demoSource}); err != nil {
		return nil, err
	}
	if _, err := connectors.ImportTicketRecords(ctx, st, desk.Tickets, connectors.ImportOptions{Source: demoSource}); err != nil {
		return nil, err
	}
	r.ImportPerSec = float64(r.Records) / time.Since(start).Seconds()
	start = time.Now()
	kn, err := openKnowledge(ctx, cfg, st, log, true)
	if err != nil {
		return nil, err
	}
	defer kn.Close()
	r.IndexSeconds = time.Since(start).Seconds()
	if r.Chunks, err = kn.lex.Count(ctx); err != nil {
		return nil, err
	}
	r.IndexPerSec = float64(r.Chunks) / r.IndexSeconds
	qs, short := benchQueries(desk, nQueries)
	r.Queries = len(qs)
	agent, err := timeSearches(ctx, kn, qs, retrieval.Filter{})
	if err != nil {
		return nil, err
	}
	public, err := timeSearches(ctx, kn, qs, retrieval.Filter{Kinds: []retrieval.Kind{retrieval.KindArticle}, Visibility: []retrieval.Visibility{retrieval.Public}})
	if err != nil {
		return nil, err
	}
	r.AgentP50ms, r.AgentP99ms = retrieval.PercentileMS(agent, 0.5), retrieval.PercentileMS(agent, 0.99)
	r.RequesterP50ms, r.RequesterP99ms = retrieval.PercentileMS(public, 0.5), retrieval.PercentileMS(public, 0.99)
	brief, err := timeSearches(ctx, kn, short, retrieval.Filter{})
	if err != nil {
		return nil, err
	}
	r.ShortP50ms, r.ShortP99ms = retrieval.PercentileMS(brief, 0.5), retrieval.PercentileMS(brief, 0.99)
	if pg, ok := st.(pgStore); ok {
		plain, err := timePlain(ctx, pg, kn, qs)
		if err != nil {
			return nil, err
		}
		r.PlainP50ms, r.PlainP99ms = retrieval.PercentileMS(plain, 0.5), retrieval.PercentileMS(plain, 0.99)
	}
	r.RSSMB, r.PeakRSSMB = procMemMB("VmRSS:"), procMemMB("VmHWM:")
	return r, nil
}

// benchQueries takes the questions (subject and first message) of tickets
// spread over the history, and their subjects alone as chat-length queries.
func benchQueries(desk *demo.Desk, n int) (questions, subjects []string) {
	step := max(1, len(desk.Tickets)/n)
	for i := 0; i < len(desk.Tickets) && len(questions) < n; i += step {
		t := desk.Tickets[i]
		q := t.Subject
		if len(t.Messages) > 0 {
			q += "\n" + t.Messages[0].Body
		}
		questions, subjects = append(questions, q), append(subjects, t.Subject)
	}
	return questions, subjects
}

// timeSearches runs each query once after a short warm-up and returns the
// durations as a user would wait for them (embedding the query included).
func timeSearches(ctx context.Context, kn *knowledge, qs []string, f retrieval.Filter) ([]time.Duration, error) {
	for _, q := range qs[:min(20, len(qs))] {
		if _, err := kn.searcher.SearchDocuments(ctx, retrieval.Query{Text: q, K: 10, Filter: f}); err != nil {
			return nil, err
		}
	}
	out := make([]time.Duration, 0, len(qs))
	for _, q := range qs {
		start := time.Now()
		if _, err := kn.searcher.SearchDocuments(ctx, retrieval.Query{Text: q, K: 10, Filter: f}); err != nil {
			return nil, err
		}
		out = append(out, time.Since(start))
	}
	return out, nil
}

// timePlain times the plain PostgreSQL hybrid query over the same chunks
// and query embeddings.
func timePlain(ctx context.Context, pg pgStore, kn *knowledge, qs []string) ([]time.Duration, error) {
	if err := pg.EnsureFullTextIndex(ctx); err != nil {
		return nil, err
	}
	out := make([]time.Duration, 0, len(qs))
	for i, q := range qs {
		start := time.Now()
		vs, err := kn.emb.Embed(ctx, []string{q})
		if err != nil {
			return nil, err
		}
		if _, err := pg.PlainHybridSearch(ctx, q, vs[0], 50, 10); err != nil {
			return nil, err
		}
		if i >= 20 || len(qs) <= 20 { // the first ones warm up
			out = append(out, time.Since(start))
		}
	}
	return out, nil
}

// procMemMB reads a memory figure of this process from /proc (Linux); 0
// elsewhere.
func procMemMB(field string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
