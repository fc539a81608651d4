package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"deskpilot/tickets"
)

// recordKey is how a source names a record: the key of UpsertTickets and
// UpsertDocuments.
type recordKey struct{ source, externalID string }

// stored is what an upsert needs to know of a record already there.
type stored struct {
	id   int64
	hash string
}

// Lookups of a whole batch's keys in one query each. The keys travel as one
// JSON array of [source, external_id] pairs; SQLite walks it with json_each
// and probes the unique (source, external_id) index once per key.
const (
	lookupTickets = `
SELECT t.id, t.source, t.external_id, t.content_hash
FROM json_each(?) AS k
JOIN tickets AS t ON t.source = k.value ->> 0 AND t.external_id = k.value ->> 1`

	lookupDocuments = `
SELECT d.id, d.source, d.external_id, d.content_hash
FROM json_each(?) AS k
JOIN documents AS d ON d.source = k.value ->> 0 AND d.external_id = k.value ->> 1`
)

// lookupKeys returns the stored records among keys, by key.
func lookupKeys(ctx context.Context, tx *sql.Tx, query string, keys []recordKey) (map[recordKey]stored, error) {
	pairs := make([][2]string, 0, len(keys))
	seen := make(map[recordKey]bool, len(keys))
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			pairs = append(pairs, [2]string{k.source, k.externalID})
		}
	}
	arg, err := json.Marshal(pairs)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, query, string(arg))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[recordKey]stored, len(keys))
	for rows.Next() {
		var k recordKey
		var s stored
		if err := rows.Scan(&s.id, &k.source, &k.externalID, &s.hash); err != nil {
			return nil, err
		}
		out[k] = s
	}
	return out, rows.Err()
}

// UpsertTickets writes a batch in one transaction, keyed by (Source,
// ExternalID): a ticket whose ContentHash is unchanged is left alone, a
// changed one has all its fields and its messages replaced. When a key
// comes twice, the later ticket wins. A ticket without a ContentHash gets
// Hash(). Every ticket needs an ExternalID: without one a re-import could
// not find it again. IDs are set on the batch only once it has committed.
func (db *DB) UpsertTickets(ctx context.Context, batch []*tickets.Ticket) ([]tickets.Outcome, error) {
	if len(batch) == 0 {
		return nil, nil
	}
	keys := make([]recordKey, len(batch))
	for i, t := range batch {
		if t.ExternalID == "" {
			return nil, fmt.Errorf("sqlite: upsert tickets: ticket %d of the batch (%q) has no external id", i, t.Subject)
		}
		if t.ContentHash == "" {
			t.ContentHash = t.Hash()
		}
		keys[i] = recordKey{t.Source, t.ExternalID}
	}
	outcomes := make([]tickets.Outcome, len(batch))
	ids := make([]int64, len(batch))
	msgIDs := make([][]int64, len(batch))
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		known, err := lookupKeys(ctx, tx, lookupTickets, keys)
		if err != nil {
			return err
		}
		st := newStmts(tx)
		defer st.close()
		for i, t := range batch {
			prev, ok := known[keys[i]]
			switch {
			case !ok:
				outcomes[i] = tickets.Added
				ids[i], err = insertTicketTx(ctx, st, t)
			case prev.hash == t.ContentHash:
				outcomes[i], ids[i] = tickets.Unchanged, prev.id
				continue
			default:
				outcomes[i], ids[i] = tickets.Updated, prev.id
				err = replaceTicketTx(ctx, st, prev.id, t)
			}
			if err != nil {
				return fmt.Errorf("ticket %s/%s: %w", t.Source, t.ExternalID, err)
			}
			if msgIDs[i], err = insertMessages(ctx, st, ids[i], t.Messages); err != nil {
				return fmt.Errorf("ticket %s/%s: %w", t.Source, t.ExternalID, err)
			}
			known[keys[i]] = stored{ids[i], t.ContentHash}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: upsert %d tickets: %w", len(batch), ticketErr(err))
	}
	for i, t := range batch {
		setTicketIDs(t, ids[i], msgIDs[i])
	}
	return outcomes, nil
}

// replaceTicketTx overwrites stored ticket id with t and drops its messages,
// for the caller to write t's.
func replaceTicketTx(ctx context.Context, st *stmts, id int64, t *tickets.Ticket) error {
	if _, err := st.exec(ctx, updateTicket, append(ticketArgs(t), sql.Named("id", id))...); err != nil {
		return err
	}
	_, err := st.exec(ctx, deleteMessages, id)
	return err
}
