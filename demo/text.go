package demo

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// pick returns one element of xs, chosen uniformly.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// cumulative turns weights into running totals for drawWeighted.
func cumulative(ws []float64) []float64 {
	out := make([]float64, len(ws))
	sum := 0.0
	for i, w := range ws {
		sum += w
		out[i] = sum
	}
	return out
}

// drawWeighted returns an index drawn with the weights behind cum.
func drawWeighted(r *rand.Rand, cum []float64) int {
	x := r.Float64() * cum[len(cum)-1]
	i := sort.Search(len(cum), func(i int) bool { return cum[i] > x })
	if i == len(cum) {
		i--
	}
	return i
}

// lognormal returns a duration whose median is median, spread by sigma.
func lognormal(r *rand.Rand, median time.Duration, sigma float64) time.Duration {
	return time.Duration(float64(median) * math.Exp(sigma*r.NormFloat64()))
}

// between returns a uniform instant in [from, to).
func between(r *rand.Rand, from, to time.Time) time.Time {
	if !to.After(from) {
		return from
	}
	return from.Add(time.Duration(r.Int64N(int64(to.Sub(from)))))
}

// hash64 seeds per-item random streams, so that one article's rendering does
// not depend on how many were rendered before it.
func hash64(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// capitalize upper-cases the first letter, leaving names such as "iPad"
// alone.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	if next, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// lowerFirst lower-cases the first letter unless the word looks like an
// acronym or a product name ("VPN", "NorthGate").
func lowerFirst(s string) string {
	word := s
	if i := strings.IndexAny(s, " ,.:"); i >= 0 {
		word = s[:i]
	}
	upper := 0
	for _, c := range word {
		if unicode.IsUpper(c) {
			upper++
		}
	}
	if upper > 1 || word == "I" || strings.HasPrefix(word, "I'") {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

var slugFold = strings.NewReplacer(
	"à", "a", "â", "a", "ä", "a", "ç", "c", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i", "ô", "o", "ö", "o", "ù", "u", "û", "u", "ü", "u", "œ", "oe", "æ", "ae",
)

// slugify makes the URL part of a title: ASCII, lower case, dashes.
func slugify(s string) string {
	s = slugFold.Replace(strings.ToLower(s))
	var b strings.Builder
	dash := false
	for _, c := range s {
		if c < 128 && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
			continue
		}
		dash = true
	}
	out := b.String()
	if len(out) > 60 {
		out = out[:60]
		if i := strings.LastIndexByte(out, '-'); i > 30 {
			out = out[:i]
		}
	}
	return out
}

// plain drops the Markdown marks that articles use inline, for text that
// goes into e-mails: **bold**, *italic*, `code` and [text](url).
func plain(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		switch {
		case strings.HasPrefix(s, "**"):
			s = s[2:]
			continue
		case s[0] == '`' || s[0] == '*':
			s = s[1:]
			continue
		case s[0] == '[':
			if text, url, rest, ok := cutLink(s); ok {
				b.WriteString(text + " (" + url + ")")
				s = rest
				continue
			}
		}
		b.WriteByte(s[0])
		s = s[1:]
	}
	return b.String()
}

// cutLink parses a Markdown link at the start of s.
func cutLink(s string) (text, url, rest string, ok bool) {
	end := strings.Index(s, "](")
	if end < 0 {
		return "", "", s, false
	}
	close := strings.IndexByte(s[end:], ')')
	if close < 0 {
		return "", "", s, false
	}
	return s[1:end], s[end+2 : end+close], s[end+close+1:], true
}

// quoted returns the last *emphasised* part of s: in symptoms that is the
// message the requester ends up looking at on screen.
func quoted(s string) string {
	if strings.Contains(s, "**") {
		return ""
	}
	parts := strings.Split(s, "*")
	if len(parts) < 3 || len(parts)%2 == 0 {
		return ""
	}
	return parts[len(parts)-2]
}

// typos roughs up a message the way hurried typing does: a swapped pair of
// letters, a dropped or doubled one, in one to three words.
func typos(r *rand.Rand, s string) string {
	words := strings.Split(s, " ")
	n := 1 + r.IntN(3)
	for k := 0; k < n; k++ {
		i := r.IntN(len(words))
		w := []rune(words[i])
		if len(w) < 5 || !isWord(w) {
			continue
		}
		j := 1 + r.IntN(len(w)-3)
		switch r.IntN(3) {
		case 0:
			w[j], w[j+1] = w[j+1], w[j]
		case 1:
			w = append(w[:j], w[j+1:]...)
		default:
			w = append(w[:j+1], w[j:]...)
		}
		words[i] = string(w)
	}
	return strings.Join(words, " ")
}

func isWord(w []rune) bool {
	for _, c := range w {
		if !unicode.IsLetter(c) {
			return false
		}
	}
	return true
}

// expand fills {placeholders} in a short template: kv holds pairs of
// placeholder and value. Cheaper than a strings.Replacer built per use.
func expand(s string, kv ...string) string {
	for i := 0; i+1 < len(kv); i += 2 {
		if strings.Contains(s, kv[i]) {
			s = strings.ReplaceAll(s, kv[i], kv[i+1])
		}
	}
	return s
}

// numbered writes steps as a plain-text numbered list.
func numbered(steps []string) string {
	var b strings.Builder
	for i, s := range steps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strconv.Itoa(i+1) + ". " + plain(s))
	}
	return b.String()
}
