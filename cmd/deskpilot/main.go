// Command deskpilot is the AI-assisted IT service desk: one binary that
// serves the desk, imports knowledge and ticket history, and runs the
// evaluations. Run `deskpilot help` for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"deskpilot/connectors"
	"deskpilot/web"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		Interactive: term.IsTerminal(int(os.Stderr.Fd()))}
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// Main is the program, with its outside world as fields so that tests can
// run it in-process.
type Main struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Interactive is true when stderr is a terminal: progress bars are drawn
	// only then.
	Interactive bool
	// Listening, when set, is called with the address serve listens on, once
	// it accepts connections (tests listen on 127.0.0.1:0).
	Listening func(addr string)
	// Clock is the time of the waits that tests fast-forward: the
	// connectors' backoffs, and the retries and circuit breakers' cool-downs
	// of the LLM and the OpenAI embedder in serve. Nil is the system clock.
	Clock connectors.Clock
	// onSimProgress, when set, is told of each ticket serve's simulations
	// replay in this process (tests hold a node midway with it).
	onSimProgress func(done, total int)
}

// clock returns m.Clock or the system clock.
func (m *Main) clock() connectors.Clock {
	if m.Clock == nil {
		return connectors.SystemClock{}
	}
	return m.Clock
}

// command is one subcommand.
type command struct {
	name, args, summary string
	run                 func(m *Main, ctx context.Context, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "[--addr :8080]", "serve the desk's web API", (*Main).runServe},
		{"demo", "[--export DIR] [--no-serve]", "load the demo desk, then serve it", (*Main).runDemo},
		{"import", "articles|tickets PATH... [--source NAME] [--map field=Column,...] [--strict] [--json]", "import files in the open formats", (*Main).runImport},
		{"sync", "[CONNECTOR] [--config FILE] [--json] [--status] [--reset]", "sync the connectors of deskpilot.yaml", (*Main).runSync},
		{"copilot", "--status [--json] [--recent 10]", "show copilot mode's queue of help desk tickets", (*Main).runCopilot},
		{"search", "QUERY [--k 10] [--json] [--kind article|ticket] [--visibility public] [--as-of TIME]", "hybrid search over articles and past tickets", (*Main).runSearch},
		{"ask", "QUESTION [--json] [--as requester|agent] [--language LANG] [--llm auto|on|off]", "what the assistant would do with a question", (*Main).runAsk},
		{"simulate", "--tickets FILE [--articles FILE] --out DIR [--gold FILE] [--target-precision 0.9] [--apply-policy] [--json]", "replay historic tickets and report what the assistant would have done", (*Main).runSimulate},
		{"policy", "[--json] | set CATEGORY|default off|suggest|auto [--threshold 0.8] | unset CATEGORY", "show or change the assistant's rollout policy", (*Main).runPolicy},
		{"reindex", "", "rebuild the search indexes from the records", (*Main).runReindex},
		{"eval", "retrieval --beir DIR [--mode hybrid|lexical|vector] [--json] | triage --tickets FILE [--json]", "evaluate retrieval (BEIR) or triage (time-ordered 80/20)", (*Main).runEval},
		{"bench", "retrieval [--chunks 100000] [--queries 1000] [--json] | ask [--questions 500] | soak [--duration 30m] [--rate 20] [--json]", "benchmarks: retrieval at scale, the assistant, a soak of mixed traffic", (*Main).runBench},
		{"backup", "FILE [--json]", "write a consistent backup of the embedded store, also while serving", (*Main).runBackup},
		{"restore", "FILE [--json]", "restore a backup into the data folder (not while a server runs on it)", (*Main).runRestore},
		{"migrate", "", "apply database migrations", (*Main).runMigrate},
		{"config", "", "print the effective configuration, secrets masked", (*Main).runConfig},
		{"version", "", "print the version", (*Main).runVersion},
	}
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// Run runs the command line args (without the program name) and returns the
// exit status: 0 success, 1 failure, 2 bad usage.
func (m *Main) Run(ctx context.Context, args []string) int {
	if m.Getenv == nil {
		m.Getenv = func(string) string { return "" }
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		m.usage(m.Stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(m, ctx, args[1:])
		var ue *usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, pflag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(m.Stderr, "deskpilot %s: %s\nusage: deskpilot %s %s\n", c.name, ue.msg, c.name, c.args)
			return 2
		default:
			fmt.Fprintf(m.Stderr, "deskpilot %s: %s\n", c.name, oneLine(err.Error()))
			return 1
		}
	}
	fmt.Fprintf(m.Stderr, "deskpilot: unknown command %q (run deskpilot help)\n", args[0])
	return 2
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func (m *Main) usage(w io.Writer) {
	fmt.Fprintln(w, "deskpilot: an AI-assisted IT service desk\n\nusage: deskpilot COMMAND [flags]\n\ncommands:")
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nEvery command takes --data DIR or --database-url URL; `deskpilot COMMAND --help` lists its flags.")
}

// flags starts a command's flag set with the config settings it takes. The
// returned function parses args and validates the config.
func (m *Main) flags(name string, settings ...string) (*pflag.FlagSet, *Config, func(args []string) error) {
	cfg := DefaultConfig()
	envErr := cfg.applyEnv(m.Getenv)
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.SortFlags = false
	cfg.addFlags(fs, append([]string{"data", "database-url", "log-level", "log-format"}, settings...)...)
	parse := func(args []string) error {
		if envErr != nil {
			return envErr
		}
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, pflag.ErrHelp) {
				return err
			}
			return usagef("%s", err.Error())
		}
		if err := cfg.validate(); err != nil {
			// A bad value typed on the command line is bad usage (2); one
			// from the environment is a failure to start (1).
			var se *settingError
			if errors.As(err, &se) && se.flag != "" && fs.Changed(se.flag) {
				return usagef("%s", err.Error())
			}
			return err
		}
		return nil
	}
	return fs, &cfg, parse
}

// logger builds the one logger of a run.
func (m *Main) logger(cfg *Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel)) // validated already
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(m.Stderr, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(m.Stderr, opts)
	}
	// Lines logged with a web request's context carry its request_id.
	return slog.New(web.LogHandler(h))
}

func (m *Main) runVersion(_ context.Context, args []string) error {
	fs, _, parse := m.flags("version")
	if err := parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("no arguments expected")
	}
	fmt.Fprintf(m.Stdout, "deskpilot %s\n", version)
	return nil
}

func (m *Main) runConfig(_ context.Context, args []string) error {
	fs, cfg, parse := m.flags("config", "addr", "max-record-bytes", "config")
	if err := parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("no arguments expected")
	}
	if err := cfg.print(m.Stdout); err != nil {
		return err
	}
	return printConnectors(m.Stdout, cfg, m.Getenv)
}
