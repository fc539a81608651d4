// Package localembed is deskpilot's built-in embedder: it needs no network
// and no downloaded weights, so the embedded default works offline, and it
// is fast enough to embed a desk's knowledge on a laptop.
//
// A vector has two parts. The first hashes what a text says, in a fixed
// space of signed buckets: the stems of its words, their character
// n-grams (for typos, compounds and morphology) and the concepts of a small English and French service-desk thesaurus written
// in code ("pwd" and "mot de passe" are both a password). The second is
// learned from the corpus being indexed: Fit computes document frequencies
// (idf weights) and latent topics by LSA, the truncated SVD of the
// document-term matrix, so that a question can meet an answer written with
// other words. Unfitted, an embedder uses the hashed part alone, which is
// what a brand-new desk needs.
//
// Texts are best given as the chunk's heading path on the first line,
// then the chunk's text ("Title > Section\nBody...", as retrieval's
// EmbedText writes them), and tickets as subject then body: a short first
// line is read as the text's lead and weighs double, as titles do in
// full-text search.
//
// Lifecycle: reindex calls Fit with the texts of every chunk it indexes,
// saves the state with WriteFile (or MarshalBinary) next to the indexes,
// and embeds the chunks. At start, ReadFile restores the state so that
// queries are embedded the way the chunks were; chunks added later are
// embedded with that state until the next reindex. Model() includes a
// digest of the state, so vectors made before a Fit are recognized as
// stale and rebuilt.
package localembed
