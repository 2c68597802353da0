package ofac

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/readlimit"
	"github.com/redline-sanctions/redline/source"
)

// CSVReader reads OFAC's legacy CSV set. Its zero value is ready to use.
//
// The path given to Read is the main file, sdn.csv (dataset us_ofac_sdn)
// or cons_prim.csv (us_ofac_cons), or the folder that holds it. Its
// siblings are found in the same folder by name, in any letter case:
//
//	sdn.csv         cons_prim.csv      one row per entry, 12 columns
//	add.csv         cons_add.csv       ent_num, add_num, address, city, country, remarks
//	alt.csv         cons_alt.csv       ent_num, alt_num, type (aka/fka/nka), name, remarks
//	sdn_comments.csv cons_comments.csv ent_num, continuation of the remarks
//
// The columns of the main file map to: ent_num -> SourceID, SDN_Name ->
// name (and, for a Person "SURNAME, Given", lastName and firstName),
// SDN_Type -> schema, Program "SDGT] [IRGC" -> program (one value each),
// Title -> position, Call_Sign -> callSign, Vess_type -> type, Tonnage ->
// tonnage, GRT -> grossRegisteredTonnage, Vess_flag -> flag (ISO code),
// Vess_owner -> a note, Remarks (+ its continuation in the comments file)
// -> parsed (see remarks.go). alt.csv: aka and nka -> alias, fka ->
// previousName, "low quality"/"weak" in its remarks -> weakAlias. add.csv:
// the joined address -> address, its country -> country (ISO code).
//
// Report.Records counts the rows of every file of the set (a header row of
// the re-saved variant and the trailing 0x1A excepted); Report.Version is
// "" since the CSV states no date. A missing sibling is reported as a
// warning. The siblings are loaded into
// maps keyed by ent_num (a few MB for the full SDN list), then the main
// file is streamed twice: once to collect the primary names that "Linked
// To:" remarks refer to, once to emit the entities. Sibling rows whose
// ent_num has no entry are reported as skipped.
//
// The third-party re-saved variant of 2023 (a header row, other quoting,
// addresses in sdn_address.csv, no alt.csv) is read too, with a warning
// saying it is not the official format.
type CSVReader struct{}

// Format names reported by CSVReader.
const (
	FormatCSV        = "ofac-csv"
	FormatCSVResaved = "ofac-csv-resaved"
)

// csvSet names the files of one CSV set.
type csvSet struct {
	dataset  string
	main     string
	add      string // "" when missing
	alt      string
	comments string
	address  string // sdn_address.csv of the re-saved variant
}

// siblingNames lists, for each main file name, the names of its siblings
// (add, alt, comments, re-saved address file).
var siblingNames = map[string][4]string{
	"sdn.csv":       {"add.csv", "alt.csv", "sdn_comments.csv", "sdn_address.csv"},
	"cons_prim.csv": {"cons_add.csv", "cons_alt.csv", "cons_comments.csv", ""},
}

// mainFor returns the main file name for a sibling name, or "".
func mainFor(sibling string) string {
	for m, sibs := range siblingNames {
		if slices.Contains(sibs[:], sibling) && sibling != "" {
			return m
		}
	}
	return ""
}

// stripGz returns a lower-cased base name without a .gz suffix.
func stripGz(name string) string {
	return strings.TrimSuffix(strings.ToLower(filepath.Base(name)), ".gz")
}

// findFile returns the path of the file in dir whose name is name (case
// folded, optionally with .gz), or "".
func findFile(entries []os.DirEntry, dir, name string) string {
	if name == "" {
		return ""
	}
	for _, e := range entries {
		if !e.IsDir() && stripGz(e.Name()) == name {
			return filepath.Join(dir, e.Name())
		}
	}
	return ""
}

// resolveSet finds the CSV set for path, a main file or its folder.
func resolveSet(path string) (*csvSet, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("ofac: %w", err)
	}
	dir, base := filepath.Dir(path), stripGz(path)
	if st.IsDir() {
		dir, base = path, ""
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("ofac: %w", err)
	}
	if st.IsDir() {
		for _, m := range []string{"sdn.csv", "cons_prim.csv"} {
			if p := findFile(entries, dir, m); p != "" {
				path, base = p, m
				break
			}
		}
		if base == "" {
			return nil, &source.Error{File: path, Err: fmt.Errorf("ofac: folder has no sdn.csv or cons_prim.csv (%s): %w", presentSiblings(entries), source.ErrFormat)}
		}
	}
	if m := mainFor(base); m != "" {
		if findFile(entries, dir, m) == "" {
			return nil, &source.Error{File: path, Err: fmt.Errorf("ofac: %s is part of an OFAC CSV set whose main file %s is missing from %s; without it the aliases, addresses and comments here belong to no entry and are not imported: %w", filepath.Base(path), m, dir, source.ErrFormat)}
		}
		return nil, &source.Error{File: path, Err: fmt.Errorf("ofac: %s is a sibling of %s: read the main file: %w", filepath.Base(path), m, source.ErrFormat)}
	}
	set := &csvSet{dataset: DatasetSDN, main: path}
	sibs, ok := siblingNames[base]
	if !ok {
		// A renamed main file: the dataset from the name, siblings as for sdn.csv.
		sibs = siblingNames["sdn.csv"]
		if strings.Contains(base, "cons") {
			set.dataset = DatasetCons
			sibs = siblingNames["cons_prim.csv"]
		}
	} else if base == "cons_prim.csv" {
		set.dataset = DatasetCons
	}
	set.add = findFile(entries, dir, sibs[0])
	set.alt = findFile(entries, dir, sibs[1])
	set.comments = findFile(entries, dir, sibs[2])
	set.address = findFile(entries, dir, sibs[3])
	if set.add == "" {
		set.add = set.address // the re-saved variant's sdn_address.csv, same columns
	}
	return set, nil
}

func presentSiblings(entries []os.DirEntry) string {
	var found []string
	for _, e := range entries {
		if mainFor(stripGz(e.Name())) != "" {
			found = append(found, e.Name())
		}
	}
	if len(found) == 0 {
		return "no OFAC files"
	}
	return "found only " + strings.Join(found, ", ")
}

// altRow, addRow and commentRow are sibling rows waiting for their entry.
type altRow struct {
	line            int
	typ, name, note string
}

type addRow struct {
	line                            int
	address, city, country, remarks string
}

type commentRow struct {
	line int
	text string
}

// siblings holds the sibling rows by ent_num.
type siblings struct {
	alts     map[string][]altRow
	adds     map[string][]addRow
	comments map[string][]commentRow
}

// Read reads the CSV set at path (see CSVReader).
func (CSVReader) Read(ctx context.Context, path string, emit source.Emit) (*source.Report, error) {
	rep := &source.Report{Format: FormatCSV, Dataset: DatasetSDN}
	set, err := resolveSet(path)
	if err != nil {
		return rep, err
	}
	rep.Dataset = set.dataset
	rep.Files = []string{set.main}
	sib := &siblings{alts: map[string][]altRow{}, adds: map[string][]addRow{}, comments: map[string][]commentRow{}}

	load := func(file, what string, cols int, keep func(line int, rec []string)) error {
		if file == "" {
			return nil
		}
		rep.Files = append(rep.Files, file)
		first := true
		return eachRow(ctx, file, rep, func(line int, rec []string) error {
			if first {
				first = false
				if isHeader(rec) {
					rep.Records-- // a header is not a record
					return nil
				}
			}
			if len(rec) < cols {
				rep.Skip(source.Problem{File: file, Line: line, Reason: fmt.Sprintf("%s row has %d fields, want %d", what, len(rec), cols)})
				return nil
			}
			if !isEntNum(rec[0]) {
				rep.Skip(source.Problem{File: file, Line: line, Field: "ent_num", Reason: fmt.Sprintf("ent_num %q is not a number", rec[0])})
				return nil
			}
			keep(line, rec)
			return nil
		})
	}
	if set.alt == "" {
		rep.Warn(source.Problem{File: set.main, Reason: "no alt.csv (alternate names) next to it: entries get no aliases beyond their remarks"})
		rep.NonOfficial = append(rep.NonOfficial, "no alt.csv beside it (OFAC publishes alt.csv with every sdn.csv and cons_prim.csv)")
	}
	if err := load(set.alt, "alt", 4, func(line int, rec []string) {
		id := field(rec, 0)
		sib.alts[id] = append(sib.alts[id], altRow{line: line, typ: field(rec, 2), name: field(rec, 3), note: field(rec, 4)})
	}); err != nil {
		return rep, err
	}
	addFile := set.add
	if addFile != "" && addFile == set.address {
		rep.NonOfficial = append(rep.NonOfficial, "addresses in sdn_address.csv, a name OFAC does not publish (its file is add.csv)")
	}
	if addFile == "" {
		rep.Warn(source.Problem{File: set.main, Reason: "no add.csv (addresses) next to it: entries get no addresses"})
	}
	if err := load(addFile, "address", 5, func(line int, rec []string) {
		id := field(rec, 0)
		sib.adds[id] = append(sib.adds[id], addRow{line: line, address: field(rec, 2), city: field(rec, 3), country: field(rec, 4), remarks: field(rec, 5)})
	}); err != nil {
		return rep, err
	}
	if set.comments == "" && set.address == "" {
		rep.Warn(source.Problem{File: set.main, Reason: "no sdn_comments.csv next to it: remarks longer than the main file's field may be cut"})
	}
	if err := load(set.comments, "comments", 2, func(line int, rec []string) {
		id := field(rec, 0)
		sib.comments[id] = append(sib.comments[id], commentRow{line: line, text: rawField(rec, 1)})
	}); err != nil {
		return rep, err
	}

	names, err := primaryNames(ctx, set.main, sib)
	if err != nil {
		return rep, err
	}
	if err := readMain(ctx, set, rep, sib, names, rep.Counted(emit)); err != nil {
		return rep, err
	}
	if rep.Entities == 0 {
		return rep, &source.Error{File: set.main, Err: fmt.Errorf("ofac: no row is an OFAC entry (ent_num, name, type, ... in 12 columns): %w", source.ErrFormat)}
	}
	orphans(rep, set, sib)
	return rep, nil
}

// primaryNames streams the main file once and maps each primary name (and,
// with lower priority, each alternate name) to its ent_num, for resolving
// "Linked To:" remarks.
func primaryNames(ctx context.Context, main string, sib *siblings) (map[string]string, error) {
	names := map[string]string{}
	err := eachRow(ctx, main, nil, func(line int, rec []string) error {
		if len(rec) < 2 || !isEntNum(rec[0]) {
			return nil
		}
		k := nameKey(field(rec, 1))
		if _, dup := names[k]; !dup && k != "" {
			names[k] = field(rec, 0)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for id, alts := range sib.alts {
		for _, a := range alts {
			if k := nameKey(a.name); k != "" {
				if _, dup := names[k]; !dup {
					names[k] = id
				}
			}
		}
	}
	return names, nil
}

// readMain streams the main file and emits one entity per row, followed by
// its links.
func readMain(ctx context.Context, set *csvSet, rep *source.Report, sib *siblings, names map[string]string, emit source.Emit) error {
	seen := map[string]int{}
	first := true
	return eachRow(ctx, set.main, rep, func(line int, rec []string) error {
		if first {
			first = false
			if isHeader(rec) {
				rep.Format = FormatCSVResaved
				rep.Records-- // a header is not a record
				rep.Warn(source.Problem{File: set.main, Line: line, Reason: "header row present: this is a re-saved, non-official variant of the OFAC CSV; columns are read by position as in the official layout"})
				rep.NonOfficial = append(rep.NonOfficial, "a header row (OFAC's CSV files have none)")
				return nil
			}
		}
		if len(rec) < 12 {
			rep.Skip(source.Problem{File: set.main, Line: line, Reason: fmt.Sprintf("row has %d fields, want 12", len(rec))})
			return nil
		}
		id := field(rec, 0)
		if !isEntNum(id) {
			rep.Skip(source.Problem{File: set.main, Line: line, Field: "ent_num", Reason: fmt.Sprintf("ent_num %q is not a number", rec[0])})
			return nil
		}
		if prev, dup := seen[id]; dup {
			rep.Skip(source.Problem{File: set.main, Line: line, Field: "ent_num", Reason: fmt.Sprintf("ent_num %s repeats the entry of line %d", id, prev)})
			return nil
		}
		seen[id] = line
		name := field(rec, 1)
		if name == "" {
			rep.Skip(source.Problem{File: set.main, Line: line, Field: "SDN_Name", Reason: "entry has no name"})
			return nil
		}
		e, links := buildCSVEntity(set, rep, line, rec, sib, names)
		if err := emit(e); err != nil {
			return err
		}
		for _, l := range links {
			if err := emit(l); err != nil {
				return err
			}
		}
		return nil
	})
}

// buildCSVEntity maps one main-file row and its sibling rows to an entity
// and its links. It consumes the entry's sibling rows.
func buildCSVEntity(set *csvSet, rep *source.Report, line int, rec []string, sib *siblings, names map[string]string) (*entity.Entity, []*entity.Entity) {
	id := field(rec, 0)
	schema := schemaFor(field(rec, 2))
	e := entity.New(schema, set.dataset, id)
	name := field(rec, 1)
	e.Add(entity.Name, name)
	if schema == entity.Person {
		setPersonName(e, name)
	}
	e.Add(entity.Program, splitPrograms(field(rec, 3))...)
	if t := field(rec, 4); t != "" {
		if schema == entity.Person {
			e.Add(entity.Position, t)
		} else {
			e.Add(entity.Notes, "Title: "+t)
		}
	}
	e.Add(entity.CallSign, field(rec, 5))
	e.Add(entity.Type, field(rec, 6))
	e.Add(tonnage, field(rec, 7))
	e.Add(grt, field(rec, 8))
	if f := field(rec, 9); f != "" {
		c, ok := countryValue(f)
		if !ok {
			rep.Warn(source.Problem{File: set.main, Line: line, Element: id, Field: "Vess_flag", Reason: fmt.Sprintf("country %q not in the country table: kept as written", f)})
		}
		e.Add(entity.Flag, c)
	}
	if o := field(rec, 10); o != "" {
		e.Add(entity.Notes, "Vessel owner: "+o)
	}

	for _, a := range sib.alts[id] {
		if a.name == "" {
			rep.Warn(source.Problem{File: set.alt, Line: a.line, Element: id, Field: "alt_name", Reason: "alternate name is empty"})
			continue
		}
		switch strings.ToLower(a.typ) {
		case "aka", "fka", "nka":
		default:
			rep.Warn(source.Problem{File: set.alt, Line: a.line, Element: id, Field: "alt_type", Reason: fmt.Sprintf("alternate name type %q unknown: read as aka", a.typ)})
		}
		addAlt(e, a.typ, a.name, a.note)
	}
	delete(sib.alts, id)
	for _, a := range sib.adds[id] {
		e.Add(entity.Address, joinNonEmpty(", ", a.address, a.city, a.country))
		if a.country != "" && !unknownCountry(a.country) {
			c, ok := countryValue(a.country)
			if !ok {
				rep.Warn(source.Problem{File: set.add, Line: a.line, Element: id, Field: "country", Reason: fmt.Sprintf("country %q not in the country table: kept as written", a.country)})
			}
			e.Add(entity.Country, c)
		}
		if a.remarks != "" {
			e.Add(entity.Notes, "Address: "+a.remarks)
		}
	}
	delete(sib.adds, id)

	text := rawField(rec, 11)
	for _, c := range sib.comments[id] {
		text += c.text
	}
	delete(sib.comments, id)
	r := parseRemarks(strings.TrimSpace(text))
	r.apply(e)
	if len(r.Unparsed) > 0 {
		rep.Warn(source.Problem{File: set.main, Line: line, Element: id, Field: "Remarks",
			Reason: fmt.Sprintf("%d statement(s) not understood, kept as notes: %s", len(r.Unparsed), quoteList(r.Unparsed))})
	}
	return e, linkEntities(e, r.Links, names, func(target string) {
		rep.Warn(source.Problem{File: set.main, Line: line, Element: id, Field: "Remarks",
			Reason: fmt.Sprintf("Linked To %q names no entry of this list: kept as a note", target)})
	})
}

// addAlt adds an alternate name of OFAC type typ (aka, fka, nka; a.k.a. in
// the XML) with its remarks.
func addAlt(e *entity.Entity, typ, name, note string) {
	if name == "" {
		return
	}
	prop := entity.Alias
	switch strings.ToLower(strings.Trim(typ, ". ")) {
	case "fka", "f.k.a":
		prop = entity.PreviousName
	}
	l := strings.ToLower(note)
	if strings.Contains(l, "low quality") || strings.Contains(l, "weak") {
		prop = entity.WeakAlias
	}
	e.Add(prop, name)
}

// linkEntities makes the UnknownLink entities for the "Linked To:" targets
// of e. A target that names no entry is kept as a note on e and reported
// through unresolved.
func linkEntities(e *entity.Entity, targets []string, names map[string]string, unresolved func(string)) []*entity.Entity {
	var out []*entity.Entity
	done := map[string]bool{}
	for _, t := range targets {
		obj, ok := names[nameKey(t)]
		if !ok || obj == e.SourceID {
			e.Add(entity.Notes, "Linked To: "+strings.TrimSuffix(t, "."))
			unresolved(t)
			continue
		}
		if done[obj] {
			continue
		}
		done[obj] = true
		l := entity.New(entity.UnknownLink, e.Dataset, e.SourceID+"-linked-"+obj)
		l.Add(entity.Subject, e.ID)
		l.Add(entity.Object, entity.MakeID(e.Dataset, obj))
		l.Add(entity.Role, LinkRole)
		out = append(out, l)
	}
	return out
}

// orphans reports the sibling rows left over after the main file: their
// ent_num has no entry.
func orphans(rep *source.Report, set *csvSet, sib *siblings) {
	addFile := set.add
	var ps []source.Problem
	for id, rows := range sib.alts {
		for _, a := range rows {
			ps = append(ps, source.Problem{File: set.alt, Line: a.line, Element: id, Reason: fmt.Sprintf("alternate name %q: no entry with ent_num %s in %s", a.name, id, filepath.Base(set.main))})
		}
	}
	for id, rows := range sib.adds {
		for _, a := range rows {
			ps = append(ps, source.Problem{File: addFile, Line: a.line, Element: id, Reason: fmt.Sprintf("address: no entry with ent_num %s in %s", id, filepath.Base(set.main))})
		}
	}
	for id, rows := range sib.comments {
		for _, c := range rows {
			ps = append(ps, source.Problem{File: set.comments, Line: c.line, Element: id, Reason: fmt.Sprintf("remarks continuation: no entry with ent_num %s in %s", id, filepath.Base(set.main))})
		}
	}
	slices.SortFunc(ps, func(a, b source.Problem) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	for _, p := range ps {
		rep.Skip(p)
	}
}

func quoteList(ss []string) string {
	const max = 3
	var q []string
	for i, s := range ss {
		if i == max {
			q = append(q, fmt.Sprintf("and %d more", len(ss)-max))
			break
		}
		if len(s) > 80 {
			s = s[:77] + "..."
		}
		q = append(q, fmt.Sprintf("%q", s))
	}
	return strings.Join(q, "; ")
}

// isEntNum reports whether s (trimmed) is a non-empty string of digits.
func isEntNum(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 18 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isHeader reports whether a first row is a header (the re-saved variant's
// "ID,Name,Type,...").
func isHeader(rec []string) bool {
	return len(rec) > 1 && !isEntNum(rec[0]) && !strings.ContainsFunc(rec[0], func(r rune) bool { return r >= '0' && r <= '9' })
}

// field returns column i trimmed, with OFAC's empty marker "-0-" as "".
func field(rec []string, i int) string {
	if i >= len(rec) {
		return ""
	}
	s := strings.TrimSpace(rec[i])
	if s == "-0-" {
		return ""
	}
	return s
}

// rawField returns column i untrimmed (remarks and their continuation are
// concatenated as they are, a word may be split between them), with "-0-"
// as "".
func rawField(rec []string, i int) string {
	if i >= len(rec) || strings.TrimSpace(rec[i]) == "-0-" {
		return ""
	}
	return rec[i]
}

// eachRow streams the CSV file at path and calls fn with each record and
// the line it starts on. It
//   - ignores the trailing 0x1A (DOS end-of-file) record;
//   - counts each record in rep.Records;
//   - reports rows the csv parser rejects as skipped, and goes on;
//   - decodes fields that are not UTF-8 as Windows-1252, with a warning;
//   - stops with source.ErrTooLarge on a record over source.MaxRecordSize.
//
// rep may be nil (a pass that counts nothing).
func eachRow(ctx context.Context, path string, rep *source.Report, fn func(line int, rec []string) error) error {
	rc, err := source.Open(path)
	if err != nil {
		return fmt.Errorf("ofac: %w", err)
	}
	defer rc.Close()
	lim := &readlimit.Bytes{R: rc, Max: source.MaxRecordSize + 64<<10, Unit: "row", Err: source.ErrTooLarge}
	cr := csv.NewReader(lim)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var chk source.Checked
	lastLine := 0
	for {
		if err := chk.Err(ctx); err != nil {
			return err
		}
		lim.Reset()
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(err, source.ErrTooLarge) {
				if rep != nil {
					rep.Records++
					rep.Skip(source.Problem{File: path, Line: pe.StartLine, Reason: fmt.Sprintf("not a valid CSV row: %v", pe.Err)})
				}
				lastLine = pe.Line
				continue
			}
			if errors.Is(err, source.ErrTooLarge) {
				return &source.Error{File: path, Line: lastLine + 1, Err: fmt.Errorf("ofac: a row longer than %d bytes: %w", source.MaxRecordSize, source.ErrTooLarge)}
			}
			return &source.Error{File: path, Line: lastLine + 1, Err: fmt.Errorf("ofac: %w", err)}
		}
		line, _ := cr.FieldPos(0)
		lastLine = line
		if eofMarker(rec) {
			continue // DOS end-of-file marker
		}
		for i, f := range rec {
			if !utf8.ValidString(f) {
				if d, err := charmap.Windows1252.NewDecoder().String(f); err == nil {
					rec[i] = d
				} else {
					rec[i] = strings.ToValidUTF8(f, "\uFFFD")
				}
				if rep != nil {
					rep.Warn(source.Problem{File: path, Line: line, Field: fmt.Sprintf("column %d", i+1), Reason: "not UTF-8: read as Windows-1252"})
				}
			}
		}
		if rep != nil {
			rep.Records++
		}
		if err := fn(line, rec); err != nil {
			return err
		}
	}
}

// eofMarker reports whether rec holds nothing but the DOS end-of-file byte
// 0x1A (alone, or followed by empty columns in the re-saved variant).
func eofMarker(rec []string) bool {
	if !strings.Contains(rec[0], "\x1a") {
		return false
	}
	for _, f := range rec {
		if strings.Trim(f, "\x1a \t\r\n") != "" {
			return false
		}
	}
	return true
}

// csvHead matches the first row of an official OFAC main file:
// ent_num,"NAME",type-or--0-, ...
var csvHead = regexp.MustCompile(`^\d+,"[^"\r\n]*",(-0- |"[a-z]+"),`)

// DetectCSV reports whether path is the main file of an OFAC CSV set
// (sdn.csv, cons_prim.csv, by name or by the shape of its first row), or a
// sibling (add.csv, alt.csv, ...) whose main file is missing, so that
// reading it reports the missing main file rather than nothing. Only one
// sibling of a set is claimed, so the missing file is reported once.
func DetectCSV(path string, head []byte) bool {
	base := stripGz(path)
	if _, ok := siblingNames[base]; ok {
		return true
	}
	if m := mainFor(base); m != "" {
		dir := filepath.Dir(path)
		entries, err := os.ReadDir(dir)
		if err != nil || findFile(entries, dir, m) != "" {
			return false
		}
		for _, s := range siblingNames[m] {
			if p := findFile(entries, dir, s); p != "" {
				return p == path || filepath.Base(p) == filepath.Base(path)
			}
		}
		return false
	}
	if !strings.HasSuffix(base, ".csv") {
		return false
	}
	return csvHead.Match(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))
}
