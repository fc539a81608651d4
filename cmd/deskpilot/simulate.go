package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/schollz/progressbar/v3"

	"deskpilot/assistant"
	"deskpilot/connectors/files"
	"deskpilot/simulation"
)

// simRun is run.json: what a run's output folder holds results of, so
// that a resumed run never mixes in results of another.
type simRun struct {
	Fingerprint string    `json:"fingerprint"`
	Started     time.Time `json:"started"`
}

// simProgress is progress.json, rewritten while a run goes on.
type simProgress struct {
	Done    int       `json:"done"`
	Total   int       `json:"total"`
	Started time.Time `json:"started"`
	Updated time.Time `json:"updated"`
}

func (m *Main) runSimulate(ctx context.Context, args []string) error {
	fs, cfg, parse := m.flags("simulate", "llm")
	ticketPath := fs.String("tickets", "", "historic tickets (JSONL or CSV in the open format)")
	articlePath := fs.String("articles", "", "the knowledge base of that time (JSONL, CSV or a folder)")
	out := fs.String("out", "", "folder for report.json, tickets.csv, report.html and the checkpoint")
	goldPath := fs.String("gold", "", "optional TSV of true answers (ticket-id, article-id, answerable) to validate the judge")
	target := fs.Float64("target-precision", 0.9, "precision the recommended policy aims for")
	minutes := fs.Float64("minutes-per-ticket", 8, "agent minutes an automatic resolution saves")
	conc := fs.Int("concurrency", 4, "tickets answered at once")
	judge := fs.String("judge", "offline", "offline, or llm (needs the LLM)")
	apply := fs.Bool("apply-policy", false, "store the recommended rollout policy as the live policy")
	restart := fs.Bool("restart", false, "discard the results of an earlier run in --out")
	asJSON := fs.Bool("json", false, "print report.json")
	mapping := fs.String("map", "", "CSV columns of the ticket file: subject=Title,body=Description,...")
	if err := parse(args); err != nil {
		return err
	}
	colMap, err := files.ParseMap(*mapping, files.TicketFields)
	if err != nil {
		return usagef("--map: %s", err)
	}
	switch {
	case *ticketPath == "" || *out == "" || fs.NArg() > 0:
		return usagef("want --tickets FILE and --out DIR")
	case *target <= 0 || *target > 1:
		return usagef("--target-precision %v: want more than 0, at most 1", *target)
	case *conc < 1 || *conc > 64:
		return usagef("--concurrency %d: want 1 to 64", *conc)
	case *judge != "offline" && *judge != "llm":
		return usagef("--judge %q: want offline or llm", *judge)
	case *judge == "llm" && !cfg.useLLM():
		return usagef("--judge llm needs an LLM (OPENAI_BASE_URL or OPENAI_API_KEY)")
	}
	log := m.logger(cfg)
	h, err := loadHistory(ctx, *ticketPath, *articlePath, colMap)
	if err != nil {
		return err
	}
	if h.skipped > 0 {
		log.Warn("records skipped: they could not be read (deskpilot import reports why)", "count", h.skipped)
	}
	opts := simulation.Options{TargetPrecision: *target, MinutesPerTicket: *minutes, Concurrency: *conc}
	if *goldPath != "" {
		if opts.Gold, err = readGold(*goldPath); err != nil {
			return err
		}
	}
	finger, err := fingerprint(*ticketPath, *articlePath, cfg, *judge)
	if err != nil {
		return err
	}
	start := time.Now()
	x, err := indexHistory(ctx, h)
	if err != nil {
		return err
	}
	defer x.Close()
	log.Info("history indexed", "articles", len(h.articles), "tickets", len(h.tickets), "duration_ms", time.Since(start).Milliseconds())
	opts.Assistant = assistant.Config{Searcher: x.searcher,
		Prices: assistant.Prices{PromptPerMillion: cfg.PromptPrice, CompletionPerMillion: cfg.CompletionPrice}, Logger: log}
	meta := simulation.Meta{Title: filepath.Base(*ticketPath), Started: start, Drafter: "extractive", Judge: *judge}
	if cfg.useLLM() {
		chat, err := newChat(cfg, log, nil)
		if err != nil {
			return err
		}
		opts.Assistant.Chat, opts.Assistant.SelfCheck, meta.Drafter = chat, true, "LLM "+cfg.ChatModel
		if *judge == "llm" {
			opts.Judge = &simulation.LLMJudge{Chat: chat, Prices: opts.Assistant.Prices}
		}
	}
	opts.Progress = m.simProgress(*out, len(h.tickets), start)
	var results []simulation.Result
	if cfg.DatabaseURL != "" {
		results, err = m.simulateShared(ctx, cfg, h, opts, finger, *restart)
	} else {
		results, err = simulateLocal(ctx, h, opts, *out, finger, *restart)
	}
	if err != nil {
		return err
	}
	rep, decided := simulation.BuildReport(results, opts)
	meta.Finished = time.Now()
	if err := simulation.WriteAll(*out, rep, decided, meta); err != nil {
		return err
	}
	if *apply {
		if err := m.applyPolicy(ctx, cfg, rep.Recommendation.Policy); err != nil {
			return err
		}
	}
	if *asJSON {
		return writeJSON(m.Stdout, rep)
	}
	printSimulation(m.Stdout, rep, *out, time.Since(start))
	return nil
}

// simulateLocal runs the replay in this process, checkpointing each
// result into out so that an interrupted run resumes.
func simulateLocal(ctx context.Context, h *history, opts simulation.Options, out, finger string, restart bool) ([]simulation.Result, error) {
	ck, err := openRun(out, finger, restart)
	if err != nil {
		return nil, err
	}
	defer ck.Close()
	opts.Done, opts.OnResult = ck.done, ck.Add
	results, err := simulation.Run(ctx, h.tickets, opts)
	if err != nil && ctx.Err() != nil {
		return nil, fmt.Errorf("simulation interrupted: run the same command again to resume (%d tickets done)", len(ck.done)+ck.added)
	}
	return results, err
}

// simulateShared takes part in the run of these inputs in PostgreSQL:
// every process started with the same files claims batches of tickets
// until none is left, and each ends with the whole run's report.
func (m *Main) simulateShared(ctx context.Context, cfg *Config, h *history, opts simulation.Options, finger string, restart bool) ([]simulation.Result, error) {
	st, err := openStore(ctx, cfg, m.logger(cfg))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	q, ok := st.(simulation.Queue)
	if !ok {
		return nil, errors.New("this store cannot share a simulation run")
	}
	if restart {
		if err := q.Discard(ctx, finger); err != nil {
			return nil, err
		}
	}
	results, err := simulation.RunShared(ctx, h.tickets, opts, simulation.Shared{Queue: q, Run: finger, Owner: processOwner()})
	if err != nil && ctx.Err() != nil {
		return nil, errors.New("simulation interrupted: run the same command again to resume; the results so far are kept in PostgreSQL")
	}
	return results, err
}

// processOwner names this process among those sharing a database: its
// host, its pid, and its start, for two in one process (tests) to differ.
func processOwner() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d:%d", host, os.Getpid(), time.Now().UnixNano())
}

// fingerprint identifies a run by the content of its inputs and its
// settings, so that processes on several machines with copies of the
// same files take part in the same run.
func fingerprint(ticketPath, articlePath string, cfg *Config, judge string) (string, error) {
	h := sha256.New()
	for _, p := range []string{ticketPath, articlePath} {
		if p == "" {
			fmt.Fprint(h, "-|")
			continue
		}
		if err := hashPath(h, p); err != nil {
			return "", err
		}
	}
	fmt.Fprintf(h, "llm=%v|%s|judge=%s", cfg.useLLM(), cfg.ChatModel, judge)
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// hashPath adds a file's content, or a folder's files', to h.
func hashPath(h io.Writer, p string) error {
	return filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		fmt.Fprintf(h, "%s|", filepath.Base(path))
		_, err = io.Copy(h, f)
		return err
	})
}

// simCheckpoint is a run's checkpoint with what it already holds.
type simCheckpoint struct {
	*simulation.Checkpoint
	done  map[string]simulation.Result
	added int
}

func (c *simCheckpoint) Add(r simulation.Result) error {
	c.added++
	return c.Checkpoint.Add(r)
}

// openRun opens the checkpoint of out, refusing one made by another run
// unless told to start over.
func openRun(out, finger string, restart bool) (*simCheckpoint, error) {
	if err := os.MkdirAll(out, 0o750); err != nil {
		return nil, err
	}
	runPath := filepath.Join(out, "run.json")
	var prev simRun
	b, err := os.ReadFile(runPath)
	switch {
	case err == nil && json.Unmarshal(b, &prev) == nil && prev.Fingerprint != finger && !restart:
		return nil, fmt.Errorf("%s holds the results of another run (other files or settings): use --restart to discard them, or another --out", out)
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return nil, err
	}
	if restart || prev.Fingerprint != finger {
		if err := os.Remove(filepath.Join(out, simulation.ResultsFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		b, _ := json.Marshal(simRun{Fingerprint: finger, Started: time.Now().UTC()}) // plain data
		if err := os.WriteFile(runPath, b, 0o640); err != nil {
			return nil, err
		}
	}
	ck, done, err := simulation.OpenCheckpoint(out)
	if err != nil {
		return nil, err
	}
	return &simCheckpoint{Checkpoint: ck, done: done}, nil
}

// simProgress reports progress on a terminal bar and in progress.json,
// which the admin page and scripts can read while the run goes on.
func (m *Main) simProgress(out string, total int, start time.Time) func(done, total int) {
	var bar *progressbar.ProgressBar
	if m.Interactive {
		bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(m.Stderr), progressbar.OptionSetDescription("simulate"),
			progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("tickets"),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish(), progressbar.OptionSetPredictTime(true))
	}
	last := time.Time{}
	path := filepath.Join(out, "progress.json")
	return func(done, total int) {
		if bar != nil {
			_ = bar.Set(done)
		}
		if now := time.Now(); now.Sub(last) >= time.Second || done == total {
			last = now
			b, _ := json.Marshal(simProgress{Done: done, Total: total, Started: start.UTC(), Updated: now.UTC()}) // plain data
			_ = os.WriteFile(path, b, 0o640)                                                                      // best effort: the results file is the record
		}
	}
}

// applyPolicy stores the recommended policy: the default rule and the
// rules of categories the live taxonomy has.
func (m *Main) applyPolicy(ctx context.Context, cfg *Config, p assistant.Policy) error {
	st, err := openStore(ctx, cfg, m.logger(cfg))
	if err != nil {
		return err
	}
	defer st.Close()
	cats, err := st.ListCategories(ctx)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, c := range cats {
		known[c.Path] = true
	}
	if err := st.SetRule(ctx, "", p.Default); err != nil {
		return err
	}
	skipped := 0
	for _, c := range slices.Sorted(maps.Keys(p.Categories)) {
		if !known[c] {
			skipped++
			continue
		}
		if err := st.SetRule(ctx, c, p.Categories[c]); err != nil {
			return err
		}
	}
	fmt.Fprintf(m.Stderr, "policy applied: default %s at %.2f, %d category rules (%d skipped: not in the live taxonomy)\n",
		p.Default.Mode, p.Default.Threshold, len(p.Categories)-skipped, skipped)
	return nil
}

func printSimulation(w io.Writer, r *simulation.Report, out string, d time.Duration) {
	fmt.Fprintf(w, "%d tickets replayed in %s; leaks %d\n", r.Tickets, d.Round(time.Millisecond), r.Leaks)
	fmt.Fprintf(w, "automation rate %.1f%% (95%% CI %.1f%% to %.1f%%), precision of automatic answers %.1f%% (%d of %d)\n",
		100*r.AutomationRate, 100*r.AutomationRateCI[0], 100*r.AutomationRateCI[1], 100*r.AutomatedPrecision, r.Resolved, r.Automated)
	fmt.Fprintf(w, "suggested %d, handed off %d; agent hours saved %.1f; LLM cost $%.2f\n", r.Suggested, r.HandedOff, r.HoursSaved, r.LLMCostUSD)
	if r.Judge != nil {
		fmt.Fprintf(w, "judge agreement with gold %.1f%% over %d tickets; true automation rate %.1f%%, true precision %.1f%%\n",
			100*r.Judge.Agreement, r.Judge.Tickets, 100*r.Judge.TrueAutomationRate, 100*r.Judge.TruePrecision)
	}
	fmt.Fprintf(w, "recommended: default %s at %.2f (%d category rules)\n", r.Recommendation.Policy.Default.Mode,
		r.Recommendation.Policy.Default.Threshold, len(r.Recommendation.Policy.Categories))
	fmt.Fprintf(w, "report: %s\n", filepath.Join(out, simulation.ReportHTML))
}
