package pipeline_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"

	"github.com/redline-sanctions/redline/beam/pipeline"
	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/ownership"
	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/demo"
	"github.com/redline-sanctions/redline/shipment/rules"
)

// shared is the shared data folder, read in place.
const shared = "../../../shared/data"

func TestMain(m *testing.M) {
	pipeline.Register()
	flag.Parse()
	beam.Init()
	os.Exit(m.Run())
}

// fixture is what the tests share: a data folder with real lists, the
// lists staged, and the redline CLI built from ../../cmd/redline.
type fixture struct {
	data  string
	cli   string
	lists pipeline.Lists
	// demo is a second data folder for the shipment tests: the UN list,
	// the demo's sample of 30 real SDN entries (designated since 2022) and
	// the demo's synthetic ownership links into them, so that the
	// owned_by_listed rule fires.
	demo      string
	demoLists pipeline.Lists
}

var (
	fixOnce sync.Once
	fix     fixture
	fixErr  error
	fixDir  string
)

// setup imports the UN consolidated list and OFAC's SDN (2021-07) CSV,
// both real, and the demo's synthetic ownership links (so that the 50%
// rule has work), and builds the CLI.
func setup(t testing.TB) fixture {
	t.Helper()
	fixOnce.Do(func() {
		dir, err := os.MkdirTemp("", "redline-beam-test-")
		if err != nil {
			fixErr = err
			return
		}
		fixDir = dir
		paths := []string{filepath.Join(shared, "lists/un/consolidated-2026-02-27.xml"), filepath.Join(shared, "lists/ofac/sdn-2021-07/sdn.csv")}
		for _, p := range paths {
			if _, err := os.Stat(p); err != nil {
				fixErr = fmt.Errorf("shared lists missing: %w", err)
				return
			}
		}
		own, err := demo.WriteOwnership(filepath.Join(dir, "own"))
		if err != nil {
			fixErr = err
			return
		}
		sample, err := demo.WriteSample(filepath.Join(dir, "sample"))
		if err != nil {
			fixErr = err
			return
		}
		ctx := context.Background()
		fix.data, fix.demo = filepath.Join(dir, "data"), filepath.Join(dir, "demo")
		for _, d := range []struct {
			data  string
			files []string
			l     *pipeline.Lists
		}{{fix.data, append(paths, own), &fix.lists}, {fix.demo, []string{paths[0], sample, own}, &fix.demoLists}} {
			st, err := lists.Open(filepath.Join(d.data, "lists"))
			if err != nil {
				fixErr = err
				return
			}
			if _, err := st.Import(ctx, d.files, lists.ImportOptions{}); err != nil {
				fixErr = err
				return
			}
			if *d.l, fixErr = pipeline.Stage(ctx, filepath.Join(d.data, "lists"), filepath.Join(d.data, "staged")); fixErr != nil {
				return
			}
		}
		fix.cli = filepath.Join(dir, "redline")
		cmd := exec.Command("go", "build", "-o", fix.cli, "./cmd/redline")
		cmd.Dir = "../.."
		if out, err := cmd.CombinedOutput(); err != nil {
			fixErr = fmt.Errorf("building redline: %v\n%s", err, out)
		}
	})
	if fixErr != nil {
		t.Fatal(fixErr)
	}
	return fix
}

// run runs the redline CLI on the data folder and returns its standard
// output.
func (f fixture) run(t testing.TB, data string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(f.cli, append([]string{"--data", data}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("redline %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

// runPipeline runs a pipeline on Prism.
func runPipeline(t testing.TB, build func(s beam.Scope)) error {
	t.Helper()
	p, s := beam.NewPipelineWithRoot()
	build(s)
	_, err := beam.Run(context.Background(), "prism", p)
	return err
}

// readShards reads every line of PREFIX-*-of-N.jsonl, checking that all
// n shards exist.
func readShards(t testing.TB, prefix string, n int) []string {
	t.Helper()
	var lines []string
	for i := range n {
		b, err := os.ReadFile(pipeline.ShardName(prefix, i, n, ".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, splitLines(b)...)
	}
	return lines
}

func splitLines(b []byte) []string {
	s := strings.TrimSuffix(string(b), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// sortByID sorts JSON lines by their id field (key), then by the whole
// line, as the equivalence check needs: the pipeline does not keep the
// input order.
func sortByID(t testing.TB, lines []string, key string) []string {
	t.Helper()
	ids := map[string]string{}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %q: %v", l, err)
		}
		ids[l] = fmt.Sprint(m[key])
	}
	out := slices.Clone(lines)
	slices.SortFunc(out, func(a, b string) int {
		if c := strings.Compare(ids[a], ids[b]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return out
}

// compareLines fails with the first differing records.
func compareLines(t testing.TB, want, got []string) {
	t.Helper()
	if len(want) != len(got) {
		t.Errorf("%d records from the CLI, %d from the pipeline", len(want), len(got))
	}
	shown := 0
	for i := range min(len(want), len(got)) {
		if want[i] != got[i] {
			t.Errorf("record %d differs:\ncli:  %s\nbeam: %s", i, want[i], got[i])
			if shown++; shown == 3 {
				break
			}
		}
	}
}

// TestPartiesMatchCLI screens two real parties files (names of UN-listed
// persons, and yente's US negatives) through the pipeline on Prism, in
// three shards, and compares every record, byte for byte, with `redline
// screen parties --format jsonl` run on each file.
func TestPartiesMatchCLI(t *testing.T) {
	f := setup(t)
	in := t.TempDir()
	var want []string
	for _, name := range []string{"eval/yente_positives_un_untreated.csv", "eval/yente_negatives_us.csv"} {
		b, err := os.ReadFile(filepath.Join(shared, name))
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(in, filepath.Base(name))
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
		want = append(want, splitLines(f.run(t, f.data, "screen", "parties", "--format", "jsonl", dst))...)
	}
	out := filepath.Join(t.TempDir(), "parties")
	cfg := pipeline.DefaultPartiesConfig()
	cfg.Input, cfg.Output, cfg.Shards, cfg.Lists = filepath.Join(in, "*.csv"), out, 3, f.lists
	if err := runPipeline(t, func(s beam.Scope) { pipeline.Parties(s, cfg) }); err != nil {
		t.Fatal(err)
	}
	got := readShards(t, out, 3)
	compareLines(t, sortByID(t, want, "id"), sortByID(t, got, "id"))
	flagged := 0
	for _, l := range want {
		if strings.Contains(l, `"match":true`) {
			flagged++
		}
	}
	if flagged < 600 {
		t.Errorf("only %d of %d records flagged: the comparison would prove little", flagged, len(want))
	}
	if dl := readShards(t, pipeline.DeadLetterPrefix(out), 1); len(dl) != 0 {
		t.Errorf("dead letters from clean input: %q", dl)
	}
	t.Logf("%d records identical to the CLI's (%d with a match)", len(got), flagged)
}

// TestPartiesDeadLetters feeds malformed records: each is written both as
// the CLI writes it (a record with its error) and to the dead letters,
// with file and line.
func TestPartiesDeadLetters(t *testing.T) {
	f := setup(t)
	in := filepath.Join(t.TempDir(), "bad.jsonl")
	body := `{"id":"g1","name":"Vladimir Putin","country":"ru"}
{"id":"b1","name":
{"id":"b2","schema":"Address","name":"Moscow"}
{"id":"b3","country":"ru"}

{"id":"g2","name":"Nordic Trade AB"}
`
	if err := os.WriteFile(in, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	want := splitLines(f.run(t, f.data, "screen", "parties", "--format", "jsonl", in))
	out := filepath.Join(t.TempDir(), "p")
	cfg := pipeline.DefaultPartiesConfig()
	cfg.Input, cfg.Output, cfg.Lists = in, out, f.lists
	if err := runPipeline(t, func(s beam.Scope) { pipeline.Parties(s, cfg) }); err != nil {
		t.Fatal(err)
	}
	compareLines(t, sortByID(t, want, "id"), sortByID(t, readShards(t, out, 1), "id"))
	var dead []pipeline.DeadLetter
	for _, l := range readShards(t, pipeline.DeadLetterPrefix(out), 1) {
		var d pipeline.DeadLetter
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			t.Fatal(err)
		}
		if d.File != in || d.Reason == "" {
			t.Errorf("dead letter not positioned: %+v", d)
		}
		dead = append(dead, d)
	}
	slices.SortFunc(dead, func(a, b pipeline.DeadLetter) int { return a.Line - b.Line })
	var lines []int
	for _, d := range dead {
		lines = append(lines, d.Line)
	}
	if diff := cmp.Diff([]int{2, 3, 4}, lines); diff != "" {
		t.Errorf("dead-letter lines (-want +got):\n%s\n%+v", diff, dead)
	}
}

// TestPartiesParquet screens the UN positives written as Parquet and
// compares with the CLI on the same rows written as JSON lines (the CLI
// reads no Parquet): row N of the Parquet file is line N of the JSON lines.
func TestPartiesParquet(t *testing.T) {
	f := setup(t)
	type row struct {
		FullName    string `parquet:"full_name" json:"full_name"`
		DateOfBirth string `parquet:"date_of_birth" json:"date_of_birth"`
		Nationality string `parquet:"nationality" json:"nationality"`
	}
	src, err := os.Open(filepath.Join(shared, "eval/yente_positives_un_untreated.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(src).ReadAll()
	src.Close()
	if err != nil {
		t.Fatal(err)
	}
	var rows []row
	for _, r := range recs[1:] {
		rows = append(rows, row{FullName: r[0], DateOfBirth: r[5], Nationality: r[7]})
	}
	rows = append(rows, row{Nationality: "ru"}) // no name: a dead letter
	dir := t.TempDir()
	pq := filepath.Join(dir, "parties.parquet")
	if err := parquet.WriteFile(pq, rows); err != nil {
		t.Fatal(err)
	}
	var jl bytes.Buffer
	for _, r := range rows {
		b, _ := json.Marshal(r)
		jl.Write(append(b, '\n'))
	}
	jsonl := filepath.Join(dir, "parties.jsonl")
	os.WriteFile(jsonl, jl.Bytes(), 0o644)
	want := splitLines(f.run(t, f.data, "screen", "parties", "--format", "jsonl", jsonl))
	out := filepath.Join(dir, "p")
	cfg := pipeline.DefaultPartiesConfig()
	cfg.Input, cfg.Output, cfg.Shards, cfg.Lists = pq, out, 2, f.lists
	if err := runPipeline(t, func(s beam.Scope) { pipeline.Parties(s, cfg) }); err != nil {
		t.Fatal(err)
	}
	compareLines(t, sortByID(t, want, "id"), sortByID(t, readShards(t, out, 2), "id"))
	dead := readShards(t, pipeline.DeadLetterPrefix(out), 1)
	if len(dead) != 1 || !strings.Contains(dead[0], fmt.Sprintf(`"line":%d`, len(rows))) {
		t.Errorf("dead letters %q, want the row without a name (row %d)", dead, len(rows))
	}
}

// demoShipments writes n generated shipments that plant real list
// entries of the fixture (and parties the 50% rule blocks) as CSV and as
// Parquet, and returns the two paths.
func demoShipments(t testing.TB, f fixture, dir string, n int) (csvPath, parquetPath string) {
	t.Helper()
	ctx := context.Background()
	st, err := lists.Open(filepath.Join(f.demo, "lists"))
	if err != nil {
		t.Fatal(err)
	}
	listed, err := demo.ListedFrom(ctx, st.Entities(ctx), 500)
	if err != nil {
		t.Fatal(err)
	}
	g, err := ownership.Build(ctx, st.Entities(ctx), shipment.OwnershipOptions())
	if err != nil {
		t.Fatal(err)
	}
	owned, err := demo.OwnedFrom(ctx, st.Entities(ctx), g, 200)
	if err != nil {
		t.Fatal(err)
	}
	opts := demo.Options{Rows: n, Seed: 7, Listed: listed, Owned: owned}
	for _, format := range []string{"csv", "parquet"} {
		p := filepath.Join(dir, "shipments."+format)
		w, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := demo.Write(ctx, w, format, opts); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if format == "csv" {
			csvPath = p
		} else {
			parquetPath = p
		}
	}
	return csvPath, parquetPath
}

// TestShipmentsMatchCLI assesses generated shipments, as CSV and as
// Parquet, through the pipeline and compares every record with `redline
// screen shipments --format jsonl`.
func TestShipmentsMatchCLI(t *testing.T) {
	f := setup(t)
	csvPath, parquetPath := demoShipments(t, f, t.TempDir(), 3000)
	for _, in := range []string{csvPath, parquetPath} {
		t.Run(filepath.Ext(in), func(t *testing.T) {
			want := splitLines(f.run(t, f.demo, "screen", "shipments", "--format", "jsonl", in))
			out := filepath.Join(t.TempDir(), "s")
			cfg := pipeline.ShipmentsConfig{Input: in, Output: out, Shards: 2, Lists: f.demoLists}
			if err := runPipeline(t, func(s beam.Scope) { pipeline.Shipments(s, cfg) }); err != nil {
				t.Fatal(err)
			}
			got := readShards(t, out, 2)
			compareLines(t, sortByID(t, want, "shipment_id"), sortByID(t, got, "shipment_id"))
			levels := map[string]int{}
			owned := 0
			for _, l := range want {
				var r struct{ Level string }
				json.Unmarshal([]byte(l), &r)
				levels[r.Level]++
				if strings.Contains(l, `"rule":"owned_by_listed"`) {
					owned++
				}
			}
			if levels["high"] == 0 || owned == 0 {
				t.Errorf("levels %v, %d owned_by_listed flags: the comparison would prove little", levels, owned)
			}
			t.Logf("%d records identical to the CLI's (levels %v, %d with owned_by_listed)", len(got), levels, owned)
		})
	}
}

// TestShipmentsDeadLetters reads a file with rows the reader skips: each
// is in the dead letters with the file and line the CLI reports.
func TestShipmentsDeadLetters(t *testing.T) {
	f := setup(t)
	in := filepath.Join(t.TempDir(), "malformed.csv")
	b, err := os.ReadFile("../../shipment/testdata/malformed.csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	want := splitLines(f.run(t, f.demo, "screen", "shipments", "--format", "jsonl", in))
	out := filepath.Join(t.TempDir(), "s")
	cfg := pipeline.ShipmentsConfig{Input: in, Output: out, Lists: f.demoLists}
	if err := runPipeline(t, func(s beam.Scope) { pipeline.Shipments(s, cfg) }); err != nil {
		t.Fatal(err)
	}
	compareLines(t, sortByID(t, want, "shipment_id"), sortByID(t, readShards(t, out, 1), "shipment_id"))
	var lines []int
	for _, l := range readShards(t, pipeline.DeadLetterPrefix(out), 1) {
		var d pipeline.DeadLetter
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			t.Fatal(err)
		}
		if d.File != in || d.Reason == "" {
			t.Errorf("dead letter not positioned: %+v", d)
		}
		lines = append(lines, d.Line)
	}
	slices.Sort(lines)
	// The lines shipment.TestReadMalformed pins for this file.
	if diff := cmp.Diff([]int{3, 4, 7}, lines); diff != "" {
		t.Errorf("dead-letter lines (-want +got):\n%s", diff)
	}
}

// TestFlowsAggregates aggregates generated shipments and checks the
// Parquet rows against sums computed here from the CLI's own records
// (`redline screen shipments`) and the input read with shipment.Read.
func TestFlowsAggregates(t *testing.T) {
	f := setup(t)
	dir := t.TempDir()
	csvPath, _ := demoShipments(t, f, dir, 3000)
	// Two copies of the sample (every aggregate then sums two shipments)
	// and records the flows cannot place in a month and an HS code.
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(in, "a.csv"), b, 0o644)
	os.WriteFile(filepath.Join(in, "b.csv"), b, 0o644)
	os.WriteFile(filepath.Join(in, "c.csv"), []byte("Shipment ID,Exporter,Importer,Importer Country,HS Code,Goods Description,Value,Date\n"+
		"X-1,Alpha GmbH,OOO Beta,RU,854231,ICs,100,\nX-2,Alpha GmbH,OOO Beta,RU,,assorted goods,100,2024-03-02\nX-3,Alpha GmbH,OOO Beta,RU,854231,ICs,100,2024-03-02\n"), 0o644)
	files, _ := filepath.Glob(filepath.Join(in, "*.csv"))
	type cliRec struct {
		ShipmentID string `json:"shipment_id"`
		HSCode     string `json:"hs_code"`
		CHPLTier   string `json:"chpl_tier"`
		Flags      []shipment.Flag
	}
	kinds := map[string]string{}
	for _, r := range rules.Default().Rules {
		kinds[r.ID] = r.Kind
	}
	type key struct {
		month, sc, sup, con, cc, dest, hs, tier, ids, cur string
		listed                                            bool
	}
	type sum struct {
		n int64
		v float64
	}
	want := map[key]sum{}
	unplaced := 0
	for _, file := range files {
		recs := map[string]cliRec{}
		for _, l := range splitLines(f.run(t, f.demo, "screen", "shipments", "--format", "jsonl", file)) {
			var r cliRec
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatal(err)
			}
			recs[r.ShipmentID] = r
		}
		_, err := shipment.Read(context.Background(), file, shipment.ReadOptions{}, func(s *shipment.Shipment) error {
			r := recs[s.ID]
			k := key{hs: r.HSCode, tier: r.CHPLTier, cur: s.Currency, dest: s.Destination}
			if p := s.Party(shipment.Shipper); p != nil {
				k.sup, k.sc = p.Name, p.Country
			}
			if p := s.Party(shipment.Consignee); p != nil {
				k.con, k.cc = p.Name, p.Country
			}
			if k.dest == "" {
				k.dest = k.cc
			}
			if len(s.Date) >= 7 {
				k.month = s.Date[:7]
			}
			var ids []string
			for _, fl := range r.Flags {
				kind := kinds[fl.Rule]
				concern := kind == rules.KindListedParty || (kind == rules.KindOwnedByListed && (fl.Ownership == "blocked" || fl.Ownership == "same_as"))
				if concern && fl.EntityID != "" && (fl.Role == "consignee" || fl.Role == "end_user") {
					k.listed = true
					if id := fl.Dataset + ":" + fl.EntityID; !slices.Contains(ids, id) {
						ids = append(ids, id)
					}
				}
			}
			slices.Sort(ids)
			k.ids = strings.Join(ids, ";")
			if len(k.month) != 7 || len(k.hs) != 6 {
				unplaced++
				return nil
			}
			w := want[k]
			want[k] = sum{w.n + 1, w.v + s.Value}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "flows")
	cfg := pipeline.FlowsConfig{Input: filepath.Join(in, "*.csv"), Output: out, Shards: 2, Lists: f.demoLists}
	if err := runPipeline(t, func(s beam.Scope) { pipeline.Flows(s, cfg) }); err != nil {
		t.Fatal(err)
	}
	got := map[key]sum{}
	listed := 0
	for i := range 2 {
		rows, err := parquet.ReadFile[pipeline.FlowRow](pipeline.ShardName(out, i, 2, ".parquet"))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			k := key{r.Month, r.SupplierCountry, r.Supplier, r.Consignee, r.ConsigneeCountry, r.Destination, r.HS, r.CHPLTier, r.EntityIDs, r.Currency, r.Listed}
			if _, dup := got[k]; dup {
				t.Errorf("row key twice: %+v", k)
			}
			got[k] = sum{r.Shipments, r.Value}
			if r.Listed {
				listed++
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d aggregate rows, want %d", len(got), len(want))
	}
	for k, w := range want {
		g, ok := got[k]
		if !ok || g.n != w.n || math.Abs(g.v-w.v) > 1e-6*math.Max(1, math.Abs(w.v)) {
			t.Errorf("row %+v: got %+v (present %v), want %+v", k, g, ok, w)
		}
	}
	if listed == 0 {
		t.Error("no listed row: the comparison would prove little")
	}
	dead := readShards(t, pipeline.DeadLetterPrefix(out), 1)
	if len(dead) != unplaced {
		t.Errorf("%d dead letters, want the %d shipments without month or HS code", len(dead), unplaced)
	}
	// The Parquet columns are the contract of `redline flows import`.
	pf, err := os.Open(pipeline.ShardName(out, 0, 2, ".parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	st, _ := pf.Stat()
	file, err := parquet.OpenFile(pf, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, c := range file.Schema().Fields() {
		cols = append(cols, c.Name()+" "+c.Type().String())
	}
	wantCols := []string{"month STRING", "supplier_country STRING", "supplier STRING", "consignee STRING",
		"consignee_country STRING", "destination STRING", "hs STRING", "chpl_tier STRING", "listed BOOLEAN",
		"entity_ids STRING", "shipments INT(64,true)", "value DOUBLE", "currency STRING"}
	if diff := cmp.Diff(wantCols, cols); diff != "" {
		t.Errorf("Parquet columns (-want +got):\n%s", diff)
	}
	if unplaced != 2 {
		t.Errorf("%d shipments without month or HS code, want 2 (X-1, X-2)", unplaced)
	}
	t.Logf("%d aggregate rows (%d listed) from 2 × 3000 + 3 shipments, %d unplaced", len(got), listed, unplaced)
}

// TestListsMissingOrDamaged checks that the job does not start without
// lists or with a damaged snapshot, and that a worker that finds its
// staged snapshot damaged fails the job with the file and position.
func TestListsMissingOrDamaged(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	if _, err := pipeline.Stage(ctx, filepath.Join(t.TempDir(), "nothing"), t.TempDir()); err == nil || !strings.Contains(err.Error(), "no list store") {
		t.Errorf("missing store: %v", err)
	}
	empty := filepath.Join(t.TempDir(), "lists")
	os.MkdirAll(empty, 0o755)
	if _, err := pipeline.Stage(ctx, empty, t.TempDir()); err == nil || !strings.Contains(err.Error(), "no list imported") {
		t.Errorf("empty store: %v", err)
	}

	// A damaged entities.bin in the store.
	data := filepath.Join(t.TempDir(), "lists")
	if err := os.CopyFS(data, os.DirFS(filepath.Join(f.data, "lists"))); err != nil {
		t.Fatal(err)
	}
	bins, _ := filepath.Glob(filepath.Join(data, "*", "versions", "*", "entities.bin"))
	if len(bins) == 0 {
		t.Fatal("no entities.bin in the store")
	}
	fi, _ := os.Stat(bins[0])
	if err := os.Truncate(bins[0], fi.Size()-5); err != nil {
		t.Fatal(err)
	}
	if _, err := pipeline.Stage(ctx, data, t.TempDir()); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("damaged store snapshot: %v", err)
	}

	// A staged file damaged after staging: Check and the job both fail.
	staged := t.TempDir()
	l, err := pipeline.Stage(ctx, filepath.Join(f.data, "lists"), staged)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(l.Files[0])
	b[len(b)/2] ^= 0xff
	b = b[:len(b)-7]
	os.WriteFile(l.Files[0], b, 0o644)
	if _, err := pipeline.Check(ctx, l); err == nil || !strings.Contains(err.Error(), l.Files[0]) {
		t.Errorf("Check of a damaged staged file: %v", err)
	}
	in := filepath.Join(t.TempDir(), "p.csv")
	os.WriteFile(in, []byte("id,name\n1,Vladimir Putin\n"), 0o644)
	cfg := pipeline.DefaultPartiesConfig()
	cfg.Input, cfg.Output, cfg.Lists = in, filepath.Join(t.TempDir(), "p"), l
	err = runPipeline(t, func(s beam.Scope) { pipeline.Parties(s, cfg) })
	if err == nil || !strings.Contains(err.Error(), "damaged snapshot") || !strings.Contains(err.Error(), l.Files[0]) {
		t.Fatalf("the job on a damaged snapshot: %.300v", err)
	}
	t.Logf("job failed as it should: %.300v", err)
}
