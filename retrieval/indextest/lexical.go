package indextest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskpilot/retrieval"
)

// RunLexical runs the contract suite of retrieval.LexicalIndex; newIndex
// returns an empty index, closed by the caller's cleanup.
//
// The suite holds an index to what a help desk needs of full-text search:
// words found in a chunk's text and heading path, English and French
// stemming, accents ignored, every Filter field applied inside the search,
// user text that is never query syntax. Times are compared at microsecond
// precision, the finest PostgreSQL keeps.
func RunLexical(t *testing.T, newIndex func(t *testing.T) retrieval.LexicalIndex) {
	tests := []struct {
		name string
		fn   func(t *testing.T, ix retrieval.LexicalIndex)
	}{
		{"TextAndHeading", lexicalTextAndHeading},
		{"BestFirst", lexicalBestFirst},
		{"EnglishStemming", lexicalEnglish},
		{"FrenchStemming", lexicalFrench},
		{"AccentFolding", lexicalAccents},
		{"WrongQueryLanguage", lexicalWrongLanguage},
		{"Filters", lexicalFilters},
		{"AsOfStrictlyBefore", lexicalAsOf},
		{"FilteredSearchReturnsK", lexicalFilteredK},
		{"DeleteDocument", lexicalDelete},
		{"UpsertReplaces", lexicalUpsertReplaces},
		{"ChunksRoundTrip", lexicalChunksRoundTrip},
		{"HostileQueries", lexicalHostile},
		{"Count", lexicalCount},
		{"Empty", lexicalEmpty},
		{"CancelledUpsert", lexicalCancelled},
		{"ConcurrentSearchUpsert", lexicalConcurrent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newIndex(t)) })
	}
}

// lexicalT0 has microseconds, so that an index keeping only seconds fails.
var lexicalT0 = time.Date(2025, 3, 4, 5, 6, 7, 123456000, time.UTC)

// lexicalChunk returns chunk ord of an article with the metadata filters
// need set to defaults the tests override.
func lexicalChunk(docID int64, ord int, lang string, heading []string, text string) retrieval.Chunk {
	return retrieval.Chunk{
		Kind: retrieval.KindArticle, DocumentID: docID, Ordinal: ord,
		ExternalID: fmt.Sprintf("KB%04d", docID), URL: fmt.Sprintf("https://kb.example.com/%d", docID),
		Heading: heading, Text: text, Visibility: retrieval.Public, Language: lang,
		Source: "kb", CreatedAt: lexicalT0,
	}
}

// lexicalKB is a small knowledge base in English and French.
func lexicalKB() []retrieval.Chunk {
	return []retrieval.Chunk{
		lexicalChunk(1, 0, "en", []string{"Printing", "Add a network printer"},
			"Open Settings, choose Devices, then add the printer by its queue name."),
		lexicalChunk(2, 0, "en", []string{"VPN", "Connection drops"},
			"If the tunnel disconnects every few minutes, update the client and disable power saving on Wi-Fi."),
		lexicalChunk(3, 0, "en", []string{"Accounts", "Password reset"},
			"Use the self-service portal to reset a forgotten password; the user's manager approves the request."),
		lexicalChunk(4, 0, "fr", []string{"Impression", "Ajouter une imprimante"},
			"Ouvrez les paramètres, puis ajoutez l'imprimante avec le nom de sa file d'attente."),
		lexicalChunk(5, 0, "fr", []string{"Réseau", "Wi-Fi instable"},
			"Le réseau sans fil se coupe : oubliez le réseau puis reconnectez-vous avec votre badge."),
		lexicalChunk(6, 0, "en", []string{"Mailbox"},
			"Shared mailboxes appear in Outlook after a restart; quotas are raised by the messaging team."),
		lexicalChunk(6, 1, "en", []string{"Mailbox", "Calendar delegation"},
			"Grant a delegate access to the calendar from the sharing permissions dialog."),
	}
}

func lexicalMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func lexicalUpsert(t *testing.T, ix retrieval.LexicalIndex, chunks []retrieval.Chunk) {
	t.Helper()
	lexicalMust(t, ix.Upsert(context.Background(), chunks))
}

func lexicalSearch(t *testing.T, ix retrieval.LexicalIndex, q, lang string, k int, f retrieval.Filter) []retrieval.Match {
	t.Helper()
	got, err := ix.Search(context.Background(), q, lang, k, f)
	if err != nil {
		t.Fatalf("search %.40q (%s): %v", q, lang, err)
	}
	if len(got) > max(k, 0) {
		t.Fatalf("search %.40q: %d results for k=%d", q, len(got), k)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Score > got[i-1].Score {
			t.Fatalf("search %.40q: scores not best first: %v", q, got)
		}
	}
	return got
}

func lexicalKeys(ms []retrieval.Match) []retrieval.ChunkKey {
	keys := make([]retrieval.ChunkKey, len(ms))
	for i, m := range ms {
		keys[i] = m.Key
	}
	return keys
}

// lexicalFinds checks that a search finds want among its first k results
// (want first when first is set).
func lexicalFinds(t *testing.T, ix retrieval.LexicalIndex, q, lang string, want retrieval.ChunkKey, first bool) {
	t.Helper()
	keys := lexicalKeys(lexicalSearch(t, ix, q, lang, 3, retrieval.Filter{}))
	switch {
	case first && (len(keys) == 0 || keys[0] != want):
		t.Errorf("search %q (%q): got %v, want %s first", q, lang, keys, want)
	case !slices.Contains(keys, want):
		t.Errorf("search %q (%q): got %v, want %s among them", q, lang, keys, want)
	}
}

func lexicalTextAndHeading(t *testing.T, ix retrieval.LexicalIndex) {
	kb := lexicalKB()
	lexicalUpsert(t, ix, kb)
	tests := []struct {
		name, query string
		want        retrieval.ChunkKey
	}{
		{"text word", "tunnel", kb[1].Key()},
		{"text words", "self-service portal", kb[2].Key()},
		{"heading word", "delegation", kb[6].Key()},
		{"document title", "accounts", kb[2].Key()},
		{"mixed case", "OUTLOOK", kb[5].Key()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { lexicalFinds(t, ix, tt.query, "en", tt.want, true) })
	}
	if got := lexicalSearch(t, ix, "kubernetes", "en", 5, retrieval.Filter{}); len(got) != 0 {
		t.Errorf("unknown word: got %v, want nothing", got)
	}
}

func lexicalBestFirst(t *testing.T, ix retrieval.LexicalIndex) {
	filler := "The quarterly report lists hardware purchases, desk moves, badge renewals and the canteen menu. "
	chunks := []retrieval.Chunk{
		lexicalChunk(1, 0, "en", []string{"Facilities"}, filler+"A monitor arm was also ordered."),
		lexicalChunk(2, 0, "en", []string{"Monitor flickers"}, "If the monitor flickers, replace the monitor cable and update the display driver."),
		lexicalChunk(3, 0, "en", []string{"Facilities"}, filler+filler+"Nothing else."),
	}
	lexicalUpsert(t, ix, chunks)
	got := lexicalKeys(lexicalSearch(t, ix, "monitor flickers", "en", 10, retrieval.Filter{}))
	want := []retrieval.ChunkKey{chunks[1].Key(), chunks[0].Key()}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func lexicalEnglish(t *testing.T, ix retrieval.LexicalIndex) {
	kb := lexicalKB()
	lexicalUpsert(t, ix, kb)
	tests := []struct {
		name, query, lang string
		want              retrieval.ChunkKey
	}{
		{"plural finds singular", "printers", "en", kb[0].Key()},
		{"verb forms", "disconnecting", "en", kb[1].Key()},
		{"singular finds plural", "quota", "en", kb[5].Key()},
		{"possessive", "user", "en", kb[2].Key()},
		{"detected language", "how do I add printers", "", kb[0].Key()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { lexicalFinds(t, ix, tt.query, tt.lang, tt.want, true) })
	}
}

func lexicalFrench(t *testing.T, ix retrieval.LexicalIndex) {
	kb := lexicalKB()
	lexicalUpsert(t, ix, kb)
	tests := []struct {
		name, query, lang string
		want              retrieval.ChunkKey
	}{
		{"plural finds singular", "imprimantes", "fr", kb[3].Key()},
		{"elision", "l'imprimante", "fr", kb[3].Key()},
		{"capital elision", "L’imprimante", "fr", kb[3].Key()},
		{"elision, undetected", "l'imprimante", "xx", kb[3].Key()},
		{"verb forms", "ajouter", "fr", kb[3].Key()},
		{"detected language", "comment ajouter les imprimantes ?", "", kb[3].Key()},
		{"plural heading", "réseaux", "fr", kb[4].Key()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { lexicalFinds(t, ix, tt.query, tt.lang, tt.want, true) })
	}
}

func lexicalAccents(t *testing.T, ix retrieval.LexicalIndex) {
	kb := lexicalKB()
	extra := lexicalChunk(7, 0, "de", []string{"Drucker"}, "Der Drucker im Büro druckt keine Seiten mehr.")
	plain := lexicalChunk(8, 0, "fr", []string{"Securite"}, "La securite du poste est geree par l'equipe.")
	lexicalUpsert(t, ix, append(kb, extra, plain))
	tests := []struct {
		name, query, lang string
		want              retrieval.ChunkKey
	}{
		{"unaccented query", "reseau", "fr", kb[4].Key()},
		{"unaccented plural", "parametres", "fr", kb[3].Key()},
		{"undetected language", "reseau", "", kb[4].Key()},
		{"accented query, plain text", "sécurité", "fr", plain.Key()},
		{"other language", "buro", "de", extra.Key()},
		{"decomposed accents", "re\u0301seau", "fr", kb[4].Key()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { lexicalFinds(t, ix, tt.query, tt.lang, tt.want, true) })
	}
}

// lexicalWrongLanguage checks that a language hint that does not match
// the chunks (a detector's mistake) does not hide exact word matches.
func lexicalWrongLanguage(t *testing.T, ix retrieval.LexicalIndex) {
	kb := lexicalKB()
	lexicalUpsert(t, ix, kb)
	lexicalFinds(t, ix, "imprimante", "en", kb[3].Key(), true)
	lexicalFinds(t, ix, "tunnel", "fr", kb[1].Key(), true)
	lexicalFinds(t, ix, "printer", "de", kb[0].Key(), true)
}

func lexicalDelete(t *testing.T, ix retrieval.LexicalIndex) {
	kb := lexicalKB()
	lexicalUpsert(t, ix, kb)
	ticket := lexicalChunk(6, 0, "en", []string{"Mailbox full"}, "Outlook says the mailbox is full.")
	ticket.Kind = retrieval.KindTicket // same id as article 6, another document
	lexicalUpsert(t, ix, []retrieval.Chunk{ticket})
	lexicalMust(t, ix.DeleteDocument(context.Background(), retrieval.DocRef{Kind: retrieval.KindArticle, ID: 6}))
	got := lexicalKeys(lexicalSearch(t, ix, "mailbox outlook calendar", "en", 10, retrieval.Filter{}))
	if !slices.Equal(got, []retrieval.ChunkKey{ticket.Key()}) {
		t.Errorf("after delete: got %v, want only %s", got, ticket.Key())
	}
	lexicalWantCount(t, ix, len(kb)-1)
	chunks, err := ix.Chunks(context.Background(), []retrieval.ChunkKey{kb[5].Key(), kb[6].Key()})
	lexicalMust(t, err)
	if chunks[0].Text != "" || chunks[1].Text != "" {
		t.Errorf("deleted chunks still stored: %+v", chunks)
	}
	// Deleting a document that is not there is not an error.
	lexicalMust(t, ix.DeleteDocument(context.Background(), retrieval.DocRef{Kind: retrieval.KindArticle, ID: 999}))
}

func lexicalUpsertReplaces(t *testing.T, ix retrieval.LexicalIndex) {
	kb := lexicalKB()
	lexicalUpsert(t, ix, kb)
	c := kb[1]
	c.Heading = []string{"VPN", "Split tunnel"}
	c.Text = "Routes to the intranet go through the gateway; everything else stays local."
	lexicalUpsert(t, ix, []retrieval.Chunk{c})
	lexicalUpsert(t, ix, []retrieval.Chunk{c, c}) // twice in one call
	if got := lexicalSearch(t, ix, "disconnects power saving", "en", 5, retrieval.Filter{}); len(got) != 0 {
		t.Errorf("old text still found: %v", got)
	}
	got := lexicalSearch(t, ix, "gateway intranet", "en", 5, retrieval.Filter{})
	if !slices.Equal(lexicalKeys(got), []retrieval.ChunkKey{c.Key()}) {
		t.Errorf("new text: got %v, want only %s", got, c.Key())
	}
	lexicalWantCount(t, ix, len(kb))
}

func lexicalChunksRoundTrip(t *testing.T, ix retrieval.LexicalIndex) {
	full := retrieval.Chunk{
		Kind: retrieval.KindTicket, DocumentID: 1 << 40, Ordinal: 3, ExternalID: "ZD-48213",
		URL:     "https://desk.example.com/tickets/48213?tab=reply&lang=fr",
		Heading: []string{"Écran noir après mise à jour", "Étapes « essayées »"},
		Text:    "Line one\n\n```\nC:\\> sfc /scannow\n```\n\tTabbed — 日本語 \"quoted\" <b>not html</b>",
		// A zone other than UTC: the instant must survive, not the zone.
		Visibility: retrieval.Internal, Language: "fr", Source: "zendesk",
		CreatedAt: time.Date(2024, 11, 30, 23, 59, 58, 999999000, time.FixedZone("CET", 3600)),
	}
	bare := retrieval.Chunk{Kind: retrieval.KindArticle, DocumentID: 2, Text: "bare chunk"}
	lexicalUpsert(t, ix, []retrieval.Chunk{full, bare})
	missing := retrieval.KeyOf(retrieval.KindArticle, 99, 0)
	got, err := ix.Chunks(context.Background(), []retrieval.ChunkKey{bare.Key(), missing, full.Key(), bare.Key()})
	lexicalMust(t, err)
	want := []retrieval.Chunk{bare, {}, full, bare}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Chunks (-want +got):\n%s", diff)
	}
	none, err := ix.Chunks(context.Background(), nil)
	lexicalMust(t, err)
	if len(none) != 0 {
		t.Errorf("no keys: got %v", none)
	}
}

func lexicalWantCount(t *testing.T, ix retrieval.LexicalIndex, want int) {
	t.Helper()
	n, err := ix.Count(context.Background())
	lexicalMust(t, err)
	if n != want {
		t.Errorf("Count = %d, want %d", n, want)
	}
}

func lexicalCount(t *testing.T, ix retrieval.LexicalIndex) {
	lexicalWantCount(t, ix, 0)
	kb := lexicalKB()
	lexicalUpsert(t, ix, kb)
	lexicalWantCount(t, ix, len(kb))
	lexicalUpsert(t, ix, kb[:2])
	lexicalWantCount(t, ix, len(kb))
}

func lexicalEmpty(t *testing.T, ix retrieval.LexicalIndex) {
	if got := lexicalSearch(t, ix, "printer", "en", 10, retrieval.Filter{}); len(got) != 0 {
		t.Errorf("empty index: got %v", got)
	}
	lexicalUpsert(t, ix, nil)
	lexicalUpsert(t, ix, lexicalKB())
	for _, k := range []int{0, -1} {
		if got := lexicalSearch(t, ix, "printer", "en", k, retrieval.Filter{}); len(got) != 0 {
			t.Errorf("k=%d: got %v", k, got)
		}
	}
}

func lexicalCancelled(t *testing.T, ix retrieval.LexicalIndex) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ix.Upsert(ctx, lexicalKB()); err == nil {
		t.Error("Upsert with a cancelled context: no error")
	}
}

func lexicalConcurrent(t *testing.T, ix retrieval.LexicalIndex) {
	const writers, batches, per = 2, 10, 20
	lexicalUpsert(t, ix, lexicalKB())
	var wg sync.WaitGroup
	errs := make(chan error, writers*batches+4*batches)
	for w := range writers {
		wg.Go(func() {
			for b := range batches {
				chunks := make([]retrieval.Chunk, per)
				for i := range chunks {
					id := int64(1000 + w*batches*per + b*per + i)
					chunks[i] = lexicalChunk(id, 0, "en", []string{"Laptop"}, "The laptop battery drains overnight.")
				}
				errs <- ix.Upsert(context.Background(), chunks)
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range batches {
				_, err := ix.Search(context.Background(), "laptop battery", "en", 5, retrieval.Filter{})
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		lexicalMust(t, err)
	}
	lexicalWantCount(t, ix, len(lexicalKB())+writers*batches*per)
}
