package triage

import (
	"testing"
)

func TestSentiment(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		frustrated bool
	}{
		{"plain request", "Could you please install Visio on my laptop?", false},
		{"plain French", "Bonjour, pouvez-vous installer Visio sur mon poste ? Merci", false},
		{"single urgent", "Urgent: need access to the finance share", false},
		{"not urgent", "Not urgent, but the projector in room 4 flickers", false},
		{"acronyms are not shouting", "VPN and SSO fail on the HP laptop", false},
		{"third time", "This is the third time I report this printer", true},
		{"still not working", "I rebooted as you said and it is still not working.", true},
		{"urgent with exclamations", "urgent!!! the payroll export fails", true},
		{"shouting", "WHY DOES THE SCANNER NEVER WORK WHEN I NEED IT", true},
		{"unacceptable", "Two days without e-mail is unacceptable", true},
		{"inacceptable", "C'est inacceptable, deux jours sans messagerie", true},
		{"toujours pas", "L'imprimante ne fonctionne toujours pas malgré votre intervention", true},
		{"troisième fois", "Je relance pour la troisième fois", true},
		{"accents folded", "c'est la TROISIEME fois", true},
		{"ras le bol", "Ras le bol de ce VPN", true},
		{"urgent and immédiatement", "Urgent, merci de rétablir l'accès immédiatement", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, score := Sentiment(tt.text)
			if got != tt.frustrated {
				t.Errorf("Sentiment(%q) = %v (score %.2f), want %v", tt.text, got, score, tt.frustrated)
			}
			if score < 0 || score > 1 || (score >= 0.5) != got {
				t.Errorf("score %.2f: want in [0, 1], at least 0.5 exactly when frustrated", score)
			}
		})
	}
}

func TestRaisePriority(t *testing.T) {
	seen := []string{"high", "low", "normal", "urgent"}
	tests := []struct {
		name  string
		value string
		seen  []string
		want  string
	}{
		{"one level up", "normal", seen, "high"},
		{"urgent stays", "urgent", seen, "urgent"},
		{"skips levels never seen", "normal", []string{"low", "normal", "urgent"}, "urgent"},
		{"nothing higher seen", "normal", []string{"low", "normal"}, "normal"},
		{"unknown scheme left alone", "P3", []string{"P1", "P2", "P3"}, "P3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := raisePriority(Guess{Value: tt.value, Confidence: 0.7}, tt.seen)
			if g.Value != tt.want || g.Raised != (tt.want != tt.value) || g.Confidence != 0.7 {
				t.Errorf("got %+v, want %q", g, tt.want)
			}
		})
	}
}

func TestPredictRaisesPriorityForFrustratedRequesters(t *testing.T) {
	ex := toyExamples(400, 6, 0.5, 0, 30)
	text := "printer toner jam, third time I ask!!"
	for _, tt := range []struct {
		opts Options
		want string
	}{
		{Options{}, "high"}, // printer tickets are "normal"
		{Options{IgnoreSentiment: true}, "normal"},
	} {
		m := MustTrain(t, ex, tt.opts)
		p := m.Predict(text)
		if !p.Frustrated {
			t.Fatalf("%q: not frustrated", text)
		}
		if g := p.Labels[LabelPriority]; g.Value != tt.want {
			t.Errorf("IgnoreSentiment %v: priority %q, want %q", tt.opts.IgnoreSentiment, g.Value, tt.want)
		}
	}
	m := MustTrain(t, ex, Options{})
	if g := m.Predict("printer toner jam").Labels[LabelPriority]; g.Value != "normal" || g.Raised {
		t.Errorf("calm requester: %+v, want normal, not raised", g)
	}
}
