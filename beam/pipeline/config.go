package pipeline

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/screen"
	"github.com/redline-sanctions/redline/shipment/rules"
)

// CheckParties rejects the settings `redline screen parties` rejects.
func CheckParties(cfg PartiesConfig) error {
	switch {
	case cfg.Format != "" && cfg.Format != screen.FormatCSV && cfg.Format != screen.FormatJSONL && cfg.Format != "parquet":
		return fmt.Errorf("parties: --format %q: want csv, jsonl or parquet", cfg.Format)
	case cfg.Algorithm != match.Redline && cfg.Algorithm != match.OFAC:
		return fmt.Errorf("parties: --algorithm %q: want redline or ofac", cfg.Algorithm)
	case cfg.Threshold <= 0 || cfg.Threshold > 1:
		return fmt.Errorf("parties: --threshold %v: want a score in (0, 1]", cfg.Threshold)
	case cfg.Limit <= 0:
		return fmt.Errorf("parties: --limit %d: want at least 1", cfg.Limit)
	}
	for _, d := range cfg.Lists.Match {
		if !slices.Contains(cfg.Lists.Datasets, d) {
			return fmt.Errorf("parties: --dataset %s: not imported (imported: %s)", d, strings.Join(cfg.Lists.Datasets, ", "))
		}
	}
	return nil
}

// ReadRules reads a rules file and checks that it merges over the default
// rules; the workers merge the returned bytes the same way.
func ReadRules(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	if err := rules.Default().Merge(b); err != nil {
		return nil, fmt.Errorf("rules: %s: %w", path, err)
	}
	return b, nil
}

// MatchInput returns the files an input glob matches, and an error when
// it matches none.
func MatchInput(ctx context.Context, glob string) ([]string, error) {
	fs, err := filesystem.New(ctx, glob)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	files, err := fs.List(ctx, glob)
	if err != nil {
		return nil, fmt.Errorf("input %s: %w", glob, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("input %s: no such file", glob)
	}
	return files, nil
}

// Counter is a final counter value of a run.
type Counter struct {
	Name  string
	Value int64
}

// Counters returns the redline counters of a finished run (records read,
// malformed or skipped, flagged), summed over steps, by name.
func Counters(res beam.PipelineResult) []Counter {
	sums := map[string]int64{}
	for _, c := range res.Metrics().AllMetrics().Counters() {
		if c.Namespace() == "redline" {
			sums[c.Name()] += c.Result()
		}
	}
	var out []Counter
	for name, v := range sums {
		out = append(out, Counter{Name: name, Value: v})
	}
	slices.SortFunc(out, func(a, b Counter) int { return strings.Compare(a.Name, b.Name) })
	return out
}
