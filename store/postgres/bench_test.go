package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"deskpilot/tickets"
)

const benchBatch = 500

// BenchmarkUpsertTickets measures the import hot path in batches of 500
// tickets of three messages each: new tickets, a re-import where nothing
// changed, and one where every ticket changed.
func BenchmarkUpsertTickets(b *testing.B) {
	ctx := context.Background()
	db := MustOpen(b)
	gen := newTicketGen(1)
	upsert := func(batch []*tickets.Ticket) {
		if _, err := db.UpsertTickets(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	report := func(b *testing.B, n int) {
		b.ReportMetric(float64(n*benchBatch)/b.Elapsed().Seconds(), "tickets/s")
	}
	b.Run("new", func(b *testing.B) {
		n := 0
		for b.Loop() {
			b.StopTimer()
			batch := gen.batch(benchBatch)
			b.StartTimer()
			upsert(batch)
			n++
		}
		report(b, n)
	})
	b.Run("unchanged", func(b *testing.B) {
		batch := gen.batch(benchBatch)
		upsert(batch)
		n := 0
		for b.Loop() {
			upsert(batch)
			n++
		}
		report(b, n)
	})
	b.Run("changed", func(b *testing.B) {
		batch := gen.batch(benchBatch)
		upsert(batch)
		n := 0
		for b.Loop() {
			b.StopTimer()
			for _, t := range batch {
				t.Messages[2].Body += " (edited)"
				t.ContentHash = t.Hash()
			}
			b.StartTimer()
			upsert(batch)
			n++
		}
		report(b, n)
	})
}

// ticketGen makes imported tickets shaped like a service desk's: a few
// hundred bytes to a few kilobytes of text, the usual taxonomy, tags and
// lifecycle timestamps.
type ticketGen struct {
	rnd  *rand.Rand
	next int
}

func newTicketGen(seed uint64) *ticketGen { return &ticketGen{rnd: rand.New(rand.NewPCG(seed, seed))} }

var (
	benchSubjects = []string{"VPN disconnects every hour", "Cannot print to 3rd floor printer", "Outlook asks for password again",
		"Laptop will not boot after update", "Need access to the finance share", "Wi-Fi slow in meeting room B", "MFA token lost"}
	benchCategories = []string{"Network/VPN", "Network/Wi-Fi", "Hardware/Printers", "Hardware/Laptops", "Accounts/Passwords", "Accounts/Access", "Email"}
	benchTeams      = []string{"Network", "Service Desk", "Field Services", "Identity"}
	benchTags       = []string{"vpn", "remote", "printer", "urgent", "vip", "windows", "macos", "mfa", "outlook"}
	benchSentences  = []string{"Since this morning it fails with error 0x80070005.", "I already restarted twice, no change.",
		"Please check the logs on your side — merci d'avance.", "It worked fine until the update last Tuesday.",
		"Can you call me at extension 4412?", "Attached is a screenshot of the message.", "Die Verbindung bricht ständig ab."}
)

func (g *ticketGen) pick(s []string) string { return s[g.rnd.IntN(len(s))] }

func (g *ticketGen) text(sentences int) string {
	parts := make([]string, sentences)
	for i := range parts {
		parts[i] = g.pick(benchSentences)
	}
	return strings.Join(parts, " ")
}

func (g *ticketGen) batch(n int) []*tickets.Ticket {
	batch := make([]*tickets.Ticket, n)
	for i := range batch {
		g.next++
		created := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(g.next) * 7 * time.Minute)
		resolved := created.Add(time.Duration(1+g.rnd.IntN(48)) * time.Hour)
		t := &tickets.Ticket{
			Source: "bench", ExternalID: fmt.Sprintf("ZD-%07d", g.next), Subject: g.pick(benchSubjects),
			Status: tickets.StatusSolved, Priority: tickets.Priorities[g.rnd.IntN(len(tickets.Priorities))],
			Category: g.pick(benchCategories), Team: g.pick(benchTeams), Requester: fmt.Sprintf("user%d@example.com", g.rnd.IntN(5000)),
			Channel: "email", Language: "en", Tags: []string{g.pick(benchTags), g.pick(benchTags)},
			CreatedAt: created, UpdatedAt: resolved, ResolvedAt: &resolved,
			Messages: []tickets.Message{
				{Author: tickets.AuthorRequester, Body: g.text(3 + g.rnd.IntN(12)), Public: true, CreatedAt: created},
				{Author: tickets.AuthorAgent, Body: "Internal: " + g.text(2), Public: false, CreatedAt: created.Add(20 * time.Minute)},
				{Author: tickets.AuthorAgent, Body: g.text(2 + g.rnd.IntN(8)), Public: true, CreatedAt: created.Add(40 * time.Minute)},
			},
		}
		t.ContentHash = t.Hash()
		batch[i] = t
	}
	return batch
}
