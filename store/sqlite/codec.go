package sqlite

import (
	"encoding/json"
	"fmt"
	"time"
)

// timeLayout is how instants are stored: UTC, fixed width, nanoseconds.
// Unlike RFC3339Nano, which drops trailing zeros, it sorts as text in time
// order ("...:05Z" would sort after "...:05.5Z"), so range filters and
// ORDER BY work on the column as it is.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// formatTimePtr returns nil (SQL NULL) for a nil time.
func formatTimePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return formatTime(*t)
}

// timeDest scans a NOT NULL time column.
type timeDest struct{ p *time.Time }

func (d timeDest) Scan(src any) error {
	t, err := parseTime(src)
	if err != nil {
		return err
	}
	*d.p = t
	return nil
}

// nullTimeDest scans a nullable time column into a pointer.
type nullTimeDest struct{ p **time.Time }

func (d nullTimeDest) Scan(src any) error {
	if src == nil {
		*d.p = nil
		return nil
	}
	t, err := parseTime(src)
	if err != nil {
		return err
	}
	*d.p = &t
	return nil
}

func parseTime(src any) (time.Time, error) {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return time.Time{}, fmt.Errorf("time column holds %T", src)
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("time column: %w", err)
	}
	return t, nil
}

// encodeTags stores tags as a JSON array, '[]' for none, so that SQL's json
// functions can always read the column.
func encodeTags(tags []string) string {
	if len(tags) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(tags) // strings only: cannot fail
	return string(b)
}

// tagsDest scans a JSON array of tags; an empty one becomes nil, as it was
// before it was stored.
type tagsDest struct{ p *[]string }

func (d tagsDest) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("tags column holds %T", src)
	}
	var tags []string
	if err := json.Unmarshal(b, &tags); err != nil {
		return fmt.Errorf("tags column: %w", err)
	}
	if len(tags) == 0 {
		tags = nil
	}
	*d.p = tags
	return nil
}
