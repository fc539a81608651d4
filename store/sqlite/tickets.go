package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"deskpilot/tickets"
)

// Queries on tickets. external_id and assignee_id are NULL when unset (see
// 0001_init.sql); the Go side sees "" and 0.
const (
	ticketColumns = `id, source, coalesce(external_id, ''), subject, status, priority, category, team,
    coalesce(assignee_id, 0), requester, channel, language, tags, resolution,
    created_at, updated_at, first_response_at, resolved_at, closed_at, pending_since,
    paused_seconds, reopen_count, content_hash`

	selectTicketByID = `SELECT ` + ticketColumns + ` FROM tickets WHERE id = ?`

	selectTicketByExternalID = `SELECT ` + ticketColumns + ` FROM tickets
WHERE source = ? AND external_id = ?`

	insertTicket = `
INSERT INTO tickets (
    source, external_id, subject, status, priority, category, team, assignee_id,
    requester, channel, language, tags, resolution,
    created_at, updated_at, first_response_at, resolved_at, closed_at, pending_since,
    paused_seconds, reopen_count, content_hash
) VALUES (
    :source, nullif(:external_id, ''), :subject, :status, :priority, :category, :team, nullif(:assignee_id, 0),
    :requester, :channel, :language, :tags, :resolution,
    :created_at, :updated_at, :first_response_at, :resolved_at, :closed_at, :pending_since,
    :paused_seconds, :reopen_count, :content_hash
)`

	updateTicket = `
UPDATE tickets SET
    source = :source, external_id = nullif(:external_id, ''), subject = :subject,
    status = :status, priority = :priority, category = :category, team = :team,
    assignee_id = nullif(:assignee_id, 0), requester = :requester, channel = :channel,
    language = :language, tags = :tags, resolution = :resolution,
    created_at = :created_at, updated_at = :updated_at,
    first_response_at = :first_response_at, resolved_at = :resolved_at,
    closed_at = :closed_at, pending_since = :pending_since,
    paused_seconds = :paused_seconds, reopen_count = :reopen_count, content_hash = :content_hash
WHERE id = :id`

	deleteTicket = `DELETE FROM tickets WHERE id = ?` // messages go by ON DELETE CASCADE
)

// ticketArgs binds the named parameters of insertTicket and updateTicket
// (all but :id).
func ticketArgs(t *tickets.Ticket) []any {
	return []any{
		sql.Named("source", t.Source),
		sql.Named("external_id", t.ExternalID),
		sql.Named("subject", t.Subject),
		sql.Named("status", string(t.Status)),
		sql.Named("priority", string(t.Priority)),
		sql.Named("category", t.Category),
		sql.Named("team", t.Team),
		sql.Named("assignee_id", t.AssigneeID),
		sql.Named("requester", t.Requester),
		sql.Named("channel", t.Channel),
		sql.Named("language", t.Language),
		sql.Named("tags", encodeTags(t.Tags)),
		sql.Named("resolution", t.Resolution),
		sql.Named("created_at", formatTime(t.CreatedAt)),
		sql.Named("updated_at", formatTime(t.UpdatedAt)),
		sql.Named("first_response_at", formatTimePtr(t.FirstResponseAt)),
		sql.Named("resolved_at", formatTimePtr(t.ResolvedAt)),
		sql.Named("closed_at", formatTimePtr(t.ClosedAt)),
		sql.Named("pending_since", formatTimePtr(t.PendingSince)),
		sql.Named("paused_seconds", t.PausedSeconds),
		sql.Named("reopen_count", int64(t.ReopenCount)),
		sql.Named("content_hash", t.ContentHash),
	}
}

// scanTicket reads a row of ticketColumns.
func scanTicket(row interface{ Scan(...any) error }) (*tickets.Ticket, error) {
	t := &tickets.Ticket{}
	err := row.Scan(&t.ID, &t.Source, &t.ExternalID, &t.Subject, &t.Status, &t.Priority, &t.Category, &t.Team,
		&t.AssigneeID, &t.Requester, &t.Channel, &t.Language, tagsDest{&t.Tags}, &t.Resolution,
		timeDest{&t.CreatedAt}, timeDest{&t.UpdatedAt}, nullTimeDest{&t.FirstResponseAt},
		nullTimeDest{&t.ResolvedAt}, nullTimeDest{&t.ClosedAt}, nullTimeDest{&t.PendingSince},
		&t.PausedSeconds, &t.ReopenCount, &t.ContentHash)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// CreateTicket stores a new ticket with its messages and sets their IDs.
// ErrConflict when the source already has the external ID.
func (db *DB) CreateTicket(ctx context.Context, t *tickets.Ticket) error {
	var id int64
	var msgIDs []int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		st := newStmts(tx)
		defer st.close()
		var err error
		if id, err = insertTicketTx(ctx, st, t); err != nil {
			return err
		}
		msgIDs, err = insertMessages(ctx, st, id, t.Messages)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: create ticket: %w", ticketErr(err))
	}
	setTicketIDs(t, id, msgIDs)
	return nil
}

func insertTicketTx(ctx context.Context, st *stmts, t *tickets.Ticket) (int64, error) {
	res, err := st.exec(ctx, insertTicket, ticketArgs(t)...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// setTicketIDs hands out the IDs once the transaction that made them has
// committed, so a failed write leaves the caller's ticket as it was.
func setTicketIDs(t *tickets.Ticket, id int64, msgIDs []int64) {
	t.ID = id
	for i := range msgIDs {
		t.Messages[i].ID, t.Messages[i].TicketID = msgIDs[i], id
	}
}

// GetTicket returns a ticket with its messages in time order.
func (db *DB) GetTicket(ctx context.Context, id int64) (*tickets.Ticket, error) {
	t, err := db.getTicket(ctx, selectTicketByID, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: get ticket %d: %w", id, err)
	}
	return t, nil
}

// GetTicketByExternalID returns the ticket a source knows as externalID.
func (db *DB) GetTicketByExternalID(ctx context.Context, source, externalID string) (*tickets.Ticket, error) {
	t, err := db.getTicket(ctx, selectTicketByExternalID, source, externalID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: get ticket %s/%s: %w", source, externalID, err)
	}
	return t, nil
}

// getTicket reads a ticket and its messages from one snapshot.
func (db *DB) getTicket(ctx context.Context, query string, args ...any) (*tickets.Ticket, error) {
	var t *tickets.Ticket
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		if t, err = scanTicket(tx.QueryRowContext(ctx, query, args...)); err != nil {
			return err
		}
		t.Messages, err = loadMessages(ctx, tx, t.ID)
		return err
	})
	return t, ticketErr(err)
}

// UpdateTicket saves the fields of t (not its messages).
func (db *DB) UpdateTicket(ctx context.Context, t *tickets.Ticket) error {
	args := append(ticketArgs(t), sql.Named("id", t.ID))
	res, err := db.rw.ExecContext(ctx, updateTicket, args...)
	if err == nil {
		err = mustAffect(res, tickets.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("sqlite: update ticket %d: %w", t.ID, ticketErr(err))
	}
	return nil
}

// DeleteTicket removes a ticket and its messages.
func (db *DB) DeleteTicket(ctx context.Context, id int64) error {
	res, err := db.rw.ExecContext(ctx, deleteTicket, id)
	if err == nil {
		err = mustAffect(res, tickets.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("sqlite: delete ticket %d: %w", id, err)
	}
	return nil
}

// ListTickets returns the tickets matching f, without their messages,
// newest (highest ID) first.
func (db *DB) ListTickets(ctx context.Context, f tickets.TicketFilter) ([]*tickets.Ticket, error) {
	where, args := ticketWhere(f, true)
	query := `SELECT ` + ticketColumns + ` FROM tickets` + where + ` ORDER BY id DESC LIMIT ?`
	rows, err := db.ro.QueryContext(ctx, query, append(args, f.EffectiveLimit())...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list tickets: %w", err)
	}
	defer rows.Close()
	var out []*tickets.Ticket
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list tickets: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list tickets: %w", err)
	}
	return out, nil
}

// CountTickets counts the tickets matching f (Limit and AfterID ignored).
func (db *DB) CountTickets(ctx context.Context, f tickets.TicketFilter) (int, error) {
	where, args := ticketWhere(f, false)
	var n int
	if err := db.ro.QueryRowContext(ctx, `SELECT count(*) FROM tickets`+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: count tickets: %w", err)
	}
	return n, nil
}

// ticketWhere turns a filter into a WHERE clause ("" for none) and its
// arguments; paging adds the AfterID bound.
func ticketWhere(f tickets.TicketFilter, paging bool) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) {
		conds = append(conds, cond)
		args = append(args, a...)
	}
	if len(f.Status) > 0 {
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(f.Status)), ", ")
		add("status IN (" + marks + ")")
		for _, s := range f.Status {
			args = append(args, string(s))
		}
	}
	if f.Team != "" {
		add("team = ?", f.Team)
	}
	if c := tickets.CleanCategoryPath(f.Category); c != "" {
		// The category itself, or a path in [c/, c0): '0' is the byte after
		// '/', so that range holds exactly the paths below c, and not
		// "Networking" below "Network". Case-sensitive, unlike LIKE.
		add("(category = ? OR (category >= ? AND category < ?))", c, c+"/", c+"0")
	}
	if f.Requester != "" {
		add("requester = ?", f.Requester)
	}
	if f.Source != "" {
		add("source = ?", f.Source)
	}
	if f.Assignee != 0 {
		add("assignee_id = ?", f.Assignee)
	}
	if !f.CreatedAfter.IsZero() {
		add("created_at >= ?", formatTime(f.CreatedAfter))
	}
	if !f.CreatedBefore.IsZero() {
		add("created_at < ?", formatTime(f.CreatedBefore))
	}
	if paging && f.AfterID > 0 {
		add("id < ?", f.AfterID)
	}
	if len(conds) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}
