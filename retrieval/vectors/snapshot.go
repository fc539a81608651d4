package vectors

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// The snapshot file, little endian:
//
//	magic "DPVECIDX", version uint32, dims uint32, rows uint64
//	4 dictionaries (kinds, visibilities, sources, languages):
//	    count uint32, then count times: length uint32, bytes
//	columns, rows values each: kind uint8, visibility uint8, source uint16,
//	    language uint16, created int64, doc int64, ordinal int32,
//	    scale float32, rscale float32, bound float32
//	first-level codes, rows*dims int8; second-level codes, rows*dims int8
//	CRC-32C of all the above, uint32
//
// A snapshot holds no tombstones. Flush writes it to a temporary file in
// the same folder, syncs it, renames it over the old one and syncs the
// folder, so a crash leaves the old snapshot or the new one.
const (
	magic         = "DPVECIDX"
	formatVersion = 1
	headerSize    = 24
	rowBytes      = 1 + 1 + 2 + 2 + 8 + 8 + 4 + 4 + 4 + 4 // columns, per row
	maxName       = 1 << 20
	tempInfix     = ".tmp-"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Flush persists the index to its file, compacting the tombstones; it does
// nothing for a memory-only index or when nothing changed since the last
// Flush. Searches go on while it writes; changes wait.
func (ix *Index) Flush() error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	if ix.closed {
		return ErrClosed
	}
	return ix.flush()
}

// flush is Flush under writeMu: no change can happen, so writing needs no
// lock on the data.
func (ix *Index) flush() error {
	ix.mu.Lock()
	ix.compact()
	ix.mu.Unlock()
	if ix.path == "" || ix.version == ix.flushed {
		return nil
	}
	if err := ix.write(); err != nil {
		return fmt.Errorf("vectors: flush %s: %w", ix.path, err)
	}
	ix.flushed = ix.version
	return nil
}

// write writes the snapshot.
func (ix *Index) write() (err error) {
	dir := filepath.Dir(ix.path)
	f, err := os.CreateTemp(dir, filepath.Base(ix.path)+tempInfix+"*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	e := &encoder{w: bufio.NewWriterSize(f, 1<<20), crc: crc32.New(castagnoli)}
	ix.encode(e)
	if e.err != nil {
		return e.err
	}
	if err := e.w.Flush(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), ix.path); err != nil {
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// load reads the snapshot, if there is one, into the empty index, after
// removing the temporary files of an interrupted Flush.
func (ix *Index) load() error {
	if err := removeTemps(ix.path); err != nil {
		return err
	}
	f, err := os.Open(ix.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	crc := crc32.New(castagnoli)
	d := &decoder{r: io.TeeReader(bufio.NewReaderSize(f, 1<<20), crc), crc: crc, size: st.Size()}
	if err := ix.decode(d); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("%w: truncated", ErrCorrupt)
		}
		return err
	}
	ix.reindexDocs()
	return nil
}

// removeTemps removes the temporary files Flush leaves when interrupted.
func removeTemps(path string) error {
	dir, prefix := filepath.Dir(path), filepath.Base(path)+tempInfix
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// encoder writes little-endian values, summing them, and keeps the first
// error.
type encoder struct {
	w   *bufio.Writer
	crc hash.Hash32
	buf []byte
	err error
}

// flush hands the buffer on when it is full, or when force.
func (e *encoder) flush(force bool) {
	if e.err != nil || (!force && len(e.buf) < 1<<16) {
		return
	}
	e.crc.Write(e.buf)
	_, e.err = e.w.Write(e.buf)
	e.buf = e.buf[:0]
}

func (e *encoder) u32(v uint32) { e.buf = binary.LittleEndian.AppendUint32(e.buf, v); e.flush(false) }

func (e *encoder) str(s string) {
	e.u32(uint32(len(s)))
	e.buf = append(e.buf, s...)
	e.flush(false)
}

// column writes the values of the rows listed.
func column[T any](e *encoder, rows []int32, col []T, put func([]byte, T) []byte) {
	for _, r := range rows {
		e.buf = put(e.buf, col[r])
		e.flush(false)
	}
}

// codes writes the first dims codes of the rows listed.
func (e *encoder) codes(rows []int32, codes []int8, stride, dims int) {
	for _, r := range rows {
		for _, c := range codes[int(r)*stride : int(r)*stride+dims] {
			e.buf = append(e.buf, byte(c))
		}
		e.flush(false)
	}
}

func (ix *Index) encode(e *encoder) {
	var live []int32
	for r, k := range ix.cols.kind {
		if k != dead {
			live = append(live, int32(r))
		}
	}
	e.buf = append(e.buf, magic...)
	e.u32(formatVersion)
	e.u32(uint32(ix.dims))
	e.buf = binary.LittleEndian.AppendUint64(e.buf, uint64(len(live)))
	cs := &ix.cols
	for _, d := range []*dict{&cs.kinds, &cs.visibilities, &cs.sources, &cs.languages} {
		e.u32(uint32(len(d.names)))
		for _, n := range d.names {
			e.str(n)
		}
	}
	le := binary.LittleEndian
	column(e, live, cs.kind, func(b []byte, v uint8) []byte { return append(b, v) })
	column(e, live, cs.vis, func(b []byte, v uint8) []byte { return append(b, v) })
	column(e, live, cs.source, le.AppendUint16)
	column(e, live, cs.lang, le.AppendUint16)
	column(e, live, cs.created, func(b []byte, v int64) []byte { return le.AppendUint64(b, uint64(v)) })
	column(e, live, cs.doc, func(b []byte, v int64) []byte { return le.AppendUint64(b, uint64(v)) })
	column(e, live, cs.ordinal, func(b []byte, v int32) []byte { return le.AppendUint32(b, uint32(v)) })
	for _, col := range [][]float32{ix.scale, ix.rscale, ix.bound} {
		column(e, live, col, func(b []byte, v float32) []byte { return le.AppendUint32(b, math.Float32bits(v)) })
	}
	e.codes(live, ix.first, ix.stride, ix.dims)
	e.codes(live, ix.second, ix.stride, ix.dims)
	e.flush(true)
	if e.err == nil {
		e.buf = le.AppendUint32(e.buf, e.crc.Sum32())
		_, e.err = e.w.Write(e.buf)
	}
}
