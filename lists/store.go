// Package lists keeps the imported sanctions lists: an embedded, versioned
// store on disk, and the import, status, diff, update and export operations
// over it.
//
// # Layout
//
// The store is a folder (the --data folder's "lists" sub-folder):
//
//	lists/
//	  us_ofac_sdn/
//	    current                       one line: the id of the current version
//	    versions/
//	      2021-07-01-3f9a1c2b7d10/    a version: <list date>-<first 12 hex of sha256 of the input files>
//	        entities.jsonl.gz         FtM JSON lines, one entity a line, in the reader's order (canonical)
//	        entities.bin              the same entities in a compact snapshot that loads fast (snapshot.go)
//	        meta.json                 Meta: dataset, version, list date, files, sha256, reports, counts,
//	                                  the SHA-256 of both entity files (verified at load, verify.go)
//	  un_sc_sanctions/
//	    ...
//	  .update/us_ofac_sdn.json        UpdateState: ETag, Last-Modified, last success and last failure
//	                                  (of an update or an import)
//	  .import/last.json               ImportRecord: the last import's files not imported or not current
//
// A version folder is written under a temporary name, synced, and renamed
// into place; then "current" is replaced by writing current.tmp, syncing,
// renaming and syncing the folder. A reader therefore sees either the old or
// the new version, never a mix, and a crash or a failed import leaves the
// previous version current. The newest MaxVersions versions of each dataset
// are kept; older ones are removed after a successful swap.
//
// Example: importing sdn.csv of July 2021 creates
// lists/us_ofac_sdn/versions/2021-07-01-3f9a1c2b7d10/ and makes it current
// unless the current version states a later list date, is an official
// publication while this file is not, or holds far more entities, names or
// aliases (CheckShrink). A file that states no date is stored as
// undated-<sha12>.
package lists

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/source"
)

// MaxVersions is how many versions of each dataset the store keeps.
const MaxVersions = 5

// ErrNoData is returned when a dataset has no current version.
var ErrNoData = errors.New("no imported version")

// Store is the versioned list store in one folder. It is safe for
// concurrent use by one process; imports into the same dataset are
// serialised.
type Store struct {
	dir string
	mu  sync.Mutex // serialises writers
}

// Meta describes one stored version of a dataset.
type Meta struct {
	// Dataset is the dataset name, e.g. "us_ofac_sdn".
	Dataset string `json:"dataset"`
	// Version is the version id: "<list date>-<sha12>".
	Version string `json:"version"`
	// ListDate is the date the list states (or, failing that, the date in
	// its file name), YYYY-MM-DD, YYYY-MM or "" when neither gives one: a
	// list date is never invented (ImportedAt is kept apart).
	ListDate string `json:"list_date"`
	// DateSource says where ListDate came from: "list", "filename" or
	// "none" ("mtime" in versions stored by older releases, which took
	// the file's modification date; treated as undated).
	DateSource string `json:"date_source"`
	// ImportedAt is when the version was stored.
	ImportedAt time.Time `json:"imported_at"`
	// Files are the input files read, SHA256 their combined digest.
	Files  []string `json:"files"`
	SHA256 string   `json:"sha256"`
	// Origin is the URL a downloaded version came from, "" for imports.
	Origin string `json:"origin,omitempty"`
	// Format is the format read.
	Format string `json:"format"`
	// Entities, Names, Links and Skipped are the reader's counts.
	Entities int `json:"entities"`
	Names    int `json:"names"`
	Links    int `json:"links"`
	Skipped  int `json:"skipped"`
	// Aliases counts the alias and weakAlias values of the entities.
	Aliases int `json:"aliases"`
	// Counted says that Aliases and Checksums were recorded when the
	// version was written (versions stored by older releases lack both).
	Counted bool `json:"counted,omitempty"`
	// Checksums maps each entity file of the version folder
	// (entities.jsonl.gz, entities.bin) to the hex SHA-256 of its bytes,
	// computed while writing it; loading verifies it (see verify.go).
	Checksums map[string]string `json:"checksums,omitempty"`
	// NonOfficial is the evidence that the input was not an official
	// publication as issued (source.Report.NonOfficial); such a version
	// never replaces an official one unless ImportOptions.AllowNonOfficial.
	NonOfficial []string `json:"non_official,omitempty"`
	// Report is the reader's full report, problems included.
	Report *source.Report `json:"report"`
}

// Undated is shown for a version whose list states no date (ListDate "").
const Undated = "undated"

// DateOrUndated returns the list date, or "undated".
func (m *Meta) DateOrUndated() string {
	if m.ListDate == "" {
		return Undated
	}
	return m.ListDate
}

// Open opens (creating if needed) the store in dir.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("lists: opening store: %w", err)
	}
	return &Store{dir: dir}, nil
}

// Dir returns the store's folder.
func (s *Store) Dir() string { return s.dir }

// Datasets returns the names of the datasets with a current version, sorted.
// A dataset whose versions have no "current" file is not among them:
// Health reports it.
func (s *Store) Datasets() ([]string, error) { return s.datasetsWith("current") }

// datasetsWith returns the dataset folders that hold the named entry,
// sorted.
func (s *Store) datasetsWith(entry string) ([]string, error) {
	des, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("lists: %w", err)
	}
	var out []string
	for _, de := range des {
		if !de.IsDir() || strings.HasPrefix(de.Name(), ".") {
			continue
		}
		if _, err := os.Stat(filepath.Join(s.dir, de.Name(), entry)); err == nil {
			out = append(out, de.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

// Current returns the meta of a dataset's current version, or an error
// wrapping ErrNoData.
func (s *Store) Current(dataset string) (*Meta, error) {
	b, err := os.ReadFile(filepath.Join(s.dir, dataset, "current"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("lists: %s: %w", dataset, ErrNoData)
	}
	if err != nil {
		return nil, fmt.Errorf("lists: %s: %w", dataset, err)
	}
	return s.Version(dataset, strings.TrimSpace(string(b)))
}

// CurrentVersions maps each dataset with a current version to that
// version: what a screening run records it screened against.
func (s *Store) CurrentVersions() (map[string]string, error) {
	names, err := s.Datasets()
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(names))
	for _, ds := range names {
		if m, err := s.Current(ds); err == nil {
			out[ds] = m.Version
		}
	}
	return out, nil
}

// Version returns the meta of one stored version.
func (s *Store) Version(dataset, version string) (*Meta, error) {
	if !validName(dataset) || !validName(version) {
		return nil, fmt.Errorf("lists: invalid dataset or version %q/%q", dataset, version)
	}
	b, err := os.ReadFile(filepath.Join(s.dir, dataset, "versions", version, "meta.json"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("lists: %s version %s: %w", dataset, version, ErrNoData)
	}
	if err != nil {
		return nil, fmt.Errorf("lists: %s version %s: %w", dataset, version, err)
	}
	var m Meta
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("lists: %s version %s: meta.json: %w", dataset, version, err)
	}
	return &m, nil
}

// Versions returns the stored versions of a dataset, oldest list date first.
func (s *Store) Versions(dataset string) ([]*Meta, error) {
	des, err := os.ReadDir(filepath.Join(s.dir, dataset, "versions"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("lists: %w", err)
	}
	var out []*Meta
	for _, de := range des {
		if !de.IsDir() || strings.HasPrefix(de.Name(), ".") {
			continue
		}
		m, err := s.Version(dataset, de.Name())
		if err != nil {
			continue // a version without meta is an interrupted write; never current
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return versionLess(out[i], out[j]) })
	return out, nil
}

// versionLess orders versions by list date, then import time.
func versionLess(a, b *Meta) bool {
	if a.ListDate != b.ListDate {
		return a.ListDate < b.ListDate
	}
	return a.ImportedAt.Before(b.ImportedAt)
}

// Entities streams the entities of the current version of each dataset
// given, or of every dataset when none is given. Iteration stops at the
// first error, which is yielded with a nil entity.
func (s *Store) Entities(ctx context.Context, datasets ...string) iter.Seq2[*entity.Entity, error] {
	return func(yield func(*entity.Entity, error) bool) {
		if len(datasets) == 0 {
			var err error
			if datasets, err = s.Datasets(); err != nil {
				yield(nil, err)
				return
			}
		}
		for _, ds := range datasets {
			m, err := s.Current(ds)
			if err != nil {
				yield(nil, err)
				return
			}
			for e, err := range s.VersionEntities(ctx, m) {
				if !yield(e, err) || err != nil {
					return
				}
			}
		}
	}
}

// VersionEntities streams the entities of one stored version, from its
// snapshot when it has one (see snapshot.go), else from its FtM JSON lines.
func (s *Store) VersionEntities(ctx context.Context, m *Meta) iter.Seq2[*entity.Entity, error] {
	dir := filepath.Join(s.dir, m.Dataset, "versions", m.Version)
	if _, err := os.Stat(filepath.Join(dir, entitiesBin)); err == nil {
		return readSnapshot(filepath.Join(dir, entitiesBin), m.Checksums[entitiesBin])
	}
	return readEntities(ctx, filepath.Join(dir, entitiesJSON), m.Checksums[entitiesJSON])
}

// readEntities streams an entities.jsonl.gz file; when sum is not "",
// the file's SHA-256 must equal it, else the last value yielded is a
// *CorruptError (the entities before it were read from damaged bytes and
// must be discarded, as every caller does on error). One goroutine
// decompresses and splits lines; GOMAXPROCS workers parse batches of lines;
// batches are yielded in file order, and at most a few batches per worker
// are in flight, so memory stays bounded.
func readEntities(ctx context.Context, path, sum string) iter.Seq2[*entity.Entity, error] {
	return func(yield func(*entity.Entity, error) bool) {
		f, err := os.Open(path)
		if err != nil {
			yield(nil, fmt.Errorf("lists: %w", err))
			return
		}
		defer f.Close()
		h := sha256.New()
		zr, err := gzip.NewReader(bufio.NewReaderSize(io.TeeReader(f, h), 256<<10))
		if err != nil {
			yield(nil, fmt.Errorf("lists: %s: %w", path, err))
			return
		}
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		workers := runtime.GOMAXPROCS(0)
		order := make(chan *lineBatch, 2*workers)
		work := make(chan *lineBatch, 2*workers)
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for b := range work {
					b.parse(path)
				}
			}()
		}
		go func() {
			defer close(order)
			defer close(work)
			sc := bufio.NewScanner(zr)
			sc.Buffer(make([]byte, 0, 256<<10), source.MaxRecordSize)
			line := 0
			b := newLineBatch(1)
			send := func() bool {
				select {
				case order <- b:
				case <-ctx.Done():
					return false
				}
				work <- b
				return true
			}
			for sc.Scan() {
				line++
				b.lines = append(b.lines, append([]byte(nil), sc.Bytes()...))
				if len(b.lines) == batchLines {
					if !send() {
						return
					}
					b = newLineBatch(line + 1)
				}
			}
			if err := sc.Err(); err != nil {
				b.readErr = fmt.Errorf("lists: %s:%d: %w", path, line+1, err)
			}
			send()
		}()
		defer func() {
			cancel()
			for b := range order { // let the producer finish
				<-b.done
			}
			wg.Wait()
		}()
		for b := range order {
			<-b.done
			for _, e := range b.out {
				if !yield(e, nil) {
					return
				}
			}
			if b.err != nil {
				yield(nil, b.err)
				return
			}
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
		}
		if sum != "" {
			if _, err := io.Copy(h, f); err != nil { // what gzip did not need
				yield(nil, fmt.Errorf("lists: %s: %w", path, err))
				return
			}
			if err := checkSum(path, sum, h.Sum(nil)); err != nil {
				yield(nil, err)
			}
		}
	}
}

// batchLines is how many lines a parse batch holds.
const batchLines = 512

// lineBatch is a run of lines of an entities file, parsed by a worker.
type lineBatch struct {
	first   int // line number of lines[0]
	lines   [][]byte
	readErr error // set by the reader on the last batch
	out     []*entity.Entity
	err     error
	done    chan struct{}
}

func newLineBatch(first int) *lineBatch {
	return &lineBatch{first: first, done: make(chan struct{})}
}

func (b *lineBatch) parse(path string) {
	defer close(b.done)
	b.out = make([]*entity.Entity, 0, len(b.lines))
	for i, l := range b.lines {
		e, err := entity.ParseJSON(l)
		if err != nil {
			b.err = fmt.Errorf("lists: %s:%d: %w", path, b.first+i, err)
			return
		}
		b.out = append(b.out, e)
	}
	b.lines = nil
	b.err = b.readErr
}

// versionWriter writes a new version folder under a temporary name.
type versionWriter struct {
	tmp  string
	f    *os.File
	bw   *bufio.Writer
	zw   *gzip.Writer
	enc  *json.Encoder
	sf   *os.File // the snapshot (entities.bin)
	snap *snapshotWriter
	// hj and hb hash the bytes written to entities.jsonl.gz and
	// entities.bin; aliases counts alias values.
	hj, hb  hash.Hash
	aliases int
}

// newVersionWriter starts a version in a temporary folder of the store;
// commit moves it under its dataset.
func (s *Store) newVersionWriter() (*versionWriter, error) {
	tmp, err := os.MkdirTemp(s.dir, ".tmp-")
	if err != nil {
		return nil, fmt.Errorf("lists: %w", err)
	}
	f, err := os.Create(filepath.Join(tmp, entitiesJSON))
	if err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("lists: %w", err)
	}
	sf, err := os.Create(filepath.Join(tmp, entitiesBin))
	if err != nil {
		f.Close()
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("lists: %w", err)
	}
	hj, hb := sha256.New(), sha256.New()
	snap, err := newSnapshotWriter(io.MultiWriter(sf, hb))
	if err != nil {
		f.Close()
		sf.Close()
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("lists: %w", err)
	}
	bw := bufio.NewWriterSize(io.MultiWriter(f, hj), 256<<10)
	zw, _ := gzip.NewWriterLevel(bw, gzip.BestSpeed)
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	return &versionWriter{tmp: tmp, f: f, bw: bw, zw: zw, enc: enc, sf: sf, snap: snap, hj: hj, hb: hb}, nil
}

func (w *versionWriter) write(e *entity.Entity) error {
	if err := w.enc.Encode(e); err != nil {
		return err
	}
	w.aliases += len(e.Properties[entity.Alias]) + len(e.Properties[entity.WeakAlias])
	return w.snap.write(e)
}

// abort removes the temporary folder.
func (w *versionWriter) abort() {
	w.f.Close()
	w.sf.Close()
	os.RemoveAll(w.tmp)
}

// commit finishes the entity file, writes meta.json and renames the folder
// to its version id. It returns the final folder.
func (w *versionWriter) commit(m *Meta) (string, error) {
	err := errors.Join(w.zw.Close(), w.bw.Flush(), w.f.Sync(), w.f.Close(),
		w.snap.flush(), w.sf.Sync(), w.sf.Close())
	if err != nil {
		os.RemoveAll(w.tmp)
		return "", fmt.Errorf("lists: writing version: %w", err)
	}
	m.Aliases, m.Counted = w.aliases, true
	m.Checksums = map[string]string{
		entitiesJSON: hex.EncodeToString(w.hj.Sum(nil)),
		entitiesBin:  hex.EncodeToString(w.hb.Sum(nil)),
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err == nil {
		err = writeFileSync(filepath.Join(w.tmp, "meta.json"), b)
	}
	if err != nil {
		os.RemoveAll(w.tmp)
		return "", err
	}
	base := filepath.Join(filepath.Dir(w.tmp), m.Dataset, "versions")
	if err := os.MkdirAll(base, 0o755); err != nil {
		os.RemoveAll(w.tmp)
		return "", fmt.Errorf("lists: %w", err)
	}
	final := filepath.Join(base, m.Version)
	if _, err := os.Stat(final); err == nil {
		// Same content imported again: keep the existing folder.
		os.RemoveAll(w.tmp)
		return final, nil
	}
	if err := os.Rename(w.tmp, final); err != nil {
		os.RemoveAll(w.tmp)
		return "", fmt.Errorf("lists: %w", err)
	}
	return final, syncDir(filepath.Dir(final))
}

// setCurrent makes version the current one of dataset, atomically.
func (s *Store) setCurrent(dataset, version string) error {
	dir := filepath.Join(s.dir, dataset)
	tmp := filepath.Join(dir, "current.tmp")
	if err := writeFileSync(tmp, []byte(version+"\n")); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, "current")); err != nil {
		return fmt.Errorf("lists: %w", err)
	}
	return syncDir(dir)
}

// prune removes all but the newest MaxVersions versions, never the current
// one.
func (s *Store) prune(dataset string) error {
	vs, err := s.Versions(dataset)
	if err != nil || len(vs) <= MaxVersions {
		return err
	}
	cur, _ := s.Current(dataset)
	for _, m := range vs[:len(vs)-MaxVersions] {
		if cur != nil && m.Version == cur.Version {
			continue
		}
		if err := os.RemoveAll(filepath.Join(s.dir, dataset, "versions", m.Version)); err != nil {
			return fmt.Errorf("lists: pruning %s: %w", m.Version, err)
		}
	}
	return nil
}

func writeFileSync(path string, b []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("lists: %w", err)
	}
	_, err = f.Write(b)
	if err = errors.Join(err, f.Sync(), f.Close()); err != nil {
		return fmt.Errorf("lists: writing %s: %w", path, err)
	}
	return nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("lists: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("lists: syncing %s: %w", dir, err)
	}
	return nil
}

// validName reports whether a dataset or version name is safe as a path
// element.
func validName(s string) bool {
	if s == "" || s == "." || s == ".." || len(s) > 200 {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// copyN is io.Copy with cancellation.
func copyCtx(ctx context.Context, w io.Writer, r io.Reader) (int64, error) {
	buf := make([]byte, 256<<10)
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		m, err := r.Read(buf)
		if m > 0 {
			if _, werr := w.Write(buf[:m]); werr != nil {
				return n, werr
			}
			n += int64(m)
		}
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}
