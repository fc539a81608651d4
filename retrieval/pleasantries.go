package retrieval

import (
	"regexp"
	"strings"
)

// Greetings, thanks and sign-offs carry no meaning for search or for
// comparing answers, and the names in them are noise (or personal data).
// They are recognised line by line, in the languages of the desk.
var (
	greetingLineRE = regexp.MustCompile(`(?i)^\s*(hi|hello|hey|dear|good (morning|afternoon|evening)|bonjour|bonsoir|salut|hallo|guten (tag|morgen)|hola|buenos d[ií]as|buongiorno|ciao|ol[aá]|goedemorgen|beste)\b[^.!?\n]{0,40}[,!.:]?\s*$`)
	thanksLineRE   = regexp.MustCompile(`(?i)^\s*(many )?(thanks|thank you|merci|danke|gracias|grazie|obrigad[oa]|bedankt)( (so much|very much|beaucoup|for (your|the) [^.!?\n]{0,40}|in advance|d'avance|pour [^.!?\n]{0,40}))?\s*[.!,]?\s*$`)
	signOffLineRE  = regexp.MustCompile(`(?i)^\s*((best|kind|warm|many|bien|bien à vous,?|très)\s+)?(regards|wishes|cheers|thanks|thank you|thx|ta|cordialement|bien (à|a) vous|bonne journée|merci|mit freundlichen grüßen|viele grüße|saludos|un saludo|cordiali saluti|atenciosamente|met vriendelijke groet|--)\b[^\n]{0,40}$`)
	closingLineRE  = regexp.MustCompile(`(?i)^\s*(let me know|hope (this|that) helps|if (it|this|that|the problem) (still )?(doesn't|does not|didn't|did not|persists)|just reply|feel free|n'hésitez pas|si (cela|le problème|ça) (ne|persiste))\b`)
)

// StripPleasantries returns text without its greeting, its thank-you and
// closing lines, and its sign-off with the name under it. What is left is
// what the message says; when nothing is left, text is returned as it is.
func StripPleasantries(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	// A sign-off ends the message: cut it and the name lines under it.
	for i := len(lines) - 1; i >= 0 && i >= len(lines)-5; i-- {
		if signOffLineRE.MatchString(lines[i]) && nameLinesOnly(lines[i+1:]) {
			lines = lines[:i]
			break
		}
	}
	// A signature without a sign-off: trailing blocks, after a blank
	// line, made only of name and contact lines.
	for {
		lines = trimBlankTail(lines)
		start := len(lines)
		for start > 0 && strings.TrimSpace(lines[start-1]) != "" {
			start--
		}
		if start == 0 || !nameLinesOnly(lines[start:]) {
			break
		}
		lines = lines[:start]
	}
	out := lines[:0]
	for _, l := range lines {
		if greetingLineRE.MatchString(l) || thanksLineRE.MatchString(l) || closingLineRE.MatchString(l) {
			continue
		}
		out = append(out, l)
	}
	s := strings.TrimSpace(strings.Join(out, "\n"))
	if s == "" {
		return strings.TrimSpace(text)
	}
	return s
}

// nameLinesOnly reports whether lines are empty or look like a
// signature: a name, a role or a team (a few words without a sentence's
// punctuation), contact details, or a phone's "Sent from" line.
func nameLinesOnly(lines []string) bool {
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || signatureLineRE.MatchString(t) {
			continue
		}
		if len(strings.Fields(t)) > 5 || strings.ContainsAny(t, ".?!:") {
			return false
		}
	}
	return true
}

// signatureLineRE matches contact lines and mobile footers.
var signatureLineRE = regexp.MustCompile(`(?i)(@|\+?\d[\d ().-]{6,}|\||^(t|m|tel|tél|phone|mobile|fax|e-?mail)\b\.? ?:|^sent from my|^envoyé de mon|^get outlook for)`)

func trimBlankTail(lines []string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
