// Package atomicfile writes a file so that readers see either the old
// content or the whole new content, never a part, and the new content
// survives a crash once Commit returns: it is written to a temporary file
// of a unique name in the same folder, synced, renamed over the target,
// and the folder is synced so that the rename itself is durable.
//
//	f, err := atomicfile.Create("report.html", 0o644)
//	if err != nil { ... }
//	defer f.Abort() // removes the temporary file unless Commit succeeded
//	if err := write(f); err != nil { return err }
//	return f.Commit()
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// File is the temporary file that becomes Path on Commit. Write to it as
// to any *os.File.
type File struct {
	*os.File
	// Path is the file that Commit replaces.
	Path string
	done bool
}

// Create starts a new version of path: a temporary file named
// ".BASE.RANDOM" in path's folder (so the rename stays on one file
// system), with permissions perm.
func Create(path string, perm os.FileMode) (*File, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, fmt.Errorf("atomicfile: %w", err)
	}
	if err := f.Chmod(perm); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("atomicfile: %w", err)
	}
	return &File{File: f, Path: path}, nil
}

// Commit syncs and closes the temporary file, renames it to Path and syncs
// Path's folder. After an error Path is left as it was (unless only the
// folder's sync failed) and the temporary file is kept, closed, for the
// caller's Abort to remove or, when it holds what must not be lost, to
// point to.
func (f *File) Commit() error {
	if f.done {
		return errors.New("atomicfile: " + f.Path + ": already committed or aborted")
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("atomicfile: syncing %s: %w", f.Name(), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("atomicfile: closing %s: %w", f.Name(), err)
	}
	if err := os.Rename(f.Name(), f.Path); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	f.done = true
	return syncDir(filepath.Dir(f.Path))
}

// Abort closes and removes the temporary file; Path is untouched. It does
// nothing after Commit succeeded, so it can be deferred.
func (f *File) Abort() error {
	if f.done {
		return nil
	}
	f.done = true
	f.Close()
	if err := os.Remove(f.Name()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("atomicfile: %w", err)
	}
	return nil
}

// Write writes path atomically with the content write produces; on an
// error from write, path is left as it was.
func Write(path string, perm os.FileMode, write func(io.Writer) error) error {
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := write(f); err != nil {
		return err
	}
	return f.Commit()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("atomicfile: syncing %s: %w", dir, err)
	}
	return nil
}
