package triage

import "testing"

func TestSimplestPrefersSmallerCWithinOneStandardError(t *testing.T) {
	// Held-out scores at balance 0, the best at C 3 with an error of 0.03.
	tried := map[candidate]trial{
		{0.1, 0}: {score: 0.60},
		{0.3, 0}: {score: 0.645},
		{1, 0}:   {score: 0.66, se: 0.01},
		{3, 0}:   {score: 0.67, se: 0.03},
		{10, 0}:  {score: 0.669},
		{0.3, 1}: {score: 0.70}, // another balance: not a choice here
	}
	tests := []struct {
		name string
		best candidate
		cs   []float64
		want candidate
	}{
		{"smallest C within the error", candidate{3, 0}, []float64{1, 0.3, 3, 0.1, 10}, candidate{0.3, 0}},
		{"order of the grid does not matter", candidate{3, 0}, []float64{0.1, 10, 3, 0.3, 1}, candidate{0.3, 0}},
		{"nothing smaller within the error", candidate{1, 0}, []float64{1, 0.3, 3, 0.1, 10}, candidate{1, 0}},
		{"never a larger C", candidate{1, 0}, []float64{1, 10}, candidate{1, 0}},
		{"only candidates tried", candidate{3, 0}, []float64{3, 0.2}, candidate{3, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := simplest(tt.best, tt.cs, tried); got != tt.want {
				t.Errorf("simplest(%v) = %v, want %v", tt.best, got, tt.want)
			}
		})
	}
}
