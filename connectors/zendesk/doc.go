// Package zendesk syncs a Zendesk account into the desk: Help Center
// articles through the incremental article export (one record per article
// and locale, sections as tags, drafts and restricted articles handled),
// and tickets through the cursor-based incremental ticket export with
// their public and private comments. It speaks the documented REST API
// with an API token (email/token basic auth) or an OAuth bearer token, and
// relies on connectors.Client for retries and rate limits, including
// Zendesk's own rate-limit headers.
package zendesk
