package openai

import "strings"

// scrubbedError is an error whose text had the API key in it. It keeps
// the cleaned text only and does not unwrap, so no caller can reach the
// original text.
type scrubbedError struct{ msg string }

// Error returns the cleaned text.
func (e *scrubbedError) Error() string { return e.msg }

// scrub returns err, or a copy of its text without the API key if the key
// is in it: a server or proxy may echo what it was sent.
func (e *Embedder) scrub(err error) error { return scrubSecret(err, e.secret) }

// scrubSecret returns err, or a copy of its text without secret.
func scrubSecret(err error, secret string) error {
	if err == nil || secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	return &scrubbedError{msg: strings.ReplaceAll(err.Error(), secret, "[redacted]")}
}
