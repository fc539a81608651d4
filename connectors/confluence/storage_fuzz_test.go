package confluence

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"deskpilot/retrieval"
)

// FuzzStorageHTML checks the rewriting of storage format into HTML: any
// body gives valid UTF-8 of a size linear in its own, whose cleaned text
// never carries a script, even one planted ahead of the body, nor the
// body of a raw HTML macro.
func FuzzStorageHTML(f *testing.F) {
	f.Add(seedStorage)
	f.Add(`<ac:link><ri:url ri:value="https://example.com"/><ac:plain-text-link-body><![CDATA[x]]></ac:plain-text-link-body></ac:link>`)
	f.Add(`<ac:structured-macro ac:name="expand"><ac:parameter ac:name="title">T &amp; U</ac:parameter><ac:rich-text-body>` +
		`<ac:structured-macro ac:name="noformat"><ac:plain-text-body><![CDATA[]]]]><![CDATA[>]]></ac:plain-text-body></ac:structured-macro>`)
	f.Add(strings.Repeat(`<ac:task>`, 200) + "deep" + strings.Repeat(`</ac:layout-cell>`, 3))
	f.Fuzz(func(t *testing.T, storage string) {
		got := storageHTML(storage)
		if utf8.ValidString(storage) && !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 out of %q", storage)
		}
		// Text is escaped (a quote becomes five bytes) and each open
		// element closes: "<ac:task>" (9 bytes) becomes "<li></li>".
		if len(got) > 5*len(storage)+64 {
			t.Fatalf("%d bytes of storage became %d bytes of HTML", len(storage), len(got))
		}
		if strings.Contains(storage, "qqSCRIPTqq") || strings.Contains(storage, "qqMACROqq") {
			return
		}
		planted := `<script>qqSCRIPTqq</script><ac:structured-macro ac:name="html"><ac:plain-text-body><![CDATA[qqMACROqq]]></ac:plain-text-body></ac:structured-macro>`
		text := retrieval.CleanText(storageHTML(planted+storage), retrieval.FormatHTML)
		if strings.Contains(text, "qqSCRIPTqq") || strings.Contains(text, "qqMACROqq") {
			t.Fatalf("script or raw HTML macro kept in %q", text)
		}
	})
}

// TestStorageHTMLDeepNesting: writing FuzzStorageHTML showed each token
// scanning all the open elements, so that a body of 300 KB nested 40,000
// deep took 16 s. It must take time linear in the body: the test binary's
// timeout catches a quadratic one, which takes hours over these bodies.
func TestStorageHTMLDeepNesting(t *testing.T) {
	const n = 300000
	tests := []struct{ body, want string }{
		{strings.Repeat("<ac:task>a", n) + strings.Repeat("</ac:nope>", n), strings.Repeat("<li>a", n) + strings.Repeat("</li>", n)},
		{strings.Repeat(`<ac:structured-macro ac:name="info"><ac:link>`, n/3) + strings.Repeat("</ac:structured-macro>", n/3),
			strings.Repeat("<div>", n/3) + strings.Repeat("</div>", n/3)},
	}
	for i, tt := range tests {
		if got := storageHTML(tt.body); got != tt.want {
			t.Errorf("body %d: %d bytes of HTML, want %d", i, len(got), len(tt.want))
		}
	}
}

// BenchmarkStorageHTML: nesting ten times deeper should cost about ten
// times more.
func BenchmarkStorageHTML(b *testing.B) {
	for _, depth := range []int{10000, 100000} {
		body := strings.Repeat("<ac:task>a", depth) + strings.Repeat("</ac:nope>", depth)
		b.Run("nested "+strconv.Itoa(depth), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				storageHTML(body)
			}
		})
	}
}
