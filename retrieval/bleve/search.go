package bleve

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"deskpilot/retrieval"
)

// maxQueryBytes bounds the text analysed for a query; MaxQueryTerms
// bounds what is searched of it.
const maxQueryBytes = 32 << 10

// Search returns up to k chunks matching any word of query under f, best
// first, scored by BM25. The query is analysed for language, or for the
// language DetectLanguage finds in it when language is "": its words are
// searched in the fields of that language and, with a lower weight, in
// the language-neutral fields every chunk has. When no language is found
// the fields of every analysed language are searched. The query is never
// parsed: quotes, colons, +, - and brackets are plain text.
func (ix *Index) Search(ctx context.Context, q, language string, k int, f retrieval.Filter) ([]retrieval.Match, error) {
	if k <= 0 {
		return nil, nil
	}
	req := ix.searchRequest(q, language, k+tieSlack, &f)
	if req == nil {
		return nil, nil
	}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("bleve: search: %w", err)
	}
	out := make([]retrieval.Match, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = retrieval.Match{Key: retrieval.ChunkKey(h.ID), Score: h.Score}
	}
	sortMatches(out)
	return out[:min(k, len(out))], nil
}

// Score returns the BM25 scores of query among keys only: the match query
// in a conjunction with the keys' document ids, which bleve walks by
// leapfrogging from the few ids rather than through every posting.
func (ix *Index) Score(ctx context.Context, q, language string, keys []retrieval.ChunkKey) ([]retrieval.Match, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	if language == "" {
		language, _ = retrieval.DetectLanguage(q)
	}
	match := ix.matchQuery(retrieval.Truncate(q, maxQueryBytes), language)
	if match == nil {
		return nil, nil
	}
	ids := make([]string, len(keys))
	for i, k := range keys {
		ids[i] = string(k)
	}
	only := query.NewDocIDQuery(ids)
	only.SetBoost(0)
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{match, only}), len(keys), 0, false)
	if st := ix.bm25Stats(); st != nil {
		req.PreSearchData = map[string]any{search.BM25PreSearchDataKey: st}
	}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("bleve: score: %w", err)
	}
	out := make([]retrieval.Match, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = retrieval.Match{Key: retrieval.ChunkKey(h.ID), Score: h.Score}
	}
	sortMatches(out)
	return out, nil
}

// sortMatches orders matches best first, ties by key.
func sortMatches(out []retrieval.Match) {
	slices.SortStableFunc(out, func(a, b retrieval.Match) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(string(a.Key), string(b.Key))
	})
}

// tieSlack is how many results beyond k a search asks bleve for, so that
// chunks of equal score are ordered by key, whatever their order in the
// segments, unless more than tieSlack of them straddle the k-th place.
// Sorting by key inside bleve would load the key of every match.
const tieSlack = 8

// searchRequest returns the request of Search for size results, or nil
// when the query has no word to search.
func (ix *Index) searchRequest(q, language string, size int, f *retrieval.Filter) *bleve.SearchRequest {
	if language == "" {
		language, _ = retrieval.DetectLanguage(q)
	}
	match := ix.matchQuery(retrieval.Truncate(q, maxQueryBytes), language)
	if match == nil {
		return nil
	}
	req := bleve.NewSearchRequestOptions(withFilter(match, f), size, 0, false)
	if st := ix.bm25Stats(); st != nil {
		req.PreSearchData = map[string]any{search.BM25PreSearchDataKey: st}
	}
	return req
}

// searchField is a field a query is searched in, with the analyzer of the
// field and the weight of its matches.
type searchField struct {
	name, analyzer string
	boost          float64
}

// searchFields returns the fields a query in language is searched in.
func (ix *Index) searchFields(language string) []searchField {
	var langs []lang
	switch l := baseLang(language); {
	case l != "":
		for _, a := range analysed {
			if a.tag == l {
				langs = append(langs, a)
			}
		}
	case language == "":
		langs = analysed // unknown: the query may be in any of them
	}
	var fields []searchField
	for _, l := range langs {
		fields = append(fields,
			searchField{langField(fieldText, l.tag), l.analyzer, 1},
			searchField{langField(fieldHeading, l.tag), l.analyzer, ix.opts.HeadingBoost})
	}
	neutral := ix.opts.FallbackBoost
	switch {
	case len(langs) == 0:
		neutral = 1 // a language without its own analysis
	case neutral < 0:
		return fields
	}
	return append(fields,
		searchField{fieldText, analyzerStd, neutral},
		searchField{fieldHeading, analyzerStd, neutral * ix.opts.HeadingBoost})
}

// matchQuery is the disjunction over the search fields of the query's
// analysed words, or nil when the query has no word to search.
func (ix *Index) matchQuery(text, language string) query.Query {
	terms := make(map[string][]string) // by analyzer
	var fieldQueries []query.Query
	for _, sf := range ix.searchFields(language) {
		ts, ok := terms[sf.analyzer]
		if !ok {
			ts = ix.queryTerms(sf.analyzer, textFieldOf(sf.name), text)
			terms[sf.analyzer] = ts
		}
		if len(ts) == 0 {
			continue
		}
		tqs := make([]query.Query, len(ts))
		for i, t := range ts {
			tq := query.NewTermQuery(t)
			tq.SetField(sf.name)
			tq.SetBoost(sf.boost)
			tqs[i] = tq
		}
		fieldQueries = append(fieldQueries, query.NewDisjunctionQuery(tqs))
	}
	if len(fieldQueries) == 0 {
		return nil
	}
	return query.NewDisjunctionQuery(fieldQueries)
}

// queryTerms returns the terms of text under analyzer worth searching:
// its distinct terms, without those in more than MaxTermShare of the chunks
// that have field, the rarest MaxQueryTerms of the rest. Long questions
// (a ticket's subject and body) are mostly common words; searching every
// one walks huge posting lists for little ranking signal.
func (ix *Index) queryTerms(analyzer, field, text string) []string {
	var terms []string
	seen := make(map[string]bool)
	for _, tok := range ix.analyzers[analyzer].Analyze([]byte(text)) {
		t := string(tok.Term)
		if t != "" && !seen[t] && len(seen) < maxAnalysedTerms {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	if len(terms) <= 1 {
		return terms
	}
	df := ix.docFreqs(field, terms)
	if df == nil {
		return terms[:min(len(terms), ix.opts.MaxQueryTerms)]
	}
	order := slices.Clone(terms)
	slices.SortStableFunc(order, func(a, b string) int { return cmp.Compare(df[a], df[b]) })
	// In a small index every posting list is short and even common words
	// help ranking: only words in both a large share and many chunks go.
	limit := uint64(max(ix.opts.MaxTermShare*float64(ix.fieldDocs(field)), minCutDocs))
	kept := order[:0]
	for i, t := range order {
		if df[t] == 0 || (df[t] > limit && i >= minQueryTerms) || len(kept) == ix.opts.MaxQueryTerms {
			continue
		}
		kept = append(kept, t)
	}
	return kept
}

// maxAnalysedTerms bounds the distinct words of a query looked up at all;
// minQueryTerms is how many of the rarest are kept however common.
const (
	maxAnalysedTerms = 256
	minQueryTerms    = 3
	minCutDocs       = 1000
)

// docFreqs returns how many chunks have each term in field, or nil when
// the index cannot say. Frequencies are cached until the next write.
func (ix *Index) docFreqs(field string, terms []string) map[string]uint64 {
	df := make(map[string]uint64, len(terms))
	var missing []string
	ix.statsMu.RLock()
	gen := ix.dfGen
	for _, t := range terms {
		if n, ok := ix.dfCache[field+"\x00"+t]; ok {
			df[t] = n
		} else {
			missing = append(missing, t)
		}
	}
	ix.statsMu.RUnlock()
	if len(missing) == 0 {
		return df
	}
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil
	}
	r, err := adv.Reader()
	if err != nil {
		return nil
	}
	defer r.Close()
	for _, t := range missing {
		tfr, err := r.TermFieldReader(context.Background(), []byte(t), field, false, false, false)
		if err != nil {
			return nil
		}
		df[t] = tfr.Count()
		tfr.Close()
	}
	ix.statsMu.Lock()
	defer ix.statsMu.Unlock()
	if ix.dfGen != gen {
		return df // a write came in meanwhile: these may be stale, so not kept
	}
	if ix.dfCache == nil || len(ix.dfCache) > maxCachedFreqs {
		ix.dfCache = make(map[string]uint64)
	}
	for _, t := range missing {
		ix.dfCache[field+"\x00"+t] = df[t]
	}
	return df
}

// maxCachedFreqs bounds the cache of document frequencies; past it the
// cache starts over.
const maxCachedFreqs = 100_000

// fieldDocs is how many chunks have field, from the corpus statistics.
func (ix *Index) fieldDocs(field string) int64 {
	ix.statsMu.RLock()
	defer ix.statsMu.RUnlock()
	if fs, ok := ix.stats.Fields[field]; ok && fs.Docs > 0 {
		return fs.Docs
	}
	return ix.stats.Docs
}

// withFilter returns match restricted by f inside the search. The term
// filters (kind, visibility, source, language) join match in a
// conjunction at zero weight, so bleve leapfrogs from the rarer side: a
// search of the article pool then skips the postings of every ticket,
// where a post-filter would score them all first. Zero weight adds the
// same nothing to every hit, so the ranking is match's. The time filter,
// a range, stays a post-filter; excluded documents are a must-not clause.
func withFilter(match query.Query, f *retrieval.Filter) query.Query {
	must := []query.Query{match}
	add := func(field string, values []string) {
		if len(values) > 0 {
			q := anyTerm(field, values)
			q.(query.BoostableQuery).SetBoost(0)
			must = append(must, q)
		}
	}
	add(fieldKind, stringsOf(f.Kinds))
	add(fieldVisibility, stringsOf(f.Visibility))
	add(fieldSource, f.Sources)
	add(fieldLanguage, f.Languages)
	var excluded []string
	for _, d := range f.Exclude {
		excluded = append(excluded, docTerm(d))
	}
	if len(must) == 1 && f.AsOf.IsZero() && len(excluded) == 0 {
		return match
	}
	bq := &query.BooleanQuery{Must: match}
	if len(must) > 1 {
		bq.Must = query.NewConjunctionQuery(must)
	}
	if len(excluded) > 0 {
		bq.MustNot = anyTerm(fieldDoc, excluded)
	}
	if !f.AsOf.IsZero() {
		bq.AddFilter(beforeQuery(f.AsOf))
	}
	return bq
}

// anyTerm matches documents whose field has any of values, unanalysed.
func anyTerm(field string, values []string) query.Query {
	qs := make([]query.Query, len(values))
	for i, v := range values {
		tq := query.NewTermQuery(keywordTerm(v))
		tq.SetField(field)
		qs[i] = tq
	}
	return query.NewDisjunctionQuery(qs)
}

// beforeQuery matches chunks created strictly before t. Times outside
// what bleve can index were clamped when indexed; so is t.
func beforeQuery(t time.Time) query.Query {
	inclusive := false
	switch {
	case t.After(query.MaxRFC3339CompatibleTime):
		t, inclusive = query.MaxRFC3339CompatibleTime, true
	case t.Before(query.MinRFC3339CompatibleTime):
		t = query.MinRFC3339CompatibleTime
	}
	q := query.NewDateRangeInclusiveQuery(time.Time{}, t, nil, &inclusive)
	q.SetField(fieldCreated)
	return q
}

func stringsOf[S ~string](vs []S) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
