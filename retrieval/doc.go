// Package retrieval owns the knowledge the assistant answers from: documents
// (KB articles and the searchable form of past tickets), their cleaning,
// chunking and redaction, and the hybrid search over them. The lexical index,
// the vector index and the embedder are interfaces implemented by adapters.
package retrieval
