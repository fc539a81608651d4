// Package bleve implements retrieval.LexicalIndex on bleve: BM25 search
// over chunks with analysis per language (English and French stemming,
// accent folding for all), filters applied inside the search, and the
// chunks stored whole so that search results need no join.
//
// The index is derived data: Open reports ErrFormatChanged when an index
// was written by another FormatVersion, and the caller rebuilds it from
// the records store.
package bleve
