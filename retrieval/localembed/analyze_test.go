package localembed

import (
	"slices"
	"strings"
	"testing"
)

func TestPorterStem(t *testing.T) {
	// Examples from Porter's paper and the reference vocabulary.
	tests := map[string]string{
		"caresses": "caress", "ponies": "poni", "ties": "ti", "caress": "caress", "cats": "cat",
		"feed": "feed", "agreed": "agre", "plastered": "plaster", "bled": "bled", "motoring": "motor",
		"sing": "sing", "conflated": "conflat", "troubled": "troubl", "sized": "size", "hopping": "hop",
		"tanned": "tan", "falling": "fall", "hissing": "hiss", "fizzed": "fizz", "failing": "fail",
		"filing": "file", "happy": "happi", "sky": "sky", "relational": "relat", "conditional": "condit",
		"rational": "ration", "valenci": "valenc", "digitizer": "digit", "differentli": "differ",
		"vietnamization": "vietnam", "operator": "oper", "feudalism": "feudal", "decisiveness": "decis",
		"hopefulness": "hope", "callousness": "callous", "sensibiliti": "sensibl", "triplicate": "triplic",
		"formative": "form", "electrical": "electr", "goodness": "good", "revival": "reviv",
		"allowance": "allow", "inference": "infer", "airliner": "airlin", "adjustable": "adjust",
		"replacement": "replac", "adoption": "adopt", "communism": "commun", "activate": "activ",
		"effective": "effect", "probate": "probat", "rate": "rate", "cease": "ceas", "controll": "control",
		"roll": "roll", "generalizations": "gener", "oscillators": "oscil", "passwords": "password",
		"a": "a", "is": "is", "café": "café", "win10": "win10",
	}
	for word, want := range tests {
		if got := porterStem(word); got != want {
			t.Errorf("porterStem(%q) = %q, want %q", word, got, want)
		}
	}
}

func words(toks []token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.word
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"folds case and accents", "Réinitialiser le MOT DE PASSE", []string{"reinitialiser", "le", "mot", "de", "passe"}},
		{"french elision", "l'ordinateur d'Anne jusqu'à", []string{"ordinateur", "anne", "a"}},
		{"possessive", "the user's laptop", []string{"the", "user", "laptop"}},
		{"contraction", "it doesn’t work", []string{"it", "doesnt", "work"}},
		{"symbols split", "wi-fi/VPN: error#404", []string{"wi", "fi", "vpn", "error", "404"}},
		{"ligature", "cœur", []string{"coeur"}},
		{"invalid utf-8", "pass\xffword \xc3", []string{"pass", "word"}},
		{"long tokens dropped", "key " + strings.Repeat("x", maxWordRunes+1) + " end", []string{"key", "end"}},
		{"no words", " -- !! ", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := words(tokenize(tt.text, nil))
			if !slices.Equal(got, tt.want) {
				t.Errorf("tokenize(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestTokenizeStopsAndStems(t *testing.T) {
	toks := tokenize("How do I reset passwords", nil)
	var stems []string
	for _, tk := range toks {
		if !tk.stop {
			stems = append(stems, tk.stem)
		}
	}
	if want := []string{"reset", "password"}; !slices.Equal(stems, want) {
		t.Errorf("content stems = %q, want %q", stems, want)
	}
}

func TestThesaurusConcepts(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"I forgot my pwd", []string{"forgot", "password"}},
		{"J'ai oublié mon mot de passe", []string{"forgot", "password"}},
		{"how do I log in to the wi-fi", []string{"login", "wifi"}},
		{"Please get rid of my FB account", []string{"delete", "facebook", "account"}},
		{"set up two-factor authentication", []string{"install", "mfa"}},
		{"the log is in the wifi", []string{"wifi"}}, // "log ... in" is not "log in"
		{"nothing here", nil},
	}
	for _, tt := range tests {
		var got []string
		builtinThesaurus.concepts(tokenize(tt.text, nil), func(_ int, c string) { got = append(got, c) })
		if !slices.Equal(got, tt.want) {
			t.Errorf("concepts(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestThesaurusParses(t *testing.T) {
	for first, members := range builtinThesaurus {
		for _, m := range members {
			if len(m.keys) == 0 || m.keys[0] != first || m.concept == "" {
				t.Errorf("bad member %+v under %q", m, first)
			}
		}
	}
	if len(builtinThesaurus) < 100 {
		t.Errorf("thesaurus has %d entries, want the whole table", len(builtinThesaurus))
	}
}

func TestLeadLen(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"VPN > Reset\nOpen the portal.", len("VPN > Reset")},
		{"Printer offline\n\nRestart it.", len("Printer offline")},
		{"one line only", 0},
		{"Title\n\n  \n", 0}, // nothing follows
		{strings.Repeat("x", maxLeadBytes+1) + "\nbody", 0},
		{"\nbody", 0},
	}
	for _, tt := range tests {
		if got := leadLen(tt.text); got != tt.want {
			t.Errorf("leadLen(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}
