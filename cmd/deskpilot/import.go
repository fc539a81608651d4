package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/schollz/progressbar/v3"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
)

func (m *Main) runImport(ctx context.Context, args []string) error {
	fs, cfg, parse := m.flags("import", "max-record-bytes")
	source := fs.String("source", connectors.DefaultSource, "name of the source the records come from; ids are unique within it")
	mapping := fs.String("map", "", "CSV columns for fields: subject=Title,body=Description,...")
	strict := fs.Bool("strict", false, "import nothing if any record is bad")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	if err := parse(args); err != nil {
		return err
	}
	if fs.NArg() < 2 {
		return usagef("want articles or tickets, and at least one file or folder")
	}
	kind, paths := fs.Arg(0), fs.Args()[1:]
	fields := map[string][]string{"articles": files.ArticleFields, "tickets": files.TicketFields}[kind]
	if fields == nil {
		return usagef("unknown kind %q: want articles or tickets", kind)
	}
	m2, err := files.ParseMap(*mapping, fields)
	if err != nil {
		return usagef("%s", err)
	}
	_, total, err := files.Files(paths, kind == "articles")
	if err != nil {
		return err
	}
	log := m.logger(cfg)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()

	opts := connectors.ImportOptions{Source: *source, Strict: *strict,
		Files: files.Options{MaxRecordBytes: cfg.MaxRecordBytes, Map: m2}}
	bar := m.progress(total, "importing "+kind)
	if bar != nil {
		opts.Files.Progress = func(n int64) { _ = bar.Add64(n) }
	}
	start := time.Now()
	var sum *connectors.Summary
	if kind == "articles" {
		sum, err = connectors.ImportArticles(ctx, st, paths, opts)
	} else {
		sum, err = connectors.ImportTickets(ctx, st, paths, opts)
	}
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		return err
	}
	elapsed := time.Since(start) // the import alone; indexing is logged on its own
	log.Info("import done", "kind", kind, "added", sum.Added, "updated", sum.Updated, "unchanged", sum.Unchanged,
		"skipped", sum.Skipped, "duration_ms", elapsed.Milliseconds())
	if sum.Added+sum.Updated > 0 {
		indexAfterWrite(ctx, cfg, st, log)
	}
	if *asJSON {
		return writeJSON(m.Stdout, sum)
	}
	printSummary(m.Stdout, kind, sum, elapsed)
	return nil
}

// progress returns a byte-count progress bar on stderr when it is a
// terminal, and nil otherwise.
func (m *Main) progress(total int64, what string) *progressbar.ProgressBar {
	if !m.Interactive || total <= 0 {
		return nil
	}
	return progressbar.NewOptions64(total, progressbar.OptionSetWriter(m.Stderr), progressbar.OptionShowBytes(true),
		progressbar.OptionSetDescription(what), progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(), progressbar.OptionSetPredictTime(true))
}

func printSummary(w io.Writer, kind string, s *connectors.Summary, d time.Duration) {
	rate := ""
	if secs := d.Seconds(); secs > 0 && s.Total() > 0 {
		rate = fmt.Sprintf(", %.0f/s", float64(s.Total())/secs)
	}
	fmt.Fprintf(w, "%s: %d added, %d updated, %d unchanged, %d skipped (%s%s)\n",
		kind, s.Added, s.Updated, s.Unchanged, s.Skipped, d.Round(time.Millisecond), rate)
	const show = 20
	for i, p := range s.Errors {
		if i == show {
			fmt.Fprintf(w, "... and %d more errors (--json lists them all)\n", len(s.Errors)-show)
			break
		}
		fmt.Fprintf(w, "error: %s\n", p.Error())
	}
	for i, p := range s.Warnings {
		if i == show {
			fmt.Fprintf(w, "... and %d more warnings\n", len(s.Warnings)-show)
			break
		}
		fmt.Fprintf(w, "warning: %s\n", p.Error())
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// indexAfterWrite brings the search indexes up to date after records were
// written. The records are safe either way: when the indexes cannot be
// opened (a running server holds them), that server or the next start
// indexes what changed, so this only warns.
func indexAfterWrite(ctx context.Context, cfg *Config, st store, log *slog.Logger) {
	kn, err := openKnowledgeWith(ctx, cfg, st, log, knowledgeOptions{lockWait: cliLockWait})
	if err != nil {
		log.Warn("records saved; search index not updated now (a running server or the next start will do it)", "error", err)
		return
	}
	if err := kn.Close(); err != nil {
		log.Warn("closing the search index", "error", err)
	}
}
