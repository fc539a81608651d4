package retrieval

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRedact checks Redact on any text: valid UTF-8 stays valid, the
// output grows at most by the placeholders' length over the shortest
// items they replace, nothing changes without a count, and an e-mail
// address planted between the fuzzer's words is always gone.
func FuzzRedact(f *testing.F) {
	for _, ex := range redactExamples {
		f.Add(ex.text, "", "marie.dupont", "example.com")
	}
	f.Add("Hi Marie,\n\nmy laptop on 192.168.1.10", "Thanks,\nJean Martin", "j.smith+it", "sub.example.co.uk")
	f.Add("see http://x.example/", "www.example.com/a", "a", "b.io")
	f.Add("card 4111 1111 1111 1111 or", "FR76 3000 6000 0112 3456 7890 189", "x_y%z", "e-f.org")
	f.Fuzz(func(t *testing.T, before, after, local, domain string) {
		for _, s := range []string{before, before + after} {
			got, counts := Redact(s)
			if counts.Total() == 0 && got != s {
				t.Fatalf("text changed without a count: %q -> %q", s, got)
			}
			if utf8.ValidString(s) && !utf8.ValidString(got) {
				t.Fatalf("invalid UTF-8 out of %q: %q", s, got)
			}
			if len(got) > 4*len(s)+8 {
				t.Fatalf("%d bytes grew to %d: %q", len(s), len(got), s)
			}
		}
		addr := plantableEmail(local, domain)
		text := before + " " + addr + " " + after
		got, counts := Redact(text)
		if strings.Contains(got, addr) || counts.Email == 0 {
			t.Fatalf("address %q kept in %q (counts %+v)", addr, got, counts)
		}
	})
}

// plantableEmail makes an address out of the fuzzer's strings: a local
// part and domain labels of the characters addresses are written with,
// and a top-level domain of letters.
func plantableEmail(local, domain string) string {
	keep := func(s, extra string) string {
		return strings.Map(func(r rune) rune {
			if r < utf8.RuneSelf && (isAlnum(byte(r)) || strings.ContainsRune(extra, r)) {
				return r
			}
			return -1
		}, s)
	}
	local = "u" + keep(local, "._%+-")
	labels := strings.Split(keep(domain, ".-"), ".")
	tld := keep(labels[len(labels)-1], "")
	if len(tld) < 2 || strings.IndexFunc(tld, func(r rune) bool { return !isAlpha(byte(r)) }) >= 0 {
		tld = "com"
	}
	host := "d"
	for _, l := range labels[:len(labels)-1] {
		host += ".x" + l // a label starts with a letter or digit
	}
	return local + "@" + host + "." + tld
}
