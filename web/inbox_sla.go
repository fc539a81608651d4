package web

import (
	"cmp"
	"fmt"
	"time"

	"deskpilot/tickets"
)

// atRiskShare is the share of an SLA target left under which a running
// timer is at risk.
const atRiskShare = 4 // less than a quarter left

// SLA timer states, which are also the CSS classes of the timers.
const (
	slaRunning  = "running"
	slaRisk     = "risk"
	slaBreached = "breached"
	slaPaused   = "paused"
	slaMet      = "met"
	slaMissed   = "missed"
	slaNone     = "none"
)

// slaTimer is one SLA target of a ticket as the inbox shows it.
type slaTimer struct {
	State string
	Due   time.Time
	Left  time.Duration // negative once overdue; meaningful while running or paused
	Text  string        // "2h 15m left", in the page's language
}

// running reports whether the timer counts down now.
func (t slaTimer) running() bool {
	return t.State == slaRunning || t.State == slaRisk || t.State == slaBreached
}

// slaView is a ticket's two SLA timers and the worst of their states.
type slaView struct {
	FirstResponse slaTimer
	Resolution    slaTimer
	Risk          string // breached, risk or ""
}

// slaOf computes the timers of t under policy p at now, in lang.
func slaOf(t *tickets.Ticket, p tickets.SLAPolicy, now time.Time, lang string) slaView {
	clock := tickets.Clock(t, p, now)
	var v slaView
	fr := &v.FirstResponse
	fr.Due = clock.FirstResponseDue
	switch {
	case t.FirstResponseAt != nil && clock.FirstResponseBreached:
		fr.State = slaMissed
	case t.FirstResponseAt != nil:
		fr.State = slaMet
	case t.Status.Resolved():
		fr.State = slaNone
	default:
		fr.Left = clock.FirstResponseDue.Sub(now)
		fr.State = countdown(fr.Left, p.FirstResponse)
	}
	res := &v.Resolution
	res.Due = clock.ResolutionDue
	switch {
	case t.Status.Resolved() && clock.ResolutionBreached:
		res.State = slaMissed
	case t.Status.Resolved():
		res.State = slaMet
	case clock.Paused:
		res.State, res.Left = slaPaused, clock.ResolutionRemaining
	default:
		res.Left = clock.ResolutionRemaining
		res.State = countdown(res.Left, p.Resolution)
	}
	for _, tm := range []*slaTimer{fr, res} {
		tm.Text = timerText(*tm, lang)
		if tm.State == slaBreached || (tm.State == slaRisk && v.Risk == "") {
			v.Risk = tm.State
		}
	}
	return v
}

// countdown is the state of a running timer with left of target.
func countdown(left, target time.Duration) string {
	switch {
	case left < 0:
		return slaBreached
	case left < target/atRiskShare:
		return slaRisk
	}
	return slaRunning
}

// timerText says a timer's state in lang.
func timerText(t slaTimer, lang string) string {
	switch t.State {
	case slaMet, slaMissed, slaNone:
		return translate(lang, "sla."+t.State)
	case slaPaused:
		return fmt.Sprintf(translate(lang, "sla.paused.left"), shortDuration(t.Left, lang))
	case slaBreached:
		return fmt.Sprintf(translate(lang, "sla.overdue"), shortDuration(-t.Left, lang))
	}
	return fmt.Sprintf(translate(lang, "sla.left"), shortDuration(t.Left, lang))
}

// shortDuration writes d with its two largest units: "2d 4h", "3h 10m",
// "45m"; under a minute is "0m".
func shortDuration(d time.Duration, lang string) string {
	d = max(d, 0)
	days, hours, mins := int(d/(24*time.Hour)), int(d/time.Hour)%24, int(d/time.Minute)%60
	u := func(k string) string { return translate(lang, "sla.unit."+k) }
	switch {
	case days > 0:
		return fmt.Sprintf("%d%s %d%s", days, u("d"), hours, u("h"))
	case hours > 0:
		return fmt.Sprintf("%d%s %d%s", hours, u("h"), mins, u("m"))
	}
	return fmt.Sprintf("%d%s", mins, u("m"))
}

// urgency orders the inbox: tickets with a running timer first, the
// nearest (or most overdue) deadline first; then those paused on the
// requester, least time left first; then resolved ones, latest first.
func urgency(a, b *inboxRow) int {
	ga, gb := a.group(), b.group()
	if ga != gb {
		return cmp.Compare(ga, gb)
	}
	var c int
	switch ga {
	case 0:
		c = a.nextDue().Compare(b.nextDue())
	case 1:
		c = cmp.Compare(a.SLA.Resolution.Left, b.SLA.Resolution.Left)
	default:
		c = b.Ticket.UpdatedAt.Compare(a.Ticket.UpdatedAt)
	}
	if c == 0 {
		c = cmp.Compare(a.Ticket.ID, b.Ticket.ID)
	}
	return c
}

func (r *inboxRow) group() int {
	switch {
	case r.SLA.FirstResponse.running() || r.SLA.Resolution.running():
		return 0
	case r.SLA.Resolution.State == slaPaused:
		return 1
	}
	return 2
}

// nextDue is the earliest deadline of the row's running timers.
func (r *inboxRow) nextDue() time.Time {
	var due time.Time
	for _, t := range []slaTimer{r.SLA.FirstResponse, r.SLA.Resolution} {
		if t.running() && (due.IsZero() || t.Due.Before(due)) {
			due = t.Due
		}
	}
	return due
}
