package zendesk

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"deskpilot/connectors/copilot"
)

var _ copilot.Desk = (*Source)(nil)

// CopilotTag is the tag the copilot adds to each ticket it drafted for,
// for views and reports.
const CopilotTag = "deskpilot"

// ticketPath is the API path of a ticket, once its id is checked.
func ticketPath(id string) (string, error) {
	if !copilot.Digits(id) {
		return "", fmt.Errorf("zendesk: %q is not a ticket id", id)
	}
	return "/api/v2/tickets/" + id + ".json", nil
}

// Ticket fetches a ticket (GET /api/v2/tickets/{id}).
func (s *Source) Ticket(ctx context.Context, id string) (*copilot.Ticket, error) {
	path, err := ticketPath(id)
	if err != nil {
		return nil, err
	}
	var resp struct {
		Ticket struct {
			ID          int64   `json:"id"`
			Subject     *string `json:"subject"`
			RawSubject  *string `json:"raw_subject"`
			Description string  `json:"description"`
		} `json:"ticket"`
	}
	if err := s.c.GetJSON(ctx, s.url(path, nil), &resp); err != nil {
		return nil, fmt.Errorf("zendesk: %w", err)
	}
	t := resp.Ticket
	subject := deref(t.Subject)
	if subject == "" {
		subject = deref(t.RawSubject)
	}
	return &copilot.Ticket{ID: id, Subject: subject, Description: t.Description}, nil
}

// HasNote reports whether a comment of the ticket carries marker.
func (s *Source) HasNote(ctx context.Context, id, marker string) (bool, error) {
	n, err := strconvID(id)
	if err != nil {
		return false, err
	}
	comments, err := s.comments(ctx, n, &sideloads{users: map[int64]user{}})
	if err != nil {
		return false, err
	}
	for _, c := range comments {
		if copilot.HasMarker(c.PlainBody, marker) || copilot.HasMarker(c.Body, marker) {
			return true, nil
		}
	}
	return false, nil
}

// WriteBack updates the ticket in one request (PUT /api/v2/tickets/{id}):
// the note as a private comment, the group of the team (by name), the
// category field's option of the category (when CategoryField is set),
// and the copilot's tag added to the ticket's.
func (s *Source) WriteBack(ctx context.Context, id string, wb copilot.WriteBack) ([]string, error) {
	path, err := ticketPath(id)
	if err != nil {
		return nil, err
	}
	upd := map[string]any{"additional_tags": []string{CopilotTag}}
	done := []string{"tag " + CopilotTag}
	if wb.Note != nil {
		upd["comment"] = map[string]any{"body": wb.Note.Text, "public": false}
	}
	if team := wb.Fields.Team; team != "" {
		gid, ok, err := s.groupID(ctx, team)
		switch {
		case err != nil:
			return nil, err
		case ok:
			upd["group_id"] = gid
			done = append(done, "group "+team)
		default:
			done = append(done, "no group named "+team)
		}
	}
	if cat := wb.Fields.Category; cat != "" && s.cfg.CategoryField != 0 {
		v, ok, err := s.categoryOption(ctx, cat)
		switch {
		case err != nil:
			return nil, err
		case ok:
			upd["custom_fields"] = []map[string]any{{"id": s.cfg.CategoryField, "value": v}}
			done = append(done, "category "+cat)
		default:
			done = append(done, "no category option for "+cat)
		}
	}
	if err := s.c.SendJSON(ctx, http.MethodPut, s.url(path, nil), map[string]any{"ticket": upd}, nil); err != nil {
		return nil, fmt.Errorf("zendesk: %w", err)
	}
	return done, nil
}

// groupID finds the group named team (GET /api/v2/groups), ignoring case.
func (s *Source) groupID(ctx context.Context, team string) (int64, bool, error) {
	var id int64
	found := false
	err := s.eachCursorPage(ctx, "/api/v2/groups.json", nil, func(body []byte) (cursorPage, error) {
		var l struct {
			cursorPage
			Groups []group `json:"groups"`
		}
		err := json.Unmarshal(body, &l)
		for _, g := range l.Groups {
			if !found && strings.EqualFold(strings.TrimSpace(g.Name), strings.TrimSpace(team)) {
				id, found = g.ID, true
			}
		}
		return l.cursorPage, err
	})
	return id, found, err
}

// categoryOption finds the option of the category field for a category
// path: the option whose value, nested with "__" (network__vpn), or whose
// name, nested with "::" (Network::VPN), is the path, ignoring case.
func (s *Source) categoryOption(ctx context.Context, category string) (string, bool, error) {
	u := s.url(fmt.Sprintf("/api/v2/ticket_fields/%d.json", s.cfg.CategoryField), nil)
	var resp struct {
		TicketField struct {
			Options []struct {
				Name  string `json:"name"`
				Value string `json:"value"`
			} `json:"custom_field_options"`
		} `json:"ticket_field"`
	}
	if err := s.c.GetJSON(ctx, u, &resp); err != nil {
		return "", false, fmt.Errorf("zendesk: %w", err)
	}
	want := strings.ToLower(strings.TrimSpace(category))
	for _, o := range resp.TicketField.Options {
		byValue := strings.ToLower(strings.ReplaceAll(o.Value, "__", "/"))
		byName := strings.ToLower(strings.ReplaceAll(o.Name, "::", "/"))
		if byValue == want || byName == want {
			return o.Value, true, nil
		}
	}
	return "", false, nil
}

func strconvID(id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || !copilot.Digits(id) {
		return 0, fmt.Errorf("zendesk: %q is not a ticket id", id)
	}
	return n, nil
}
