package eval

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"go/scanner"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/testutil"
)

var update = testutil.Update

// splitRow is one row of an evaluation set: its split key and the texts
// (names) it holds.
type splitRow struct {
	key   string
	texts []string
}

// suiteRows reads the rows of every suite with their split keys.
func suiteRows(t *testing.T) map[string][]splitRow {
	t.Helper()
	needData(t)
	out := map[string][]splitRow{}
	ps, err := readPairsFile(openData(t, PairsFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Left == nil || p.Right == nil {
			continue
		}
		out["pairs"] = append(out["pairs"], splitRow{pairKey(p.Left, p.Right), append(p.Left.Names(), p.Right.Names()...)})
	}
	csvRows := func(file string) []map[string]string {
		rows, err := readCSV(openData(t, file))
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	for _, r := range csvRows(NameBenchFile) {
		out["name_bench"] = append(out["name_bench"], splitRow{r["name1"] + "|" + r["name2"], []string{r["name1"], r["name2"]}})
	}
	for _, r := range csvRows(OFACFile) {
		out["ofac parity"] = append(out["ofac parity"], splitRow{r["query_name"] + "|" + r["result_name"], []string{r["query_name"], r["result_name"]}})
	}
	for suite, file := range map[string]string{"positives": PositivesFile, "negatives": NegativesFile} {
		qs, err := Queries(openData(t, file))
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			out[suite] = append(out[suite], splitRow{queryKey(q), []string{q.First(entity.Name)}})
		}
	}
	for _, q := range typoQueries(t) {
		out[TypoSuite] = append(out[TypoSuite], splitRow{q.Key(), []string{q.Query}})
	}
	sets, err := ScriptSets()
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range sets {
		for _, r := range set.Rows {
			out[set.Suite()] = append(out[set.Suite()], splitRow{r.Key(), []string{r.Query, r.Name}})
		}
	}
	return out
}

// suiteFile returns the file of a suite, as splits.json names it, and its
// content: per-script sets from eval/scripts, the others from the shared
// evaluation folder.
func suiteFile(t *testing.T, suite string) (string, []byte) {
	t.Helper()
	if suite == TypoSuite {
		// Generated, not read: the digest is that of the rows' keys.
		var b []byte
		for _, q := range typoQueries(t) {
			b = append(b, q.Key()+"\n"...)
		}
		return typoFile, b
	}
	if stem, ok := strings.CutPrefix(suite, "scripts/"); ok {
		file := "scripts/" + stem + ".csv"
		b, err := scriptFiles.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		return file, b
	}
	b, err := os.ReadFile(filepath.Join(dataDir, "eval", suiteFiles[suite]))
	if err != nil {
		t.Fatal(err)
	}
	return suiteFiles[suite], b
}

// typoFile names the typo suite's source in splits.json.
const typoFile = "generated: eval.TypoQueries(lists/ofac/sdn-2021-07, seed 20261204)"

// typoQueries generates the typo suite from the test lists.
func typoQueries(t *testing.T) []TypoQuery {
	t.Helper()
	_, all := lists(t)
	return TypoQueries(all, TypoSeed)
}

var suiteFiles = map[string]string{"pairs": PairsFile, "name_bench": NameBenchFile, "ofac parity": OFACFile,
	"positives": PositivesFile, "negatives": NegativesFile}

// TestSplitsFrozen recomputes the held-out split of every suite and
// compares it with splits.json: a changed evaluation file or split rule
// shows here, and is accepted only with -update (and a commit saying why).
// A new per-script set (eval/scripts/<name>.csv) is frozen the same way:
// `go test ./eval -run TestSplitsFrozen -update`, then commit splits.json
// with the file.
func TestSplitsFrozen(t *testing.T) {
	rows := suiteRows(t)
	var got []Split
	for _, suite := range slices.Sorted(maps.Keys(rows)) {
		file, b := suiteFile(t, suite)
		sum := sha256.Sum256(b)
		var keys []string
		for _, r := range rows[suite] {
			keys = append(keys, r.key)
		}
		got = append(got, splitOf(suite, file, hex.EncodeToString(sum[:]), keys))
	}
	js, _ := json.MarshalIndent(got, "", "  ")
	js = append(js, '\n')
	if *update {
		if err := os.WriteFile("splits.json", js, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("splits.json")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(js)); diff != "" {
		t.Errorf("splits changed (-splits.json +now; a new eval/scripts file is frozen with -update):\n%s", diff)
	}
	for _, s := range got {
		if s.HeldOut+s.Dev < 100 {
			continue // too few rows for the share to say anything about the rule
		}
		if share := float64(s.HeldOut) / float64(s.HeldOut+s.Dev); share < 0.2 || share > 0.4 {
			t.Errorf("%s: %.0f%% held out, want about 30%%", s.Suite, 100*share)
		}
	}
}

// TestNoHeldOutInCode fails when the text of a held-out row (a name of two
// words or more, at least 8 characters) appears in production code or embedded data: rules
// written for evaluation rows fit the set, not the problem.
func TestNoHeldOutInCode(t *testing.T) {
	rows := suiteRows(t)
	held := map[string]string{} // lower-case text -> suite
	for suite, rs := range rows {
		if suite == "negatives" || suite == "positives" {
			// Names of real listed persons (positives) are on the lists;
			// the negatives are invented common names. Neither is a rule.
			continue
		}
		for _, r := range rs {
			if !HeldOut(suite, r.key) {
				continue
			}
			for _, x := range r.texts {
				// Names of two words or more: a single word ("chairman")
				// is vocabulary, not a row.
				x = strings.ToLower(strings.TrimSpace(x))
				if utf8.RuneCountInString(x) >= 8 && strings.ContainsAny(x, " \t") {
					held[x] = suite
				}
			}
		}
	}
	var found []string
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			// eval/scripts holds the per-script sets themselves.
			if name == "testdata" || name == ".git" || name == "docs" || strings.HasPrefix(name, ".") && path != root ||
				filepath.ToSlash(path) == "../eval/scripts" {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, "_test.go") || !(strings.HasSuffix(name, ".go") || strings.HasSuffix(name, ".json") ||
			strings.HasSuffix(name, ".csv") || strings.HasSuffix(name, ".txt")) || name == "splits.json" {
			return nil
		}
		// List extracts (the demo's sample of real SDN entries) and API
		// examples are data, not rules.
		// The per-script labelled sets (eval/scripts/*.csv) pair queries
		// with names as the lists write them: evaluation data, not rules.
		if strings.Contains(filepath.ToSlash(path), "shipment/demo/sample/") || name == "openapi.json" ||
			strings.Contains(filepath.ToSlash(path), "eval/scripts/") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.HasSuffix(name, ".go") {
			b = goStrings(b)
		}
		text := string(bytes.ToLower(b))
		for x, suite := range held {
			if strings.Contains(text, x) {
				found = append(found, path+": "+suite+" held-out row text "+strconvQuote(x))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(found)
	for _, f := range found {
		t.Error(f)
	}
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

// goStrings returns the string literals of a Go file, unquoted, one a
// line: the code's data, without its comments.
func goStrings(src []byte) []byte {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", fset.Base(), len(src)), src, nil, 0)
	var out bytes.Buffer
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return out.Bytes()
		}
		if tok == token.STRING || tok == token.CHAR {
			if u, err := strconv.Unquote(lit); err == nil {
				lit = u
			}
			out.WriteString(lit)
			out.WriteByte('\n')
		}
	}
}
