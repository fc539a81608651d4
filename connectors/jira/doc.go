// Package jira syncs the requests of Jira Service Management projects
// into the desk as tickets: the issues of the chosen projects, found by
// JQL through the enhanced search (/rest/api/3/search/jql, paged by
// nextPageToken) in the order of their last change, with their comments
// (public replies and internal notes, by jsdPublic), their request type
// as category, and their Atlassian Document Format bodies turned to text.
// The position between syncs is the last change written; JQL dates are
// minutes in the API user's time zone, which is asked for, so each search
// starts at the minute of that change and skips what was written. Deleted
// issues, and issues moved out of the projects, are found by the engine's
// reconciliation. It signs in with an email and an API token and relies
// on connectors.Client for retries and rate limits, including Atlassian's
// X-RateLimit-* headers.
package jira
