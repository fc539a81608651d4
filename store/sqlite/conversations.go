package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"deskpilot/tickets"
)

var _ tickets.ConversationStore = (*DB)(nil)

const (
	insertConversation = `INSERT INTO conversations (user_id, language, created_at, updated_at) VALUES (?, ?, ?, ?)`
	conversationCols   = `id, user_id, language, ticket_id, resolved, created_at, updated_at`
	selectConversation = `SELECT ` + conversationCols + ` FROM conversations WHERE id = ?`
	listConversations  = `SELECT ` + conversationCols + ` FROM conversations WHERE created_at >= ? ORDER BY created_at, id`
	insertTurn         = `INSERT INTO conversation_turns (conversation_id, role, text, decision, reason, citations, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`
	turnCols      = `conversation_id, role, text, decision, reason, citations, created_at`
	selectTurns   = `SELECT ` + turnCols + ` FROM conversation_turns WHERE conversation_id = ? ORDER BY id`
	listTurns     = `SELECT ` + turnCols + ` FROM conversation_turns WHERE conversation_id IN (SELECT id FROM conversations WHERE created_at >= ?) ORDER BY conversation_id, id`
	touchConvo    = `UPDATE conversations SET updated_at = max(updated_at, ?) WHERE id = ?`
	setHandoff    = `UPDATE conversations SET ticket_id = ?, updated_at = ? WHERE id = ? AND (ticket_id IS NULL OR ticket_id = ?)`
	selectHandoff = `SELECT ticket_id FROM conversations WHERE id = ?`
	setResolved   = `UPDATE conversations SET resolved = ?, updated_at = ? WHERE id = ?`
)

// CreateConversation stores a new conversation with the turns it has, and
// sets its ID.
func (db *DB) CreateConversation(ctx context.Context, c *tickets.Conversation) error {
	now := time.Now().UTC()
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, insertConversation, c.UserID, c.Language, formatTime(c.CreatedAt), formatTime(c.UpdatedAt))
		if err != nil {
			return err
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		for i := range c.Turns {
			if err := insertTurnTx(ctx, tx, c.ID, &c.Turns[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		c.ID = 0
		return fmt.Errorf("sqlite: create conversation: %w", ticketErr(err))
	}
	return nil
}

func insertTurnTx(ctx context.Context, tx *sql.Tx, id int64, t *tickets.Turn) error {
	if t.CreatedAt.IsZero() {
		t.CreatedAt = time.Now().UTC()
	}
	_, err := tx.ExecContext(ctx, insertTurn, id, t.Role, t.Text, t.Decision, t.Reason, encodeTags(t.Citations), formatTime(t.CreatedAt))
	return err
}

// GetConversation returns a conversation with its turns in order.
func (db *DB) GetConversation(ctx context.Context, id int64) (*tickets.Conversation, error) {
	var c *tickets.Conversation
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = scanConversation(tx.QueryRowContext(ctx, selectConversation, id)); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, selectTurns, id)
		if err != nil {
			return err
		}
		return scanTurns(rows, map[int64]*tickets.Conversation{id: c})
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: get conversation %d: %w", id, ticketErr(err))
	}
	return c, nil
}

// AppendTurn adds a turn at the end of a conversation.
func (db *DB) AppendTurn(ctx context.Context, id int64, t tickets.Turn) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := insertTurnTx(ctx, tx, id, &t); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, touchConvo, formatTime(t.CreatedAt), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: append turn to conversation %d: %w", id, ticketErr(err))
	}
	return nil
}

// SetHandoff records the ticket a conversation became. Recording the same
// ticket again does nothing; another ticket is ErrConflict, so that two
// handoffs racing each other cannot both win.
func (db *DB) SetHandoff(ctx context.Context, id, ticketID int64) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, setHandoff, ticketID, formatTime(time.Now()), id, ticketID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		var have sql.NullInt64
		if err := tx.QueryRowContext(ctx, selectHandoff, id).Scan(&have); err != nil {
			return err
		}
		return fmt.Errorf("%w: already handed off as ticket %d", tickets.ErrConflict, have.Int64)
	})
	if err != nil {
		return fmt.Errorf("sqlite: hand off conversation %d: %w", id, ticketErr(err))
	}
	return nil
}

// SetResolved records the requester's feedback; a later answer replaces
// an earlier one.
func (db *DB) SetResolved(ctx context.Context, id int64, resolved bool) error {
	res, err := db.rw.ExecContext(ctx, setResolved, resolved, formatTime(time.Now()), id)
	if err == nil {
		err = mustAffect(res, tickets.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("sqlite: feedback on conversation %d: %w", id, err)
	}
	return nil
}

// ListConversations returns the conversations created at or after since,
// oldest first, with their turns.
func (db *DB) ListConversations(ctx context.Context, since time.Time) ([]*tickets.Conversation, error) {
	var out []*tickets.Conversation
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, listConversations, formatTime(since))
		if err != nil {
			return err
		}
		defer rows.Close()
		byID := map[int64]*tickets.Conversation{}
		for rows.Next() {
			c, err := scanConversation(rows)
			if err != nil {
				return err
			}
			out = append(out, c)
			byID[c.ID] = c
		}
		if err := rows.Err(); err != nil {
			return err
		}
		turns, err := tx.QueryContext(ctx, listTurns, formatTime(since))
		if err != nil {
			return err
		}
		return scanTurns(turns, byID)
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: list conversations: %w", err)
	}
	return out, nil
}

func scanConversation(row interface{ Scan(...any) error }) (*tickets.Conversation, error) {
	c := &tickets.Conversation{Turns: []tickets.Turn{}}
	var ticket sql.NullInt64
	var resolved sql.NullBool
	if err := row.Scan(&c.ID, &c.UserID, &c.Language, &ticket, &resolved, timeDest{&c.CreatedAt}, timeDest{&c.UpdatedAt}); err != nil {
		return nil, err
	}
	if ticket.Valid {
		c.TicketID = &ticket.Int64
	}
	if resolved.Valid {
		c.Resolved = &resolved.Bool
	}
	return c, nil
}

// scanTurns appends each row's turn to its conversation in byID, and
// closes rows.
func scanTurns(rows *sql.Rows, byID map[int64]*tickets.Conversation) error {
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t tickets.Turn
		var cites string
		if err := rows.Scan(&id, &t.Role, &t.Text, &t.Decision, &t.Reason, &cites, timeDest{&t.CreatedAt}); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(cites), &t.Citations); err != nil {
			return fmt.Errorf("citations column: %w", err)
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
