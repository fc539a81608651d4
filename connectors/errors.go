package connectors

import (
	"errors"
	"fmt"
)

// Errors of the sync engine and its state store.
var (
	// ErrNotFound is returned for a source that has no sync state yet.
	ErrNotFound = errors.New("not found")
	// ErrBusy is returned when another process holds a source's sync.
	ErrBusy = errors.New("another sync of this source is running")
	// ErrLeaseLost is returned when a sync's claim on its source was taken
	// over, after it had expired, by another process.
	ErrLeaseLost = errors.New("the claim on the source was lost to another sync")
)

// HTTPError is an answer of a source's API that the client does not retry,
// or still got after its retries. Message is the API's own explanation,
// taken from its error body; it never holds credentials.
type HTTPError struct {
	Method  string
	URL     string
	Status  int
	Message string
}

func (e *HTTPError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("%s %s: HTTP %d", e.Method, e.URL, e.Status)
	}
	return fmt.Sprintf("%s %s: HTTP %d: %s", e.Method, e.URL, e.Status, e.Message)
}

// Temporary reports whether the failure may pass: rate limits and server
// errors.
func (e *HTTPError) Temporary() bool { return e.Status == 429 || e.Status == 408 || e.Status >= 500 }

// PageError is a page of a source's API that could not be read: its body
// is not the JSON the source expects. The page is named so that the report
// says where; the pages before it are kept.
type PageError struct {
	URL string
	Err error
}

func (e *PageError) Error() string { return fmt.Sprintf("malformed page %s: %v", e.URL, e.Err) }

func (e *PageError) Unwrap() error { return e.Err }
