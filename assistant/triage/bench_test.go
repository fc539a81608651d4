package triage

import (
	"path/filepath"
	"testing"
)

// BenchmarkTrain measures training, tuning included, on 10,000 synthetic
// tickets.
func BenchmarkTrain(b *testing.B) {
	ex := toyExamples(10000, 12, 0.3, 0.1, 40)
	b.ResetTimer()
	for b.Loop() {
		MustTrain(b, ex, Options{})
	}
}

// BenchmarkTrainEndava measures training on the 38,269 oldest tickets of
// the Endava set, when the evaluation data is there.
func BenchmarkTrainEndava(b *testing.B) {
	ex := loadEvaluationData(b, filepath.Join(dataDir, "endava-categories.jsonl"))
	train, _ := SplitByTime(ex, TrainShare)
	b.ResetTimer()
	for b.Loop() {
		MustTrain(b, train, Options{})
	}
}

// BenchmarkPredict measures one prediction of every label.
func BenchmarkPredict(b *testing.B) {
	m := MustTrain(b, toyExamples(5000, 12, 0.3, 0.1, 41), Options{})
	text := "Subject: VPN keeps disconnecting\n\nSince this morning the VPN drops every ten minutes, third time I write about it, please help"
	b.ReportAllocs()
	for b.Loop() {
		m.Predict(text)
	}
}
