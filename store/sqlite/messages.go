package sqlite

import (
	"context"
	"fmt"

	"deskpilot/tickets"
)

// Queries on messages. author_id is NULL when the author is not a known
// user; the Go side sees 0.
const (
	messageColumns = `id, ticket_id, author, coalesce(author_id, 0), body, public, created_at`

	selectMessages = `SELECT ` + messageColumns + ` FROM messages
WHERE ticket_id = ? ORDER BY created_at, id`

	insertMessage = `
INSERT INTO messages (ticket_id, author, author_id, body, public, created_at)
VALUES (?, ?, nullif(?, 0), ?, ?, ?)`

	deleteMessages = `DELETE FROM messages WHERE ticket_id = ?`
)

// AddMessage appends a message to its ticket and sets its ID. ErrNotFound
// when the ticket, or the author user, does not exist.
func (db *DB) AddMessage(ctx context.Context, m *tickets.Message) error {
	res, err := db.rw.ExecContext(ctx, insertMessage,
		m.TicketID, string(m.Author), m.AuthorID, m.Body, m.Public, formatTime(m.CreatedAt))
	var id int64
	if err == nil {
		id, err = res.LastInsertId()
	}
	if err != nil {
		return fmt.Errorf("sqlite: add message to ticket %d: %w", m.TicketID, ticketErr(err))
	}
	m.ID = id
	return nil
}

// insertMessages writes msgs for ticket id and returns their IDs in order.
func insertMessages(ctx context.Context, st *stmts, id int64, msgs []tickets.Message) ([]int64, error) {
	if len(msgs) == 0 {
		return nil, nil
	}
	stmt, err := st.get(ctx, insertMessage)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(msgs))
	for i, m := range msgs {
		res, err := stmt.ExecContext(ctx, id, string(m.Author), m.AuthorID, m.Body, m.Public, formatTime(m.CreatedAt))
		if err != nil {
			return nil, err
		}
		if ids[i], err = res.LastInsertId(); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// loadMessages returns the messages of ticket id in time order.
func loadMessages(ctx context.Context, q queryer, id int64) ([]tickets.Message, error) {
	rows, err := q.QueryContext(ctx, selectMessages, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tickets.Message
	for rows.Next() {
		var m tickets.Message
		if err := rows.Scan(&m.ID, &m.TicketID, &m.Author, &m.AuthorID, &m.Body, &m.Public, timeDest{&m.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
