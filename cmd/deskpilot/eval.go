package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"deskpilot/assistant/triage"

	"deskpilot/retrieval"
	"deskpilot/retrieval/bleve"
	"deskpilot/retrieval/localembed"
	"deskpilot/retrieval/vectors"
)

func (m *Main) runEval(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("want retrieval or triage")
	}
	switch args[0] {
	case "retrieval":
		return m.runEvalRetrieval(ctx, args[1:])
	case "triage":
		return m.runEvalTriage(ctx, args[1:])
	}
	return usagef("unknown evaluation %q: want retrieval or triage", args[0])
}

// runEvalRetrieval indexes a BEIR collection in memory with the same
// pipeline as a desk (chunking, analyzers, the built-in embedder fitted on
// the corpus) and scores the searcher on its queries.
func (m *Main) runEvalRetrieval(ctx context.Context, args []string) error {
	fs, _, parse := m.flags("eval retrieval")
	dir := fs.String("beir", "", "BEIR folder: corpus.jsonl, queries.jsonl, qrels/test.tsv")
	mode := fs.String("mode", "hybrid", "hybrid, lexical or vector")
	asJSON := fs.Bool("json", false, "print the metrics as JSON")
	if err := parse(args); err != nil {
		return err
	}
	if *dir == "" || fs.NArg() > 0 {
		return usagef("want --beir DIR")
	}
	opts := retrieval.SearchOptions{}
	switch *mode {
	case "hybrid":
	case "lexical":
		opts.VectorWeight, opts.LexicalWeight = 0, 1
	case "vector":
		opts.VectorWeight, opts.LexicalWeight = 1, 0
	default:
		return usagef("--mode %q: want hybrid, lexical or vector", *mode)
	}
	b, err := retrieval.LoadBEIR(*dir)
	if err != nil {
		return err
	}
	lex, err := bleve.Open("", bleve.Options{})
	if err != nil {
		return err
	}
	defer lex.Close()
	emb := localembed.New(localembed.DefaultConfig())
	vec, err := vectors.Open("", emb.Dimensions(), vectors.Options{})
	if err != nil {
		return err
	}
	defer vec.Close()
	if err := retrieval.IndexBEIR(ctx, b, retrieval.NewIndexer(lex, vec, emb, retrieval.ChunkOptions{})); err != nil {
		return err
	}
	var s *retrieval.Searcher
	if *mode == "lexical" {
		s = retrieval.NewSearcher(lex, nil, nil, opts)
	} else {
		s = retrieval.NewSearcher(lex, vec, emb, opts)
	}
	res, err := retrieval.RunBEIR(ctx, b, s)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, res)
	}
	fmt.Fprintf(m.Stdout, "%s on %s: %d queries\nnDCG@10 %.4f  Recall@10 %.4f  MRR@10 %.4f\nlatency p50 %.2f ms  p99 %.2f ms\n",
		*mode, *dir, res.Queries, res.NDCG10, res.Recall10, res.MRR10, res.P50ms, res.P99ms)
	return nil
}

// runEvalTriage trains the triage classifier on the oldest 80% of a ticket
// file and scores it on the newest 20%, per label the data has.
func (m *Main) runEvalTriage(ctx context.Context, args []string) error {
	fs, _, parse := m.flags("eval triage")
	path := fs.String("tickets", "", "tickets JSONL in the open format")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parse(args); err != nil {
		return err
	}
	if *path == "" || fs.NArg() > 0 {
		return usagef("want --tickets FILE")
	}
	r, err := triage.EvaluateFile(ctx, *path, triage.Options{})
	if err != nil {
		return err
	}
	if *asJSON {
		// Each label's figures at the top level, as formats.md lists them.
		out := map[string]any{"tickets": r.Tickets, "train": r.Train, "test": r.Test, "skipped": r.Skipped}
		for l, lr := range r.Labels {
			out[string(l)] = lr
		}
		return writeJSON(m.Stdout, out)
	}
	fmt.Fprintf(m.Stdout, "%d tickets: trained on the oldest %d, tested on the newest %d\n", r.Tickets, r.Train, r.Test)
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LABEL\tCLASSES\tACCURACY\tMACRO-F1\tCOVERAGE\tACCURACY ANSWERED")
	for _, l := range []triage.Label{triage.LabelCategory, triage.LabelTeam, triage.LabelPriority} {
		if lr := r.Labels[l]; lr != nil {
			fmt.Fprintf(tw, "%s\t%d\t%.4f\t%.4f\t%.4f\t%.4f\n", l, lr.Classes, lr.Accuracy, lr.MacroF1, lr.Coverage, lr.AccuracyAnswered)
		}
	}
	return tw.Flush()
}
