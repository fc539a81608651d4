package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskpilot/assistant"
	"deskpilot/assistant/policytest"
	"deskpilot/retrieval"
	docstoretest "deskpilot/retrieval/storetest"
	"deskpilot/store/sqlite"
	"deskpilot/tickets"
	"deskpilot/tickets/storetest"
)

// MustOpen opens a fresh database in a temporary folder, closed when the
// test ends.
func MustOpen(tb testing.TB) *sqlite.DB {
	tb.Helper()
	return mustOpenPath(tb, filepath.Join(tb.TempDir(), "deskpilot.db"))
}

func mustOpenPath(tb testing.TB, path string) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	return db
}

// openRaw opens a plain connection to the file at path, to look under the
// store's surface (the driver is registered by the store's import).
func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func TestTicketStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) tickets.Store { return MustOpen(t) })
}

func TestTokenStore(t *testing.T) {
	storetest.RunTokens(t, func(t *testing.T) interface {
		tickets.Store
		tickets.TokenStore
	} {
		return MustOpen(t)
	})
}

func TestDocumentStore(t *testing.T) {
	docstoretest.Run(t, func(t *testing.T) retrieval.DocumentStore { return MustOpen(t) })
}

func TestMigrationsAreRecordedOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := sqlite.Open(ctx, path)
	must(t, err)
	v, err := db.SchemaVersion(ctx)
	must(t, err)
	if v < 1 {
		t.Fatalf("schema version after Open: %d, want >= 1", v)
	}
	first := migrationRows(t, path)
	if len(first) != v {
		t.Fatalf("schema_migrations holds %d rows, want one per version up to %d: %v", len(first), v, first)
	}
	applied, err := db.Migrate(ctx)
	must(t, err)
	if len(applied) != 0 {
		t.Fatalf("second Migrate applied %v", applied)
	}
	must(t, db.Close())

	db = mustOpenPath(t, path)
	if applied, err := db.Migrate(ctx); err != nil || len(applied) != 0 {
		t.Fatalf("Migrate after reopen: %v, %v", applied, err)
	}
	if again := migrationRows(t, path); !cmp.Equal(again, first) {
		t.Fatalf("reopening changed schema_migrations:\n%s", cmp.Diff(first, again))
	}
}

// migrationRows reads schema_migrations through a connection of its own.
func migrationRows(t *testing.T, path string) map[int]string {
	t.Helper()
	raw := openRaw(t, path)
	rows, err := raw.Query(`SELECT version, applied_at FROM schema_migrations ORDER BY version`)
	must(t, err)
	defer rows.Close()
	out := map[int]string{}
	for rows.Next() {
		var v int
		var at string
		must(t, rows.Scan(&v, &at))
		if _, err := time.Parse(time.RFC3339Nano, at); err != nil {
			t.Errorf("version %d applied_at %q: %v", v, at, err)
		}
		out[v] = at
	}
	must(t, rows.Err())
	for v := 1; v <= len(out); v++ {
		if _, ok := out[v]; !ok {
			t.Errorf("versions %v have a gap at %d", out, v)
		}
	}
	return out
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "future.db")
	db, err := sqlite.Open(context.Background(), path)
	must(t, err)
	must(t, db.Close())
	raw := openRaw(t, path)
	_, err = raw.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (9999, '2030-01-01T00:00:00.000000000Z')`)
	must(t, err)
	must(t, raw.Close())
	if db, err := sqlite.Open(context.Background(), path); err == nil {
		db.Close()
		t.Fatal("Open accepted a database migrated by a newer program")
	}
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "keep.db")
	db := mustOpenPath(t, path)

	// Nanoseconds and a zone other than UTC: both must survive.
	at := time.Date(2025, 6, 7, 8, 9, 10, 123456789, time.FixedZone("CEST", 2*3600))
	agent := &tickets.User{Email: "Bob@Example.com ", Name: "Bob", Role: tickets.RoleAgent, Team: "Network", CreatedAt: at}
	must(t, db.CreateUser(ctx, agent))
	tk := storetest.MustTicket(t, "keep", at)
	fr, pending := at.Add(time.Second), at.Add(time.Minute)
	tk.AssigneeID, tk.FirstResponseAt, tk.PendingSince, tk.ClosedAt = agent.ID, &fr, &pending, nil
	tk.PausedSeconds, tk.ReopenCount, tk.Resolution = 42, 1, "Updated the client."
	tk.Messages[1].AuthorID = agent.ID
	must(t, db.CreateTicket(ctx, tk))
	doc := docstoretest.MustDocument(t, "keep")
	_, err := db.UpsertDocuments(ctx, []*retrieval.Document{doc})
	must(t, err)
	must(t, db.UpsertTeams(ctx, []tickets.Team{{Name: "Network", Description: "routers"}}))
	must(t, db.EnsureCategories(ctx, []string{"Network/VPN"}))
	policy := tickets.SLAPolicy{Priority: tickets.PriorityHigh, FirstResponse: 90 * time.Minute, Resolution: 20 * time.Hour}
	must(t, db.SetSLAPolicy(ctx, policy))
	must(t, db.Close())

	db = mustOpenPath(t, path)
	gotTicket, err := db.GetTicket(ctx, tk.ID)
	must(t, err)
	if diff := cmp.Diff(tk, gotTicket); diff != "" {
		t.Errorf("ticket after reopen (-want +got):\n%s", diff)
	}
	gotUser, err := db.GetUser(ctx, agent.ID)
	must(t, err)
	if diff := cmp.Diff(agent, gotUser); diff != "" {
		t.Errorf("user after reopen (-want +got):\n%s", diff)
	}
	gotDoc, err := db.GetDocument(ctx, doc.ID)
	must(t, err)
	if diff := cmp.Diff(doc, gotDoc); diff != "" {
		t.Errorf("document after reopen (-want +got):\n%s", diff)
	}
	teams, err := db.ListTeams(ctx)
	must(t, err)
	cats, err := db.ListCategories(ctx)
	must(t, err)
	policies, err := db.SLAPolicies(ctx)
	must(t, err)
	if fmt.Sprint(teams) != "[{Network routers}]" || fmt.Sprint(cats) != "[{Network} {Network/VPN}]" ||
		tickets.PolicyFor(policies, tickets.PriorityHigh) != policy || len(policies) != len(tickets.DefaultSLAPolicies()) {
		t.Errorf("configuration after reopen: teams %v categories %v policies %v", teams, cats, policies)
	}
}

func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "busy.db")
	// Two handles on one file stand for two processes (a server and a CLI
	// import): their writers meet in SQLite's lock, not in one pool.
	dbs := []*sqlite.DB{mustOpenPath(t, path), mustOpenPath(t, path)}
	const writers, batches, size = 6, 5, 40
	var wg sync.WaitGroup
	errs := make(chan error, writers*batches+writers)
	for w := range writers {
		db := dbs[w%len(dbs)]
		wg.Go(func() {
			for b := range batches {
				var batch []*tickets.Ticket
				for i := range size {
					batch = append(batch, storetest.MustTicket(t, fmt.Sprintf("w%d-b%d-%d", w, b, i), time.Now()))
				}
				if _, err := db.UpsertTickets(ctx, batch); err != nil {
					errs <- fmt.Errorf("writer %d batch %d: %w", w, b, err)
				}
				// Reads and single writes go on meanwhile.
				if _, err := db.ListTickets(ctx, tickets.TicketFilter{Team: "Network"}); err != nil {
					errs <- fmt.Errorf("writer %d list: %w", w, err)
				}
			}
			u := &tickets.User{Email: fmt.Sprintf("agent%d@example.com", w), Role: tickets.RoleAgent}
			if err := db.CreateUser(ctx, u); err != nil {
				errs <- fmt.Errorf("writer %d user: %w", w, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	n, err := dbs[0].CountTickets(ctx, tickets.TicketFilter{})
	must(t, err)
	if n != writers*batches*size {
		t.Fatalf("tickets after concurrent upserts: %d, want %d", n, writers*batches*size)
	}
	users, err := dbs[1].ListUsers(ctx, tickets.RoleAgent)
	must(t, err)
	if len(users) != writers {
		t.Fatalf("agents: %d, want %d", len(users), writers)
	}
}

func TestCategoryFilterIsASubtree(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	for _, cat := range []string{"Network", "Network/VPN", "Network/VPN/Client", "Networking", "Network-Old", "network/vpn", "Accounts/Network"} {
		tk := storetest.MustTicket(t, cat, time.Now())
		tk.Category = cat
		must(t, db.CreateTicket(ctx, tk))
	}
	cases := []struct {
		name, category string
		want           []string
	}{
		{"root", "Network", []string{"Network/VPN/Client", "Network/VPN", "Network"}},
		{"uncleaned", " Network / VPN ", []string{"Network/VPN/Client", "Network/VPN"}},
		{"leaf", "Network/VPN/Client", []string{"Network/VPN/Client"}},
		{"sibling prefix", "Networking", []string{"Networking"}},
		{"case matters", "NETWORK", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := db.ListTickets(ctx, tickets.TicketFilter{Category: c.category})
			must(t, err)
			var cats []string
			for _, tk := range got {
				cats = append(cats, tk.Category)
			}
			if !cmp.Equal(cats, c.want) {
				t.Fatalf("got %q, want %q", cats, c.want)
			}
		})
	}
}

// TestTimesSortAsText guards the time format: with RFC3339Nano, which drops
// trailing zeros, 09:30:00Z sorts after 09:30:00.5Z and the window breaks.
func TestTimesSortAsText(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	t0 := time.Date(2025, 3, 4, 9, 30, 0, 0, time.UTC)
	for i, at := range []time.Time{t0, t0.Add(500 * time.Millisecond), t0.Add(time.Second)} {
		must(t, db.CreateTicket(ctx, storetest.MustTicket(t, fmt.Sprint(i), at)))
	}
	n, err := db.CountTickets(ctx, tickets.TicketFilter{CreatedAfter: t0.Add(250 * time.Millisecond), CreatedBefore: t0.Add(time.Second)})
	must(t, err)
	if n != 1 {
		t.Fatalf("tickets in (0.25s, 1s): %d, want 1", n)
	}
}

func TestLocalTicketsHaveNoExternalID(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	for range 2 {
		tk := storetest.MustTicket(t, "", time.Now())
		tk.Source = "local"
		must(t, db.CreateTicket(ctx, tk))
	}
	if _, err := db.GetTicketByExternalID(ctx, "local", ""); !errors.Is(err, tickets.ErrNotFound) {
		t.Fatalf("by empty external id: %v, want ErrNotFound", err)
	}
	if _, err := db.UpsertTickets(ctx, []*tickets.Ticket{storetest.MustTicket(t, "", time.Now())}); err == nil {
		t.Fatal("upsert of a ticket without external id succeeded")
	}
}

func TestConflictsAndMissingReferences(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	must(t, db.CreateTicket(ctx, storetest.MustTicket(t, "1", time.Now())))
	if err := db.CreateTicket(ctx, storetest.MustTicket(t, "1", time.Now())); !errors.Is(err, tickets.ErrConflict) {
		t.Errorf("same external id twice: %v, want ErrConflict", err)
	}
	ana := &tickets.User{Email: "ana@example.com", Role: tickets.RoleAgent}
	bob := &tickets.User{Email: "bob@example.com", Role: tickets.RoleAgent}
	must(t, db.CreateUser(ctx, ana))
	must(t, db.CreateUser(ctx, bob))
	bob.Email = " ANA@example.com"
	if err := db.UpdateUser(ctx, bob); !errors.Is(err, tickets.ErrConflict) {
		t.Errorf("taking another user's e-mail: %v, want ErrConflict", err)
	}
	tk, err := db.GetTicketByExternalID(ctx, "test", "1")
	must(t, err)
	tk.AssigneeID = 9999
	if err := db.UpdateTicket(ctx, tk); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("assigning a missing user: %v, want ErrNotFound", err)
	}
}

func TestDeleteCascadesToMessages(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cascade.db")
	db := mustOpenPath(t, path)
	tk := storetest.MustTicket(t, "c", time.Now())
	must(t, db.CreateTicket(ctx, tk))
	must(t, db.DeleteTicket(ctx, tk.ID))
	var n int
	must(t, openRaw(t, path).QueryRow(`SELECT count(*) FROM messages`).Scan(&n))
	if n != 0 {
		t.Fatalf("%d messages left after deleting their ticket", n)
	}
}

func TestOddFileNames(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a dir?#%20")
	must(t, os.MkdirAll(dir, 0o755))
	path := filepath.Join(dir, "desk pilot.db")
	db := mustOpenPath(t, path)
	must(t, db.Ping(context.Background()))
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not at the path given: %v", err)
	}
}

func TestPolicyStore(t *testing.T) {
	policytest.Run(t, func(t *testing.T) assistant.PolicyStore { return MustOpen(t) })
}

func TestSessionStore(t *testing.T) {
	storetest.RunSessions(t, func(t *testing.T) interface {
		tickets.Store
		tickets.SessionStore
	} {
		return MustOpen(t)
	})
}

func TestOutcomeStore(t *testing.T) {
	storetest.RunOutcomes(t, func(t *testing.T) interface {
		tickets.Store
		tickets.OutcomeStore
	} {
		return MustOpen(t)
	})
}

func TestConversationStore(t *testing.T) {
	storetest.RunConversations(t, func(t *testing.T) storetest.ConversationStore { return MustOpen(t) })
}

func TestKeyStore(t *testing.T) { storetest.RunKeys(t, MustOpen(t)) }
