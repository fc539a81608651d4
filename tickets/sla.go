package tickets

import "time"

// SLAPolicy sets the targets for tickets of one priority.
type SLAPolicy struct {
	Priority      Priority      `json:"priority"`
	FirstResponse time.Duration `json:"first_response"`
	Resolution    time.Duration `json:"resolution"`
}

// DefaultSLAPolicies are the targets a new desk starts with, in calendar
// time: urgent 30 min / 4 h, high 2 h / 1 day, normal 8 h / 3 days,
// low 24 h / 7 days.
func DefaultSLAPolicies() []SLAPolicy {
	return []SLAPolicy{
		{PriorityUrgent, 30 * time.Minute, 4 * time.Hour},
		{PriorityHigh, 2 * time.Hour, 24 * time.Hour},
		{PriorityNormal, 8 * time.Hour, 72 * time.Hour},
		{PriorityLow, 24 * time.Hour, 7 * 24 * time.Hour},
	}
}

// SLAClock is the state of one ticket's SLA targets at a moment.
type SLAClock struct {
	FirstResponseDue time.Time `json:"first_response_due"`
	ResolutionDue    time.Time `json:"resolution_due"`
	// FirstResponseBreached and ResolutionBreached are final once the target
	// was met or missed, and otherwise say whether the deadline has passed.
	FirstResponseBreached bool `json:"first_response_breached"`
	ResolutionBreached    bool `json:"resolution_breached"`
	// Paused is true while the ticket is pending on the requester.
	Paused bool `json:"paused"`
	// ResolutionRemaining is the time left before the resolution target at
	// the moment of the clock (negative once breached, zero when resolved).
	ResolutionRemaining time.Duration `json:"resolution_remaining"`
}

// Clock computes the SLA state of t at now under policy p. Time spent
// pending does not count against the resolution target; it moves the
// deadline out instead.
func Clock(t *Ticket, p SLAPolicy, now time.Time) SLAClock {
	paused := time.Duration(t.PausedSeconds) * time.Second
	if t.PendingSince != nil && !t.Status.Resolved() {
		paused += now.Sub(*t.PendingSince)
	}
	c := SLAClock{
		FirstResponseDue: t.CreatedAt.Add(p.FirstResponse),
		ResolutionDue:    t.CreatedAt.Add(p.Resolution + paused),
		Paused:           t.PendingSince != nil && !t.Status.Resolved(),
	}
	if t.FirstResponseAt != nil {
		c.FirstResponseBreached = t.FirstResponseAt.After(c.FirstResponseDue)
	} else {
		c.FirstResponseBreached = now.After(c.FirstResponseDue)
	}
	if t.ResolvedAt != nil && t.Status.Resolved() {
		c.ResolutionBreached = t.ResolvedAt.After(c.ResolutionDue)
	} else {
		c.ResolutionBreached = now.After(c.ResolutionDue)
		c.ResolutionRemaining = c.ResolutionDue.Sub(now)
	}
	return c
}

// PolicyFor returns the policy for priority pr from policies, falling back to
// the normal priority's policy (and then the defaults) when it has none.
func PolicyFor(policies []SLAPolicy, pr Priority) SLAPolicy {
	for _, set := range [][]SLAPolicy{policies, DefaultSLAPolicies()} {
		for _, want := range []Priority{pr, PriorityNormal} {
			for _, p := range set {
				if p.Priority == want {
					return p
				}
			}
		}
	}
	return DefaultSLAPolicies()[2]
}
