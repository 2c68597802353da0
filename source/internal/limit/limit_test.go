package limit

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/redline-sanctions/redline/source"
)

func TestLines(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		max      int
		wantErr  error
		wantLine int // line being read at the end or at the error
	}{
		{"empty", "", 10, nil, 1},
		{"short lines", "ab\ncd\nef", 10, nil, 3},
		{"line of max bytes", "0123456789\nab", 10, nil, 2},
		{"second line too long", "ab\n0123456789x\nab", 10, source.ErrTooLarge, 2},
		{"last line too long, no newline", "ab\ncd\n0123456789x", 10, source.ErrTooLarge, 3},
		{"long line split over reads", "ab\n" + strings.Repeat("x", 100) + "\n", 50, source.ErrTooLarge, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, oneByte := range []bool{false, true} {
				var r io.Reader = strings.NewReader(tt.in)
				if oneByte {
					r = iotest.OneByteReader(r)
				}
				l := &Lines{R: r, Max: tt.max}
				got, err := io.ReadAll(l)
				if !errors.Is(err, tt.wantErr) && !(tt.wantErr == nil && err == nil) {
					t.Fatalf("one byte %v: err = %v, want %v", oneByte, err, tt.wantErr)
				}
				if l.Line() != tt.wantLine {
					t.Errorf("one byte %v: line = %d, want %d", oneByte, l.Line(), tt.wantLine)
				}
				if tt.wantErr == nil {
					if string(got) != tt.in {
						t.Errorf("one byte %v: passed %q, want %q", oneByte, got, tt.in)
					}
					if !l.AtEnd(int64(len(tt.in))) || (len(tt.in) > 0 && l.AtEnd(int64(len(tt.in)-1))) {
						t.Errorf("one byte %v: AtEnd wrong at the end of %d bytes", oneByte, len(tt.in))
					}
				}
			}
		})
	}
}

func TestBytes(t *testing.T) {
	b := &Bytes{R: strings.NewReader(strings.Repeat("x", 100)), Max: 10, Unit: "row"}
	p := make([]byte, 8)
	for range 5 {
		b.Reset()
		if _, err := b.Read(p); err != nil {
			t.Fatalf("read within the budget: %v", err)
		}
	}
	b.Reset()
	var err error
	for range 3 {
		if _, err = b.Read(p); err != nil {
			break
		}
	}
	if !errors.Is(err, source.ErrTooLarge) || !strings.Contains(err.Error(), "in one row") {
		t.Errorf("err = %v, want ErrTooLarge naming the row", err)
	}
}
