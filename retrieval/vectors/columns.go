package vectors

import (
	"fmt"
	"math"
	"time"

	"deskpilot/retrieval"
)

// dead is the kind of a deleted row (a tombstone until compaction). It is
// past the 64 bits of a kind mask, so no filter admits it.
const dead = math.MaxUint8

// Dictionary limits: kinds and visibilities are filtered with a 64-bit
// mask, sources and languages are stored in 16 bits.
const (
	maxSmallDict = 64
	maxLargeDict = math.MaxUint16 + 1
)

// dict numbers the distinct values of a column.
type dict struct {
	names []string
	ids   map[string]int
	limit int
}

func newDict(limit int) dict { return dict{ids: map[string]int{}, limit: limit} }

// intern returns name's number, numbering it if it is new.
func (d *dict) intern(name string) (int, error) {
	if id, ok := d.ids[name]; ok {
		return id, nil
	}
	if len(d.names) >= d.limit {
		return 0, fmt.Errorf("more than %d distinct values", d.limit)
	}
	d.ids[name] = len(d.names)
	d.names = append(d.names, name)
	return len(d.names) - 1, nil
}

// docKey names a document by its kind's number and its ID.
type docKey struct {
	kind uint8
	id   int64
}

// columns hold, row by row, what filters and results need of a chunk.
type columns struct {
	kind    []uint8 // number in kinds, or dead
	vis     []uint8
	source  []uint16
	lang    []uint16
	created []int64 // unix nanoseconds
	doc     []int64
	ordinal []int32

	kinds, visibilities, sources, languages dict
}

func newColumns() columns {
	return columns{
		kinds: newDict(maxSmallDict), visibilities: newDict(maxSmallDict),
		sources: newDict(maxLargeDict), languages: newDict(maxLargeDict),
	}
}

// meta is a chunk's row in the columns, before it is stored.
type meta struct {
	kind, vis    uint8
	source, lang uint16
	created      int64
	doc          int64
	ordinal      int32
}

// encode numbers c's values, adding new ones to the dictionaries.
func (cs *columns) encode(c *retrieval.Chunk) (meta, error) {
	k, err := cs.kinds.intern(string(c.Kind))
	if err != nil {
		return meta{}, fmt.Errorf("kinds: %w", err)
	}
	v, err := cs.visibilities.intern(string(c.Visibility))
	if err != nil {
		return meta{}, fmt.Errorf("visibilities: %w", err)
	}
	s, err := cs.sources.intern(c.Source)
	if err != nil {
		return meta{}, fmt.Errorf("sources: %w", err)
	}
	l, err := cs.languages.intern(c.Language)
	if err != nil {
		return meta{}, fmt.Errorf("languages: %w", err)
	}
	return meta{
		kind: uint8(k), vis: uint8(v), source: uint16(s), lang: uint16(l),
		created: nanos(c.CreatedAt), doc: c.DocumentID, ordinal: int32(c.Ordinal),
	}, nil
}

func (cs *columns) append(m meta) {
	cs.kind = append(cs.kind, m.kind)
	cs.vis = append(cs.vis, m.vis)
	cs.source = append(cs.source, m.source)
	cs.lang = append(cs.lang, m.lang)
	cs.created = append(cs.created, m.created)
	cs.doc = append(cs.doc, m.doc)
	cs.ordinal = append(cs.ordinal, m.ordinal)
}

func (cs *columns) set(row int, m meta) {
	cs.kind[row], cs.vis[row], cs.source[row], cs.lang[row] = m.kind, m.vis, m.source, m.lang
	cs.created[row], cs.doc[row], cs.ordinal[row] = m.created, m.doc, m.ordinal
}

// move copies row from into row to, for compaction (to <= from).
func (cs *columns) move(to, from int) {
	cs.kind[to], cs.vis[to], cs.source[to], cs.lang[to] = cs.kind[from], cs.vis[from], cs.source[from], cs.lang[from]
	cs.created[to], cs.doc[to], cs.ordinal[to] = cs.created[from], cs.doc[from], cs.ordinal[from]
}

// truncate keeps the first n rows.
func (cs *columns) truncate(n int) {
	cs.kind, cs.vis, cs.source, cs.lang = cs.kind[:n], cs.vis[:n], cs.source[:n], cs.lang[:n]
	cs.created, cs.doc, cs.ordinal = cs.created[:n], cs.doc[:n], cs.ordinal[:n]
}

// key returns the chunk key of row.
func (cs *columns) key(row int) retrieval.ChunkKey {
	return retrieval.KeyOf(retrieval.Kind(cs.kinds.names[cs.kind[row]]), cs.doc[row], int(cs.ordinal[row]))
}

// nanos is t in unix nanoseconds, clamped to what int64 holds (the years
// 1678 to 2262) and below math.MaxInt64, which means "no AsOf".
func nanos(t time.Time) int64 {
	switch {
	case t.Before(time.Unix(0, math.MinInt64)):
		return math.MinInt64
	case !t.Before(time.Unix(0, math.MaxInt64)):
		return math.MaxInt64 - 1
	}
	return t.UnixNano()
}
