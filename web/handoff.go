package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"deskpilot/assistant"
	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// maxSubject is how much of the first question a handed-off ticket's
// subject keeps, in characters.
const maxSubject = 80

// conversationParam loads the conversation of the path, if it is the
// caller's; it has answered the request when it returns false.
func (s *Server) conversationParam(c *gin.Context) (*tickets.Conversation, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.respondError(c, tickets.ErrNotFound)
		return nil, false
	}
	conv, err := s.ownConversation(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.respondError(c, err)
		return nil, false
	}
	return conv, true
}

// getConversation answers GET /api/v1/chat/:id: the caller's conversation
// with its turns.
func (s *Server) getConversation(c *gin.Context) {
	if conv, ok := s.conversationParam(c); ok {
		c.JSON(http.StatusOK, conv)
	}
}

// handoffConversation answers POST /api/v1/chat/:id/handoff: the
// conversation becomes a ticket for a person (201), or is already one
// (200, the same ticket).
func (s *Server) handoffConversation(c *gin.Context) {
	conv, ok := s.conversationParam(c)
	if !ok {
		return
	}
	u := currentUser(c)
	t, created, err := s.handOff(c.Request.Context(), u, conv, nil, conv.Language)
	if err != nil {
		s.respondError(c, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	if !u.Role.AtLeast(tickets.RoleAgent) {
		t.Messages = publicMessages(t.Messages)
	}
	c.JSON(status, t)
}

// feedbackRequest is the body of POST /api/v1/chat/:id/feedback.
type feedbackRequest struct {
	Resolved *bool `json:"resolved"`
}

// conversationFeedback records the requester's answer to "did this solve
// it?"; a later answer replaces an earlier one.
func (s *Server) conversationFeedback(c *gin.Context) {
	var req feedbackRequest
	if err := c.ShouldBindJSON(&req); err != nil || req.Resolved == nil {
		s.respondError(c, badRequest(`body: want {"resolved": true} or {"resolved": false}`))
		return
	}
	conv, ok := s.conversationParam(c)
	if !ok {
		return
	}
	if err := s.deps.Conversations.SetResolved(c.Request.Context(), conv.ID, *req.Resolved); err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"conversation_id": conv.ID, "resolved": *req.Resolved})
}

// handOff makes conv a ticket of u's carrying its transcript, triaged with
// tri (the assistant triages the conversation when tri is nil), and
// reports whether it created it. A conversation already handed off gives
// its ticket; of two handoffs racing, one ticket wins and the other is
// deleted.
func (s *Server) handOff(ctx context.Context, u *tickets.User, conv *tickets.Conversation, tri *assistant.Triage, lang string) (*tickets.Ticket, bool, error) {
	st := s.deps.Tickets.Store()
	if conv.TicketID != nil {
		t, err := st.GetTicket(ctx, *conv.TicketID)
		return t, false, err
	}
	if u.Email == "" {
		// Tickets are the requester's by e-mail: one without would be lost.
		return nil, false, badRequest("your account has no e-mail address: call the service desk")
	}
	if tri == nil && s.deps.Assistant != nil {
		ans, err := s.deps.Assistant.Answer(ctx, assistant.Request{Text: question(conv), Audience: assistant.Requester})
		if err != nil {
			// Untriaged is better than no ticket: an agent will triage it.
			s.log.WarnContext(ctx, "handoff: triage failed", "conversation_id", conv.ID, "error", err)
		} else {
			tri, lang = &ans.Triage, ans.Language
		}
	}
	in := tickets.NewTicket{Subject: subjectOf(conv), Body: transcript(conv, lang), Requester: u.Email,
		Channel: "chat", Language: lang, Tags: []string{"self-service"}}
	if err := s.applyTriage(ctx, &in, tri); err != nil {
		return nil, false, err
	}
	t, err := s.deps.Tickets.Create(ctx, in)
	if err != nil {
		return nil, false, err
	}
	err = s.deps.Conversations.SetHandoff(ctx, conv.ID, t.ID)
	if errors.Is(err, tickets.ErrConflict) {
		if derr := st.DeleteTicket(ctx, t.ID); derr != nil {
			s.log.ErrorContext(ctx, "handoff: drop the duplicate ticket", "ticket_id", t.ID, "error", derr)
		}
		won, err := s.deps.Conversations.GetConversation(ctx, conv.ID)
		if err != nil {
			return nil, false, err
		}
		if won.TicketID == nil {
			return nil, false, fmt.Errorf("web: handoff of conversation %d: %w", conv.ID, tickets.ErrConflict)
		}
		t, err := st.GetTicket(ctx, *won.TicketID)
		return t, false, err
	}
	if err != nil {
		return nil, false, err
	}
	conv.TicketID = &t.ID
	return t, true, nil
}

// applyTriage sets the ticket's category, team and priority from the
// assistant's guesses, each only when it does not abstain and names a
// label the desk has.
func (s *Server) applyTriage(ctx context.Context, in *tickets.NewTicket, tri *assistant.Triage) error {
	if tri == nil {
		return nil
	}
	st := s.deps.Tickets.Store()
	if g := tri.Category; !g.Abstain && g.Value != "" {
		cats, err := st.ListCategories(ctx)
		if err != nil {
			return err
		}
		for _, c := range cats {
			if c.Path == tickets.CleanCategoryPath(g.Value) {
				in.Category = c.Path
			}
		}
	}
	if g := tri.Team; !g.Abstain && g.Value != "" {
		teams, err := st.ListTeams(ctx)
		if err != nil {
			return err
		}
		for _, t := range teams {
			if t.Name == g.Value {
				in.Team = t.Name
			}
		}
	}
	if p := tickets.Priority(tri.Priority.Value); !tri.Priority.Abstain && p.Valid() {
		in.Priority = p
	}
	return nil
}

// subjectOf is a ticket subject from the conversation's first question.
func subjectOf(conv *tickets.Conversation) string {
	for _, t := range conv.Turns {
		if t.Role != "user" {
			continue
		}
		line, _, _ := strings.Cut(strings.TrimSpace(t.Text), "\n")
		line = strings.Join(strings.Fields(line), " ")
		if utf8.RuneCountInString(line) > maxSubject {
			line = strings.TrimSpace(string([]rune(line)[:maxSubject-1])) + "…"
		}
		return line
	}
	return "Self-service chat"
}

// transcript writes the conversation as a ticket's first message, in
// lang. When it is too long for a message its oldest turns go.
func transcript(conv *tickets.Conversation, lang string) string {
	head := fmt.Sprintf(translate(lang, "transcript.head"), conv.ID) + "\n\n"
	var turns []string
	for _, t := range conv.Turns {
		who := translate(lang, "transcript.requester")
		if t.Role == "assistant" {
			who = translate(lang, "transcript.assistant")
		}
		turns = append(turns, who+":\n"+strings.TrimSpace(t.Text))
	}
	cut := false
	for len(turns) > 1 && len(head)+len(strings.Join(turns, "\n\n"))+200 > tickets.MaxBodyLen {
		turns, cut = turns[1:], true
	}
	if cut {
		head += translate(lang, "transcript.cut") + "\n\n"
	}
	body := head + strings.Join(turns, "\n\n")
	if len(body) > tickets.MaxBodyLen {
		body = retrieval.Truncate(body, tickets.MaxBodyLen)
	}
	return body
}

// publicMessages drops the internal notes, which requesters never see.
func publicMessages(ms []tickets.Message) []tickets.Message {
	out := ms[:0:0]
	for _, m := range ms {
		if m.Public {
			out = append(out, m)
		}
	}
	return out
}
