// Package ftm reads FollowTheMoney (FtM) JSON lines, the format in which
// OpenSanctions publishes its data: one JSON object per line, each an entity
// with id, schema, datasets and multi-valued properties.
//
// Three variants read:
//
//   - entity files (entities.ftm.json, nomenklatura's *.ijson): one entity
//     per line;
//   - nested files (targets.nested.json): property values may be whole
//     entities instead of ids. Each nested entity is emitted as an entity of
//     its own (once per file) and replaced in its parent by its id;
//   - delta files (entities.delta.json): each line is an operation
//     {"op": "ADD"|"MOD"|"DEL", "entity": {...}}.
//
// How to apply a delta: the operations are in file order and relative to
// the version of the dataset that the delta index names as the previous
// one. ADD inserts the entity, MOD replaces the stored entity with the same
// id wholly (the line carries the full new entity, not a patch), DEL removes
// the entity with that id. Reader.Read emits the ADD and MOD entities and
// passes each DEL id to Reader.Deleted (or, when that is nil, lists it as a
// warning in the Report); Reader.ReadDelta hands every operation, in order,
// to a callback, which is what a store applying deltas should use.
//
// Senzing JSON (also published by OpenSanctions) is a different format:
// DetectSenzing recognises it, Reader.Read refuses it with source.ErrFormat,
// and SenzingReader reads it.
package ftm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/readlimit"
	"github.com/redline-sanctions/redline/source"
)

// Format names the format in source.Report.
const Format = "ftm-json"

// The operations of a delta file.
const (
	OpAdd = "ADD"
	OpMod = "MOD"
	OpDel = "DEL"
)

// Reader reads FtM JSON lines files. The zero value reads entity, nested
// and delta files and names entities without datasets after the file.
// An entity that lists several datasets keeps them all, in file order:
// the first is its Dataset, the whole list its Datasets.
type Reader struct {
	// Dataset is the dataset of entities whose object lists no datasets.
	// When empty, it is derived from the file name (see DatasetOf).
	Dataset string
	// Deleted, when not nil, receives the id of each DEL operation of a
	// delta file read with Read. An error stops the read.
	Deleted func(id string) error
}

// Op is one operation of a delta file, or one entity of an entity file
// (Op "ADD").
type Op struct {
	// Op is OpAdd, OpMod or OpDel.
	Op string
	// ID is the id of the entity concerned.
	ID string
	// Entity is the entity to add or replace; for OpDel it holds what the
	// line gave (at least the id) and may be nil.
	Entity *entity.Entity
	// Line is the 1-based line of the operation.
	Line int
}

// Read streams the entities of the file at path to emit. See the package
// documentation for delta files. The Report's Dataset is the dataset all
// entities share, or, when they name several, Reader.Dataset or the name
// DatasetOf derives from the path. Its Version is the version stamp of a
// delta file name, or else the latest last_change of the entities.
func (r Reader) Read(ctx context.Context, path string, emit source.Emit) (*source.Report, error) {
	rep := &source.Report{Format: Format, Files: []string{path}}
	counted := rep.Counted(emit)
	return r.read(ctx, path, rep, func(op Op) error {
		if op.Op == OpDel {
			if r.Deleted != nil {
				return r.Deleted(op.ID)
			}
			rep.Warn(source.Problem{File: path, Line: op.Line, Element: op.ID, Reason: "DEL operation: entity to be removed (read the file with ReadDelta to apply it)"})
			return nil
		}
		return counted(op.Entity)
	})
}

// ReadDelta streams the operations of the file at path, in file order, to
// fn. Lines of an entity (non-delta) file are reported as OpAdd. Nested
// entities come as OpAdd before the operation that contained them. The
// Report counts the entities of ADD and MOD operations.
func (r Reader) ReadDelta(ctx context.Context, path string, fn func(Op) error) (*source.Report, error) {
	rep := &source.Report{Format: Format, Files: []string{path}}
	counted := rep.Counted(func(*entity.Entity) error { return nil })
	return r.read(ctx, path, rep, func(op Op) error {
		if op.Op != OpDel {
			if err := counted(op.Entity); err != nil {
				return err
			}
		}
		return fn(op)
	})
}

// Detect reports whether head, the start of a file, is FtM JSON lines: its
// first non-blank line is a JSON object with an id and a schema, or a
// delta operation.
func Detect(path string, head []byte) bool {
	line := firstLine(head)
	if len(line) == 0 || line[0] != '{' {
		return false
	}
	if bytes.Contains(line, []byte(`"op"`)) && bytes.Contains(line, []byte(`"entity"`)) {
		return true
	}
	return bytes.Contains(line, []byte(`"schema"`)) && bytes.Contains(line, []byte(`"id"`)) &&
		!bytes.Contains(line, []byte(`"DATA_SOURCE"`))
}

// DetectSenzing reports whether head is the Senzing JSON lines that
// OpenSanctions also publishes (records with DATA_SOURCE and RECORD_ID),
// which Read does not read.
func DetectSenzing(path string, head []byte) bool {
	line := firstLine(head)
	return len(line) > 0 && line[0] == '{' &&
		bytes.Contains(line, []byte(`"DATA_SOURCE"`)) && bytes.Contains(line, []byte(`"RECORD_ID"`))
}

func firstLine(head []byte) []byte {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	for len(head) > 0 {
		var line []byte
		line, head, _ = bytes.Cut(head, []byte("\n"))
		if line = bytes.TrimSpace(line); len(line) > 0 {
			return line
		}
	}
	return nil
}

// DatasetOf derives a dataset name from a file path for entities that
// name none: the file name without its extensions
// ("nomenklatura_donations.ftm.ijson" → "nomenklatura_donations"), or the
// folder's name when the file is a generic export ("entities.ftm.json",
// "targets.nested.json").
func DatasetOf(path string) string {
	base := filepath.Base(path)
	for {
		ext := filepath.Ext(base)
		if ext == "" || len(ext) > 8 {
			break
		}
		base = strings.TrimSuffix(base, ext)
	}
	switch base {
	case "", "entities", "targets", "source":
		base = filepath.Base(filepath.Dir(path))
	}
	return base
}

// versionRe finds the OpenSanctions version stamp in a delta file name,
// e.g. "20240527194702-wnk".
var versionRe = regexp.MustCompile(`(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})-[a-z0-9]{3}`)

// maxBadStart is how many unreadable lines at the start of a file make it
// "not FtM JSON lines" rather than a file with bad records.
const maxBadStart = 3

// read is the loop that Read and ReadDelta share.
func (r Reader) read(ctx context.Context, path string, rep *source.Report, fn func(Op) error) (*source.Report, error) {
	rc, err := source.Open(path)
	if err != nil {
		return rep, fmt.Errorf("ftm: %w", err)
	}
	defer rc.Close()
	if m := versionRe.FindStringSubmatch(filepath.Base(path)); m != nil {
		rep.Version = fmt.Sprintf("%s-%s-%sT%s:%s:%s", m[1], m[2], m[3], m[4], m[5], m[6])
	}
	d := decoder{
		path:     path,
		rep:      rep,
		dataset:  r.Dataset,
		nested:   map[string]bool{},
		unknown:  map[string]int{},
		firstUnk: map[string]int{},
	}
	if d.dataset == "" {
		d.dataset = DatasetOf(path)
	}
	common, mixed := "", false
	d.emit = func(op Op) error {
		if e := op.Entity; e != nil && !mixed {
			if common == "" {
				common = e.Dataset
			} else if e.Dataset != common {
				mixed = true
			}
		}
		return fn(op)
	}
	lr := lineReader{sc: readlimit.NewScanner(rc, source.MaxRecordSize)}
	var chk source.Checked
	read, bad := 0, 0
	for {
		if err := chk.Err(ctx); err != nil {
			return rep, fmt.Errorf("ftm: %s: %w", path, err)
		}
		line, err := lr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rep, &source.Error{File: path, Line: lr.line, Err: fmt.Errorf("ftm: %w", err)}
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		rep.Records++
		if rep.Records == 1 && DetectSenzing(path, line) {
			return rep, &source.Error{File: path, Line: lr.line, Err: fmt.Errorf("ftm: file is Senzing JSON, not FtM JSON lines: %w", source.ErrFormat)}
		}
		err = d.line(line, lr.line)
		var pe *problem
		switch {
		case err == nil:
			read++
			continue
		case errors.As(err, &pe):
			bad++
			if !lr.eol && strings.HasPrefix(pe.reason, "invalid JSON: unexpected end") {
				rep.Skip(source.Problem{File: path, Line: lr.line, Reason: "truncated record: file ends inside the last line's JSON object"})
				return rep, &source.Error{File: path, Line: lr.line, Err: fmt.Errorf("ftm: truncated last line: %w", io.ErrUnexpectedEOF)}
			}
			rep.Skip(source.Problem{File: path, Line: lr.line, Element: pe.id, Field: pe.field, Reason: pe.reason})
			if read == 0 && bad >= maxBadStart {
				return rep, &source.Error{File: path, Line: lr.line, Err: fmt.Errorf("ftm: first %d lines are not FtM entities: %w", bad, source.ErrFormat)}
			}
		default:
			return rep, &source.Error{File: path, Line: lr.line, Err: fmt.Errorf("ftm: %w", err)}
		}
	}
	if read == 0 && bad > 0 {
		return rep, &source.Error{File: path, Err: fmt.Errorf("ftm: no line is an FtM entity: %w", source.ErrFormat)}
	}
	rep.Dataset = d.dataset
	if common != "" && !mixed {
		rep.Dataset = common
	}
	if d.lastChange != "" && rep.Version == "" {
		rep.Version = d.lastChange
	}
	d.reportIssues()
	schemas := make([]string, 0, len(d.unknown))
	for s := range d.unknown {
		schemas = append(schemas, s)
	}
	sort.Strings(schemas)
	for _, s := range schemas {
		rep.Warn(source.Problem{File: path, Line: d.firstUnk[s], Field: "schema",
			Reason: fmt.Sprintf("schema %q not known to redline: %d entities kept as they are", s, d.unknown[s])})
	}
	return rep, nil
}

// problem is a line that could not be read.
type problem struct {
	id, field, reason string
}

func (p *problem) Error() string { return p.reason }

// decoder turns lines into operations.
type decoder struct {
	path       string
	rep        *source.Report
	dataset    string
	emit       func(Op) error
	nested     map[string]bool       // ids of nested entities already emitted
	unknown    map[string]int        // unknown schema → entities
	firstUnk   map[string]int        // unknown schema → first line
	lastChange string                // the latest last_change seen
	issues     map[issue]*issueCount // field-level issues of the file
	depth      int                   // nesting of the value being decoded
}

// envelope is a line decoded loosely: an entity's fields or a delta
// operation's.
type envelope struct {
	Op         string                     `json:"op"`
	Entity     json.RawMessage            `json:"entity"`
	ID         json.RawMessage            `json:"id"`
	Schema     json.RawMessage            `json:"schema"`
	Datasets   json.RawMessage            `json:"datasets"`
	Referents  json.RawMessage            `json:"referents"`
	Properties map[string]json.RawMessage `json:"properties"`
	SourceID   string                     `json:"source_id"`
	Sublist    string                     `json:"sublist"`
	LastChange string                     `json:"last_change"`
}

func (d *decoder) line(line []byte, n int) error {
	if !utf8.Valid(line) {
		return &problem{reason: "invalid UTF-8"}
	}
	d.noteLastChange(line)
	// Fast path: a well-formed entity line.
	if !bytes.Contains(line, []byte(`"op"`)) {
		var e entity.Entity
		if err := e.UnmarshalJSON(line); err == nil {
			d.finish(&e, n)
			return d.emit(Op{Op: OpAdd, ID: e.ID, Entity: &e, Line: n})
		}
	}
	var env envelope
	if err := json.Unmarshal(line, &env); err != nil {
		return &problem{reason: "invalid JSON: " + jsonReason(err)}
	}
	op := OpAdd
	if env.Op != "" || len(env.Entity) > 0 {
		op = strings.ToUpper(env.Op)
		if op != OpAdd && op != OpMod && op != OpDel {
			return &problem{field: "op", reason: fmt.Sprintf("unknown delta operation %q", env.Op)}
		}
		if len(env.Entity) == 0 || env.Entity[0] != '{' {
			return &problem{field: "entity", reason: "delta operation without an entity object"}
		}
		env = envelope{}
		if err := json.Unmarshal(lineEntity(line), &env); err != nil {
			return &problem{field: "entity", reason: "invalid JSON: " + jsonReason(err)}
		}
	}
	if op == OpDel {
		id, _ := str(env.ID)
		if id == "" {
			return &problem{field: "id", reason: "DEL operation without an entity id"}
		}
		var e *entity.Entity
		if s, _ := str(env.Schema); s != "" {
			e, _ = d.build(&env, n, "")
		}
		return d.emit(Op{Op: OpDel, ID: id, Entity: e, Line: n})
	}
	e, err := d.build(&env, n, "")
	if err != nil {
		return err
	}
	return d.emit(Op{Op: op, ID: e.ID, Entity: e, Line: n})
}

// lineEntity returns the "entity" member of a delta line.
func lineEntity(line []byte) []byte {
	var w struct {
		Entity json.RawMessage `json:"entity"`
	}
	_ = json.Unmarshal(line, &w)
	return w.Entity
}

// noteLastChange keeps the latest "last_change" timestamp of the file
// without decoding the line twice.
func (d *decoder) noteLastChange(line []byte) {
	i := bytes.Index(line, []byte(`"last_change"`))
	if i < 0 {
		return
	}
	rest := bytes.TrimLeft(line[i+len(`"last_change"`):], " \t:")
	if len(rest) < 2 || rest[0] != '"' {
		return
	}
	end := bytes.IndexByte(rest[1:], '"')
	if end < 0 || end > 40 {
		return
	}
	if v := string(rest[1 : 1+end]); v > d.lastChange {
		d.lastChange = v
	}
}

// finish completes an entity read by the fast path: dataset and schema
// checks.
func (d *decoder) finish(e *entity.Entity, n int) {
	if e.Dataset == "" {
		e.Dataset = d.dataset
	}
	if !entity.Known(e.Schema) {
		if d.unknown[e.Schema] == 0 {
			d.firstUnk[e.Schema] = n
		}
		d.unknown[e.Schema]++
	}
}

// build makes an entity from a loosely decoded object, emitting the
// entities nested in its properties first. parentDataset is the dataset of
// the enclosing entity ("" at top level).
func (d *decoder) build(env *envelope, n int, parentDataset string) (*entity.Entity, error) {
	id, ok := str(env.ID)
	if !ok || id == "" {
		return nil, &problem{field: "id", reason: "entity has no id"}
	}
	schema, ok := str(env.Schema)
	if !ok || schema == "" {
		return nil, &problem{id: id, field: "schema", reason: "entity has no schema"}
	}
	e := &entity.Entity{ID: id, Schema: schema, SourceID: env.SourceID, Sublist: env.Sublist, Properties: make(map[string][]string, len(env.Properties))}
	if e.SourceID == "" {
		e.SourceID = id
	}
	// Every dataset of the object is kept (entity.Entity.Datasets), the
	// first as Dataset; a nested entity without datasets takes its
	// parent's primary dataset.
	e.SetDatasets(strs(env.Datasets)...)
	if rs := strs(env.Referents); len(rs) > 0 {
		e.Referents = rs
	}
	switch {
	case e.Dataset != "":
	case parentDataset != "":
		e.Dataset = parentDataset
	default:
		e.Dataset = d.dataset
	}
	// Properties in name order, so that nested entities and notes come in
	// the same order on every read.
	props := make([]string, 0, len(env.Properties))
	for p := range env.Properties {
		props = append(props, p)
	}
	sort.Strings(props)
	for _, prop := range props {
		if err := d.property(e, prop, env.Properties[prop], n); err != nil {
			return nil, err
		}
	}
	d.finish(e, n)
	return e, nil
}

// property reads the values of one property, which FtM writes as a list of
// strings. Single values, numbers and nested entities are accepted; other
// objects are kept as compact JSON text. Each deviation is noted.
func (d *decoder) property(e *entity.Entity, prop string, raw json.RawMessage, n int) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if raw[0] != '[' {
		d.note(e.ID, prop, "single value, not a list: read as a list of one", n)
		return d.value(e, prop, raw, n)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return &problem{id: e.ID, field: prop, reason: "invalid property values: " + jsonReason(err)}
	}
	for _, it := range items {
		if err := d.value(e, prop, it, n); err != nil {
			return err
		}
	}
	return nil
}

// value adds one property value.
func (d *decoder) value(e *entity.Entity, prop string, raw json.RawMessage, n int) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	if raw[0] == '{' || raw[0] == '[' {
		// Each level of nesting decodes its value again: bound the depth.
		d.depth++
		defer func() { d.depth-- }()
		if d.depth > source.MaxDepth {
			return &problem{id: e.ID, field: prop, reason: fmt.Sprintf("values nested deeper than %d levels", source.MaxDepth)}
		}
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return &problem{id: e.ID, field: prop, reason: "invalid string: " + jsonReason(err)}
		}
		e.Properties[prop] = append(e.Properties[prop], s)
	case '{':
		var sub envelope
		if err := json.Unmarshal(raw, &sub); err != nil {
			return &problem{id: e.ID, field: prop, reason: "invalid nested object: " + jsonReason(err)}
		}
		if id, _ := str(sub.ID); id != "" {
			if s, _ := str(sub.Schema); s != "" {
				ne, err := d.build(&sub, n, e.Dataset)
				if err != nil {
					return err
				}
				if !d.nested[ne.ID] {
					d.nested[ne.ID] = true
					if err := d.emit(Op{Op: OpAdd, ID: ne.ID, Entity: ne, Line: n}); err != nil {
						return err
					}
				}
				e.Properties[prop] = append(e.Properties[prop], ne.ID)
				return nil
			}
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			return &problem{id: e.ID, field: prop, reason: "invalid nested object: " + jsonReason(err)}
		}
		d.note(e.ID, prop, "object that is not an entity: kept as JSON text", n)
		e.Properties[prop] = append(e.Properties[prop], buf.String())
	case '[':
		d.note(e.ID, prop, "list inside the list of values: flattened", n)
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return &problem{id: e.ID, field: prop, reason: "invalid nested list: " + jsonReason(err)}
		}
		for _, it := range items {
			if err := d.value(e, prop, it, n); err != nil {
				return err
			}
		}
	case 'n': // null
	default: // number or boolean
		d.note(e.ID, prop, "value that is not a string: kept as its JSON text", n)
		e.Properties[prop] = append(e.Properties[prop], string(raw))
	}
	return nil
}

// issue is a kind of field-level deviation from FtM: a property and what
// was wrong with its values.
type issue struct{ prop, what string }

// issueCount counts the entities with an issue and remembers the first.
type issueCount struct {
	n    int    // lines with the issue
	line int    // the first of them
	last int    // the last of them
	id   string // the entity of the first
}

// note records a field-level issue. The issues of a file are reported at
// its end, one warning per property and kind with its first line and its
// count, so that a file that deviates systematically gives a short report.
func (d *decoder) note(id, prop, what string, n int) {
	k := issue{prop, what}
	c := d.issues[k]
	if c == nil {
		if d.issues == nil {
			d.issues = map[issue]*issueCount{}
		}
		c = &issueCount{line: n, id: id}
		d.issues[k] = c
	}
	if c.last != n {
		c.n++
		c.last = n
	}
}

// reportIssues adds the recorded issues to the report as warnings, in the
// order of their first line.
func (d *decoder) reportIssues() {
	keys := make([]issue, 0, len(d.issues))
	for k := range d.issues {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := d.issues[keys[i]], d.issues[keys[j]]
		if a.line != b.line {
			return a.line < b.line
		}
		return keys[i].prop < keys[j].prop || keys[i].prop == keys[j].prop && keys[i].what < keys[j].what
	})
	for _, k := range keys {
		c := d.issues[k]
		d.rep.Warn(source.Problem{File: d.path, Line: c.line, Element: c.id, Field: k.prop,
			Reason: fmt.Sprintf("%s (on %d line(s), the first here)", k.what, c.n)})
	}
}

// str decodes a JSON string, reporting false for anything else.
func str(raw json.RawMessage) (string, bool) {
	if len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// strs decodes a list of strings (or one string), ignoring other values.
func strs(raw json.RawMessage) []string {
	if s, ok := str(raw); ok {
		return []string{s}
	}
	var out []string
	_ = json.Unmarshal(raw, &out)
	return out
}

// jsonReason shortens a JSON error to its message with the byte offset.
func jsonReason(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return se.Error() + " at byte " + strconv.FormatInt(se.Offset, 10)
	}
	return err.Error()
}
