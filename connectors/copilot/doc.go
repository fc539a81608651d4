// Package copilot is deskpilot's copilot mode for the help desks companies
// already use (Zendesk, Freshdesk and Freshservice, Jira Service
// Management): a help desk's webhook says a ticket was created; the
// copilot fetches the ticket through that desk's API, has the assistant
// triage it and draft a reply for an agent, and writes the draft back as
// an internal note with its sources, setting the category and group
// fields or tags the triage is sure of.
//
// Each accepted webhook event becomes a Job in a durable queue (Store),
// keyed so that a replayed delivery, or a second event for a ticket
// already taken, queues nothing. Workers on any number of processes claim
// due jobs under a lease, retry failures with exponential backoff and give
// up after a number of attempts, leaving the job failed with its last
// error for the admin to see. A note is written at most once: before
// writing, a job is marked writing and the ticket's notes are searched
// for the job's marker, so that a worker that died between writing and
// recording it does not write a second note.
//
// The help desks' own packages implement Hook (verifying and reading
// their webhooks) and Desk (their REST API); this package knows none of
// them.
package copilot
