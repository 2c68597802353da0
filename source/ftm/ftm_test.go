package ftm

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/sourcetest"
)

// dataDir is the OpenSanctions folder of the shared reference data.
const dataDir = sourcetest.DataDir + "/lists/opensanctions"

// independent counts a JSON lines file with encoding/json alone: records,
// and the entities and links including nested entities (once per id).
type independent struct {
	records, entities, links int
	values                   int // property values, nested entity refs included
	// datasets counts the distinct dataset names of each entity, one for
	// an entity that names none (it takes its parent's or the file's).
	datasets int
}

func countIndependently(t *testing.T, path string) independent {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var c independent
	seen := map[string]bool{}
	var walk func(o map[string]any, top bool)
	var vals func(v any)
	vals = func(v any) {
		switch x := v.(type) {
		case nil:
		case []any:
			for _, y := range x {
				vals(y)
			}
		case map[string]any:
			c.values++
			if _, ok := x["schema"]; ok {
				walk(x, false)
			}
		default:
			c.values++
		}
	}
	walk = func(o map[string]any, top bool) {
		id, _ := o["id"].(string)
		if !top && seen[id] {
			return
		}
		if !top {
			seen[id] = true
		}
		if e, ok := o["entity"].(map[string]any); ok {
			o = e
		}
		c.entities++
		ds := map[string]bool{}
		list, _ := o["datasets"].([]any)
		for _, d := range list {
			if s, _ := d.(string); s != "" {
				ds[s] = true
			}
		}
		c.datasets += max(len(ds), 1)
		if entity.IsLink(o["schema"].(string)) {
			c.links++
		}
		props, _ := o["properties"].(map[string]any)
		for _, v := range props {
			vals(v)
		}
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		c.records++
		var o map[string]any
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		walk(o, true)
	}
	return c
}

func countValues(es []*entity.Entity) int {
	n := 0
	for _, e := range es {
		for _, v := range e.Properties {
			n += len(v)
		}
	}
	return n
}

func countDatasets(es []*entity.Entity) int {
	n := 0
	for _, e := range es {
		n += len(e.AllDatasets())
	}
	return n
}

// TestRealFiles reads every FtM file of the reference data and checks that
// every record, entity, link and property value arrives, against counts made
// independently with encoding/json.
func TestRealFiles(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	tests := []struct {
		name     string
		file     string
		dataset  string
		entities int
		links    int
		warnings int
		schemas  map[string]int
	}{
		{"zala network", "yente_fixtures/zala_entities.ftm.json", "zala_entities", 91, 21, 0,
			map[string]int{"Person": 6, "Ownership": 14, "Company": 11, "Address": 11, "Sanction": 41, "Passport": 1, "Family": 4, "Directorship": 3}},
		{"yente t1", "yente_fixtures/t1_entities.ftm.json", "eu_fsf", 7, 0, 0,
			map[string]int{"Organization": 2, "Person": 4, "Address": 1}},
		{"delta wnk", "yente_fixtures/t2_20240527194702-wnk_entities.delta.json", "t2_20240527194702-wnk_entities", 2, 0, 0,
			map[string]int{"Organization": 1, "Person": 1}},
		{"delta pfh", "yente_fixtures/t2_20240528014702-pfh_entities.delta.json", "t2_20240528014702-pfh_entities", 2, 0, 0,
			map[string]int{"Organization": 2}},
		{"wd persons export", "export_format_sample_wd_persons/entities.ftm.json", "sa_wiki_peps_v2", 1565, 858, 68,
			map[string]int{"Person": 607, "Position": 100, "Family": 756, "Occupancy": 102}},
		{"nested targets", "export_format_sample_wd_persons/targets.nested.json", "wd_persons", 18, 9, 0,
			map[string]int{"Person": 9, "Family": 4, "Occupancy": 5}},
		{"nomenklatura ijson", "nomenklatura_donations.ftm.ijson", "nomenklatura_donations", 474, 0, 1,
			map[string]int{"Organization": 17, "Address": 89, "Person": 22, "Payment": 290, "Company": 56}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dataDir, tt.file)
			es, rep, err := sourcetest.ReadAll(t, Reader{}, path)
			if err != nil {
				t.Fatal(err)
			}
			want := countIndependently(t, path)
			if rep.Skipped != 0 {
				t.Errorf("skipped %d, want 0: %v", rep.Skipped, rep.Problems)
			}
			if rep.Records != want.records || rep.Entities != want.entities || rep.Links != want.links || len(es) != want.entities {
				t.Errorf("records/entities/links = %d/%d/%d (emitted %d), independent count %d/%d/%d",
					rep.Records, rep.Entities, rep.Links, len(es), want.records, want.entities, want.links)
			}
			if got := countValues(es); got != want.values {
				t.Errorf("property values = %d, independent count %d", got, want.values)
			}
			if got := countDatasets(es); got != want.datasets {
				t.Errorf("datasets of the entities = %d, independent count %d", got, want.datasets)
			}
			if rep.Entities != tt.entities || rep.Links != tt.links {
				t.Errorf("entities/links = %d/%d, want %d/%d", rep.Entities, rep.Links, tt.entities, tt.links)
			}
			if rep.Warnings() != tt.warnings {
				t.Errorf("warnings = %d, want %d: %v", rep.Warnings(), tt.warnings, rep.Problems)
			}
			if diff := cmp.Diff(tt.schemas, rep.Schemas); diff != "" {
				t.Errorf("schemas (-want +got):\n%s", diff)
			}
			if rep.Dataset != tt.dataset {
				t.Errorf("dataset = %q, want %q", rep.Dataset, tt.dataset)
			}
			for _, p := range rep.Problems {
				if p.File != path || p.Line <= 0 {
					t.Errorf("problem not positioned: %+v", p)
				}
			}
			sourcetest.RoundTrip(t, Reader{}, t.TempDir(), es)
		})
	}
}

// TestZalaProperties spot-checks that ids, datasets and the joins of the
// Russian military-industrial network survive reading.
func TestZalaProperties(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	es, _, err := sourcetest.ReadAll(t, Reader{}, filepath.Join(dataDir, "yente_fixtures/zala_entities.ftm.json"))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*entity.Entity{}
	for _, e := range es {
		byID[e.ID] = e
	}
	joined := 0
	for _, e := range es {
		if e.Dataset == "" || e.SourceID != e.ID {
			t.Errorf("%s: dataset %q source id %q", e.ID, e.Dataset, e.SourceID)
		}
		if e.Schema != entity.Ownership {
			continue
		}
		for _, p := range []string{entity.Owner, entity.Asset} {
			for _, id := range e.Get(p) {
				if byID[id] != nil {
					joined++
				}
			}
		}
	}
	if joined == 0 {
		t.Error("no Ownership joins an entity of the file")
	}
}

// TestNotFtM checks that files of other formats in the OpenSanctions folder
// are refused with ErrFormat, and that the detectors tell them apart.
func TestNotFtM(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	tests := []struct {
		name    string
		file    string
		senzing bool
	}{
		{"senzing congress", "watchman_us_congress_senzing.json", true},
		{"senzing export", "export_format_sample_wd_persons/senzing.json", true},
		{"catalog index", "yente_fixtures/t1_catalog_index.json", false},
		{"delta index", "yente_fixtures/t2_delta_index.json", false},
		{"dataset index", "export_format_sample_wd_persons/index.json", false},
		{"names", "export_format_sample_wd_persons/names.txt", false},
		{"simple csv", "export_format_sample_wd_persons/targets.simple.csv", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dataDir, tt.file)
			head, err := source.Head(path, 64<<10)
			if err != nil {
				t.Fatal(err)
			}
			if Detect(path, head) {
				t.Error("Detect = true")
			}
			if got := DetectSenzing(path, head); got != tt.senzing {
				t.Errorf("DetectSenzing = %v", got)
			}
			_, rep, err := sourcetest.ReadAll(t, Reader{}, path)
			if !errors.Is(err, source.ErrFormat) {
				t.Fatalf("err = %v, want ErrFormat", err)
			}
			var se *source.Error
			if !errors.As(err, &se) || se.File != path {
				t.Errorf("error not positioned: %v", err)
			}
			if rep.Entities != 0 {
				t.Errorf("emitted %d entities", rep.Entities)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"entity", `{"id":"x","schema":"Person","properties":{}}` + "\n", true},
		{"entity keys reordered", `{"schema": "Person", "properties": {}, "id": "x"}`, true},
		{"delta", `{"op":"ADD","entity":{"id":"x"}}`, true},
		{"blank first lines", "\n\n" + `{"id":"x","schema":"Person"}`, true},
		{"pretty printed", "{\n  \"id\": \"x\",\n  \"schema\": \"Person\"\n}", false},
		{"array", `[{"id":"x","schema":"Person"}]`, false},
		{"senzing", `{"DATA_SOURCE":"OS","RECORD_ID":"x","id":"y","schema":"z"}`, false},
		{"csv", "id,schema\nx,Person\n", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect("f.json", []byte(tt.head)); got != tt.want {
				t.Errorf("Detect = %v, want %v", got, tt.want)
			}
		})
	}
}

// golden is what a fixture reads to, as stored in testdata/*.golden.json.
type golden struct {
	Error    string           `json:"error,omitempty"`
	Report   *source.Report   `json:"report"`
	Entities []*entity.Entity `json:"entities"`
	Deleted  []string         `json:"deleted,omitempty"`
}

// TestFixtures reads the hand-written fixtures and compares everything read
// with the golden files (refresh with go test -update).
func TestFixtures(t *testing.T) {
	for _, name := range []string{"entities.ftm.json", "nested.json", "delta.json", "bad.json"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name)
			var g golden
			r := Reader{Deleted: func(id string) error { g.Deleted = append(g.Deleted, id); return nil }}
			es, rep, err := sourcetest.ReadAll(t, r, path)
			g.Report, g.Entities = rep, es
			if err != nil {
				g.Error = err.Error()
			}
			sourcetest.Golden(t, strings.TrimSuffix(path, filepath.Ext(path))+".golden", g)
		})
	}
}

// TestNested checks the flattening of nested entities: each nested entity
// once, its parent holding its id.
func TestNested(t *testing.T) {
	es, rep, err := sourcetest.ReadAll(t, Reader{}, "testdata/nested.json")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	byID := map[string]*entity.Entity{}
	for _, e := range es {
		ids = append(ids, e.ID)
		byID[e.ID] = e
	}
	if diff := cmp.Diff([]string{"Q2", "fam-1", "Q1", "fam-2", "Q3"}, ids); diff != "" {
		t.Errorf("emitted ids (-want +got):\n%s", diff)
	}
	if got := byID["fam-1"].Get("relative"); !cmp.Equal(got, []string{"Q2"}) {
		t.Errorf("fam-1 relative = %v", got)
	}
	if got := byID["Q1"].Get("familyPerson"); !cmp.Equal(got, []string{"fam-1"}) {
		t.Errorf("Q1 familyPerson = %v", got)
	}
	if got := byID["Q1"].Get("gender"); !cmp.Equal(got, []string{"male"}) {
		t.Errorf("Q1 gender = %v", got)
	}
	if byID["Q2"].Dataset != "wd_persons" {
		t.Errorf("nested entity dataset = %q, want the parent's", byID["Q2"].Dataset)
	}
	if rep.Links != 2 || rep.Skipped != 0 || rep.Warnings() != 3 {
		t.Errorf("links/skipped/warnings = %d/%d/%d, want 2/0/3: %v", rep.Links, rep.Skipped, rep.Warnings(), rep.Problems)
	}
}

func TestReadDelta(t *testing.T) {
	var got []string
	rep, err := Reader{}.ReadDelta(context.Background(), "testdata/delta.json", func(op Op) error {
		got = append(got, fmt.Sprintf("%d %s %s", op.Line, op.Op, op.ID))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"1 ADD NK-1", "2 MOD NK-2", "3 DEL NK-3"}, got); diff != "" {
		t.Errorf("ops (-want +got):\n%s", diff)
	}
	if rep.Entities != 2 || rep.Records != 3 {
		t.Errorf("entities/records = %d/%d, want 2/3", rep.Entities, rep.Records)
	}
	// Without a Deleted callback, Read lists the deletion as a warning.
	_, rep, err = sourcetest.ReadAll(t, Reader{}, "testdata/delta.json")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Warnings() != 1 || rep.Problems[0].Element != "NK-3" || rep.Problems[0].Line != 3 {
		t.Errorf("problems = %v, want one DEL warning for NK-3 at line 3", rep.Problems)
	}
}

func TestReadDeltaReal(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	var got []string
	_, err := Reader{}.ReadDelta(context.Background(), filepath.Join(dataDir, "yente_fixtures/t2_20240528014702-pfh_entities.delta.json"), func(op Op) error {
		got = append(got, op.Op+" "+op.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"ADD NK-500Poltergeist", "MOD NK-2T3S8Hu29ktYnKSTgQp2wL"}, got); diff != "" {
		t.Errorf("ops (-want +got):\n%s", diff)
	}
}

// TestBadInput checks that bad input is reported with a position and never
// crashes or hangs.
func TestBadInput(t *testing.T) {
	big := `{"id":"x","schema":"Person","properties":{"name":["` + strings.Repeat("a", source.MaxRecordSize) + `"]}}` + "\n"
	sourcetest.BadFiles(t, Reader{}, "in.ftm.json", []sourcetest.BadFile{
		{Name: "empty", Data: ""},
		{Name: "bad middle line", Data: "{\"id\":\"a\",\"schema\":\"Person\"}\nnot json\n{\"id\":\"b\",\"schema\":\"Person\"}\n", Skipped: []int{2}, Entities: 2},
		{Name: "invalid utf-8", Data: "{\"id\":\"a\",\"schema\":\"Person\"}\n{\"id\":\"b\xff\",\"schema\":\"Person\"}\n", Skipped: []int{2}, Entities: 1},
		{Name: "truncated last line", Data: "{\"id\":\"a\",\"schema\":\"Person\"}\n{\"id\":\"b\",\"sch", Err: io.ErrUnexpectedEOF, Line: 2, Skipped: []int{2}, Entities: 1},
		{Name: "line too large", Data: "{\"id\":\"a\",\"schema\":\"Person\"}\n" + big, Err: source.ErrTooLarge, Line: 2, Entities: 1},
		{Name: "not json lines", Data: "<xml/>\n<a/>\n<b/>\n", Err: source.ErrFormat, Line: 3, Skipped: []int{1, 2, 3}},
		{Name: "json array", Data: `[{"id":"a","schema":"Person"}]`, Err: source.ErrFormat, Skipped: []int{1}},
		{Name: "no schema", Data: "{\"id\":\"a\",\"schema\":\"Person\"}\n{\"id\":\"b\"}\n", Skipped: []int{2}, Entities: 1},
		{Name: "bad property type", Data: "{\"id\":\"a\",\"schema\":\"Person\"}\n{\"id\":\"b\",\"schema\":\"Person\",\"properties\":{\"name\":[\"x\",]}}\n", Skipped: []int{2}, Entities: 1},
		{Name: "nested too deep", Data: "{\"id\":\"a\",\"schema\":\"Person\"}\n{\"id\":\"b\",\"schema\":\"Person\",\"properties\":{\"x\":" + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "}}\n", Skipped: []int{2}, Entities: 1},
		{Name: "unknown op", Data: "{\"id\":\"a\",\"schema\":\"Person\"}\n{\"op\":\"PATCH\",\"entity\":{\"id\":\"b\"}}\n", Skipped: []int{2}, Entities: 1},
	})
}

func TestCancel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.ftm.json")
	var b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&b, "{\"id\":\"e%d\",\"schema\":\"Person\"}\n", i)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Reader{}.Read(ctx, path, func(*entity.Entity) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func FuzzRead(f *testing.F) {
	sourcetest.Seeds(f, "testdata/entities.ftm.json", "testdata/nested.json", "testdata/delta.json", "testdata/bad.json")
	sourcetest.FuzzFile(f, Reader{}, "in.ftm.json", func(t *testing.T, dir string, es []*entity.Entity, rep *source.Report, err error) {
		sourcetest.RoundTrip(t, Reader{}, dir, es)
	})
}

// BenchmarkRead measures reading the largest FtM sample (MB/s).
func BenchmarkRead(b *testing.B) {
	sourcetest.NeedData(b, dataDir)
	for _, name := range []string{"export_format_sample_wd_persons/entities.ftm.json", "yente_fixtures/zala_entities.ftm.json"} {
		path := filepath.Join(dataDir, name)
		b.Run(filepath.Base(path), func(b *testing.B) { sourcetest.BenchRead(b, Reader{}, path) })
	}
}

// TestZalaDatasets checks that the ZALA network's parties keep every
// dataset OpenSanctions gives them, so that a party on the SDN list is
// seen as such even when its first dataset is another list. The parties
// listed here are those whose "datasets" include us_ofac_sdn, checked by
// hand in the file: each also carries the OFAC program id US-RUSHAR (or,
// for Kalashnikov, US-UKRRUS-REL) and a sanctionssearch.ofac.treas.gov
// source URL.
func TestZalaDatasets(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	es, _, err := sourcetest.ReadAll(t, Reader{}, filepath.Join(dataDir, "yente_fixtures/zala_entities.ftm.json"))
	if err != nil {
		t.Fatal(err)
	}
	type party struct {
		Name    string // the first name, as Caption gives it
		Primary string
		N       int // datasets
	}
	want := map[string]party{
		"NK-2Tbri3s6GgNtAwsSXh4qpL": {"OSETROVA, Maria Aleksandrovna", "gb_coh_disqualified", 7},
		"NK-DQ98GPMgdVH8DSZd8g9Xtc": {"Svetlana Nikolaevna ZAKHAROVA", "gb_coh_disqualified", 6},
		"NK-JseaPJctnK9o8wrmz8xmoT": {"Zakharov Nikita", "gb_coh_disqualified", 14},
		"NK-aU5ybkbRFJucf8YMwsJvDw": {"Aleksandr Vyacheslavovich Zakharov", "gb_coh_disqualified", 14},
		"NK-hUAjuiA3vTKXF6v2X6MYnS": {"ZAKHAROV, Lavrentii Aleksandrovich", "gb_coh_disqualified", 5},
		"NK-abdzbEBkqyT29GyREbiURZ": {`Товариство з обмеженою відповідальністю "ЦСТ"`, "mc_fund_freezes", 22},
		"NK-cWSvGMvufNH5KwEV88FwTA": {"Bespilotnye Sistemy LLC", "mc_fund_freezes", 15},
		"NK-iE6m5ryPeTAMZozfECVSL7": {"AEROSCAN", "mc_fund_freezes", 19},
		"NK-nR5AXM9AVPq4pQaSPSaVam": {"JSC NPO IZHMASH", "mc_fund_freezes", 22},
	}
	got := map[string]party{}
	multi := 0
	for _, e := range es {
		if len(e.Datasets) > 0 {
			multi++
			if e.Datasets[0] != e.Dataset {
				t.Errorf("%s: Dataset %q is not the first of %v", e.ID, e.Dataset, e.Datasets)
			}
		}
		if entity.Matchable(e.Schema) && e.InDataset("us_ofac_sdn") {
			got[e.ID] = party{e.Caption(), e.Dataset, len(e.AllDatasets())}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parties on the SDN list (-want +got):\n%s", diff)
	}
	// 14 parties, an Ownership and an Address list more than one dataset.
	if multi != 16 {
		t.Errorf("%d entities with several datasets, want 16", multi)
	}
}
