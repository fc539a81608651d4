// Package confluence syncs the pages of chosen Confluence Cloud spaces
// into the desk as articles: their storage-format bodies rewritten as
// plain HTML (macros, links, task lists) for retrieval's cleaner, their
// labels and ancestors' titles as tags, internal unless their space is
// named public. Changed pages are found with a CQL search (lastmodified,
// minutes in the API user's time zone, which is asked for) through the v1
// content search, paged by its cursor; trashed, archived and moved pages
// are found by the engine's reconciliation, from the v2 page listings of
// the spaces. It signs in with an email and an API token and relies on
// connectors.Client for retries and rate limits, including Atlassian's
// X-RateLimit-* headers.
package confluence
