package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"deskpilot/assistant"
	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// Chat limits.
const (
	// MaxChatMessage is the longest question, in characters.
	MaxChatMessage = 4000
	// maxChatBody bounds the request body, JSON escapes included.
	maxChatBody = 64 << 10
	// questionTurns is how many of the requester's latest messages make
	// the question: a follow-up ("still not working") keeps its context.
	questionTurns = 3
)

// ChatLimits bounds how often the self-service chat answers: questions
// per minute for one user and for one client address, each in bursts of
// as many. Zero takes the default (10 per user, 60 per address).
type ChatLimits struct {
	PerUser, PerIP int
}

// limiters returns the token buckets of the chat routes.
func (l ChatLimits) limiters() (perUser, perIP *limiter) {
	u, ip := l.PerUser, l.PerIP
	if u <= 0 {
		u = 10
	}
	if ip <= 0 {
		ip = 60
	}
	return newLimiter(u, time.Minute/time.Duration(u)), newLimiter(ip, time.Minute/time.Duration(ip))
}

// userRateKey counts a user's calls, whichever session or token they use.
func userRateKey(c *gin.Context) string { return strconv.FormatInt(currentUser(c).ID, 10) }

// chatRequest is the body of POST /api/v1/chat.
type chatRequest struct {
	ConversationID int64  `json:"conversation_id"`
	Message        string `json:"message"`
}

// chatCitation is a source of an answer, linked for the requester.
type chatCitation struct {
	Marker int    `json:"marker"`
	ID     string `json:"id"` // the source's id for it, as imported
	Title  string `json:"title"`
	// URL is where the requester reads the article: its page on the
	// portal, which works wherever the source's own site does not.
	URL string `json:"url"`
	// SourceURL is the article on its source's site, when it has one.
	SourceURL string `json:"source_url,omitempty"`
}

// chatDone is the last event of an answer.
type chatDone struct {
	Decision string `json:"decision"` // auto, suggest or handoff
	Reason   string `json:"reason,omitempty"`
	// Message is what the requester is told when the answer is not
	// automatic, in their language.
	Message string `json:"message,omitempty"`
	// Draft is the final answer when it is automatic ("" otherwise); it
	// replaces whatever the deltas showed.
	Draft      string         `json:"draft"`
	Citations  []chatCitation `json:"citations"`
	Confidence float64        `json:"confidence"`
	Language   string         `json:"language"`
	// TicketID is the ticket the conversation became, when the answer
	// passed it to an agent.
	TicketID *int64 `json:"ticket_id,omitempty"`
}

// eventStream writes Server-Sent Events, flushing each one.
type eventStream struct{ w gin.ResponseWriter }

func (e eventStream) send(event string, data any) error {
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(e.w, "event: %s\ndata: %s\n\n", event, b); err != nil {
		return err
	}
	e.w.Flush()
	return nil
}

// chat answers a requester's message as a stream of events: the
// conversation's id, the answer's text as it is written (delta, and reset
// when what was shown is withdrawn), then done.
func (s *Server) chat(c *gin.Context) {
	req, err := bindChat(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	u := currentUser(c)
	ctx := c.Request.Context()
	conv, err := s.conversationFor(ctx, u, req)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.Header("Content-Type", "text/event-stream; charset=utf-8")
	c.Header("Cache-Control", "no-store")
	c.Header("X-Accel-Buffering", "no") // proxies must not hold the stream back
	c.Status(http.StatusOK)
	out := eventStream{c.Writer}
	if out.send("conversation", gin.H{"conversation_id": conv.ID}) != nil {
		return
	}
	ans, err := s.deps.Assistant.Stream(ctx, assistant.Request{Text: question(conv), Audience: assistant.Requester, Name: firstName(u.Name)},
		func(ev assistant.StreamEvent) error {
			if ev.Reset {
				return out.send("reset", struct{}{})
			}
			return out.send("delta", gin.H{"text": ev.Text})
		})
	if err != nil {
		if ctx.Err() == nil {
			s.logger(c).Error("chat answer failed", "conversation_id", conv.ID, "error", err)
			_ = out.send("error", errorBody{Error: "the assistant could not answer: try again, or talk to a human"})
		}
		return
	}
	// The answer is recorded even if the requester left meanwhile.
	done := s.finishAnswer(context.WithoutCancel(ctx), u, conv, ans)
	_ = out.send("done", done)
}

// bindChat reads and checks the body of a chat call.
func bindChat(c *gin.Context) (chatRequest, error) {
	var req chatRequest
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxChatBody)
	if err := json.NewDecoder(c.Request.Body).Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return req, badRequest(fmt.Sprintf("message: at most %d characters", MaxChatMessage))
		}
		return req, badRequest("body: want a JSON object with message")
	}
	req.Message = strings.TrimSpace(strings.ReplaceAll(req.Message, "\x00", ""))
	switch {
	case req.Message == "":
		return req, badRequest("message: empty")
	case !utf8.ValidString(req.Message):
		return req, badRequest("message: not valid UTF-8")
	case utf8.RuneCountInString(req.Message) > MaxChatMessage:
		return req, badRequest(fmt.Sprintf("message: at most %d characters", MaxChatMessage))
	case req.ConversationID < 0:
		return req, badRequest("conversation_id: want a conversation's id")
	}
	return req, nil
}

// conversationFor stores the message in the conversation it continues,
// or in a new one, and returns the conversation with it.
func (s *Server) conversationFor(ctx context.Context, u *tickets.User, req chatRequest) (*tickets.Conversation, error) {
	turn := tickets.Turn{Role: "user", Text: req.Message, CreatedAt: time.Now().UTC()}
	if req.ConversationID == 0 {
		lang, _ := retrieval.DetectLanguage(req.Message)
		conv := &tickets.Conversation{UserID: u.ID, Language: lang, Turns: []tickets.Turn{turn}}
		if err := s.deps.Conversations.CreateConversation(ctx, conv); err != nil {
			return nil, err
		}
		return conv, nil
	}
	conv, err := s.ownConversation(ctx, u, req.ConversationID)
	if err != nil {
		return nil, err
	}
	if conv.TicketID != nil {
		// Its transcript is a ticket now: what follows belongs there, or
		// in a new conversation.
		return nil, fmt.Errorf("%w: conversation %d is ticket %d", tickets.ErrConflict, conv.ID, *conv.TicketID)
	}
	if err := s.deps.Conversations.AppendTurn(ctx, conv.ID, turn); err != nil {
		return nil, err
	}
	conv.Turns = append(conv.Turns, turn)
	return conv, nil
}

// ownConversation returns conversation id if it is u's. Anyone else's is
// not found, as if it did not exist, so that ids cannot be probed.
func (s *Server) ownConversation(ctx context.Context, u *tickets.User, id int64) (*tickets.Conversation, error) {
	conv, err := s.deps.Conversations.GetConversation(ctx, id)
	if err != nil {
		return nil, err
	}
	if conv.UserID != u.ID || u.ID == 0 {
		return nil, tickets.ErrNotFound
	}
	return conv, nil
}

// question is what the assistant is asked: the requester's latest
// messages, oldest first.
func question(conv *tickets.Conversation) string {
	var said []string
	for i := len(conv.Turns) - 1; i >= 0 && len(said) < questionTurns; i-- {
		if conv.Turns[i].Role == "user" {
			said = append(said, conv.Turns[i].Text)
		}
	}
	for i, j := 0, len(said)-1; i < j; i, j = i+1, j-1 {
		said[i], said[j] = said[j], said[i]
	}
	return strings.Join(said, "\n")
}

// firstName is how the assistant greets u.
func firstName(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// finishAnswer records the assistant's turn and builds the done event. An
// answer that goes to an agent (suggest, or a handoff the requester is
// told about) becomes a ticket at once, so that what they are told is
// true; an out-of-scope question does not.
func (s *Server) finishAnswer(ctx context.Context, u *tickets.User, conv *tickets.Conversation, ans *assistant.Answer) chatDone {
	done := chatDone{Decision: string(ans.Decision), Reason: string(ans.Reason), Confidence: ans.Confidence,
		Language: ans.Language, Citations: []chatCitation{}}
	turn := tickets.Turn{Role: "assistant", Decision: done.Decision, Reason: done.Reason, CreatedAt: time.Now().UTC()}
	switch ans.Decision {
	case assistant.DecisionAuto:
		done.Draft, done.Citations = ans.Draft, requesterCitations(ans)
		turn.Text = ans.Draft
		for _, ct := range done.Citations {
			turn.Citations = append(turn.Citations, ct.ID)
		}
	case assistant.DecisionSuggest:
		done.Message = translate(ans.Language, "chat.suggest")
	default:
		done.Message = ans.Message
	}
	if turn.Text == "" {
		turn.Text = done.Message
	}
	if err := s.deps.Conversations.AppendTurn(ctx, conv.ID, turn); err != nil {
		s.log.ErrorContext(ctx, "chat: record the answer", "conversation_id", conv.ID, "error", err)
	}
	conv.Turns = append(conv.Turns, turn)
	if ans.Decision == assistant.DecisionAuto || ans.Reason == assistant.ReasonOutOfScope {
		return done
	}
	t, _, err := s.handOff(ctx, u, conv, &ans.Triage, ans.Language)
	if err != nil {
		// The requester still has "talk to a human" to try again.
		level := slog.LevelError
		if errors.Is(err, errBadRequest) {
			level = slog.LevelWarn // an account that cannot have tickets
		}
		s.log.Log(ctx, level, "chat: hand off", "conversation_id", conv.ID, "error", err)
		return done
	}
	done.TicketID = &t.ID
	return done
}

// requesterCitations links the public articles an answer cites; anything
// else never reaches a requester.
func requesterCitations(ans *assistant.Answer) []chatCitation {
	docs := map[int]int64{}
	for _, p := range ans.Passages {
		docs[p.Marker] = p.DocumentID
	}
	out := []chatCitation{}
	for _, ct := range ans.Citations {
		if !ct.Public || ct.Kind != retrieval.KindArticle {
			continue
		}
		link := chatCitation{Marker: ct.Marker, ID: ct.ID, Title: ct.Title, SourceURL: webURL(ct.URL)}
		if id := docs[ct.Marker]; id > 0 {
			link.URL = fmt.Sprintf("/portal/articles/%d", id)
		} else {
			link.URL = link.SourceURL
		}
		out = append(out, link)
	}
	return out
}
