package retrieval

import "strings"

// safeSchemes are the URL schemes worth showing to a reader. Everything
// else (javascript:, data:, vbscript:, file: ...) is dropped with its URL:
// cleaned text is shown to people and to LLMs, and neither should be
// handed a script as a link.
var safeSchemes = map[string]bool{
	"http": true, "https": true, "mailto": true, "tel": true, "ftp": true, "ftps": true,
}

// safeURL returns href ready to print after a link's text, or "" when the
// link is not worth printing: unsafe schemes, in-page anchors, empty or
// overlong URLs.
func safeURL(href string) string {
	// Browsers ignore ASCII tabs and newlines inside URLs, which is how
	// "java\tscript:" slips past naive filters; do the same before looking.
	u := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.TrimSpace(href))
	if u == "" || u[0] == '#' || len(u) > maxURLLen {
		return ""
	}
	if i := strings.IndexByte(u, ':'); i >= 0 {
		scheme := u[:i]
		if !strings.ContainsAny(scheme, "/?#") && !safeSchemes[strings.ToLower(scheme)] {
			return ""
		}
	}
	return strings.ReplaceAll(u, " ", "%20")
}

// sameLink reports whether a link's text already says where it goes
// ("example.com" for "https://www.example.com/").
func sameLink(text, href string) bool {
	return linkKey(text) == linkKey(href)
}

func linkKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, p := range []string{"mailto:", "tel:", "https://", "http://", "www."} {
		s = strings.TrimPrefix(s, p)
	}
	return strings.TrimRight(s, "/")
}
