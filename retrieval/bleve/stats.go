package bleve

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"

	"deskpilot/retrieval"
)

// BM25 normalizes a term's frequency by the length of the field against
// the field's average length. bleve 2.5 estimates that average as the
// number of distinct terms of the field, summed over its segments, per
// document: several times too short, and changing as segments merge, so
// that the same query ranks differently from one minute to the next. The
// index therefore keeps exact totals, written in the same batch as the
// chunks they count, and hands them to every search as the pre-search
// statistics bleve accepts for distributed indexes.

// statsKey is the internal key holding the corpusStats.
var statsKey = []byte("deskpilot_bm25_stats")

// lengthFields are the fields BM25 normalizes, in the order of a chunk's
// lengths.
var lengthFields = func() []string {
	fields := []string{fieldText, fieldHeading}
	for _, l := range analysed {
		fields = append(fields, langField(fieldText, l.tag), langField(fieldHeading, l.tag))
	}
	return fields
}()

// lengths are the analysed lengths of a chunk's fields, indexed like
// lengthFields; a field the chunk lacks has length 0.
type lengths []int

// corpusStats are what BM25 needs of the whole index.
type corpusStats struct {
	Docs   int64                `json:"docs"`
	Fields map[string]fieldStat `json:"fields"`
}

// fieldStat counts the chunks that have a field and their tokens in it.
type fieldStat struct {
	Docs   int64 `json:"docs"`
	Tokens int64 `json:"tokens"`
}

func (s corpusStats) clone() corpusStats {
	c := corpusStats{Docs: s.Docs, Fields: make(map[string]fieldStat, len(lengthFields))}
	for k, v := range s.Fields {
		c.Fields[k] = v
	}
	return c
}

// add counts a chunk of lengths l in s, or uncounts it when sign is -1.
func (s *corpusStats) add(l lengths, sign int64) {
	s.Docs += sign
	for i, n := range l {
		if n == 0 {
			continue
		}
		f := s.Fields[lengthFields[i]]
		f.Docs += sign
		f.Tokens += sign * int64(n)
		s.Fields[lengthFields[i]] = f
	}
}

// bm25 returns s in the form bleve takes: bleve computes a field's average
// length as its "cardinality" over the document count, so the cardinality
// given is the field's tokens scaled to all documents, which makes the
// average the one over the chunks that have the field.
func (s corpusStats) bm25() *search.BM25Stats {
	if s.Docs <= 0 {
		return nil
	}
	// bleve fails a search of a field missing from the statistics, even
	// a filter that does not score; 0 is no length normalization.
	st := &search.BM25Stats{DocCount: float64(s.Docs), FieldCardinality: make(map[string]int, len(lengthFields)+len(keywordFields)+1)}
	for _, name := range keywordFields {
		st.FieldCardinality[name] = 0
	}
	st.FieldCardinality[fieldCreated] = 0
	// Scorch runs unscored disjunctions and conjunctions of terms as one
	// searcher of a pseudo-field.
	st.FieldCardinality[scorch.OptimizeTFRDisjunctionUnadornedField] = 0
	st.FieldCardinality[scorch.OptimizeTFRConjunctionUnadornedField] = 0
	for _, name := range lengthFields {
		if f := s.Fields[name]; f.Docs > 0 {
			st.FieldCardinality[name] = int(math.Round(float64(f.Tokens) / float64(f.Docs) * float64(s.Docs)))
		} else {
			st.FieldCardinality[name] = 0
		}
	}
	return st
}

// bm25Stats returns the statistics searches use now.
func (ix *Index) bm25Stats() *search.BM25Stats {
	ix.statsMu.RLock()
	defer ix.statsMu.RUnlock()
	return ix.stats.bm25()
}

// currentStats returns a copy of the statistics to update.
func (ix *Index) currentStats() corpusStats {
	ix.statsMu.RLock()
	defer ix.statsMu.RUnlock()
	return ix.stats.clone()
}

func (ix *Index) publishStats(s corpusStats) {
	ix.statsMu.Lock()
	ix.stats = s.clone()
	ix.dfCache = nil // the statistics changed, and with them the document frequencies
	ix.dfGen++
	ix.statsMu.Unlock()
}

// loadStats reads the statistics stored in the index.
func (ix *Index) loadStats() error {
	b, err := ix.idx.GetInternal(statsKey)
	if err != nil {
		return err
	}
	s := corpusStats{Fields: map[string]fieldStat{}}
	if b == nil {
		return fmt.Errorf("no statistics: %w", ErrFormatChanged)
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("statistics: %w", err)
	}
	if s.Fields == nil {
		s.Fields = map[string]fieldStat{}
	}
	ix.publishStats(s)
	return nil
}

// setStats adds s to b, so it is written with the chunks it counts.
func setStats(b *bleve.Batch, s corpusStats) error {
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	b.SetInternal(statsKey, data)
	return nil
}

// lengthsOf analyses c as Upsert indexes it and counts its tokens per
// field.
func (ix *Index) lengthsOf(c *retrieval.Chunk) lengths {
	l := make(lengths, len(lengthFields))
	heading := strings.Join(c.Heading, "\n")
	l[0] = len(ix.analyzers[analyzerStd].Analyze([]byte(c.Text)))
	l[1] = len(ix.analyzers[analyzerStd].Analyze([]byte(heading)))
	for i, a := range analysed {
		if a.tag == baseLang(c.Language) {
			l[2+2*i] = len(ix.analyzers[a.analyzer].Analyze([]byte(c.Text)))
			l[3+2*i] = len(ix.analyzers[a.analyzer].Analyze([]byte(heading)))
		}
	}
	return l
}

func (l lengths) String() string {
	parts := make([]string, len(l))
	for i, n := range l {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, " ")
}

func parseLengths(s string) (lengths, error) {
	parts := strings.Fields(s)
	if len(parts) != len(lengthFields) {
		return nil, fmt.Errorf("bad lengths %q", s)
	}
	l := make(lengths, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("bad lengths %q", s)
		}
		l[i] = n
	}
	return l, nil
}

// storedLengths returns the lengths stored with the chunk key in r, or
// nil when r has no such chunk.
func storedLengths(r index.IndexReader, key string) (lengths, error) {
	doc, err := r.Document(key)
	if err != nil || doc == nil {
		return nil, err
	}
	var s string
	doc.VisitFields(func(f index.Field) {
		if f.Name() == fieldLengths {
			s = string(f.Value())
		}
	})
	return parseLengths(s)
}
