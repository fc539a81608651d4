package files

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// ArticleFields and TicketFields are the record fields a CSV column can be
// mapped to. "body" of a ticket is its first requester message and
// "resolution" becomes the agent's reply, as formats.md says.
var (
	ArticleFields = []string{"id", "title", "body", "format", "url", "visibility", "language", "tags", "created_at", "updated_at"}
	TicketFields  = []string{"id", "subject", "body", "created_at", "resolved_at", "status", "requester", "category", "team", "priority", "language", "tags", "resolution", "channel"}
)

// ParseMap parses a --map value, "subject=Title,body=Description", into
// field -> column, refusing fields not in allowed.
func ParseMap(spec string, allowed []string) (map[string]string, error) {
	m := map[string]string{}
	if strings.TrimSpace(spec) == "" {
		return m, nil
	}
	for _, pair := range strings.Split(spec, ",") {
		field, col, ok := strings.Cut(pair, "=")
		field, col = strings.ToLower(strings.TrimSpace(field)), strings.TrimSpace(col)
		if !ok || field == "" || col == "" {
			return nil, fmt.Errorf("--map: %q is not field=Column", pair)
		}
		if !contains(allowed, field) {
			return nil, fmt.Errorf("--map: unknown field %q (fields: %s)", field, strings.Join(allowed, ", "))
		}
		m[field] = col
	}
	return m, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// csvRows reads a CSV file with a header row and hands each row to emit as
// field -> value, by the mapping (fields not mapped fall back to a column
// of the same name, case-insensitive). Unparseable rows become problems.
func csvRows(r io.Reader, file string, fields []string, mapping map[string]string, max int, emit func(line int, row map[string]string, warn []Problem) error, report func(Problem)) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read header of %s: %w", file, err)
	}
	cols, err := columnIndex(header, fields, mapping)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	lastLine := 0
	for {
		rec, err := cr.Read()
		line, _ := cr.FieldPos(0)
		var pe *csv.ParseError
		switch {
		case err == io.EOF:
			return nil
		case errors.As(err, &pe):
			if pe.StartLine == lastLine {
				return fmt.Errorf("%s: %w", file, err) // no progress: give up rather than loop
			}
			lastLine = pe.StartLine
			report(Problem{file, pe.StartLine, "malformed CSV row: " + pe.Err.Error()})
			continue
		case err != nil:
			return fmt.Errorf("read %s: %w", file, err)
		}
		lastLine = line
		if size := rowSize(rec); size > max {
			report(Problem{file, line, fmt.Sprintf("record is %d bytes, over the limit of %d bytes: skipped", size, max)})
			continue
		}
		row, warn := map[string]string{}, []Problem(nil)
		for field, i := range cols {
			if i >= len(rec) {
				continue
			}
			v := rec[i]
			if !utf8.ValidString(v) {
				v = strings.ToValidUTF8(v, "\uFFFD")
				warn = append(warn, Problem{file, line, fmt.Sprintf("column %q: invalid UTF-8 replaced with U+FFFD", header[i])})
			}
			row[field] = v
		}
		if err := emit(line, row, warn); err != nil {
			return err
		}
	}
}

func rowSize(rec []string) int {
	n := 0
	for _, f := range rec {
		n += len(f)
	}
	return n
}

// columnIndex resolves each field to its column in the header.
func columnIndex(header, fields []string, mapping map[string]string) (map[string]int, error) {
	pos := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		pos[strings.ToLower(h)] = i
	}
	cols := map[string]int{}
	var missing []string
	for _, f := range fields {
		if col, ok := mapping[f]; ok {
			i, found := pos[strings.ToLower(col)]
			if !found {
				missing = append(missing, fmt.Sprintf("%q (for %s)", col, f))
				continue
			}
			cols[f] = i
		} else if i, ok := pos[f]; ok {
			cols[f] = i
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("--map names columns not in the header: %s", strings.Join(missing, ", "))
	}
	return cols, nil
}

// timeLayouts are the forms CSV exports write times in, tried in order.
var timeLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05",
	"2006-01-02 15:04", "2006-01-02", "02/01/2006 15:04", "02/01/2006", "Jan 2, 2006 15:04", "Jan 2, 2006",
}

// parseTime reads a CSV time; times without a zone are UTC.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time (use RFC 3339, like 2025-03-04T09:30:00Z)", s)
}

func splitTags(s string) []string {
	var out []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '|' }) {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// articleFromRow builds an Article from a mapped CSV row.
func articleFromRow(row map[string]string) (*Article, error) {
	a := &Article{ID: row["id"], Title: row["title"], Body: row["body"], Format: row["format"], URL: row["url"],
		Visibility: row["visibility"], Language: row["language"], Tags: splitTags(row["tags"])}
	var err error
	if v := row["created_at"]; v != "" {
		if a.CreatedAt, err = parseTime(v); err != nil {
			return nil, fmt.Errorf("created_at: %w", err)
		}
	}
	if v := row["updated_at"]; v != "" {
		if a.UpdatedAt, err = parseTime(v); err != nil {
			return nil, fmt.Errorf("updated_at: %w", err)
		}
	}
	return a, nil
}

// ticketFromRow builds a Ticket from a mapped CSV row: the body is the first
// requester message and the resolution the agent's reply.
func ticketFromRow(row map[string]string) (*Ticket, error) {
	t := &Ticket{ID: row["id"], Subject: row["subject"], Status: row["status"], Requester: row["requester"],
		Category: row["category"], Team: row["team"], Priority: row["priority"], Language: row["language"],
		Tags: splitTags(row["tags"]), Channel: row["channel"], Messages: []Message{}}
	v, ok := row["created_at"]
	if !ok || strings.TrimSpace(v) == "" {
		return nil, fmt.Errorf("created_at is required")
	}
	created, err := parseTime(v)
	if err != nil {
		return nil, fmt.Errorf("created_at: %w", err)
	}
	t.CreatedAt = created
	answeredAt := created
	if v := row["resolved_at"]; strings.TrimSpace(v) != "" {
		at, err := parseTime(v)
		if err != nil {
			return nil, fmt.Errorf("resolved_at: %w", err)
		}
		t.ResolvedAt, answeredAt = &at, at
	}
	if body := strings.TrimSpace(row["body"]); body != "" {
		t.Messages = append(t.Messages, Message{Author: "requester", Body: body, CreatedAt: created})
	}
	if res := strings.TrimSpace(row["resolution"]); res != "" {
		t.Messages = append(t.Messages, Message{Author: "agent", Body: res, CreatedAt: answeredAt})
	}
	return t, nil
}
