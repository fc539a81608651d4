package retrieval

import (
	"bytes"
	"strings"
)

// Phone numbers are found by a scanner rather than one pattern: it reads a
// run of digit groups with their separators, then accepts the longest
// prefix of groups shaped like a phone number. Shapes, not digit counts,
// tell "06 12 34 56 78" from "2025-03-04" or "1 234 567".

// maxPhoneGroups bounds the groups read at one place, so the scan stays
// linear on long runs of numbers.
const maxPhoneGroups = 8

type phoneCand struct {
	intl   bool                 // starts with "+" or "00"
	paren  bool                 // an area code in parentheses
	n      int                  // groups read
	first  [maxPhoneGroups]byte // first digit of each group
	from   [maxPhoneGroups]int
	to     [maxPhoneGroups]int
	sep    [maxPhoneGroups]byte // separator before group k (0: none)
	digits [maxPhoneGroups]int  // digits up to and including group k
}

// phoneWords announce a phone number; with one of them just before, looser
// shapes are accepted.
var phoneWords = []string{
	"tel", "tél", "phone", "mobile", "portable", "cell", "call", "appel", "appeler", "joindre",
	"fax", "gsm", "handy", "telefon", "telefono", "teléfono", "telemóvel", "telefoon", "whatsapp", "sms",
}

// idWords announce a number that is not a phone number.
var idWords = []string{
	"ticket", "incident", "case", "order", "ref", "reference", "invoice", "serial", "sn", "id",
	"kb", "build", "version", "port", "error", "code", "pid", "po", "no", "nr", "n°", "dossier",
	"commande", "facture", "demande", "bestellung", "rechnung",
}

// appendPhones scans for phone numbers. Starts inside identifiers
// ("KB-0042") or inside a run of digit groups are skipped.
func appendPhones(spans []piiSpan, text string) []piiSpan {
	for i := 0; i < len(text); {
		c := text[i]
		if !(isDigit(c) || c == '+' || c == '(') || idPrefixed(text, i) || midRun(text, i) {
			i++
			continue
		}
		var p phoneCand
		next := readPhone(text, i, &p)
		if p.n == 0 {
			i = next
			continue
		}
		if end := p.longestValid(text, i); end > 0 {
			spans = append(spans, piiSpan{i, end, piiPhone})
			i = end
			continue
		}
		i = max(p.to[0], i+1) // skip the first group and look again
	}
	return spans
}

// midRun reports whether text[i] continues a run of digit groups ("1111"
// in "4111 1111"): a number does not start there.
func midRun(text string, i int) bool {
	return i >= 2 && strings.IndexByte(" -./", text[i-1]) >= 0 && isDigit(text[i-2])
}

// readPhone reads up to maxPhoneGroups digit groups from text[i]; it
// returns where scanning should go on if no group was read.
func readPhone(text string, i int, p *phoneCand) int {
	j := i
	if text[j] == '+' {
		p.intl = true
		j++
	}
	for p.n < maxPhoneGroups {
		k, open := j, false
		if k < len(text) && text[k] == '(' {
			open, k = true, k+1
		}
		d := k
		for d < len(text) && isDigit(text[d]) {
			d++
		}
		if d == k {
			break
		}
		if open {
			if d >= len(text) || text[d] != ')' {
				break
			}
			p.paren = true
		}
		p.from[p.n], p.to[p.n] = j, d+boolInt(open)
		p.first[p.n] = text[k]
		p.digits[p.n] = d - k
		if p.n > 0 {
			p.digits[p.n] += p.digits[p.n-1]
		}
		p.n++
		j = p.to[p.n-1]
		sep, after := phoneSep(text, j)
		// No separator is fine only around a parenthesised group: "(0)6".
		if after == j && !(j < len(text) && (text[j] == '(' || open && isDigit(text[j]))) {
			break
		}
		if p.n < maxPhoneGroups {
			p.sep[p.n] = sep
		}
		j = after
	}
	if p.n > 0 && strings.HasPrefix(text[p.from[0]:], "00") {
		p.intl = true // 0033 6 12 34 56 78
	}
	return max(j, i+1)
}

// phoneSep reads the separator after a group: one of " -./", possibly
// with spaces around a dash. after == j when there is none.
func phoneSep(text string, j int) (sep byte, after int) {
	k := j
	for k < len(text) && k-j < 3 && (text[k] == ' ' || text[k] == '-' || text[k] == '.' || text[k] == '/') {
		k++
	}
	s := strings.TrimSpace(text[j:k])
	switch {
	case k == j:
		return 0, j
	case s == "":
		sep = ' '
	case len(s) == 1:
		sep = s[0]
	default:
		return 0, j
	}
	if k < len(text) && (isDigit(text[k]) || text[k] == '(') {
		return sep, k
	}
	return 0, j
}

// longestValid returns the end of the longest prefix of groups that reads
// as a phone number, or 0.
func (p *phoneCand) longestValid(text string, start int) int {
	context, known := 0, false // the words before are read only if needed
	ctx := func() int {
		if !known {
			context, known = phoneContext(text, start), true
		}
		return context
	}
	for k := p.n; k >= 1; k-- {
		end := p.to[k-1]
		if !phoneEndOK(text, end) {
			continue
		}
		if k >= 2 && k < p.n && p.sep[k] == p.sep[1] && p.size(k) == p.size(k-1) {
			continue // cut inside a run of like groups: a longer number
		}
		if p.shapeOK(k, 0) && ctx() >= 0 || p.shapeOK(k, 1) && ctx() > 0 {
			return end
		}
	}
	return 0
}

// phoneEndOK rejects numbers that go on as something else: a word, a
// decimal or version part, a time, a range.
func phoneEndOK(text string, end int) bool {
	if end >= len(text) {
		return true
	}
	c := text[end]
	if isAlnum(c) || c == '_' || c >= 0x80 && !strings.HasPrefix(text[end:], "\u00a0") {
		return false
	}
	if strings.IndexByte(".,:/-", c) >= 0 && end+1 < len(text) && isDigit(text[end+1]) {
		return false
	}
	return c != '%'
}

// phoneContext is +1 after a phone word, -1 after an identifier word.
func phoneContext(text string, start int) int {
	j := start
	for j > 0 && strings.IndexByte(" :.#°\t(", text[j-1]) >= 0 {
		j--
	}
	var buf [24]byte // lower-cased window, no allocation
	window := buf[:copy(buf[:], text[max(0, j-24):j])]
	for k, c := range window {
		window[k] = lowerASCII(c)
	}
	for _, w := range phoneWords {
		if bytes.Contains(window, []byte(w)) {
			return 1
		}
	}
	if precededBy(text, start, idWords...) {
		return -1
	}
	return 0
}

// shapeOK judges the first k groups.
func (p *phoneCand) shapeOK(k, context int) bool {
	d := p.digits[k-1]
	if context < 0 || d > 15 || k >= 2 && p.digits[k-1]-p.digits[k-2] < 2 {
		return false // a lone last digit is a count that follows the number
	}
	if context > 0 && d >= 7 {
		return true
	}
	switch {
	case p.intl:
		return d >= 8 && (k > 1 || d >= 10)
	case p.paren && k >= 2:
		return d >= 9 && d <= 12
	case k == 1:
		// One block of digits: only the national form with a trunk 0
		// ("0612345678") is common enough to take without a phone word.
		return d == 10 && p.first[0] == '0'
	case k == 2:
		// Area code and number: "030 12345678".
		a := p.digits[0]
		return p.first[0] == '0' && a >= 2 && a <= 5 && d-a >= 5 && d >= 9 && d <= 12
	}
	return d >= 9 && d <= 12 && p.groupsOK(k)
}

// groupsOK checks the groups of a number written with separators: one
// kind of separator, then the groups of real numbering plans: after the
// first, either all pairs ("06 12 34 56 78", "0475 12 34 56") or groups
// that never shrink ("555-123-4567", "06 1234 5678"). It refuses the 3-3-3
// grouping of amounts and a year followed by a month.
func (p *phoneCand) groupsOK(k int) bool {
	sep := p.sep[1]
	pairs, growing, thousands := true, true, p.digits[0] <= 3
	prev := 0
	for g := 1; g < k; g++ {
		n := p.digits[g] - p.digits[g-1]
		if p.sep[g] != sep || n < 2 || n > 4 {
			return false
		}
		pairs = pairs && n == 2
		growing = growing && n >= prev
		thousands = thousands && n == 3
		prev = n
	}
	if p.digits[0] == 4 && (p.first[0] == '1' || p.first[0] == '2') && p.digits[1]-p.digits[0] == 2 {
		return false // 2025 03 04 10: a date and a time
	}
	return (pairs || growing) && !(thousands && (sep == ' ' || sep == '.'))
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// size is the number of digits of group g.
func (p *phoneCand) size(g int) int {
	if g == 0 {
		return p.digits[0]
	}
	return p.digits[g] - p.digits[g-1]
}
