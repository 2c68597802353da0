//go:build unix

package ofac

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/sourcetest"
)

// TestHundredMegabyteLine streams a 100 MB line through a named pipe (no
// disk used) to each reader: the read fails with source.ErrTooLarge soon
// after source.MaxRecordSize bytes, and the rest of the line is never read.
func TestHundredMegabyteLine(t *testing.T) {
	const size = 100 << 20
	tests := []struct {
		name   string
		r      source.Reader
		file   string
		prefix string
	}{
		{"csv", CSVReader{}, "sdn.csv", `36,"`},
		{"xml", XMLReader{}, "sdn.xml", `<sdnList><sdnEntry><uid>1</uid><remarks>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tc.file)
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Skipf("no named pipes here: %v", err)
			}
			written := make(chan int64, 1)
			go func() {
				f, err := os.OpenFile(path, os.O_WRONLY, 0)
				if err != nil {
					written <- -1
					return
				}
				defer f.Close()
				line := sourcetest.Repeat(tc.prefix, 'A', size, "")
				n, _ := io.Copy(f, line) // stops with EPIPE once the reader gives up
				written <- n
			}()
			_, _, _, err := readAll(t, tc.r, path)
			if !errors.Is(err, source.ErrTooLarge) {
				t.Fatalf("error %v, want ErrTooLarge", err)
			}
			var se *source.Error
			if !errors.As(err, &se) || se.Line == 0 {
				t.Errorf("error %v is not positioned", err)
			}
			// The reader has closed the pipe: the writer stops with EPIPE.
			select {
			case n := <-written:
				if n >= size {
					t.Errorf("the whole %d-byte line was read", n)
				} else {
					t.Logf("%v after %d of %d bytes", err, n, size)
				}
			case <-time.After(30 * time.Second):
				t.Error("the writer is still blocked: the reader never opened the pipe or never closed it")
			}
		})
	}
}
