package pipeline

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
)

// DeadLetter is one record that could not be read, as written to the
// dead-letter output.
type DeadLetter struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	ID     string `json:"id,omitempty"`
	Reason string `json:"reason"`
}

// line encodes d as one JSON line (without the newline).
func (d DeadLetter) line() string {
	b, _ := json.Marshal(d) // strings and an int: cannot fail
	return string(b)
}

// ShardName is the name of shard i of n under prefix, with the given
// extension: PREFIX-00000-of-00004.jsonl.
func ShardName(prefix string, i, n int, ext string) string {
	return fmt.Sprintf("%s-%05d-of-%05d%s", prefix, i, n, ext)
}

// DeadLetterPrefix is the prefix of the dead-letter output of a job
// writing to prefix.
func DeadLetterPrefix(prefix string) string { return prefix + "-deadletter" }

// shardKeyFn keys each line by the shard it goes to: a hash of the line
// modulo N, so that the shards are even and the split deterministic.
type shardKeyFn struct {
	N int `json:"n"`
}

func (f *shardKeyFn) ProcessElement(line string) (int, string) {
	h := fnv.New32a()
	h.Write([]byte(line))
	return int(h.Sum32() % uint32(f.N)), line
}

// shardIndexFn keys a shard number by itself, so that CoGroupByKey sees
// every shard, empty ones too.
func shardIndexFn(i int) (int, int) { return i, i }

// writeLinesFn writes the lines of one shard to its file.
type writeLinesFn struct {
	Prefix string `json:"prefix"`
	N      int    `json:"n"`
	Ext    string `json:"ext"`
}

func (f *writeLinesFn) ProcessElement(ctx context.Context, shard int, _ func(*int) bool, lines func(*string) bool) error {
	return writeFile(ctx, ShardName(f.Prefix, shard, f.N, f.Ext), func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<20)
		var line string
		for lines(&line) {
			bw.WriteString(line)
			if err := bw.WriteByte('\n'); err != nil {
				return err
			}
		}
		return bw.Flush()
	})
}

// writeFile creates the file name on its Beam file system and writes it
// with write.
func writeFile(ctx context.Context, name string, write func(io.Writer) error) error {
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return err
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, name)
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := write(w); err != nil {
		w.Close()
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}

// shardIndexes is the PCollection of 0..n-1, keyed by themselves.
func shardIndexes(s beam.Scope, n int) beam.PCollection {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return beam.ParDo(s, shardIndexFn, beam.CreateList(s, idx))
}

// writeLines writes a PCollection<string> as n shard files of lines.
func writeLines(s beam.Scope, prefix string, n int, col beam.PCollection) {
	s = s.Scope("WriteLines")
	if n < 1 {
		n = 1
	}
	keyed := beam.ParDo(s, &shardKeyFn{N: n}, col)
	grouped := beam.CoGroupByKey(s, shardIndexes(s, n), keyed)
	beam.ParDo0(s, &writeLinesFn{Prefix: prefix, N: n, Ext: ".jsonl"}, grouped)
}
