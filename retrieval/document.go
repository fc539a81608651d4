package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"
)

// ErrNotFound is returned when a document does not exist.
var ErrNotFound = errors.New("not found")

// Visibility says who may read a document.
type Visibility string

// Visibilities. Public articles answer requesters; internal articles and
// tickets are for agents only.
const (
	Public   Visibility = "public"
	Internal Visibility = "internal"
)

// Valid reports whether v is a known visibility.
func (v Visibility) Valid() bool { return v == Public || v == Internal }

// Format is the markup a document body is written in.
type Format string

// Formats of document bodies.
const (
	FormatMarkdown Format = "markdown"
	FormatHTML     Format = "html"
	FormatText     Format = "text"
)

// Valid reports whether f is a known format.
func (f Format) Valid() bool { return f == FormatMarkdown || f == FormatHTML || f == FormatText }

// Document is a knowledge article as it came from its source. Source and
// ExternalID identify it across re-imports and syncs.
type Document struct {
	ID          int64      `json:"id"`
	Source      string     `json:"source"`
	ExternalID  string     `json:"external_id"`
	Title       string     `json:"title"`
	Body        string     `json:"body"`
	Format      Format     `json:"format"`
	URL         string     `json:"url,omitempty"`
	Visibility  Visibility `json:"visibility"`
	Language    string     `json:"language,omitempty"`
	Tags        []string   `json:"tags,omitempty"`
	ContentHash string     `json:"content_hash,omitempty"`
	// CreatedAt is when the document became known: the simulation hides it
	// before then.
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Hash returns a fingerprint of everything a source sets on d.
func (d *Document) Hash() string {
	v := struct {
		Title, Body, Format, URL, Visibility, Language string
		Tags                                           []string
		Created, Updated                               time.Time
	}{d.Title, d.Body, string(d.Format), d.URL, string(d.Visibility), d.Language, d.Tags, d.CreatedAt.UTC(), d.UpdatedAt.UTC()}
	b, _ := json.Marshal(v) // plain data: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Outcome says what an upsert did with one document.
type Outcome int

// Upsert outcomes.
const (
	Unchanged Outcome = iota // same content hash: nothing written
	Added
	Updated
)

// String names the outcome.
func (o Outcome) String() string {
	return [...]string{"unchanged", "added", "updated"}[o]
}

// DocumentStore persists documents. Implementations translate their
// driver's errors into ErrNotFound.
type DocumentStore interface {
	// UpsertDocuments writes a batch in one transaction, keyed by (Source,
	// ExternalID); a document whose ContentHash is unchanged is left alone.
	// Outcomes are in the batch's order and IDs are set on the batch.
	UpsertDocuments(ctx context.Context, batch []*Document) ([]Outcome, error)
	// GetDocument returns a document by ID.
	GetDocument(ctx context.Context, id int64) (*Document, error)
	// GetDocumentByExternalID returns the document a source knows as externalID.
	GetDocumentByExternalID(ctx context.Context, source, externalID string) (*Document, error)
	// ListDocuments returns documents matching f, by ascending ID.
	ListDocuments(ctx context.Context, f DocumentFilter) ([]*Document, error)
	// CountDocuments counts documents matching f (AfterID and Limit ignored).
	CountDocuments(ctx context.Context, f DocumentFilter) (int, error)
	// DeleteDocument removes a document.
	DeleteDocument(ctx context.Context, id int64) error
}

// DocumentFilter narrows ListDocuments. Zero fields do not filter.
type DocumentFilter struct {
	Source     string
	Visibility Visibility
	Language   string
	// AfterID pages: only documents with a larger ID.
	AfterID int64
	Limit   int // 0 means 100, capped at 1000
}

// EffectiveLimit returns the page size to use for f.
func (f DocumentFilter) EffectiveLimit() int {
	switch {
	case f.Limit <= 0:
		return 100
	case f.Limit > 1000:
		return 1000
	}
	return f.Limit
}
