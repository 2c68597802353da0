package lists

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/internal/testutil"
)

func needShared(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(sharedLists); err != nil {
		testutil.Skipf(t, "real lists not found at %s: %v", sharedLists, err)
	}
}

func importOne(t *testing.T, s *Store, path string, opts ImportOptions) ImportResult {
	t.Helper()
	res, err := s.Import(context.Background(), []string{path}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 {
		t.Fatalf("%d results for %s", len(res), path)
	}
	return res[0]
}

func TestCheckShrink(t *testing.T) {
	cur := &Meta{Dataset: "d", Version: "v1", Entities: 1000, Names: 2000, Aliases: 900, Counted: true}
	tests := []struct {
		name  string
		next  Meta
		ratio float64
		want  string // "" for no error, else a substring
	}{
		{"same size", Meta{Entities: 1000, Names: 2000, Aliases: 900}, 0.75, ""},
		{"small change", Meta{Entities: 950, Names: 1900, Aliases: 850}, 0.75, ""},
		{"cut in half", Meta{Entities: 500, Names: 1000, Aliases: 450}, 0.75, "entities 1000 -> 500 (50%)"},
		{"aliases stripped", Meta{Entities: 1300, Names: 1200, Aliases: 200}, 0.75, "aliases 900 -> 200"},
		{"aliases moved into names", Meta{Entities: 1000, Names: 2100, Aliases: 0}, 0.75, ""},
		{"guard off", Meta{Entities: 1, Names: 1}, -1, ""},
		{"lower ratio", Meta{Entities: 500, Names: 1000, Aliases: 450}, 0.4, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.next.Dataset = "d"
			err := CheckShrink(cur, &tt.next, tt.ratio)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected refusal: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrShrunk)):
				t.Errorf("got %v, want a refusal naming %q", err, tt.want)
			}
		})
	}
	if err := CheckShrink(nil, &Meta{Entities: 1}, 0.75); err != nil {
		t.Errorf("a first version is never refused: %v", err)
	}
}

// TestImportRefusesShrunkenList is issue 15 item 2: a DPL file cut at a
// line boundary (half its rows, the same newest date) became current with
// exit 0.
func TestImportRefusesShrunkenList(t *testing.T) {
	needShared(t)
	full := filepath.Join(sharedLists, "us-bis/dpl-2023-11.txt")
	b, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	half := lines[0] + strings.Join(lines[len(lines)/2:], "") // header and the second half: the newest row stays
	cut := filepath.Join(t.TempDir(), "dpl-2024-06.txt")
	if err := os.WriteFile(cut, []byte(half), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _ := Open(t.TempDir())
	first := importOne(t, s, full, ImportOptions{})
	if first.Status != StatusCurrent {
		t.Fatalf("full DPL: %s %s", first.Status, first.Err)
	}
	r := importOne(t, s, cut, ImportOptions{})
	t.Logf("cut DPL: %d of %d entities, list date %q: %s: %s", r.Report.Entities, first.Meta.Entities, r.Report.Version, r.Status, r.Err)
	if r.Status != StatusRefused || !strings.Contains(errText(r.Err), "entities 665 -> 333") || !strings.Contains(errText(r.Err), "--allow-shrink") {
		t.Fatalf("cut DPL: status %s (%s), want refused naming the counts and --allow-shrink", r.Status, r.Err)
	}
	if cur, _ := s.Current("us_bis_denied"); cur.Version != first.Meta.Version {
		t.Errorf("current is %s, want the full list %s", cur.Version, first.Meta.Version)
	}
	if vs, _ := s.Versions("us_bis_denied"); len(vs) != 1 {
		t.Errorf("a refused version was stored: %d versions", len(vs))
	}
	st := s.UpdateStateOf("us_bis_denied")
	if st.FailureKind != "import" || !strings.Contains(st.FailureReason, "refused") || st.FailurePath != cut {
		t.Errorf("refusal not remembered for status pages: %+v", st)
	}
	// Asked for, the shrunken list goes in.
	if r := importOne(t, s, cut, ImportOptions{AllowShrink: true}); r.Status != StatusCurrent {
		t.Errorf("--allow-shrink: %s %s", r.Status, r.Err)
	}
}

// TestNonOfficialCopy is issue 13 items 4 and 12: the re-saved SDN copy
// without alt.csv became current because its date is newer, and 4,254
// entries lost their aliases.
func TestNonOfficialCopy(t *testing.T) {
	needShared(t)
	official := filepath.Join(sharedLists, "ofac/sdn-2021-07/sdn.csv")
	resaved := filepath.Join(sharedLists, "ofac/sdn-2023-01-resaved-nonofficial/sdn.csv")

	s, _ := Open(t.TempDir())
	o := importOne(t, s, official, ImportOptions{})
	if o.Status != StatusCurrent || len(o.Meta.NonOfficial) != 0 {
		t.Fatalf("official: %s %s %v", o.Status, o.Err, o.Meta.NonOfficial)
	}
	r := importOne(t, s, resaved, ImportOptions{})
	t.Logf("official: %d entities, %d names, %d aliases; re-saved: %d entities, %d names, %d aliases",
		o.Meta.Entities, o.Meta.Names, o.Meta.Aliases, r.Meta.Entities, r.Meta.Names, r.Meta.Aliases)
	if r.Status != StatusNonOfficial || len(r.Meta.NonOfficial) < 2 || !strings.Contains(errText(r.Err), "not an official publication") {
		t.Fatalf("re-saved: status %s (%s), evidence %v; want non-official, not current", r.Status, r.Err, r.Meta.NonOfficial)
	}
	if cur, _ := s.Current(DatasetSDN); cur.Version != o.Meta.Version {
		t.Fatalf("current is %s, want the official %s", cur.Version, o.Meta.Version)
	}
	// Even when non-official copies are allowed, one that lost most of its
	// aliases is refused like a shrunken list.
	s2, _ := Open(t.TempDir())
	importOne(t, s2, official, ImportOptions{})
	r = importOne(t, s2, resaved, ImportOptions{AllowNonOfficial: true})
	if r.Status != StatusRefused || !strings.Contains(errText(r.Err), "aliases") {
		t.Errorf("re-saved with --allow-non-official: %s (%s), want refused for its aliases", r.Status, r.Err)
	}
	// An official publication replaces a non-official current one, even
	// with an earlier date.
	s3, _ := Open(t.TempDir())
	if r := importOne(t, s3, resaved, ImportOptions{}); r.Status != StatusCurrent {
		t.Fatalf("re-saved alone: %s %s", r.Status, r.Err)
	}
	if r := importOne(t, s3, official, ImportOptions{}); r.Status != StatusCurrent {
		t.Errorf("official after a non-official copy: %s %s, want current", r.Status, r.Err)
	}
}

// DatasetSDN is the dataset of the OFAC SDN list.
const DatasetSDN = "us_ofac_sdn"

// TestUndatedList is issue 13 item 4: a file with no date got today's date
// (its modification time) as its list date.
func TestUndatedList(t *testing.T) {
	s, _ := Open(t.TempDir())
	dir := t.TempDir()
	b, _ := os.ReadFile("testdata/v1.ftm.json")
	p := filepath.Join(dir, "entities.ftm.json")
	os.WriteFile(p, b, 0o644)
	r := importOne(t, s, p, ImportOptions{})
	if r.Status != StatusCurrent {
		t.Fatalf("%s %s", r.Status, r.Err)
	}
	if r.Meta.ListDate != "" || r.Meta.DateOrUndated() != Undated || !strings.HasPrefix(r.Meta.Version, "undated-") {
		t.Errorf("undated file: list date %q, version %q; want no date", r.Meta.ListDate, r.Meta.Version)
	}
	if r.Meta.ImportedAt.IsZero() {
		t.Error("import time not kept")
	}
	// A dated version is preferred to an undated one whatever the import order.
	dated := filepath.Join(dir, "entities-2024-01-02.ftm.json")
	os.WriteFile(dated, b[:len(b)-1], 0o644) // a different digest, same entities
	if r := importOne(t, s, dated, ImportOptions{}); r.Status != StatusCurrent || r.Meta.ListDate != "2024-01-02" {
		t.Fatalf("dated: %s %q", r.Status, r.Meta.ListDate)
	}
	os.WriteFile(p, append(b, '\n'), 0o644)
	if r := importOne(t, s, p, ImportOptions{}); r.Status != StatusOlder {
		t.Errorf("undated after dated: %s, want older", r.Status)
	}
}

// TestImportOutcomeRecorded is issue 15 item 4 and issue 13 item 2:
// failed imports were invisible afterwards.
func TestImportOutcomeRecorded(t *testing.T) {
	s, _ := Open(t.TempDir())
	dir := t.TempDir()
	importOne(t, s, "testdata/v1.ftm.json", ImportOptions{})
	b, _ := os.ReadFile("testdata/v2.ftm.json")
	bad := filepath.Join(dir, "truncated.ftm.json")
	os.WriteFile(bad, b[:len(b)-40], 0o644)
	junk := filepath.Join(dir, "junk.bin")
	os.WriteFile(junk, []byte("\x00\x01 not a list"), 0o644)
	res, err := s.Import(context.Background(), []string{bad, junk}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if Imported(r.Status) {
			t.Errorf("%s: %s, want not imported", r.Path, r.Status)
		}
	}
	st := s.UpdateStateOf("test_list")
	if st.FailureKind != "import" || st.FailurePath != bad || !strings.Contains(st.FailureReason, "truncated.ftm.json:") {
		t.Errorf("failed import not remembered with its position: %+v", st)
	}
	rec, err := s.LastImport()
	if err != nil {
		t.Fatal(err)
	}
	if rec.Files != 2 || len(rec.NotImported) != 2 || rec.NotImported[1].Status != StatusUnrecognized {
		t.Errorf("import record = %+v", rec)
	}
	// The next version made current by an import clears the failure.
	importOne(t, s, "testdata/v2.ftm.json", ImportOptions{})
	if st := s.UpdateStateOf("test_list"); st.FailureReason != "" {
		t.Errorf("failure not cleared by a good import: %+v", st)
	}
}
