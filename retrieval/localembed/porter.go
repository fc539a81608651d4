package localembed

// This is M. F. Porter's 1980 stemming algorithm for English, on lower-case
// ASCII words. Words with other letters (French accents are folded before)
// and words of one or two letters are returned as they are.

// porterStem returns the stem of a lower-case word.
func porterStem(w string) string {
	if len(w) <= 2 {
		return w
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return w
		}
	}
	s := &stemmer{b: []byte(w)}
	s.step1a()
	s.step1b()
	s.step1c()
	s.step2()
	s.step3()
	s.step4()
	s.step5()
	return string(s.b)
}

// stemmer holds the word being stemmed; j marks the end of the stem when
// a suffix has matched (the suffix is b[j:]).
type stemmer struct {
	b []byte
	j int
}

// cons reports whether b[i] is a consonant: y is one after a vowel or at
// the start.
func (s *stemmer) cons(i int) bool {
	switch s.b[i] {
	case 'a', 'e', 'i', 'o', 'u':
		return false
	case 'y':
		return i == 0 || !s.cons(i-1)
	}
	return true
}

// m counts the vowel-consonant sequences in b[:j], Porter's measure.
func (s *stemmer) m() int {
	n, i := 0, 0
	for i < s.j && s.cons(i) {
		i++
	}
	for i < s.j {
		for i < s.j && !s.cons(i) {
			i++
		}
		if i >= s.j {
			break
		}
		for i < s.j && s.cons(i) {
			i++
		}
		n++
	}
	return n
}

// vowelInStem reports whether b[:j] contains a vowel.
func (s *stemmer) vowelInStem() bool {
	for i := 0; i < s.j; i++ {
		if !s.cons(i) {
			return true
		}
	}
	return false
}

// doubleC reports whether b[i-1:i+1] is a double consonant.
func (s *stemmer) doubleC(i int) bool {
	return i >= 1 && s.b[i] == s.b[i-1] && s.cons(i)
}

// cvc reports whether b[i-2:i+1] is consonant-vowel-consonant and the last
// is not w, x or y: "hop" (hope), not "snow".
func (s *stemmer) cvc(i int) bool {
	if i < 2 || !s.cons(i) || s.cons(i-1) || !s.cons(i-2) {
		return false
	}
	c := s.b[i]
	return c != 'w' && c != 'x' && c != 'y'
}

// ends reports whether the word ends with suffix and sets j before it.
func (s *stemmer) ends(suffix string) bool {
	n := len(suffix)
	if n > len(s.b) || string(s.b[len(s.b)-n:]) != suffix {
		return false
	}
	s.j = len(s.b) - n
	return true
}

// setTo replaces the suffix b[j:] with r.
func (s *stemmer) setTo(r string) { s.b = append(s.b[:s.j], r...) }

// replace replaces the suffix with r when the stem's measure is above 0.
func (s *stemmer) replace(r string) {
	if s.m() > 0 {
		s.setTo(r)
	}
}

func (s *stemmer) step1a() {
	switch {
	case s.ends("sses"):
		s.setTo("ss")
	case s.ends("ies"):
		s.setTo("i")
	case s.ends("ss"):
	case s.ends("s"):
		s.setTo("")
	}
}

func (s *stemmer) step1b() {
	if s.ends("eed") {
		if s.m() > 0 {
			s.setTo("ee")
		}
		return
	}
	if !(s.ends("ed") || s.ends("ing")) || !s.vowelInStem() {
		return
	}
	s.setTo("")
	s.j = len(s.b)
	switch {
	case s.ends("at"):
		s.setTo("ate")
	case s.ends("bl"):
		s.setTo("ble")
	case s.ends("iz"):
		s.setTo("ize")
	case s.doubleC(len(s.b) - 1):
		if c := s.b[len(s.b)-1]; c != 'l' && c != 's' && c != 'z' {
			s.b = s.b[:len(s.b)-1]
		}
	default:
		s.j = len(s.b)
		if s.m() == 1 && s.cvc(len(s.b)-1) {
			s.b = append(s.b, 'e')
		}
	}
}

func (s *stemmer) step1c() {
	if s.ends("y") && s.vowelInStem() {
		s.b[len(s.b)-1] = 'i'
	}
}

// step2Suffixes maps double suffixes to single ones, in Porter's order.
var step2Suffixes = [][2]string{
	{"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"},
	{"izer", "ize"}, {"bli", "ble"}, {"alli", "al"}, {"entli", "ent"},
	{"eli", "e"}, {"ousli", "ous"}, {"ization", "ize"}, {"ation", "ate"},
	{"ator", "ate"}, {"alism", "al"}, {"iveness", "ive"}, {"fulness", "ful"},
	{"ousness", "ous"}, {"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"},
	{"logi", "log"},
}

var step3Suffixes = [][2]string{
	{"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"},
	{"ical", "ic"}, {"ful", ""}, {"ness", ""},
}

var step4Suffixes = []string{
	"al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment",
	"ent", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize",
}

func (s *stemmer) step2() { s.mapSuffix(step2Suffixes) }

func (s *stemmer) step3() { s.mapSuffix(step3Suffixes) }

// mapSuffix replaces the longest matching suffix of the table, when the
// stem before it has a measure above 0. The tables list no suffix that is
// a suffix of an earlier one, so the first match is the longest.
func (s *stemmer) mapSuffix(table [][2]string) {
	for _, p := range table {
		if s.ends(p[0]) {
			s.replace(p[1])
			return
		}
	}
}

func (s *stemmer) step4() {
	best := -1
	for i, suf := range step4Suffixes {
		if s.ends(suf) && (best < 0 || len(suf) > len(step4Suffixes[best])) {
			best = i
		}
	}
	if best < 0 {
		return
	}
	s.ends(step4Suffixes[best])
	if step4Suffixes[best] == "ion" && (s.j == 0 || (s.b[s.j-1] != 's' && s.b[s.j-1] != 't')) {
		return
	}
	if s.m() > 1 {
		s.setTo("")
	}
}

func (s *stemmer) step5() {
	s.j = len(s.b)
	if s.ends("e") {
		if a := s.m(); a > 1 || a == 1 && !s.cvc(s.j-1) {
			s.b = s.b[:s.j]
		}
	}
	s.j = len(s.b)
	if s.b[len(s.b)-1] == 'l' && s.doubleC(len(s.b)-1) && s.m() > 1 {
		s.b = s.b[:len(s.b)-1]
	}
}
