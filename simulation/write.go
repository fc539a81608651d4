package simulation

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Files of a run's output folder.
const (
	ReportJSON  = "report.json"
	TicketsCSV  = "tickets.csv"
	ReportHTML  = "report.html"
	ResultsFile = "results.jsonl" // the checkpoint: one result per line
)

// WriteJSON writes report.json.
func WriteJSON(path string, rep *Report) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(path, append(b, '\n'))
}

// WriteCSV writes tickets.csv: one row a ticket, the columns formats.md
// lists, then the truth and prediction of each label the data has.
func WriteCSV(w io.Writer, decided []Decided) error {
	labels := labelsIn(decided)
	cw := csv.NewWriter(w)
	head := []string{"id", "created_at", "decision", "confidence", "judged_resolved", "citations", "handoff_reason"}
	for _, l := range labels {
		head = append(head, l, "predicted_"+l)
	}
	head = append(head, "judge_score", "language", "leaks")
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, d := range decided {
		row := []string{
			d.ID, d.CreatedAt.UTC().Format("2006-01-02T15:04:05Z07:00"), string(d.Decision),
			strconv.FormatFloat(d.Confidence, 'f', 4, 64), strconv.FormatBool(d.JudgedResolved),
			strings.Join(d.Citations, " "), string(d.Reason),
		}
		for _, l := range labels {
			row = append(row, d.Labels[l], d.Labels["predicted_"+l])
		}
		row = append(row, strconv.FormatFloat(d.JudgeScore, 'f', 3, 64), d.Language, strconv.Itoa(d.Leaks))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// labelsIn returns the labels any result has a truth for, in report order.
func labelsIn(decided []Decided) []string {
	var out []string
	for _, l := range []string{"category", "team", "priority"} {
		for _, d := range decided {
			if _, ok := d.Labels[l]; ok {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

// WriteAll writes report.json, tickets.csv and report.html into dir.
func WriteAll(dir string, rep *Report, decided []Decided, meta Meta) error {
	files, err := Render(rep, decided, meta)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	for _, name := range []string{ReportJSON, TicketsCSV, ReportHTML} {
		if err := writeAtomic(filepath.Join(dir, name), files[name]); err != nil {
			return err
		}
	}
	return nil
}

// Render returns report.json, tickets.csv and report.html by name, for a
// store that keeps them elsewhere than in a folder.
func Render(rep *Report, decided []Decided, meta Meta) (map[string][]byte, error) {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return nil, err
	}
	var csvBuf, html bytes.Buffer
	if err := WriteCSV(&csvBuf, decided); err != nil {
		return nil, err
	}
	if err := WriteHTML(&html, rep, decided, meta); err != nil {
		return nil, err
	}
	return map[string][]byte{ReportJSON: append(b, '\n'), TicketsCSV: csvBuf.Bytes(), ReportHTML: html.Bytes()}, nil
}

func writeAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o640); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Checkpoint appends results to results.jsonl as they come, so that an
// interrupted run resumes where it stopped.
type Checkpoint struct {
	f *os.File
	w *bufio.Writer
}

// OpenCheckpoint opens dir's checkpoint and returns the results it holds,
// by ticket id. A torn last line (the process was killed mid-write) is
// dropped; that ticket is simply answered again.
func OpenCheckpoint(dir string) (*Checkpoint, map[string]Result, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, nil, err
	}
	path := filepath.Join(dir, ResultsFile)
	done := map[string]Result{}
	good := int64(0)
	if f, err := os.Open(path); err == nil {
		r := bufio.NewReader(f)
		for {
			line, err := r.ReadBytes('\n')
			if errors.Is(err, io.EOF) {
				break // a line without its newline is torn
			}
			if err != nil {
				f.Close()
				return nil, nil, err
			}
			var res Result
			if json.Unmarshal(line, &res) != nil {
				break
			}
			done[res.ID] = res
			good += int64(len(line))
		}
		f.Close()
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o640)
	if err != nil {
		return nil, nil, err
	}
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("simulation: checkpoint: %w", err)
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, nil, err
	}
	return &Checkpoint{f: f, w: bufio.NewWriter(f)}, done, nil
}

// Add appends one result. It is flushed to the file at once: a killed
// run loses at most the line being written.
func (c *Checkpoint) Add(r Result) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if _, err := c.w.Write(append(b, '\n')); err != nil {
		return err
	}
	return c.w.Flush()
}

// Close closes the checkpoint file.
func (c *Checkpoint) Close() error {
	err := c.w.Flush()
	if cerr := c.f.Close(); err == nil {
		err = cerr
	}
	return err
}
