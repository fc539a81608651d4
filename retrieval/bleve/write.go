package bleve

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"deskpilot/retrieval"
)

// Upsert indexes chunks in batches of Options.BatchSize, replacing the
// chunks with the same keys. A batch is atomic; ctx is checked between
// batches. A chunk of an unknown kind fails the call before any write.
func (ix *Index) Upsert(ctx context.Context, chunks []retrieval.Chunk) error {
	for i := range chunks {
		if _, _, err := chunks[i].Key().Parse(); err != nil {
			return fmt.Errorf("bleve: upsert: %w", err)
		}
	}
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	adv, err := ix.idx.Advanced()
	if err != nil {
		return fmt.Errorf("bleve: upsert: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("bleve: upsert: %w", err)
	}
	defer r.Close()
	w := &upsert{ix: ix, r: r, stats: ix.currentStats(), written: make(map[string]lengths)}
	for start := 0; start < len(chunks); start += ix.opts.BatchSize {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("bleve: upsert: %w", err)
		}
		if err := w.batch(chunks[start:min(start+ix.opts.BatchSize, len(chunks))]); err != nil {
			return fmt.Errorf("bleve: upsert: %w", err)
		}
	}
	return nil
}

// upsert is one call of Upsert: r is the index before it, written the
// lengths of the chunks its earlier batches wrote.
type upsert struct {
	ix      *Index
	r       index.IndexReader
	stats   corpusStats
	written map[string]lengths
}

// batch writes chunks and the statistics counting them in one batch.
func (w *upsert) batch(chunks []retrieval.Chunk) error {
	b := w.ix.idx.NewBatch()
	for i := range chunks {
		c := &chunks[i]
		key := c.Key()
		old, ok := w.written[string(key)]
		if !ok {
			var err error
			if old, err = storedLengths(w.r, string(key)); err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
		}
		if old != nil {
			w.stats.add(old, -1)
		}
		l := w.ix.lengthsOf(c)
		w.stats.add(l, 1)
		w.written[string(key)] = l
		doc, err := indexDoc(c, l)
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		if err := b.Index(string(key), doc); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
	}
	if err := setStats(b, w.stats); err != nil {
		return err
	}
	if err := w.ix.idx.Batch(b); err != nil {
		return err
	}
	w.ix.publishStats(w.stats)
	return nil
}

// indexDoc is what bleve indexes of c: the filter fields, text and
// heading in the fields of c's language and in the neutral ones, and c
// itself as JSON for Chunks.
func indexDoc(c *retrieval.Chunk, l lengths) (map[string]any, error) {
	src, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	heading := strings.Join(c.Heading, "\n")
	doc := map[string]any{
		fieldKind:       keywordTerm(string(c.Kind)),
		fieldVisibility: keywordTerm(string(c.Visibility)),
		fieldSource:     keywordTerm(c.Source),
		fieldLanguage:   keywordTerm(c.Language),
		fieldDoc:        docTerm(retrieval.DocRef{Kind: c.Kind, ID: c.DocumentID}),
		fieldCreated:    clampTime(c.CreatedAt),
		fieldStored:     string(src),
		fieldLengths:    l.String(),
		fieldText:       c.Text,
		fieldHeading:    heading,
	}
	if l := baseLang(c.Language); l != "" {
		doc[langField(fieldText, l)] = c.Text
		doc[langField(fieldHeading, l)] = heading
	}
	return doc, nil
}

// keywordTerm is the indexed form of a filter value: an empty value is
// indexed as a term of its own, so a filter can ask for it.
func keywordTerm(v string) string {
	if v == "" {
		return "\x00"
	}
	return v
}

func docTerm(d retrieval.DocRef) string {
	return string(d.Kind) + ":" + strconv.FormatInt(d.ID, 10)
}

// clampTime brings t into the range bleve can index and query (December
// 1677 to April 2262), so that a zero CreatedAt still sorts before every
// AsOf.
func clampTime(t time.Time) time.Time {
	switch {
	case t.Before(query.MinRFC3339CompatibleTime):
		return query.MinRFC3339CompatibleTime
	case t.After(query.MaxRFC3339CompatibleTime):
		return query.MaxRFC3339CompatibleTime
	}
	return t
}

// deletePage is how many chunks DeleteDocument removes per batch.
const deletePage = 1000

// DeleteDocument removes every chunk of doc.
func (ix *Index) DeleteDocument(ctx context.Context, doc retrieval.DocRef) error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	q := query.NewTermQuery(docTerm(doc))
	q.SetField(fieldDoc)
	for {
		req := bleve.NewSearchRequestOptions(q, deletePage, 0, false)
		req.Score = "none"
		req.Fields = []string{fieldLengths}
		res, err := ix.idx.SearchInContext(ctx, req)
		if err != nil {
			return fmt.Errorf("bleve: delete %s: %w", docTerm(doc), err)
		}
		if len(res.Hits) == 0 {
			return nil
		}
		if err := ix.deleteHits(res.Hits); err != nil {
			return fmt.Errorf("bleve: delete %s: %w", docTerm(doc), err)
		}
		if len(res.Hits) < deletePage {
			return nil
		}
	}
}

// deleteHits deletes the chunks of hits, uncounting them.
func (ix *Index) deleteHits(hits search.DocumentMatchCollection) error {
	stats := ix.currentStats()
	b := ix.idx.NewBatch()
	for _, h := range hits {
		s, _ := h.Fields[fieldLengths].(string)
		l, err := parseLengths(s)
		if err != nil {
			return fmt.Errorf("%s: %w", h.ID, err)
		}
		stats.add(l, -1)
		b.Delete(h.ID)
	}
	if err := setStats(b, stats); err != nil {
		return err
	}
	if err := ix.idx.Batch(b); err != nil {
		return err
	}
	ix.publishStats(stats)
	return nil
}
