package copilot

import (
	"context"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Ticket is what the copilot needs of a help desk's ticket.
type Ticket struct {
	ID          string
	Subject     string
	Description string // plain text
}

// Question is the text the assistant is asked: subject and description.
func (t *Ticket) Question() string {
	switch {
	case t.Subject == "":
		return t.Description
	case t.Description == "":
		return t.Subject
	}
	return t.Subject + "\n\n" + t.Description
}

// Note is the internal note the copilot writes: the draft with its
// sources and the triage, as plain text and as HTML, carrying Marker.
type Note struct {
	Text   string
	HTML   string
	Marker string
}

// Fields are the triage's values the desk sets; "" where the triage
// abstained.
type Fields struct {
	Category string // a path of the desk's taxonomy: "Network/VPN"
	Team     string
	Priority string // low, normal, high, urgent
}

// WriteBack is what to write on a ticket: the note (nil when the ticket
// has it already) and the fields.
type WriteBack struct {
	Note   *Note
	Fields Fields
}

// Desk is a help desk's REST API, as the copilot uses it.
type Desk interface {
	// Ticket fetches a ticket.
	Ticket(ctx context.Context, id string) (*Ticket, error)
	// HasNote reports whether a comment or note of the ticket carries
	// marker (see HasMarker).
	HasNote(ctx context.Context, id, marker string) (bool, error)
	// WriteBack writes the note as an internal (private) one, and sets
	// what it can of the fields: those that map onto the desk's own
	// groups, types or fields. It returns what it set, in words, for the
	// job's result. Setting fields again sets the same values.
	WriteBack(ctx context.Context, id string, wb WriteBack) ([]string, error)
}

// Event is a ticket-created event of a webhook.
type Event struct {
	ID       string // the desk's id of the event or delivery, "" if none
	TicketID string
}

// Hook reads a help desk's webhooks.
type Hook interface {
	// Verify checks that a delivery comes from the desk: its signature or
	// shared secret, and, where signed, its timestamp against now. It
	// returns an error wrapping ErrUnauthorized otherwise.
	Verify(h http.Header, body []byte, now time.Time) error
	// Events returns the ticket-created events of a verified delivery;
	// other events are left out. An unreadable body is an error wrapping
	// ErrBadPayload.
	Events(h http.Header, body []byte) ([]Event, error)
}

// Connector is a help desk account in copilot mode.
type Connector struct {
	// Name is the connector's name; System its type: zendesk, freshdesk,
	// freshservice or jira.
	Name   string
	System string
	Hook   Hook
	Desk   Desk
}

// Family is the webhook route of a system: Freshservice's webhooks come
// on Freshdesk's (/webhooks/freshdesk/{connector}).
func Family(system string) string {
	if system == "freshservice" {
		return "freshdesk"
	}
	return system
}

// Marker is what a note of the copilot on a ticket carries, so that it is
// found again: "deskpilot-copilot:zendesk:123".
func Marker(connector, ticketID string) string {
	return "deskpilot-copilot:" + connector + ":" + ticketID
}

// HasMarker reports whether text carries marker as a whole word: the
// marker of ticket 12 is not found in that of ticket 123.
func HasMarker(text, marker string) bool {
	for from := 0; from <= len(text); {
		j := strings.Index(text[from:], marker)
		if j < 0 {
			return false
		}
		end := from + j + len(marker)
		r, _ := utf8.DecodeRuneInString(text[end:])
		if end == len(text) || !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
			return true
		}
		from += j + 1
	}
	return false
}
