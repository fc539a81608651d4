package web

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestEditDistance(t *testing.T) {
	long := strings.Repeat("abcdefghij", 20) // 200 runes: four words
	tests := []struct {
		name string
		a, b string
		want int
	}{
		{"equal", "same text", "same text", 0},
		{"both empty", "", "", 0},
		{"from empty", "", "abc", 3},
		{"to empty", "abc", "", 3},
		{"kitten", "kitten", "sitting", 3},
		{"flaw", "flaw", "lawn", 2},
		{"runes not bytes", "héllo", "hello", 1},
		{"CJK", "日本語", "日本", 1},
		{"emoji", "ok 👍", "ok 👎", 1},
		{"insert in the middle of a long text", long, long[:100] + "XYZ" + long[100:], 3},
		{"edit across words", long, strings.ToUpper(long[:130]) + long[130:], 130},
		{"append to a long text", long, long + "!", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := editDistance(tt.a, tt.b); got != tt.want {
				t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := editDistance(tt.b, tt.a); got != tt.want {
				t.Errorf("editDistance is not symmetric: %d one way, %d the other", tt.want, got)
			}
		})
	}
}

// TestEditDistanceMatchesTheTable checks the bit-parallel algorithm against
// the textbook dynamic programming on random texts of a small alphabet
// (many matches) and of lengths around the 64-row word boundaries.
func TestEditDistanceMatchesTheTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 7))
	alphabet := []rune("abcé日 ")
	text := func(n int) string {
		r := make([]rune, n)
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(r)
	}
	lengths := []int{1, 2, 63, 64, 65, 127, 128, 129, 200}
	for i := 0; i < 300; i++ {
		a := text(lengths[rng.IntN(len(lengths))] + rng.IntN(3))
		b := text(lengths[rng.IntN(len(lengths))] + rng.IntN(3))
		if rng.IntN(3) == 0 { // a near copy, as an edited draft is
			b = a[:len(a)/2] + text(rng.IntN(5)) + a[len(a)/2:]
		}
		if got, want := editDistance(a, b), tableDistance([]rune(a), []rune(b)); got != want {
			t.Fatalf("editDistance(%q, %q) = %d, want %d", a, b, got, want)
		}
	}
}

func tableDistance(a, b []rune) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func BenchmarkEditDistance(b *testing.B) {
	draft := strings.Repeat("Restart the VPN client, then sign in again with your badge. ", 300)
	sent := strings.ReplaceAll(draft, "badge", "token")
	for b.Loop() {
		editDistance(draft, sent)
	}
}
