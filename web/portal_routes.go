package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"deskpilot/tickets"
)

// portalRoutes registers the requester's pages: the self-service portal
// with its chat, the articles answers cite, and the embeddable widget.
func (s *Server) portalRoutes(pages *gin.RouterGroup) {
	pages.GET("/portal", s.pageAuth(tickets.RoleRequester), func(c *gin.Context) {
		s.render(c, http.StatusOK, "portal", &page{Title: "portal.title"})
	})
	pages.GET("/portal/articles/:id", s.pageAuth(tickets.RoleRequester), s.articlePage)
	pages.GET("/widget.js", s.widgetScript)
	pages.GET("/widget", s.widgetPage)
}

// portalAPI registers the self-service API: chat, handoff, feedback. The
// chat is rate-limited per user and per address; its limiters belong to
// this server.
func (s *Server) portalAPI(api *gin.RouterGroup) {
	perUser, perIP := s.deps.ChatLimits.limiters()
	chat := api.Group("/chat", s.require(tickets.RoleRequester), s.chatAvailable)
	chat.POST("", s.rateLimit(perUser, userRateKey), s.rateLimit(perIP, clientIP), s.chat)
	chat.GET("/:id", s.getConversation)
	chat.POST("/:id/handoff", s.handoffConversation)
	chat.POST("/:id/feedback", s.conversationFeedback)
}

// chatAvailable answers 503 when the server has no assistant or no place
// to keep conversations.
func (s *Server) chatAvailable(c *gin.Context) {
	if s.deps.Assistant == nil || s.deps.Conversations == nil {
		c.AbortWithStatusJSON(http.StatusServiceUnavailable, errorBody{Error: "the chat is not available"})
		return
	}
	c.Next()
}

func init() {
	addAPIDocs([]apiDoc{
		{Method: "POST", Path: "/api/v1/chat", Summary: "Ask the self-service assistant; the answer streams as Server-Sent Events: conversation, delta*, reset*, then done (or error)",
			Role: "requester", Body: "ChatMessage", Stream: true},
		{Method: "GET", Path: "/api/v1/chat/{id}", Summary: "One of the caller's conversations, with its turns", Role: "requester", Response: "Conversation"},
		{Method: "POST", Path: "/api/v1/chat/{id}/handoff", Summary: "Pass the conversation to a person: a triaged ticket carrying the transcript (201; 200 with the same ticket when already handed off)",
			Role: "requester", Response: "Ticket", Status: http.StatusCreated},
		{Method: "POST", Path: "/api/v1/chat/{id}/feedback", Summary: `Record the answer to "did this solve it?"`, Role: "requester", Body: "ChatFeedback", Response: "ChatFeedback"},
	}, map[string]string{
		"ChatMessage": `{"type":"object","properties":{"conversation_id":{"type":"integer","description":"the conversation this continues; absent: a new one"},` +
			`"message":{"type":"string","maxLength":4000}},"required":["message"],` +
			`"description":"Events: conversation {conversation_id}; delta {text}; reset {} (drop the text shown so far); done ChatDone; error {error}."}`,
		"ChatDone": `{"type":"object","properties":{"decision":{"enum":["auto","suggest","handoff"]},"reason":{"type":"string"},"message":{"type":"string","description":"what to tell the requester when the answer is not automatic"},` +
			`"draft":{"type":"string","description":"the final answer when automatic"},"citations":{"type":"array","items":{"type":"object","properties":{"marker":{"type":"integer"},"id":{"type":"string"},"title":{"type":"string"},"url":{"type":"string"},"source_url":{"type":"string"}}}},` +
			`"confidence":{"type":"number"},"language":{"type":"string"},"ticket_id":{"type":"integer","description":"the ticket the conversation became"}}}`,
		"Conversation": `{"type":"object","properties":{"id":{"type":"integer"},"user_id":{"type":"integer"},"language":{"type":"string"},"ticket_id":{"type":"integer"},"resolved":{"type":"boolean"},` +
			`"created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"},"turns":{"type":"array","items":{"type":"object","properties":{"role":{"enum":["user","assistant"]},` +
			`"text":{"type":"string"},"decision":{"type":"string"},"reason":{"type":"string"},"citations":{"type":"array","items":{"type":"string"}},"created_at":{"type":"string","format":"date-time"}}}}}}`,
		"ChatFeedback": `{"type":"object","properties":{"conversation_id":{"type":"integer"},"resolved":{"type":"boolean"}},"required":["resolved"]}`,
	})
}
