package triage

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"deskpilot/retrieval"
)

// Tokenisation is language-aware but deliberately light: tickets are short,
// misspelt and mix languages, so an aggressive stemmer merges more words
// that mean different things than it helps. Words are lower-cased, accents
// folded ("réseau" and "reseau" are the same word in tickets typed on a
// phone) and, when it helps on held-out tickets, plurals and a few
// inflections stripped for the detected language.

// maxTokenBytes bounds a token: longer ones are hashes, tokens or base64.
const maxTokenBytes = 40

// maxDigits is the longest number kept as a token: "365" and "2019" say
// something, ticket numbers and phone numbers do not.
const maxDigits = 4

// words splits text into folded, lower-cased words of letters and digits.
func words(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 && b.Len() <= maxTokenBytes {
			out = append(out, b.String())
		}
		b.Reset()
	}
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			fold(&b, unicode.ToLower(r))
		} else {
			flush() // apostrophes too: "l'imprimante" -> "l", "imprimante"
		}
	}
	flush()
	return out
}

// fold writes r without its diacritics.
func fold(b *strings.Builder, r rune) {
	if r < utf8.RuneSelf {
		b.WriteByte(byte(r))
		return
	}
	if s, ok := folds[r]; ok {
		b.WriteString(s)
		return
	}
	b.WriteRune(r)
}

var folds = func() map[rune]string {
	m := map[rune]string{'æ': "ae", 'œ': "oe", 'ß': "ss", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th"}
	groups := map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "e": "èéêëēĕėęě", "i": "ìíîïĩīĭįı",
		"n": "ñńņňŉ", "o": "òóôõöōŏő", "u": "ùúûüũūŭůűų", "y": "ýÿŷ",
		"g": "ĝğġģ", "s": "śŝşš", "z": "źżž", "r": "ŕŗř", "t": "ţťŧ", "d": "ď", "l": "ĺļľŀ",
	}
	for base, accented := range groups {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()

// minWordBytes drops one-letter words: what is left of "user's", "don't"
// and "l'imprimante" after splitting says nothing about the ticket.
const minWordBytes = 2

// analyzer turns a ticket's text into the terms the model sees. Terms are
// 64-bit FNV-1a hashes of words and of adjacent word pairs: no strings to
// allocate per bigram, and collisions among a desk's few hundred thousand
// terms are vanishingly rare.
type analyzer struct {
	// stem strips inflections of English and French words, the language
	// detected per ticket; training chooses it on held-out tickets.
	stem bool
}

// titleSeed starts the hashes of title terms, which are features of their
// own: "printer" in a subject says more than "printer" in a signature.
var titleSeed = hashString(fnvOffset, "title:")

// terms returns the hashed unigrams and bigrams of text, plus those of its
// first line, the subject of a ticket's question, when there are several
// lines. Stop words stay: measured on held-out tickets, dropping them
// lowers accuracy ("not working", "please", "hi" carry signal).
func (a analyzer) terms(text string) []uint64 {
	lang := ""
	if a.stem {
		lang, _ = retrieval.DetectLanguage(text)
	}
	out := a.wordTerms(nil, text, lang, fnvOffset)
	if i := strings.IndexByte(text, '\n'); i > 0 {
		out = a.wordTerms(out, text[:i], lang, titleSeed)
	}
	return out
}

// wordTerms appends the unigrams and bigrams of text, hashed from seed.
func (a analyzer) wordTerms(out []uint64, text, lang string, seed uint64) []uint64 {
	var prev uint64
	first := true
	for _, w := range words(text) {
		if len(w) < minWordBytes || !keepNumber(w) {
			continue
		}
		if a.stem {
			w = stem(lang, w)
		}
		h := hashString(seed, w)
		out = append(out, h)
		if !first {
			out = append(out, hashString(hashString(prev, " "), w))
		}
		prev, first = h, false
	}
	return out
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashString continues an FNV-1a hash with s; a bigram is the hash of its
// first word continued with a space and the second.
func hashString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func keepNumber(w string) bool {
	if len(w) <= maxDigits {
		return true
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return true
		}
	}
	return false
}

// stem strips plurals and common inflections from English and French words.
// It keeps at least four letters of stem, which is what keeps "access" and
// "process" whole.
func stem(lang, w string) string {
	switch lang {
	case "en":
		return stemEN(w)
	case "fr":
		return stemFR(w)
	}
	return w
}

func stemEN(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 5:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s") && len(w) > 4:
		w = w[:len(w)-1]
	}
	for _, suf := range []string{"ing", "ed"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

func stemFR(w string) string {
	for _, suf := range []string{"ements", "ement", "ations", "ation", "euses", "euse", "eurs", "eur", "es", "s", "x", "e"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}
