package main

import (
	"encoding/json"
	"io"
)

// htmlEscape says whether writeJSON escapes <, > and & in strings as
// \u003c, \u003e and \u0026 (encoding/json's default). Each command keeps
// the choice its output has always had, so that its bytes do not change.
type htmlEscape bool

const (
	// rawHTML writes <, > and & as they are (lists, flows, ownership,
	// audit).
	rawHTML htmlEscape = false
	// escapedHTML escapes them (evidence).
	escapedHTML htmlEscape = true
)

// writeJSON writes v as JSON indented by two spaces, with a final newline.
func writeJSON(w io.Writer, esc htmlEscape, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(bool(esc))
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
