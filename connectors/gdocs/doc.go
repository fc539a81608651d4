// Package gdocs syncs the Google Docs of chosen Drive folders into the
// desk as articles: Drive v3 files.list finds the documents (incrementally,
// by modifiedTime, a page at a time by pageToken) and files.export exports
// each as HTML or plain text. Documents trashed, deleted or moved out of
// the folders leave the desk at the engine's reconciliation (LiveIDs). It
// signs in with an OAuth 2.0 access token and relies on connectors.Client
// for retries, with Drive's rate-limit answers (403 rateLimitExceeded,
// 429) waited out with backoff.
package gdocs
