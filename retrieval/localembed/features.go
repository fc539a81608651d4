package localembed

import (
	"math"
	"strings"
	"unicode/utf8"
)

// A text is described by three families of sparse features, each a 64-bit
// hash: the stems of its words; character n-grams of its words, which make
// misspellings, compounds and morphology meet ("wifi", "wi-fi", "wirless");
// and the thesaurus concepts it mentions. (Pairs of neighbouring stems
// were tried too: they added nothing measurable.)
const (
	famWord = iota
	famChar
	famConcept
	numFamilies
)

// feature is one distinct feature of a text and its weight there.
type feature struct {
	hash   uint64
	weight float64
}

// bag is the analysis of one text: per family, its distinct features with
// their tf-idf weights. Its buffers are reused between texts.
type bag struct {
	toks  []token
	raw   [numFamilies][]uint64
	fam   [numFamilies][]feature
	runes []rune
	count counter
	words wordCache
}

// fnv64 constants: FNV-1a is fast on short keys and good enough to spread
// features over a few hundred dimensions.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashString(seed uint64, s string) uint64 {
	h := uint64(fnvOffset) ^ seed*fnvPrime
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return mix(h)
}

// mix finalizes a hash so that its low and high bits are both well spread
// (splitmix64's finalizer).
func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	return h ^ h>>31
}

// analyze fills b with the features of text, weighted by the sublinear
// term frequency 1+ln(tf) and, when idf is not nil, by idf. Features of
// the text's lead (see leadLen) weigh cfg.Lead times more.
func (b *bag) analyze(text string, cfg *Config, th thesaurus, idf []float32) {
	if len(text) > maxTextBytes {
		text = text[:maxTextBytes]
	}
	b.toks = b.toks[:0]
	nLead := 0 // tokens of the lead
	if n := leadLen(text); n > 0 && cfg.Lead > 1 {
		b.toks = b.words.tokenize(text[:n], b.toks)
		nLead = len(b.toks)
		text = text[n:]
	}
	b.toks = b.words.tokenize(text, b.toks)
	for f := range b.raw {
		b.raw[f] = b.raw[f][:0]
	}
	var marks [numFamilies]int // raw features of each family from the lead
	b.wordFeatures(cfg, nLead, &marks)
	if th != nil {
		th.concepts(b.toks, func(i int, c string) {
			if i < nLead {
				marks[famConcept]++
			}
			b.raw[famConcept] = append(b.raw[famConcept], hashString(famConcept, c))
		})
	}
	for f := range b.raw {
		b.fam[f] = b.count.weigh(b.fam[f][:0], b.raw[f], marks[f], cfg.Lead, idf)
	}
}

// wordFeatures adds the word and character features of b.toks, and
// sets in marks how many of each family come from the first nLead tokens.
func (b *bag) wordFeatures(cfg *Config, nLead int, marks *[numFamilies]int) {
	for i := range b.toks {
		if i == nLead {
			for f := range b.raw {
				marks[f] = len(b.raw[f])
			}
		}
		t := &b.toks[i]
		if t.stop {
			continue
		}
		b.raw[famWord] = append(b.raw[famWord], hashString(famWord, t.stem))
		if cfg.Char > 0 {
			b.charGrams(t.word, cfg.CharMin, cfg.CharMax)
		}
	}
	if nLead == len(b.toks) {
		for f := range b.raw {
			marks[f] = len(b.raw[f])
		}
	}
}

// maxLeadBytes is the longest lead: a title, a subject line or a heading
// path, not a paragraph.
const maxLeadBytes = 300

// leadLen returns the length of text's lead: its first line, when it is
// short and more text follows. That is where chunks carry their title and
// heading path ("Title > Section\nBody"), and tickets their subject: the
// words that say what the rest is about.
func leadLen(text string) int {
	i := strings.IndexByte(text, '\n')
	if i <= 0 || i > maxLeadBytes || strings.TrimSpace(text[i:]) == "" {
		return 0
	}
	return i
}

// charGrams adds the character n-grams of word, padded with a boundary
// mark on each side so that prefixes and suffixes are told apart.
func (b *bag) charGrams(word string, minN, maxN int) {
	b.runes = append(b.runes[:0], '<')
	for _, r := range word {
		b.runes = append(b.runes, r)
	}
	b.runes = append(b.runes, '>')
	var buf [4 * 8]byte
	for n := minN; n <= maxN; n++ {
		for i := 0; i+n <= len(b.runes); i++ {
			k := 0
			for _, r := range b.runes[i : i+n] {
				k += utf8.EncodeRune(buf[k:], r)
			}
			h := uint64(fnvOffset) ^ famChar*fnvPrime
			for _, c := range buf[:k] {
				h ^= uint64(c)
				h *= fnvPrime
			}
			b.raw[famChar] = append(b.raw[famChar], mix(h))
		}
	}
}

// norm returns the Euclidean norm of the weights of fs.
func norm(fs []feature) float64 {
	s := 0.0
	for _, f := range fs {
		s += f.weight * f.weight
	}
	return math.Sqrt(s)
}

// project adds fs, scaled so that the family has norm scale, into the
// signed hashed space v: each hash picks a dimension and a sign, so that
// collisions cancel out on average instead of piling up.
func project(v []float64, fs []feature, scale float64) {
	n := norm(fs)
	if n == 0 || scale == 0 {
		return
	}
	scale /= n
	d := uint64(len(v))
	for _, f := range fs {
		i := (f.hash >> 32) * d >> 32
		if f.hash&1 == 0 {
			v[i] += f.weight * scale
		} else {
			v[i] -= f.weight * scale
		}
	}
}
