package retrieval

import "testing"

func TestStripPleasantries(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"agent reply", "Hi Liam,\n\nThanks for your message.\n\nI checked on our side.\n\nSteps to fix it:\n1. Use 14 characters.\n\nIf it still doesn't work, just reply to this ticket.\n\nSophie",
			"I checked on our side.\n\nSteps to fix it:\n1. Use 14 characters."},
		{"requester", "Hello Service Desk,\n\nStill can't get into RouteMaster.\n\nThanks in advance,\nFreya", "Still can't get into RouteMaster."},
		{"french", "Bonjour,\n\nMon imprimante est hors ligne.\n\nCordialement,\nClaire Martin\nComptabilité", "Mon imprimante est hors ligne."},
		{"nothing to strip", "VPN drops every 5 minutes. Started after the update.", "VPN drops every 5 minutes. Started after the update."},
		{"signature block", "Bonjour le support,\n\nLe VPN est en panne ?\n\nBien cordialement,\nYannick Laurent\nResponsable d'exploitation\nTél. : +33 4 65 71 69 61", "Le VPN est en panne ?"},
		{"signature without sign-off", "Wi-Fi keeps dropping out.\n\nSite: Daventry DC\n\nConnor\n\nSent from my iPhone", "Wi-Fi keeps dropping out.\n\nSite: Daventry DC"},
		{"thx and contact lines", "My laptop is old and slow.\n\nThx\nSamuel Alexander\nFreight Forwarder | Northwind Logistics\nT: +44 1632 960346 | M: +44 7700 900117\nsamuel.alexander@northwind.example", "My laptop is old and slow."},
		{"only a greeting", "Hello,", "Hello,"},
		{"thanks inside a sentence stays", "Thanks to the update the VPN is broken.", "Thanks to the update the VPN is broken."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := StripPleasantries(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
