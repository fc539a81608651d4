package web

import (
	"strings"
	"testing"
	"time"
)

func TestSuggestionIDs(t *testing.T) {
	s := &Server{deps: Deps{SuggestionKey: []byte("key-one")}}
	now := time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC)
	claims := suggestionClaims{TicketID: 7, At: now.UnixMilli(), Confidence: 0.6, Category: "Network/VPN", Draft: draftDigest("Restart.")}
	id := s.signSuggestion(claims)
	payload, sig, _ := strings.Cut(id, ".")
	other := &Server{deps: Deps{SuggestionKey: []byte("key-two")}}
	forged := other.signSuggestion(suggestionClaims{TicketID: 7, At: now.UnixMilli(), Confidence: 0.99, Draft: claims.Draft})
	tests := []struct {
		name   string
		srv    *Server
		id     string
		ticket int64
		now    time.Time
		ok     bool
	}{
		{"good", s, id, 7, now.Add(time.Hour), true},
		{"almost a day later", s, id, 7, now.Add(suggestionTTL), true},
		{"expired", s, id, 7, now.Add(suggestionTTL + time.Second), false},
		{"from the future", s, id, 7, now.Add(-2 * time.Minute), false},
		{"another ticket", s, id, 8, now, false},
		{"another key", other, id, 7, now, false},
		{"signed elsewhere", s, forged, 7, now, false},
		{"payload swapped", s, strings.Split(forged, ".")[0] + "." + sig, 7, now, false},
		{"no signature", s, payload, 7, now, false},
		{"garbage", s, "%%%.###", 7, now, false},
		{"empty", s, "", 7, now, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.srv.openSuggestion(tt.id, tt.ticket, tt.now)
			if (err == nil) != tt.ok {
				t.Fatalf("openSuggestion: %v, want ok=%v", err, tt.ok)
			}
			if tt.ok && got != claims {
				t.Errorf("claims %+v, want %+v", got, claims)
			}
		})
	}
}
