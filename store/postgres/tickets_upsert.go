package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"deskpilot/tickets"
)

// UpsertTickets writes a batch in one transaction, keyed by (Source,
// ExternalID): a ticket whose ContentHash is unchanged is left alone, a
// changed one has its fields and messages replaced. The outcomes are in the
// batch's order, and IDs are set on the batch's tickets and on the messages
// written. A ticket without a ContentHash gets its Hash.
//
// The batch costs a fixed number of round trips whatever its size: one
// query for the stored hashes, one statement for the tickets, one to delete
// the replaced messages and a COPY for the new ones.
func (db *DB) UpsertTickets(ctx context.Context, batch []*tickets.Ticket) ([]tickets.Outcome, error) {
	if len(batch) == 0 {
		return []tickets.Outcome{}, nil
	}
	keys := make([]key, len(batch))
	hashes := make([]string, len(batch))
	for i, t := range batch {
		if t.Source == "" || t.ExternalID == "" {
			return nil, fmt.Errorf("postgres: upsert tickets: ticket %d of the batch has no source or external id", i)
		}
		if t.ContentHash == "" {
			t.ContentHash = t.Hash()
		}
		keys[i], hashes[i] = key{t.Source, t.ExternalID}, t.ContentHash
	}
	var outcomes []outcome
	var msgs newMessages
	ids := make([]int64, len(batch))
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		existing, err := fetchExisting(ctx, tx, sqlExistingTickets, keys)
		if err != nil {
			return fmt.Errorf("existing: %w", err)
		}
		var write []int
		outcomes, write = plan(keys, hashes, existing)
		written, err := writeTickets(ctx, tx, batch, write)
		if err != nil {
			return err
		}
		for i := range batch {
			ids[i] = idOf(keys[i], written, existing)
		}
		for _, i := range write {
			for j := range batch[i].Messages {
				msgs.add(ids[i], &batch[i].Messages[j])
			}
		}
		return replaceMessages(ctx, tx, write, ids, &msgs)
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: upsert tickets: %w", ticketsErr(err))
	}
	// IDs are set only now: a rolled back batch leaves them as they were.
	for i, t := range batch {
		t.ID = ids[i]
	}
	msgs.setIDs()
	out := make([]tickets.Outcome, len(outcomes))
	for i, o := range outcomes {
		out[i] = tickets.Outcome(o)
	}
	return out, nil
}

// writeTickets inserts or updates batch[write...] with sqlUpsertTickets and
// returns their IDs.
func writeTickets(ctx context.Context, tx pgx.Tx, batch []*tickets.Ticket, write []int) (map[key]int64, error) {
	if len(write) == 0 {
		return nil, nil
	}
	var c ticketColumnArrays
	for _, i := range write {
		c.add(batch[i])
	}
	rows, _ := tx.Query(ctx, sqlUpsertTickets, c.args()...)
	ids, err := collectIDs(rows)
	if err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}
	return ids, nil
}

// replaceMessages deletes the stored messages of the written tickets (none
// for a new one) and inserts theirs.
func replaceMessages(ctx context.Context, tx pgx.Tx, write []int, ids []int64, msgs *newMessages) error {
	if len(write) == 0 {
		return nil
	}
	written := make([]int64, len(write))
	for j, i := range write {
		written[j] = ids[i]
	}
	if _, err := tx.Exec(ctx, sqlDeleteTicketsMessages, written); err != nil {
		return fmt.Errorf("delete messages: %w", err)
	}
	return msgs.insert(ctx, tx)
}

// ticketColumnArrays holds a batch column by column, the parameters of
// sqlUpsertTickets.
type ticketColumnArrays struct {
	source, externalID, subject, status, priority, category, team []string
	assigneeID                                                    []int64
	requester, channel, language, tags, resolution                []string
	createdAt, updatedAt                                          []time.Time
	firstResponseAt, resolvedAt, closedAt, pendingSince           []*time.Time
	pausedSeconds                                                 []int64
	reopenCount                                                   []int32
	contentHash                                                   []string
}

func (c *ticketColumnArrays) add(t *tickets.Ticket) {
	tags, _ := json.Marshal(orEmpty(t.Tags)) // strings always marshal
	c.source = append(c.source, t.Source)
	c.externalID = append(c.externalID, t.ExternalID)
	c.subject = append(c.subject, t.Subject)
	c.status = append(c.status, string(t.Status))
	c.priority = append(c.priority, string(t.Priority))
	c.category = append(c.category, t.Category)
	c.team = append(c.team, t.Team)
	c.assigneeID = append(c.assigneeID, t.AssigneeID)
	c.requester = append(c.requester, t.Requester)
	c.channel = append(c.channel, t.Channel)
	c.language = append(c.language, t.Language)
	c.tags = append(c.tags, string(tags))
	c.resolution = append(c.resolution, t.Resolution)
	c.createdAt = append(c.createdAt, t.CreatedAt)
	c.updatedAt = append(c.updatedAt, t.UpdatedAt)
	c.firstResponseAt = append(c.firstResponseAt, t.FirstResponseAt)
	c.resolvedAt = append(c.resolvedAt, t.ResolvedAt)
	c.closedAt = append(c.closedAt, t.ClosedAt)
	c.pendingSince = append(c.pendingSince, t.PendingSince)
	c.pausedSeconds = append(c.pausedSeconds, t.PausedSeconds)
	c.reopenCount = append(c.reopenCount, int32(t.ReopenCount))
	c.contentHash = append(c.contentHash, t.ContentHash)
}

func (c *ticketColumnArrays) args() []any {
	return []any{
		c.source, c.externalID, c.subject, c.status, c.priority, c.category, c.team, c.assigneeID,
		c.requester, c.channel, c.language, c.tags, c.resolution, c.createdAt, c.updatedAt, c.firstResponseAt,
		c.resolvedAt, c.closedAt, c.pendingSince, c.pausedSeconds, c.reopenCount, c.contentHash,
	}
}
