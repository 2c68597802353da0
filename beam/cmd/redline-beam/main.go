// Command redline-beam runs redline's bulk screening and trade-flow
// aggregation as Apache Beam pipelines, on Beam's local Prism runner (the
// default, in-process) or on a cluster: Flink, Spark (through a Beam job
// server: --runner universal) or Google Cloud Dataflow. See docs/beam.md.
//
//	redline-beam parties   --data DIR --input GLOB --output PREFIX [flags]
//	redline-beam shipments --data DIR --input GLOB --output PREFIX [flags]
//	redline-beam flows     --data DIR --input GLOB --output PREFIX [flags]
//
// The same binary is the worker: the SDK harness starts it with flags
// only (--worker ...), and beam.Init then runs the harness.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/redline-sanctions/redline/beam/pipeline"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/shipment"
)

const usage = `usage: redline-beam parties|shipments|flows --data DIR --input FILE|GLOB --output PREFIX [flags] [Beam flags]

  parties    screen a parties file (CSV, JSON lines) like 'redline screen parties --format jsonl'
  shipments  screen shipments (CSV, JSON lines, Parquet) like 'redline screen shipments --format jsonl'
  flows      aggregate screened shipments per month, supplier, consignee, HS code and CHPL tier into
             Parquet for 'redline flows import'

Beam flags: --runner prism (default, in-process) | universal --endpoint HOST:PORT --environment_type DOCKER|LOOPBACK
            | dataflow --project P --region R --staging_location gs://... (see docs/beam.md)
'redline-beam COMMAND -h' lists the command's flags.
`

func main() {
	pipeline.Register()
	if len(os.Args) < 2 || strings.HasPrefix(os.Args[1], "-") {
		// A worker: the SDK harness passes flags only. beam.Init runs the
		// harness and does not return in worker mode.
		flag.Parse()
		beam.Init()
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1], os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, "redline-beam:", err)
		os.Exit(1)
	}
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// run parses the command's flags (on the global flag set, where Beam's
// own flags live), stages the lists, builds the pipeline and runs it.
func run(ctx context.Context, cmd string, args []string) error {
	if !slices.Contains([]string{"parties", "shipments", "flows"}, cmd) {
		fmt.Fprint(os.Stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
	fs := flag.CommandLine
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: redline-beam %s --data DIR --input FILE|GLOB --output PREFIX [flags]\n", cmd)
		fs.PrintDefaults()
	}
	data := fs.String("data", "data", "data folder of redline (the lists imported by `redline lists import`)")
	input := fs.String("input", "", "input file or glob: a local path, gs://... or s3://...")
	output := fs.String("output", "", "output prefix: writes PREFIX-00000-of-0000N."+map[bool]string{true: "parquet", false: "jsonl"}[cmd == "flows"]+" and PREFIX-deadletter-00000-of-00001.jsonl")
	shards := fs.Int("shards", 1, "number of output shards")
	stage := fs.String("lists_location", "", "folder the workers read the staged list snapshot from (default: a temporary folder with --runner prism; required on a cluster, e.g. gs://bucket/redline/lists)")
	format := fs.String("format", "", "input format: csv, jsonl or parquet (default: detected; parties: Parquet by the .parquet name)")

	// parties
	schema := fs.String("schema", "", "parties: schema of rows without one (default LegalEntity)")
	pthreshold := fs.Float64("threshold", 0, "score at or above which a party is a match (parties default 0.80; shipments, flows: the rules' min_score)")
	limit := fs.Int("limit", 5, "parties: most matches per record")
	algorithm := fs.String("algorithm", match.Redline, "parties: scoring, redline or ofac")
	withOwn := fs.Bool("ownership", true, "parties: add the OFAC 50% rule verdict to matches")
	var datasets stringList
	fs.Var(&datasets, "dataset", "parties: screen against this imported `dataset` only (repeatable; default all)")

	// shipments, flows
	rulesPath := fs.String("rules", "", "shipments, flows: a rules file merged over the default rules")
	var maps stringList
	fs.Var(&maps, "map", "shipments, flows: map a field to a column header, e.g. --map 'consignee=Buyer Name' (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected arguments %q (give the input with --input)", cmd, fs.Args())
	}
	beam.Init()
	if *input == "" || *output == "" {
		return fmt.Errorf("%s: give --input and --output", cmd)
	}
	if *shards < 1 {
		return fmt.Errorf("%s: --shards %d: want at least 1", cmd, *shards)
	}
	runner := fs.Lookup("runner").Value.String()
	dest := *stage
	if dest == "" {
		if runner != "" && runner != "prism" && runner != "direct" {
			return fmt.Errorf("%s: --runner %s: give --lists_location, a folder the workers can read (gs://..., s3://...)", cmd, runner)
		}
		tmp, err := os.MkdirTemp("", "redline-beam-lists-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dest = tmp
	}
	if _, err := pipeline.MatchInput(ctx, *input); err != nil {
		return err
	}
	if runner == "dataflow" && (!strings.HasPrefix(dest, "gs://") || !strings.HasPrefix(*output, "gs://")) {
		return fmt.Errorf("%s: --runner dataflow: --lists_location and --output must be gs:// paths the workers can reach", cmd)
	}
	start := time.Now()
	l, err := pipeline.Stage(ctx, filepath.Join(*data, "lists"), dest)
	if err != nil {
		return err
	}
	n, err := pipeline.Check(ctx, l)
	if err != nil {
		return fmt.Errorf("the staged list snapshot cannot be read: %w", err)
	}
	l.Match = datasets
	fmt.Fprintf(os.Stderr, "lists: %d entities of %d datasets staged in %s (%s)\n", n, len(l.Files), dest, time.Since(start).Round(time.Millisecond))

	p, s := beam.NewPipelineWithRoot()
	switch cmd {
	case "parties":
		cfg := pipeline.DefaultPartiesConfig()
		cfg.Input, cfg.Output, cfg.Shards, cfg.Lists = *input, *output, *shards, l
		cfg.Format, cfg.Schema, cfg.Limit, cfg.Algorithm, cfg.Ownership = *format, *schema, *limit, *algorithm, *withOwn
		if *pthreshold != 0 {
			cfg.Threshold = *pthreshold
		}
		if err := pipeline.CheckParties(cfg); err != nil {
			return err
		}
		pipeline.Parties(s, cfg)
	case "shipments", "flows":
		if len(datasets) > 0 {
			return fmt.Errorf("%s: --dataset is for parties only", cmd)
		}
		mapping, err := shipment.ParseMapping(maps)
		if err != nil {
			return err
		}
		cfg := pipeline.ShipmentsConfig{Input: *input, Output: *output, Shards: *shards, Lists: l, Format: *format, Mapping: mapping, Threshold: *pthreshold}
		if *rulesPath != "" {
			if cfg.Rules, err = pipeline.ReadRules(*rulesPath); err != nil {
				return err
			}
		}
		if cmd == "flows" {
			pipeline.Flows(s, cfg)
		} else {
			pipeline.Shipments(s, cfg)
		}
	}
	start = time.Now()
	res, err := beamx.RunWithMetrics(ctx, p)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%s: done in %s\n", cmd, time.Since(start).Round(time.Millisecond))
	if res != nil {
		for _, c := range pipeline.Counters(res) {
			fmt.Fprintf(os.Stderr, "  %-20s %d\n", c.Name, c.Value)
		}
	}
	return nil
}
