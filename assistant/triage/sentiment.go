package triage

import (
	"strings"
	"unicode"
)

// Frustration is read from cues that help-desk requesters actually use, in
// English and French: saying it is not the first time, that it still does
// not work, that the service is unacceptable, shouting in capitals, piling
// up exclamation marks. One strong cue, or two weak ones, make a requester
// clearly frustrated; a single "urgent" does not, because many people write
// it on every ticket.

// Cue weights: strong cues alone reach frustratedAt.
const (
	strongCue    = 1.0
	weakCue      = 0.5
	frustratedAt = 1.0
)

// Phrases are matched on words (lower-cased, accents folded, punctuation
// dropped), so "Still not working!" and "ne fonctionne toujours pas" match
// whatever their spelling of accents and apostrophes.
var (
	strongPhrases = phraseList(
		// English
		"third time", "3rd time", "fourth time", "second time this week", "how many times",
		"still not working", "still does not work", "still doesn't work", "still broken", "still waiting",
		"still no answer", "still no response", "unacceptable", "ridiculous", "fed up", "sick of",
		"sick and tired", "no one has", "nobody has", "nobody is", "again and again", "waste of time",
		"worst", "furious", "outrageous", "disgraceful", "this is a joke", "extremely frustrated",
		"very frustrated", "so frustrated", "i am frustrated", "i'm frustrated", "absolutely useless",
		// French
		"inacceptable", "inadmissible", "troisième fois", "3e fois", "3ème fois", "énième fois",
		"combien de fois", "toujours pas", "ne fonctionne toujours", "ne marche toujours",
		"toujours en panne", "toujours aucune", "toujours sans", "ras le bol", "j'en ai marre",
		"en ai marre", "scandaleux", "honteux", "lamentable", "n'importe quoi", "personne ne",
		"aucune réponse", "très mécontent", "très énervé", "furieux", "exaspéré", "c'est une blague",
	)
	weakPhrases = phraseList(
		"urgent", "urgently", "asap", "as soon as possible", "immediately", "right now", "still",
		"again", "frustrated", "frustrating", "annoying", "useless", "terrible", "escalate",
		"for days", "for weeks", "no response", "no answer", "nobody",
		"urgence", "au plus vite", "immédiatement", "tout de suite", "encore", "toujours",
		"depuis des jours", "depuis des semaines", "frustrant", "agaçant", "pénible", "relance",
		"mécontent", "énervé", "inutile",
	)
	// calmPhrases cancel the weak cue of urgency they contain.
	calmPhrases = phraseList("not urgent", "no rush", "non urgent", "pas urgent", "rien d'urgent", "no hurry")
)

// phraseList normalises phrases as Sentiment normalises text.
func phraseList(phrases ...string) []string {
	out := make([]string, len(phrases))
	for i, p := range phrases {
		out[i] = " " + strings.Join(words(p), " ") + " "
	}
	return out
}

// Sentiment reports whether the requester who wrote text is clearly
// frustrated, and a frustration score in [0, 1] (0.5 and above is
// frustrated). Priority is raised by one level for frustrated requesters.
func Sentiment(text string) (frustrated bool, score float64) {
	norm := " " + strings.Join(words(text), " ") + " "
	raw := 0.0
	strong := false
	for _, p := range strongPhrases {
		if strings.Contains(norm, p) {
			raw += strongCue
			strong = true
		}
	}
	if !strong { // "still not working" is one cue, not also "still"
		raw += weakCue * float64(min(countPhrases(norm, weakPhrases), 2))
	}
	raw -= weakCue * float64(countPhrases(norm, calmPhrases))
	raw += shouting(text)
	if strings.Contains(text, "!!") || strings.Contains(text, "?!") {
		raw += weakCue
	}
	raw = max(raw, 0)
	return raw >= frustratedAt, min(raw/(2*frustratedAt), 1)
}

func countPhrases(norm string, phrases []string) int {
	n := 0
	for _, p := range phrases {
		if strings.Contains(norm, p) {
			n++
		}
	}
	return n
}

// shouting returns the weight of capitals in text: a strong cue when the
// whole message is in capitals, a weak one when at least two all-caps words
// of four or more letters (shorter ones are acronyms: VPN, SAP) make up a
// third of the words.
func shouting(text string) float64 {
	upper, letters := 0, 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	if letters >= 20 && 10*upper >= 8*letters {
		return strongCue
	}
	caps, total := 0, 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		total++
		if len([]rune(w)) >= 4 && strings.ToUpper(w) == w {
			caps++
		}
	}
	if caps >= 2 && 3*caps >= total {
		return weakCue
	}
	return 0
}
