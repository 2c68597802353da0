package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/redline-sanctions/redline/internal/atomicfile"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/textscreen"
)

// runScreenText screens a text (news, report, filing; plain text, HTML or
// PDF-extracted text) for listed parties, goods of concern and reported
// transfers.
func runScreenText(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "screen text")
	format := fs.String("format", "table", "output format: table or json")
	lang := fs.String("lang", "auto", "language of the text: auto, en, ru or zh")
	report := fs.String("report", "", "also write a self-contained HTML report with the spans highlighted to `FILE.html`")
	threshold := fs.Float64("threshold", match.DefaultThreshold, "score at or above which a mention matches a listed entity")
	var datasets stringList
	fs.Var(&datasets, "dataset", "screen against this imported `dataset` only (repeatable; default all)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: redline screen text [flags] FILE   (FILE - reads standard input; UTF-8 text or HTML, at most 16 MiB)")
		fs.PrintDefaults()
	}
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("screen text: give one text file, or - for standard input")
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return err
	}
	if err := checkChoice("lang", *lang, "auto", "en", "ru", "zh"); err != nil {
		return err
	}
	opts := textscreen.Options{Lang: *lang, Match: match.DefaultOptions()}
	opts.Match.Threshold, opts.Match.Limit = *threshold, 5
	if err := opts.Match.Validate(); err != nil {
		return usagef("screen text: %v", err)
	}
	name := rest[0]
	var in io.Reader = os.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	} else {
		name = "stdin"
	}
	doc, err := textscreen.Read(in)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	m, err := loadMatcher(ctx, a, engineOptions{Datasets: datasets})
	if err != nil {
		return err
	}
	res := textscreen.New(m, opts).Screen(ctx, doc)
	if *report != "" {
		if err := atomicfile.Write(*report, 0o600, func(w io.Writer) error {
			return textscreen.WriteReport(w, res, doc.Text, filepath.Base(name))
		}); err != nil {
			return fmt.Errorf("screen text: report: %w", err)
		}
	}
	if *format == "json" {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	return textscreen.WriteTable(a.stdout, res, doc.Text)
}
