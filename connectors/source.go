package connectors

import (
	"context"

	"deskpilot/connectors/files"
)

// Kind names a stream of a source: what its records are.
type Kind string

// Kinds of records a source gives.
const (
	KindArticles Kind = "articles"
	KindTickets  Kind = "tickets"
)

// Source is a system that lists its articles or tickets incrementally, a
// page at a time, from a position of its own (a timestamp, an API cursor)
// that the engine keeps between runs.
type Source interface {
	// Name identifies the source: its records are keyed by (Name, external
	// id) and its state by Name.
	Name() string
	// Kinds lists the streams the source syncs, in the order to sync them.
	Kinds() []Kind
	// Fetch returns the page of kind that starts at cursor ("" for the
	// beginning). It returns what it could read of the page: a record
	// that cannot be read is a Problem of the page, not an error.
	Fetch(ctx context.Context, kind Kind, cursor string) (*Page, error)
}

// Page is one page of a source's stream.
type Page struct {
	// URL is where the page came from, named in problems.
	URL string
	// Articles or Tickets, by the stream's kind, to add or update.
	Articles []files.Article
	Tickets  []files.Ticket
	// Deleted lists the external ids of records the source deleted,
	// archived or unpublished (a draft): they are removed.
	Deleted []string
	// Problems are the records of the page that could not be read.
	Problems []files.Problem
	// Next is the cursor after this page: of the next page, or, when Done,
	// of the next sync.
	Next string
	// Done is true on the last page of the stream for now.
	Done bool
}

// Reconciler is a Source that can list every record it holds now. Deleted
// records that an incremental listing never shows (an archived article)
// are found by comparing that list with what was synced.
type Reconciler interface {
	// LiveIDs returns the external ids of all records of kind that the
	// source holds and that belong in the desk (published, in scope).
	// ok is false when the source cannot list that kind.
	LiveIDs(ctx context.Context, kind Kind) (ids []string, ok bool, err error)
}
