package retrieval

import (
	"bytes"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The detector scores each language with three kinds of evidence, from
// strongest to weakest: whole words (function words and help-desk
// vocabulary), letters with diacritics, and character trigrams that mark a
// language's morphology ("ing", "ção", "sch"). Short tickets carry few words,
// so the vocabulary is chosen for what people write to a service desk.

// langTags lists the languages DetectLanguage knows, in bit order.
var langTags = [...]string{"en", "fr", "de", "es", "nl", "it", "pt"}

const numLangs = len(langTags)

// langMask is a set of languages, one bit per index of langTags.
type langMask uint8

// maxDetectBytes bounds the work on long documents: a few kilobytes settle
// the language of a whole article.
const maxDetectBytes = 4096

// maxWordBytes is the longest lower-cased word looked up; longer tokens
// (hashes, base64) say nothing about the language.
const maxWordBytes = 48

// Evidence weights, tuned on the test examples: a known word counts most; a
// trigram is weak alone but there are many of them.
const (
	wordWeight    = 1.0
	letterWeight  = 0.6
	trigramWeight = 0.3
	minLangScore  = 1.2  // below this the text is too short to call
	minLangConf   = 0.12 // below this two languages are too close to call
	settledScore  = 40   // enough evidence to stop reading a long text
)

var (
	langWords    map[string]langMask
	langTrigrams map[string]langMask
)

func init() {
	langWords = buildLangTable(langWordLists)
	langTrigrams = buildLangTable(langTrigramLists)
}

// buildLangTable turns per-language lists of space-separated entries into
// one lookup table of language sets. Trigram entries use '_' for the word
// boundary so the lists stay readable.
func buildLangTable(lists [numLangs]string) map[string]langMask {
	m := make(map[string]langMask, 2048)
	for i, list := range lists {
		for _, w := range strings.Fields(list) {
			m[strings.ReplaceAll(w, "_", " ")] |= 1 << i
		}
	}
	return m
}

// DetectLanguage returns the BCP 47 tag of the language text is written in
// ("en", "fr", "de", "es", "nl", "it" or "pt") and a confidence in [0, 1].
// It returns "" and 0 when the text is too short or too mixed to tell: a
// wrong tag would route a requester to articles they cannot read, so it
// prefers no answer to a guess. Only the first few kilobytes are read.
//
// The confidence grows with the lead over the runner-up language and with
// the amount of text; no tag is returned below 0.12. Correct tags of short
// help-desk messages typically score 0.2 to 0.8, so a caller that wants a
// stricter cut should not ask for much more than 0.3.
func DetectLanguage(text string) (tag string, confidence float64) {
	if len(text) > maxDetectBytes {
		text = text[:maxDetectBytes]
	}
	var scores [numLangs]float64
	var word [maxWordBytes + 2]byte // ' ' + word + ' ' for trigrams
	n := 0                          // bytes of the current word in word[1:]
	overflow := false
	flush := func() {
		if n > 0 && !overflow {
			scoreWord(&scores, word[:n+2], n)
		}
		n, overflow = 0, false
	}
	words := 0
scan:
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if r == '’' {
			r = '\''
		}
		switch {
		case unicode.IsLetter(r):
			r = unicode.ToLower(r)
			if m := letterLangs(r); m != 0 {
				addScore(&scores, m, letterWeight)
			}
			if n+utf8.RuneLen(r) > maxWordBytes {
				overflow = true
				continue
			}
			n += utf8.EncodeRune(word[1+n:], r)
		case r == '\'' && n > 0 && i < len(text) && isLetterAt(text, i):
			// Keep elisions and contractions whole: "l'", "n'", "don't"
			// are some of the best clues in short French and English text.
			if n+1 > maxWordBytes {
				overflow = true
				continue
			}
			word[1+n] = '\''
			n++
		default:
			if r == '¿' || r == '¡' { // Spanish opening marks
				addScore(&scores, 1<<3, letterWeight)
			}
			if n == 0 {
				continue
			}
			flush()
			if words++; words%16 == 0 && settled(&scores) {
				break scan
			}
		}
	}
	flush()
	return pickLanguage(&scores)
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// scoreWord adds the evidence of one lower-cased word; buf holds it padded
// with a space on each side, n is its length in bytes.
func scoreWord(scores *[numLangs]float64, buf []byte, n int) {
	buf[0], buf[n+1] = ' ', ' '
	w := buf[1 : n+1]
	if m, ok := langWords[string(w)]; ok {
		addScore(scores, m, wordWeight)
	} else if k := bytes.IndexByte(w, '\''); k > 0 {
		// "l'ordinateur": the elided article and the noun are each a clue.
		if m, ok := langWords[string(w[:k+1])]; ok {
			addScore(scores, m, wordWeight)
		}
		if m, ok := langWords[string(w[k:])]; ok { // "'t", "'ll"
			addScore(scores, m, wordWeight)
		}
		if m, ok := langWords[string(w[k+1:])]; ok {
			addScore(scores, m, wordWeight)
		}
	}
	// Trigrams over the padded word, stepping one rune at a time.
	var starts [maxWordBytes + 3]int
	runes := 0
	for i := 0; i < len(buf); {
		starts[runes] = i
		runes++
		_, size := utf8.DecodeRune(buf[i:])
		i += size
	}
	starts[runes] = len(buf)
	for k := 0; k+3 <= runes; k++ {
		if m, ok := langTrigrams[string(buf[starts[k]:starts[k+3]])]; ok {
			addScore(scores, m, trigramWeight)
		}
	}
}

// addScore shares weight among the languages in m: a clue common to four
// languages tells less than one that belongs to a single language.
func addScore(scores *[numLangs]float64, m langMask, weight float64) {
	k := 0
	for b := m; b != 0; b &= b - 1 {
		k++
	}
	share := weight / float64(k)
	for i := range numLangs {
		if m&(1<<i) != 0 {
			scores[i] += share
		}
	}
}

// settled reports whether the leader is so far ahead that reading on cannot
// change the answer: long articles stop after a few hundred bytes.
func settled(scores *[numLangs]float64) bool {
	first, second := 0.0, 0.0
	for _, s := range scores {
		if s > first {
			first, second = s, first
		} else if s > second {
			second = s
		}
	}
	return first >= settledScore && first >= 2*second
}

// pickLanguage turns scores into a tag and a confidence that grows with the
// margin over the runner-up and with the amount of evidence.
func pickLanguage(scores *[numLangs]float64) (string, float64) {
	best, second := -1, -1
	for i, s := range scores {
		switch {
		case best < 0 || s > scores[best]:
			best, second = i, best
		case second < 0 || s > scores[second]:
			second = i
		}
	}
	b, s2 := scores[best], scores[second]
	if b < minLangScore {
		return "", 0
	}
	conf := (b - s2) / b * (1 - math.Exp(-b/3))
	if conf < minLangConf {
		return "", 0
	}
	return langTags[best], math.Round(conf*1000) / 1000
}

// letterLangs returns the languages a lower-case letter with a diacritic
// belongs to, or 0 for letters every language uses.
func letterLangs(r rune) langMask {
	const en, fr, de, es, nl, it, pt = 1, 2, 4, 8, 16, 32, 64
	if r < 0xC0 {
		return 0
	}
	switch r {
	case 'é':
		return fr | es | pt | it
	case 'è':
		return fr | it
	case 'ê', 'â':
		return fr | pt
	case 'à':
		return fr | it | pt
	case 'ç':
		return fr | pt
	case 'ù', 'û', 'î', 'ï', 'ô', 'œ':
		return fr
	case 'ë':
		return fr | nl
	case 'ä', 'ö', 'ü', 'ß':
		return de
	case 'ñ':
		return es
	case 'á', 'í', 'ó', 'ú':
		return es | pt
	case 'ã', 'õ':
		return pt
	case 'ò', 'ì':
		return it
	}
	return 0
}
