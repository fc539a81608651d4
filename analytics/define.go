package analytics

import (
	"time"

	"deskpilot/assistant"
	"deskpilot/tickets"
)

// This file holds the definition of every KPI, one function each; the
// report (kpis.go) only counts what these functions say.

// ResolvedBySelfService reports whether a self-service conversation was
// resolved by the assistant on its own: the assistant's last answer was
// automatic (the only kind a requester is shown), the conversation was not
// handed off to a person (it has no ticket), and the requester did not
// answer "no" to "did this solve it?" (silence counts as resolved, as
// leaving after an answer usually means it helped).
//
// It is the numerator of both the self-service resolution rate (over
// conversations) and the automation rate (over all requests).
func ResolvedBySelfService(c *tickets.Conversation) bool {
	if c.TicketID != nil || (c.Resolved != nil && !*c.Resolved) {
		return false
	}
	for i := len(c.Turns) - 1; i >= 0; i-- {
		if t := c.Turns[i]; t.Role == "assistant" {
			return t.Decision == string(assistant.DecisionAuto)
		}
	}
	return false
}

// IsRequest reports whether a ticket counts as a request of its own in the
// automation rate's denominator: every ticket except those a self-service
// conversation handed off (fromHandoff), which are already counted as
// their conversation.
func IsRequest(t *tickets.Ticket, fromHandoff map[int64]bool) bool { return !fromHandoff[t.ID] }

// AutomationRate is requests resolved automatically over all requests,
// where a request is a self-service conversation or a ticket that did not
// come from one (see IsRequest), and resolved automatically means
// ResolvedBySelfService. A ticket is never resolved automatically here:
// an agent sends every ticket reply, accepted suggestion or not.
//
// It is the live reading of the simulation's automation_rate ("resolved
// automatically / all tickets", where a ticket is resolved automatically
// when its answer went out on its own and the judge found it resolving):
// live, the requester's own verdict replaces the judge.
func AutomationRate(resolvedAutomatically, requests int) *float64 {
	return Ratio(resolvedAutomatically, requests)
}

// FirstContactResolved reports whether a resolved ticket was resolved with
// a single answer: never reopened, and exactly one public agent message
// (or, for an import that keeps the agent's answer apart from the
// messages, no public agent message and a resolution). Its messages must
// be loaded.
func FirstContactResolved(t *tickets.Ticket) bool {
	if !Resolved(t) || t.ReopenCount > 0 {
		return false
	}
	replies := 0
	for _, m := range t.Messages {
		if m.Author == tickets.AuthorAgent && m.Public {
			replies++
		}
	}
	return replies == 1 || (replies == 0 && t.Resolution != "")
}

// Resolved reports whether a ticket is resolved now: solved or closed,
// with a resolution time.
func Resolved(t *tickets.Ticket) bool { return t.Status.Resolved() && t.ResolvedAt != nil }

// ResolutionTime is the calendar time from a ticket's creation to its
// resolution, pending time included, as the requester lived it; false
// for a ticket not resolved. MTTR is its mean over the resolved tickets.
func ResolutionTime(t *tickets.Ticket) (time.Duration, bool) {
	if !Resolved(t) {
		return 0, false
	}
	return t.ResolvedAt.Sub(t.CreatedAt), true
}

// SLAOutcome says whether a ticket's SLA targets are settled at now and,
// if so, whether both were met. The resolution target is settled once the
// ticket is resolved or past due; time pending on the requester moves it
// out (tickets.Clock). The first response target is met when the first
// public agent reply (or, lacking one, the resolution) came in time. A
// ticket still inside its targets is not settled and counts nowhere.
func SLAOutcome(t *tickets.Ticket, p tickets.SLAPolicy, now time.Time) (settled, met bool) {
	tc := *t
	if tc.FirstResponseAt == nil && Resolved(&tc) {
		tc.FirstResponseAt = tc.ResolvedAt
	}
	c := tickets.Clock(&tc, p, now)
	if !Resolved(&tc) && !c.ResolutionBreached {
		return false, false
	}
	return true, !c.ResolutionBreached && !c.FirstResponseBreached
}

// Reopened reports whether a ticket was reopened after being solved. The
// reopen rate is reopened tickets over tickets ever resolved (resolved
// now, or reopened).
func Reopened(t *tickets.Ticket) bool { return t.ReopenCount > 0 }

// EverResolved reports whether a ticket counts in the reopen rate's
// denominator.
func EverResolved(t *tickets.Ticket) bool { return Resolved(t) || Reopened(t) }

// Satisfied reports the requester's answer to "did this solve it?": ok is
// false when they did not answer. CSAT is the share of answers that are
// yes.
func Satisfied(c *tickets.Conversation) (yes, ok bool) {
	if c.Resolved == nil {
		return false, false
	}
	return *c.Resolved, true
}

// SuggestionSent reports whether an agent sent a suggested reply, as
// drafted (accepted) or after editing it (edited). The acceptance rate is
// accepted over all outcomes, the edit rate edited over all outcomes, the
// discard rate discarded over all outcomes; the mean edit distance is the
// mean Levenshtein distance (in characters) between the draft and what
// was sent, over the suggestions sent (an accepted one counts 0).
func SuggestionSent(o *tickets.SuggestionOutcome) bool {
	return o.Action == tickets.OutcomeAccepted || o.Action == tickets.OutcomeEdited
}

// Ratio is num/den, nil when den is 0: a rate over nothing is undefined,
// not zero.
func Ratio(num, den int) *float64 {
	if den == 0 {
		return nil
	}
	r := float64(num) / float64(den)
	return &r
}
