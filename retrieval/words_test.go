package retrieval

import (
	"strings"
	"testing"
)

func TestContentWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The printers are OFFLINE again!", "printer offlin"},
		{"Le réseau Wi-Fi ne fonctionne pas", "reseau wi fi fonctionn"},
		{"Reset password; reset passwords", "reset password"},
		{"Œuvre für Straße 2024", "oeuvr fur strass 2024"},
	}
	for _, tc := range tests {
		if got := strings.Join(ContentWords(tc.in), " "); got != tc.want {
			t.Errorf("ContentWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	set := WordSet("restart the printer and the router")
	if got := Coverage(ContentWords("printer restarted"), set); got != 1 {
		t.Errorf("coverage %v, want 1 (stems match)", got)
	}
	if got := Coverage(nil, set); got != 0 {
		t.Errorf("coverage of nothing %v", got)
	}
}
