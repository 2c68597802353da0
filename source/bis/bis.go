// Package bis reads the Denied Persons List (DPL) of the US Bureau of
// Industry and Security: a tab-separated file with a header row
// (Name, Street_Address, City, State, Country, Postal_Code, Effective_Date,
// Expiration_Date, Standard_Order, Last_Update, Action, FR_Citation), one
// row per denied party and address.
//
// The DPL has no key column. Each row's SourceID is derived from its
// content: "h" and the first 16 hex digits of the SHA-256 of Name,
// Street_Address, City, State, Country, Postal_Code and Effective_Date
// joined by tabs, e.g.
//
//	"AARON ABRAHAM VILLA", "3415 RIVERA AVENUE", "EL PASO", "TX", "",
//	"79905", "08/24/2022"  →  SourceID "h…", ID "us-bis-dpl-h…"
//
// so the same row keeps its id from one edition of the list to the next.
// The list repeats some rows verbatim; the second and later copies get the
// suffix "-2", "-3", ... and a warning, so that every row is kept.
//
// The list mixes persons and companies without saying which is which, so
// every row is a LegalEntity. Dates in the list have typos (a Last_Update
// of 3017-08-22): a date outside 1900–2100 or not a calendar date is not
// set as a property; it is kept in notes and reported as a warning with
// its line and field. Rows of US parties often leave Country empty; when
// State is a US state code, the country is set to "us".
package bis

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/country"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/internal/csvx"
)

// Dataset is the dataset name of the Denied Persons List.
const Dataset = "us_bis_denied"

// Format names the format in source.Report.
const Format = "us-bis-dpl-tsv"

// DPLReader reads the Denied Persons List. The zero value is ready to use.
type DPLReader struct{}

var required = []string{"Name", "Street_Address", "Effective_Date"}

// Detect reports whether head, the start of a file, is the DPL: a
// tab-separated header with the columns Name, Street_Address and
// Effective_Date.
func Detect(path string, head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	line, _, _ := bytes.Cut(head, []byte("\n"))
	cols := map[string]bool{}
	for _, c := range strings.Split(strings.TrimRight(string(line), "\r"), "\t") {
		cols[strings.Trim(strings.TrimSpace(c), `"`)] = true
	}
	for _, c := range required {
		if !cols[c] {
			return false
		}
	}
	return true
}

// Read streams the DPL at path to emit. Rows that cannot be read (bad
// quoting, wrong number of fields, no name, invalid UTF-8) are counted in
// Report.Skipped with their line. The Report's Version is the latest valid
// Last_Update of the file.
func (DPLReader) Read(ctx context.Context, path string, emit source.Emit) (*source.Report, error) {
	rep := &source.Report{Dataset: Dataset, Format: Format, Files: []string{path}}
	rc, err := source.Open(path)
	if err != nil {
		return rep, fmt.Errorf("bis: %w", err)
	}
	defer rc.Close()
	emit = rep.Counted(emit)

	t := csvx.New(rc, csvx.Config{Path: path, Name: "bis", Comma: '\t', BadRow: "bad quoting: ", Report: rep})
	if err := t.ReadHeader(required); err != nil {
		return rep, err
	}
	m := mapper{path: path, rep: rep, cols: t.Cols, seen: map[string]int{}}
	var chk source.Checked
	for {
		if err := chk.Err(ctx); err != nil {
			return rep, fmt.Errorf("bis: %s: %w", path, err)
		}
		row, line, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rep, err
		}
		e, ok := m.entity(row, line)
		if !ok {
			continue
		}
		if err := emit(e); err != nil {
			return rep, &source.Error{File: path, Line: line, Err: fmt.Errorf("bis: %w", err)}
		}
	}
	rep.Version = m.version
	return rep, nil
}

// mapper turns DPL rows into entities.
type mapper struct {
	path    string
	rep     *source.Report
	cols    map[string]int
	seen    map[string]int    // source id → rows seen with it
	version string            // latest valid Last_Update
	codes   map[string]string // country.Code results, "" for unknown
}

func (m *mapper) field(row []string, name string) string {
	i, ok := m.cols[name]
	if !ok {
		return ""
	}
	return strings.TrimSpace(row[i])
}

func (m *mapper) warn(line int, field, reason string) {
	m.rep.Warn(source.Problem{File: m.path, Line: line, Field: field, Reason: reason})
}

var (
	akaRe      = regexp.MustCompile(`(?i)\s*\(A\.?K\.?A\.?\s+([^)]+)\)\s*`)
	nicknameRe = regexp.MustCompile(`"([^"]+)"`)
	dbaRe      = regexp.MustCompile(`(?i)\s+D/B/A\s+`)
)

func (m *mapper) entity(row []string, line int) (*entity.Entity, bool) {
	for i, v := range row {
		if !utf8.ValidString(v) {
			m.rep.Skip(source.Problem{File: m.path, Line: line, Field: headerName(m.cols, i), Reason: "invalid UTF-8"})
			return nil, false
		}
	}
	name := m.field(row, "Name")
	if name == "" {
		m.rep.Skip(source.Problem{File: m.path, Line: line, Field: "Name", Reason: "row has no name"})
		return nil, false
	}
	street, city, state := m.field(row, "Street_Address"), m.field(row, "City"), m.field(row, "State")
	cc, postal, eff := m.field(row, "Country"), m.field(row, "Postal_Code"), m.field(row, "Effective_Date")
	sum := sha256.Sum256([]byte(strings.Join([]string{name, street, city, state, cc, postal, eff}, "\t")))
	key := "h" + hex.EncodeToString(sum[:8])
	m.seen[key]++
	if n := m.seen[key]; n > 1 {
		m.warn(line, "", fmt.Sprintf("row repeats an earlier row (same name, address and effective date): id suffixed -%d", n))
		key += "-" + strconv.Itoa(n)
	}
	e := entity.New(entity.LegalEntity, Dataset, key)

	e.Add(entity.Name, name)
	if mm := akaRe.FindStringSubmatch(name); mm != nil {
		e.Add(entity.Alias, mm[1], strings.Join(strings.Fields(akaRe.ReplaceAllString(name, " ")), " "))
	}
	if parts := dbaRe.Split(name, -1); len(parts) > 1 {
		e.Add(entity.Alias, parts...)
	}
	if mm := nicknameRe.FindStringSubmatch(name); mm != nil {
		e.Add(entity.WeakAlias, mm[1])
		e.Add(entity.Alias, strings.Join(strings.Fields(nicknameRe.ReplaceAllString(name, " ")), " "))
	}

	var addr []string
	for _, p := range []string{street, city, strings.TrimSpace(state + " " + postal)} {
		if p != "" {
			addr = append(addr, p)
		}
	}
	if cc != "" {
		c, ok := m.codes[cc]
		if !ok {
			c, _ = country.Code(cc)
			c = strings.ToLower(c)
			if m.codes == nil {
				m.codes = map[string]string{}
			}
			m.codes[cc] = c
		}
		if c != "" {
			e.Add(entity.Country, c)
		} else {
			m.warn(line, "Country", fmt.Sprintf("country %q not known: kept in the address only", cc))
		}
		addr = append(addr, cc)
	} else if usStates[state] {
		// US rows often leave Country empty; a US state code says it.
		e.Add(entity.Country, "us")
	}
	e.Add(entity.Address, strings.Join(addr, ", "))

	m.date(e, line, "Effective_Date", entity.ListingDate, eff, usDate)
	m.date(e, line, "Expiration_Date", "", m.field(row, "Expiration_Date"), usDate)
	if d := m.date(e, line, "Last_Update", entity.ModifiedAt, m.field(row, "Last_Update"), isoDate); d > m.version {
		m.version = d
	}
	for _, c := range []struct{ col, label string }{
		{"Standard_Order", "Standard order"},
		{"Action", "Action"},
		{"FR_Citation", "Federal Register citation"},
	} {
		if v := m.field(row, c.col); v != "" {
			e.Add(entity.Notes, c.label+": "+v)
		}
	}
	return e, true
}

// date reads a date column with parse, sets it on prop (or, when prop is
// "", as a note) and returns it in ISO form. A value that is not a
// plausible date is kept in notes and reported.
func (m *mapper) date(e *entity.Entity, line int, col, prop, v string, parse func(string) (time.Time, error)) string {
	if v == "" {
		return ""
	}
	label := strings.ReplaceAll(col, "_", " ")
	t, err := parse(v)
	if err != nil || t.Year() < 1900 || t.Year() > 2100 {
		m.warn(line, col, fmt.Sprintf("date %q is not a plausible date: kept in notes only", v))
		e.Add(entity.Notes, label+" (as published): "+v)
		return ""
	}
	d := t.Format("2006-01-02")
	if prop == "" {
		e.Add(entity.Notes, label+": "+d)
	} else {
		e.Add(prop, d)
	}
	return d
}

// usStates are the two-letter codes of the US states, the District of
// Columbia and the territories.
var usStates = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.Fields(`AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT
		NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP`) {
		m[s] = true
	}
	return m
}()

func usDate(s string) (time.Time, error)  { return time.Parse("01/02/2006", s) }
func isoDate(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }

func headerName(cols map[string]int, i int) string {
	for k, v := range cols {
		if v == i {
			return k
		}
	}
	return strconv.Itoa(i + 1)
}
