package triage

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
)

// formatVersion numbers the persisted layout and the meaning of its
// features: the hashes depend on the tokenisation, so a change to text.go
// that changes terms must bump it, and older models are then refused
// rather than silently mis-read. Retraining takes seconds.
const formatVersion = 1

// ErrModelFormat is returned by UnmarshalBinary for data that is not a
// model of this version.
var ErrModelFormat = errors.New("triage: not a model of this version")

type snapshot struct {
	Version int
	Stem    bool
	Raise   bool
	Keys    []uint64
	IDF     []float32
	Heads   []headSnapshot
}

type headSnapshot struct {
	Label       Label
	Classes     []string
	Weights     []float32 // feature-major; nil when a single class was seen
	Bias        []float32
	Temperature float64
	Threshold   float64
	C, Balance  float64
}

// MarshalBinary encodes the model, so that a trained model can be stored
// and loaded without retraining.
func (m *Model) MarshalBinary() ([]byte, error) {
	s := snapshot{Version: formatVersion, Stem: m.an.stem, Raise: m.raise, Keys: m.vocab.keys, IDF: m.vocab.idf}
	for _, l := range m.Labels() {
		h := m.heads[l]
		hs := headSnapshot{Label: l, Classes: h.classes, Temperature: h.temperature, Threshold: h.threshold, C: h.c, Balance: h.balance}
		if h.lin != nil {
			hs.Weights, hs.Bias = h.lin.w, h.lin.bias
		}
		s.Heads = append(s.Heads, hs)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(s); err != nil {
		return nil, fmt.Errorf("triage: encode model: %w", err)
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary decodes a model written by MarshalBinary into m.
func (m *Model) UnmarshalBinary(data []byte) error {
	var s snapshot
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&s); err != nil {
		return fmt.Errorf("%w: %v", ErrModelFormat, err)
	}
	if s.Version != formatVersion {
		return fmt.Errorf("%w: version %d, want %d", ErrModelFormat, s.Version, formatVersion)
	}
	if len(s.IDF) != len(s.Keys) || len(s.Heads) == 0 {
		return fmt.Errorf("%w: inconsistent vocabulary", ErrModelFormat)
	}
	heads := make(map[Label]*head, len(s.Heads))
	for _, hs := range s.Heads {
		h, err := hs.head(len(s.Keys))
		if err != nil {
			return err
		}
		heads[hs.Label] = h
	}
	*m = Model{an: analyzer{stem: s.Stem}, vocab: newVocabulary(s.Keys, s.IDF), heads: heads, raise: s.Raise}
	return nil
}

func (hs headSnapshot) head(dim int) (*head, error) {
	k := len(hs.Classes)
	h := &head{classes: hs.Classes, temperature: hs.Temperature, threshold: hs.Threshold, c: hs.C, balance: hs.Balance}
	switch {
	case k == 0 || hs.Temperature <= 0:
		return nil, fmt.Errorf("%w: label %s has no classes or temperature", ErrModelFormat, hs.Label)
	case k == 1 && hs.Weights == nil:
		return h, nil
	case len(hs.Weights) != dim*k || len(hs.Bias) != k:
		return nil, fmt.Errorf("%w: label %s has %d weights for %d features and %d classes", ErrModelFormat, hs.Label, len(hs.Weights), dim, k)
	}
	h.lin = &linear{k: k, w: hs.Weights, bias: hs.Bias}
	return h, nil
}
