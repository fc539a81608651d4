// Package servicenow syncs a ServiceNow instance into the desk through the
// Table API: knowledge articles (kb_knowledge: published ones kept, retired
// and draft ones removed, restricted ones internal) and incidents with
// their additional comments and work notes (sys_journal_field; work notes
// become internal notes). Both tables are read incrementally by
// sys_updated_on, a page at a time with sysparm_offset and sysparm_limit,
// ending by the Link and X-Total-Count headers. It signs in with a user
// and password (basic auth) or an OAuth bearer token, and relies on
// connectors.Client for retries and 429 answers with Retry-After.
package servicenow
