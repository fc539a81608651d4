package connectors

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// SendJSON sends in as the JSON body of a method request to url and, when
// out is not nil and the answer has a body, decodes the answer into out.
//
// A request that changes something is sent again only when the API
// refused it without doing anything: a 429, waited out for as long as
// Retry-After says, as GetJSON does. After a network error or a server
// error the change may have been made (a comment added), so it is not
// sent twice: the error is returned, and the caller, knowing what it
// wrote, decides whether and when to try again. An answer out cannot be
// decoded into is a *PageError: the change was made.
func (c *Client) SendJSON(ctx context.Context, method, url string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return fmt.Errorf("%s %s: %w", method, url, err)
		}
	}
	var tries, limited int
	for {
		answer, err := c.attempt(ctx, method, url, body)
		if err == nil {
			if out == nil || len(answer) == 0 {
				return nil
			}
			if err := json.Unmarshal(answer, out); err != nil {
				return &PageError{URL: url, Err: err}
			}
			return nil
		}
		var se *statusError
		if !errors.As(err, &se) || se.http.Status != http.StatusTooManyRequests {
			return unwrapAttempt(err)
		}
		wait, ok := c.retry(err, &tries, &limited)
		if !ok {
			return unwrapAttempt(err)
		}
		c.o.Log.Info("connector request rate-limited", "method", method, "url", url,
			"wait_ms", wait.Milliseconds(), "attempt", limited)
		if err := c.o.Clock.Sleep(ctx, wait); err != nil {
			return fmt.Errorf("%s %s: %w", method, url, err)
		}
	}
}
