package logbuf

import (
	"github.com/redline-sanctions/redline/internal/testutil"
	"strings"
	"testing"
	"time"
)

// TestWriter checks that buffered log lines reach the output within the
// flush interval, and all of them at Close.
func TestWriter(t *testing.T) {
	t.Run("interval", func(t *testing.T) {
		var out testutil.LockedBuffer
		l := New(&out, 10*time.Millisecond)
		defer l.Close()
		l.Write([]byte("level=INFO msg=one\n"))
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(out.String(), "msg=one") {
			if time.Now().After(deadline) {
				t.Fatal("line not written out within 5 s")
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
	t.Run("close", func(t *testing.T) {
		var out testutil.LockedBuffer
		l := New(&out, time.Hour)
		var want strings.Builder
		for i := range 5000 { // more than the 64 KiB buffer
			line := strings.Repeat("x", i%40) + " line\n"
			l.Write([]byte(line))
			want.WriteString(line)
		}
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
		if got := out.String(); got != want.String() {
			t.Fatalf("after Close: %d bytes written, want %d", len(got), want.Len())
		}
		if err := l.Close(); err != nil { // a second Close is harmless
			t.Fatal(err)
		}
	})
}
