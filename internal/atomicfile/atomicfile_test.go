package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name    string
		old     string // content before; "" for none
		write   string
		err     error
		want    string
		wantErr bool
	}{
		{name: "new file", write: "hello", want: "hello"},
		{name: "replaces", old: "old", write: "new", want: "new"},
		{name: "write fails: old kept", old: "old", write: "partial", err: boom, want: "old", wantErr: true},
		{name: "write fails: no file", write: "partial", err: boom, want: "", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.txt")
			if tc.old != "" {
				if err := os.WriteFile(path, []byte(tc.old), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := Write(path, 0o640, func(w io.Writer) error {
				io.WriteString(w, tc.write)
				return tc.err
			})
			if (err != nil) != tc.wantErr {
				t.Fatalf("Write: %v, want error %v", err, tc.wantErr)
			}
			got, rerr := os.ReadFile(path)
			if tc.want == "" {
				if !errors.Is(rerr, os.ErrNotExist) {
					t.Fatalf("file exists (%q, %v); want none", got, rerr)
				}
			} else if string(got) != tc.want {
				t.Fatalf("content %q, want %q", got, tc.want)
			}
			if !tc.wantErr {
				fi, _ := os.Stat(path)
				if fi.Mode().Perm() != 0o640 {
					t.Errorf("mode %v, want 0640", fi.Mode().Perm())
				}
			}
			ents, _ := os.ReadDir(dir)
			for _, e := range ents {
				if e.Name() != "out.txt" {
					t.Errorf("temporary file %s left behind", e.Name())
				}
			}
		})
	}
}

// TestUniqueTemp: two writers of one path do not share a temporary file
// (a fixed "path.tmp" would let one truncate the other's).
func TestUniqueTemp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.txt")
	a, err := Create(path, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Create(path, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if a.Name() == b.Name() {
		t.Fatalf("both writers got %s", a.Name())
	}
	io.WriteString(a, "a")
	io.WriteString(b, "b")
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "b" {
		t.Fatalf("content %q, want the last commit's", got)
	}
	if err := a.Abort(); err != nil {
		t.Fatalf("Abort after Commit: %v", err)
	}
	if err := a.Commit(); err == nil {
		t.Fatal("a second Commit succeeded")
	}
}

// TestCommitFailureKeepsTemp: when the rename fails the temporary file is
// kept for the caller (the audit archive points to it).
func TestCommitFailureKeepsTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub")
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(path, "x"), nil, 0o644) // a non-empty folder cannot be replaced by a file
	f, err := Create(path, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "kept")
	if err := f.Commit(); err == nil {
		t.Fatal("Commit over a folder succeeded")
	}
	if got, err := os.ReadFile(f.Name()); err != nil || string(got) != "kept" {
		t.Fatalf("temporary file: %q, %v", got, err)
	}
	f.Abort()
	if _, err := os.Stat(f.Name()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Abort left %s", f.Name())
	}
}
