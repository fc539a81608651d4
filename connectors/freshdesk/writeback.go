package freshdesk

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"deskpilot/connectors/copilot"
)

var _ copilot.Desk = (*Source)(nil)

// CopilotTag is the tag the copilot adds to each ticket it drafted for.
const CopilotTag = "deskpilot"

// deskTicket is a ticket as GET /api/v2/tickets/{id} gives it.
type deskTicket struct {
	ID              int64    `json:"id"`
	Subject         string   `json:"subject"`
	DescriptionText string   `json:"description_text"`
	Description     string   `json:"description"`
	Tags            []string `json:"tags"`
}

// getTicket fetches a ticket: the object itself on Freshdesk, under
// "ticket" on Freshservice.
func (s *Source) getTicket(ctx context.Context, id string) (*deskTicket, error) {
	if !copilot.Digits(id) {
		return nil, fmt.Errorf("freshdesk: %q is not a ticket id", id)
	}
	u := s.url("/api/v2/tickets/"+id, nil)
	var body json.RawMessage
	if err := s.c.GetJSON(ctx, u, &body); err != nil {
		return nil, fmt.Errorf("freshdesk: %w", err)
	}
	var t deskTicket
	if err := itemOf(body, "ticket", s.service(), &t); err != nil {
		return nil, fmt.Errorf("freshdesk: ticket %s: %w", id, err)
	}
	return &t, nil
}

// Ticket fetches a ticket (GET /api/v2/tickets/{id}).
func (s *Source) Ticket(ctx context.Context, id string) (*copilot.Ticket, error) {
	t, err := s.getTicket(ctx, id)
	if err != nil {
		return nil, err
	}
	return &copilot.Ticket{ID: id, Subject: t.Subject, Description: text(t.DescriptionText, t.Description)}, nil
}

// HasNote reports whether a conversation of the ticket (a note or a
// reply) carries marker.
func (s *Source) HasNote(ctx context.Context, id, marker string) (bool, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || !copilot.Digits(id) {
		return false, fmt.Errorf("freshdesk: %q is not a ticket id", id)
	}
	convs, err := s.conversations(ctx, n)
	if err != nil {
		return false, err
	}
	for _, c := range convs {
		if copilot.HasMarker(c.BodyText, marker) || copilot.HasMarker(c.Body, marker) {
			return true, nil
		}
	}
	return false, nil
}

// WriteBack adds the note as a private note (POST
// /api/v2/tickets/{id}/notes), then sets the group of the team (by name),
// the category (see categoryUpdate) and the copilot's tag beside the
// ticket's own (PUT /api/v2/tickets/{id}: tags are replaced, so they are
// read first).
func (s *Source) WriteBack(ctx context.Context, id string, wb copilot.WriteBack) ([]string, error) {
	t, err := s.getTicket(ctx, id)
	if err != nil {
		return nil, err
	}
	if wb.Note != nil {
		u := s.url("/api/v2/tickets/"+id+"/notes", nil)
		if err := s.c.SendJSON(ctx, http.MethodPost, u, map[string]any{"body": wb.Note.HTML, "private": true}, nil); err != nil {
			return nil, fmt.Errorf("freshdesk: %w", err)
		}
	}
	upd := map[string]any{}
	var done []string
	if !slices.Contains(t.Tags, CopilotTag) {
		upd["tags"] = append(slices.Clone(t.Tags), CopilotTag)
	}
	done = append(done, "tag "+CopilotTag)
	if team := wb.Fields.Team; team != "" {
		groups, err := s.loadGroups(ctx)
		if err != nil {
			return nil, err
		}
		gid, ok := groupByName(groups, team)
		if ok {
			upd["group_id"] = gid
			done = append(done, "group "+team)
		} else {
			done = append(done, "no group named "+team)
		}
	}
	if cat := wb.Fields.Category; cat != "" {
		set, ok, err := s.categoryUpdate(ctx, cat)
		if err != nil {
			return nil, err
		}
		if ok {
			for k, v := range set {
				upd[k] = v
			}
			done = append(done, "category "+cat)
		} else {
			done = append(done, "no category choice for "+cat)
		}
	}
	if len(upd) > 0 {
		if err := s.c.SendJSON(ctx, http.MethodPut, s.url("/api/v2/tickets/"+id, nil), upd, nil); err != nil {
			return nil, fmt.Errorf("freshdesk: %w", err)
		}
	}
	return done, nil
}

// groupByName finds a group by name, ignoring case.
func groupByName(groups map[int64]string, name string) (int64, bool) {
	ids := make([]int64, 0, len(groups))
	for id := range groups {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if strings.EqualFold(strings.TrimSpace(groups[id]), strings.TrimSpace(name)) {
			return id, true
		}
	}
	return 0, false
}
