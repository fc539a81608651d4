package vectors

import (
	"encoding/binary"
	"fmt"
	"hash"
	"io"
	"math"
)

// decoder reads the little-endian values of a snapshot of size bytes,
// summing them.
type decoder struct {
	r    io.Reader // tees into crc
	crc  hash.Hash32
	size int64
	buf  []byte
}

// next returns the next n bytes, valid until the next call.
func (d *decoder) next(n int) ([]byte, error) {
	if cap(d.buf) < n {
		d.buf = make([]byte, n)
	}
	b := d.buf[:n]
	_, err := io.ReadFull(d.r, b)
	return b, err
}

func (d *decoder) u32() (uint32, error) {
	b, err := d.next(4)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b), nil
}

// header reads the header and returns the number of rows.
func (d *decoder) header(dims int) (int, error) {
	b, err := d.next(headerSize)
	if err != nil {
		return 0, err
	}
	if string(b[:8]) != magic {
		return 0, fmt.Errorf("%w: bad magic", ErrCorrupt)
	}
	le := binary.LittleEndian
	if v := le.Uint32(b[8:]); v != formatVersion {
		return 0, fmt.Errorf("%w: format version %d, want %d", ErrIncompatible, v, formatVersion)
	}
	if got := le.Uint32(b[12:]); got != uint32(dims) {
		return 0, fmt.Errorf("%w: %d dimensions, want %d", ErrIncompatible, got, dims)
	}
	rows := le.Uint64(b[16:])
	// Checked before allocating: a damaged count must not ask for
	// terabytes.
	if rows > uint64(d.size)/uint64(rowBytes+2*dims) {
		return 0, fmt.Errorf("%w: %d rows do not fit in %d bytes", ErrCorrupt, rows, d.size)
	}
	return int(rows), nil
}

func (d *decoder) dict(into *dict) error {
	n, err := d.u32()
	if err != nil {
		return err
	}
	if int(n) > into.limit {
		return fmt.Errorf("%w: dictionary of %d values", ErrCorrupt, n)
	}
	for range n {
		l, err := d.u32()
		if err != nil {
			return err
		}
		if l > maxName {
			return fmt.Errorf("%w: value of %d bytes", ErrCorrupt, l)
		}
		b, err := d.next(int(l))
		if err != nil {
			return err
		}
		if _, dup := into.ids[string(b)]; dup {
			return fmt.Errorf("%w: dictionary repeats a value", ErrCorrupt)
		}
		if _, err := into.intern(string(b)); err != nil {
			return fmt.Errorf("%w: %w", ErrCorrupt, err)
		}
	}
	return nil
}

// readColumn reads rows values of size bytes each.
func readColumn[T any](d *decoder, rows, size int, get func([]byte) T) ([]T, error) {
	col := make([]T, 0, rows)
	per := max(1, (1<<16)/size)
	for len(col) < rows {
		n := min(per, rows-len(col))
		b, err := d.next(n * size)
		if err != nil {
			return nil, err
		}
		for i := range n {
			col = append(col, get(b[i*size:]))
		}
	}
	return col, nil
}

// readCodes reads rows*dims codes into rows of stride.
func (d *decoder) readCodes(rows, dims, stride int) ([]int8, error) {
	codes := make([]int8, rows*stride)
	for r := range rows {
		b, err := d.next(dims)
		if err != nil {
			return nil, err
		}
		row := codes[r*stride:]
		for i, c := range b {
			row[i] = int8(c)
		}
	}
	return codes, nil
}

// decode reads a snapshot into the empty index.
func (ix *Index) decode(d *decoder) error {
	rows, err := d.header(ix.dims)
	if err != nil {
		return err
	}
	cs := &ix.cols
	for _, dc := range []*dict{&cs.kinds, &cs.visibilities, &cs.sources, &cs.languages} {
		if err := d.dict(dc); err != nil {
			return err
		}
	}
	if err := ix.decodeColumns(d, rows); err != nil {
		return err
	}
	if ix.first, err = d.readCodes(rows, ix.dims, ix.stride); err != nil {
		return err
	}
	if ix.second, err = d.readCodes(rows, ix.dims, ix.stride); err != nil {
		return err
	}
	sum := d.crc.Sum32()
	got, err := d.u32()
	if err != nil {
		return err
	}
	if got != sum {
		return fmt.Errorf("%w: checksum mismatch", ErrCorrupt)
	}
	if n, _ := d.r.Read(make([]byte, 1)); n > 0 {
		return fmt.Errorf("%w: data after the checksum", ErrCorrupt)
	}
	return ix.checkColumns()
}

func (ix *Index) decodeColumns(d *decoder, rows int) (err error) {
	cs, le := &ix.cols, binary.LittleEndian
	u8 := func(b []byte) uint8 { return b[0] }
	i64 := func(b []byte) int64 { return int64(le.Uint64(b)) }
	f32 := func(b []byte) float32 { return math.Float32frombits(le.Uint32(b)) }
	if cs.kind, err = readColumn(d, rows, 1, u8); err != nil {
		return err
	}
	if cs.vis, err = readColumn(d, rows, 1, u8); err != nil {
		return err
	}
	if cs.source, err = readColumn(d, rows, 2, le.Uint16); err != nil {
		return err
	}
	if cs.lang, err = readColumn(d, rows, 2, le.Uint16); err != nil {
		return err
	}
	if cs.created, err = readColumn(d, rows, 8, i64); err != nil {
		return err
	}
	if cs.doc, err = readColumn(d, rows, 8, i64); err != nil {
		return err
	}
	if cs.ordinal, err = readColumn(d, rows, 4, func(b []byte) int32 { return int32(le.Uint32(b)) }); err != nil {
		return err
	}
	for _, col := range []*[]float32{&ix.scale, &ix.rscale, &ix.bound} {
		if *col, err = readColumn(d, rows, 4, f32); err != nil {
			return err
		}
	}
	return nil
}

// checkColumns rejects numbers outside their dictionaries, which a bug
// rather than damage (the checksum catches that) would have written.
func (ix *Index) checkColumns() error {
	cs := &ix.cols
	for r := range cs.kind {
		if int(cs.kind[r]) >= len(cs.kinds.names) || int(cs.vis[r]) >= len(cs.visibilities.names) ||
			int(cs.source[r]) >= len(cs.sources.names) || int(cs.lang[r]) >= len(cs.languages.names) {
			return fmt.Errorf("%w: row %d: value outside its dictionary", ErrCorrupt, r)
		}
	}
	return nil
}
