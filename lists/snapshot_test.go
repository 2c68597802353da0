package lists

import (
	"bytes"
	"context"
	"github.com/google/go-cmp/cmp"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/entity"
)

// TestSnapshotMatchesJSON imports real lists and checks that every version's
// snapshot holds exactly the entities of its FtM JSON lines, in order.
func TestSnapshotMatchesJSON(t *testing.T) {
	paths := []string{"testdata/v1.ftm.json"}
	for _, p := range []string{"un/consolidated-2026-02-27.xml", "ofac/sdn-2021-07/sdn.csv", "opensanctions/yente_fixtures/zala_entities.ftm.json"} {
		if _, err := os.Stat(filepath.Join(sharedLists, p)); err == nil {
			paths = append(paths, filepath.Join(sharedLists, p))
		}
	}
	ctx := context.Background()
	s, _ := Open(t.TempDir())
	if _, err := s.Import(ctx, paths, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	ds, _ := s.Datasets()
	for _, d := range ds {
		m, _ := s.Current(d)
		dir := filepath.Join(s.Dir(), d, "versions", m.Version)
		var fromJSON, fromSnap []*entity.Entity
		for e, err := range readEntities(ctx, filepath.Join(dir, entitiesJSON), m.Checksums[entitiesJSON]) {
			if err != nil {
				t.Fatal(err)
			}
			fromJSON = append(fromJSON, e)
		}
		for e, err := range readSnapshot(filepath.Join(dir, entitiesBin), m.Checksums[entitiesBin]) {
			if err != nil {
				t.Fatal(err)
			}
			fromSnap = append(fromSnap, e)
		}
		if len(fromJSON) != len(fromSnap) || len(fromJSON) != m.Entities {
			t.Fatalf("%s: %d from JSON, %d from snapshot, meta says %d", d, len(fromJSON), len(fromSnap), m.Entities)
		}
		for i := range fromJSON {
			if !entity.Equal(fromJSON[i], fromSnap[i]) {
				t.Fatalf("%s: entity %d differs:\njson %+v\nsnap %+v", d, i, fromJSON[i], fromSnap[i])
			}
		}
		t.Logf("%s: %d entities identical in both forms", d, len(fromJSON))
	}
}

func FuzzSnapshot(f *testing.F) {
	var buf bytes.Buffer
	w, _ := newSnapshotWriter(&buf)
	e := entity.New(entity.Person, "test_list", "1")
	e.Add(entity.Name, "Иван Петров", "Ivan Petrov")
	e.Add(entity.BirthDate, "1960")
	w.write(e)
	w.flush()
	f.Add(buf.Bytes())
	f.Add([]byte(snapshotMagic + "\x05\x01a\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for e, err := range decodeSnapshot("fuzz", bytes.Clone(data)) {
			if err != nil {
				return // a damaged snapshot is an error, never a panic
			}
			// What decodes re-encodes to a snapshot that decodes equal.
			var b bytes.Buffer
			w, _ := newSnapshotWriter(&b)
			w.write(e)
			w.flush()
			for e2, err := range decodeSnapshot("fuzz", b.Bytes()) {
				if err != nil || !entity.Equal(e, e2) {
					t.Fatalf("round trip: %v\n%+v\n%+v", err, e, e2)
				}
			}
		}
	})
}

// TestWriteSnapshotRoundTrip checks that WriteSnapshot of a store's
// entities decodes, through DecodeSnapshot, to the same entities in the
// same order, and that a damaged copy fails with a positioned error.
func TestWriteSnapshotRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, _ := Open(t.TempDir())
	if _, err := s.Import(ctx, []string{"testdata/v1.ftm.json"}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var want []*entity.Entity
	for e, err := range s.Entities(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, e)
	}
	var buf bytes.Buffer
	n, err := WriteSnapshot(ctx, &buf, s.Entities(ctx))
	if err != nil || n != len(want) || n == 0 {
		t.Fatalf("WriteSnapshot = %d, %v; want %d entities", n, err, len(want))
	}
	i := 0
	for e, err := range DecodeSnapshot("staged", buf.Bytes()) {
		if err != nil {
			t.Fatal(err)
		}
		if !entity.Equal(e, want[i]) {
			t.Fatalf("entity %d: got %+v, want %+v", i, e, want[i])
		}
		i++
	}
	if i != len(want) {
		t.Fatalf("decoded %d entities, want %d", i, len(want))
	}
	damaged := bytes.Clone(buf.Bytes()[:buf.Len()-3])
	var got error
	for _, err := range DecodeSnapshot("staged", damaged) {
		if err != nil {
			got = err
		}
	}
	if got == nil || !strings.Contains(got.Error(), "staged: record") {
		t.Fatalf("truncated snapshot: error %v, want a positioned damaged-snapshot error", got)
	}
}

// TestSnapshotReferents checks that an OpenSanctions entity's referents
// survive the snapshot, and that records without any (all records of
// snapshots written before referents were kept) decode with none.
func TestSnapshotReferents(t *testing.T) {
	merged := entity.New(entity.Person, "zala_entities", "NK-1")
	merged.Add(entity.Name, "Ivan Petrov")
	merged.Referents = []string{"ofac-306", "unsc-6908"}
	plain := entity.New(entity.Person, "us_ofac_sdn", "306")
	plain.Add(entity.Name, "PETROV, Ivan")
	var buf bytes.Buffer
	if _, err := WriteSnapshot(context.Background(), &buf, func(yield func(*entity.Entity, error) bool) {
		_ = yield(merged, nil) && yield(plain, nil)
	}); err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for e, err := range DecodeSnapshot("snap", buf.Bytes()) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e.Referents)
	}
	want := [][]string{{"ofac-306", "unsc-6908"}, nil}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("referents (-want +got):\n%s", d)
	}
}
