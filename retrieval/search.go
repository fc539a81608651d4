package retrieval

import (
	"context"
	"fmt"
	"slices"
	"sort"
)

// Hit is one chunk a search returns, with how each index ranked it.
type Hit struct {
	Chunk Chunk   `json:"chunk"`
	Score float64 `json:"score"` // fused; comparable within one search only
	// LexicalRank and VectorRank are 1-based ranks in each index's list, 0
	// when that index did not return the chunk.
	LexicalRank  int     `json:"lexical_rank,omitempty"`
	VectorRank   int     `json:"vector_rank,omitempty"`
	LexicalScore float64 `json:"lexical_score,omitempty"`
	VectorScore  float64 `json:"vector_score,omitempty"`
}

// Why says which index found the hit: "lexical", "vector" or "both".
func (h *Hit) Why() string {
	switch {
	case h.LexicalRank > 0 && h.VectorRank > 0:
		return "both"
	case h.VectorRank > 0:
		return "vector"
	}
	return "lexical"
}

// Query is a search request.
type Query struct {
	Text     string
	Language string // "" detects it
	K        int    // hits wanted; 0 means 10
	Filter   Filter
}

// SearchOptions tune the fusion. Zero values take the defaults.
type SearchOptions struct {
	// Depth is how many candidates each index contributes per pool
	// (default 50).
	Depth int
	// RRFK is the rank constant of reciprocal rank fusion (default 60).
	RRFK float64
	// LexicalWeight and VectorWeight weigh each index's contribution
	// (defaults 1 and 1; a zero weight beside a positive one leaves that
	// index out).
	LexicalWeight, VectorWeight float64
	// ArticleWeight and TicketWeight weigh the two pools: articles are the
	// curated answer, past tickets the fallback (defaults 1 and 0.8).
	ArticleWeight, TicketWeight float64
	// RerankKinds are the pools that, once the index holds more than
	// RerankAbove chunks, are searched by vectors first, BM25 then scoring
	// only those candidates: walking every posting of a query's words in
	// a pool of a hundred thousand past tickets costs tens of
	// milliseconds, and the built-in embedder's hashed word and n-gram
	// features already find the lexical matches (on stackfaq-dev, reranking
	// every pool scores as full hybrid search: nDCG@10 0.8824 against
	// 0.8828). Defaults: both pools, above 50,000 chunks; a negative
	// RerankAbove never reranks.
	RerankKinds []Kind
	RerankAbove int
	// EmbedFailed, when set, lets a search whose query cannot be embedded
	// (an embedding service down or refusing calls) go on with the lexical
	// index alone, and is told why; without it such a search fails.
	EmbedFailed func(ctx context.Context, err error)
}

func (o SearchOptions) withDefaults() SearchOptions {
	if o.Depth <= 0 {
		o.Depth = 50
	}
	if o.RRFK <= 0 {
		o.RRFK = 60
	}
	if o.LexicalWeight == 0 && o.VectorWeight == 0 {
		o.LexicalWeight, o.VectorWeight = 1, 1
	}
	if o.ArticleWeight == 0 && o.TicketWeight == 0 {
		o.ArticleWeight, o.TicketWeight = 1, 0.8
	}
	if o.RerankKinds == nil {
		o.RerankKinds = []Kind{KindArticle, KindTicket}
	}
	if o.RerankAbove == 0 {
		o.RerankAbove = 50_000
	}
	return o
}

// Searcher runs hybrid search: BM25 and vector search over each pool
// (articles, past tickets), fused by weighted reciprocal rank. Without an
// embedder or vector index it is a lexical search.
type Searcher struct {
	lex  LexicalIndex
	vec  VectorIndex
	emb  Embedder
	opts SearchOptions
}

// NewSearcher returns a searcher over the given indexes; vec and emb may
// both be nil.
func NewSearcher(lex LexicalIndex, vec VectorIndex, emb Embedder, opts SearchOptions) *Searcher {
	if vec == nil || emb == nil {
		vec, emb = nil, nil
	}
	return &Searcher{lex: lex, vec: vec, emb: emb, opts: opts.withDefaults()}
}

// Options returns the searcher's effective options.
func (s *Searcher) Options() SearchOptions { return s.opts }

// Search returns the best k chunks for q, best first.
func (s *Searcher) Search(ctx context.Context, q Query) ([]Hit, error) {
	hits, err := s.candidates(ctx, &q)
	if err != nil {
		return nil, err
	}
	if len(hits) > q.K {
		hits = hits[:q.K]
	}
	return s.resolve(ctx, hits, &q.Filter)
}

// candidates runs the fused search and returns every candidate, best
// first, with only its key known (the stored chunk is loaded by resolve).
func (s *Searcher) candidates(ctx context.Context, q *Query) ([]*Hit, error) {
	if q.K <= 0 {
		q.K = 10
	}
	if q.Language == "" {
		q.Language, _ = DetectLanguage(q.Text)
	}
	var qvec []float32
	if s.emb != nil {
		vs, err := s.emb.Embed(ctx, []string{q.Text})
		switch {
		case err == nil:
			qvec = vs[0]
		case s.opts.EmbedFailed != nil && ctx.Err() == nil:
			s.opts.EmbedFailed(ctx, err) // lexical search alone
		default:
			return nil, fmt.Errorf("retrieval: embed query: %w", err)
		}
	}
	lists, err := s.poolLists(ctx, *q, qvec)
	if err != nil {
		return nil, err
	}
	fused := map[ChunkKey]*Hit{}
	for _, l := range lists {
		s.fuse(l, fused)
	}
	hits := make([]*Hit, 0, len(fused))
	for _, h := range fused {
		hits = append(hits, h)
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Chunk.Key() < hits[j].Chunk.Key() // stable across runs
	})
	return hits, nil
}

// pool is one kind of knowledge searched on its own, with its weight.
type pool struct {
	kind   Kind
	weight float64
}

// pools returns the kinds the filter admits, each with its weight.
func (s *Searcher) pools(f Filter) []pool {
	var out []pool
	for _, p := range []pool{{KindArticle, s.opts.ArticleWeight}, {KindTicket, s.opts.TicketWeight}} {
		if p.weight > 0 && (len(f.Kinds) == 0 || slices.Contains(f.Kinds, p.kind)) {
			out = append(out, p)
		}
	}
	return out
}

// poolList is what each index found in one pool.
type poolList struct {
	pool
	lex, vec []Match
}

// poolLists searches every pool the filter admits. Pools reranked among
// their vector candidates are scored by BM25 in one call for all of them,
// since preparing a query's terms is most of what scoring a few dozen
// candidates costs.
func (s *Searcher) poolLists(ctx context.Context, q Query, qvec []float32) ([]*poolList, error) {
	var lists, deferred []*poolList
	large := qvec != nil && s.largeIndex(ctx)
	for _, p := range s.pools(q.Filter) {
		l := &poolList{pool: p}
		f := q.Filter
		f.Kinds = []Kind{p.kind}
		var err error
		if qvec != nil {
			if l.vec, err = s.vec.Search(ctx, qvec, s.opts.Depth, f); err != nil {
				return nil, fmt.Errorf("retrieval: vector search: %w", err)
			}
		}
		switch {
		case s.opts.LexicalWeight <= 0: // turned off, as in evaluations of vectors alone
		case large && slices.Contains(s.opts.RerankKinds, p.kind):
			deferred = append(deferred, l)
		default:
			if l.lex, err = s.lex.Search(ctx, q.Text, q.Language, s.opts.Depth, f); err != nil {
				return nil, fmt.Errorf("retrieval: lexical search: %w", err)
			}
		}
		lists = append(lists, l)
	}
	if len(deferred) == 0 {
		return lists, nil
	}
	var keys []ChunkKey
	byKind := map[Kind]*poolList{}
	for _, l := range deferred {
		byKind[l.kind] = l
		for _, m := range l.vec {
			keys = append(keys, m.Key)
		}
	}
	scored, err := s.lex.Score(ctx, q.Text, q.Language, keys)
	if err != nil {
		return nil, fmt.Errorf("retrieval: lexical scoring: %w", err)
	}
	for _, m := range scored { // best first overall, so best first per pool
		if ref, _, err := m.Key.Parse(); err == nil && byKind[ref.Kind] != nil {
			byKind[ref.Kind].lex = append(byKind[ref.Kind].lex, m)
		}
	}
	return lists, nil
}

// fuse adds a pool's lists to the fused hits by weighted reciprocal rank.
func (s *Searcher) fuse(l *poolList, fused map[ChunkKey]*Hit) {
	add := func(ms []Match, w float64, set func(h *Hit, rank int, score float64)) {
		for i, m := range ms {
			h := fused[m.Key]
			if h == nil {
				h = &Hit{Chunk: Chunk{Kind: l.kind}}
				fused[m.Key] = h
				h.Chunk.DocumentID, h.Chunk.Ordinal = keyParts(m.Key)
			}
			h.Score += l.weight * w / (s.opts.RRFK + float64(i+1))
			set(h, i+1, m.Score)
		}
	}
	add(l.lex, s.opts.LexicalWeight, func(h *Hit, r int, sc float64) { h.LexicalRank, h.LexicalScore = r, sc })
	add(l.vec, s.opts.VectorWeight, func(h *Hit, r int, sc float64) { h.VectorRank, h.VectorScore = r, sc })
}

// largeIndex reports whether the index holds more than RerankAbove
// chunks, so that the pools of RerankKinds are searched vectors first.
func (s *Searcher) largeIndex(ctx context.Context) bool {
	if s.opts.RerankAbove < 0 || len(s.opts.RerankKinds) == 0 {
		return false
	}
	n, err := s.lex.Count(ctx)
	return err == nil && n > s.opts.RerankAbove
}

func keyParts(k ChunkKey) (int64, int) {
	ref, ord, err := k.Parse()
	if err != nil {
		return 0, 0
	}
	return ref.ID, ord
}

// resolve fills in the chunks' stored fields from the lexical index, and
// drops hits it no longer has (deleted between the two searches) or that
// the filter refuses as stored there: the indexes can disagree for a
// moment (a catch-up half done, another node's vectors), and what a
// requester may see is decided on the text about to be shown.
func (s *Searcher) resolve(ctx context.Context, hits []*Hit, f *Filter) ([]Hit, error) {
	keys := make([]ChunkKey, len(hits))
	for i, h := range hits {
		keys[i] = h.Chunk.Key()
	}
	chunks, err := s.lex.Chunks(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("retrieval: load chunks: %w", err)
	}
	out := make([]Hit, 0, len(hits))
	for i, h := range hits {
		if chunks[i].Key() != keys[i] || !f.Allows(&chunks[i]) {
			continue
		}
		h.Chunk = chunks[i]
		out = append(out, *h)
	}
	return out, nil
}

// DocumentHit is a document found by a search: its best chunk and the
// document's score.
type DocumentHit struct {
	Hit
	Chunks int // how many of its chunks were among the candidates
}

// SearchDocuments searches chunks and returns up to k distinct documents,
// each scored by its best chunk. Candidates are collapsed into documents
// before any stored chunk is loaded, so a document split into many chunks
// neither crowds out the rest nor costs loads.
func (s *Searcher) SearchDocuments(ctx context.Context, q Query) ([]DocumentHit, error) {
	hits, err := s.candidates(ctx, &q)
	if err != nil {
		return nil, err
	}
	seen := map[DocRef]int{}
	var best []*Hit
	var counts []int
	for _, h := range hits {
		ref := DocRef{h.Chunk.Kind, h.Chunk.DocumentID}
		if i, ok := seen[ref]; ok {
			counts[i]++
			continue
		}
		seen[ref] = len(best)
		best, counts = append(best, h), append(counts, 1)
	}
	// Load a few more than k: resolve drops chunks gone or now refused.
	n := min(len(best), q.K+q.K/2+1)
	resolved, err := s.resolve(ctx, best[:n], &q.Filter)
	if err != nil {
		return nil, err
	}
	out := make([]DocumentHit, 0, min(q.K, len(resolved)))
	for _, h := range resolved {
		if len(out) == q.K {
			break
		}
		out = append(out, DocumentHit{Hit: h, Chunks: counts[seen[DocRef{h.Chunk.Kind, h.Chunk.DocumentID}]]})
	}
	return out, nil
}
