package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names are redacted only where people write them in a fixed place: after
// a greeting that opens a line ("Hi Marie,") and in a sign-off, on the
// same line ("Regards, Tom") or alone on the next one ("Thanks,\nJohn
// Doe"). Finding every name in free text needs a model; these two places
// carry most of the names in tickets.

var greetingWords = []string{
	"hi", "hello", "hey", "dear", "good morning", "good afternoon", "good evening",
	"bonjour", "bonsoir", "salut", "coucou", "cher", "chère", "hallo", "liebe", "lieber",
	"sehr geehrte", "sehr geehrter", "guten tag", "guten morgen", "moin", "hola", "estimado",
	"estimada", "buenos días", "buenas tardes", "buongiorno", "buonasera", "ciao", "gentile",
	"salve", "olá", "oi", "prezado", "prezada", "bom dia", "boa tarde", "beste", "goedemorgen",
	"goedemiddag", "hoi",
}

var signoffWords = []string{
	"thanks", "thank you", "many thanks", "thanks a lot", "thanks in advance", "thanks again",
	"thx", "ty", "cheers", "regards", "best regards", "kind regards", "warm regards", "best",
	"all the best", "br", "sincerely", "yours sincerely", "yours truly", "cordialement",
	"bien cordialement", "très cordialement", "merci", "merci beaucoup", "merci d'avance",
	"merci par avance", "bien à vous", "salutations", "bonne journée", "mit freundlichen grüßen",
	"freundliche grüße", "viele grüße", "beste grüße", "liebe grüße", "grüße", "gruß", "danke",
	"vielen dank", "lg", "vg", "mfg", "gracias", "muchas gracias", "saludos", "un saludo",
	"atentamente", "grazie", "grazie mille", "cordiali saluti", "distinti saluti", "saluti",
	"obrigado", "obrigada", "atenciosamente", "abraços", "met vriendelijke groet",
	"vriendelijke groet", "groeten", "groet", "bedankt", "mvg", "--",
}

// honorifics may stand before a name; they are kept, the name goes.
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "prof": true, "m": true,
	"mme": true, "mlle": true, "monsieur": true, "madame": true, "mademoiselle": true,
	"herr": true, "frau": true, "sr": true, "sra": true, "srta": true, "señor": true,
	"señora": true, "don": true, "doña": true, "sig": true, "signor": true, "signora": true,
	"dott": true, "meneer": true, "mevrouw": true, "dhr": true, "mevr": true,
}

// nameParticles may join the parts of a name: "Ludwig van Beethoven".
var nameParticles = map[string]bool{
	"de": true, "du": true, "des": true, "van": true, "von": true, "der": true, "den": true,
	"da": true, "di": true, "del": true, "della": true, "dos": true, "das": true, "le": true, "la": true,
}

// notNames are capitalised words that follow greetings or close mails
// without being anyone's name.
var notNames = map[string]bool{
	"team": true, "all": true, "everyone": true, "everybody": true, "there": true, "guys": true,
	"folks": true, "support": true, "helpdesk": true, "service": true, "desk": true, "it": true,
	"hr": true, "sir": true, "madam": true, "colleagues": true, "the": true, "and": true,
	"again": true, "world": true, "admin": true, "admins": true, "collègues": true,
	"équipe": true, "tous": true, "toutes": true, "tout": true, "à": true, "zusammen": true,
	"allerseits": true, "todos": true, "equipo": true, "tutti": true, "a": true, "i": true,
	"you": true, "for": true, "in": true, "advance": true, "your": true, "help": true,
	"customer": true, "client": true, "user": true, "users": true, "service desk": true,
	"sent": true, "from": true, "my": true, "iphone": true, "android": true, "please": true,
	"note": true, "ok": true, "okay": true, "yes": true, "no": true, "hello": true, "hi": true,
}

// appendNames scans line by line; each line is looked at twice at most.
func appendNames(spans []piiSpan, text string) []piiSpan {
	signoff := false // the line before closed a message
	for off := 0; off < len(text); {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		line := text[off:end]
		start := off + (len(line) - len(strings.TrimLeft(line, " \t>")))
		body := text[start:end]
		switch {
		case strings.TrimSpace(body) == "":
			// a blank line may sit between a sign-off and the name
		case signoff:
			spans = appendNameLine(spans, text, start, end)
			signoff = false
		default:
			var found bool
			spans, found = appendGreeting(spans, text, start, end)
			if !found {
				spans, signoff = appendSignoff(spans, text, start, end)
			}
		}
		off = end + 1
	}
	return spans
}

// appendGreeting redacts the name after a greeting at text[start:] when a
// comma, colon or exclamation mark (or the line end) follows it.
func appendGreeting(spans []piiSpan, text string, start, end int) ([]piiSpan, bool) {
	n := matchPhrase(text[start:end], greetingWords)
	if n == 0 || start+n >= end || text[start+n] != ' ' {
		return spans, false
	}
	from, to, next := readName(text, start+n, end)
	if from < 0 || !nameTerminated(text, next, end) {
		return spans, false
	}
	return append(spans, piiSpan{from, to, piiName}), true
}

// appendSignoff looks for a sign-off phrase opening the line: either the
// name follows on the same line, or the phrase is all there is and the
// name may be on the next line (signoff true).
func appendSignoff(spans []piiSpan, text string, start, end int) ([]piiSpan, bool) {
	n := matchPhrase(text[start:end], signoffWords)
	if n == 0 {
		return spans, false
	}
	rest := strings.TrimRight(text[start+n:end], " \t\r")
	if strings.Trim(rest, ",.!:;- ") == "" {
		return spans, true
	}
	// On the same line a separator must come first ("Regards, Tom"):
	// "Best Practices" is a heading, not a signature.
	// On the same line a separator must come first ("Regards, Tom") or
	// punctuation must close the name ("Thanks John!"): "Best Practices"
	// is a heading, not a signature.
	k := start + n
	for k < end && text[k] == ' ' {
		k++
	}
	if k < end && strings.IndexByte(",-:", text[k]) >= 0 {
		for k < end && strings.IndexByte(",-: ", text[k]) >= 0 {
			k++
		}
		return appendNameLine(spans, text, k, end), false
	}
	last := strings.TrimRight(text[k:end], " \t\r")
	if last == "" || strings.IndexByte("!.,", last[len(last)-1]) < 0 {
		return spans, false
	}
	return appendNameLine(spans, text, k, end), false
}

// appendNameLine redacts text[start:end] when it is a name and nothing
// else (an honorific and final punctuation allowed).
func appendNameLine(spans []piiSpan, text string, start, end int) []piiSpan {
	from, to, next := readName(text, start, end)
	if from < 0 || end-start > 60 {
		return spans
	}
	if strings.Trim(text[next:end], " \t\r.,!") != "" {
		return spans
	}
	return append(spans, piiSpan{from, to, piiName})
}

// matchPhrase returns the length of the longest phrase of list that opens
// line (case-insensitively, ending at a word boundary), or 0.
func matchPhrase(line string, list []string) int {
	best := 0
	for _, p := range list {
		if len(p) <= best || len(line) < len(p) || !strings.EqualFold(line[:len(p)], p) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(line[len(p):]); len(line) > len(p) && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			continue
		}
		best = len(p)
	}
	return best
}

// readName reads an optional honorific then one to four capitalised
// words from text[i:end]. It returns the span of the name and where
// reading stopped, or from == -1 when there is no name.
func readName(text string, i, end int) (from, to, next int) {
	from, to, next = -1, -1, i
	words := 0
	for j := i; j < end && words < 4; {
		for j < end && text[j] == ' ' {
			j++
		}
		w := j
		for j < end && isNameByte(text, j) {
			_, size := utf8.DecodeRuneInString(text[j:])
			j += size
		}
		word := text[w:j]
		lower := strings.ToLower(word)
		switch {
		case word == "":
			return from, to, next
		case from < 0 && honorifics[lower]:
			if j < end && text[j] == '.' {
				j++
			}
		case from >= 0 && nameParticles[lower]:
			// kept only if a capitalised word follows
		case isNameWord(word) && !notNames[lower]:
			if from < 0 {
				from = w
			}
			to, words = j, words+1
		default:
			return from, to, next
		}
		if to > 0 {
			next = to
		}
		if from < 0 {
			next = j
		}
	}
	return from, to, next
}

func isNameByte(text string, j int) bool {
	r, _ := utf8.DecodeRuneInString(text[j:])
	if unicode.IsLetter(r) {
		return true
	}
	// Hyphens and apostrophes inside names: Jean-Pierre, O'Brien.
	if (r == '-' || r == '\'' || r == '’') && j+1 < len(text) {
		n, _ := utf8.DecodeRuneInString(text[j+utf8.RuneLen(r):])
		return unicode.IsLetter(n)
	}
	return false
}

// isNameWord reports whether word is capitalised like a name: an upper-case
// first letter, and not a single letter.
func isNameWord(word string) bool {
	r, size := utf8.DecodeRuneInString(word)
	return unicode.IsUpper(r) && len(word) > size
}

// nameTerminated reports whether what follows a greeting's name closes the
// greeting: punctuation or the end of the line.
func nameTerminated(text string, i, end int) bool {
	for i < end && text[i] == ' ' {
		i++
	}
	return i >= end || strings.IndexByte(",!:;.\r", text[i]) >= 0
}
