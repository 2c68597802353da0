package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/redline-sanctions/redline/goods"
)

// runGoodsClassify classifies goods descriptions against the HS
// nomenclature and the CHPL.
//
// The words of the command line form one description; "-" instead reads
// descriptions from standard input, one per line, where a line
// "CODE<TAB>DESCRIPTION" carries its own declared HS code. --hs gives the
// declared code of the command-line description (and of stdin lines
// without one); --hs alone classifies the code.
//
// --format json writes one JSON object per input, one per line (JSON
// lines): the input, then the classification fields hs_code, hs_heading,
// chpl_tier (null when not on the CHPL), concern (null when none),
// confidence, evidence, description, and hs_declared / hs_mismatch when a
// code was declared.
func runGoodsClassify(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "goods classify")
	hs := fs.String("hs", "", "declared HS code (any common writing: 8542.31, 854231, 8542 31 00 00, 85423190)")
	format := fs.String("format", "table", "output format: table or json (JSON lines, one object per input)")
	fs.Usage = func() {
		fmt.Fprintln(a.stderr, `usage: redline goods classify [--hs CODE] [--format table|json] [DESCRIPTION... | -]
The words given form one description (English, Russian or Chinese).
"-" reads one description per line from standard input; a line
"CODE<TAB>DESCRIPTION" declares its own HS code.`)
		fs.PrintDefaults()
	}
	// Flags may come after the description words.
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if *format != "table" && *format != "json" {
		return usagef("--format %q: want table or json", *format)
	}
	type input struct{ desc, hs string }
	var inputs []input
	stdin := len(words) == 1 && words[0] == "-"
	switch {
	case stdin:
	case len(words) > 0:
		inputs = append(inputs, input{strings.Join(words, " "), *hs})
	case *hs != "":
		inputs = append(inputs, input{"", *hs})
	default:
		fs.Usage()
		return usagef("goods classify: give a description, --hs CODE, or - to read standard input")
	}
	if *hs != "" {
		if _, err := goods.ParseHS(*hs); err != nil {
			fmt.Fprintf(a.stderr, "redline: warning: --hs %q: %v; classifying by the description\n", *hs, err)
		}
	}
	c := goods.Default()
	out := &goodsWriter{w: a.stdout, json: *format == "json"}
	for _, in := range inputs {
		out.write(in.desc, c.Classify(in.desc, in.hs))
	}
	if stdin {
		if err := classifyLines(ctx, c, os.Stdin, *hs, out); err != nil {
			return err
		}
	}
	return out.flush()
}

// classifyLines classifies one description per line of r; a line
// "CODE<TAB>DESCRIPTION" declares its own code, other lines get hs.
func classifyLines(ctx context.Context, c *goods.Classifier, r io.Reader, hs string, out *goodsWriter) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		if err := ctx.Err(); err != nil {
			return err
		}
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		code := hs
		if k, rest, ok := strings.Cut(sc.Text(), "\t"); ok {
			code, text = strings.TrimSpace(k), strings.TrimSpace(rest)
		}
		out.write(text, c.Classify(text, code))
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("goods classify: standard input line %d: %w", line+1, err)
	}
	return nil
}

// goodsWriter writes classifications as a table or as JSON lines.
type goodsWriter struct {
	w    io.Writer
	json bool
	tw   *tabwriter.Writer
	err  error
}

func (g *goodsWriter) write(desc string, c goods.Classification) {
	if g.err != nil {
		return
	}
	if g.json {
		b, err := json.Marshal(c)
		if err != nil {
			g.err = err
			return
		}
		in, _ := json.Marshal(desc)
		_, g.err = fmt.Fprintf(g.w, "{\"input\":%s,%s\n", in, b[1:])
		return
	}
	if g.tw == nil {
		g.tw = tabwriter.NewWriter(g.w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(g.tw, "HS\tTIER\tCONCERN\tCONF\tVERDICT\tINPUT\tEVIDENCE")
	}
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	hs := "-"
	if c.HSCode != "" {
		hs = c.HSCode[:4] + "." + c.HSCode[4:]
	}
	ev := "-"
	if len(c.Evidence) > 0 {
		ev = c.Evidence[0]
	}
	if c.Mismatch {
		ev += " [declared code inconsistent]"
	}
	in := desc
	if r := []rune(in); len(r) > 48 {
		in = string(r[:47]) + "…"
	}
	fmt.Fprintf(g.tw, "%s\t%s\t%s\t%.2f\t%s\t%s\t%s\n", hs, dash(c.CHPLTier), dash(c.Concern), c.Confidence, verdictWords(c), dash(in), ev)
}

func (g *goodsWriter) flush() error {
	if g.err != nil {
		return g.err
	}
	if g.tw != nil {
		return g.tw.Flush()
	}
	return nil
}

// verdictWords is the VERDICT column: the munitions-list verdict, the CHPL
// tier, or "not listed" (never a bare "-" that reads as harmless).
func verdictWords(c goods.Classification) string {
	switch {
	case c.Military != "":
		return "MILITARY ITEM " + c.Military + ": licence required everywhere"
	case c.CHPLTier != "":
		return "CHPL Tier " + c.CHPLTier
	}
	return "not listed"
}
