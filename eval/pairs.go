package eval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/source"
)

// PairsFormat describes the inputs ReadPairs takes, for messages.
const PairsFormat = `JSON lines of {"id", "left", "right"} with FtM-style records {"schema", "properties"}, ` +
	`or a JSON array of such objects (the OpenSanctions pairs file, with "judgement")`

// Pair is one pair of records to score.
type Pair struct {
	// ID is the pair's "id" as written; its 1-based number when absent.
	ID          json.RawMessage
	Left, Right *entity.Entity
	// Judgement is "positive", "negative" or "" (unlabelled).
	Judgement string
	// Line is where the pair starts in the input.
	Line int
}

// pairJSON is a pair as written; records need no id.
type pairJSON struct {
	ID        json.RawMessage `json:"id"`
	Left      *recordJSON     `json:"left"`
	Right     *recordJSON     `json:"right"`
	Judgement string          `json:"judgement"`
}

type recordJSON struct {
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
}

// check returns the pair, or why it cannot be scored.
func (p *pairJSON) check(n, line int) (Pair, error) {
	switch {
	case p.Left == nil || p.Right == nil:
		return Pair{}, errors.New(`want "left" and "right" records`)
	case p.Left.Schema == "" || p.Right.Schema == "":
		return Pair{}, errors.New(`"left" and "right" need a "schema"`)
	case !entity.Known(p.Left.Schema) || !entity.Known(p.Right.Schema):
		return Pair{}, fmt.Errorf("unknown schema %q or %q", p.Left.Schema, p.Right.Schema)
	}
	rec := func(r *recordJSON) *entity.Entity {
		e := &entity.Entity{Schema: r.Schema, Properties: r.Properties}
		if e.Properties == nil {
			e.Properties = map[string][]string{}
		}
		return e
	}
	id := p.ID
	if len(id) == 0 {
		id = json.RawMessage(fmt.Sprint(n))
	}
	return Pair{ID: id, Left: rec(p.Left), Right: rec(p.Right), Judgement: p.Judgement, Line: line}, nil
}

// ReadPairs reads pairs from r, named name in problems: JSON lines, or a
// JSON array (told apart by the first character that is not white
// space), gzipped or not when r comes from source.Open. Each malformed
// pair is recorded as a problem with its line and skipped; the read goes
// on. A JSON lines line longer than source.MaxRecordSize, or an array
// that is not valid JSON, stops it with an error.
func ReadPairs(ctx context.Context, r io.Reader, name string, emit func(Pair) error) (records int, problems []source.Problem, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	skipped := 0 // lines of white space before the first pair
	for {
		b, err := br.Peek(1)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return 0, nil, nil
			}
			return 0, nil, &source.Error{File: name, Err: err}
		}
		if c := b[0]; c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			br.ReadByte()
			if c == '\n' {
				skipped++
			}
			continue
		} else if c == '[' {
			return readPairsArray(ctx, br, name, skipped, emit)
		}
		return readPairsLines(ctx, br, name, skipped, emit)
	}
}

func readPairsLines(ctx context.Context, br *bufio.Reader, name string, line int, emit func(Pair) error) (records int, problems []source.Problem, err error) {
	for {
		if err := ctx.Err(); err != nil {
			return records, problems, err
		}
		b, rerr := readLine(br)
		if len(b) > 0 || rerr == nil {
			line++
		}
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			return records, problems, &source.Error{File: name, Line: line, Err: rerr}
		}
		if t := bytes.TrimSpace(b); len(t) > 0 {
			records++
			var pj pairJSON
			p, perr := Pair{}, json.Unmarshal(t, &pj)
			if perr != nil {
				perr = fmt.Errorf("not a JSON object (want %s): %w", PairsFormat, perr)
			} else {
				p, perr = pj.check(records, line)
			}
			if perr != nil {
				problems = append(problems, source.Problem{File: name, Line: line, Reason: perr.Error(), Skipped: true})
			} else if err := emit(p); err != nil {
				return records, problems, err
			}
		}
		if errors.Is(rerr, io.EOF) {
			return records, problems, nil
		}
	}
}

// lineCounter passes bytes through and remembers where each line ends, so
// that a position in the stream can be told as a line.
type lineCounter struct {
	r      io.Reader
	n      int64
	lines  []int64 // offsets of the '\n's seen
	before int     // lines before the stream's first byte
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			c.lines = append(c.lines, c.n+int64(i))
		}
	}
	c.n += int64(n)
	return n, err
}

// line returns the 1-based line of offset off.
func (c *lineCounter) line(off int64) int {
	return c.before + sort.Search(len(c.lines), func(i int) bool { return c.lines[i] >= off }) + 1
}

func readPairsArray(ctx context.Context, br *bufio.Reader, name string, skipped int, emit func(Pair) error) (records int, problems []source.Problem, err error) {
	lc := &lineCounter{r: br, before: skipped}
	dec := json.NewDecoder(lc)
	if _, err := dec.Token(); err != nil { // [
		return 0, nil, &source.Error{File: name, Line: 1, Err: err}
	}
	for dec.More() {
		if err := ctx.Err(); err != nil {
			return records, problems, err
		}
		start := dec.InputOffset()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			at := start
			var se *json.SyntaxError
			if errors.As(err, &se) {
				at = se.Offset
			} else if errors.Is(err, io.ErrUnexpectedEOF) {
				at = lc.n
			}
			return records, problems, &source.Error{File: name, Line: lc.line(at), Err: fmt.Errorf("not a JSON array of pairs: %w", err)}
		}
		line := lc.line(dec.InputOffset() - int64(len(raw)))
		records++
		var pj pairJSON
		p, perr := Pair{}, json.Unmarshal(raw, &pj)
		if perr != nil {
			perr = fmt.Errorf("element %d is not a pair object: %w", records, perr)
		} else {
			p, perr = pj.check(records, line)
		}
		if perr != nil {
			problems = append(problems, source.Problem{File: name, Line: line, Element: fmt.Sprintf("[%d]", records-1), Reason: perr.Error(), Skipped: true})
		} else if err := emit(p); err != nil {
			return records, problems, err
		}
	}
	if _, err := dec.Token(); err != nil { // ]
		return records, problems, &source.Error{File: name, Line: lc.line(dec.InputOffset()), Err: fmt.Errorf("unterminated JSON array: %w", err)}
	}
	return records, problems, nil
}

// readLine reads one line without its end, refusing lines longer than
// source.MaxRecordSize.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > source.MaxRecordSize {
			return nil, fmt.Errorf("line longer than %d bytes: %w", source.MaxRecordSize, source.ErrTooLarge)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimRight(line, "\r\n"), err
	}
}

// PairResult is the score of one pair, as `redline match` writes it.
type PairResult struct {
	ID    json.RawMessage `json:"id"`
	Score float64         `json:"score"`
	Match bool            `json:"match"`
	// Judgement is the pair's label when the input has one.
	Judgement string `json:"judgement,omitempty"`
	// Explanation is set when asked for.
	Explanation *match.Explanation `json:"explanation,omitempty"`
}

// ScorePairs scores every pair of r (see ReadPairs) with opts and writes
// one PairResult a line to w, scores rounded to 3 decimals. It returns the
// records read and the problems of those it could not score.
func ScorePairs(ctx context.Context, r io.Reader, name string, opts match.Options, explain bool, w io.Writer) (records int, problems []source.Problem, err error) {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	records, problems, err = ReadPairs(ctx, r, name, func(p Pair) error {
		score, ex := match.Score(p.Left, p.Right, opts)
		res := PairResult{ID: p.ID, Score: round3(score), Match: score >= opts.Threshold, Judgement: p.Judgement}
		if explain {
			res.Explanation = &ex
		}
		return enc.Encode(res)
	})
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return records, problems, err
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
