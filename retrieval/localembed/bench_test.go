package localembed

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
)

// benchWords is the vocabulary of generated help-desk text.
var benchWords = strings.Fields(`password reset account locked portal sign in VPN client gateway
printer offline queue driver install update laptop docking station screen monitor keyboard
mailbox Outlook calendar meeting Teams shared drive folder permission access request manager
approve ticket error message restart network wifi certificate expired phone MFA code app the a
to of and in for on with your you is it not when after before please open click choose select
imprimante mot de passe réinitialiser compte accès dossier partagé réseau`)

// benchChunks returns n chunks of about size bytes: a heading line, a
// blank line and generated text, like the chunks reindex embeds.
func benchChunks(n, size int) []string {
	rng := rand.New(rand.NewPCG(42, 7))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		b.WriteString("Knowledge base > Article ")
		b.WriteString(benchWords[rng.IntN(len(benchWords))])
		b.WriteString("\n\n")
		for b.Len() < size {
			b.WriteString(benchWords[rng.IntN(len(benchWords))])
			if rng.IntN(12) == 0 {
				b.WriteString(". ")
			} else {
				b.WriteByte(' ')
			}
		}
		out[i] = b.String()
	}
	return out
}

func benchmarkEmbed(b *testing.B, fit bool) {
	chunks := benchChunks(1000, 500)
	e := New(Config{})
	if fit {
		if err := e.Fit(context.Background(), chunks); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Embed(context.Background(), chunks); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(chunks))/b.Elapsed().Seconds(), "chunks/s")
}

// BenchmarkEmbed measures the throughput of embedding batches of 1,000
// chunks of 500 bytes, on every CPU.
func BenchmarkEmbed(b *testing.B) {
	b.Run("unfitted", func(b *testing.B) { benchmarkEmbed(b, false) })
	b.Run("fitted", func(b *testing.B) { benchmarkEmbed(b, true) })
}

// BenchmarkQuery measures the latency of embedding one query.
func BenchmarkQuery(b *testing.B) {
	e := New(Config{})
	if err := e.Fit(context.Background(), benchChunks(1000, 500)); err != nil {
		b.Fatal(err)
	}
	query := []string{"My laptop cannot connect to the VPN after the password reset"}
	for b.Loop() {
		if _, err := e.Embed(context.Background(), query); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFit measures learning from 5,000 chunks.
func BenchmarkFit(b *testing.B) {
	chunks := benchChunks(5000, 500)
	for b.Loop() {
		if err := New(Config{}).Fit(context.Background(), chunks); err != nil {
			b.Fatal(err)
		}
	}
}
