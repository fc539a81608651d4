package localembed

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// testCorpus is a tiny help desk: a few articles per topic, in English and
// French, so that a fitted embedder has topics to learn.
var testCorpus = []string{
	"Reset your password\n\nOpen the self-service portal, choose Forgot password and follow the link sent to your phone.",
	"Password expired\n\nWhen your password expires, change it from the portal before you sign in again.",
	"Réinitialiser votre mot de passe\n\nOuvrez le portail, choisissez Mot de passe oublié et suivez le lien reçu par SMS.",
	"Connect to the VPN\n\nInstall the VPN client, sign in with your account and choose the nearest gateway.",
	"VPN disconnects\n\nIf the VPN drops every few minutes, update the client and check your wifi signal.",
	"Se connecter au VPN\n\nInstallez le client VPN, connectez-vous avec votre compte et choisissez la passerelle.",
	"Printer offline\n\nWhen the printer shows offline, restart it and remove the stuck job from the print queue.",
	"Add a network printer\n\nOpen Settings, Printers, Add printer and pick the printer of your floor.",
	"Imprimante hors ligne\n\nRedémarrez l'imprimante et supprimez le travail bloqué de la file d'impression.",
	"Shared mailbox\n\nAsk your manager to request access to the shared mailbox; it appears in Outlook after an hour.",
	"Email attachments too large\n\nOutlook refuses attachments above 25 MB; share a link to the file instead.",
	"Boîte mail partagée\n\nDemandez l'accès à la boîte partagée; elle apparaît dans Outlook au bout d'une heure.",
}

// MustEmbed embeds texts or fails the test.
func MustEmbed(tb testing.TB, e *Embedder, texts ...string) [][]float32 {
	tb.Helper()
	vs, err := e.Embed(context.Background(), texts)
	if err != nil {
		tb.Fatal(err)
	}
	if len(vs) != len(texts) {
		tb.Fatalf("Embed returned %d vectors for %d texts", len(vs), len(texts))
	}
	return vs
}

// MustFitted returns a default embedder fitted on testCorpus.
func MustFitted(tb testing.TB) *Embedder {
	tb.Helper()
	e := New(Config{})
	if err := e.Fit(context.Background(), testCorpus); err != nil {
		tb.Fatal(err)
	}
	return e
}

func cosine(a, b []float32) float64 {
	s := 0.0
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func vectorNorm(v []float32) float64 { return math.Sqrt(cosine(v, v)) }

// embedders returns an unfitted and a fitted embedder: every property must
// hold for both.
func embedders(t *testing.T) map[string]*Embedder {
	return map[string]*Embedder{"unfitted": New(Config{}), "fitted": MustFitted(t)}
}

func TestEmbedUnitLengthAndDimensions(t *testing.T) {
	texts := []string{
		"", "   ", "?!", "\xff\xfe\xfd", "VPN", "Mon imprimante ne marche plus",
		strings.Repeat("printer offline restart queue ", 20000), // beyond maxTextBytes
		strings.Repeat("é", 100) + "\x00\x01 mot\xc0de passe",
	}
	for name, e := range embedders(t) {
		t.Run(name, func(t *testing.T) {
			for i, v := range MustEmbed(t, e, texts...) {
				if len(v) != e.Dimensions() {
					t.Errorf("text %d: %d dimensions, want %d", i, len(v), e.Dimensions())
				}
				if n := vectorNorm(v); math.Abs(n-1) > 1e-5 {
					t.Errorf("text %d: norm %v, want 1", i, n)
				}
				for _, x := range v {
					if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
						t.Fatalf("text %d: non-finite value", i)
					}
				}
			}
		})
	}
}

func TestEmbedDeterministic(t *testing.T) {
	texts := []string{"Reset my password", "imprimante hors ligne", ""}
	a := MustEmbed(t, MustFitted(t), texts...)
	b := MustEmbed(t, MustFitted(t), texts...) // a second embedder, fitted again
	c := MustEmbed(t, MustFitted(t), texts[1])
	for i := range a {
		if !slices.Equal(a[i], b[i]) {
			t.Errorf("text %d: two fitted embedders disagree", i)
		}
	}
	if !slices.Equal(a[1], c[0]) {
		t.Error("a text's vector depends on the rest of its batch")
	}
}

func TestEmbedSimilarCloserThanUnrelated(t *testing.T) {
	tests := []struct {
		name, query, near, far string
	}{
		{"paraphrase", "I forgot my pwd", "Reset your password\n\nUse the portal.", "Printer offline\n\nRestart the printer."},
		{"typo", "pasword reset", "How to reset a password", "How to add a printer"},
		{"morphology", "printers printing", "the printer prints", "the VPN gateway"},
		{"french", "mot de passe oublié", "Réinitialiser votre mot de passe", "Imprimante hors ligne"},
		{"french to english", "j'ai oublié mon mot de passe", "I forgot my password", "The printer is offline"},
		{"abbreviation", "2fa code not received", "two-factor authentication code", "shared mailbox access"},
	}
	for name, e := range embedders(t) {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				v := MustEmbed(t, e, tt.query, tt.near, tt.far)
				near, far := cosine(v[0], v[1]), cosine(v[0], v[2])
				if near <= far {
					t.Errorf("cos(query, near) = %.3f <= cos(query, far) = %.3f", near, far)
				}
			})
		}
	}
}

func TestEmbedWordlessTexts(t *testing.T) {
	e := MustFitted(t)
	v := MustEmbed(t, e, "", "...", "reset password")
	if !slices.Equal(v[0], v[1]) {
		t.Error("two texts without words differ")
	}
	if c := cosine(v[0], v[2]); math.Abs(c) > 0.2 {
		t.Errorf("cos(empty, text) = %.3f, want near 0", c)
	}
}

func TestFitLearnsTopics(t *testing.T) {
	// "client" shares three articles with "VPN" and none with "printer":
	// the learned part brings them closer though they share no letter.
	margin := func(e *Embedder) float64 {
		v := MustEmbed(t, e, "client", "VPN", "printer")
		return cosine(v[0], v[1]) - cosine(v[0], v[2])
	}
	fitted, unfitted := margin(MustFitted(t)), margin(New(Config{}))
	if fitted < unfitted+0.1 {
		t.Errorf("cos(client, VPN) - cos(client, printer) = %.3f fitted, %.3f unfitted: no topic learned", fitted, unfitted)
	}
}

func TestModelChangesWithState(t *testing.T) {
	e := New(Config{})
	unfitted := e.Model()
	if unfitted != "localembed-v2" {
		t.Errorf("default Model() = %q", unfitted)
	}
	if err := e.Fit(context.Background(), testCorpus); err != nil {
		t.Fatal(err)
	}
	fitted := e.Model()
	if err := e.Fit(context.Background(), testCorpus[:6]); err != nil {
		t.Fatal(err)
	}
	other := e.Model()
	if fitted == unfitted || other == fitted || !strings.HasPrefix(fitted, unfitted+"-fit-") {
		t.Errorf("models: unfitted %q, fitted %q, refitted on other texts %q", unfitted, fitted, other)
	}
	if got := MustFitted(t).Model(); got != fitted {
		t.Errorf("same corpus, other model: %q vs %q", got, fitted)
	}
	if got := New(Config{HashDims: 256}).Model(); got == unfitted {
		t.Error("other settings, same model")
	}
	if err := e.Fit(context.Background(), nil); err != nil || e.Model() != unfitted || e.Fitted() {
		t.Errorf("Fit(nil): err %v, model %q, fitted %v", err, e.Model(), e.Fitted())
	}
}

func TestStateRoundTrip(t *testing.T) {
	e := MustFitted(t)
	data, err := e.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	loaded := New(Config{})
	if err := loaded.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if loaded.Model() != e.Model() {
		t.Errorf("loaded model %q, want %q", loaded.Model(), e.Model())
	}
	texts := append([]string{"a text added after fitting: reset the VPN password"}, testCorpus...)
	want, got := MustEmbed(t, e, texts...), MustEmbed(t, loaded, texts...)
	for i := range want {
		if !slices.Equal(want[i], got[i]) {
			t.Fatalf("text %d: loaded state embeds differently", i)
		}
	}
	again, _ := loaded.MarshalBinary()
	if !slices.Equal(again, data) {
		t.Error("re-encoding a loaded state changes it")
	}
}

func TestStateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "embedder.state")
	e := New(Config{})
	if err := e.ReadFile(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile of a missing file: %v, want fs.ErrNotExist", err)
	}
	fitted := MustFitted(t)
	if err := fitted.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	if err := e.ReadFile(path); err != nil {
		t.Fatal(err)
	}
	if e.Model() != fitted.Model() {
		t.Errorf("model after ReadFile %q, want %q", e.Model(), fitted.Model())
	}
	matches, _ := filepath.Glob(path + ".*")
	if len(matches) != 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}

func TestUnmarshalBinaryErrors(t *testing.T) {
	data, err := MustFitted(t).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		cfg  Config
		want error
	}{
		{"other settings", data, Config{Char: 0.5}, ErrSettings},
		{"not a state", []byte("hello"), Config{}, nil},
		{"truncated", data[:len(data)/2], Config{}, nil},
		{"trailing", append(slices.Clone(data), 0), Config{}, nil},
		{"version", append([]byte(stateMagic), 99), Config{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := MustFitted(t)
			model := e.Model()
			if tt.cfg != (Config{}) {
				e = New(tt.cfg)
				model = e.Model()
			}
			err := e.UnmarshalBinary(tt.data)
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Errorf("UnmarshalBinary: %v, want an error (%v)", err, tt.want)
			}
			if e.Model() != model {
				t.Error("a failed UnmarshalBinary changed the state")
			}
		})
	}
	e := MustFitted(t)
	if err := e.UnmarshalBinary(nil); err != nil || e.Fitted() {
		t.Errorf("UnmarshalBinary(nil): %v, fitted %v; want an unfitted embedder", err, e.Fitted())
	}
}

func TestFitDegenerateCorpora(t *testing.T) {
	corpora := map[string][]string{
		"one text":     {"reset password"},
		"identical":    slices.Repeat([]string{"printer offline restart"}, 50),
		"no words":     {"", "...", "\xff"},
		"two distinct": {"vpn gateway", "printer queue", "vpn gateway", "printer queue"},
	}
	for name, texts := range corpora {
		t.Run(name, func(t *testing.T) {
			e := New(Config{})
			if err := e.Fit(context.Background(), texts); err != nil {
				t.Fatal(err)
			}
			for _, v := range MustEmbed(t, e, append(texts, "vpn printer")...) {
				if n := vectorNorm(v); math.IsNaN(n) || math.Abs(n-1) > 1e-5 {
					t.Fatalf("norm %v, want 1", n)
				}
			}
		})
	}
}

func TestEmbedConcurrent(t *testing.T) {
	e := MustFitted(t)
	texts := make([]string, 200) // large enough to be split over goroutines
	for i := range texts {
		texts[i] = fmt.Sprintf("%s (%d)", testCorpus[i%len(testCorpus)], i)
	}
	want := MustEmbed(t, e, texts...)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			got, err := e.Embed(context.Background(), texts)
			if err != nil {
				t.Error(err)
				return
			}
			for i := range got {
				if !slices.Equal(got[i], want[i]) {
					t.Errorf("worker %d, text %d: vectors differ", w, i)
					return
				}
			}
		})
	}
	wg.Go(func() { // a concurrent Fit swaps the state; it must not race
		if err := e.Fit(context.Background(), testCorpus); err != nil {
			t.Error(err)
		}
	})
	wg.Wait()
}

func TestEmbedCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	e := New(Config{})
	if _, err := e.Embed(ctx, make([]string, 500)); !errors.Is(err, context.Canceled) {
		t.Errorf("Embed: %v, want context.Canceled", err)
	}
	if err := e.Fit(ctx, testCorpus); !errors.Is(err, context.Canceled) || e.Fitted() {
		t.Errorf("Fit: %v (fitted %v), want context.Canceled and no state", err, e.Fitted())
	}
}

func TestConfigDefaults(t *testing.T) {
	if got := New(Config{}).cfg; got != DefaultConfig() {
		t.Errorf("zero Config = %+v, want the defaults", got)
	}
	off := New(Config{SemDims: -1, Char: -1, CharMax: 20}).cfg
	if off.SemDims != 0 || off.Sem != 0 || off.Char != 0 || off.CharMax != 8 {
		t.Errorf("disabled parts: %+v", off)
	}
	if d := New(Config{SemDims: -1}).Dimensions(); d != DefaultConfig().HashDims {
		t.Errorf("Dimensions without the learned part = %d", d)
	}
}
