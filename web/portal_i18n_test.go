package web

import (
	"strings"
	"testing"
)

// TestPortalWordsAreTranslated keeps the French portal complete, and the
// requester-language phrases in every language the assistant answers in.
func TestPortalWordsAreTranslated(t *testing.T) {
	for key := range messages["en"] {
		prefix, _, _ := strings.Cut(key, ".")
		switch prefix {
		case "portal", "chat", "article":
			if _, ok := messages["fr"][key]; !ok {
				t.Errorf("%s has no French", key)
			}
		case "transcript":
			for _, lang := range []string{"fr", "de", "es"} {
				if _, ok := messages[lang][key]; !ok {
					t.Errorf("%s has no %s", key, lang)
				}
			}
		}
	}
	for _, lang := range []string{"fr", "de", "es"} {
		if translate(lang, "chat.suggest") == translate("en", "chat.suggest") {
			t.Errorf("chat.suggest is not in %s", lang)
		}
	}
}
