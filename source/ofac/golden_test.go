package ofac

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/sourcetest"
)

// golden is what a reader made of a fixture: its report and its entities,
// in the order emitted.
type golden struct {
	Report   *source.Report    `json:"report"`
	Entities []json.RawMessage `json:"entities"`
}

// checkGolden reads path with r and compares the result with the golden
// file want (rewritten with -update).
func checkGolden(t *testing.T, r source.Reader, path, want string) {
	t.Helper()
	_, all, rep, err := readAll(t, r, path)
	if err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, all)
	g := golden{Report: rep}
	for _, e := range all {
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		g.Entities = append(g.Entities, b)
	}
	sourcetest.Golden(t, want, g)
}

func TestCSVGolden(t *testing.T) {
	checkGolden(t, CSVReader{}, filepath.Join("testdata", "csv", "sdn.csv"), filepath.Join("testdata", "csv.golden.json"))
}

func TestXMLGolden(t *testing.T) {
	for _, f := range []string{"sdn.xml", "sdn_2024ns.xml"} {
		t.Run(f, func(t *testing.T) {
			checkGolden(t, XMLReader{}, filepath.Join("testdata", "xml", f), filepath.Join("testdata", "xml.golden."+f+".json"))
		})
	}
}
