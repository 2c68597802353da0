package screen

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/redline-sanctions/redline/match"
)

// Output formats.
const (
	OutputJSONL = "jsonl"
	OutputCSV   = "csv"
	// OutputTable is for people: the matches only, then the review band
	// (see TableWriter).
	OutputTable = "table"
)

// NewWriter returns the writer for an output format, OutputJSONL or
// OutputCSV (every record). OutputTable needs the threshold: see
// NewTableWriter.
func NewWriter(w io.Writer, format string) (Writer, error) {
	switch format {
	case OutputJSONL, "":
		return NewJSONLWriter(w), nil
	case OutputCSV:
		return NewCSVWriter(w), nil
	}
	return nil, fmt.Errorf("screen: unknown output format %q (want %q or %q)", format, OutputJSONL, OutputCSV)
}

// JSONLWriter writes each record as one line of JSON.
type JSONLWriter struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

// NewJSONLWriter returns a JSONLWriter writing to w. Call Flush at the end.
func NewJSONLWriter(w io.Writer) *JSONLWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &JSONLWriter{bw: bw, enc: enc}
}

// Write writes one record.
func (j *JSONLWriter) Write(r *Record) error { return j.enc.Encode(r) }

// Flush writes out the buffered records.
func (j *JSONLWriter) Flush() error { return j.bw.Flush() }

// CSVHeader is the header row CSVWriter writes: one row per input record,
// the best match spelled out, and all matches as a JSON array in the last
// column.
var CSVHeader = []string{"id", "line", "name", "flagged", "match_count", "top_score", "top_dataset", "top_source_id", "top_entity_id", "top_caption", "top_matched_name", "matches", "error"}

// CSVWriter writes records as CSV rows under CSVHeader.
type CSVWriter struct {
	bw     *bufio.Writer
	cw     *csv.Writer
	header bool
}

// NewCSVWriter returns a CSVWriter writing to w. Call Flush at the end.
func NewCSVWriter(w io.Writer) *CSVWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	return &CSVWriter{bw: bw, cw: csv.NewWriter(bw)}
}

// Write writes one record, after the header row for the first.
func (c *CSVWriter) Write(r *Record) error {
	if !c.header {
		c.header = true
		if err := c.cw.Write(CSVHeader); err != nil {
			return err
		}
	}
	flagged, n := false, 0
	for _, m := range r.Matches {
		if m.Match {
			flagged = true
			n++
		}
	}
	row := []string{r.ID, strconv.Itoa(r.Line), r.Name, strconv.FormatBool(flagged), strconv.Itoa(n), "", "", "", "", "", "", "", r.Error}
	if len(r.Matches) > 0 {
		m := r.Matches[0]
		row[5] = strconv.FormatFloat(match.RoundScore(m.Score), 'f', -1, 64)
		row[6], row[7], row[8], row[9], row[10] = m.Dataset, m.SourceID, m.EntityID, m.Caption, m.MatchedName
	}
	b, err := json.Marshal(r.Matches)
	if err != nil {
		return err
	}
	row[11] = string(b)
	return c.cw.Write(row)
}

// Flush writes out the buffered rows.
func (c *CSVWriter) Flush() error {
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}
