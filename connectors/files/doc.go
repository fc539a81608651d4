// Package files reads the open formats of formats.md: articles and tickets
// as JSONL, CSV exports mapped onto those fields, and folders of Markdown,
// HTML and text files with front matter. Readers report each bad record with
// its file and line and go on with the rest.
package files
