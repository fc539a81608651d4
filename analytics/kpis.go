package analytics

import (
	"errors"
	"time"

	"deskpilot/tickets"
)

// Window is the span [From, To) a report covers.
type Window struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Contains reports whether t falls in the window.
func (w Window) Contains(t time.Time) bool { return !t.Before(w.From) && t.Before(w.To) }

// Validate checks that the window is not empty.
func (w Window) Validate() error {
	if !w.From.Before(w.To) {
		return errors.New("analytics: the window must end after it starts")
	}
	return nil
}

// Data are the records the KPIs are computed from. Tickets that are
// resolved need their messages (FirstContactResolved reads them).
// Records outside the window are ignored, so one Data can serve a report
// and its weeks.
type Data struct {
	Tickets       []*tickets.Ticket
	Conversations []*tickets.Conversation
	Outcomes      []*tickets.SuggestionOutcome
	// SLA are the desk's SLA policies (tickets.PolicyFor picks one).
	SLA []tickets.SLAPolicy
	// Now is when SLA clocks are read.
	Now time.Time
}

// KPIs is the report of a window: the counts each rate is made of, then
// the rate, nil when its denominator is 0. See the definitions in
// define.go.
type KPIs struct {
	Window
	// Requests are conversations plus tickets that did not come from one.
	Tickets       int `json:"tickets"`
	Conversations int `json:"conversations"`
	Requests      int `json:"requests"`

	SelfServiceResolved       int      `json:"self_service_resolved"`
	SelfServiceResolutionRate *float64 `json:"self_service_resolution_rate"`
	AutomationRate            *float64 `json:"automation_rate"`

	SuggestionsTotal           int      `json:"suggestions_total"`
	SuggestionsAccepted        int      `json:"suggestions_accepted"`
	SuggestionsEdited          int      `json:"suggestions_edited"`
	SuggestionsDiscarded       int      `json:"suggestions_discarded"`
	SuggestionAcceptanceRate   *float64 `json:"suggestion_acceptance_rate"`
	SuggestionEditRate         *float64 `json:"suggestion_edit_rate"`
	SuggestionDiscardRate      *float64 `json:"suggestion_discard_rate"`
	SuggestionMeanEditDistance *float64 `json:"suggestion_mean_edit_distance"`

	ResolvedTickets            int      `json:"resolved_tickets"`
	FirstContactResolved       int      `json:"first_contact_resolved"`
	FirstContactResolutionRate *float64 `json:"first_contact_resolution_rate"`
	MTTRHours                  *float64 `json:"mttr_hours"`

	SLASettled        int      `json:"sla_settled"`
	SLAMet            int      `json:"sla_met"`
	SLAComplianceRate *float64 `json:"sla_compliance_rate"`

	EverResolved int      `json:"ever_resolved"`
	Reopened     int      `json:"reopened"`
	ReopenRate   *float64 `json:"reopen_rate"`

	CSATResponses int      `json:"csat_responses"`
	CSATYes       int      `json:"csat_yes"`
	CSAT          *float64 `json:"csat"`
}

// Compute reports the KPIs of w over d.
func Compute(d Data, w Window) KPIs {
	k := KPIs{Window: w}
	fromHandoff := map[int64]bool{}
	for _, c := range d.Conversations {
		if !w.Contains(c.CreatedAt) {
			continue
		}
		k.Conversations++
		if c.TicketID != nil {
			fromHandoff[*c.TicketID] = true
		}
		if ResolvedBySelfService(c) {
			k.SelfServiceResolved++
		}
		if yes, ok := Satisfied(c); ok {
			k.CSATResponses++
			if yes {
				k.CSATYes++
			}
		}
	}
	k.Requests = k.Conversations
	var hours float64
	for _, t := range d.Tickets {
		if !w.Contains(t.CreatedAt) {
			continue
		}
		k.Tickets++
		if IsRequest(t, fromHandoff) {
			k.Requests++
		}
		if dur, ok := ResolutionTime(t); ok {
			k.ResolvedTickets++
			hours += dur.Hours()
			if FirstContactResolved(t) {
				k.FirstContactResolved++
			}
		}
		if settled, met := SLAOutcome(t, tickets.PolicyFor(d.SLA, t.Priority), d.Now); settled {
			k.SLASettled++
			if met {
				k.SLAMet++
			}
		}
		if EverResolved(t) {
			k.EverResolved++
			if Reopened(t) {
				k.Reopened++
			}
		}
	}
	k.countOutcomes(d.Outcomes, w)
	k.SelfServiceResolutionRate = Ratio(k.SelfServiceResolved, k.Conversations)
	k.AutomationRate = AutomationRate(k.SelfServiceResolved, k.Requests)
	k.FirstContactResolutionRate = Ratio(k.FirstContactResolved, k.ResolvedTickets)
	if k.ResolvedTickets > 0 {
		m := hours / float64(k.ResolvedTickets)
		k.MTTRHours = &m
	}
	k.SLAComplianceRate = Ratio(k.SLAMet, k.SLASettled)
	k.ReopenRate = Ratio(k.Reopened, k.EverResolved)
	k.CSAT = Ratio(k.CSATYes, k.CSATResponses)
	return k
}

// countOutcomes adds the suggestion outcomes decided in w.
func (k *KPIs) countOutcomes(outcomes []*tickets.SuggestionOutcome, w Window) {
	distance, sent := 0, 0
	for _, o := range outcomes {
		if !w.Contains(o.DecidedAt) {
			continue
		}
		k.SuggestionsTotal++
		switch o.Action {
		case tickets.OutcomeAccepted:
			k.SuggestionsAccepted++
		case tickets.OutcomeEdited:
			k.SuggestionsEdited++
		case tickets.OutcomeDiscarded:
			k.SuggestionsDiscarded++
		}
		if SuggestionSent(o) {
			sent++
			if o.Action == tickets.OutcomeEdited {
				distance += o.EditDistance
			}
		}
	}
	k.SuggestionAcceptanceRate = Ratio(k.SuggestionsAccepted, k.SuggestionsTotal)
	k.SuggestionEditRate = Ratio(k.SuggestionsEdited, k.SuggestionsTotal)
	k.SuggestionDiscardRate = Ratio(k.SuggestionsDiscarded, k.SuggestionsTotal)
	k.SuggestionMeanEditDistance = Ratio(distance, sent)
}

// Week is the report of one calendar week (Monday 00:00 UTC), clipped to
// the window it was cut from.
type Week struct {
	Start time.Time `json:"start"`
	KPIs
}

// MaxWeeks bounds a trend: longer windows are cut from their end.
const MaxWeeks = 106

// Weekly cuts w into calendar weeks, the first and last clipped to w, and
// reports each. At most MaxWeeks weeks are reported, the latest ones.
func Weekly(d Data, w Window) []Week {
	if w.Validate() != nil {
		return nil
	}
	first := WeekStart(w.From)
	if last := WeekStart(w.To.Add(-time.Nanosecond)); last.Sub(first) >= MaxWeeks*7*24*time.Hour {
		first = last.AddDate(0, 0, -7*(MaxWeeks-1))
	}
	var out []Week
	for start := first; start.Before(w.To); start = start.AddDate(0, 0, 7) {
		part := Window{From: maxTime(start, w.From), To: minTime(start.AddDate(0, 0, 7), w.To)}
		out = append(out, Week{Start: start, KPIs: Compute(d, part)})
	}
	return out
}

// WeekStart returns the Monday 00:00 UTC on or before t.
func WeekStart(t time.Time) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
