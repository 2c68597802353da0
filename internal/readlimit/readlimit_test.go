package readlimit

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
				l := &Lines{R: r, Max: tt.max, Err: source.ErrTooLarge}
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
	b := &Bytes{R: strings.NewReader(strings.Repeat("x", 100)), Max: 10, Unit: "row", Err: source.ErrTooLarge}
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

func TestScanner(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		max   int
		slack int
		want  []string // lines, "!" for ErrLineTooLong, then io.EOF
	}{
		{"empty", "", 5, 0, nil},
		{"lines and endings", "ab\r\ncd\n\nef", 5, 0, []string{"ab", "cd", "", "ef"}},
		{"line of max bytes", "abcde\nx\n", 5, 0, []string{"abcde", "x"}},
		{"long line skipped, next kept", "ab\nabcdefghij\ncd", 5, 0, []string{"ab", "!", "cd"}},
		{"long last line", "ab\nabcdefghij", 5, 0, []string{"ab", "!"}},
		{"slack 1 allows max+1 with newline", "abcdef\nabcdefg\n", 5, 1, []string{"abcdef", "!"}},
		{"slack -1 counts the newline", "abcde\nabcd\n", 5, -1, []string{"!", "abcd"}},
		{"long line over the buffer", "a\n" + strings.Repeat("x", 200<<10) + "\nb", 100, 0, []string{"a", "!", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, oneByte := range []bool{false, true} {
				var r io.Reader = strings.NewReader(tt.in)
				if oneByte {
					r = iotest.OneByteReader(r)
				}
				s := NewScanner(r, tt.max)
				s.Slack = tt.slack
				var got []string
				for {
					b, err := s.Next()
					if errors.Is(err, io.EOF) {
						break
					}
					if errors.Is(err, ErrLineTooLong) {
						got = append(got, "!")
					} else if err != nil {
						t.Fatal(err)
					} else {
						got = append(got, string(b))
					}
					if s.Line() != len(got) {
						t.Errorf("one byte %v: line %d after %d lines", oneByte, s.Line(), len(got))
					}
				}
				if strings.Join(got, "|") != strings.Join(tt.want, "|") {
					t.Errorf("one byte %v: got %q, want %q", oneByte, got, tt.want)
				}
			}
		})
	}
}
