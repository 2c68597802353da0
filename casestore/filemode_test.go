package casestore_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
)

// TestSQLiteFileModes is issue 15 item 18: the database and its WAL were
// world-readable (0644).
func TestSQLiteFileModes(t *testing.T) {
	dir := t.TempDir()
	check := func(when string, file string) {
		t.Helper()
		for _, p := range []string{file, file + "-wal", file + "-shm"} {
			st, err := os.Stat(p)
			if err != nil {
				t.Fatalf("%s: %v", when, err)
			}
			if perm := st.Mode().Perm(); perm != 0o600 {
				t.Errorf("%s: %s has mode %o, want 600", when, filepath.Base(p), perm)
			}
		}
	}
	open := func(file string) {
		db, err := casestore.OpenSQLite(t.Context(), file, testOptions)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddUser(t.Context(), "root", "alice", casestore.Admin, "correct horse"); err != nil {
			t.Fatal(err)
		}
		check("open", file)
		db.Close()
	}
	open(filepath.Join(dir, "new.db"))
	// A path with characters that mean something in a URI file name.
	odd := filepath.Join(dir, "a#b?c%20d")
	os.Mkdir(odd, 0o700)
	open(filepath.Join(odd, "cases.db"))
	// A store created by an older release, readable by all, is narrowed.
	old := filepath.Join(dir, "old.db")
	for _, p := range []string{old, old + "-wal", old + "-shm"} {
		os.WriteFile(p, nil, 0o644)
		os.Chmod(p, 0o644)
	}
	open(old)
}
