// Package tickets owns the service desk's records of work: tickets and their
// messages, the people who raise and answer them (users in the roles
// requester, agent and admin), the teams tickets are routed to, the admin's
// category taxonomy, and the SLA policies whose clocks run on every ticket.
//
// The Service applies the rules (validation, the status lifecycle, assignment,
// SLA timestamps); a Store persists records and is implemented by the
// adapters in store/sqlite and store/postgres.
package tickets
