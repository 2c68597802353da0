package lists

import "github.com/redline-sanctions/redline/source"

// Format is one list format the store can import: a detector and a reader.
type Format struct {
	// Name identifies the format in reports, e.g. "ofac-csv".
	Name string
	// Detect reports whether the file at path, whose first bytes (up to
	// 64 KiB, decompressed) are head, is in this format.
	Detect func(path string, head []byte) bool
	// Reader reads it.
	Reader source.Reader
}
