package sqlite_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"deskpilot/tickets"
)

const benchBatch = 500

var (
	benchCategories = []string{"Network/VPN", "Network/Wi-Fi", "Accounts/Passwords", "Hardware/Laptops", "Software/Office", "Email"}
	benchTeams      = []string{"Network", "Service Desk", "Identity", "Field Services"}
	benchStatuses   = []tickets.Status{tickets.StatusSolved, tickets.StatusClosed, tickets.StatusOpen, tickets.StatusPending}
)

// benchTicket is an imported ticket of the size a real desk's history has:
// a question, an internal note and an answer of a few hundred bytes each.
func benchTicket(n int) *tickets.Ticket {
	created := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(n) * 7 * time.Minute)
	para := func(s string, k int) string { return strings.TrimSpace(strings.Repeat(s+" ", k)) }
	t := &tickets.Ticket{
		Source: "zendesk", ExternalID: fmt.Sprint(100000 + n),
		Subject:  fmt.Sprintf("VPN disconnects every %d minutes since the client update", 5+n%50),
		Status:   benchStatuses[n%len(benchStatuses)],
		Priority: tickets.Priorities[n%len(tickets.Priorities)],
		Category: benchCategories[n%len(benchCategories)], Team: benchTeams[n%len(benchTeams)],
		Requester: fmt.Sprintf("user%d@example.com", n%997), Channel: "email", Language: "en",
		Tags:      []string{"vpn", "remote-work", fmt.Sprintf("site-%d", n%12)},
		CreatedAt: created, UpdatedAt: created.Add(3 * time.Hour),
		Messages: []tickets.Message{
			{Author: tickets.AuthorRequester, Public: true, CreatedAt: created,
				Body: para("Since this morning my VPN connection drops and I have to log in again, which interrupts calls.", 4)},
			{Author: tickets.AuthorAgent, Public: false, CreatedAt: created.Add(20 * time.Minute),
				Body: para("Internal: concentrator logs show idle timeouts for this user; client version 5.1.", 2)},
			{Author: tickets.AuthorAgent, Public: true, CreatedAt: created.Add(2 * time.Hour),
				Body: para("Please update the VPN client to 5.2 from the software portal and restart; the idle timeout fix is in it.", 3)},
		},
	}
	resolved := created.Add(3 * time.Hour)
	t.ResolvedAt = &resolved
	t.ContentHash = t.Hash()
	return t
}

func benchBatchFrom(first int) []*tickets.Ticket {
	batch := make([]*tickets.Ticket, benchBatch)
	for i := range batch {
		batch[i] = benchTicket(first + i)
	}
	return batch
}

// BenchmarkUpsertTickets imports new tickets, one batch of 500 per op.
func BenchmarkUpsertTickets(b *testing.B) {
	db := MustOpen(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		batch := benchBatchFrom(i * benchBatch)
		b.StartTimer()
		if _, err := db.UpsertTickets(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "tickets/s")
}

// BenchmarkUpsertUnchanged re-imports a batch of 500 tickets that are all
// stored already with the same hash: the cost of a sync with nothing new.
func BenchmarkUpsertUnchanged(b *testing.B) {
	db := MustOpen(b)
	ctx := context.Background()
	batch := benchBatchFrom(0)
	if _, err := db.UpsertTickets(ctx, batch); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := db.UpsertTickets(ctx, batch)
		if err != nil {
			b.Fatal(err)
		}
		if out[0] != tickets.Unchanged {
			b.Fatalf("outcome %v, want unchanged", out[0])
		}
	}
	b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "tickets/s")
}
