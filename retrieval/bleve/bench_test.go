package bleve

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"deskpilot/retrieval"
)

// benchCorpus is the size of the index BenchmarkSearch queries: a large
// help desk's knowledge base and solved tickets.
const benchCorpus = 20_000

var benchQueries = []string{
	"Outlook calendar does not sync after the monthly update",
	"vpn disconnects every few minutes when working from home",
	"printer prints blank pages",
	"error 0x80070005 access denied",
	"impossible de se connecter au VPN depuis la mise à jour",
	"mot de passe expiré",
	"Teams keeps asking for credentials on shared devices, I already cleared the cache and rebooted twice but nothing changes",
	"certificate",
}

func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	ix := MustOpen(b, "", Options{})
	must(b, ix.Upsert(ctx, syntheticChunks(benchCorpus, 1)))
	filtered := retrieval.Filter{
		Visibility: []retrieval.Visibility{retrieval.Public},
		AsOf:       time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC),
		Exclude:    []retrieval.DocRef{{Kind: retrieval.KindTicket, ID: 3}},
	}
	tests := []struct {
		name string
		lang string
		f    retrieval.Filter
	}{
		{"detect", "", retrieval.Filter{}},
		{"given language", "en", retrieval.Filter{}},
		{"filtered", "", filtered},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				if _, err := ix.Search(ctx, benchQueries[i%len(benchQueries)], tt.lang, 10, tt.f); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

func BenchmarkUpsert(b *testing.B) {
	const n = 2_000
	chunks := syntheticChunks(n, 2)
	tests := []struct {
		name string
		disk bool
	}{{"memory", false}, {"disk", true}}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			ctx := context.Background()
			var elapsed time.Duration
			for b.Loop() {
				path := ""
				if tt.disk {
					path = filepath.Join(b.TempDir(), "bleve")
				}
				start := time.Now()
				ix, err := Open(path, Options{})
				must(b, err)
				must(b, ix.Upsert(ctx, chunks))
				must(b, ix.Close()) // on disk, waits for the segments to be persisted
				elapsed += time.Since(start)
			}
			b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "chunks/s")
		})
	}
}
