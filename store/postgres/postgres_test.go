package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"deskpilot/assistant"
	"deskpilot/assistant/policytest"
	"deskpilot/retrieval"
	docstoretest "deskpilot/retrieval/storetest"
	"deskpilot/simulation"
	"deskpilot/simulation/queuetest"
	"deskpilot/store/postgres"
	"deskpilot/store/postgres/pgtest"
	"deskpilot/tickets"
	"deskpilot/tickets/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// MustOpen opens a store on a fresh schema of its own, closed when the test
// ends (before pgtest drops the schema).
func MustOpen(tb testing.TB) *postgres.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), pgtest.New(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(db.Close)
	return db
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

// TestConcurrentMigration starts several replicas on one fresh schema at
// once: all must start, and each migration must be applied exactly once.
func TestConcurrentMigration(t *testing.T) {
	ctx := context.Background()
	url := pgtest.New(t)
	const replicas = 6
	errs := make([]error, replicas)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range replicas {
		wg.Go(func() {
			<-start
			db, err := postgres.Open(ctx, url)
			if err == nil {
				db.Close()
			}
			errs[i] = err
		})
	}
	close(start)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}

	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, _ := conn.Query(ctx, "SELECT version, count(*) FROM schema_migrations GROUP BY version ORDER BY version")
	type record struct{ Version, Count int }
	recs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[record])
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 || recs[0].Version != 1 {
		t.Fatalf("schema_migrations: %v, want versions from 1", recs)
	}
	for _, r := range recs {
		if r.Count != 1 {
			t.Fatalf("migration %d recorded %d times", r.Version, r.Count)
		}
	}

	again, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	applied, err := again.Migrate(ctx)
	if err != nil || len(applied) != 0 {
		t.Fatalf("Migrate on a migrated schema: applied %v, %v", applied, err)
	}
	v, err := again.SchemaVersion(ctx)
	if err != nil || v != recs[len(recs)-1].Version {
		t.Fatalf("SchemaVersion: %d, %v; want %d", v, err, recs[len(recs)-1].Version)
	}
}

// TestCategoryFilter checks what the contract suite does not: a category
// matches its subtree by whole path segments.
func TestCategoryFilter(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	for i, cat := range []string{"Network", "Network/VPN", "Network/VPN/Client", "Networking", "Network-Ops", "Net_work", "Accounts"} {
		tk := storetest.MustTicket(t, fmt.Sprint(i), time.Date(2025, 1, 1, 0, i, 0, 0, time.UTC))
		tk.Category = cat
		if err := db.CreateTicket(ctx, tk); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name, category string
		want           []string
	}{
		{"root", "Network", []string{"Network/VPN/Client", "Network/VPN", "Network"}},
		{"uncleaned", " Network / ", []string{"Network/VPN/Client", "Network/VPN", "Network"}},
		{"middle", "Network/VPN", []string{"Network/VPN/Client", "Network/VPN"}},
		{"like wildcard is literal", "Net_work", []string{"Net_work"}},
		{"prefix of a name", "Net", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := db.ListTickets(ctx, tickets.TicketFilter{Category: c.category})
			if err != nil {
				t.Fatal(err)
			}
			var cats []string
			for _, tk := range got {
				cats = append(cats, tk.Category)
			}
			if !slices.Equal(cats, c.want) {
				t.Fatalf("got %q, want %q", cats, c.want)
			}
		})
	}
}

// TestLocalTickets: tickets created here have no external id, and any
// number of them coexist; a second ticket with a source's key conflicts.
func TestLocalTickets(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	svc := tickets.NewService(db, nil)
	for range 2 {
		if _, err := svc.Create(ctx, tickets.NewTicket{Subject: "printer", Body: "jammed"}); err != nil {
			t.Fatal(err)
		}
	}
	list, err := db.ListTickets(ctx, tickets.TicketFilter{Source: "local"})
	if err != nil || len(list) != 2 || list[0].ExternalID != "" {
		t.Fatalf("local tickets: %d, %v", len(list), err)
	}
	if loc := list[0].CreatedAt.Location(); loc != time.UTC {
		t.Fatalf("created_at read back in %v, want UTC", loc)
	}
	a, b := storetest.MustTicket(t, "dup", time.Now()), storetest.MustTicket(t, "dup", time.Now())
	if err := db.CreateTicket(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateTicket(ctx, b); !errors.Is(err, tickets.ErrConflict) {
		t.Fatalf("same source and external id twice: %v, want ErrConflict", err)
	}
}

// TestUpsertDetails covers what callers of the import path rely on beyond
// the contract.
func TestUpsertDetails(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	tk := storetest.MustTicket(t, "h", time.Now())
	tk.ContentHash = ""
	if _, err := db.UpsertTickets(ctx, []*tickets.Ticket{tk}); err != nil {
		t.Fatal(err)
	}
	if tk.ContentHash != tk.Hash() {
		t.Fatal("a ticket upserted without a hash did not get one")
	}
	for i, m := range tk.Messages {
		if m.ID == 0 || m.TicketID != tk.ID {
			t.Fatalf("message %d: id %d ticket %d, want both set", i, m.ID, m.TicketID)
		}
	}
	again := storetest.MustTicket(t, "h", tk.CreatedAt)
	again.ContentHash = ""
	out, err := db.UpsertTickets(ctx, []*tickets.Ticket{again})
	if err != nil || out[0] != tickets.Unchanged {
		t.Fatalf("re-upsert without a hash: %v, %v; want unchanged", out, err)
	}
	if _, err := db.UpsertTickets(ctx, []*tickets.Ticket{storetest.MustTicket(t, "", time.Now())}); err == nil {
		t.Fatal("upsert of a ticket without an external id succeeded")
	}
}

func TestPolicyStore(t *testing.T) {
	policytest.Run(t, func(t *testing.T) assistant.PolicyStore { return MustOpen(t) })
}

func TestSimulationQueue(t *testing.T) {
	queuetest.Run(t, func(t *testing.T) simulation.Queue { return MustOpen(t) })
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
