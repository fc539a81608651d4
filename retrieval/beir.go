package retrieval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// BEIR is a retrieval test collection in the layout of the BEIR benchmark:
// a corpus, queries, and relevance judgments. It is what
// `deskpilot eval retrieval --beir DIR` reads, so that its figures compare
// with published ones.
type BEIR struct {
	Corpus  []BEIRDoc
	Queries []BEIRQuery
	// Qrels maps a query id to the judged documents and their relevance;
	// a relevance above 0 means relevant, higher means more relevant.
	Qrels map[string]map[string]int
}

// BEIRDoc is one document of a BEIR corpus.
type BEIRDoc struct {
	ID    string `json:"_id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// BEIRQuery is one query of a BEIR collection.
type BEIRQuery struct {
	ID   string `json:"_id"`
	Text string `json:"text"`
}

// LoadBEIR reads dir/corpus.jsonl, dir/queries.jsonl and dir/qrels/test.tsv.
// Errors name the file and line at fault.
func LoadBEIR(dir string) (*BEIR, error) {
	b := &BEIR{}
	var err error
	if b.Corpus, err = loadBEIRCorpus(filepath.Join(dir, "corpus.jsonl")); err != nil {
		return nil, err
	}
	if b.Queries, err = loadBEIRQueries(filepath.Join(dir, "queries.jsonl")); err != nil {
		return nil, err
	}
	if b.Qrels, err = loadBEIRQrels(filepath.Join(dir, "qrels", "test.tsv")); err != nil {
		return nil, err
	}
	return b, nil
}

// beirRecord is a line of corpus.jsonl or queries.jsonl. Some BEIR sets
// write numeric ids, so the id is decoded from either a string or a number.
type beirRecord struct {
	ID    json.RawMessage `json:"_id"`
	Title string          `json:"title"`
	Text  string          `json:"text"`
}

func (r *beirRecord) id() (string, error) {
	if len(r.ID) == 0 || string(r.ID) == "null" {
		return "", errors.New("missing _id")
	}
	var s string
	if err := json.Unmarshal(r.ID, &s); err == nil {
		if strings.TrimSpace(s) == "" {
			return "", errors.New("empty _id")
		}
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(r.ID, &n); err != nil {
		return "", fmt.Errorf("_id is neither a string nor a number: %s", r.ID)
	}
	return n.String(), nil
}

func loadBEIRCorpus(path string) ([]BEIRDoc, error) {
	var docs []BEIRDoc
	err := readBEIRJSONL(path, func(r *beirRecord, id string) {
		docs = append(docs, BEIRDoc{ID: id, Title: r.Title, Text: r.Text})
	})
	return docs, err
}

func loadBEIRQueries(path string) ([]BEIRQuery, error) {
	var qs []BEIRQuery
	err := readBEIRJSONL(path, func(r *beirRecord, id string) {
		qs = append(qs, BEIRQuery{ID: id, Text: r.Text})
	})
	return qs, err
}

// readBEIRJSONL calls add for each record of a JSONL file, skipping blank
// lines and refusing duplicate ids.
func readBEIRJSONL(path string, add func(r *beirRecord, id string)) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("retrieval: beir: %w", err)
	}
	defer f.Close()
	name := beirName(path)
	seen := make(map[string]int)
	return eachLine(f, func(n int, line []byte) error {
		if len(bytes.TrimSpace(line)) == 0 {
			return nil
		}
		var r beirRecord
		if err := json.Unmarshal(line, &r); err != nil {
			return fmt.Errorf("retrieval: beir: %s:%d: %v", name, n, err)
		}
		id, err := r.id()
		if err != nil {
			return fmt.Errorf("retrieval: beir: %s:%d: %v", name, n, err)
		}
		if first, dup := seen[id]; dup {
			return fmt.Errorf("retrieval: beir: %s:%d: duplicate _id %q (first on line %d)", name, n, id, first)
		}
		seen[id] = n
		add(&r, id)
		return nil
	})
}

// loadBEIRQrels reads a qrels file: a header line, then one
// "query-id corpus-id score" line per judgment, separated by tabs (or
// spaces).
func loadBEIRQrels(path string) (map[string]map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("retrieval: beir: %w", err)
	}
	defer f.Close()
	name := beirName(path)
	qrels := make(map[string]map[string]int)
	err = eachLine(f, func(n int, line []byte) error {
		fields := strings.Fields(string(line))
		if len(fields) == 0 {
			return nil
		}
		if n == 1 && len(fields) == 3 && fields[0] == "query-id" {
			return nil
		}
		if len(fields) != 3 {
			return fmt.Errorf("retrieval: beir: %s:%d: want 3 fields (query-id corpus-id score), got %d", name, n, len(fields))
		}
		score, err := strconv.Atoi(fields[2])
		if err != nil {
			return fmt.Errorf("retrieval: beir: %s:%d: score %q is not an integer", name, n, fields[2])
		}
		docs := qrels[fields[0]]
		if docs == nil {
			docs = make(map[string]int)
			qrels[fields[0]] = docs
		}
		docs[fields[1]] = score
		return nil
	})
	if err != nil {
		return nil, err
	}
	return qrels, nil
}

// beirName is how errors name a file: relative to the collection folder.
func beirName(path string) string {
	if filepath.Base(filepath.Dir(path)) == "qrels" {
		return "qrels/" + filepath.Base(path)
	}
	return filepath.Base(path)
}

// eachLine calls fn with each line of r without its line end, numbered
// from 1. Lines may be of any length: BEIR documents can be long.
func eachLine(r io.Reader, fn func(n int, line []byte) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			line = bytes.TrimRight(line, "\r\n")
			if ferr := fn(n, line); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("retrieval: beir: line %d: %w", n, err)
		}
	}
}

// Ranking holds the documents a system returned for each query: query id
// to document ids, best first.
type Ranking map[string][]string

// Metrics are the standard ranked-retrieval measures at cut-off 10,
// averaged over the queries evaluated.
type Metrics struct {
	Queries  int     `json:"queries"`
	NDCG10   float64 `json:"ndcg@10"`
	Recall10 float64 `json:"recall@10"`
	MRR10    float64 `json:"mrr@10"`
}

// metricsCutoff is the rank the metrics stop at.
const metricsCutoff = 10

// Evaluate scores r against b's judgments with the definitions trec_eval
// and BEIR use: nDCG@10 with the relevance grade as gain and a log2(rank+1)
// discount, normalized by the ideal ordering of the query's judged
// documents; Recall@10 as the share of relevant documents in the top 10;
// MRR@10 as the reciprocal rank of the first relevant document in the top
// 10, or 0. A document counts as relevant when its grade is above 0.
// Queries without a relevant judgment are skipped; a judged query missing
// from r scores 0. A document repeated in a ranking counts once, at its
// best rank.
func Evaluate(b *BEIR, r Ranking) Metrics {
	var m Metrics
	for _, q := range b.Queries {
		rels := b.Qrels[q.ID]
		relevant := 0
		for _, g := range rels {
			if g > 0 {
				relevant++
			}
		}
		if relevant == 0 {
			continue
		}
		m.Queries++
		top := topDistinct(r[q.ID], metricsCutoff)
		m.NDCG10 += ndcg(top, rels)
		m.Recall10 += float64(hits(top, rels)) / float64(relevant)
		m.MRR10 += reciprocalRank(top, rels)
	}
	if m.Queries > 0 {
		n := float64(m.Queries)
		m.NDCG10 /= n
		m.Recall10 /= n
		m.MRR10 /= n
	}
	return m
}

// topDistinct returns the first k distinct ids of ranked.
func topDistinct(ranked []string, k int) []string {
	top := make([]string, 0, k)
	seen := make(map[string]bool, k)
	for _, id := range ranked {
		if len(top) == k {
			break
		}
		if !seen[id] {
			seen[id] = true
			top = append(top, id)
		}
	}
	return top
}

func ndcg(top []string, rels map[string]int) float64 {
	dcg := 0.0
	for i, id := range top {
		if g := rels[id]; g > 0 {
			dcg += float64(g) / math.Log2(float64(i+2))
		}
	}
	grades := make([]int, 0, len(rels))
	for _, g := range rels {
		if g > 0 {
			grades = append(grades, g)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(grades)))
	ideal := 0.0
	for i, g := range grades {
		if i == metricsCutoff {
			break
		}
		ideal += float64(g) / math.Log2(float64(i+2))
	}
	return dcg / ideal
}

func hits(top []string, rels map[string]int) int {
	n := 0
	for _, id := range top {
		if rels[id] > 0 {
			n++
		}
	}
	return n
}

func reciprocalRank(top []string, rels map[string]int) float64 {
	for i, id := range top {
		if rels[id] > 0 {
			return 1 / float64(i+1)
		}
	}
	return 0
}
