package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"deskpilot/retrieval"
)

// UpsertDocuments writes a batch in one transaction, keyed by (Source,
// ExternalID); a document whose ContentHash is unchanged is left alone.
// Outcomes are in the batch's order and IDs are set on the batch. A
// document without a ContentHash gets its Hash.
func (db *DB) UpsertDocuments(ctx context.Context, batch []*retrieval.Document) ([]retrieval.Outcome, error) {
	if len(batch) == 0 {
		return []retrieval.Outcome{}, nil
	}
	keys := make([]key, len(batch))
	hashes := make([]string, len(batch))
	for i, d := range batch {
		if d.Source == "" || d.ExternalID == "" {
			return nil, fmt.Errorf("postgres: upsert documents: document %d of the batch has no source or external id", i)
		}
		if d.ContentHash == "" {
			d.ContentHash = d.Hash()
		}
		keys[i], hashes[i] = key{d.Source, d.ExternalID}, d.ContentHash
	}
	var outcomes []outcome
	ids := make([]int64, len(batch))
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		existing, err := fetchExisting(ctx, tx, sqlExistingDocuments, keys)
		if err != nil {
			return fmt.Errorf("existing: %w", err)
		}
		var write []int
		outcomes, write = plan(keys, hashes, existing)
		var written map[key]int64
		if len(write) > 0 {
			var c documentColumnArrays
			for _, i := range write {
				c.add(batch[i])
			}
			rows, _ := tx.Query(ctx, sqlUpsertDocuments, c.args()...)
			if written, err = collectIDs(rows); err != nil {
				return fmt.Errorf("write: %w", err)
			}
		}
		for i := range batch {
			ids[i] = idOf(keys[i], written, existing)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: upsert documents: %w", documentsErr(err))
	}
	for i, d := range batch {
		d.ID = ids[i]
	}
	out := make([]retrieval.Outcome, len(outcomes))
	for i, o := range outcomes {
		out[i] = retrieval.Outcome(o)
	}
	return out, nil
}

// GetDocument returns a document by ID.
func (db *DB) GetDocument(ctx context.Context, id int64) (*retrieval.Document, error) {
	d, err := scanDocument(db.pool.QueryRow(ctx, sqlGetDocument, id))
	if err != nil {
		return nil, fmt.Errorf("postgres: get document %d: %w", id, documentsErr(err))
	}
	return d, nil
}

// GetDocumentByExternalID returns the document a source knows as externalID.
func (db *DB) GetDocumentByExternalID(ctx context.Context, source, externalID string) (*retrieval.Document, error) {
	d, err := scanDocument(db.pool.QueryRow(ctx, sqlGetDocumentByExternalID, source, externalID))
	if err != nil {
		return nil, fmt.Errorf("postgres: get document %s/%s: %w", source, externalID, documentsErr(err))
	}
	return d, nil
}

// ListDocuments returns documents matching f, by ascending ID.
func (db *DB) ListDocuments(ctx context.Context, f retrieval.DocumentFilter) ([]*retrieval.Document, error) {
	w := documentWhere(f, true)
	query := fmt.Sprintf("SELECT %s FROM documents%s ORDER BY id LIMIT %d", documentColumns, w, f.EffectiveLimit())
	rows, _ := db.pool.Query(ctx, query, w.args...)
	ds, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*retrieval.Document, error) { return scanDocument(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: list documents: %w", err)
	}
	return ds, nil
}

// CountDocuments counts documents matching f (AfterID and Limit ignored).
func (db *DB) CountDocuments(ctx context.Context, f retrieval.DocumentFilter) (int, error) {
	w := documentWhere(f, false)
	var n int
	if err := db.pool.QueryRow(ctx, "SELECT count(*) FROM documents"+w.String(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: count documents: %w", err)
	}
	return n, nil
}

// DeleteDocument removes a document.
func (db *DB) DeleteDocument(ctx context.Context, id int64) error {
	tag, err := db.pool.Exec(ctx, sqlDeleteDocument, id)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	if err != nil {
		return fmt.Errorf("postgres: delete document %d: %w", id, documentsErr(err))
	}
	return nil
}

// scanDocument reads the columns of documentColumns.
func scanDocument(row pgx.Row) (*retrieval.Document, error) {
	var d retrieval.Document
	err := row.Scan(&d.ID, &d.Source, &d.ExternalID, &d.Title, &d.Body, &d.Format, &d.URL, &d.Visibility,
		&d.Language, &d.Tags, &d.ContentHash, &d.CreatedAt, &d.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if len(d.Tags) == 0 {
		d.Tags = nil
	}
	return &d, nil
}

// documentColumnArrays holds a batch column by column, the parameters of
// sqlUpsertDocuments.
type documentColumnArrays struct {
	source, externalID, title, body, format, url, visibility, language, tags, contentHash []string
	createdAt, updatedAt                                                                  []time.Time
}

func (c *documentColumnArrays) add(d *retrieval.Document) {
	tags, _ := json.Marshal(orEmpty(d.Tags)) // strings always marshal
	c.source = append(c.source, d.Source)
	c.externalID = append(c.externalID, d.ExternalID)
	c.title = append(c.title, d.Title)
	c.body = append(c.body, d.Body)
	c.format = append(c.format, string(d.Format))
	c.url = append(c.url, d.URL)
	c.visibility = append(c.visibility, string(d.Visibility))
	c.language = append(c.language, d.Language)
	c.tags = append(c.tags, string(tags))
	c.contentHash = append(c.contentHash, d.ContentHash)
	c.createdAt = append(c.createdAt, d.CreatedAt)
	c.updatedAt = append(c.updatedAt, d.UpdatedAt)
}

func (c *documentColumnArrays) args() []any {
	return []any{
		c.source, c.externalID, c.title, c.body, c.format, c.url, c.visibility, c.language,
		c.tags, c.contentHash, c.createdAt, c.updatedAt,
	}
}
