package localembed

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxTextBytes bounds the work on one text: a chunk is a few hundred
// characters, and the start of a longer text says what it is about.
const maxTextBytes = 64 << 10

// maxWordRunes is the longest word kept; longer tokens are hashes, keys
// and base64 that say nothing about the meaning.
const maxWordRunes = 40

// token is a word of a text: folded (lower case, no accents), its stem,
// and whether it is a function word.
type token struct {
	word string
	stem string
	stop bool
}

// wordCache remembers the analysis of the words a bag has seen: most of a
// text's words were in the texts before it, and stemming is the costly
// part of tokenizing.
type wordCache map[string]token

// maxCachedWords bounds a cache; past it, the cache starts over.
const maxCachedWords = 1 << 14

// tokenize is the package's tokenize, with c remembering the words.
func (c *wordCache) tokenize(text string, dst []token) []token {
	if *c == nil || len(*c) > maxCachedWords {
		*c = make(wordCache, 1024)
	}
	return tokenizeCached(text, dst, *c)
}

// tokenize splits text into words and appends them to dst. Words are runs
// of letters and digits; an apostrophe inside a word drops French elided
// articles ("l'ordinateur") and the English possessive ("user's") and
// joins contractions ("don't"). Invalid UTF-8 decodes to U+FFFD, which
// separates words like any symbol.
func tokenize(text string, dst []token) []token {
	return tokenizeCached(text, dst, nil)
}

// tokenizeCached is tokenize with a cache of analyzed words, which may be
// nil.
func tokenizeCached(text string, dst []token, cache wordCache) []token {
	if len(text) > maxTextBytes {
		text = text[:maxTextBytes]
	}
	var word []byte
	runes := 0
	flush := func() {
		if runes > 0 && runes <= maxWordRunes {
			if t, ok := cache[string(word)]; ok {
				dst = append(dst, t)
			} else {
				t := newToken(string(word))
				if cache != nil {
					cache[t.word] = t
				}
				dst = append(dst, t)
			}
		}
		word, runes = word[:0], 0
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word = appendFolded(word, r)
			runes++
		case (r == '\'' || r == '’') && runes > 0 && i < len(text) && isWordRune(text[i:]):
			if elided(word) {
				word, runes = word[:0], 0
			} else if s := text[i:]; (s[0] == 's' || s[0] == 'S') && (len(s) == 1 || !isWordRune(s[1:])) {
				flush()
				i++ // the possessive "'s"
			}
		default:
			flush()
		}
	}
	flush()
	return dst
}

func isWordRune(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// elided reports whether word is a French article or pronoun that an
// apostrophe joins to the next word: "l'", "d'", "qu'", "jusqu'".
func elided(word []byte) bool {
	switch string(word) {
	case "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu":
		return true
	}
	return false
}

func newToken(w string) token {
	t := token{word: w, stop: stopWords[w]}
	if !t.stop {
		t.stem = stem(w)
	}
	return t
}

// stem reduces English inflections and derivations (Porter) and the
// French plural; words with digits are kept whole ("win10", "2fa").
func stem(w string) string {
	if n := len(w); n > 4 && (w[n-1] == 'x' && w[n-2] == 'u') {
		return w[:n-1] // French plurals in -aux/-eux: "réseaux", "jeux"
	}
	return porterStem(w)
}

// appendFolded appends r in lower case without its accent: a query typed
// without accents must meet the text written with them, and the other way
// round.
func appendFolded(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	r = unicode.ToLower(r)
	if f, ok := foldTable[r]; ok {
		return append(b, f...)
	}
	return utf8.AppendRune(b, r)
}

// foldTable maps accented Latin letters to their ASCII base.
var foldTable = func() map[rune]string {
	m := make(map[rune]string)
	for _, group := range []string{
		"a àáâãäåāă", "c çćč", "e èéêëēėęě", "i ìíîïīį", "n ñń", "o òóôõöøō",
		"u ùúûüūů", "y ýÿ", "s śš", "z źżž", "l ł", "d ď", "r ř", "t ť", "g ğ",
	} {
		base, letters, _ := strings.Cut(group, " ")
		for _, r := range letters {
			m[r] = base
		}
	}
	m['œ'], m['æ'], m['ß'] = "oe", "ae", "ss"
	return m
}()

// stopWords are English and French function words: they carry no topic.
var stopWords = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(stopList) {
		m[w] = true
	}
	return m
}()

const stopList = `a about above after again against all am an and any are as at be
because been before being below between both but by can could did do does
doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more
most my myself no nor of off on once only or other our ours ourselves out
over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up
very was we were what when where which while who whom why will with would
you your yours yourself yourselves im ive id dont doesnt didnt cant wont isnt
arent wasnt also get got getting want wanted way ways please thanks thank hi
hello anyone someone something anything possible using use used
au aux avec ce ces cet cette dans de des du elle elles en est et eux il ils
je la le les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on
ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos
votre vous y ete etre avoir ai as avez avons ont suis es sommes etes sont
fait faire comme tout tous toute toutes plus tres bonjour merci svp`
