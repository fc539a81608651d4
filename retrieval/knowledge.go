package retrieval

import (
	"strings"

	"deskpilot/tickets"
)

// TicketChunks turns a solved ticket into knowledge: one chunk holding the
// question and the agent's answer, redacted, visible to agents only, born
// when the ticket was resolved (never earlier: the simulation depends on
// it). A ticket that is not resolved or has no answer gives none.
func TicketChunks(t *tickets.Ticket) []Chunk {
	if !t.Status.Resolved() || t.ResolvedAt == nil {
		return nil
	}
	answer := strings.TrimSpace(t.Answer())
	question := strings.TrimSpace(t.Question())
	if answer == "" || question == "" {
		return nil
	}
	q, _ := Redact(question)
	a, _ := Redact(answer)
	subject, _ := Redact(t.Subject)
	lang := t.Language
	if lang == "" {
		lang, _ = DetectLanguage(question)
	}
	heading := []string{}
	if subject != "" {
		heading = append(heading, subject)
	}
	return []Chunk{{
		Kind: KindTicket, DocumentID: t.ID, ExternalID: t.ExternalID, Heading: heading,
		Text:       "Question: " + q + "\n\nAnswer: " + a,
		Visibility: Internal, Language: lang, Source: t.Source, CreatedAt: t.ResolvedAt.UTC(),
	}}
}

// EmbedText is what an embedder sees of a chunk: its heading path, then its
// text, so that a chunk deep in a guide still knows what it is about.
func EmbedText(c *Chunk) string {
	if len(c.Heading) == 0 {
		return c.Text
	}
	return strings.Join(c.Heading, " > ") + "\n" + c.Text
}
