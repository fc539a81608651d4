// Package analytics owns the desk's KPIs: what each one counts, over which
// records, and how it is computed from tickets, self-service conversations
// and suggestion outcomes. Each definition is written once, here, with its
// doc comment; the admin dashboard, the KPI API and the simulation's
// report speak of the same quantities.
//
// The window of a report is a cohort: tickets and conversations count in
// the window they were created in, whatever happened to them later, and
// suggestion outcomes in the window they were decided in. A rate whose
// denominator is empty is undefined (nil, JSON null), never 0.
package analytics
