package demo

import (
	"time"

	"deskpilot/connectors/files"
	"deskpilot/tickets"
)

// Options shape the generated desk. Generate treats zero fields as the
// DefaultOptions values, except Seed: 0 is a seed like any other.
type Options struct {
	// Seed picks one of many possible desks: the same Options always give
	// byte-identical output.
	Seed uint64
	// Tickets is how many historic tickets to generate, the outage wave
	// included.
	Tickets int
	// Months is how long the history runs, ending with End.
	Months int
	// End is the last day of the history, in UTC: tickets arrive until the
	// end of that day. Its clock time is ignored.
	End time.Time
	// ArticleScale multiplies the knowledge base for scale benchmarks: 1 is
	// the normal KB; n > 1 adds n-1 site-specific variants of every article,
	// written again with other phrasing.
	ArticleScale int
}

// DefaultOptions returns the desk that `make demo` loads: seed 1, 5600
// tickets over the 12 months ending 2025-12-31, the normal KB.
func DefaultOptions() Options {
	return Options{
		Seed:         1,
		Tickets:      5600,
		Months:       12,
		End:          time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
		ArticleScale: 1,
	}
}

func (o Options) withDefaults() Options {
	def := DefaultOptions()
	if o.Tickets <= 0 {
		o.Tickets = def.Tickets
	}
	if o.Months <= 0 {
		o.Months = def.Months
	}
	if o.End.IsZero() {
		o.End = def.End
	}
	if o.ArticleScale <= 0 {
		o.ArticleScale = def.ArticleScale
	}
	return o
}

// Period returns the span the history covers: from the start of the day
// after End minus Months, to the end of End's day (exclusive). The default
// is [2025-01-01, 2026-01-01).
func (o Options) Period() (start, end time.Time) {
	o = o.withDefaults()
	e := o.End.UTC()
	end = time.Date(e.Year(), e.Month(), e.Day()+1, 0, 0, 0, 0, time.UTC)
	return end.AddDate(0, -o.Months, 0), end
}

// Desk is a generated IT service desk: its knowledge base, its ticket
// history and the organisation around them.
type Desk struct {
	// Articles are the KB articles, numbered in publication order.
	Articles []files.Article
	// Tickets are the historic tickets, in order of creation.
	Tickets []files.Ticket
	// Teams are the assignment groups, with what each one handles.
	Teams []tickets.Team
	// Categories are the taxonomy paths ("Network/VPN") that tickets use.
	Categories []string
	// Agents are the IT staff who answer tickets, each with a home team.
	// They have no passwords: whoever loads the desk sets them.
	Agents []tickets.User
}

// Generate builds the demo desk that opts describe. It never reads the
// clock or the environment, so the same opts always give the same desk.
func Generate(opts Options) *Desk {
	g := newGenerator(opts.withDefaults())
	g.planArticles()
	d := &Desk{
		Teams:      teamList(),
		Categories: g.categories(),
		Agents:     g.agentUsers(),
	}
	d.Articles = g.writeArticles()
	g.linkNeeds()
	d.Tickets = g.writeTickets()
	return d
}
