package ofac

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/source"
)

// writeSet writes files into a new temporary folder and returns its path.
func writeSet(t testing.TB, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCSVBadInput checks that bad input gives a positioned error or a
// positioned skipped record, never a panic or a silent loss.
func TestCSVBadInput(t *testing.T) {
	good := fixture(t, "csv/sdn.csv")
	tests := []struct {
		name     string
		sdn      []byte
		wantErr  error // nil: no error
		skipped  int
		entities int // parties and links
		warnings int // at least
	}{
		{"good", good, nil, 0, 6, 2},
		{"truncated in a quoted field", good[:len(good)-40], nil, 1, 5, 1},
		{"truncated after a row", good[:bytes.LastIndex(good, []byte("\r\n"))+2], nil, 0, 6, 2},
		{"short row", append(append([]byte{}, good[:len(good)-1]...), "9999,\"X\",-0- \r\n"...), nil, 1, 6, 2},
		{"ent_num not a number", []byte("abc1,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n36,\"Y\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"), nil, 1, 1, 0},
		{"repeated ent_num", append(append([]byte{}, good[:len(good)-1]...), "36,\"AGAIN\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"...), nil, 1, 6, 2},
		{"bare quote", []byte("36,\"X\"Y\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n37,\"Z\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"), nil, 1, 1, 0},
		{"latin-1 name", []byte("37,\"MU\xd1OZ, Jos\xe9\",individual,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"), nil, 0, 1, 1},
		{"empty", []byte{}, source.ErrFormat, 0, 0, 0},
		{"only eof byte", []byte{0x1a}, source.ErrFormat, 0, 0, 0},
		{"xml", fixture(t, "xml/sdn.xml"), source.ErrFormat, -1, 0, 0},
		{"binary", bytes.Repeat([]byte{0, 1, 2, 0xff, '\n'}, 1000), source.ErrFormat, -1, 0, 0},
		{"line over MaxRecordSize", append(append([]byte{}, good...), bytes.Repeat([]byte("A"), source.MaxRecordSize+100<<10)...), source.ErrTooLarge, -1, -1, 0},
		{"quoted field over MaxRecordSize", append([]byte("36,\""), bytes.Repeat([]byte("A\r\n"), source.MaxRecordSize/3+100<<10)...), source.ErrTooLarge, -1, -1, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string][]byte{"sdn.csv": tc.sdn, "alt.csv": fixture(t, "csv/alt.csv"), "add.csv": fixture(t, "csv/add.csv"), "sdn_comments.csv": fixture(t, "csv/sdn_comments.csv")}
			dir := writeSet(t, files)
			_, _, rep, err := readAll(t, CSVReader{}, filepath.Join(dir, "sdn.csv"))
			if tc.wantErr == nil && err != nil {
				t.Fatalf("error %v, want none", err)
			}
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("error %v, want %v", err, tc.wantErr)
				}
				var se *source.Error
				if !errors.As(err, &se) || !strings.HasSuffix(se.File, "sdn.csv") {
					t.Errorf("error %v does not name the file", err)
				}
				if errors.Is(tc.wantErr, source.ErrTooLarge) && se.Line == 0 {
					t.Errorf("error %v has no line", err)
				}
			}
			if rep == nil {
				t.Fatal("no report")
			}
			// Sibling rows of entries that were lost are reported too.
			mainSkipped := 0
			for _, p := range rep.Problems {
				if p.Skipped {
					if p.Line == 0 || p.File == "" || p.Reason == "" {
						t.Errorf("problem %v is not positioned", p)
					}
					if strings.HasSuffix(p.File, "sdn.csv") {
						mainSkipped++
					}
				}
			}
			if tc.skipped >= 0 && mainSkipped != tc.skipped {
				t.Errorf("skipped %d rows of sdn.csv, want %d: %v", mainSkipped, tc.skipped, rep.Problems)
			}
			if tc.entities >= 0 && rep.Entities != tc.entities {
				t.Errorf("entities %d, want %d", rep.Entities, tc.entities)
			}
			if rep.Warnings() < tc.warnings {
				t.Errorf("warnings %d, want at least %d: %v", rep.Warnings(), tc.warnings, rep.Problems)
			}
		})
	}
}

// TestCSVMissingSiblings reads a main file alone: warnings, no error.
func TestCSVMissingSiblings(t *testing.T) {
	dir := writeSet(t, map[string][]byte{"SDN.CSV": fixture(t, "csv/sdn.csv")})
	_, _, rep, err := readAll(t, CSVReader{}, filepath.Join(dir, "SDN.CSV"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Warnings() < 3 || rep.Skipped != 0 || rep.Entities != 6 {
		t.Errorf("warnings %d skipped %d entities %d; want >= 3 warnings (one per missing sibling), 0, 6: %v", rep.Warnings(), rep.Skipped, rep.Entities, rep.Problems)
	}
}

// TestCSVOrphans reports sibling rows whose entry is missing.
func TestCSVOrphans(t *testing.T) {
	alt := append(fixture(t, "csv/alt.csv"), "\r\n77777,1,\"aka\",\"NOBODY\",-0- \r\n"...)
	dir := writeSet(t, map[string][]byte{"sdn.csv": fixture(t, "csv/sdn.csv"), "alt.csv": alt})
	_, _, rep, err := readAll(t, CSVReader{}, filepath.Join(dir, "sdn.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Skipped != 1 || !strings.Contains(rep.Problems[len(rep.Problems)-1].Reason, "77777") {
		t.Errorf("skipped %d, problems %v; want the orphan alias of 77777", rep.Skipped, rep.Problems)
	}
}

// TestXMLBadInput checks that bad XML gives a positioned error or a
// positioned skipped record.
func TestXMLBadInput(t *testing.T) {
	good := fixture(t, "xml/sdn.xml")
	nest := func(n int) string {
		return strings.Repeat("<a>", n) + strings.Repeat("</a>", n)
	}
	entry := func(inner string) []byte {
		return []byte(`<?xml version="1.0"?><sdnList><sdnEntry><uid>1</uid><lastName>X</lastName><sdnType>Entity</sdnType>` + inner + `</sdnEntry></sdnList>`)
	}
	tests := []struct {
		name     string
		in       []byte
		wantErr  error // nil: no error; errAny: any positioned error
		skipped  int
		entities int
	}{
		{"good", good, nil, 0, 4},
		{"truncated", good[:len(good)/2], errAny, 0, -1},
		{"not xml", fixture(t, "csv/sdn.csv"), source.ErrFormat, 0, 0},
		{"other root", []byte(`<?xml version="1.0"?><CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>`), source.ErrFormat, 0, 0},
		{"empty", []byte{}, source.ErrFormat, 0, 0},
		{"billion laughs", []byte(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><sdnList><sdnEntry><uid>1</uid><lastName>&lol3;</lastName></sdnEntry></sdnList>`), errAny, 0, 0},
		{"deep nesting", entry(nest(source.MaxDepth + 10)), source.ErrTooLarge, 0, 0},
		{"nesting within limit", entry(nest(10)), nil, 0, 1},
		{"huge text", entry("<remarks>" + strings.Repeat("A", source.MaxRecordSize+100<<10) + "</remarks>"), source.ErrTooLarge, 0, 0},
		{"invalid utf-8", entry("<remarks>\xff\xfe</remarks>"), errAny, 0, 0},
		{"latin-1 declared", []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><sdnList><sdnEntry><uid>1</uid><lastName>MU\xd1OZ</lastName></sdnEntry></sdnList>"), nil, 0, 1},
		{"unknown encoding", []byte(`<?xml version="1.0" encoding="EBCDIC"?><sdnList></sdnList>`), source.ErrFormat, 0, 0},
		{"uid not a number", []byte(`<sdnList><sdnEntry><uid>x</uid><lastName>X</lastName></sdnEntry><sdnEntry><uid>2</uid><lastName>Y</lastName></sdnEntry></sdnList>`), nil, 1, 1},
		{"no name", []byte(`<sdnList><sdnEntry><uid>1</uid></sdnEntry></sdnList>`), nil, 1, 0},
		{"repeated uid", []byte(`<sdnList><sdnEntry><uid>1</uid><lastName>X</lastName></sdnEntry><sdnEntry><uid>1</uid><lastName>Y</lastName></sdnEntry></sdnList>`), nil, 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeSet(t, map[string][]byte{"sdn.xml": tc.in})
			_, _, rep, err := readAll(t, XMLReader{}, filepath.Join(dir, "sdn.xml"))
			switch {
			case tc.wantErr == nil && err != nil:
				t.Fatalf("error %v, want none", err)
			case tc.wantErr == errAny && err == nil:
				t.Fatal("no error, want one")
			case tc.wantErr != nil && tc.wantErr != errAny && !errors.Is(err, tc.wantErr):
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				var se *source.Error
				if !errors.As(err, &se) || !strings.HasSuffix(se.File, "sdn.xml") {
					t.Errorf("error %v does not name the file", err)
				}
				t.Log(err)
			}
			if rep.Skipped != tc.skipped {
				t.Errorf("skipped %d, want %d: %v", rep.Skipped, tc.skipped, rep.Problems)
			}
			for _, p := range rep.Problems {
				if p.Skipped && (p.Line == 0 || p.File == "") {
					t.Errorf("problem %v is not positioned", p)
				}
			}
			if tc.entities >= 0 && rep.Entities != tc.entities {
				t.Errorf("entities %d, want %d", rep.Entities, tc.entities)
			}
		})
	}
}

// errAny stands for "some error" in TestXMLBadInput.
var errAny = errors.New("any error")

func TestDetect(t *testing.T) {
	csvHead := fixture(t, "csv/sdn.csv")
	xmlHead := fixture(t, "xml/sdn.xml")
	tests := []struct {
		name     string
		path     string
		head     []byte
		csv, xml bool
	}{
		{"sdn.csv", "x/sdn.csv", csvHead, true, false},
		{"SDN.CSV", "x/SDN.CSV", csvHead, true, false},
		{"cons_prim.csv", "x/cons_prim.csv", csvHead, true, false},
		{"renamed csv", "x/sdn-2021.csv", csvHead, true, false},
		{"other csv", "x/parties.csv", []byte("name,country\r\nX,RU\r\n"), false, false},
		{"sdn.xml", "x/sdn.xml", xmlHead, false, true},
		{"prefixed root", "x/list.xml", []byte(`<?xml version="1.0"?><o:sdnList xmlns:o="urn:x">`), false, true},
		{"un xml", "x/un.xml", []byte(`<?xml version="1.0"?><CONSOLIDATED_LIST>`), false, false},
		{"advanced xml", "x/sdn_advanced.xml", []byte(`<?xml version="1.0"?><Sanctions xmlns="x">`), false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := DetectCSV(tc.path, tc.head); got != tc.csv {
				t.Errorf("DetectCSV = %v, want %v", got, tc.csv)
			}
			if got := DetectXML(tc.path, tc.head); got != tc.xml {
				t.Errorf("DetectXML = %v, want %v", got, tc.xml)
			}
		})
	}
}

// TestGzip reads a CSV set whose main file is gzipped, and a gzipped XML.
func TestGzip(t *testing.T) {
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(b)
		w.Close()
		return buf.Bytes()
	}
	dir := writeSet(t, map[string][]byte{
		"sdn.csv.gz": gz(fixture(t, "csv/sdn.csv")), "alt.csv": fixture(t, "csv/alt.csv"),
		"add.csv": fixture(t, "csv/add.csv"), "sdn_comments.csv": fixture(t, "csv/sdn_comments.csv"),
		"sdn.xml.gz": gz(fixture(t, "xml/sdn.xml")),
	})
	for _, tc := range []struct {
		r        source.Reader
		path     string
		want     string
		entities int
	}{
		{CSVReader{}, filepath.Join(dir, "sdn.csv.gz"), filepath.Join("testdata", "csv", "sdn.csv"), 6},
		{XMLReader{}, filepath.Join(dir, "sdn.xml.gz"), filepath.Join("testdata", "xml", "sdn.xml"), 4},
	} {
		t.Run(filepath.Base(tc.path), func(t *testing.T) {
			head, err := source.Head(tc.path, 64<<10)
			if err != nil {
				t.Fatal(err)
			}
			if !DetectCSV(tc.path, head) && !DetectXML(tc.path, head) {
				t.Errorf("%s not detected", tc.path)
			}
			byID, _, rep, err := readAll(t, tc.r, tc.path)
			if err != nil {
				t.Fatal(err)
			}
			want, _, _, err := readAll(t, tc.r, tc.want)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Entities != tc.entities || len(byID) != len(want) {
				t.Fatalf("entities %d, want %d", rep.Entities, tc.entities)
			}
			for id, e := range want {
				if !entity.Equal(e, byID[id]) {
					t.Errorf("%s differs from the uncompressed read", id)
				}
			}
		})
	}
}
