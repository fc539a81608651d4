package sqlite

import (
	"context"
	"fmt"
	"time"

	"deskpilot/tickets"
)

var _ tickets.OutcomeStore = (*DB)(nil)

const (
	insertOutcome = `INSERT INTO suggestion_outcomes (ticket_id, agent_id, action, draft, sent, edit_distance,
	discard_reason, confidence, category, suggested_at, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	selectOutcomes = `SELECT id, ticket_id, agent_id, action, draft, sent, edit_distance, discard_reason, confidence,
	category, suggested_at, decided_at FROM suggestion_outcomes WHERE decided_at >= ? ORDER BY decided_at, id`
)

// RecordOutcome stores what an agent did with a suggestion and sets its ID.
// A zero DecidedAt means now.
func (db *DB) RecordOutcome(ctx context.Context, o *tickets.SuggestionOutcome) error {
	if o.DecidedAt.IsZero() {
		o.DecidedAt = time.Now().UTC()
	}
	res, err := db.rw.ExecContext(ctx, insertOutcome, o.TicketID, o.AgentID, o.Action, o.Draft, o.Sent, o.EditDistance,
		o.DiscardReason, o.Confidence, o.Category, formatTime(o.SuggestedAt), formatTime(o.DecidedAt))
	if err != nil {
		return fmt.Errorf("sqlite: record outcome of ticket %d: %w", o.TicketID, ticketErr(err))
	}
	if o.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("sqlite: record outcome of ticket %d: %w", o.TicketID, err)
	}
	return nil
}

// ListOutcomes returns the outcomes decided at or after since, oldest first.
func (db *DB) ListOutcomes(ctx context.Context, since time.Time) ([]*tickets.SuggestionOutcome, error) {
	rows, err := db.ro.QueryContext(ctx, selectOutcomes, formatTime(since))
	if err != nil {
		return nil, fmt.Errorf("sqlite: list outcomes: %w", err)
	}
	defer rows.Close()
	var out []*tickets.SuggestionOutcome
	for rows.Next() {
		o := &tickets.SuggestionOutcome{}
		if err := rows.Scan(&o.ID, &o.TicketID, &o.AgentID, &o.Action, &o.Draft, &o.Sent, &o.EditDistance, &o.DiscardReason,
			&o.Confidence, &o.Category, timeDest{&o.SuggestedAt}, timeDest{&o.DecidedAt}); err != nil {
			return nil, fmt.Errorf("sqlite: list outcomes: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list outcomes: %w", err)
	}
	return out, nil
}
