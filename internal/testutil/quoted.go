package testutil

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// QuotedLines reads a file of Go-quoted strings, one a line
// (strconv.Unquote), skipping empty lines and lines starting with #: test
// inputs that hold invisible or invalid characters a plain text file would
// hide. A line that does not unquote fails the test with its position.
func QuotedLines(tb testing.TB, path string) []string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if sc.Text() == "" || strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		s, err := strconv.Unquote(sc.Text())
		if err != nil {
			tb.Fatalf("%s:%d: %v", path, line, err)
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}
