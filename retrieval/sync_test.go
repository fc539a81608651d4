package retrieval

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"deskpilot/tickets"
)

// mapIndex is a LexicalIndex that only stores chunks: enough to see what
// the indexer writes and removes.
type mapIndex struct {
	chunks  map[ChunkKey]Chunk
	upserts int
}

func (m *mapIndex) Upsert(_ context.Context, cs []Chunk) error {
	for _, c := range cs {
		m.chunks[c.Key()] = c
		m.upserts++
	}
	return nil
}
func (m *mapIndex) DeleteDocument(_ context.Context, ref DocRef) error {
	for k, c := range m.chunks {
		if c.Kind == ref.Kind && c.DocumentID == ref.ID {
			delete(m.chunks, k)
		}
	}
	return nil
}
func (m *mapIndex) Search(context.Context, string, string, int, Filter) ([]Match, error) {
	return nil, nil
}
func (m *mapIndex) Chunks(context.Context, []ChunkKey) ([]Chunk, error) { return nil, nil }
func (m *mapIndex) Score(context.Context, string, string, []ChunkKey) ([]Match, error) {
	return nil, nil
}
func (m *mapIndex) Count(context.Context) (int, error) { return len(m.chunks), nil }
func (m *mapIndex) Close() error                       { return nil }

func (m *mapIndex) docs() []DocRef {
	set := map[DocRef]bool{}
	for _, c := range m.chunks {
		set[DocRef{c.Kind, c.DocumentID}] = true
	}
	var out []DocRef
	for r := range set {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Kind < out[j].Kind || out[i].Kind == out[j].Kind && out[i].ID < out[j].ID
	})
	return out
}

// memRecords is a Records over slices.
type memRecords struct {
	docs []*Document
	tks  []*tickets.Ticket
}

func (r *memRecords) ListDocuments(_ context.Context, f DocumentFilter) ([]*Document, error) {
	var out []*Document
	for _, d := range r.docs {
		if d.ID > f.AfterID && len(out) < f.EffectiveLimit() {
			out = append(out, d)
		}
	}
	return out, nil
}
func (r *memRecords) ListTickets(_ context.Context, f tickets.TicketFilter) ([]*tickets.Ticket, error) {
	var out []*tickets.Ticket
	for i := len(r.tks) - 1; i >= 0; i-- { // newest first
		if t := r.tks[i]; (f.AfterID == 0 || t.ID < f.AfterID) && len(out) < f.EffectiveLimit() {
			out = append(out, t)
		}
	}
	return out, nil
}
func (r *memRecords) GetTicket(_ context.Context, id int64) (*tickets.Ticket, error) {
	for _, t := range r.tks {
		if t.ID == id {
			return t, nil
		}
	}
	return nil, tickets.ErrNotFound
}

var tsync = time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)

func solved(id int64, answer string) *tickets.Ticket {
	r := tsync.Add(time.Hour)
	return &tickets.Ticket{ID: id, Subject: "VPN", Status: tickets.StatusSolved, CreatedAt: tsync, UpdatedAt: r, ResolvedAt: &r,
		ContentHash: answer, Messages: []tickets.Message{
			{Author: tickets.AuthorRequester, Body: "It drops, call me at +33 6 12 34 56 78", Public: true},
			{Author: tickets.AuthorAgent, Body: answer, Public: true}}}
}

func TestSyncIndexesOnlyWhatChanged(t *testing.T) {
	ctx := context.Background()
	idx := &mapIndex{chunks: map[ChunkKey]Chunk{}}
	ix := NewIndexer(idx, nil, nil, ChunkOptions{})
	doc := func(id int64, body string) *Document {
		return &Document{ID: id, Title: "Doc", Body: body, Format: FormatText, Visibility: Public, ContentHash: body, CreatedAt: tsync}
	}
	open := &tickets.Ticket{ID: 3, Status: tickets.StatusOpen, CreatedAt: tsync, UpdatedAt: tsync}
	rec := &memRecords{docs: []*Document{doc(1, "reset your password"), doc(2, "join the wifi")}, tks: []*tickets.Ticket{solved(1, "Update the client"), open}}
	m := NewManifest("none")

	st, err := ix.Sync(ctx, rec, m)
	if err != nil {
		t.Fatal(err)
	}
	if st.Indexed != 3 || st.Deleted != 0 || len(idx.docs()) != 3 {
		t.Fatalf("first sync: %+v, indexed %v", st, idx.docs())
	}
	tc := idx.chunks[KeyOf(KindTicket, 1, 0)]
	if tc.Visibility != Internal || !tc.CreatedAt.Equal(tsync.Add(time.Hour)) || contains(tc.Text, "12 34 56") {
		t.Fatalf("ticket knowledge: %+v (internal, born at resolution, redacted)", tc)
	}

	before := idx.upserts
	if st, _ = ix.Sync(ctx, rec, m); st.Indexed != 0 || idx.upserts != before {
		t.Fatalf("second sync with nothing changed: %+v, %d upserts", st, idx.upserts-before)
	}

	rec.docs = []*Document{doc(1, "reset your password with the portal")} // doc 1 changed, doc 2 deleted
	rec.tks[0].Status, rec.tks[0].ResolvedAt = tickets.StatusOpen, nil    // ticket 1 reopened
	rec.tks[1] = solved(3, "Replaced the cable")                          // ticket 3 solved
	st, err = ix.Sync(ctx, rec, m)
	if err != nil {
		t.Fatal(err)
	}
	if st.Indexed != 2 || st.Deleted != 2 {
		t.Fatalf("third sync: %+v", st)
	}
	if got := idx.docs(); len(got) != 2 || got[0] != (DocRef{KindArticle, 1}) || got[1] != (DocRef{KindTicket, 3}) {
		t.Fatalf("indexed after changes: %v", got)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestManifestRoundTripAndUsability(t *testing.T) {
	path := filepath.Join(t.TempDir(), "manifest")
	m, err := LoadManifest(path)
	if err != nil || m != nil {
		t.Fatalf("missing manifest: %v %v", m, err)
	}
	m = NewManifest("local:v1")
	m.Versions[DocRef{KindTicket, 7}] = "abc"
	if m.Usable("local:v1") {
		t.Fatal("an unclean manifest is usable")
	}
	m.Clean = true
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := LoadManifest(path)
	if err != nil || got.Versions[DocRef{KindTicket, 7}] != "abc" || !got.Usable("local:v1") || got.Usable("local:v2") {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	if err := WriteFileAtomic(path, []byte("garbage")); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadManifest(path); err == nil {
		t.Fatal("a damaged manifest loads")
	}
}
