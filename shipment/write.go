package shipment

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Record is the output record of one shipment (--format jsonl).
type Record struct {
	ShipmentID string `json:"shipment_id"`
	Line       int    `json:"line"`
	Risk       int    `json:"risk"`
	Level      string `json:"level"`
	HSCode     string `json:"hs_code,omitempty"`
	CHPLTier   string `json:"chpl_tier,omitempty"`
	Concern    string `json:"concern,omitempty"`
	Flags      []Flag `json:"flags"`
	Planted    string `json:"planted,omitempty"`
}

// RecordOf returns the output record of an assessment.
func RecordOf(a *Assessment) Record {
	return Record{ShipmentID: a.ShipmentID, Line: a.Line, Risk: a.Risk, Level: a.Level,
		HSCode: a.Goods.HSCode, CHPLTier: a.Goods.CHPLTier, Concern: a.Goods.Concern, Flags: a.Flags, Planted: a.Planted}
}

// Writer writes assessments as JSON lines or CSV. Call Flush at the end.
type Writer struct {
	format string
	bw     *bufio.Writer
	enc    *json.Encoder
	cw     *csv.Writer
	header bool
}

// NewWriter returns a Writer of the format "jsonl" or "csv".
func NewWriter(w io.Writer, format string) (*Writer, error) {
	bw := bufio.NewWriterSize(w, 256<<10)
	switch format {
	case "jsonl", "":
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		return &Writer{format: "jsonl", bw: bw, enc: enc}, nil
	case "csv":
		return &Writer{format: "csv", bw: bw, cw: csv.NewWriter(bw)}, nil
	}
	return nil, fmt.Errorf("shipment: unknown output format %q (want jsonl or csv)", format)
}

// CSVHeader is the header of the CSV output.
var CSVHeader = []string{"shipment_id", "line", "risk", "level", "hs_code", "chpl_tier", "flags", "evidence", "planted"}

// Write writes one assessment.
func (w *Writer) Write(a *Assessment) error {
	if w.format == "jsonl" {
		return w.enc.Encode(RecordOf(a))
	}
	if !w.header {
		w.header = true
		if err := w.cw.Write(CSVHeader); err != nil {
			return err
		}
	}
	ids := make([]string, len(a.Flags))
	ev := make([]string, len(a.Flags))
	for i, f := range a.Flags {
		ids[i] = f.Rule
		ev[i] = f.Rule + ": " + f.Evidence + " [" + f.Source + "]"
	}
	return w.cw.Write([]string{a.ShipmentID, strconv.Itoa(a.Line), strconv.Itoa(a.Risk), a.Level,
		a.Goods.HSCode, a.Goods.CHPLTier, strings.Join(ids, ";"), strings.Join(ev, " | "), a.Planted})
}

// Flush writes any buffered data.
func (w *Writer) Flush() error {
	if w.cw != nil {
		w.cw.Flush()
		if err := w.cw.Error(); err != nil {
			return err
		}
	}
	return w.bw.Flush()
}
