package web

// The OpenAPI documentation of the AI panel's API.
func init() {
	addAPIDocs([]apiDoc{
		{Method: "GET", Path: "/api/v1/tickets/{id}/suggestion", Role: "agent", Response: "Suggestion",
			Summary: "The assistant's suggested reply to the ticket's question, its sources, suggested fields, similar solved tickets and articles"},
		{Method: "POST", Path: "/api/v1/tickets/{id}/suggestion/outcome", Role: "agent", Body: "OutcomeRequest", Response: "OutcomeResult", Status: 201,
			Summary: "Accept, edit or discard a suggestion: accepted and edited replies are posted publicly; the outcome is recorded with its edit distance and time to send"},
		{Method: "GET", Path: "/api/v1/outcomes", Role: "agent", Response: "Outcomes",
			Query:   []string{"since: RFC 3339 time or date (default: 30 days ago)", "ticket_id: only this ticket's"},
			Summary: "Suggestion outcomes decided since a moment, oldest first"},
	}, map[string]string{
		"SourceLink": `{"type":"object","properties":{"marker":{"type":"integer"},"kind":{"enum":["article","ticket"]},"id":{"type":"string","description":"as imported"},` +
			`"document_id":{"type":"integer"},"title":{"type":"string"},"href":{"type":"string","description":"a same-origin path or an http(s) URL"},"snippet":{"type":"string"},"score":{"type":"number"}}}`,
		"SuggestedField": `{"type":"object","properties":{"value":{"type":"string"},"confidence":{"type":"number"},"abstain":{"type":"boolean"},"current":{"type":"string","description":"the ticket's value now"}}}`,
		"Suggestion": `{"type":"object","properties":{"suggestion_id":{"type":"string","description":"send it back with the outcome; good for 24 hours"},` +
			`"suggested_at":{"type":"string","format":"date-time"},"ticket_id":{"type":"integer"},"draft":{"type":"string"},"confidence":{"type":"number"},` +
			`"decision":{"enum":["auto","suggest","handoff"]},"reason":{"type":"string"},"explanation":{"type":"string"},"language":{"type":"string"},` +
			`"citations":{"type":"array","items":{"$ref":"#/components/schemas/SourceLink"}},` +
			`"fields":{"type":"object","properties":{"category":{"$ref":"#/components/schemas/SuggestedField"},"team":{"$ref":"#/components/schemas/SuggestedField"},"priority":{"$ref":"#/components/schemas/SuggestedField"}}},` +
			`"similar_tickets":{"type":"array","items":{"$ref":"#/components/schemas/SourceLink"}},"articles":{"type":"array","items":{"$ref":"#/components/schemas/SourceLink"}}}}`,
		"OutcomeRequest": `{"type":"object","properties":{"suggestion_id":{"type":"string"},"action":{"enum":["accepted","edited","discarded"]},` +
			`"draft":{"type":"string","description":"the suggested draft, unchanged"},"sent":{"type":"string","description":"the reply to post: the draft (accepted, may be omitted) or the edited text; empty for discarded"},` +
			`"reason":{"enum":["inaccurate","incomplete","outdated","not_relevant","tone","other"],"description":"discarded only"},"note":{"type":"string","description":"free text with the reason, required for other"},` +
			`"suggested_at":{"type":"string","format":"date-time","description":"optional; must be the suggestion's"}},"required":["suggestion_id","action","draft"]}`,
		"Outcome": `{"type":"object","properties":{"id":{"type":"integer"},"ticket_id":{"type":"integer"},"agent_id":{"type":"integer"},"action":{"enum":["accepted","edited","discarded"]},` +
			`"draft":{"type":"string"},"sent":{"type":"string"},"edit_distance":{"type":"integer","description":"Levenshtein distance in characters"},"discard_reason":{"type":"string"},` +
			`"confidence":{"type":"number"},"category":{"type":"string"},"suggested_at":{"type":"string","format":"date-time"},"decided_at":{"type":"string","format":"date-time"},"time_to_send_ms":{"type":"integer"}}}`,
		"OutcomeResult": `{"type":"object","properties":{"outcome":{"$ref":"#/components/schemas/Outcome"},"message":{"$ref":"#/components/schemas/Message"}}}`,
		"Outcomes":      `{"type":"object","properties":{"outcomes":{"type":"array","items":{"$ref":"#/components/schemas/Outcome"}}}}`,
	})
}
