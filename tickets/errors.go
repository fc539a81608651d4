package tickets

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotFound is returned when a record does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a change collides with an existing record,
// such as a second user with the same e-mail address.
var ErrConflict = errors.New("conflict")

// ValidationError reports the fields of an input that are not acceptable.
// Its message is safe to show to the person who sent the input.
type ValidationError struct {
	Problems []FieldProblem
}

// FieldProblem is one rejected field and why.
type FieldProblem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error lists every problem on one line.
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Field + ": " + p.Message
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Add records a problem with field.
func (e *ValidationError) Add(field, format string, args ...any) {
	e.Problems = append(e.Problems, FieldProblem{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Err returns e when it holds problems and nil otherwise, so callers can
// collect problems and return the result unconditionally.
func (e *ValidationError) Err() error {
	if e == nil || len(e.Problems) == 0 {
		return nil
	}
	return e
}

func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
