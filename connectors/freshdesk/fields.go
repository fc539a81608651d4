package freshdesk

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"deskpilot/connectors/copilot"
)

// ticketField is a ticket field with its choices: strings on Freshdesk
// (GET /api/v2/ticket_fields), objects with their nested options on
// Freshservice (GET /api/v2/ticket_form_fields).
type ticketField struct {
	Name    string   `json:"name"`
	Choices []choice `json:"choices"`
}

// choice is a value of a drop-down, with the values nested under it (a
// Freshservice category's sub-categories and items).
type choice struct {
	Value  string
	Nested []choice
}

// UnmarshalJSON reads a choice: "Incident", or {"value": "Hardware",
// "nested_options": [...]}.
func (c *choice) UnmarshalJSON(b []byte) error {
	if json.Unmarshal(b, &c.Value) == nil {
		return nil
	}
	var o struct {
		Value  string   `json:"value"`
		Nested []choice `json:"nested_options"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return err
	}
	c.Value, c.Nested = o.Value, o.Nested
	return nil
}

// ticketFields lists the account's ticket fields.
func (s *Source) ticketFields(ctx context.Context) ([]ticketField, error) {
	var fields []ticketField
	if s.service() {
		var wrapped struct {
			Fields []ticketField `json:"ticket_fields"`
		}
		if err := s.c.GetJSON(ctx, s.url("/api/v2/ticket_form_fields", nil), &wrapped); err != nil {
			return nil, fmt.Errorf("freshdesk: %w", err)
		}
		return wrapped.Fields, nil
	}
	if err := s.c.GetJSON(ctx, s.url("/api/v2/ticket_fields", nil), &fields); err != nil {
		return nil, fmt.Errorf("freshdesk: %w", err)
	}
	return fields, nil
}

// categoryUpdate returns the part of a ticket update that sets category,
// and whether the account's field has a choice for it. The field is
// CategoryField: the ticket's type ("type", Freshdesk's default) or a
// custom field ("cf_category"); on Freshservice, by default, its category,
// sub-category and item, one level of the path each.
func (s *Source) categoryUpdate(ctx context.Context, category string) (map[string]any, bool, error) {
	fields, err := s.ticketFields(ctx)
	if err != nil {
		return nil, false, err
	}
	name := s.cfg.CategoryField
	if name == "" && s.service() {
		return serviceCategory(fields, category)
	}
	if name == "" || name == "type" {
		name = "ticket_type"
	}
	for _, f := range fields {
		if f.Name != name {
			continue
		}
		value := category // a text field takes the path as it is
		if len(f.Choices) > 0 {
			values := make([]string, len(f.Choices))
			for i, c := range f.Choices {
				values[i] = c.Value
			}
			v, ok := copilot.MatchCategory(category, values)
			if !ok {
				return nil, false, nil
			}
			value = v
		}
		if name == "ticket_type" {
			return map[string]any{"type": value}, true, nil
		}
		return map[string]any{"custom_fields": map[string]any{name: value}}, true, nil
	}
	return nil, false, nil
}

// serviceCategory maps a category path onto Freshservice's category,
// sub-category and item: each level must be a choice nested under the
// one before.
func serviceCategory(fields []ticketField, category string) (map[string]any, bool, error) {
	var level []choice
	for _, f := range fields {
		if f.Name == "category" {
			level = f.Choices
		}
	}
	keys := []string{"category", "sub_category", "item_category"}
	parts := strings.Split(category, "/")
	if len(parts) > len(keys) {
		return nil, false, nil
	}
	set := map[string]any{}
	for i, p := range parts {
		found := false
		for _, c := range level {
			if strings.EqualFold(strings.TrimSpace(c.Value), strings.TrimSpace(p)) {
				set[keys[i]], level, found = c.Value, c.Nested, true
				break
			}
		}
		if !found {
			return nil, false, nil
		}
	}
	return set, true, nil
}
