package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Content words are how the assistant and the simulation compare texts
// (does a passage cover the question? does a draft say what the agent
// said?). Words are lower-cased, accents folded and crudely stemmed, and
// the function words of English and French dropped: enough to see that
// "printers" and "printer", "réseau" and "reseau" match, without a
// stemmer's surprises.

// ContentWords returns the distinct content words of text, stemmed, in
// order of first appearance.
func ContentWords(text string) []string {
	var out []string
	seen := map[string]bool{}
	ForEachWord(text, func(w string) {
		if stopWords[w] || (len(w) < 2 && !isDigits(w)) {
			return
		}
		w = stemWord(w)
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	})
	return out
}

// WordSet returns the set of content words of text.
func WordSet(text string) map[string]bool {
	ws := ContentWords(text)
	set := make(map[string]bool, len(ws))
	for _, w := range ws {
		set[w] = true
	}
	return set
}

// Coverage is the share of words found in set; 0 for no words.
func Coverage(words []string, set map[string]bool) float64 {
	if len(words) == 0 {
		return 0
	}
	n := 0
	for _, w := range words {
		if set[w] {
			n++
		}
	}
	return float64(n) / float64(len(words))
}

// ForEachWord calls fn with each folded, lower-cased word of text.
func ForEachWord(text string, fn func(string)) {
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 && b.Len() <= 40 {
			fn(b.String())
		}
		b.Reset()
	}
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteString(foldRune(unicode.ToLower(r)))
		default:
			flush()
		}
	}
	flush()
}

// foldRune returns r without its accent, for the Latin letters that
// service-desk languages use.
func foldRune(r rune) string {
	if f, ok := folded[r]; ok {
		return f
	}
	return string(r)
}

var folded = func() map[rune]string {
	m := map[rune]string{'œ': "oe", 'æ': "ae", 'ß': "ss"}
	plain := []rune("aaaaaaceeeeiiiinooooouuuuyy")
	for i, r := range []rune("àâäáãåçéèêëíìîïñóòôöõúùûüýÿ") {
		m[r] = string(plain[i])
	}
	return m
}()

func isDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

// stemWord strips the commonest English and French inflections.
func stemWord(w string) string {
	if len(w) <= 4 || isDigits(w) {
		return w
	}
	for _, suf := range stemSuffixes {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

var stemSuffixes = []string{"ations", "ation", "ements", "ement", "ings", "ing", "ies", "ees", "ed", "es", "er", "s", "e"}

var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but is are was were be been being am to of in on at for with
	from by it its this that these those my your our their his her i im ive id you we they he she me us them
	not no can cannot cant could couldnt would should will wont do does did dont doesnt didnt isnt arent
	have has had there here what when why how where who which after before since again still any some all
	just now get got so as about into like then than also because if please thanks thank hi hello hey dear
	regards cheers very too much many more most other one two way s t d ll ve re m yes ok
	le la les un une des du de d l et ou mais est sont etre ai as avons avez ont je tu il elle nous vous
	ils elles me te se mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs ce cet cette ces
	qui que quoi dont ou au aux en dans par pour sur avec sans sous ne pas plus n y c j qu s bonjour merci
	comment pourquoi quand est-ce fait faire peux peut puis`) {
		m[w] = true
	}
	return m
}()
