package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"deskpilot/retrieval"
)

// Queries on documents.
const (
	documentColumns = `id, source, external_id, title, body, format, url, visibility, language,
    tags, content_hash, created_at, updated_at`

	selectDocumentByID = `SELECT ` + documentColumns + ` FROM documents WHERE id = ?`

	selectDocumentByExternalID = `SELECT ` + documentColumns + ` FROM documents
WHERE source = ? AND external_id = ?`

	insertDocument = `
INSERT INTO documents (
    source, external_id, title, body, format, url, visibility, language,
    tags, content_hash, created_at, updated_at
) VALUES (
    :source, :external_id, :title, :body, :format, :url, :visibility, :language,
    :tags, :content_hash, :created_at, :updated_at
)`

	updateDocument = `
UPDATE documents SET
    source = :source, external_id = :external_id, title = :title, body = :body,
    format = :format, url = :url, visibility = :visibility, language = :language,
    tags = :tags, content_hash = :content_hash,
    created_at = :created_at, updated_at = :updated_at
WHERE id = :id`

	deleteDocument = `DELETE FROM documents WHERE id = ?`
)

// documentArgs binds the named parameters of insertDocument and
// updateDocument (all but :id).
func documentArgs(d *retrieval.Document) []any {
	return []any{
		sql.Named("source", d.Source),
		sql.Named("external_id", d.ExternalID),
		sql.Named("title", d.Title),
		sql.Named("body", d.Body),
		sql.Named("format", string(d.Format)),
		sql.Named("url", d.URL),
		sql.Named("visibility", string(d.Visibility)),
		sql.Named("language", d.Language),
		sql.Named("tags", encodeTags(d.Tags)),
		sql.Named("content_hash", d.ContentHash),
		sql.Named("created_at", formatTime(d.CreatedAt)),
		sql.Named("updated_at", formatTime(d.UpdatedAt)),
	}
}

func scanDocument(row interface{ Scan(...any) error }) (*retrieval.Document, error) {
	d := &retrieval.Document{}
	err := row.Scan(&d.ID, &d.Source, &d.ExternalID, &d.Title, &d.Body, &d.Format, &d.URL, &d.Visibility,
		&d.Language, tagsDest{&d.Tags}, &d.ContentHash, timeDest{&d.CreatedAt}, timeDest{&d.UpdatedAt})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// UpsertDocuments writes a batch in one transaction, keyed by (Source,
// ExternalID); a document whose ContentHash is unchanged is left alone, a
// changed one is overwritten, and when a key comes twice the later document
// wins. A document without a ContentHash gets Hash(); one without an
// ExternalID is refused. IDs are set on the batch once it has committed.
func (db *DB) UpsertDocuments(ctx context.Context, batch []*retrieval.Document) ([]retrieval.Outcome, error) {
	if len(batch) == 0 {
		return nil, nil
	}
	keys := make([]recordKey, len(batch))
	for i, d := range batch {
		if d.ExternalID == "" {
			return nil, fmt.Errorf("sqlite: upsert documents: document %d of the batch (%q) has no external id", i, d.Title)
		}
		if d.ContentHash == "" {
			d.ContentHash = d.Hash()
		}
		keys[i] = recordKey{d.Source, d.ExternalID}
	}
	outcomes := make([]retrieval.Outcome, len(batch))
	ids := make([]int64, len(batch))
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		known, err := lookupKeys(ctx, tx, lookupDocuments, keys)
		if err != nil {
			return err
		}
		st := newStmts(tx)
		defer st.close()
		for i, d := range batch {
			prev, ok := known[keys[i]]
			switch {
			case !ok:
				outcomes[i] = retrieval.Added
				var res sql.Result
				if res, err = st.exec(ctx, insertDocument, documentArgs(d)...); err == nil {
					ids[i], err = res.LastInsertId()
				}
			case prev.hash == d.ContentHash:
				outcomes[i], ids[i] = retrieval.Unchanged, prev.id
				continue
			default:
				outcomes[i], ids[i] = retrieval.Updated, prev.id
				_, err = st.exec(ctx, updateDocument, append(documentArgs(d), sql.Named("id", prev.id))...)
			}
			if err != nil {
				return fmt.Errorf("document %s/%s: %w", d.Source, d.ExternalID, err)
			}
			known[keys[i]] = stored{ids[i], d.ContentHash}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: upsert %d documents: %w", len(batch), documentErr(err))
	}
	for i, d := range batch {
		d.ID = ids[i]
	}
	return outcomes, nil
}

// GetDocument returns a document by ID.
func (db *DB) GetDocument(ctx context.Context, id int64) (*retrieval.Document, error) {
	d, err := scanDocument(db.ro.QueryRowContext(ctx, selectDocumentByID, id))
	if err != nil {
		return nil, fmt.Errorf("sqlite: get document %d: %w", id, documentErr(err))
	}
	return d, nil
}

// GetDocumentByExternalID returns the document a source knows as externalID.
func (db *DB) GetDocumentByExternalID(ctx context.Context, source, externalID string) (*retrieval.Document, error) {
	d, err := scanDocument(db.ro.QueryRowContext(ctx, selectDocumentByExternalID, source, externalID))
	if err != nil {
		return nil, fmt.Errorf("sqlite: get document %s/%s: %w", source, externalID, documentErr(err))
	}
	return d, nil
}

// ListDocuments returns documents matching f, by ascending ID.
func (db *DB) ListDocuments(ctx context.Context, f retrieval.DocumentFilter) ([]*retrieval.Document, error) {
	where, args := documentWhere(f, true)
	query := `SELECT ` + documentColumns + ` FROM documents` + where + ` ORDER BY id LIMIT ?`
	rows, err := db.ro.QueryContext(ctx, query, append(args, f.EffectiveLimit())...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list documents: %w", err)
	}
	defer rows.Close()
	var out []*retrieval.Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list documents: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list documents: %w", err)
	}
	return out, nil
}

// CountDocuments counts documents matching f (AfterID and Limit ignored).
func (db *DB) CountDocuments(ctx context.Context, f retrieval.DocumentFilter) (int, error) {
	where, args := documentWhere(f, false)
	var n int
	if err := db.ro.QueryRowContext(ctx, `SELECT count(*) FROM documents`+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: count documents: %w", err)
	}
	return n, nil
}

// DeleteDocument removes a document.
func (db *DB) DeleteDocument(ctx context.Context, id int64) error {
	res, err := db.rw.ExecContext(ctx, deleteDocument, id)
	if err == nil {
		err = mustAffect(res, retrieval.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("sqlite: delete document %d: %w", id, err)
	}
	return nil
}

// documentWhere turns a filter into a WHERE clause ("" for none) and its
// arguments; paging adds the AfterID bound.
func documentWhere(f retrieval.DocumentFilter, paging bool) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, a any) {
		conds = append(conds, cond)
		args = append(args, a)
	}
	if f.Source != "" {
		add("source = ?", f.Source)
	}
	if f.Visibility != "" {
		add("visibility = ?", string(f.Visibility))
	}
	if f.Language != "" {
		add("language = ?", f.Language)
	}
	if paging && f.AfterID > 0 {
		add("id > ?", f.AfterID)
	}
	if len(conds) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}
