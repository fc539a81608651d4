package indextest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"deskpilot/retrieval"
)

// lexicalFilterCorpus returns chunks that all mention a laptop, with
// kinds, visibilities, sources, languages and times varying at different
// rates, two chunks a document, one document an hour.
func lexicalFilterCorpus() []retrieval.Chunk {
	sources := []string{"zendesk", "confluence", "sharepoint"}
	langs := []string{"en", "fr", "de", ""}
	texts := map[string]string{
		"en": "The laptop does not wake from sleep when the lid opens.",
		"fr": "Le laptop ne sort pas de veille quand on ouvre l'écran.",
		"de": "Der Laptop wacht nicht aus dem Ruhezustand auf.",
		"":   "laptop sleep lid",
	}
	var chunks []retrieval.Chunk
	for i := range 32 {
		doc := int64(i/2 + 1)
		lang := langs[i%len(langs)]
		c := lexicalChunk(doc, i%2, lang, []string{"Laptop"}, texts[lang])
		if doc%4 == 0 {
			c.Kind = retrieval.KindTicket
		}
		if doc%3 == 0 {
			c.Visibility = retrieval.Internal
		}
		c.Source = sources[i%len(sources)]
		c.CreatedAt = lexicalT0.Add(time.Duration(doc) * time.Hour)
		chunks = append(chunks, c)
	}
	return chunks
}

// lexicalAllowed returns the keys of the chunks f allows, sorted.
func lexicalAllowed(chunks []retrieval.Chunk, f retrieval.Filter) []retrieval.ChunkKey {
	var keys []retrieval.ChunkKey
	for i := range chunks {
		if f.Allows(&chunks[i]) {
			keys = append(keys, chunks[i].Key())
		}
	}
	slices.Sort(keys)
	return keys
}

func lexicalFilters(t *testing.T, ix retrieval.LexicalIndex) {
	chunks := lexicalFilterCorpus()
	lexicalUpsert(t, ix, chunks)
	article := func(id int64) retrieval.DocRef { return retrieval.DocRef{Kind: retrieval.KindArticle, ID: id} }
	tests := []struct {
		name string
		f    retrieval.Filter
	}{
		{"none", retrieval.Filter{}},
		{"kinds", retrieval.Filter{Kinds: []retrieval.Kind{retrieval.KindTicket}}},
		{"both kinds", retrieval.Filter{Kinds: []retrieval.Kind{retrieval.KindTicket, retrieval.KindArticle}}},
		{"visibility", retrieval.Filter{Visibility: []retrieval.Visibility{retrieval.Public}}},
		{"sources", retrieval.Filter{Sources: []string{"zendesk", "sharepoint"}}},
		{"unknown source", retrieval.Filter{Sources: []string{"jira"}}},
		{"languages", retrieval.Filter{Languages: []string{"fr"}}},
		{"no language", retrieval.Filter{Languages: []string{"de", ""}}},
		{"as of", retrieval.Filter{AsOf: lexicalT0.Add(5 * time.Hour)}},
		{"exclude", retrieval.Filter{Exclude: []retrieval.DocRef{article(1), article(2), {Kind: retrieval.KindTicket, ID: 4}}}},
		{"exclude other kind", retrieval.Filter{Exclude: []retrieval.DocRef{{Kind: retrieval.KindTicket, ID: 1}}}},
		{"all at once", retrieval.Filter{
			Kinds: []retrieval.Kind{retrieval.KindArticle}, Visibility: []retrieval.Visibility{retrieval.Internal},
			Sources: []string{"zendesk", "confluence"}, AsOf: lexicalT0.Add(13 * time.Hour), Exclude: []retrieval.DocRef{article(3)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lexicalKeys(lexicalSearch(t, ix, "laptop", "", 100, tt.f))
			slices.Sort(got)
			if want := lexicalAllowed(chunks, tt.f); !slices.Equal(got, want) {
				t.Errorf("got %v\nwant %v", got, want)
			}
		})
	}
}

func lexicalAsOf(t *testing.T, ix retrieval.LexicalIndex) {
	chunks := lexicalFilterCorpus()
	lexicalUpsert(t, ix, chunks)
	at := chunks[6].CreatedAt // document 4
	tests := []struct {
		name string
		asOf time.Time
	}{
		{"at a creation time", at},
		{"a microsecond later", at.Add(time.Microsecond)},
		{"a microsecond earlier", at.Add(-time.Microsecond)},
		{"another zone", at.In(time.FixedZone("EST", -5*3600))},
		{"before everything", lexicalT0},
		{"far future", time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"far past", time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := retrieval.Filter{AsOf: tt.asOf}
			got := lexicalKeys(lexicalSearch(t, ix, "laptop", "", 100, f))
			slices.Sort(got)
			if want := lexicalAllowed(chunks, f); !slices.Equal(got, want) {
				t.Errorf("got %v\nwant %v", got, want)
			}
		})
	}
}

// lexicalFilteredK checks that filters are applied inside the search: a
// filtered search returns k results even when many better matches are
// filtered out.
func lexicalFilteredK(t *testing.T, ix retrieval.LexicalIndex) {
	const strong, weak, k = 80, 15, 10
	filler := strings.Repeat("The asset register was reconciled with the purchase orders. ", 4)
	var chunks []retrieval.Chunk
	var strongDocs []retrieval.DocRef
	for i := range strong {
		c := lexicalChunk(int64(i+1), 0, "en", []string{"Password reset"}, "Password reset: reset the password in the portal.")
		c.CreatedAt = lexicalT0.Add(time.Hour)
		chunks = append(chunks, c)
		strongDocs = append(strongDocs, retrieval.DocRef{Kind: c.Kind, ID: c.DocumentID})
	}
	for i := range weak {
		c := lexicalChunk(int64(1000+i), 0, "en", []string{"Assets"}, filler+"A password was mentioned once.")
		c.Visibility, c.Source = retrieval.Internal, "itsm"
		chunks = append(chunks, c)
	}
	lexicalUpsert(t, ix, chunks)
	tests := []struct {
		name string
		f    retrieval.Filter
	}{
		{"visibility", retrieval.Filter{Visibility: []retrieval.Visibility{retrieval.Internal}}},
		{"source", retrieval.Filter{Sources: []string{"itsm"}}},
		{"as of", retrieval.Filter{AsOf: lexicalT0.Add(time.Minute)}},
		{"exclude", retrieval.Filter{Exclude: strongDocs}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lexicalSearch(t, ix, "password reset", "en", k, tt.f)
			if len(got) != k {
				t.Fatalf("got %d results, want %d", len(got), k)
			}
			for _, m := range got {
				if !slices.Contains(lexicalAllowed(chunks, tt.f), m.Key) {
					t.Errorf("result %s not allowed by the filter", m.Key)
				}
			}
		})
	}
}

// lexicalHostile checks that user text is never parsed as query syntax:
// no error, and the words still count.
func lexicalHostile(t *testing.T, ix retrieval.LexicalIndex) {
	foo := lexicalChunk(1, 0, "en", []string{"Services"}, "The foo service restarts nightly.")
	lexicalUpsert(t, ix, append(lexicalKB(), foo))
	words := strings.Fields("printer vpn password mailbox calendar réseau imprimante token proxy dns")
	var long strings.Builder
	for i := 0; long.Len() < 10<<10; i++ {
		long.WriteString(words[i%len(words)] + " ")
	}
	queries := []string{
		`title:foo AND -bar "unclosed`, `*`, `~~~`, `?`, `\`, `(((`, `)]}`, `{"match_all":{}}`,
		`+foo -foo`, `foo^100`, `/fo.*/`, `text:*`, `_id:article:1:0`, `NOT OR AND`, ``, "   \t\n",
		"\x00\xff\xfe invalid utf-8", "foo\u200bbar", strings.Repeat("a", 10<<10), long.String(),
	}
	for _, q := range queries {
		for _, lang := range []string{"", "en", "fr", "xx"} {
			_ = lexicalSearch(t, ix, q, lang, 5, retrieval.Filter{Sources: []string{"kb"}})
		}
	}
	lexicalFinds(t, ix, `title:foo AND -bar "unclosed`, "en", foo.Key(), true)
	lexicalFinds(t, ix, `foo^100`, "", foo.Key(), true)
}
