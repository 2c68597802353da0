package ftm

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/sourcetest"
)

// TestSenzingRealFiles reads both Senzing files of the reference data: every
// record and every name, checked against counts made with encoding/json.
func TestSenzingRealFiles(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	tests := []struct {
		name    string
		file    string
		dataset string
		schemas map[string]int
	}{
		{"us congress", "watchman_us_congress_senzing.json", "us_congress", map[string]int{"Person": 1317, "Thing": 2}},
		{"wd persons", "export_format_sample_wd_persons/senzing.json", "wd_persons", map[string]int{"Person": 9, "Thing": 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dataDir, tt.file)
			es, rep, err := sourcetest.ReadAll(t, SenzingReader{}, path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			records, names, dobs := 0, map[string]bool{}, 0
			sc := bufio.NewScanner(f)
			sc.Buffer(nil, 1<<24)
			for sc.Scan() {
				if strings.TrimSpace(sc.Text()) == "" {
					continue
				}
				records++
				var r senzingRecord
				if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
					t.Fatal(err)
				}
				for _, n := range r.Names {
					names[r.RecordID+"\x00"+n["NAME_FULL"]] = true
				}
				for _, d := range r.Dates {
					if d["DATE_OF_BIRTH"] != "" {
						dobs++
					}
				}
			}
			gotNames, gotDobs := 0, 0
			for _, e := range es {
				gotNames += len(e.Names())
				gotDobs += len(e.Get(entity.BirthDate))
				if e.Dataset != tt.dataset || e.ID == "" {
					t.Errorf("%s: dataset %q", e.ID, e.Dataset)
				}
			}
			if rep.Records != records || len(es) != records || rep.Skipped != 0 {
				t.Errorf("records %d, entities %d, skipped %d; file has %d records", rep.Records, len(es), rep.Skipped, records)
			}
			if gotNames != len(names) || rep.Names != len(names) {
				t.Errorf("names %d (report %d), file has %d", gotNames, rep.Names, len(names))
			}
			if gotDobs != dobs {
				t.Errorf("birth dates %d, file has %d", gotDobs, dobs)
			}
			if diff := cmp.Diff(tt.schemas, rep.Schemas); diff != "" {
				t.Errorf("schemas (-want +got):\n%s", diff)
			}
			if rep.Dataset != tt.dataset {
				t.Errorf("report dataset = %q", rep.Dataset)
			}
			sourcetest.RoundTrip(t, Reader{}, t.TempDir(), es)
		})
	}
}

func TestSenzingFixture(t *testing.T) {
	es, rep, err := sourcetest.ReadAll(t, SenzingReader{}, "testdata/senzing.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || rep.Skipped != 1 || rep.Problems[0].Line != 3 {
		t.Fatalf("entities %d, problems %v; want 2 entities and line 3 skipped", len(es), rep.Problems)
	}
	want := map[string][]string{
		"name": {"Jennifer L. McClellan"}, "alias": {"Jenny McClellan"}, "birthDate": {"1972"},
		"nationality": {"us"}, "topics": {"role.pep"}, "notes": {"Occupancy: Q13218630"},
		"wikidataId": {"Q6178593"}, "sourceUrl": {"https://www.opensanctions.org/entities/NK-1"},
		"modifiedAt": {"2024-03-21T08:44:01"},
	}
	if diff := cmp.Diff(want, es[0].Properties); diff != "" {
		t.Errorf("properties (-want +got):\n%s", diff)
	}
	if es[1].Schema != entity.Thing || es[1].First(entity.Gender) != "male" {
		t.Errorf("second record: schema %s gender %v", es[1].Schema, es[1].Get(entity.Gender))
	}
	var unknown []string
	for _, p := range rep.Problems {
		if !p.Skipped {
			unknown = append(unknown, p.Field)
		}
	}
	if diff := cmp.Diff([]string{"SHOE_SIZE"}, unknown); diff != "" {
		t.Errorf("unknown fields (-want +got):\n%s", diff)
	}
}

func TestSenzingRefusesFtM(t *testing.T) {
	_, _, err := sourcetest.ReadAll(t, SenzingReader{}, "testdata/bad.json")
	if !errors.Is(err, source.ErrFormat) {
		t.Errorf("err = %v, want ErrFormat", err)
	}
}

func FuzzSenzing(f *testing.F) {
	sourcetest.Seeds(f, "testdata/senzing.json", "testdata/entities.ftm.json")
	sourcetest.FuzzFile(f, SenzingReader{}, "senzing.json", func(t *testing.T, dir string, es []*entity.Entity, rep *source.Report, err error) {
		sourcetest.RoundTrip(t, Reader{}, dir, es)
	})
}
