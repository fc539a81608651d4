package retrieval

import (
	"slices"
	"strings"
)

// Redaction finds candidates with cheap scans and linear-time regular
// expressions, then keeps only those that pass a check a random string
// rarely passes: Luhn for cards, mod 97 for IBANs, a real address for IPs,
// group shapes and context for phone numbers. Numbers that merely look
// like personal data (dates, versions, ticket and error numbers) must
// survive: they are what makes a past ticket useful.

// RedactCounts says how many items of each kind Redact replaced.
type RedactCounts struct {
	Email int `json:"email"`
	Phone int `json:"phone"`
	IP    int `json:"ip"`
	Card  int `json:"card"`
	IBAN  int `json:"iban"`
	Name  int `json:"name"`
}

// Total is the number of items replaced.
func (c RedactCounts) Total() int {
	return c.Email + c.Phone + c.IP + c.Card + c.IBAN + c.Name
}

// piiKind orders kinds by precedence when two findings overlap.
type piiKind uint8

const (
	piiEmail piiKind = iota
	piiIBAN
	piiCard
	piiIP
	piiURL // never replaced: shields the digits of a URL from the phone scan
	piiPhone
	piiName
)

var piiPlaceholders = [...]string{
	piiEmail: "[email]", piiIBAN: "[iban]", piiCard: "[card]", piiIP: "[ip]",
	piiPhone: "[phone]", piiName: "[name]",
}

type piiSpan struct {
	start, end int
	kind       piiKind
}

// Redact replaces personal data in ticket-derived text with typed
// placeholders: "[email]", "[phone]", "[ip]", "[card]", "[iban]" and
// "[name]" (names are found after greetings and in sign-offs only). It
// runs in time linear in the length of text, and returns text unchanged
// when there is nothing to replace.
func Redact(text string) (string, RedactCounts) {
	var counts RedactCounts
	spans := findPII(text)
	if len(spans) == 0 {
		return text, counts
	}
	var b strings.Builder
	b.Grow(len(text))
	last := 0
	for _, s := range spans {
		b.WriteString(text[last:s.start])
		b.WriteString(piiPlaceholders[s.kind])
		last = s.end
		switch s.kind {
		case piiEmail:
			counts.Email++
		case piiIBAN:
			counts.IBAN++
		case piiCard:
			counts.Card++
		case piiIP:
			counts.IP++
		case piiPhone:
			counts.Phone++
		case piiName:
			counts.Name++
		}
	}
	b.WriteString(text[last:])
	return b.String(), counts
}

// findPII returns the spans to replace, sorted and not overlapping.
func findPII(text string) []piiSpan {
	var spans []piiSpan
	if strings.IndexByte(text, '@') >= 0 {
		spans = appendEmails(spans, text)
	}
	spans = appendURLs(spans, text)
	if strings.ContainsAny(text, "0123456789") {
		spans = appendIBANs(spans, text)
		spans = appendCards(spans, text)
		spans = appendIPv4(spans, text)
		spans = appendPhones(spans, text)
	}
	if strings.Contains(text, "::") || strings.Count(text, ":") >= 7 {
		spans = appendIPv6(spans, text)
	}
	spans = appendNames(spans, text)
	return resolveSpans(spans)
}

// appendURLs marks URLs (scheme://... and www....) so that the numbers in
// them are not taken for phone numbers.
func appendURLs(spans []piiSpan, text string) []piiSpan {
	for _, marker := range []string{"://", "www."} {
		for from := 0; ; {
			k := strings.Index(text[from:], marker)
			if k < 0 {
				break
			}
			start := from + k
			if marker == "://" {
				for start > 0 && isAlpha(text[start-1]) {
					start--
				}
			} else if start > 0 && (isAlnum(text[start-1]) || text[start-1] == '/' || text[start-1] == '.') {
				from = start + len(marker)
				continue // inside a URL already marked
			}
			end := from + k + len(marker)
			for end < len(text) && text[end] > ' ' && strings.IndexByte("<>\"'`", text[end]) < 0 {
				end++
			}
			if start < from+k || marker == "www." {
				spans = append(spans, piiSpan{start, end, piiURL})
			}
			from = end
		}
	}
	return spans
}

// resolveSpans sorts spans and, where two overlap, keeps the one of
// higher precedence (the longer one between equals). URL shields go.
func resolveSpans(spans []piiSpan) []piiSpan {
	slices.SortFunc(spans, func(a, b piiSpan) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return int(a.kind) - int(b.kind)
	})
	var out []piiSpan
	for _, s := range spans {
		if n := len(out); n > 0 && s.start < out[n-1].end {
			prev := out[n-1]
			if s.kind < prev.kind || (s.kind == prev.kind && s.end > prev.end) {
				out[n-1] = s
			}
			continue
		}
		out = append(out, s)
	}
	kept := out[:0]
	for _, s := range out {
		if s.kind != piiURL {
			kept = append(kept, s)
		}
	}
	return kept
}

// appendEmails finds addresses by growing around each '@': the local part
// to the left, dot-separated labels ending in a top-level domain of
// letters to the right. Each byte is visited a bounded number of times.
func appendEmails(spans []piiSpan, text string) []piiSpan {
	for at := strings.IndexByte(text, '@'); at >= 0; {
		start := at
		for start > 0 && isEmailLocal(text[start-1]) {
			start--
		}
		for start < at && text[start] == '.' {
			start++
		}
		end, lastLabel, dots := at+1, at+1, 0
		for end < len(text) && (isAlnum(text[end]) || text[end] == '-' || text[end] == '.' && end+1 < len(text) && isAlnum(text[end+1])) {
			if text[end] == '.' {
				dots++
				lastLabel = end + 1
			}
			end++
		}
		if start < at && dots > 0 && end-lastLabel >= 2 && allLetters(text[lastLabel:end]) {
			spans = append(spans, piiSpan{start, end, piiEmail})
		}
		next := strings.IndexByte(text[at+1:], '@')
		if next < 0 {
			break
		}
		at += 1 + next
	}
	return spans
}

func isEmailLocal(c byte) bool {
	return isAlnum(c) || strings.IndexByte("._%+-", c) >= 0
}

func allLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlpha(s[i]) {
			return false
		}
	}
	return true
}
