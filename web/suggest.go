package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"deskpilot/assistant"
	"deskpilot/assistant/triage"
	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// similarPerKind is how many similar solved tickets, and how many articles,
// a suggestion lists.
const similarPerKind = 4

// suggestion is the AI panel of a ticket: the assistant's draft for the
// ticket's question with its sources, the suggested fields, and similar
// solved tickets and articles. SuggestionID goes back with the outcome.
type suggestion struct {
	SuggestionID string             `json:"suggestion_id"`
	SuggestedAt  time.Time          `json:"suggested_at"`
	TicketID     int64              `json:"ticket_id"`
	Draft        string             `json:"draft"`
	Confidence   float64            `json:"confidence"`
	Decision     assistant.Decision `json:"decision"`
	Reason       assistant.Reason   `json:"reason,omitempty"`
	Explanation  string             `json:"explanation"`
	Language     string             `json:"language"`
	Citations    []sourceLink       `json:"citations"`
	Fields       suggestedFields    `json:"fields"`
	Similar      []sourceLink       `json:"similar_tickets"`
	Articles     []sourceLink       `json:"articles"`
	// Drafter is "llm" or "extractive"; Fallback, when set, says why the
	// LLM did not write the draft (the model down, its circuit open).
	Drafter  string `json:"drafter,omitempty"`
	Fallback string `json:"fallback,omitempty"`
}

// sourceLink is a cited or similar article or solved ticket. Href opens
// it: the article's own address, or the ticket in the inbox.
type sourceLink struct {
	Marker     int     `json:"marker,omitempty"`
	Kind       string  `json:"kind"`
	ID         string  `json:"id"` // the external id, as imported
	DocumentID int64   `json:"document_id"`
	Title      string  `json:"title"`
	Href       string  `json:"href"`
	Snippet    string  `json:"snippet,omitempty"`
	Score      float64 `json:"score,omitempty"`
}

// suggestedFields are the triage guesses, each next to the ticket's value.
type suggestedFields struct {
	Category suggestedField `json:"category"`
	Team     suggestedField `json:"team"`
	Priority suggestedField `json:"priority"`
}

// suggestedField is one guess; Abstain says the model is not sure enough
// to suggest it, Current is the ticket's value now.
type suggestedField struct {
	Value      string  `json:"value"`
	Confidence float64 `json:"confidence"`
	Abstain    bool    `json:"abstain"`
	Current    string  `json:"current"`
}

func fieldOf(g triage.Guess, current string) suggestedField {
	return suggestedField{Value: g.Value, Confidence: g.Confidence, Abstain: g.Abstain || g.Value == "", Current: current}
}

// getSuggestion answers GET /api/v1/tickets/:id/suggestion: what the
// assistant suggests an agent reply to the ticket's question (its subject
// and first requester message).
func (s *Server) getSuggestion(c *gin.Context) {
	if s.deps.Assistant == nil {
		c.JSON(http.StatusServiceUnavailable, errorBody{Error: "the assistant is not available"})
		return
	}
	t, ok := s.loadTicket(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	question := t.Question()
	self := []retrieval.DocRef{{Kind: retrieval.KindTicket, ID: t.ID}} // never the ticket's own resolution
	req := assistant.Request{Text: question, Audience: assistant.Agent, Language: t.Language, Name: s.firstName(ctx, t.Requester), Exclude: self}
	ans, err := s.deps.Assistant.Answer(ctx, req)
	if err != nil {
		s.respondError(c, fmt.Errorf("suggest for ticket %d: %w", t.ID, err))
		return
	}
	similar, articles, err := s.similar(ctx, question, t, ans)
	if err != nil {
		s.respondError(c, fmt.Errorf("similar to ticket %d: %w", t.ID, err))
		return
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	draft := cleanText(ans.Draft) // as the outcome will report it
	guessed := ""
	if g := ans.Triage.Category; !g.Abstain {
		guessed = g.Value
	}
	out := suggestion{
		SuggestedAt: now, TicketID: t.ID, Draft: draft, Confidence: ans.Confidence, Decision: ans.Decision,
		Reason: ans.Reason, Explanation: ans.Explanation, Language: ans.Language, Citations: citationLinks(ans),
		Drafter: ans.Drafter, Fallback: clipText(ans.Fallback, 300),
		Fields: suggestedFields{
			Category: fieldOf(ans.Triage.Category, t.Category),
			Team:     fieldOf(ans.Triage.Team, t.Team),
			Priority: fieldOf(ans.Triage.Priority, string(t.Priority)),
		},
		Similar: nonNil(similar), Articles: nonNil(articles),
	}
	out.SuggestionID = s.signSuggestion(suggestionClaims{TicketID: t.ID, At: now.UnixMilli(), Confidence: ans.Confidence,
		Category: guessed, Draft: draftDigest(draft)})
	c.JSON(http.StatusOK, out)
}

// firstName is the greeting's name for a requester known as a user, ""
// for the many known only by their address.
func (s *Server) firstName(ctx context.Context, email string) string {
	u, err := s.deps.Tickets.Store().GetUserByEmail(ctx, email)
	if err != nil {
		if !errors.Is(err, tickets.ErrNotFound) {
			s.log.WarnContext(ctx, "requester lookup", "error", err)
		}
		return ""
	}
	if f := strings.Fields(u.Name); len(f) > 0 {
		return f[0]
	}
	return ""
}

// citationLinks gives each citation of the draft a link.
func citationLinks(ans *assistant.Answer) []sourceLink {
	byMarker := map[int]assistant.Passage{}
	for _, p := range ans.Passages {
		byMarker[p.Marker] = p
	}
	out := make([]sourceLink, 0, len(ans.Citations))
	for _, ct := range ans.Citations {
		p := byMarker[ct.Marker]
		out = append(out, sourceLink{Marker: ct.Marker, Kind: string(ct.Kind), ID: ct.ID, DocumentID: p.DocumentID,
			Title: ct.Title, Href: sourceHref(ct.Kind, p.DocumentID, ct.URL)})
	}
	return out
}

// similar finds the solved tickets and the articles closest to question,
// the ticket itself left out. Without a searcher it falls back on the
// passages the assistant read.
func (s *Server) similar(ctx context.Context, question string, t *tickets.Ticket, ans *assistant.Answer) (similar, articles []sourceLink, err error) {
	self := []retrieval.DocRef{{Kind: retrieval.KindTicket, ID: t.ID}}
	if s.deps.Search == nil {
		seen := map[retrieval.DocRef]bool{}
		for _, p := range ans.Passages {
			ref := retrieval.DocRef{Kind: p.Kind, ID: p.DocumentID}
			if seen[ref] || ref == self[0] {
				continue
			}
			seen[ref] = true
			l := sourceLink{Kind: string(p.Kind), ID: p.ID, DocumentID: p.DocumentID, Title: p.Title,
				Href: sourceHref(p.Kind, p.DocumentID, p.URL), Snippet: snippet(p.Text), Score: p.Score}
			if p.Kind == retrieval.KindTicket {
				similar = append(similar, l)
			} else {
				articles = append(articles, l)
			}
		}
		return firstN(similar, similarPerKind), firstN(articles, similarPerKind), nil
	}
	for _, kind := range []retrieval.Kind{retrieval.KindTicket, retrieval.KindArticle} {
		hits, err := s.deps.Search.SearchDocuments(ctx, retrieval.Query{Text: question, K: similarPerKind,
			Filter: retrieval.Filter{Kinds: []retrieval.Kind{kind}, Exclude: self}})
		if err != nil {
			return nil, nil, err
		}
		for _, h := range hits {
			ch := h.Chunk
			l := sourceLink{Kind: string(ch.Kind), ID: ch.ExternalID, DocumentID: ch.DocumentID, Title: ch.Title(),
				Href: sourceHref(ch.Kind, ch.DocumentID, ch.URL), Snippet: snippet(ch.Text), Score: h.Score}
			if kind == retrieval.KindTicket {
				similar = append(similar, l)
			} else {
				articles = append(articles, l)
			}
		}
	}
	return similar, articles, nil
}

// sourceHref is where a source opens: a solved ticket in the inbox, an
// article at its own web address when it has one (only http and https:
// a page must never carry a javascript: link) or else through the API.
func sourceHref(kind retrieval.Kind, id int64, raw string) string {
	if kind == retrieval.KindTicket {
		return fmt.Sprintf("/agent/tickets/%d", id)
	}
	if u, err := url.Parse(raw); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		return u.String()
	}
	return fmt.Sprintf("/api/v1/articles/%d", id)
}

// snippet shortens a passage to a line or two.
func snippet(text string) string {
	const max = 240
	text = strings.Join(strings.Fields(text), " ")
	if r := []rune(text); len(r) > max {
		return string(r[:max]) + "…"
	}
	return text
}

func firstN[T any](s []T, n int) []T {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// clipText cuts s to at most n bytes, on a rune boundary.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
