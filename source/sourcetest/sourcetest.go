// Package sourcetest holds the checks the tests of every list reader share:
// where the shared reference data is, reading a list whole, the properties
// every read must have (positioned errors and problems, entities that
// survive a JSON round trip), tables of bad input, and the benchmark of a
// read with its speed per CPU-second.
//
// It is imported by tests only.
package sourcetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/source"
)

// DataDir is the shared reference data folder, relative to the folder of a
// reader's package (source/<reader>), where go test runs its tests.
const DataDir = "../../../shared/data"

// SharedData returns the path elem names under DataDir, and skips tb with a
// clear message when it does not exist (the shared data folder is absent).
func SharedData(tb testing.TB, elem ...string) string {
	tb.Helper()
	path := filepath.Join(append([]string{DataDir}, elem...)...)
	NeedData(tb, path)
	return path
}

// NeedData skips tb with a clear message when path, a file or folder of
// the shared reference data, does not exist.
func NeedData(tb testing.TB, path string) {
	tb.Helper()
	if _, err := os.Stat(path); err != nil {
		testutil.Skipf(tb, "reference data not found at %s (the shared data folder is absent): %v", path, err)
	}
}

// ReadAll reads path with r and returns the entities it emitted, in order,
// with its report and error.
func ReadAll(tb testing.TB, r source.Reader, path string) ([]*entity.Entity, *source.Report, error) {
	tb.Helper()
	var out []*entity.Entity
	rep, err := r.Read(context.Background(), path, func(e *entity.Entity) error {
		out = append(out, e)
		return nil
	})
	return out, rep, err
}

// ReadFunc is a reader's read over an open input: the file name to
// position errors with, the input, the report to fill and the emit to call.
type ReadFunc func(ctx context.Context, path string, in io.Reader, rep *source.Report, emit source.Emit) error

// CheckPositioned fails tb unless err, when not nil, is a *source.Error
// naming path, and every problem of rep names path, a line and a reason.
func CheckPositioned(tb testing.TB, path string, rep *source.Report, err error) {
	tb.Helper()
	if err != nil {
		var se *source.Error
		if !errors.As(err, &se) || se.File != path {
			tb.Fatalf("error not positioned: %v", err)
		}
	}
	for _, p := range rep.Problems {
		if p.File != path || p.Line <= 0 || p.Reason == "" {
			tb.Fatalf("problem not positioned: %+v", p)
		}
	}
}

// CheckEntity fails tb unless e has a name and comes back equal from its
// own JSON encoding (CheckJSON).
func CheckEntity(tb testing.TB, e *entity.Entity) {
	tb.Helper()
	CheckJSON(tb, e)
	if e.First(entity.Name) == "" {
		tb.Fatalf("entity %s has no name", e.ID)
	}
}

// CheckJSON fails tb unless e comes back equal from its own JSON encoding.
func CheckJSON(tb testing.TB, e *entity.Entity) {
	tb.Helper()
	b, err := json.Marshal(e)
	if err != nil {
		tb.Fatalf("marshal %s: %v", e.ID, err)
	}
	var back entity.Entity
	if err := json.Unmarshal(b, &back); err != nil {
		tb.Fatalf("unmarshal %s: %v", b, err)
	}
	if !entity.Equal(e, &back) {
		tb.Fatalf("round trip changed %s: %v", e.ID, entity.ChangedProps(e, &back))
	}
}

// RoundTrip writes es as FtM JSON lines to a file in dir, reads them back
// with back (the FtM reader, ftm.Reader) and fails tb unless every entity
// comes back, equal and in order, with nothing skipped.
func RoundTrip(tb testing.TB, back source.Reader, dir string, es []*entity.Entity) {
	tb.Helper()
	path := filepath.Join(dir, "roundtrip.ftm.json")
	var buf bytes.Buffer
	for _, e := range es {
		b, err := json.Marshal(e)
		if err != nil {
			tb.Fatalf("marshal %s: %v", e.ID, err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	got, rep, err := ReadAll(tb, back, path)
	if err != nil {
		tb.Fatalf("reading back: %v", err)
	}
	if rep.Skipped != 0 || len(got) != len(es) {
		tb.Fatalf("read back %d of %d entities, %d skipped: %v", len(got), len(es), rep.Skipped, rep.Problems)
	}
	for i := range es {
		if !entity.Equal(es[i], got[i]) {
			tb.Fatalf("entity %d does not round-trip:\n%s", i, cmp.Diff(es[i], got[i]))
		}
	}
}

// BadInput is an input a read must refuse with an error.
type BadInput struct {
	Name string
	// Read reads the input; nil for the read given to BadInputs.
	Read ReadFunc
	In   io.Reader
	// Is is the error the read's error must wrap, nil for any.
	Is error
	// Line is the line the error must be positioned at, 0 for any.
	Line int
	// Emits is how many entities the read emits before it stops.
	Emits int
}

// BadInputs runs each case as a subtest: its read over In, positioned as
// path, must fail with a *source.Error naming path (at Line, wrapping Is)
// after emitting Emits entities.
func BadInputs(t *testing.T, read ReadFunc, path string, cases []BadInput) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.Name, func(t *testing.T) {
			rd := read
			if tt.Read != nil {
				rd = tt.Read
			}
			rep := &source.Report{}
			n := 0
			err := rd(context.Background(), path, tt.In, rep, func(*entity.Entity) error { n++; return nil })
			if err == nil {
				t.Fatalf("no error; report %+v", rep)
			}
			var se *source.Error
			if !errors.As(err, &se) || se.File != path {
				t.Errorf("error %v is not a positioned source.Error", err)
			}
			if tt.Is != nil && !errors.Is(err, tt.Is) {
				t.Errorf("error %v does not wrap %v", err, tt.Is)
			}
			if tt.Line != 0 && (se == nil || se.Line != tt.Line) {
				t.Errorf("error %v: want line %d", err, tt.Line)
			}
			if n != tt.Emits {
				t.Errorf("emitted %d, want %d", n, tt.Emits)
			}
		})
	}
}

// Repeat returns a reader of prefix, then n bytes of fill, then suffix,
// without holding the n bytes in memory: a 100 MB line or text node.
func Repeat(prefix string, fill byte, n int64, suffix string) io.Reader {
	return io.MultiReader(strings.NewReader(prefix), io.LimitReader(repeat(fill), n), strings.NewReader(suffix))
}

// repeat is an endless reader of one byte.
type repeat byte

func (r repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// Seeds adds the files that each pattern matches (testdata/*.xml) to the
// corpus of f, and fails f when a pattern matches none.
func Seeds(f *testing.F, patterns ...string) {
	f.Helper()
	for _, pattern := range patterns {
		paths, err := filepath.Glob(pattern)
		if err != nil || len(paths) == 0 {
			f.Fatalf("no seed files match %s (%v)", pattern, err)
		}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
}

// FuzzFile fuzzes r with files named name: each input is written to a
// file, read whole with r, and must give positioned errors and problems
// (CheckPositioned) and a report that counts the entities emitted; check,
// when not nil, then checks what the reader's format promises besides.
// Add seeds to f first (Seeds).
func FuzzFile(f *testing.F, r source.Reader, name string, check func(t *testing.T, dir string, es []*entity.Entity, rep *source.Report, err error)) {
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		es, rep, err := ReadAll(t, r, path)
		CheckPositioned(t, path, rep, err)
		if rep.Entities != len(es) {
			t.Fatalf("report counts %d entities, emitted %d", rep.Entities, len(es))
		}
		if check != nil {
			check(t, dir, es, rep, err)
		}
	})
}

// FuzzInput fuzzes read with inputs positioned as path: every entity
// emitted must have a name and survive a JSON round trip (CheckEntity),
// errors and problems must be positioned (CheckPositioned); check, when
// not nil, then checks what the reader's format promises besides. Add
// seeds to f first (Seeds).
func FuzzInput(f *testing.F, read ReadFunc, path string, check func(t *testing.T, es []*entity.Entity, rep *source.Report, err error)) {
	f.Fuzz(func(t *testing.T, in []byte) {
		rep := &source.Report{}
		var es []*entity.Entity
		err := read(context.Background(), path, bytes.NewReader(in), rep, rep.Counted(func(e *entity.Entity) error {
			CheckEntity(t, e)
			es = append(es, e)
			return nil
		}))
		CheckPositioned(t, path, rep, err)
		if check != nil {
			check(t, es, rep, err)
		}
	})
}

// DetectFile is a file a detector must claim (Want) or leave.
type DetectFile struct {
	Name string
	Path string
	Want bool
}

// DetectFiles runs detect, as format detection does, on the name and the
// first 64 KiB of each file; a case whose file is missing is skipped.
func DetectFiles(t *testing.T, detect func(path string, head []byte) bool, cases []DetectFile) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.Name, func(t *testing.T) {
			head, err := source.Head(tt.Path, 64<<10)
			if err != nil {
				t.Skipf("no file: %v", err)
			}
			if got := detect(tt.Path, head); got != tt.Want {
				t.Errorf("Detect = %v, want %v", got, tt.Want)
			}
		})
	}
}

// Codes folds the values of country-typed properties to lower case, the
// form FtM stores (entity.Add may store either case), so that tests compare
// countries whatever the case; values of other properties are returned as
// they are.
func Codes(prop string, vs []string) []string {
	switch prop {
	case entity.Country, entity.Nationality, entity.Citizenship, entity.Flag:
	default:
		return vs
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = strings.ToLower(v)
	}
	return out
}

// FoldCodes returns copies of es with country codes in lower case (see
// Codes), so that golden files do not depend on the case entity.Add keeps.
func FoldCodes(es []*entity.Entity) []*entity.Entity {
	out := make([]*entity.Entity, len(es))
	for i, e := range es {
		c := e.Clone()
		for k, v := range c.Properties {
			c.Properties[k] = Codes(k, v)
		}
		out[i] = c
	}
	return out
}

// BenchRead benchmarks reading path with r: MB/s of the uncompressed input,
// allocations, and MB per CPU-second (where the system measures CPU time),
// which unlike MB/s does not depend on the machine's load.
func BenchRead(b *testing.B, r source.Reader, path string) {
	b.Helper()
	rc, err := source.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	size, err := io.Copy(io.Discard, rc)
	rc.Close()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	start := testutil.CPUTime()
	for b.Loop() {
		if _, err := r.Read(context.Background(), path, func(*entity.Entity) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	ReportCPU(b, size, start)
}

// ReportCPU reports MB per CPU-second over the b.N reads of size bytes
// since start (a testutil.CPUTime): unlike MB/s it does not depend on the machine's
// load.
func ReportCPU(b *testing.B, size int64, start time.Duration) {
	if cpu := (testutil.CPUTime() - start).Seconds(); cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu, "MB/cpu-s")
	}
}

// Golden compares v, encoded as indented JSON, with the golden file at
// path, after rewriting the file with go test -update (testutil.Golden).
func Golden(tb testing.TB, path string, v any) {
	tb.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	testutil.Golden(tb, path, append(got, '\n'))
}

// BadFile is a file a reader must read with its problems positioned, or
// refuse with a positioned error.
type BadFile struct {
	Name string
	Data string
	// Err is the error the read must wrap, nil when it must succeed;
	// Line is the line that error is positioned at (0: none).
	Err  error
	Line int
	// Skipped are the lines of the skipped records, in order.
	Skipped []int
	// Warned are the lines of the warnings, in order; nil does not check
	// them ([]int{} checks there are none).
	Warned []int
	// Entities is how many entities the read emits.
	Entities int
}

// BadFiles runs each case as a subtest: it writes Data to a file named
// name in a temporary folder and reads it with r.
func BadFiles(t *testing.T, r source.Reader, name string, cases []BadFile) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.Name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(path, []byte(tt.Data), 0o644); err != nil {
				t.Fatal(err)
			}
			es, rep, err := ReadAll(t, r, path)
			switch {
			case tt.Err == nil && err != nil:
				t.Fatalf("err = %v", err)
			case tt.Err != nil && !errors.Is(err, tt.Err):
				t.Fatalf("err = %v, want %v", err, tt.Err)
			case tt.Err != nil:
				var se *source.Error
				if !errors.As(err, &se) || se.File != path || se.Line != tt.Line {
					t.Errorf("error %v not positioned at %s:%d", err, path, tt.Line)
				}
			}
			var skipped, warned []int
			for _, p := range rep.Problems {
				if p.Skipped {
					skipped = append(skipped, p.Line)
				} else {
					warned = append(warned, p.Line)
				}
			}
			if !slices.Equal(tt.Skipped, skipped) {
				t.Errorf("skipped lines = %v, want %v: %v", skipped, tt.Skipped, rep.Problems)
			}
			if tt.Warned != nil && !slices.Equal(tt.Warned, warned) {
				t.Errorf("warned lines = %v, want %v: %v", warned, tt.Warned, rep.Problems)
			}
			if rep.Skipped != len(tt.Skipped) || len(es) != tt.Entities {
				t.Errorf("skipped/entities = %d/%d, want %d/%d", rep.Skipped, len(es), len(tt.Skipped), tt.Entities)
			}
		})
	}
}
