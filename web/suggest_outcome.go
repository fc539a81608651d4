package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"deskpilot/tickets"
)

// Bounds of what an outcome carries, in characters: a suggested reply is
// a few paragraphs, and the edit distance costs the product of the lengths
// divided by 64.
const (
	maxSuggestionRunes = 20000
	maxNoteRunes       = 500
	maxOutcomeBody     = 1 << 20 // bytes: a draft and a reply at their longest, in JSON
)

// discardReasons is the fixed list an agent picks from when discarding a
// suggestion, "other" needing a note; reports count them.
var discardReasons = []string{"inaccurate", "incomplete", "outdated", "not_relevant", "tone", "other"}

// outcomeRequest is the body of POST /api/v1/tickets/:id/suggestion/outcome.
type outcomeRequest struct {
	SuggestionID string `json:"suggestion_id"`
	Action       string `json:"action"` // accepted, edited or discarded
	Draft        string `json:"draft"`
	// Sent is the reply to post: the draft for accepted (may be left
	// empty), the edited text for edited, empty for discarded.
	Sent   string `json:"sent"`
	Reason string `json:"reason"` // one of discardReasons, for discarded
	Note   string `json:"note"`   // free text with the reason
	// SuggestedAt, when given, must be the suggestion's: the id is what
	// time to send is measured from.
	SuggestedAt *time.Time `json:"suggested_at"`
}

// outcomeView is an outcome with its time to send.
type outcomeView struct {
	*tickets.SuggestionOutcome
	TimeToSendMS int64 `json:"time_to_send_ms"`
}

func viewOutcome(o *tickets.SuggestionOutcome) outcomeView {
	return outcomeView{SuggestionOutcome: o, TimeToSendMS: o.DecidedAt.Sub(o.SuggestedAt).Milliseconds()}
}

// postOutcome answers POST /api/v1/tickets/:id/suggestion/outcome: it
// posts the reply of an accepted or edited suggestion as the agent's
// public message, and records the outcome with the edit distance between
// the draft and what was sent.
func (s *Server) postOutcome(c *gin.Context) {
	if s.deps.Outcomes == nil {
		c.JSON(http.StatusServiceUnavailable, errorBody{Error: "suggestion outcomes are not recorded here"})
		return
	}
	t, ok := s.loadTicket(c)
	if !ok {
		return
	}
	var req outcomeRequest
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxOutcomeBody)
	if err := c.ShouldBindJSON(&req); err != nil {
		s.respondError(c, badRequest("body: want a JSON object with suggestion_id, action and draft"))
		return
	}
	now := time.Now().UTC()
	claims, o, err := s.checkOutcome(&req, t, now)
	if err != nil {
		s.respondError(c, err)
		return
	}
	u := currentUser(c)
	o.AgentID, o.TicketID, o.DecidedAt = u.ID, t.ID, now
	o.Confidence, o.SuggestedAt = claims.Confidence, time.UnixMilli(claims.At).UTC()
	if o.Category = t.Category; o.Category == "" {
		o.Category = claims.Category
	}
	ctx := c.Request.Context()
	out := gin.H{}
	if o.Action != tickets.OutcomeDiscarded {
		sent, err := s.deps.Tickets.Reply(ctx, t.ID, tickets.Message{Author: tickets.AuthorAgent, AuthorID: u.ID, Body: o.Sent, Public: true})
		if err != nil {
			s.respondError(c, err)
			return
		}
		out["message"] = sent.Messages[len(sent.Messages)-1]
	}
	if err := s.deps.Outcomes.RecordOutcome(ctx, o); err != nil {
		// The reply is out: failing the call would invite sending it twice.
		s.logger(c).Error("record suggestion outcome", "ticket_id", t.ID, "error", err)
		out["outcome"] = nil
		c.JSON(http.StatusCreated, out)
		return
	}
	out["outcome"] = viewOutcome(o)
	c.JSON(http.StatusCreated, out)
}

// checkOutcome validates an outcome request against its suggestion and
// returns the suggestion's claims and the outcome to record. An edit that
// changes nothing is an acceptance.
func (s *Server) checkOutcome(req *outcomeRequest, t *tickets.Ticket, now time.Time) (suggestionClaims, *tickets.SuggestionOutcome, error) {
	ve := &tickets.ValidationError{}
	claims, err := s.openSuggestion(req.SuggestionID, t.ID, now)
	if err != nil {
		ve.Add("suggestion_id", "unknown or expired: fetch the suggestion again")
	} else if req.SuggestedAt != nil && req.SuggestedAt.Sub(time.UnixMilli(claims.At)).Abs() > time.Second {
		ve.Add("suggested_at", "not the time of this suggestion")
	}
	draft, sent := cleanText(req.Draft), cleanText(req.Sent)
	reason, note := strings.TrimSpace(req.Reason), cleanText(req.Note)
	checkRunes(ve, "draft", draft, maxSuggestionRunes)
	checkRunes(ve, "sent", sent, maxSuggestionRunes)
	checkRunes(ve, "note", note, maxNoteRunes)
	switch {
	case draft == "":
		ve.Add("draft", "empty: there is no suggestion to decide on")
	case err == nil && draftDigest(draft) != claims.Draft:
		ve.Add("draft", "not the draft of this suggestion")
	}
	o := &tickets.SuggestionOutcome{Action: req.Action, Draft: draft}
	checkAction(ve, o, sent, reason, note)
	return claims, o, ve.Err()
}

// checkAction checks what goes with the outcome's action and completes o:
// what was sent and its edit distance, or the discard reason.
func checkAction(ve *tickets.ValidationError, o *tickets.SuggestionOutcome, sent, reason, note string) {
	switch o.Action {
	case tickets.OutcomeAccepted, tickets.OutcomeEdited:
		if o.Action == tickets.OutcomeAccepted && sent == "" {
			sent = o.Draft
		}
		switch {
		case sent == "":
			ve.Add("sent", "empty: an edited reply needs its text")
		case o.Action == tickets.OutcomeAccepted && sent != o.Draft:
			ve.Add("sent", "differs from the draft: that is an edit")
		}
		if reason != "" || note != "" {
			ve.Add("reason", "only a discarded suggestion has a reason")
		}
		o.Sent = sent
		if len(ve.Problems) > 0 {
			return // the lengths may be unchecked: no distance to compute
		}
		if o.EditDistance = editDistance(o.Draft, sent); o.EditDistance == 0 {
			o.Action = tickets.OutcomeAccepted
		}
	case tickets.OutcomeDiscarded:
		if sent != "" {
			ve.Add("sent", "a discarded suggestion sends nothing")
		}
		switch {
		case !slices.Contains(discardReasons, reason):
			ve.Add("reason", "want one of %s", strings.Join(discardReasons, ", "))
		case reason == "other" && note == "":
			ve.Add("note", "say why, for the reason other")
		}
		o.DiscardReason = reason
		if note != "" {
			o.DiscardReason = reason + ": " + note
		}
	default:
		ve.Add("action", "want accepted, edited or discarded")
	}
}

// cleanText trims s, drops NUL bytes as the ticket service does with
// messages, and writes line breaks as browsers' text boxes do, so that the
// texts compared are the ones stored and a line break is one character.
func cleanText(s string) string {
	return strings.TrimSpace(strings.NewReplacer("\x00", "", "\r\n", "\n").Replace(s))
}

func checkRunes(ve *tickets.ValidationError, field, s string, max int) {
	switch {
	case !utf8.ValidString(s):
		ve.Add(field, "not valid UTF-8")
	case utf8.RuneCountInString(s) > max:
		ve.Add(field, "longer than %d characters", max)
	}
}

// listOutcomes answers GET /api/v1/outcomes?since=&ticket_id=: the
// outcomes decided since then (default: the last 30 days), oldest first.
func (s *Server) listOutcomes(c *gin.Context) {
	if s.deps.Outcomes == nil {
		c.JSON(http.StatusServiceUnavailable, errorBody{Error: "suggestion outcomes are not recorded here"})
		return
	}
	since := time.Now().UTC().AddDate(0, 0, -30)
	if v := c.Query("since"); v != "" {
		var err error
		if since, err = parseSince(v); err != nil {
			s.respondError(c, badRequest("since: want an RFC 3339 time or a date (2006-01-02)"))
			return
		}
	}
	var ticket int64
	if v := c.Query("ticket_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			s.respondError(c, badRequest("ticket_id: want a ticket id"))
			return
		}
		ticket = n
	}
	list, err := s.deps.Outcomes.ListOutcomes(c.Request.Context(), since)
	if err != nil {
		s.respondError(c, fmt.Errorf("list outcomes: %w", err))
		return
	}
	out := []outcomeView{}
	for _, o := range list {
		if ticket == 0 || o.TicketID == ticket {
			out = append(out, viewOutcome(o))
		}
	}
	c.JSON(http.StatusOK, gin.H{"outcomes": out})
}

func parseSince(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, v)
}
