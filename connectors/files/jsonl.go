package files

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Problem is one bad record, or one repaired, named by its file and line.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// Error formats the problem as "file:line: message".
func (p Problem) Error() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Message)
}

// DefaultMaxRecordBytes is the largest record accepted when Options sets no
// limit: far above any real article, low enough that one runaway line cannot
// exhaust memory or the indexes.
const DefaultMaxRecordBytes = 4 << 20

// lineReader yields the lines of r one at a time, counting them, and refuses
// lines over max without reading them into memory whole.
type lineReader struct {
	r    *bufio.Reader
	max  int
	line int
	n    int64 // bytes consumed, for progress
	buf  []byte
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// errTooLong reports a line over the limit; the reader has skipped past it.
type errTooLong struct{ size int64 }

func (e errTooLong) Error() string { return fmt.Sprintf("%d bytes", e.size) }

// next returns the next line without its newline. At the end it returns
// io.EOF; a line over the limit gives errTooLong and is skipped.
func (lr *lineReader) next() ([]byte, error) {
	lr.buf = lr.buf[:0]
	var size int64
	tooLong := false
	for {
		chunk, err := lr.r.ReadSlice('\n')
		size += int64(len(chunk))
		lr.n += int64(len(chunk))
		if !tooLong {
			if len(lr.buf)+len(chunk) > lr.max+1 { // +1: the newline
				tooLong, lr.buf = true, lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && size == 0:
			return nil, io.EOF
		case err != nil && err != io.EOF:
			return nil, err
		}
		lr.line++
		if tooLong {
			return nil, errTooLong{size}
		}
		return bytes.TrimRight(lr.buf, "\r\n"), nil
	}
}

// decodeJSONL reads one JSON object per line into a fresh T for each line and
// hands it to emit. Bad lines become problems; the rest go on. It returns
// only errors of the underlying reader (or of emit).
func decodeJSONL[T any](r io.Reader, file string, max int, emit func(line int, rec *T, warn []Problem) error, report func(Problem)) (int64, error) {
	lr := newLineReader(r, max)
	for {
		raw, err := lr.next()
		var tl errTooLong
		switch {
		case err == io.EOF:
			return lr.n, nil
		case errors.As(err, &tl):
			report(Problem{file, lr.line, fmt.Sprintf("record is %d bytes, over the limit of %d bytes: skipped", tl.size, max)})
			continue
		case err != nil:
			return lr.n, fmt.Errorf("read %s: %w", file, err)
		}
		if lr.line == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")) // a UTF-8 byte-order mark
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		var warn []Problem
		if !utf8.Valid(raw) {
			raw = bytes.ToValidUTF8(raw, []byte("\uFFFD"))
			warn = append(warn, Problem{file, lr.line, "invalid UTF-8 replaced with U+FFFD"})
		}
		rec := new(T)
		if err := json.Unmarshal(raw, rec); err != nil {
			report(Problem{file, lr.line, describeJSONError(err)})
			continue
		}
		if err := emit(lr.line, rec, warn); err != nil {
			return lr.n, err
		}
	}
}

// describeJSONError turns encoding/json's messages into ones a person who
// edits the file can act on.
func describeJSONError(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			return fmt.Sprintf("want a JSON object, got %s", te.Value)
		}
		return fmt.Sprintf("field %q: want %s, got %s", field, goTypeName(te.Type.String()), te.Value)
	case errors.As(err, &se):
		return fmt.Sprintf("invalid JSON at byte %d: %s", se.Offset, se.Error())
	}
	msg := err.Error()
	if strings.Contains(msg, "parsing time") {
		return "a time is not RFC 3339 (like 2025-03-04T09:30:00Z): " + strings.TrimPrefix(msg, "parsing time ")
	}
	return msg
}

func goTypeName(t string) string {
	switch {
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case t == "bool", t == "*bool":
		return "true or false"
	case strings.HasPrefix(t, "files."), strings.HasPrefix(t, "*files."):
		return "an object"
	case strings.Contains(t, "time.Time"):
		return "an RFC 3339 time"
	}
	return t
}
