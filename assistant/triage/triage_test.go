package triage

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var t0 = time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)

// toyClass is a topic of the synthetic desk: its own words, the team that
// handles it and its usual priority.
type toyClass struct {
	category, team, priority string
	words                    []string
}

var toyClasses = []toyClass{
	{"Hardware/Printer", "Workplace", "normal", strings.Fields("printer toner jam paper tray print cartridge scanner")},
	{"Access/Password", "Identity", "high", strings.Fields("password reset locked account login expired mfa token")},
	{"Network/VPN", "Network", "urgent", strings.Fields("vpn wifi network connection disconnect tunnel router latency")},
	{"Software/Email", "Workplace", "low", strings.Fields("outlook mailbox email calendar signature attachment inbox meeting")},
}

var fillerWords = strings.Fields("hello please help thanks since morning today my the is not working again issue problem colleague office")

// toyExamples returns n tickets, one every hour: each has words words, a
// share signal of them from its class and the rest filler; a share
// labelNoise of them carry the labels of a random class instead.
func toyExamples(n, words int, signal, labelNoise float64, seed uint64) []Example {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := make([]Example, n)
	for i := range out {
		c := toyClasses[rng.IntN(len(toyClasses))]
		var ws []string
		for range words {
			if rng.Float64() < signal {
				ws = append(ws, c.words[rng.IntN(len(c.words))])
			} else {
				ws = append(ws, fillerWords[rng.IntN(len(fillerWords))])
			}
		}
		if rng.Float64() < labelNoise {
			c = toyClasses[rng.IntN(len(toyClasses))]
		}
		out[i] = Example{
			Text:   strings.Join(ws, " "),
			Labels: map[Label]string{LabelCategory: c.category, LabelTeam: c.team, LabelPriority: c.priority},
			Time:   t0.Add(time.Duration(i) * time.Hour),
		}
	}
	return out
}

// MustTrain trains a model or fails the test.
func MustTrain(tb testing.TB, ex []Example, opts Options) *Model {
	tb.Helper()
	m, err := Train(ex, opts)
	if err != nil {
		tb.Fatalf("train: %v", err)
	}
	return m
}

func TestLearnsSeparableProblem(t *testing.T) {
	m := MustTrain(t, toyExamples(400, 6, 0.5, 0, 1), Options{})
	test := toyExamples(200, 6, 0.5, 0, 2)
	for _, l := range Labels {
		right := 0
		for _, e := range test {
			if m.Predict(e.Text).Labels[l].Value == e.Labels[l] {
				right++
			}
		}
		if acc := float64(right) / float64(len(test)); acc < 0.97 {
			t.Errorf("%s: accuracy %.3f on a separable problem, want at least 0.97", l, acc)
		}
	}
	g := m.Predict("Printer jam: the toner cartridge is empty and paper is stuck in tray 2").Labels[LabelCategory]
	if g.Value != "Hardware/Printer" || g.Abstain || g.Confidence < 0.8 {
		t.Errorf("clear printer ticket: %+v", g)
	}
	if len(g.Alternatives) != maxAlternatives || g.Alternatives[0].Confidence > g.Confidence {
		t.Errorf("alternatives %+v: want %d, each less likely than the guess", g.Alternatives, maxAlternatives)
	}
}

func TestPredictsOnlyValuesSeenInTraining(t *testing.T) {
	ex := toyExamples(300, 6, 0.4, 0.2, 3)
	for i := range ex {
		delete(ex[i].Labels, LabelPriority) // no priority in this desk
		if i%3 == 0 {
			delete(ex[i].Labels, LabelTeam) // team on some tickets only
		}
	}
	m := MustTrain(t, ex, Options{})
	if got, want := m.Labels(), []Label{LabelCategory, LabelTeam}; !slices.Equal(got, want) {
		t.Fatalf("labels %v, want %v", got, want)
	}
	texts := []string{"", "printer vpn password", "quantum flux capacitor", "ÉCRAN NOIR !!!", toyExamples(1, 30, 0.1, 0, 4)[0].Text}
	for _, text := range texts {
		p := m.Predict(text)
		if _, ok := p.Labels[LabelPriority]; ok {
			t.Errorf("%q: predicted a priority the desk never had", text)
		}
		for _, l := range m.Labels() {
			g := p.Labels[l]
			if !slices.Contains(m.Classes(l), g.Value) {
				t.Errorf("%q: %s %q was never seen in training", text, l, g.Value)
			}
			for _, a := range g.Alternatives {
				if !slices.Contains(m.Classes(l), a.Value) {
					t.Errorf("%q: alternative %s %q was never seen in training", text, l, a.Value)
				}
			}
		}
	}
}

func TestAbstainsOnGibberishAndEmptyText(t *testing.T) {
	m := MustTrain(t, toyExamples(400, 6, 0.5, 0.05, 5), Options{})
	for _, text := range []string{"", "   ", "zqxv blorp vlekt frumious", "12345678 ####"} {
		p := m.Predict(text)
		for _, l := range m.Labels() {
			if g := p.Labels[l]; !g.Abstain {
				t.Errorf("%q: %s answered %q at %.2f, want an abstention", text, l, g.Value, g.Confidence)
			}
		}
	}
}

func TestConfidenceIsCalibrated(t *testing.T) {
	// Weak signal and label noise: the model is right about two times in
	// three, and its confidence should say so.
	m := MustTrain(t, toyExamples(4000, 5, 0.25, 0.15, 6), Options{})
	test := toyExamples(3000, 5, 0.25, 0.15, 7)
	var conf, right float64
	for _, e := range test {
		g := m.Predict(e.Text).Labels[LabelCategory]
		conf += g.Confidence
		if g.Value == e.Labels[LabelCategory] {
			right++
		}
	}
	conf /= float64(len(test))
	acc := right / float64(len(test))
	if acc < 0.4 || acc > 0.9 {
		t.Fatalf("accuracy %.3f: the problem should be hard but learnable", acc)
	}
	if math.Abs(conf-acc) > 0.04 {
		t.Errorf("mean confidence %.3f, accuracy %.3f: want within 0.04", conf, acc)
	}
}

func TestAbstentionKeepsAccurateAnswers(t *testing.T) {
	m := MustTrain(t, toyExamples(4000, 5, 0.25, 0.15, 8), Options{})
	test := toyExamples(3000, 5, 0.25, 0.15, 9)
	var kept, right, all, allRight int
	for _, e := range test {
		g := m.Predict(e.Text).Labels[LabelCategory]
		all++
		if g.Value == e.Labels[LabelCategory] {
			allRight++
		}
		if !g.Abstain {
			kept++
			if g.Value == e.Labels[LabelCategory] {
				right++
			}
		}
	}
	if kept == 0 || kept == all {
		t.Fatalf("kept %d of %d: the threshold should keep some and drop some", kept, all)
	}
	if a, b := float64(right)/float64(kept), float64(allRight)/float64(all); a < b+0.05 {
		t.Errorf("accuracy %.3f on the %d answers kept, %.3f on all: abstention should pay", a, kept, b)
	}
}

func TestPersistenceRoundTrip(t *testing.T) {
	m := MustTrain(t, toyExamples(500, 6, 0.4, 0.1, 10), Options{})
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Model
	if err := back.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	for _, e := range toyExamples(50, 6, 0.3, 0, 11) {
		text := e.Text + " STILL not working!!"
		if diff := cmp.Diff(m.Predict(text), back.Predict(text)); diff != "" {
			t.Fatalf("%q: prediction changed after a round trip (-before +after):\n%s", text, diff)
		}
	}
	for _, l := range m.Labels() {
		if m.Threshold(l) != back.Threshold(l) {
			t.Errorf("%s: threshold %v, after a round trip %v", l, m.Threshold(l), back.Threshold(l))
		}
	}
	if err := back.UnmarshalBinary(data[:len(data)/2]); !errors.Is(err, ErrModelFormat) {
		t.Errorf("truncated data: %v, want ErrModelFormat", err)
	}
}

func TestTrainingIsReproducible(t *testing.T) {
	ex := toyExamples(300, 6, 0.4, 0.1, 12)
	a, _ := MustTrain(t, ex, Options{Seed: 3}).MarshalBinary()
	slices.Reverse(ex) // the input order does not matter, time does
	b, _ := MustTrain(t, ex, Options{Seed: 3}).MarshalBinary()
	if !slices.Equal(a, b) {
		t.Error("the same tickets and seed gave different models")
	}
}

func TestTrainWithoutLabels(t *testing.T) {
	if _, err := Train([]Example{{Text: "hello"}}, Options{}); !errors.Is(err, ErrNoExamples) {
		t.Errorf("got %v, want ErrNoExamples", err)
	}
	if _, err := Train(nil, Options{}); !errors.Is(err, ErrNoExamples) {
		t.Errorf("no examples: got %v, want ErrNoExamples", err)
	}
}

func TestSmallDesks(t *testing.T) {
	tests := []struct {
		name string
		ex   []Example
	}{
		{"one ticket", toyExamples(1, 5, 0.5, 0, 13)},
		{"too few to hold out", toyExamples(12, 5, 0.5, 0, 14)},
		{"one class", []Example{
			{Text: "printer jam", Labels: map[Label]string{LabelTeam: "Workplace"}, Time: t0},
			{Text: "vpn down", Labels: map[Label]string{LabelTeam: "Workplace"}, Time: t0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := MustTrain(t, tt.ex, Options{})
			for _, l := range m.Labels() {
				g := m.Predict(tt.ex[0].Text).Labels[l]
				if !slices.Contains(m.Classes(l), g.Value) || g.Confidence <= 0 || g.Confidence > 1 {
					t.Errorf("%s: %+v", l, g)
				}
			}
		})
	}
}

func TestFromTicketUsesQuestionAndLabels(t *testing.T) {
	ex := FromTicket(mustTicket(t, `{"id":"1","subject":"VPN","created_at":"2025-01-06T09:00:00Z","team":"Network","priority":"high","messages":[{"author":"requester","body":"It drops"},{"author":"agent","body":"Reinstall"}]}`))
	want := Example{Text: "VPN\n\nIt drops", Labels: map[Label]string{LabelTeam: "Network", LabelPriority: "high"}, Time: t0}
	if diff := cmp.Diff(want, ex); diff != "" {
		t.Errorf("example (-want +got):\n%s", diff)
	}
}

func ExampleModel_Predict() {
	var ex []Example
	for i, text := range []string{"printer jam in tray 2", "reset my password please", "printer out of toner", "password expired, locked out"} {
		category := map[bool]string{true: "Hardware", false: "Access"}[strings.Contains(text, "printer")]
		ex = append(ex, Example{Text: text, Labels: map[Label]string{LabelCategory: category}, Time: t0.Add(time.Duration(i) * time.Minute)})
	}
	m, err := Train(ex, Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	g := m.Predict("the printer jams").Labels[LabelCategory]
	fmt.Println(g.Value)
	// Output: Hardware
}
