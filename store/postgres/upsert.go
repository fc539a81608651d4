package postgres

import (
	"cmp"
	"context"
	"slices"

	"github.com/jackc/pgx/v5"
)

// The batch upserts of tickets and documents share their planning: which
// records are new, changed or unchanged, and which rows must be written.

// key identifies an imported record in its source.
type key struct{ source, externalID string }

// stored is what the database holds for a key.
type stored struct {
	id   int64
	hash string
}

// outcome is what an upsert did with one record; the values are those of
// tickets.Outcome and retrieval.Outcome.
type outcome int

const (
	unchanged outcome = iota
	added
	updated
)

// plan decides a batch's upsert. The outcomes, in the batch's order, are as
// if the records had been written one after another (so a key twice in the
// batch is added, then updated). Only the last record of each key is
// written, and only when its hash differs from the stored one; write holds
// their indexes ordered by key, so that concurrent batches lock rows in the
// same order and cannot deadlock.
func plan(keys []key, hashes []string, existing map[key]stored) (outcomes []outcome, write []int) {
	outcomes = make([]outcome, len(keys))
	current := make(map[key]string, len(keys))
	last := make(map[key]int, len(keys))
	for i, k := range keys {
		h, ok := current[k]
		if !ok {
			var s stored
			s, ok = existing[k]
			h = s.hash
		}
		switch {
		case !ok:
			outcomes[i] = added
		case h == hashes[i]:
			outcomes[i] = unchanged
		default:
			outcomes[i] = updated
		}
		current[k], last[k] = hashes[i], i
	}
	for k, i := range last {
		if s, ok := existing[k]; !ok || s.hash != hashes[i] {
			write = append(write, i)
		}
	}
	slices.SortFunc(write, func(a, b int) int {
		return cmp.Or(cmp.Compare(keys[a].source, keys[b].source), cmp.Compare(keys[a].externalID, keys[b].externalID))
	})
	return outcomes, write
}

// fetchExisting returns the stored id and hash of the keys, with query
// (sqlExistingTickets or sqlExistingDocuments) in one round trip.
func fetchExisting(ctx context.Context, tx pgx.Tx, query string, keys []key) (map[key]stored, error) {
	seen := make(map[key]bool, len(keys))
	var sources, externalIDs []string
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			sources, externalIDs = append(sources, k.source), append(externalIDs, k.externalID)
		}
	}
	rows, _ := tx.Query(ctx, query, sources, externalIDs)
	existing := make(map[key]stored, len(keys))
	var k key
	var s stored
	_, err := pgx.ForEachRow(rows, []any{&s.id, &k.source, &k.externalID, &s.hash}, func() error {
		existing[k] = s
		return nil
	})
	return existing, err
}

// collectIDs reads the id, source and external_id that an upsert returns.
func collectIDs(rows pgx.Rows) (map[key]int64, error) {
	ids := make(map[key]int64)
	var k key
	var id int64
	_, err := pgx.ForEachRow(rows, []any{&id, &k.source, &k.externalID}, func() error {
		ids[k] = id
		return nil
	})
	return ids, err
}

// idOf returns the ID of the record at key k after an upsert: the written
// row's, or else the stored one's.
func idOf(k key, written map[key]int64, existing map[key]stored) int64 {
	if id, ok := written[k]; ok {
		return id
	}
	return existing[k].id
}
