package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"deskpilot/tickets"
)

// CreateTicket stores a new ticket with its messages and sets their IDs.
func (db *DB) CreateTicket(ctx context.Context, t *tickets.Ticket) error {
	var id int64
	var msgs newMessages
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, sqlInsertTicket, ticketArgs(t)...).Scan(&id); err != nil {
			return err
		}
		for i := range t.Messages {
			msgs.add(id, &t.Messages[i])
		}
		return msgs.insert(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("postgres: create ticket: %w", ticketsErr(err))
	}
	t.ID = id
	msgs.setIDs()
	return nil
}

// GetTicket returns a ticket with its messages in time order.
func (db *DB) GetTicket(ctx context.Context, id int64) (*tickets.Ticket, error) {
	t, err := db.getTicket(ctx, sqlGetTicket, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: get ticket %d: %w", id, err)
	}
	return t, nil
}

// GetTicketByExternalID returns the ticket a source knows as externalID.
func (db *DB) GetTicketByExternalID(ctx context.Context, source, externalID string) (*tickets.Ticket, error) {
	t, err := db.getTicket(ctx, sqlGetTicketByExternalID, source, externalID)
	if err != nil {
		return nil, fmt.Errorf("postgres: get ticket %s/%s: %w", source, externalID, err)
	}
	return t, nil
}

func (db *DB) getTicket(ctx context.Context, query string, args ...any) (*tickets.Ticket, error) {
	t, err := scanTicket(db.pool.QueryRow(ctx, query, args...))
	if err != nil {
		return nil, ticketsErr(err)
	}
	rows, _ := db.pool.Query(ctx, sqlTicketMessages, t.ID)
	t.Messages, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (tickets.Message, error) {
		var m tickets.Message
		err := r.Scan(&m.ID, &m.TicketID, &m.Author, &m.AuthorID, &m.Body, &m.Public, &m.CreatedAt)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("messages: %w", err)
	}
	return t, nil
}

// UpdateTicket saves the fields of t (not its messages).
func (db *DB) UpdateTicket(ctx context.Context, t *tickets.Ticket) error {
	tag, err := db.pool.Exec(ctx, sqlUpdateTicket, append(ticketArgs(t), t.ID)...)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	if err != nil {
		return fmt.Errorf("postgres: update ticket %d: %w", t.ID, ticketsErr(err))
	}
	return nil
}

// AddMessage appends a message to its ticket and sets its ID.
func (db *DB) AddMessage(ctx context.Context, m *tickets.Message) error {
	err := db.pool.QueryRow(ctx, sqlInsertMessage,
		m.TicketID, string(m.Author), m.AuthorID, m.Body, m.Public, m.CreatedAt).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("postgres: add message to ticket %d: %w", m.TicketID, ticketsErr(err))
	}
	return nil
}

// ListTickets returns the tickets matching f, without their messages,
// newest first.
func (db *DB) ListTickets(ctx context.Context, f tickets.TicketFilter) ([]*tickets.Ticket, error) {
	w := ticketWhere(f, true)
	query := fmt.Sprintf("SELECT %s FROM tickets%s ORDER BY id DESC LIMIT %d", ticketColumns, w, f.EffectiveLimit())
	rows, _ := db.pool.Query(ctx, query, w.args...)
	ts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*tickets.Ticket, error) { return scanTicket(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: list tickets: %w", err)
	}
	return ts, nil
}

// CountTickets counts the tickets matching f (Limit and AfterID ignored).
func (db *DB) CountTickets(ctx context.Context, f tickets.TicketFilter) (int, error) {
	w := ticketWhere(f, false)
	var n int
	if err := db.pool.QueryRow(ctx, "SELECT count(*) FROM tickets"+w.String(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: count tickets: %w", err)
	}
	return n, nil
}

// DeleteTicket removes a ticket and its messages.
func (db *DB) DeleteTicket(ctx context.Context, id int64) error {
	tag, err := db.pool.Exec(ctx, sqlDeleteTicket, id)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	if err != nil {
		return fmt.Errorf("postgres: delete ticket %d: %w", id, ticketsErr(err))
	}
	return nil
}

// scanTicket reads the columns of ticketColumns.
func scanTicket(row pgx.Row) (*tickets.Ticket, error) {
	var t tickets.Ticket
	err := row.Scan(&t.ID, &t.Source, &t.ExternalID, &t.Subject, &t.Status, &t.Priority, &t.Category, &t.Team,
		&t.AssigneeID, &t.Requester, &t.Channel, &t.Language, &t.Tags, &t.Resolution,
		&t.CreatedAt, &t.UpdatedAt, &t.FirstResponseAt, &t.ResolvedAt, &t.ClosedAt, &t.PendingSince,
		&t.PausedSeconds, &t.ReopenCount, &t.ContentHash)
	if err != nil {
		return nil, err
	}
	if len(t.Tags) == 0 {
		t.Tags = nil
	}
	return &t, nil
}

// ticketArgs returns the values of sqlInsertTicket's columns, $1 to $22.
func ticketArgs(t *tickets.Ticket) []any {
	return []any{
		t.Source, t.ExternalID, t.Subject, string(t.Status), string(t.Priority), t.Category, t.Team, t.AssigneeID,
		t.Requester, t.Channel, t.Language, orEmpty(t.Tags), t.Resolution, t.CreatedAt, t.UpdatedAt, t.FirstResponseAt,
		t.ResolvedAt, t.ClosedAt, t.PendingSince, t.PausedSeconds, t.ReopenCount, t.ContentHash,
	}
}

// newMessages are messages to insert with the IDs of their tickets. The IDs
// are set on the messages by setIDs, once the transaction has committed.
type newMessages struct {
	msgs      []*tickets.Message
	ticketIDs []int64
	ids       []int64
}

func (n *newMessages) add(ticketID int64, m *tickets.Message) {
	n.msgs, n.ticketIDs = append(n.msgs, m), append(n.ticketIDs, ticketID)
}

// insert writes the messages with COPY.
func (n *newMessages) insert(ctx context.Context, tx pgx.Tx) error {
	if len(n.msgs) == 0 {
		return nil
	}
	rows, _ := tx.Query(ctx, sqlNextMessageIDs, len(n.msgs))
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("message ids: %w", err)
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"messages"}, messageCopyColumns,
		pgx.CopyFromSlice(len(n.msgs), func(i int) ([]any, error) {
			m := n.msgs[i]
			return []any{ids[i], n.ticketIDs[i], string(m.Author), nullID(m.AuthorID), m.Body, m.Public, m.CreatedAt}, nil
		}))
	if err != nil {
		return fmt.Errorf("copy messages: %w", err)
	}
	n.ids = ids
	return nil
}

func (n *newMessages) setIDs() {
	for i, m := range n.msgs {
		m.ID, m.TicketID = n.ids[i], n.ticketIDs[i]
	}
}

// nullID maps the zero ID, which means none, to NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// orEmpty keeps a nil slice from being written as NULL.
func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
