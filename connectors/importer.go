package connectors

import (
	"context"
	"fmt"
	"sort"
	"time"

	"deskpilot/connectors/files"
	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// ArticleSink is where imported articles are written.
type ArticleSink interface {
	UpsertDocuments(ctx context.Context, batch []*retrieval.Document) ([]retrieval.Outcome, error)
}

// TicketSink is where imported tickets, and the teams and categories they
// name, are written.
type TicketSink interface {
	UpsertTickets(ctx context.Context, batch []*tickets.Ticket) ([]tickets.Outcome, error)
	EnsureCategories(ctx context.Context, paths []string) error
	UpsertTeams(ctx context.Context, teams []tickets.Team) error
}

// ImportOptions controls an import.
type ImportOptions struct {
	// Source names where the records come from; ids are unique within it.
	Source string
	// BatchSize is how many records go into one transaction (default 500).
	BatchSize int
	// Strict fails the whole import, writing nothing, when any record is bad.
	Strict bool
	// Files controls reading (record size limit, CSV mapping, progress).
	Files files.Options
	// Now is the clock for records without timestamps (default time.Now).
	Now func() time.Time
	// MaxProblems caps the problems kept in the summary (default 1000); all
	// are still counted in Skipped.
	MaxProblems int
}

func (o *ImportOptions) defaults() {
	if o.Source == "" {
		o.Source = DefaultSource
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 500
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxProblems <= 0 {
		o.MaxProblems = 1000
	}
}

// DefaultSource is the source of records imported without one.
const DefaultSource = "import"

// Summary is what an import did.
type Summary struct {
	Added     int             `json:"added"`
	Updated   int             `json:"updated"`
	Unchanged int             `json:"unchanged"`
	Skipped   int             `json:"skipped"`
	Errors    []files.Problem `json:"errors"`
	Warnings  []files.Problem `json:"warnings"`
	// Truncated is true when more problems were found than are listed.
	Truncated bool `json:"truncated,omitempty"`
}

// Total is the number of records written or found unchanged.
func (s *Summary) Total() int { return s.Added + s.Updated + s.Unchanged }

func (s *Summary) problem(p files.Problem, max int) {
	s.Skipped++
	if len(s.Errors) < max {
		s.Errors = append(s.Errors, p)
	} else {
		s.Truncated = true
	}
}

func (s *Summary) warn(ws []files.Problem, max int) {
	for _, w := range ws {
		if len(s.Warnings) < max {
			s.Warnings = append(s.Warnings, w)
		} else {
			s.Truncated = true
		}
	}
}

// StrictError is returned by a strict import that found bad records; nothing
// was written.
type StrictError struct{ Problems int }

func (e *StrictError) Error() string {
	return fmt.Sprintf("import: %d bad records and --strict is set: nothing imported", e.Problems)
}

// ImportArticles reads articles from paths and writes them to sink.
func ImportArticles(ctx context.Context, sink ArticleSink, paths []string, opts ImportOptions) (*Summary, error) {
	return importArticles(ctx, sink, opts, func(o files.Options, emit func(files.Item[files.Article]) error, report func(files.Problem)) error {
		return files.ReadArticles(ctx, paths, o, emit, report)
	})
}

// ImportArticleRecords writes articles held in memory (the demo desk, a
// connector's page) to sink, exactly as ImportArticles writes files.
func ImportArticleRecords(ctx context.Context, sink ArticleSink, recs []files.Article, opts ImportOptions) (*Summary, error) {
	return importArticles(ctx, sink, opts, memoryReader(recs, "memory"))
}

// memoryReader reads records held in memory, named file in problems, each
// at its 1-based position as its line.
func memoryReader[T any](recs []T, file string) reader[T] {
	return func(_ files.Options, emit func(files.Item[T]) error, _ func(files.Problem)) error {
		for i := range recs {
			if err := emit(files.Item[T]{File: file, Line: i + 1, Record: &recs[i]}); err != nil {
				return err
			}
		}
		return nil
	}
}

// reader is a source of records for the import engine.
type reader[T any] func(o files.Options, emit func(files.Item[T]) error, report func(files.Problem)) error

func importArticles(ctx context.Context, sink ArticleSink, opts ImportOptions, read reader[files.Article]) (*Summary, error) {
	opts.defaults()
	if opts.Strict {
		if err := precheck(opts, read, func(a *files.Article) error {
			_, err := a.Document(opts.Source, opts.Now())
			return err
		}); err != nil {
			return nil, err
		}
	}
	sum := newSummary()
	b := batcher[retrieval.Document, retrieval.Outcome]{size: opts.BatchSize, sum: sum, flush: sink.UpsertDocuments, count: countOutcome[retrieval.Outcome]}
	err := read(opts.Files, func(it files.Item[files.Article]) error {
		d, err := it.Record.Document(opts.Source, opts.Now())
		if err != nil {
			sum.problem(files.Problem{File: it.File, Line: it.Line, Message: err.Error()}, opts.MaxProblems)
			return nil
		}
		sum.warn(it.Warnings, opts.MaxProblems)
		if d.Language == "" {
			d.Language = detectLanguage(d.Title + "\n" + d.Body)
		}
		return b.add(ctx, d)
	}, func(p files.Problem) { sum.problem(p, opts.MaxProblems) })
	if err == nil {
		err = b.flushAll(ctx)
	}
	return sum, importErr(err)
}

// ImportTickets reads tickets from paths and writes them to sink, adding the
// teams and categories they name.
func ImportTickets(ctx context.Context, sink TicketSink, paths []string, opts ImportOptions) (*Summary, error) {
	return importTickets(ctx, sink, opts, func(o files.Options, emit func(files.Item[files.Ticket]) error, report func(files.Problem)) error {
		return files.ReadTickets(ctx, paths, o, emit, report)
	})
}

// ImportTicketRecords writes tickets held in memory to sink, exactly as
// ImportTickets writes files.
func ImportTicketRecords(ctx context.Context, sink TicketSink, recs []files.Ticket, opts ImportOptions) (*Summary, error) {
	return importTickets(ctx, sink, opts, memoryReader(recs, "memory"))
}

func importTickets(ctx context.Context, sink TicketSink, opts ImportOptions, read reader[files.Ticket]) (*Summary, error) {
	opts.defaults()
	if opts.Strict {
		if err := precheck(opts, read, func(t *files.Ticket) error {
			_, err := t.DomainTicket(opts.Source)
			return err
		}); err != nil {
			return nil, err
		}
	}
	sum := newSummary()
	labels := newLabelSet()
	flush := func(ctx context.Context, batch []*tickets.Ticket) ([]tickets.Outcome, error) {
		if err := labels.write(ctx, sink); err != nil {
			return nil, err
		}
		return sink.UpsertTickets(ctx, batch)
	}
	b := batcher[tickets.Ticket, tickets.Outcome]{size: opts.BatchSize, sum: sum, flush: flush, count: countOutcome[tickets.Outcome]}
	err := read(opts.Files, func(it files.Item[files.Ticket]) error {
		t, err := it.Record.DomainTicket(opts.Source)
		if err != nil {
			sum.problem(files.Problem{File: it.File, Line: it.Line, Message: err.Error()}, opts.MaxProblems)
			return nil
		}
		sum.warn(it.Warnings, opts.MaxProblems)
		if t.Language == "" {
			t.Language = detectLanguage(t.Question())
		}
		labels.add(t.Category, t.Team)
		return b.add(ctx, t)
	}, func(p files.Problem) { sum.problem(p, opts.MaxProblems) })
	if err == nil {
		err = b.flushAll(ctx)
	}
	return sum, importErr(err)
}

func importErr(err error) error {
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	return nil
}

// precheck reads everything once without writing, for --strict.
func precheck[T any](opts ImportOptions, read reader[T], convert func(*T) error) error {
	bad := 0
	fo := opts.Files
	fo.Progress = nil
	err := read(fo, func(it files.Item[T]) error {
		if convert(it.Record) != nil {
			bad++
		}
		return nil
	}, func(files.Problem) { bad++ })
	if err != nil {
		return importErr(err)
	}
	if bad > 0 {
		return &StrictError{Problems: bad}
	}
	return nil
}

// labelSet collects the categories and teams of imported tickets, to add
// them to the taxonomy before the tickets that use them.
type labelSet struct {
	cats, teams, pendingCats, pendingTeams map[string]bool
}

func newLabelSet() *labelSet {
	return &labelSet{map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}}
}

func (l *labelSet) add(cat, team string) {
	if cat != "" && !l.cats[cat] {
		l.cats[cat], l.pendingCats[cat] = true, true
	}
	if team != "" && !l.teams[team] {
		l.teams[team], l.pendingTeams[team] = true, true
	}
}

func (l *labelSet) write(ctx context.Context, sink TicketSink) error {
	if len(l.pendingCats) > 0 {
		if err := sink.EnsureCategories(ctx, sortedKeys(l.pendingCats)); err != nil {
			return err
		}
		clear(l.pendingCats)
	}
	if len(l.pendingTeams) > 0 {
		var teams []tickets.Team
		for _, name := range sortedKeys(l.pendingTeams) {
			teams = append(teams, tickets.Team{Name: name})
		}
		if err := ensureTeams(ctx, sink, teams); err != nil {
			return err
		}
		clear(l.pendingTeams)
	}
	return nil
}

// ensureTeams adds teams without overwriting descriptions set by an admin.
func ensureTeams(ctx context.Context, sink TicketSink, teams []tickets.Team) error {
	if lister, ok := sink.(interface {
		ListTeams(context.Context) ([]tickets.Team, error)
	}); ok {
		have, err := lister.ListTeams(ctx)
		if err != nil {
			return err
		}
		known := map[string]bool{}
		for _, t := range have {
			known[t.Name] = true
		}
		kept := teams[:0]
		for _, t := range teams {
			if !known[t.Name] {
				kept = append(kept, t)
			}
		}
		teams = kept
	}
	if len(teams) == 0 {
		return nil
	}
	return sink.UpsertTeams(ctx, teams)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// newSummary starts a summary whose lists print as [] rather than null.
func newSummary() *Summary {
	return &Summary{Errors: []files.Problem{}, Warnings: []files.Problem{}}
}
