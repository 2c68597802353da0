package xmlx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/source"
)

type record struct {
	ID   string `xml:"id,attr"`
	Name string `xml:"name"`
}

// readRecords reads the record elements under the root of in, marking
// before each top-level token as the readers do.
func readRecords(in io.Reader) ([]record, *Stream, error) {
	s := New(in, nil)
	var out []record
	for {
		s.Mark()
		tok, err := s.Dec.Token()
		if err == io.EOF {
			return out, s, nil
		}
		if err != nil {
			return out, s, s.Fail("in.xml", "test", err)
		}
		if se, ok := tok.(xml.StartElement); ok && s.Depth() == 2 {
			var r record
			if err := s.Dec.DecodeElement(&r, &se); err != nil {
				return out, s, s.Fail("in.xml", "test", err)
			}
			out = append(out, r)
		}
	}
}

// repeat returns prefix, n bytes of fill and suffix without holding them.
func repeat(prefix string, fill byte, n int, suffix string) io.Reader {
	return io.MultiReader(strings.NewReader(prefix), bytes.NewReader(bytes.Repeat([]byte{fill}, n)), strings.NewReader(suffix))
}

func TestStream(t *testing.T) {
	small, err := os.ReadFile("testdata/small.xml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   io.Reader
		want int   // records read
		is   error // nil: no error
		line int   // error line, 0 for any
	}{
		{"small", bytes.NewReader(small), 2, nil, 0},
		{"byte order mark", io.MultiReader(strings.NewReader("\ufeff"), bytes.NewReader(small)), 2, nil, 0},
		{"latin-1 declared", strings.NewReader("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><l><record id=\"1\"><name>MU\xd1OZ</name></record></l>"), 1, nil, 0},
		{"truncated in the second record", bytes.NewReader(small[:len(small)-20]), 1, source.ErrFormat, 4},
		{"mismatched end tag", strings.NewReader("<l>\n<record>\n</l>"), 0, source.ErrFormat, 3},
		{"deep nesting", strings.NewReader("<l>" + strings.Repeat("<a>", source.MaxDepth)), 0, source.ErrTooLarge, 0},
		{"huge record", repeat(`<l><record id="1"><name>`, 'x', source.MaxRecordSize+1, `</name></record></l>`), 0, source.ErrTooLarge, 0},
		{"huge text between records", repeat(`<l><record id="1"/>`, ' ', source.MaxRecordSize+1, `<record id="2"/></l>`), 1, source.ErrTooLarge, 0},
		{"entity bomb", strings.NewReader(`<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><l><record><name>&b;</name></record></l>`), 0, source.ErrFormat, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := readRecords(tt.in)
			if len(got) != tt.want {
				t.Errorf("read %d records, want %d: %+v", len(got), tt.want, got)
			}
			if tt.is == nil {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if !errors.Is(err, tt.is) {
				t.Fatalf("err = %v, want %v", err, tt.is)
			}
			var se *source.Error
			if !errors.As(err, &se) || se.File != "in.xml" || !strings.HasPrefix(se.Err.Error(), "test: ") {
				t.Errorf("error %v is not positioned in in.xml with the reader's name", err)
			}
			if tt.line != 0 && se != nil && se.Line != tt.line {
				t.Errorf("error line = %d, want %d", se.Line, tt.line)
			}
		})
	}
}

func TestRoot(t *testing.T) {
	tests := []struct {
		name string
		head string
		want string // "" for none
	}{
		{"plain", `<?xml version="1.0"?><export a="1">`, "export"},
		{"comment first", "<?xml version=\"1.0\"?>\n<!-- x --><CONSOLIDATED_LIST>", "CONSOLIDATED_LIST"},
		{"prefixed", `<o:sdnList xmlns:o="urn:x">`, "sdnList"},
		{"byte order mark", "\ufeff<export>", "export"},
		{"csv", "a,b,c\n1,2,3\n", ""},
		{"empty", "", ""},
		{"cut in the root tag", `<?xml version="1.0"?><expo`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			se, ok := Root([]byte(tt.head))
			if got := se.Name.Local; ok != (tt.want != "") || got != tt.want {
				t.Errorf("Root = %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}

// FuzzStream reads arbitrary bytes: no panic, every error positioned and
// named, depth never more than one past source.MaxDepth (the element that
// stopped the read).
func FuzzStream(f *testing.F) {
	small, err := os.ReadFile("testdata/small.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(small)
	f.Add([]byte("<l>" + strings.Repeat("<a>", 70)))
	f.Fuzz(func(t *testing.T, in []byte) {
		_, s, err := readRecords(bytes.NewReader(in))
		if err != nil {
			var se *source.Error
			if !errors.As(err, &se) || se.File != "in.xml" {
				t.Fatalf("error not positioned: %v", err)
			}
		}
		if s.Depth() > source.MaxDepth+1 {
			t.Fatalf("depth %d past the limit", s.Depth())
		}
	})
}
