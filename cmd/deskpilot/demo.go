package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sort"
	"time"

	"deskpilot/connectors"
	"deskpilot/demo"
	"deskpilot/tickets"
	"deskpilot/web"
)

// demoSource is the source name of the demo desk's records.
const demoSource = "demo"

func (m *Main) runDemo(ctx context.Context, args []string) error {
	fs, cfg, parse := m.flags("demo", "addr")
	export := fs.String("export", "", "write the demo desk as JSONL into this folder instead of loading it")
	noServe := fs.Bool("no-serve", false, "load the demo desk and exit")
	seed := fs.Uint64("seed", demo.DefaultOptions().Seed, "seed of the generator: the same seed gives the same desk")
	if err := parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("no arguments expected")
	}
	opts := demo.DefaultOptions()
	opts.Seed = *seed
	desk := demo.Generate(opts)
	if *export != "" {
		if err := desk.Export(*export); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		fmt.Fprintf(m.Stdout, "wrote %d articles and %d tickets to %s (articles.jsonl, tickets.jsonl)\n", len(desk.Articles), len(desk.Tickets), *export)
		return nil
	}
	log := m.logger(cfg)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	creds, err := loadDemo(ctx, st, desk)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "demo desk loaded in %s: %d articles, %d tickets\n", time.Since(start).Round(time.Millisecond), len(desk.Articles), len(desk.Tickets))
	if *noServe {
		kn, err := openKnowledge(ctx, cfg, st, log, false)
		if err != nil {
			return err
		}
		if err := kn.Close(); err != nil {
			return err
		}
		printCredentials(m.Stdout, creds, "")
		return nil
	}
	listening := m.Listening
	m.Listening = func(addr string) {
		printCredentials(m.Stdout, creds, baseURL(addr))
		if listening != nil {
			listening(addr)
		}
	}
	defer func() { m.Listening = listening }()
	return m.serve(ctx, cfg, st, log)
}

// credential is a demo account with a fresh password and API token.
type credential struct {
	Role     tickets.Role
	Email    string
	Password string
	Token    string
}

// loadDemo writes the demo desk through the import engine (so re-running it
// changes nothing) and gives each role an account with a new API token.
func loadDemo(ctx context.Context, st store, desk *demo.Desk) ([]credential, error) {
	if err := st.UpsertTeams(ctx, desk.Teams); err != nil {
		return nil, fmt.Errorf("demo teams: %w", err)
	}
	if err := st.EnsureCategories(ctx, desk.Categories); err != nil {
		return nil, fmt.Errorf("demo categories: %w", err)
	}
	opts := connectors.ImportOptions{Source: demoSource}
	if _, err := connectors.ImportArticleRecords(ctx, st, desk.Articles, opts); err != nil {
		return nil, fmt.Errorf("demo articles: %w", err)
	}
	if _, err := connectors.ImportTicketRecords(ctx, st, desk.Tickets, opts); err != nil {
		return nil, fmt.Errorf("demo tickets: %w", err)
	}
	users := append([]tickets.User{}, desk.Agents...)
	users = append(users,
		tickets.User{Email: "admin@northwind.example", Name: "Desk Admin", Role: tickets.RoleAdmin},
		tickets.User{Email: busiestRequester(desk), Name: "Demo Requester", Role: tickets.RoleRequester})
	var creds []credential
	for i := range users {
		u, err := ensureUser(ctx, st, &users[i])
		if err != nil {
			return nil, err
		}
		if i > 0 && u.Role == tickets.RoleAgent {
			continue // one token per role is enough to try the API
		}
		token, hash, err := web.NewAPIToken()
		if err != nil {
			return nil, err
		}
		if err := st.CreateAPIToken(ctx, &tickets.APIToken{UserID: u.ID, Name: "demo", Hash: hash}); err != nil {
			return nil, fmt.Errorf("demo token: %w", err)
		}
		password, err := resetPassword(ctx, st, u)
		if err != nil {
			return nil, err
		}
		creds = append(creds, credential{u.Role, u.Email, password, token})
	}
	sort.Slice(creds, func(i, j int) bool { return creds[i].Role < creds[j].Role })
	return creds, nil
}

// resetPassword gives u a new random password, signs it out everywhere,
// and returns the password to print.
func resetPassword(ctx context.Context, st store, u *tickets.User) (string, error) {
	token, _, err := web.NewAPIToken()
	if err != nil {
		return "", err
	}
	password := "demo-" + token[3:15]
	if u.PasswordHash, err = web.HashPassword(password); err != nil {
		return "", err
	}
	if err := st.UpdateUser(ctx, u); err != nil {
		return "", fmt.Errorf("demo password: %w", err)
	}
	return password, st.DeleteUserSessions(ctx, u.ID)
}

func ensureUser(ctx context.Context, st store, u *tickets.User) (*tickets.User, error) {
	have, err := st.GetUserByEmail(ctx, u.Email)
	if err == nil {
		return have, nil
	}
	if !errors.Is(err, tickets.ErrNotFound) {
		return nil, fmt.Errorf("demo user %s: %w", u.Email, err)
	}
	if err := st.CreateUser(ctx, u); err != nil {
		return nil, fmt.Errorf("demo user %s: %w", u.Email, err)
	}
	return u, nil
}

// busiestRequester is the demo requester: the one with most tickets, so that
// "my tickets" has something to show.
func busiestRequester(desk *demo.Desk) string {
	count := map[string]int{}
	best := ""
	for _, t := range desk.Tickets {
		r := tickets.NormalizeEmail(t.Requester)
		count[r]++
		if r != "" && (count[r] > count[best] || count[r] == count[best] && r < best) {
			best = r
		}
	}
	if best == "" {
		best = "requester@northwind.example"
	}
	return best
}

func baseURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

func printCredentials(w io.Writer, creds []credential, url string) {
	if url != "" {
		fmt.Fprintf(w, "\ndeskpilot demo is running at %s\n", url)
	}
	fmt.Fprintln(w, "\nSign in with (shown once; each run makes new passwords and tokens):")
	fmt.Fprintf(w, "  %-9s %-34s %-18s %s\n", "ROLE", "E-MAIL", "PASSWORD", "API TOKEN")
	for _, c := range creds {
		fmt.Fprintf(w, "  %-9s %-34s %-18s %s\n", c.Role, c.Email, c.Password, c.Token)
	}
	if url != "" && len(creds) > 0 {
		fmt.Fprintf(w, "\ntry:\n  curl -H 'Authorization: Bearer %s' '%s/api/v1/tickets?limit=5'\n\n", creds[len(creds)-1].Token, url)
	}
}
