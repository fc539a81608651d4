package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/copilot"
	"deskpilot/connectors/freshdesk"
	"deskpilot/connectors/jira"
	"deskpilot/connectors/zendesk"
	"deskpilot/web"
)

// copilotSettings are the settings of a connector type that copilot mode
// supports: an entry with copilot: true gets a webhook endpoint, and its
// tickets a draft written back.
type copilotSettings interface {
	copilotOn() bool
	// copilotHook returns the entry's webhook reader, or
	// errNoWebhookSecret.
	copilotHook() (copilot.Hook, error)
}

func (s *zendeskSettings) copilotOn() bool { return s.Copilot }
func (s *freshSettings) copilotOn() bool   { return s.Copilot }
func (s *jiraSettings) copilotOn() bool    { return s.Copilot }

func (s *zendeskSettings) copilotHook() (copilot.Hook, error) {
	return &zendesk.Webhook{Secret: s.WebhookSecret}, needSecret(s.WebhookSecret)
}

func (s *freshSettings) copilotHook() (copilot.Hook, error) {
	return &freshdesk.Webhook{Secret: s.WebhookSecret}, needSecret(s.WebhookSecret)
}

func (s *jiraSettings) copilotHook() (copilot.Hook, error) {
	return &jira.Webhook{Secret: s.WebhookSecret, Projects: s.Projects}, needSecret(s.WebhookSecret)
}

// errNoWebhookSecret is an entry in copilot mode without its secret: its
// webhooks could not be told from forgeries.
type errNoWebhookSecret struct{}

func (errNoWebhookSecret) Error() string {
	return "webhook_secret: required with copilot: true (the webhook's signing secret or shared secret)"
}

func needSecret(s connectors.Secret) error {
	if !s.IsSet() {
		return errNoWebhookSecret{}
	}
	return nil
}

// copilotConnectors builds the connectors of the file in copilot mode:
// each entry's source, for its API, and its webhook reader.
func copilotConnectors(file *configFile, env sourceEnv) ([]copilot.Connector, error) {
	if file == nil {
		return nil, nil
	}
	var out []copilot.Connector
	for _, e := range file.Connectors {
		cs, ok := e.Settings.(copilotSettings)
		if !ok || !cs.copilotOn() {
			continue
		}
		hook, err := cs.copilotHook()
		if _, missing := err.(errNoWebhookSecret); missing {
			err = fmt.Errorf("%w (or %s)", err, secretEnv(e.Name, "WEBHOOK_SECRET"))
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.where(file.Path), err)
		}
		src, err := e.Settings.source(e.Name, env)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.where(file.Path), err)
		}
		desk, ok := src.(copilot.Desk)
		if !ok {
			return nil, fmt.Errorf("%s: type %s cannot write back", e.where(file.Path), e.Type)
		}
		out = append(out, copilot.Connector{Name: e.Name, System: e.Type, Hook: hook, Desk: desk})
	}
	return out, nil
}

// startCopilot starts copilot mode for the entries of the configuration
// file that ask for it: it returns what the web server mounts (nil when
// no entry does) and the function that stops its worker.
func (m *Main) startCopilot(cfg *Config, st store, asst copilot.Answerer, log *slog.Logger) (web.Copilot, func(), error) {
	file, err := loadConfigFile(cfg, m.Getenv)
	if err != nil {
		return nil, nil, err
	}
	// A write waits out a rate limit of up to two minutes: longer, and
	// the job is retried later instead of holding its claim.
	env := sourceEnv{client: connectors.ClientOptions{Log: log, UserAgent: "deskpilot/" + version, MaxWait: 2 * time.Minute},
		maxRecordBytes: cfg.MaxRecordBytes}
	conns, err := copilotConnectors(file, env)
	if err != nil || len(conns) == 0 {
		return nil, func() {}, err
	}
	svc, err := copilot.New(copilot.Config{Store: st, Assistant: asst, Connectors: conns, Log: log})
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, len(conns))
	for i, c := range conns {
		names[i] = copilot.Family(c.System) + "/" + c.Name
	}
	log.Info("copilot mode on", "webhooks", "/webhooks/{"+strings.Join(names, ",")+"}")
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { svc.Run(ctx); close(done) }()
	return svc, func() { stop(); <-done }, nil
}

func (m *Main) runCopilot(ctx context.Context, args []string) error {
	fs, cfg, parse := m.flags("copilot")
	status := fs.Bool("status", false, "print the queue: jobs by status, the latest failures and retries")
	asJSON := fs.Bool("json", false, "print the queue's state as JSON")
	recent := fs.Int("recent", 10, "how many failed and retried jobs to list")
	if err := parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("no arguments expected")
	}
	if !*status {
		return usagef("--status is the only action: deskpilot serve works the queue")
	}
	st, err := openStore(ctx, cfg, m.logger(cfg))
	if err != nil {
		return err
	}
	defer st.Close()
	rep, err := copilot.Summarize(ctx, st, max(*recent, 1))
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, rep)
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STATUS\tJOBS")
	for _, s := range copilot.Statuses {
		fmt.Fprintf(tw, "%s\t%d\n", s, rep.Counts[s])
	}
	for _, list := range []struct {
		title string
		jobs  []*copilot.Job
	}{{"latest failures", rep.Failures}, {"waiting for a retry", rep.Retries}} {
		if len(list.jobs) == 0 {
			continue
		}
		fmt.Fprintf(tw, "\n%s:\nJOB\tCONNECTOR\tTICKET\tATTEMPTS\tUPDATED\tNEXT ATTEMPT\tLAST ERROR\n", list.title)
		for _, j := range list.jobs {
			next := "-"
			if j.Status == copilot.StatusRetry {
				next = formatTime(j.NextAttemptAt)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\n", j.ID, j.Connector, j.TicketID, j.Attempts, formatTime(j.UpdatedAt),
				next, clip(oneLine(j.LastError), 100))
		}
	}
	return tw.Flush()
}
