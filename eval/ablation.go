package eval

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/source"
)

// AblationRow is one line of the ablation table: the F1 of the pair
// suites with one heuristic of the name scorer turned off ("none": all
// on), on each split.
type AblationRow struct {
	Off            string  `json:"off"`
	PairsHeldOut   float64 `json:"pairs_held_out"`
	PairsDev       float64 `json:"pairs_dev"`
	NamesHeldOut   float64 `json:"name_bench_held_out"`
	NamesDev       float64 `json:"name_bench_dev"`
	NonLatinHeld   float64 `json:"non_latin_held_out"`
	NonLatinDev    float64 `json:"non_latin_dev"`
	NamesHeldOutTP int     `json:"name_bench_held_out_tp"`
}

// Ablation scores the pair suites of dir (PairsFile, NameBenchFile) with
// opts, then once with each heuristic of match.Heuristics turned off, and
// returns one row each, "none" first.
func Ablation(ctx context.Context, dir string, opts match.Options) ([]AblationRow, error) {
	run := func(off string, o match.Options) (AblationRow, error) {
		score := func(l, r *entity.Entity) float64 { s, _ := match.Score(l, r, o); return s }
		row := AblationRow{Off: off}
		rc, err := source.Open(filepath.Join(dir, PairsFile))
		if err != nil {
			return row, err
		}
		p, err := Pairs(ctx, rc, score, o.Threshold)
		rc.Close()
		if err != nil {
			return row, err
		}
		rc, err = source.Open(filepath.Join(dir, NameBenchFile))
		if err != nil {
			return row, err
		}
		all, nl, err := NameBench(ctx, rc, score, o.Threshold)
		rc.Close()
		if err != nil {
			return row, err
		}
		row.PairsHeldOut, row.PairsDev = p.HeldOut.F1, p.Dev.F1
		row.NamesHeldOut, row.NamesDev, row.NamesHeldOutTP = all.HeldOut.F1, all.Dev.F1, all.HeldOut.TP
		row.NonLatinHeld, row.NonLatinDev = nl.HeldOut.F1, nl.Dev.F1
		return row, nil
	}
	base, err := run("none", opts)
	if err != nil {
		return nil, fmt.Errorf("eval: ablation: %w", err)
	}
	rows := []AblationRow{base}
	for _, h := range match.Heuristics {
		o := opts
		o.Ablate |= h.H
		r, err := run(h.Name, o)
		if err != nil {
			return rows, fmt.Errorf("eval: ablation without %s: %w", h.Name, err)
		}
		rows = append(rows, r)
	}
	all := opts
	for _, h := range match.Heuristics {
		all.Ablate |= h.H
	}
	r, err := run("all of them", all)
	if err != nil {
		return rows, fmt.Errorf("eval: ablation without all: %w", err)
	}
	return append(rows, r), nil
}

// WriteAblation prints the ablation table.
func WriteAblation(w io.Writer, rows []AblationRow) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "turned off\tpairs held-out\tpairs dev\tname_bench held-out\tname_bench dev\tnon-Latin held-out\tnon-Latin dev\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t\n", r.Off, r.PairsHeldOut, r.PairsDev, r.NamesHeldOut, r.NamesDev, r.NonLatinHeld, r.NonLatinDev)
	}
	return tw.Flush()
}
