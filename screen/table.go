package screen

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// DefaultReviewBand is how far below the threshold a best score still
// goes to the review band of a TableWriter.
const DefaultReviewBand = 0.10

// maxReview bounds the review-band rows a TableWriter keeps for the end;
// the rest are counted.
const maxReview = 500

// TableWriter writes screening results for people: one row per match (a
// record whose results reach the threshold), in input order, then, apart,
// the records whose best score falls in the review band just below the
// threshold, then malformed records. Records with nothing to show are
// counted, not printed. Rows are aligned in chunks of 64.
type TableWriter struct {
	w      io.Writer
	tw     *tabwriter.Writer
	band   float64
	thresh float64
	rows   int
	review []*Record
	// counts
	records, matched, inBand, clean, malformed int
	errs                                       []string
}

// NewTableWriter returns a TableWriter writing to w. threshold is the
// score from which a result is a match (the screening's); band is how far
// below it a best score goes to the review band (0 means
// DefaultReviewBand). Call Flush at the end.
func NewTableWriter(w io.Writer, threshold, band float64) *TableWriter {
	if band <= 0 {
		band = DefaultReviewBand
	}
	return &TableWriter{w: w, band: band, thresh: threshold}
}

// Write takes one record.
func (t *TableWriter) Write(r *Record) error {
	t.records++
	if r.Error != "" {
		t.malformed++
		if len(t.errs) < 20 {
			t.errs = append(t.errs, fmt.Sprintf("line %d (%s): %s", r.Line, r.ID, r.Error))
		}
		return nil
	}
	hit := false
	for i := range r.Matches {
		if r.Matches[i].Match {
			hit = true
			break
		}
	}
	switch {
	case hit:
		t.matched++
		return t.writeHits(r)
	case len(r.Matches) > 0 && t.reviewable(r):
		t.inBand++
		if len(t.review) < maxReview {
			c := *r
			t.review = append(t.review, &c)
		}
	default:
		t.clean++
	}
	return nil
}

// reviewable reports whether the best result of r (below the threshold)
// is within the band.
func (t *TableWriter) reviewable(r *Record) bool {
	return r.Matches[0].Score >= t.thresh-t.band-1e-9
}

func (t *TableWriter) header() {
	t.tw = tabwriter.NewWriter(t.w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(t.tw, "LINE\tID\tNAME\tSCORE\tLISTED AS\tLISTS\tENTITY")
}

func (t *TableWriter) writeHits(r *Record) error {
	if t.tw == nil {
		fmt.Fprintln(t.w, "Matches:")
		t.header()
	}
	name := r.Name
	for i := range r.Matches {
		m := &r.Matches[i]
		if !m.Match {
			continue
		}
		fmt.Fprintf(t.tw, "%d\t%s\t%s\t%.2f\t%s\t%s\t%s\n", r.Line, clip(r.ID, 16), clip(name, 40), m.Score, clip(m.Caption, 48), lists(m), m.EntityID)
		name = "" // the name once per record
		t.rows++
	}
	if t.rows >= 64 {
		t.rows = 0
		return t.tw.Flush()
	}
	return nil
}

// Flush writes the rest: pending rows, the review band, malformed
// records and the counts.
func (t *TableWriter) Flush() error {
	if t.tw != nil {
		if err := t.tw.Flush(); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(t.w, "Matches: none")
	}
	if len(t.review) > 0 {
		fmt.Fprintf(t.w, "\nReview band (best score %.2f to %.2f, below the threshold: not matches, worth a look):\n", t.thresh-t.band, t.thresh)
		tw := tabwriter.NewWriter(t.w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "LINE\tID\tNAME\tBEST\tCLOSEST LISTED\tLISTS\tENTITY")
		for _, r := range t.review {
			m := &r.Matches[0]
			fmt.Fprintf(tw, "%d\t%s\t%s\t%.2f\t%s\t%s\t%s\n", r.Line, clip(r.ID, 16), clip(r.Name, 40), m.Score, clip(m.Caption, 48), lists(m), m.EntityID)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if t.inBand > len(t.review) {
			fmt.Fprintf(t.w, "... and %d more in the review band (use --format jsonl for all)\n", t.inBand-len(t.review))
		}
	}
	if len(t.errs) > 0 {
		fmt.Fprintln(t.w, "\nMalformed records (not screened):")
		for _, e := range t.errs {
			fmt.Fprintln(t.w, "  "+e)
		}
		if t.malformed > len(t.errs) {
			fmt.Fprintf(t.w, "  ... and %d more\n", t.malformed-len(t.errs))
		}
	}
	_, err := fmt.Fprintf(t.w, "\n%d records: %d with matches, %d in the review band, %d clear, %d malformed\n",
		t.records, t.matched, t.inBand, t.clean, t.malformed)
	return err
}

// clip shortens s to at most n runes, marking the cut with "…"; tabs and
// newlines become spaces so that the table stays aligned.
func clip(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// lists names the lists of a match's party: every dataset, or the one
// dataset when the match carries no others.
func lists(m *Match) string {
	if len(m.Datasets) == 0 {
		return m.Dataset
	}
	return strings.Join(m.Datasets, ",")
}
