package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"deskpilot/tickets"
)

var _ tickets.OutcomeStore = (*DB)(nil)

const (
	sqlInsertOutcome = `INSERT INTO suggestion_outcomes (ticket_id, agent_id, action, draft, sent, edit_distance,
	discard_reason, confidence, category, suggested_at, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
	RETURNING id`
	sqlSelectOutcomes = `SELECT id, ticket_id, agent_id, action, draft, sent, edit_distance, discard_reason, confidence,
	category, suggested_at, decided_at FROM suggestion_outcomes WHERE decided_at >= $1 ORDER BY decided_at, id`
)

// RecordOutcome stores what an agent did with a suggestion and sets its ID.
// A zero DecidedAt means now.
func (db *DB) RecordOutcome(ctx context.Context, o *tickets.SuggestionOutcome) error {
	if o.DecidedAt.IsZero() {
		o.DecidedAt = time.Now().UTC()
	}
	err := db.pool.QueryRow(ctx, sqlInsertOutcome, o.TicketID, o.AgentID, o.Action, o.Draft, o.Sent,
		o.EditDistance, o.DiscardReason, o.Confidence, o.Category, o.SuggestedAt, o.DecidedAt).Scan(&o.ID)
	if err != nil {
		return fmt.Errorf("postgres: record outcome of ticket %d: %w", o.TicketID, ticketsErr(err))
	}
	return nil
}

// ListOutcomes returns the outcomes decided at or after since, oldest first.
func (db *DB) ListOutcomes(ctx context.Context, since time.Time) ([]*tickets.SuggestionOutcome, error) {
	rows, err := db.pool.Query(ctx, sqlSelectOutcomes, since)
	if err != nil {
		return nil, fmt.Errorf("postgres: list outcomes: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*tickets.SuggestionOutcome, error) {
		o := &tickets.SuggestionOutcome{}
		err := r.Scan(&o.ID, &o.TicketID, &o.AgentID, &o.Action, &o.Draft, &o.Sent, &o.EditDistance, &o.DiscardReason,
			&o.Confidence, &o.Category, &o.SuggestedAt, &o.DecidedAt)
		return o, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: list outcomes: %w", err)
	}
	return out, nil
}
