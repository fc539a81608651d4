package localembed

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
)

// state is what an embedder learned from a corpus. It is immutable once
// built, so that Embed can use it without locks.
type state struct {
	settings string // the embedder's settings when fitted
	docs     int
	df       []uint32  // document frequency, by hash bucket
	idf      []float32 // from df
	semDims  int
	terms    map[uint64]int32 // word and concept hash -> row of vecs
	vecs     []float32        // len(terms) rows of semDims values
	id       string           // digest of the encoded state, for Model
}

// computeIDF fills s.idf, the smoothed inverse document frequency of each
// bucket, ln((1+N)/(1+df)) + 1: computed once, looked up per feature.
func (s *state) computeIDF() {
	s.idf = make([]float32, len(s.df))
	n := 1 + float64(s.docs)
	for i, df := range s.df {
		s.idf[i] = float32(math.Log(n/(1+float64(df))) + 1)
	}
}

// semantic writes into dst (semDims long, zeroed) the learned vector of
// the analyzed text b: the weighted sum of its terms' vectors. It reports
// whether any term was known.
func (s *state) semantic(dst []float64, b *bag) bool {
	found := false
	for _, fam := range []int{famWord, famConcept} {
		for _, f := range b.fam[fam] {
			row, ok := s.terms[f.hash]
			if !ok {
				continue
			}
			found = true
			vec := s.vecs[int(row)*s.semDims : int(row+1)*s.semDims]
			for i, x := range vec {
				dst[i] += f.weight * float64(x)
			}
		}
	}
	return found
}

// The fitted state is saved with the indexes it produced (reindex writes
// it next to them) and loaded at start, so that queries are embedded the
// way the indexed chunks were. The encoding is versioned and carries the
// settings it was fitted with; a state fitted with other settings is
// refused rather than silently mixed.

const stateMagic = "deskpilot-localembed\x00"

// stateVersion changes whenever the encoding or the meaning of a state
// changes.
const stateVersion = 1

// ErrSettings is returned by UnmarshalBinary for a state fitted with other
// settings than the embedder's.
var ErrSettings = errors.New("localembed: state was fitted with other settings")

// MarshalBinary encodes the fitted state; an unfitted embedder encodes an
// empty state, which UnmarshalBinary accepts.
func (e *Embedder) MarshalBinary() ([]byte, error) {
	if st := e.state.Load(); st != nil {
		return st.encode(), nil
	}
	return nil, nil
}

// UnmarshalBinary replaces the embedder's state with one MarshalBinary
// encoded; empty data makes the embedder unfitted.
func (e *Embedder) UnmarshalBinary(data []byte) error {
	if len(data) == 0 {
		e.state.Store(nil)
		return nil
	}
	st, settings, err := decodeState(data)
	if err != nil {
		return err
	}
	if settings != e.settings() {
		return fmt.Errorf("%w: %s, not %s", ErrSettings, settings, e.settings())
	}
	if st.semDims != 0 && st.semDims != e.cfg.SemDims {
		return fmt.Errorf("%w: %d learned dimensions", ErrSettings, st.semDims)
	}
	st.id = digest(data)
	e.state.Store(st)
	return nil
}

func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:8])
}

// encode writes the state. Only the non-zero buckets of the df table are
// written, as gaps, so a small corpus makes a small file.
func (s *state) encode() []byte {
	b := append([]byte(stateMagic), stateVersion)
	b = binary.AppendUvarint(b, uint64(len(s.settings)))
	b = append(b, s.settings...)
	b = binary.AppendUvarint(b, uint64(s.docs))
	nonzero := 0
	for _, v := range s.df {
		if v != 0 {
			nonzero++
		}
	}
	b = binary.AppendUvarint(b, uint64(nonzero))
	last := -1
	for i, v := range s.df {
		if v != 0 {
			b = binary.AppendUvarint(b, uint64(i-last))
			b = binary.AppendUvarint(b, uint64(v))
			last = i
		}
	}
	b = binary.AppendUvarint(b, uint64(s.semDims))
	b = binary.AppendUvarint(b, uint64(len(s.terms)))
	hashes := make([]uint64, len(s.terms))
	for h, row := range s.terms {
		hashes[row] = h
	}
	for _, h := range hashes {
		b = binary.LittleEndian.AppendUint64(b, h)
	}
	for _, x := range s.vecs {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	return b
}

// decoder reads a state, remembering the first error.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint(limit uint64) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 || v > limit {
		d.err = errors.New("localembed: corrupt state")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n > len(d.b) {
		d.err = errors.New("localembed: truncated state")
		return nil
	}
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

func decodeState(data []byte) (*state, string, error) {
	if len(data) < len(stateMagic)+1 || string(data[:len(stateMagic)]) != stateMagic {
		return nil, "", errors.New("localembed: not an embedder state")
	}
	if v := data[len(stateMagic)]; v != stateVersion {
		return nil, "", fmt.Errorf("localembed: state version %d, want %d", v, stateVersion)
	}
	d := &decoder{b: data[len(stateMagic)+1:]}
	settings := string(d.bytes(int(d.uvarint(1 << 10))))
	st := &state{docs: int(d.uvarint(math.MaxInt32)), df: make([]uint32, dfBuckets)}
	nonzero := d.uvarint(dfBuckets)
	at := -1
	for range nonzero {
		at += int(d.uvarint(dfBuckets))
		v := d.uvarint(math.MaxUint32)
		if d.err == nil && at >= dfBuckets {
			d.err = errors.New("localembed: corrupt state")
		}
		if d.err != nil {
			return nil, "", d.err
		}
		st.df[at] = uint32(v)
	}
	st.semDims = int(d.uvarint(4096))
	nterms := int(d.uvarint(uint64(len(d.b) / 8)))
	raw := d.bytes(nterms * 8)
	vecs := d.bytes(nterms * st.semDims * 4)
	if d.err == nil && len(d.b) != 0 {
		d.err = errors.New("localembed: trailing bytes in state")
	}
	if d.err != nil {
		return nil, "", d.err
	}
	st.terms = make(map[uint64]int32, nterms)
	for i := range nterms {
		st.terms[binary.LittleEndian.Uint64(raw[i*8:])] = int32(i)
	}
	st.vecs = make([]float32, nterms*st.semDims)
	for i := range st.vecs {
		st.vecs[i] = math.Float32frombits(binary.LittleEndian.Uint32(vecs[i*4:]))
	}
	st.settings = settings
	st.computeIDF()
	return st, settings, nil
}

// WriteFile saves the fitted state to path atomically (a temporary file
// renamed over it), so that a crash never leaves half a state behind.
func (e *Embedder) WriteFile(path string) error {
	data, err := e.MarshalBinary()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("localembed: save state: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("localembed: save state: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("localembed: save state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("localembed: save state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("localembed: save state: %w", err)
	}
	return nil
}

// ReadFile loads a state WriteFile saved. A missing file is an error
// wrapping fs.ErrNotExist: the caller decides whether an unfitted
// embedder will do.
func (e *Embedder) ReadFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("localembed: load state: %w", err)
	}
	if err := e.UnmarshalBinary(data); err != nil {
		return fmt.Errorf("localembed: load state %s: %w", path, err)
	}
	return nil
}
