// Package freshdesk syncs a Freshdesk or a Freshservice account into the
// desk; the two products share one API design (v2, API key basic auth,
// page/per_page lists) and differ in details the Source switches on:
// Freshservice wraps its lists in objects, sorts tickets only by creation
// and has its own category fields. Solution articles come from walking
// categories, folders (and Freshdesk's subfolders) and their articles,
// drafts removed and folder visibility mapped to public or internal;
// tickets come through updated_since listings with their conversations
// (public replies and private notes), and deleted or spam tickets from the
// trash listings. Retries and rate limits, X-Ratelimit-Remaining included,
// go through connectors.Client.
package freshdesk
