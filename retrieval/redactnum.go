package retrieval

import (
	"net/netip"
	"strings"
)

// The scanners below start only where a token starts (after a character
// that cannot be part of it) and jump past what they read, so each byte is
// looked at a bounded number of times.

// ibanLengths are the lengths of the IBANs of the countries that use them
// most; a candidate must have its country's length, which with the mod 97
// check leaves next to no false positives.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
	"CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FO": 18,
	"FR": 27, "GB": 22, "GI": 23, "GL": 18, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IL": 23,
	"IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "ME": 22, "MT": 31,
	"NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "RS": 22, "SA": 24, "SE": 24, "SI": 19,
	"SK": 24, "SM": 27, "TN": 24, "TR": 26, "UA": 29,
}

// appendIBANs finds IBANs, printed in groups of four or in one piece, in
// either case. The country's IBAN length says where one ends.
func appendIBANs(spans []piiSpan, text string) []piiSpan {
	for i := 0; i+4 <= len(text); i++ {
		if !isAlpha(text[i]) || !isAlpha(text[i+1]) || !isDigit(text[i+2]) || !isDigit(text[i+3]) ||
			(i > 0 && isAlnum(text[i-1])) {
			continue
		}
		want, ok := ibanLengths[string([]byte{upperASCII(text[i]), upperASCII(text[i+1])})]
		if !ok {
			continue
		}
		var compact [34]byte
		n, end := 0, i
		for end < len(text) && n < want {
			switch c := text[end]; {
			case isAlnum(c):
				compact[n] = upperASCII(c)
				n++
			case c == ' ' && end+1 < len(text) && isAlnum(text[end+1]) && n > 0:
			default:
				want = -1 // stop: too short
			}
			if want < 0 {
				break
			}
			end++
		}
		if n != want || (end < len(text) && isAlnum(text[end])) || !ibanChecksumOK(compact[:n]) {
			continue
		}
		spans = append(spans, piiSpan{i, end, piiIBAN})
		i = end
	}
	return spans
}

func upperASCII(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// ibanChecksumOK applies ISO 13616: move the first four characters to the
// end, read letters as 10..35, and the number mod 97 must be 1.
func ibanChecksumOK(iban []byte) bool {
	rem := 0
	for k := range iban {
		c := iban[(k+4)%len(iban)]
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A'+10)) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// appendCards finds payment card numbers: 13 to 19 digits, optionally in
// groups, starting like a card of a real network and passing Luhn. When a
// number runs on into another one, shorter readings are tried too.
func appendCards(spans []piiSpan, text string) []piiSpan {
	for i := 0; i < len(text); i++ {
		if !isDigit(text[i]) || idPrefixed(text, i) || midRun(text, i) {
			continue
		}
		// Read at most 19 digits, single spaces or dashes between them.
		end, digits := i, 0
		for end < len(text) && digits < 19 {
			if isDigit(text[end]) {
				digits++
				end++
			} else if (text[end] == ' ' || text[end] == '-') && end+1 < len(text) && isDigit(text[end+1]) {
				end++
			} else {
				break
			}
		}
		if digits < 13 {
			i = end
			continue
		}
		cand := text[i:end]
		for cut := len(cand); cut > 0; cut = strings.LastIndexAny(cand[:cut], " -") {
			if (i+cut == len(text) || !isAlnum(text[i+cut])) && isCardNumber(cand[:cut]) {
				spans = append(spans, piiSpan{i, i + cut, piiCard})
				break
			}
		}
		i = end
	}
	return spans
}

func isCardNumber(s string) bool {
	var digits []byte
	seps := ""
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			digits = append(digits, c)
		} else if !strings.ContainsRune(seps, rune(c)) {
			seps += string(c)
		}
	}
	if len(digits) < 13 || len(digits) > 19 || len(seps) > 1 || digits[0] < '2' || digits[0] > '6' {
		return false
	}
	sum := 0
	for i := range digits {
		d := int(digits[len(digits)-1-i] - '0')
		if i%2 == 1 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// appendIPv4 finds IPv4 addresses (with an optional /prefix) that are not
// parts of longer dotted numbers or version strings.
func appendIPv4(spans []piiSpan, text string) []piiSpan {
	for i := 0; i < len(text); i++ {
		if !isDigit(text[i]) || (i > 0 && (isAlnum(text[i-1]) || text[i-1] == '.' || text[i-1] == '_')) {
			continue
		}
		end := i
		for end < len(text) && (isDigit(text[end]) || text[end] == '.' || text[end] == '/') {
			end++
		}
		tok := strings.TrimRight(text[i:end], "./") // a sentence may end right after it
		next := i + len(tok)
		addr, prefix, hasPrefix := strings.Cut(tok, "/")
		if strings.Count(addr, ".") != 3 { // most numbers: skip the parser's error
			i = end
			continue
		}
		ip, err := netip.ParseAddr(addr)
		switch {
		case err != nil || !ip.Is4():
		case hasPrefix && (len(prefix) == 0 || len(prefix) > 2 || strings.Contains(prefix, "/")):
		case next < len(text) && (isAlnum(text[next]) || text[next] == '_'):
		case precededBy(text, i, "version", "ver", "v", "build", "firmware", "release"):
		default:
			spans = append(spans, piiSpan{i, next, piiIP})
		}
		i = end
	}
	return spans
}

// appendIPv6 finds IPv6 addresses. Any run of hex digits and colons is a
// candidate; netip decides, which rules out times ("10:30:45"), MAC
// addresses and C++ scopes ("std::string").
func appendIPv6(spans []piiSpan, text string) []piiSpan {
	for i := 0; i < len(text); i++ {
		if !isHexOrColon(text[i]) || (i > 0 && (isAlnum(text[i-1]) || strings.IndexByte("_.:", text[i-1]) >= 0)) {
			continue
		}
		end := i
		for end < len(text) && (isHexOrColon(text[end]) || text[end] == '.') {
			end++
		}
		if end < len(text) && text[end] == '%' { // zone: fe80::1%eth0
			z := end + 1
			for z < len(text) && isAlnum(text[z]) {
				z++
			}
			if z > end+1 {
				end = z
			}
		}
		cand := strings.TrimRight(text[i:end], ".")
		stop := i + len(cand)
		if strings.Count(cand, ":") >= 2 && strings.ContainsAny(cand, "0123456789abcdefABCDEF") &&
			(stop == len(text) || !(isAlnum(text[stop]) || text[stop] == '_')) {
			if ip, err := netip.ParseAddr(cand); err == nil && ip.Is6() {
				spans = append(spans, piiSpan{i, stop + prefixLen(text[stop:], 3), piiIP})
			}
		}
		i = max(end-1, i)
	}
	return spans
}

// prefixLen returns the length of a network prefix ("/64") opening s, of
// at most maxDigits digits, or 0.
func prefixLen(s string, maxDigits int) int {
	if len(s) < 2 || s[0] != '/' {
		return 0
	}
	n := 1
	for n < len(s) && n <= maxDigits && isDigit(s[n]) {
		n++
	}
	if n == 1 || n > maxDigits+1 || n < len(s) && isAlnum(s[n]) {
		return 0
	}
	return n
}

func isHexOrColon(c byte) bool {
	return c == ':' || isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// idPrefixed reports whether the number at text[i] belongs to an
// identifier: "KB-0042", "INC-12", "#1234", "0x8007".
func idPrefixed(text string, i int) bool {
	if i == 0 {
		return false
	}
	p := text[i-1]
	switch {
	case isAlnum(p) || p == '_' || p == '#' || p == '/' || p == '\\' || p == '=' || p == '@':
		return true
	case p == '-' && i >= 2 && (isAlnum(text[i-2]) || text[i-2] == '_'):
		return true
	}
	return false
}

// precededBy reports whether one of words (lower case) ends just before
// text[i], separated by spaces or nothing.
func precededBy(text string, i int, words ...string) bool {
	j := i
	for j > 0 && (text[j-1] == ' ' || text[j-1] == ':') {
		j--
	}
	before := text[max(0, j-12):j]
	for _, w := range words {
		if len(before) >= len(w) && strings.EqualFold(before[len(before)-len(w):], w) {
			k := len(before) - len(w)
			if k == 0 || !isAlpha(before[k-1]) {
				return true
			}
		}
	}
	return false
}
