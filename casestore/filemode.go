package casestore

import (
	"errors"
	"fmt"
	"os"
)

// sqliteFileMode is the mode of the SQLite database and its -wal and -shm
// files: the case store holds password hashes, API key hashes, screened
// names and decisions, which only the account that runs redline may read.
const sqliteFileMode = 0o600

// restrictSQLiteFiles creates the database file with sqliteFileMode when it
// does not exist (SQLite gives the -wal and -shm files it creates later the
// database file's mode), and narrows the mode of existing files that are
// readable by others (stores created by older releases were 0644).
func restrictSQLiteFiles(file string) error {
	f, err := os.OpenFile(file, os.O_RDWR|os.O_CREATE|os.O_EXCL, sqliteFileMode)
	if err == nil {
		return f.Close()
	}
	if !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("casestore: creating %s: %w", file, err)
	}
	for _, p := range []string{file, file + "-wal", file + "-shm"} {
		st, err := os.Stat(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("casestore: %w", err)
		}
		if st.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, sqliteFileMode); err != nil {
				return fmt.Errorf("casestore: restricting %s to the owner: %w", p, err)
			}
		}
	}
	return nil
}
