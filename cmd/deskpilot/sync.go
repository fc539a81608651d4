package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"deskpilot/connectors"
)

// syncReport is what sync and sync --status print of a source.
type syncReport struct {
	Type string `json:"type,omitempty"`
	*connectors.SyncState
	// Stale is true when the state says running but its holder stopped
	// renewing its claim: it died, and the next sync resumes its work.
	Stale bool `json:"stale"`
	// Busy is true when this sync left the source alone: another process
	// is syncing it.
	Busy bool `json:"busy,omitempty"`
}

// configuredSource is a connector of the configuration file, built.
type configuredSource struct {
	entry *connectorEntry
	src   connectors.Source
}

func (m *Main) runSync(ctx context.Context, args []string) error {
	fs, cfg, parse := m.flags("sync", "config", "max-record-bytes")
	asJSON := fs.Bool("json", false, "print the sources' states as JSON")
	status := fs.Bool("status", false, "print where each source stands, without syncing")
	reset := fs.Bool("reset", false, "sync from the beginning, as if for the first time (records are kept)")
	if err := parse(args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usagef("at most one connector name")
	}
	if *status && *reset {
		return usagef("--status and --reset do not go together")
	}
	file, err := loadConfigFile(cfg, m.Getenv)
	if err != nil {
		return err
	}
	entries, err := pickConnectors(file, fs.Arg(0))
	if err != nil {
		return err
	}
	if len(entries) == 0 && !*status {
		return errors.New("no connectors configured: list them in deskpilot.yaml (or the file --config or DESKPILOT_CONFIG names)")
	}
	log := m.logger(cfg)
	if *status { // needs no credentials: nothing is built
		st, err := openStore(ctx, cfg, log)
		if err != nil {
			return err
		}
		defer st.Close()
		return m.printSyncStatus(ctx, st, entries, *asJSON)
	}
	line := m.progressLine()
	if line != nil {
		log = slog.New(progressHandler{log.Handler(), line})
	}
	// Every source is built before any syncs: a mistake in the file fails
	// the command before it writes anything.
	env := sourceEnv{client: connectors.ClientOptions{Log: log, UserAgent: "deskpilot/" + version, Clock: m.clock()}, maxRecordBytes: cfg.MaxRecordBytes}
	env.dir = filepath.Dir(file.Path)
	var sources []configuredSource
	for _, e := range entries {
		src, err := e.Settings.source(e.Name, env)
		if err != nil {
			return fmt.Errorf("%s: %w", e.where(file.Path), err)
		}
		sources = append(sources, configuredSource{e, src})
	}
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	reports, failed, wrote := m.syncAll(ctx, st, sources, *reset, log, line)
	if wrote {
		indexAfterWrite(ctx, cfg, st, log)
	}
	if *asJSON {
		if err := writeJSON(m.Stdout, map[string]any{"sources": reports}); err != nil {
			return err
		}
	} else {
		printSyncReports(m.Stdout, reports)
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d sources failed: %s", len(failed), len(sources), strings.Join(failed, ", "))
	}
	return nil
}

// pickConnectors returns the connectors of the file, or the one named.
func pickConnectors(file *configFile, name string) ([]*connectorEntry, error) {
	var all []*connectorEntry
	if file != nil {
		all = file.Connectors
	}
	if name == "" {
		return all, nil
	}
	var names []string
	for _, e := range all {
		if e.Name == name {
			return []*connectorEntry{e}, nil
		}
		names = append(names, e.Name)
	}
	if len(names) == 0 {
		return nil, usagef("unknown connector %q: no connectors configured (deskpilot.yaml, --config or DESKPILOT_CONFIG)", name)
	}
	return nil, usagef("unknown connector %q: the configuration has %s", name, strings.Join(names, ", "))
}

// syncAll syncs the sources one after the other. It returns their
// reports, the names of those that failed, and whether any record was
// written or deleted.
func (m *Main) syncAll(ctx context.Context, st store, sources []configuredSource, reset bool, log *slog.Logger, line *progressLine) ([]syncReport, []string, bool) {
	reports := []syncReport{}
	var failed []string
	wrote := false
	for _, cs := range sources {
		name := cs.entry.Name
		if ctx.Err() != nil {
			failed = append(failed, name+" (not started: interrupted)")
			continue
		}
		syncer := connectors.NewSyncer(st, st, connectors.SyncOptions{Log: log, ReconcileEvery: cs.entry.ReconcileEvery,
			Progress: line.update})
		var state *connectors.SyncState
		var err error
		if reset {
			err = syncer.Reset(ctx, name)
		}
		if err == nil {
			state, err = syncer.Sync(ctx, cs.src)
		}
		line.clear()
		r := syncReport{Type: cs.entry.Type, SyncState: state}
		switch {
		case errors.Is(err, connectors.ErrBusy):
			r.Busy = true
			if cur, gerr := st.GetSyncState(ctx, name); gerr == nil {
				r.SyncState = cur
			}
			fmt.Fprintf(m.Stderr, "deskpilot sync: %s: already running elsewhere; left to it\n", name)
		case err != nil:
			failed = append(failed, name)
			if state == nil { // the state could not even be read
				r.SyncState = &connectors.SyncState{Source: name, Status: connectors.StatusFailed, LastError: err.Error()}
			}
		}
		if r.SyncState == nil {
			r.SyncState = &connectors.SyncState{Source: name, Status: connectors.StatusIdle}
		}
		r.Stale = r.SyncState.Stale(time.Now())
		if c := r.SyncState.Counts; !r.Busy && c.Added+c.Updated+c.Deleted > 0 {
			wrote = true
		}
		reports = append(reports, r)
	}
	return reports, failed, wrote
}

// printSyncReports writes a line per source, with its first problems.
func printSyncReports(w io.Writer, reports []syncReport) {
	for _, r := range reports {
		s, c := r.SyncState, r.SyncState.Counts
		switch {
		case r.Busy:
			fmt.Fprintf(w, "%s: already running elsewhere\n", s.Source)
			continue
		case s.Status == connectors.StatusOK || s.Status == connectors.StatusFailed || s.Status == connectors.StatusInterrupted:
			fmt.Fprintf(w, "%s: %s: %d added, %d updated, %d unchanged, %d deleted, %d skipped (%d pages, %s)\n",
				s.Source, s.Status, c.Added, c.Updated, c.Unchanged, c.Deleted, c.Skipped, c.Pages,
				s.FinishedAt.Sub(s.StartedAt).Round(time.Millisecond))
		default:
			fmt.Fprintf(w, "%s: %s\n", s.Source, s.Status)
		}
		if s.LastError != "" {
			fmt.Fprintf(w, "  error: %s\n", oneLine(s.LastError))
		}
		const show = 10
		for i, p := range s.Problems {
			if i == show {
				fmt.Fprintf(w, "  ... and %d more problems (--json lists them)\n", len(s.Problems)-show)
				break
			}
			fmt.Fprintf(w, "  problem: %s\n", oneLine(p.Error()))
		}
	}
}

// printSyncStatus prints where each source stands: the configured ones,
// or, without a configuration, every source the store knows.
func (m *Main) printSyncStatus(ctx context.Context, st store, entries []*connectorEntry, asJSON bool) error {
	reports := []syncReport{}
	if len(entries) == 0 {
		states, err := st.ListSyncStates(ctx)
		if err != nil {
			return err
		}
		for _, s := range states {
			reports = append(reports, syncReport{SyncState: s})
		}
	}
	for _, e := range entries {
		s, err := st.GetSyncState(ctx, e.Name)
		if errors.Is(err, connectors.ErrNotFound) {
			s, err = &connectors.SyncState{Source: e.Name, Status: connectors.StatusIdle}, nil
		}
		if err != nil {
			return err
		}
		reports = append(reports, syncReport{Type: e.Type, SyncState: s})
	}
	now := time.Now()
	for i := range reports {
		reports[i].Stale = reports[i].SyncState.Stale(now)
	}
	if asJSON {
		return writeJSON(m.Stdout, map[string]any{"sources": reports})
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tTYPE\tSTATUS\tADDED\tUPDATED\tUNCHANGED\tDELETED\tSKIPPED\tLAST SUCCESS\tLAST ERROR")
	for _, r := range reports {
		s, c := r.SyncState, r.SyncState.Counts
		status := string(s.Status)
		if r.Stale {
			status += " (stale: its process stopped; the next sync resumes it)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", s.Source, dash(r.Type), status, c.Added, c.Updated,
			c.Unchanged, c.Deleted, c.Skipped, dash(formatTime(s.LastSuccessAt)), dash(clip(oneLine(s.LastError), 80)))
	}
	return tw.Flush()
}

// progressLine is a line on stderr, when it is a terminal, that counts
// what a sync did so far; nil otherwise (its methods then do nothing).
type progressLine struct {
	w     io.Writer
	mu    sync.Mutex
	drawn bool
}

func (m *Main) progressLine() *progressLine {
	if !m.Interactive {
		return nil
	}
	return &progressLine{w: m.Stderr}
}

func (l *progressLine) update(p connectors.Progress) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	c := p.Counts
	fmt.Fprintf(l.w, "\r\033[Ksyncing %s %s: page %d, %d added, %d updated, %d unchanged, %d deleted",
		p.Source, p.Kind, p.Pages, c.Added, c.Updated, c.Unchanged, c.Deleted)
	l.drawn = true
}

func (l *progressLine) clear() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.drawn {
		fmt.Fprint(l.w, "\r\033[K")
		l.drawn = false
	}
}

// progressHandler clears the progress line before a log record, so that
// the two do not run into each other; the next page draws it again.
type progressHandler struct {
	slog.Handler
	line *progressLine
}

func (h progressHandler) Handle(ctx context.Context, r slog.Record) error {
	h.line.clear()
	return h.Handler.Handle(ctx, r)
}

func (h progressHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return progressHandler{h.Handler.WithAttrs(attrs), h.line}
}

func (h progressHandler) WithGroup(name string) slog.Handler {
	return progressHandler{h.Handler.WithGroup(name), h.line}
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// clip shortens s to about n bytes for a table's column, keeping its
// start (what failed) and its end: the root cause, which a wrapped error
// names last ("...: connect: connection refused").
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	head, tail := n/3, len(s)-(n-n/3)
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	for tail < len(s) && !utf8.RuneStart(s[tail]) {
		tail++
	}
	return s[:head] + "..." + s[tail:]
}
