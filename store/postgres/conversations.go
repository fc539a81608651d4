package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"deskpilot/tickets"
)

var _ tickets.ConversationStore = (*DB)(nil)

const (
	sqlInsertConversation = `INSERT INTO conversations (user_id, language, created_at, updated_at) VALUES ($1, $2, $3, $4) RETURNING id`
	sqlConversationCols   = `id, user_id, language, ticket_id, resolved, created_at, updated_at`
	sqlSelectConversation = `SELECT ` + sqlConversationCols + ` FROM conversations WHERE id = $1`
	sqlListConversations  = `SELECT ` + sqlConversationCols + ` FROM conversations WHERE created_at >= $1 ORDER BY created_at, id`
	sqlInsertTurn         = `INSERT INTO conversation_turns (conversation_id, role, text, decision, reason, citations, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`
	sqlTurnCols    = `conversation_id, role, text, decision, reason, citations, created_at`
	sqlSelectTurns = `SELECT ` + sqlTurnCols + ` FROM conversation_turns WHERE conversation_id = $1 ORDER BY id`
	sqlListTurns   = `SELECT ` + sqlTurnCols + ` FROM conversation_turns
		WHERE conversation_id IN (SELECT id FROM conversations WHERE created_at >= $1) ORDER BY conversation_id, id`
	sqlTouchConversation = `UPDATE conversations SET updated_at = greatest(updated_at, $2) WHERE id = $1`
	// The row lock of the UPDATE makes a racing handoff wait, then see the
	// ticket the first one set.
	sqlSetHandoff    = `UPDATE conversations SET ticket_id = $2, updated_at = now() WHERE id = $1 AND (ticket_id IS NULL OR ticket_id = $2)`
	sqlSelectHandoff = `SELECT ticket_id FROM conversations WHERE id = $1`
	sqlSetResolved   = `UPDATE conversations SET resolved = $2, updated_at = now() WHERE id = $1`
)

// CreateConversation stores a new conversation with the turns it has, and
// sets its ID.
func (db *DB) CreateConversation(ctx context.Context, c *tickets.Conversation) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now().UTC()
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	var id int64
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, sqlInsertConversation, c.UserID, c.Language, c.CreatedAt, c.UpdatedAt).Scan(&id); err != nil {
			return err
		}
		for i := range c.Turns {
			if err := insertTurn(ctx, tx, id, &c.Turns[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("postgres: create conversation: %w", ticketsErr(err))
	}
	c.ID = id
	return nil
}

func insertTurn(ctx context.Context, tx pgx.Tx, id int64, t *tickets.Turn) error {
	if t.CreatedAt.IsZero() {
		t.CreatedAt = time.Now().UTC()
	}
	cites := t.Citations
	if cites == nil {
		cites = []string{}
	}
	_, err := tx.Exec(ctx, sqlInsertTurn, id, t.Role, t.Text, t.Decision, t.Reason, cites, t.CreatedAt)
	return err
}

// GetConversation returns a conversation with its turns in order.
func (db *DB) GetConversation(ctx context.Context, id int64) (*tickets.Conversation, error) {
	var c *tickets.Conversation
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		var err error
		if c, err = scanConversation(tx.QueryRow(ctx, sqlSelectConversation, id)); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, sqlSelectTurns, id)
		if err != nil {
			return err
		}
		return scanTurns(rows, map[int64]*tickets.Conversation{id: c})
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: get conversation %d: %w", id, ticketsErr(err))
	}
	return c, nil
}

// AppendTurn adds a turn at the end of a conversation.
func (db *DB) AppendTurn(ctx context.Context, id int64, t tickets.Turn) error {
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if err := insertTurn(ctx, tx, id, &t); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, sqlTouchConversation, id, t.CreatedAt)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: append turn to conversation %d: %w", id, ticketsErr(err))
	}
	return nil
}

// SetHandoff records the ticket a conversation became. Recording the same
// ticket again does nothing; another ticket is ErrConflict, so that two
// handoffs racing each other cannot both win.
func (db *DB) SetHandoff(ctx context.Context, id, ticketID int64) error {
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, sqlSetHandoff, id, ticketID)
		if err != nil || tag.RowsAffected() > 0 {
			return err
		}
		var have *int64
		if err := tx.QueryRow(ctx, sqlSelectHandoff, id).Scan(&have); err != nil {
			return err
		}
		if have == nil { // handed back meanwhile (its ticket deleted)
			return fmt.Errorf("%w: the handoff changed meanwhile", tickets.ErrConflict)
		}
		return fmt.Errorf("%w: already handed off as ticket %d", tickets.ErrConflict, *have)
	})
	if err != nil {
		return fmt.Errorf("postgres: hand off conversation %d: %w", id, ticketsErr(err))
	}
	return nil
}

// SetResolved records the requester's feedback; a later answer replaces
// an earlier one.
func (db *DB) SetResolved(ctx context.Context, id int64, resolved bool) error {
	tag, err := db.pool.Exec(ctx, sqlSetResolved, id, resolved)
	if err != nil {
		return fmt.Errorf("postgres: feedback on conversation %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: feedback on conversation %d: %w", id, tickets.ErrNotFound)
	}
	return nil
}

// ListConversations returns the conversations created at or after since,
// oldest first, with their turns.
func (db *DB) ListConversations(ctx context.Context, since time.Time) ([]*tickets.Conversation, error) {
	var out []*tickets.Conversation
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, sqlListConversations, since)
		if err != nil {
			return err
		}
		byID := map[int64]*tickets.Conversation{}
		for rows.Next() {
			c, err := scanConversation(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, c)
			byID[c.ID] = c
		}
		if err := rows.Err(); err != nil {
			return err
		}
		turns, err := tx.Query(ctx, sqlListTurns, since)
		if err != nil {
			return err
		}
		return scanTurns(turns, byID)
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: list conversations: %w", err)
	}
	return out, nil
}

func scanConversation(row pgx.Row) (*tickets.Conversation, error) {
	c := &tickets.Conversation{Turns: []tickets.Turn{}}
	if err := row.Scan(&c.ID, &c.UserID, &c.Language, &c.TicketID, &c.Resolved, &c.CreatedAt, &c.UpdatedAt); err != nil {
		return nil, err
	}
	return c, nil
}

// scanTurns appends each row's turn to its conversation in byID, and
// closes rows.
func scanTurns(rows pgx.Rows, byID map[int64]*tickets.Conversation) error {
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t tickets.Turn
		if err := rows.Scan(&id, &t.Role, &t.Text, &t.Decision, &t.Reason, &t.Citations, &t.CreatedAt); err != nil {
			return err
		}
		if len(t.Citations) == 0 {
			t.Citations = nil
		}
		if c := byID[id]; c != nil {
			c.Turns = append(c.Turns, t)
		}
	}
	return rows.Err()
}
