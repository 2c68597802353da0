package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/eval"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/ofacsearch"
)

// runBench runs the accuracy suites and a throughput run (package eval) on
// the imported lists and prints one table; with --peer the same queries go
// to a running watchman or yente too.
func runBench(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "bench")
	peerURL := fs.String("peer", "", "base `URL` of a running watchman or yente to compare with")
	queries := fs.Int("queries", 2000, "queries of the throughput runs (and most negatives sent to a peer)")
	negatives := fs.Int("negatives", 0, "negatives to screen (0: all 50,000)")
	format := fs.String("format", "table", "output format: table or json")
	evalDir := fs.String("eval", filepath.Join("..", "shared", "data", "eval"), "`folder` of the labelled evaluation files")
	scriptsDir := fs.String("scripts", "", "`folder` of per-script labelled sets (*.csv; default: the sets built in, eval/scripts)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("bench: unexpected arguments %q", fs.Args())
	}
	if _, err := os.Stat(*evalDir); err != nil {
		return fmt.Errorf("bench: evaluation files: %w (use --eval)", err)
	}
	st, err := openLists(a)
	if err != nil {
		return err
	}
	datasets, err := st.Datasets()
	if err != nil {
		return err
	}
	opts := match.DefaultOptions()
	cfg := eval.Config{
		Dir: *evalDir, Threshold: opts.Threshold,
		Score:     func(l, r *entity.Entity) float64 { s, _ := match.Score(l, r, opts); return s },
		OFACScore: ofacsearch.Score,
		Negatives: *negatives, Queries: *queries,
	}
	if *scriptsDir != "" {
		cfg.Scripts, err = eval.ReadScriptSets(os.DirFS(*scriptsDir))
	} else {
		cfg.Scripts, err = eval.ScriptSets()
	}
	if err != nil {
		return err
	}
	if a.isTerminal {
		cfg.Log = a.stderr
	}
	var notes []string
	if len(datasets) == 0 {
		notes = append(notes, fmt.Sprintf("no list imported in %s: search suites and throughput skipped (run `redline lists import`)", st.Dir()))
	} else if notes, err = eval.LoadEngines(ctx, &cfg, st.Entities, datasets, opts); err != nil {
		return err
	}
	if *peerURL != "" {
		p, err := eval.DetectPeer(ctx, *peerURL, nil)
		if err != nil {
			return err
		}
		p.Threshold = opts.Threshold
		cfg.Peer = p
	}
	rep, err := eval.Run(ctx, cfg)
	if err != nil {
		return err
	}
	rep.Notes = append(notes, rep.Notes...)
	write := rep.WriteTable
	if *format == "json" {
		write = rep.WriteJSON
	}
	if err := write(a.stdout); err != nil {
		return err
	}
	if failed := rep.Failed(); len(failed) > 0 {
		return barsError(failed)
	}
	return nil
}

// barsError is the outcome of a bench run that missed bars: the metrics,
// their values and bars. redline bench then exits with status 1.
type barsError []string

func (e barsError) Error() string {
	return fmt.Sprintf("bench: %d bar(s) not met: %s", len(e), strings.Join(e, "; "))
}
