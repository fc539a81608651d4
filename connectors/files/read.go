package files

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Options controls how files are read.
type Options struct {
	// MaxRecordBytes refuses larger records (a JSONL line, a CSV row, a
	// document file); 0 means DefaultMaxRecordBytes.
	MaxRecordBytes int
	// Map maps record fields to CSV columns (see ParseMap).
	Map map[string]string
	// Progress, when set, is called with the number of bytes read so far
	// since the last call.
	Progress func(delta int64)
}

func (o Options) max() int {
	if o.MaxRecordBytes <= 0 {
		return DefaultMaxRecordBytes
	}
	return o.MaxRecordBytes
}

// Item is one record read, with where it came from and any repairs made.
type Item[T any] struct {
	File     string
	Line     int // 0 for a record that is a whole file
	Record   *T
	Warnings []Problem
}

// ReadArticles reads articles from files and folders: JSONL, CSV, and
// Markdown, HTML and text documents. Each good record goes to emit, each bad
// one to report; an error is returned only when a file cannot be read at
// all, emit fails, or ctx ends.
func ReadArticles(ctx context.Context, paths []string, opts Options, emit func(Item[Article]) error, report func(Problem)) error {
	return readAll(ctx, paths, opts, true, emit, report, articleFromRow)
}

// ReadTickets reads tickets from JSONL and CSV files and folders of them.
func ReadTickets(ctx context.Context, paths []string, opts Options, emit func(Item[Ticket]) error, report func(Problem)) error {
	return readAll(ctx, paths, opts, false, emit, report, ticketFromRow)
}

// Files expands paths into the files that would be read, and their total size
// in bytes (for a progress bar).
func Files(paths []string, articles bool) ([]string, int64, error) {
	var out []string
	var total int64
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", p, noSuchFile(err))
		}
		list := []string{p}
		if info.IsDir() {
			if list, err = walkFolder(p); err != nil {
				return nil, 0, fmt.Errorf("%s: %w", p, err)
			}
		}
		for _, f := range list {
			if f != p && !articles && !isExport(f) {
				continue // a folder of tickets: only exports count
			}
			fi, err := os.Stat(f)
			if err != nil {
				return nil, 0, fmt.Errorf("%s: %w", f, err)
			}
			out = append(out, f)
			total += fi.Size()
		}
	}
	return out, total, nil
}

func noSuchFile(err error) error {
	if os.IsNotExist(err) {
		return fmt.Errorf("no such file or folder")
	}
	return err
}

func isExport(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".jsonl" || ext == ".ndjson" || ext == ".csv"
}

func readAll[T any](ctx context.Context, paths []string, opts Options, articles bool, emit func(Item[T]) error, report func(Problem), fromRow func(map[string]string) (*T, error)) error {
	list, _, err := Files(paths, articles)
	if err != nil {
		return err
	}
	for _, f := range list {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := readFile(ctx, f, rootOf(paths, f), opts, articles, emit, report, fromRow); err != nil {
			return err
		}
	}
	return nil
}

// rootOf returns the folder argument a file was found under, so that
// document ids are paths relative to it.
func rootOf(paths []string, f string) string {
	for _, p := range paths {
		if rel, err := filepath.Rel(p, f); err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
			return p
		}
	}
	return filepath.Dir(f)
}

func readFile[T any](ctx context.Context, f, root string, opts Options, articles bool, emit func(Item[T]) error, report func(Problem), fromRow func(map[string]string) (*T, error)) error {
	ext := strings.ToLower(filepath.Ext(f))
	if _, doc := documentExts[ext]; doc && articles {
		return readDocument(f, root, opts, emit, report)
	}
	fh, err := os.Open(f)
	if err != nil {
		return fmt.Errorf("open %s: %w", f, err)
	}
	defer fh.Close()
	var r io.Reader = fh
	if opts.Progress != nil {
		r = &progressReader{r: fh, fn: opts.Progress}
	}
	switch ext {
	case ".csv":
		fields := TicketFields
		if articles {
			fields = ArticleFields
		}
		return csvRows(r, f, fields, opts.Map, opts.max(), func(line int, row map[string]string, warn []Problem) error {
			rec, err := fromRow(row)
			if err != nil {
				report(Problem{f, line, err.Error()})
				return ctx.Err()
			}
			return emitCtx(ctx, emit, Item[T]{f, line, rec, warn})
		}, report)
	case ".jsonl", ".ndjson":
		_, err := decodeJSONL(r, f, opts.max(), func(line int, rec *T, warn []Problem) error {
			return emitCtx(ctx, emit, Item[T]{f, line, rec, warn})
		}, report)
		return err
	}
	report(Problem{f, 0, fmt.Sprintf("unknown file type %q: use .jsonl, .csv, .md, .html or .txt", ext)})
	return nil
}

func emitCtx[T any](ctx context.Context, emit func(Item[T]) error, it Item[T]) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return emit(it)
}

// readDocument emits one file as one article. T is always Article here.
func readDocument[T any](f, root string, opts Options, emit func(Item[T]) error, report func(Problem)) error {
	a, warn, err := readDocumentFile(root, f, opts.max())
	if opts.Progress != nil {
		if fi, serr := os.Stat(f); serr == nil {
			opts.Progress(fi.Size())
		}
	}
	if err != nil {
		report(Problem{f, 0, err.Error()})
		return nil
	}
	rec, ok := any(a).(*T)
	if !ok {
		return fmt.Errorf("files: document %s read as the wrong record type", f)
	}
	return emit(Item[T]{f, 0, rec, warn})
}

type progressReader struct {
	r  io.Reader
	fn func(int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.fn(int64(n))
	}
	return n, err
}
