package testutil

import (
	"os"
	"path/filepath"
)

// SharedData is the path of the shared data folder, ../shared/data from
// the module root (read in place, never copied into the repository),
// joined with elem. It is relative to the working directory (a test's
// package folder), as the tests wrote it by hand before, and falls back
// to ../shared/data when no go.mod is found above the working directory.
// A test checks that what it needs is there and calls Skipf when not.
func SharedData(elem ...string) string {
	dir := sharedData()
	return filepath.Join(append([]string{dir}, elem...)...)
}

func sharedData() string {
	fallback := filepath.Join("..", "shared", "data")
	wd, err := os.Getwd()
	if err != nil {
		return fallback
	}
	for root := wd; ; {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			rel, err := filepath.Rel(wd, filepath.Join(root, "..", "shared", "data"))
			if err != nil {
				return fallback
			}
			return rel
		}
		parent := filepath.Dir(root)
		if parent == root {
			return fallback
		}
		root = parent
	}
}
