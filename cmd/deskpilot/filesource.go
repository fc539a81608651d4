package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
)

// fileSource syncs files in the open formats (folders of documents, JSONL
// and CSV exports), read by the readers of `deskpilot import` and written
// by its importer, as a source like the others: a run reads the files
// modified since the last, a page of records at a time; a record removed
// from a file, or a file removed, leaves at the reconciliation, which
// reads every file's ids.
type fileSource struct {
	name     string
	kind     connectors.Kind
	paths    []string
	opts     files.Options
	pageSize int

	read *fileRead // the reading a run goes through, kept between its pages
}

var (
	_ connectors.Source     = (*fileSource)(nil)
	_ connectors.Reconciler = (*fileSource)(nil)
)

func newFileSource(name string, kind connectors.Kind, paths []string, opts files.Options) *fileSource {
	return &fileSource{name: name, kind: kind, paths: paths, opts: opts, pageSize: 500}
}

// fileCursor is where the stream stands: the files modified at or after
// Since are read; Max is the latest modification among the files when the run
// started, the next run's Since; Skip counts the records and problems of
// the run's reading already taken.
type fileCursor struct {
	Since string `json:"since,omitempty"`
	Max   string `json:"max,omitempty"`
	Skip  int    `json:"skip,omitempty"`
}

func (c fileCursor) String() string {
	if c == (fileCursor{}) {
		return ""
	}
	b, _ := json.Marshal(c)
	return string(b)
}

// fileEvent is a record read, or a problem.
type fileEvent struct {
	file    string
	line    int
	article *files.Article
	ticket  *files.Ticket
	problem *files.Problem
}

// fileRead is a reading of all the files, going on in a goroutine that
// ends with the run's context.
type fileRead struct {
	at      string // the cursor the next event is at
	cur     fileCursor
	changed map[string]bool // the files modified since cur.Since
	events  <-chan fileEvent
	errc    <-chan error    // the reading's end, once events is closed
	done    <-chan struct{} // the run's context's
}

// Name returns the source's name.
func (s *fileSource) Name() string { return s.name }

// Kinds returns the one stream the files hold.
func (s *fileSource) Kinds() []connectors.Kind { return []connectors.Kind{s.kind} }

// Fetch returns the page of records at cursor.
func (s *fileSource) Fetch(ctx context.Context, kind connectors.Kind, cursor string) (*connectors.Page, error) {
	if kind != s.kind {
		return nil, fmt.Errorf("files: unknown kind %q", kind)
	}
	if s.read == nil || s.read.at != cursor || isDone(s.read.done) {
		r, err := s.open(ctx, cursor)
		if err != nil {
			return nil, err
		}
		s.read = r
	}
	r := s.read
	page := &connectors.Page{URL: strings.Join(s.paths, ", ")}
	for n := 0; n < s.pageSize; {
		ev, ok, err := r.next(ctx)
		if err != nil {
			s.read = nil
			return nil, fmt.Errorf("files: %w", err)
		}
		if !ok {
			s.read = nil
			page.Done, page.Next = true, fileCursor{Since: r.cur.Max}.String()
			return page, nil
		}
		r.cur.Skip++
		if !r.changed[ev.file] && ev.file != "" {
			continue
		}
		if s.add(page, ev) {
			n++
		}
	}
	page.Next = r.cur.String()
	r.at = page.Next
	return page, nil
}

// add puts an event in page; false when it was no record.
func (s *fileSource) add(page *connectors.Page, ev fileEvent) bool {
	problem := func(err error) {
		page.Problems = append(page.Problems, files.Problem{File: ev.file, Line: ev.line, Message: err.Error()})
	}
	switch {
	case ev.problem != nil:
		page.Problems = append(page.Problems, *ev.problem)
	case ev.article != nil:
		// Checked here, to be reported with its file and line.
		if _, err := ev.article.Document(s.name, time.Now()); err != nil {
			problem(err)
			return false
		}
		page.Articles = append(page.Articles, *ev.article)
		return true
	case ev.ticket != nil:
		if _, err := ev.ticket.DomainTicket(s.name); err != nil {
			problem(err)
			return false
		}
		page.Tickets = append(page.Tickets, *ev.ticket)
		return true
	}
	return false
}

// open starts reading the files at cursor: the changed ones since its
// Since, past its first Skip events.
func (s *fileSource) open(ctx context.Context, cursor string) (*fileRead, error) {
	var c fileCursor
	if cursor != "" {
		if err := json.Unmarshal([]byte(cursor), &c); err != nil {
			return nil, fmt.Errorf("files: cursor %q is not a position: %w", cursor, err)
		}
	}
	since, err := parseTime(c.Since)
	if err != nil {
		return nil, fmt.Errorf("files: cursor %q: %w", cursor, err)
	}
	list, _, err := files.Files(s.paths, s.kind == connectors.KindArticles)
	if err != nil {
		return nil, fmt.Errorf("files: %w", err)
	}
	r := &fileRead{changed: map[string]bool{}, done: ctx.Done()}
	latest := since
	for _, f := range list {
		info, err := os.Stat(f)
		if err != nil {
			return nil, fmt.Errorf("files: %w", err)
		}
		mod := info.ModTime().UTC()
		// At or after: a file written in the same clock tick as the last
		// run's newest is read again rather than missed.
		r.changed[f] = since.IsZero() || !mod.Before(since)
		if mod.After(latest) {
			latest = mod
		}
	}
	if c.Max == "" && !latest.IsZero() {
		c.Max = latest.Format(time.RFC3339Nano)
	}
	r.events, r.errc = s.start(ctx)
	for range c.Skip {
		if _, ok, err := r.next(ctx); err != nil || !ok {
			break // the files changed since: the rest reads from where they end
		}
	}
	r.cur, r.at = c, cursor
	return r, nil
}

// start reads every file in a goroutine that ends when the reading does
// or ctx ends.
func (s *fileSource) start(ctx context.Context) (<-chan fileEvent, <-chan error) {
	events, errc := make(chan fileEvent, 64), make(chan error, 1)
	send := func(ev fileEvent) error {
		select {
		case events <- ev:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	go func() {
		defer close(events)
		report := func(p files.Problem) { _ = send(fileEvent{file: p.File, line: p.Line, problem: &p}) }
		var err error
		if s.kind == connectors.KindArticles {
			err = files.ReadArticles(ctx, s.paths, s.opts, func(it files.Item[files.Article]) error {
				return send(fileEvent{file: it.File, line: it.Line, article: it.Record})
			}, report)
		} else {
			err = files.ReadTickets(ctx, s.paths, s.opts, func(it files.Item[files.Ticket]) error {
				return send(fileEvent{file: it.File, line: it.Line, ticket: it.Record})
			}, report)
		}
		errc <- err
	}()
	return events, errc
}

// next returns the next event; false at the end of the reading.
func (r *fileRead) next(ctx context.Context) (fileEvent, bool, error) {
	select {
	case ev, ok := <-r.events:
		if !ok {
			return fileEvent{}, false, <-r.errc
		}
		return ev, true, nil
	case <-ctx.Done():
		return fileEvent{}, false, ctx.Err()
	}
}

// LiveIDs reads every file for the ids of its good records.
func (s *fileSource) LiveIDs(ctx context.Context, kind connectors.Kind) ([]string, bool, error) {
	if kind != s.kind {
		return nil, false, nil
	}
	var ids []string
	ignore := func(files.Problem) {}
	var err error
	if kind == connectors.KindArticles {
		err = files.ReadArticles(ctx, s.paths, s.opts, func(it files.Item[files.Article]) error {
			if _, err := it.Record.Document(s.name, time.Now()); err == nil {
				ids = append(ids, strings.TrimSpace(it.Record.ID))
			}
			return nil
		}, ignore)
	} else {
		err = files.ReadTickets(ctx, s.paths, s.opts, func(it files.Item[files.Ticket]) error {
			if _, err := it.Record.DomainTicket(s.name); err == nil {
				ids = append(ids, strings.TrimSpace(it.Record.ID))
			}
			return nil
		}, ignore)
	}
	if err != nil {
		return nil, false, fmt.Errorf("files: %w", err)
	}
	return ids, true, nil
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

func isDone(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
