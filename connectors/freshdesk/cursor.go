package freshdesk

import (
	"encoding/json"
	"fmt"
	"time"
)

// skew is how far the account's clock may run behind ours. A walk that
// saw the latest change at max may have missed a change made meanwhile in
// a part it had passed, made after the walk started: the next walk starts
// no later than the start of this one, less skew.
const skew = 5 * time.Minute

// watermark is where the walk after one that started at start, from
// since, and saw changes up to max, starts: changes at or after it are
// taken again.
func watermark(since, max, start time.Time) time.Time {
	w := max
	if !start.IsZero() && start.Add(-skew).Before(w) {
		w = start.Add(-skew)
	}
	if w.Before(since) {
		w = since
	}
	return w.UTC()
}

// decodeCursor reads a cursor written by encodeCursor; "" is the zero
// cursor.
func decodeCursor[T any](s string) (T, error) {
	var c T
	if s == "" {
		return c, nil
	}
	if err := json.Unmarshal([]byte(s), &c); err != nil {
		return c, fmt.Errorf("freshdesk: cursor %q is not one of this source's", s)
	}
	return c, nil
}

func encodeCursor(c any) string {
	b, _ := json.Marshal(c)
	return string(b)
}
