package lists

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/source"
)

// TestChangedByteDetected is issue 15 item 3: one changed byte inside a
// name of entities.bin loaded silently.
func TestChangedByteDetected(t *testing.T) {
	for _, file := range []string{entitiesBin, entitiesJSON} {
		t.Run(file, func(t *testing.T) {
			ctx := context.Background()
			s, _ := Open(t.TempDir())
			r := importOne(t, s, "testdata/v1.ftm.json", ImportOptions{})
			if !r.Meta.Counted || len(r.Meta.Checksums) != 2 {
				t.Fatalf("checksums not recorded: %+v", r.Meta.Checksums)
			}
			dir := filepath.Join(s.Dir(), "test_list", "versions", r.Meta.Version)
			if file == entitiesJSON {
				os.Remove(filepath.Join(dir, entitiesBin)) // load from the JSON lines
				delete(r.Meta.Checksums, entitiesBin)
			}
			path := filepath.Join(dir, file)
			b, _ := os.ReadFile(path)
			if file == entitiesBin {
				i := bytes.Index(b, []byte("Name Number 7"))
				if i < 0 {
					t.Fatal("name not found in the snapshot")
				}
				b[i+5] = 'M' // "Name Mumber 7": structure intact
			} else {
				// A well-formed gzip of the entities with one name changed:
				// only the checksum can tell.
				zr, err := gzip.NewReader(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				plain, _ := io.ReadAll(zr)
				plain = bytes.Replace(plain, []byte("Name Number 7"), []byte("Name Mumber 7"), 1)
				var buf bytes.Buffer
				zw := gzip.NewWriter(&buf)
				zw.Write(plain)
				zw.Close()
				b = buf.Bytes()
			}
			os.WriteFile(path, b, 0o644)
			var got error
			for _, err := range s.Entities(ctx, "test_list") {
				if err != nil {
					got = err
				}
			}
			var ce *CorruptError
			if !errors.Is(got, ErrCorrupt) || !errors.As(got, &ce) || ce.Path != path {
				t.Fatalf("loading a changed %s: %v, want a CorruptError naming it", file, got)
			}
			checks, err := s.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(checks) != 1 || checks[0].OK || !checks[0].Current || !strings.Contains(errText(checks[0].Err), file) {
				t.Errorf("verify = %+v", checks)
			}
			probs, _ := s.Health(ctx, true)
			if len(probs) != 1 || !strings.Contains(probs[0].Reason, "fails verification") {
				t.Errorf("health = %v", probs)
			}
		})
	}
}

// TestHealthMissingCurrent is issue 15 item 13: a dataset whose "current"
// file is gone vanished without a word.
func TestHealthMissingCurrent(t *testing.T) {
	ctx := context.Background()
	s, _ := Open(t.TempDir())
	importOne(t, s, "testdata/v1.ftm.json", ImportOptions{})
	if probs, err := s.Health(ctx, true); err != nil || len(probs) != 0 {
		t.Fatalf("healthy store: %v %v", probs, err)
	}
	checks, _ := s.Verify(ctx)
	if len(checks) != 1 || !checks[0].OK {
		t.Fatalf("verify of a healthy store = %+v", checks)
	}
	os.Remove(filepath.Join(s.Dir(), "test_list", "current"))
	probs, err := s.Health(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 1 || probs[0].Dataset != "test_list" || !strings.Contains(probs[0].Reason, `no "current" file`) {
		t.Errorf("health = %v", probs)
	}
	// A current file naming a version that is not there.
	os.WriteFile(filepath.Join(s.Dir(), "test_list", "current"), []byte("2020-01-01-000000000000\n"), 0o644)
	if probs, _ := s.Health(ctx, false); len(probs) != 1 || !strings.Contains(probs[0].Reason, "cannot be read") {
		t.Errorf("health with a dangling current = %v", probs)
	}
}

func TestGroupProblems(t *testing.T) {
	ps := []source.Problem{
		{File: "f", Line: 2, Field: "Remarks", Reason: `1 statement(s) not understood, kept as notes: "a"`},
		{File: "f", Line: 3, Field: "Remarks", Reason: `2 statement(s) not understood, kept as notes: "b"; "c"`},
		{File: "f", Line: 4, Reason: "truncated record", Skipped: true},
		{File: "f", Line: 5, Field: "country", Reason: `country "X" not known`},
		{File: "f", Line: 6, Field: "Remarks", Reason: `3 statement(s) not understood, kept as notes: "d"; "e"; "f"; and 1 more`},
	}
	got := GroupProblems(ps, 1)
	want := []ProblemKind{
		{Kind: "truncated record", Skipped: true, Count: 1, Examples: ps[2:3]},
		{Kind: `N statement(s) not understood, kept as notes: "…"`, Count: 3, Examples: ps[0:1]},
		{Kind: `country "…" not known`, Count: 1, Examples: ps[3:4]},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("GroupProblems (-want +got):\n%s", d)
	}
	if all := GroupProblems(ps, -1); len(all[1].Examples) != 3 {
		t.Errorf("examples < 0 keeps all: %d", len(all[1].Examples))
	}
}

// BenchmarkLoadCurrent loads the current version of every shared list from
// its snapshot, with and without checksum verification (issue 15 item 3:
// what verification costs at load).
func BenchmarkLoadCurrent(b *testing.B) {
	needShared(b)
	ctx := context.Background()
	s, _ := Open(b.TempDir())
	if _, err := s.Import(ctx, []string{sharedLists}, ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	ds, _ := s.Datasets()
	var metas []*Meta
	var size int64
	for _, d := range ds {
		m, _ := s.Current(d)
		metas = append(metas, m)
		st, _ := os.Stat(filepath.Join(s.Dir(), d, "versions", m.Version, entitiesBin))
		size += st.Size()
	}
	// The checksum alone, over the files already in memory: what
	// verification adds to a load.
	var data [][]byte
	for _, m := range metas {
		b, _ := os.ReadFile(filepath.Join(s.Dir(), m.Dataset, "versions", m.Version, entitiesBin))
		data = append(data, b)
	}
	b.Run("sha256-only", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			for _, d := range data {
				sha256.Sum256(d)
			}
		}
	})
	for _, verify := range []bool{false, true} {
		name := "unverified"
		if verify {
			name = "verified"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(size)
			n := 0
			for b.Loop() {
				n = 0
				for _, m := range metas {
					sum := ""
					if verify {
						sum = m.Checksums[entitiesBin]
					}
					for _, err := range readSnapshot(filepath.Join(s.Dir(), m.Dataset, "versions", m.Version, entitiesBin), sum) {
						if err != nil {
							b.Fatal(err)
						}
						n++
					}
				}
			}
			b.ReportMetric(float64(n), "entities")
		})
	}
}
