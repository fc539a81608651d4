package web

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestForwardedForIsBelievedOnlyFromTrustedProxies: rate limits count by
// the client's address, which a client must not be able to choose.
func TestForwardedForIsBelievedOnlyFromTrustedProxies(t *testing.T) {
	for _, tc := range []struct {
		name    string
		proxies []string
		want    string
	}{
		{"no proxy trusted", nil, "192.0.2.10"},
		{"the proxy trusted", []string{"192.0.2.0/24"}, "203.0.113.7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := New(Deps{TrustedProxies: tc.proxies})
			var got string
			s.engine.GET("/ip-probe", func(c *gin.Context) { got = clientIP(c) })
			req := httptest.NewRequest(http.MethodGet, "/ip-probe", nil)
			req.RemoteAddr = "192.0.2.10:5555"
			req.Header.Set("X-Forwarded-For", "203.0.113.7")
			s.Handler().ServeHTTP(httptest.NewRecorder(), req)
			if got != tc.want {
				t.Errorf("client address %q, want %q", got, tc.want)
			}
		})
	}
}
