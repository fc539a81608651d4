package web

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
)

// FuzzBindChat checks the reading of a chat request, the one body the
// public chat takes: whatever the bytes, it is a bad request (400), or a
// message that is trimmed, not empty, valid UTF-8 without NUL bytes, and
// at most MaxChatMessage characters, in a conversation id that is not
// negative.
func FuzzBindChat(f *testing.F) {
	f.Add([]byte(`{"message":"My VPN drops every hour"}`))
	f.Add([]byte(`{"conversation_id":12,"message":"  still \u0000 dropping  "}`))
	f.Add([]byte(`{"conversation_id":-1,"message":"x"}`))
	f.Add([]byte(`{"message":"\ud800 \xff"}` + " trailing garbage"))
	f.Add([]byte(`{"message":"` + strings.Repeat("é", MaxChatMessage+1) + `"}`))
	f.Add([]byte(`{"message":123}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(rec)
		c.Request = httptest.NewRequest(http.MethodPost, "/api/v1/chat", bytes.NewReader(body))
		req, err := bindChat(c)
		if err != nil {
			if !errors.Is(err, errBadRequest) || err.Error() == "" {
				t.Fatalf("%q refused with %v, not a bad request", body, err)
			}
			return
		}
		m := req.Message
		if m == "" || m != strings.TrimSpace(m) || !utf8.ValidString(m) || strings.ContainsRune(m, 0) ||
			utf8.RuneCountInString(m) > MaxChatMessage || req.ConversationID < 0 {
			t.Fatalf("%q taken as %+v", body, req)
		}
	})
}
