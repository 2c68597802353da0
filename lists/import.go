package lists

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/ftm"
)

// ImportOptions controls Import. The zero value imports with the built-in
// formats and makes a new version current when its list date is not older
// than the current one.
type ImportOptions struct {
	// Formats are tried in order to recognise each file; nil means
	// Formats().
	Formats []Format
	// Origin is recorded in the version's meta (the URL of a download).
	Origin string
	// Progress, if not nil, is called after each file is read.
	Progress func(done, total int, path string)
	// ForceCurrent makes every imported version current, whatever its
	// date (used by update, where the download is the newest by
	// definition).
	ForceCurrent bool
	// MinRatio is the share of the current version's entities, names and
	// aliases a new version must keep to be made current (CheckShrink);
	// 0 means DefaultMinRatio, negative disables the guard.
	MinRatio float64
	// AllowShrink lets a version that fails CheckShrink become current.
	AllowShrink bool
	// AllowNonOfficial lets a version whose reader found evidence that it
	// is not an official publication (Meta.NonOfficial) replace an
	// official one, by date as any other.
	AllowNonOfficial bool
	// Dataset, if set, is the only dataset the files may hold; a file of
	// another dataset fails (update uses it: a URL that serves the wrong
	// list must not touch any list).
	Dataset string
	// NoRecord keeps the outcome out of the store's import record
	// (LastImport, UpdateStateOf); update records its own.
	NoRecord bool
	// Now returns the import time; nil means time.Now.
	Now func() time.Time
}

// Status of one imported file.
const (
	StatusCurrent      = "current"      // stored and made current
	StatusUnchanged    = "unchanged"    // same content as the current version
	StatusOlder        = "older"        // stored, but an existing version is newer
	StatusSuperseded   = "superseded"   // was made current, then replaced by a newer file of the same import
	StatusFailed       = "failed"       // could not be read; nothing replaced
	StatusUnrecognized = "unrecognized" // no reader recognised the file
	StatusRefused      = "refused"      // read, but far smaller than the current version (CheckShrink); not stored
	StatusNonOfficial  = "non-official" // stored, but not current: not an official publication, and the current one is
)

// Imported reports whether a status means the file was stored (current or
// not); failed, refused and unrecognized files were not.
func Imported(status string) bool {
	return status != StatusFailed && status != StatusRefused && status != StatusUnrecognized
}

// ImportResult is the outcome for one input file.
type ImportResult struct {
	Path   string `json:"path"`
	Status string `json:"status"`
	// Meta is the stored version (nil when failed or unrecognized).
	Meta *Meta `json:"meta,omitempty"`
	// Report is the reader's report (also for failures, with what was
	// counted before the error).
	Report *source.Report `json:"report,omitempty"`
	// Previous is the version that was current before, if any.
	Previous string `json:"previous,omitempty"`
	// Changes summarises the difference to the previous current version.
	Changes *DiffSummary `json:"changes,omitempty"`
	// Err says why a file failed or was not recognised (ErrUnrecognized),
	// or why it was stored but not made current; JSON gives its message.
	Err error `json:"-"`
}

// MarshalJSON encodes r with Err as its message ("error").
func (r ImportResult) MarshalJSON() ([]byte, error) {
	type plain ImportResult
	return json.Marshal(struct {
		plain
		Err string `json:"error,omitempty"`
	}{plain(r), errText(r.Err)})
}

// ErrUnrecognized is the error of a file that no reader recognises.
var ErrUnrecognized = errors.New("no reader recognises this file's format")

// errOrphan is the error of an OFAC CSV companion file given alone.
var errOrphan = errors.New("an OFAC CSV companion file (addresses, aliases or comments) without its main sdn.csv or cons_prim.csv beside it; it cannot be read alone")

// errText is err's message, "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// siblings are files read together with a main OFAC CSV file, never alone.
var siblings = map[string]bool{
	"add.csv": true, "alt.csv": true, "sdn_comments.csv": true, "sdn_address.csv": true,
	"cons_add.csv": true, "cons_alt.csv": true, "cons_comments.csv": true,
}

// ignored are files in list folders that are documentation, not lists.
func ignored(name string) bool {
	low := strings.ToLower(name)
	return strings.HasPrefix(name, ".") || strings.HasSuffix(low, ".md") ||
		strings.HasPrefix(low, "license") || strings.HasPrefix(low, "readme") ||
		strings.HasPrefix(low, "provenance") || strings.HasSuffix(low, "_58cols.txt")
}

// expand turns files and folders into the list files to read, in a stable
// order, and the sibling files that have no main file.
func expand(paths []string) (files []string, orphans []string, err error) {
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, nil, fmt.Errorf("lists: %w", err)
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if !ignored(d.Name()) {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("lists: %w", err)
		}
	}
	// Drop OFAC siblings whose main file is present; keep the others as
	// orphans to report.
	var out []string
	for _, f := range files {
		if !siblings[strings.ToLower(filepath.Base(f))] {
			out = append(out, f)
			continue
		}
		dir := filepath.Dir(f)
		_, e1 := os.Stat(filepath.Join(dir, "sdn.csv"))
		_, e2 := os.Stat(filepath.Join(dir, "cons_prim.csv"))
		if e1 != nil && e2 != nil {
			orphans = append(orphans, f)
		}
	}
	return out, orphans, nil
}

// detect returns the format of a file, or nil.
func detect(formats []Format, path string) (*Format, error) {
	head, err := source.Head(path, 64<<10)
	if err != nil {
		return nil, fmt.Errorf("lists: %w", err)
	}
	for i := range formats {
		if formats[i].Detect(path, head) {
			return &formats[i], nil
		}
	}
	return nil, nil
}

// readResult is one file read into a temporary version.
type readResult struct {
	path   string
	format *Format
	w      *versionWriter
	report *source.Report
	sha    string
	err    error
	// ops holds the operations of an FtM delta file, applied to the
	// current version at commit.
	ops []ftm.Op
}

// Import reads each list file (folders are walked) into a new version of
// its dataset. Files are read in parallel; versions are committed in input
// order. A file that fails to read never replaces the current version. The
// error is non-nil only when the inputs cannot be listed; per-file failures
// are in the results.
func (s *Store) Import(ctx context.Context, paths []string, opts ImportOptions) ([]ImportResult, error) {
	formats := opts.Formats
	if formats == nil {
		formats = Formats()
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	files, orphans, err := expand(paths)
	if err != nil {
		return nil, err
	}
	reads := make([]readResult, len(files))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	done := make(chan string, len(files))
	for i, f := range files {
		reads[i].path = f
		g.Go(func() error {
			s.readOne(gctx, formats, opts.Dataset, &reads[i])
			done <- f
			return nil
		})
	}
	go func() {
		g.Wait()
		close(done)
	}()
	n := 0
	for f := range done {
		n++
		if opts.Progress != nil {
			opts.Progress(n, len(files), f)
		}
	}
	if err := ctx.Err(); err != nil {
		for _, r := range reads {
			if r.w != nil {
				r.w.abort()
			}
		}
		return nil, err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	var results []ImportResult
	for i := range reads {
		results = append(results, s.commitOne(ctx, &reads[i], opts, now()))
	}
	for i, r := range results {
		if r.Status != StatusCurrent {
			continue
		}
		if cur, err := s.Current(r.Meta.Dataset); err == nil && cur.Version != r.Meta.Version {
			results[i].Status = StatusSuperseded
		}
	}
	for _, o := range orphans {
		results = append(results, ImportResult{Path: o, Status: StatusUnrecognized,
			Err: errOrphan})
	}
	if !opts.NoRecord {
		if err := s.recordImport(results, now()); err != nil {
			return results, err
		}
	}
	return results, nil
}

// readOne detects and reads one file into a temporary version folder.
func (s *Store) readOne(ctx context.Context, formats []Format, expect string, r *readResult) {
	f, err := detect(formats, r.path)
	if err != nil {
		r.err = err
		return
	}
	if f == nil {
		return
	}
	r.format = f
	if f.Name == ftm.Format && isDelta(r.path) {
		rep, err := ftm.Reader{Dataset: expect}.ReadDelta(ctx, r.path, func(op ftm.Op) error {
			r.ops = append(r.ops, op)
			return nil
		})
		r.report, r.err = rep, err
		if err == nil {
			if expect != "" {
				rep.Dataset = expect
			}
			r.sha, r.err = hashFiles([]string{r.path})
		}
		return
	}
	var w *versionWriter
	first := ""
	rep, err := f.Reader.Read(ctx, r.path, func(e *entity.Entity) error {
		if w == nil {
			first = e.Dataset
			nw, werr := s.newVersionWriter()
			if werr != nil {
				return werr
			}
			w = nw
		}
		return w.write(e)
	})
	r.report, r.w = rep, w
	// The version belongs to the dataset the reader names for the file (an
	// OpenSanctions collection mixes entities of many datasets), else to
	// that of its first entity (also for a failed read: it names the list
	// whose import failed).
	if rep != nil && rep.Dataset == "" {
		rep.Dataset = first
	}
	if err != nil {
		r.err = err
		return
	}
	if rep == nil {
		r.err = errors.New("reader returned no report")
		return
	}
	if !validName(rep.Dataset) && w != nil {
		r.err = fmt.Errorf("the file names no usable dataset (%q)", rep.Dataset)
		return
	}
	if expect != "" && rep.Dataset != expect {
		r.err = fmt.Errorf("the file holds dataset %q, not the expected %q", rep.Dataset, expect)
		return
	}
	files := rep.Files
	if len(files) == 0 {
		files = []string{r.path}
	}
	r.sha, r.err = hashFiles(files)
}

// commitOne stores a read file as a version and decides whether it becomes
// current.
func (s *Store) commitOne(ctx context.Context, r *readResult, opts ImportOptions, now time.Time) ImportResult {
	res := ImportResult{Path: r.path, Report: r.report}
	fail := func(err error) ImportResult {
		if r.w != nil {
			r.w.abort()
		}
		res.Status, res.Err = StatusFailed, err
		return res
	}
	switch {
	case r.format == nil && r.err == nil:
		res.Status, res.Err = StatusUnrecognized, ErrUnrecognized
		return res
	case r.err != nil:
		return fail(r.err)
	case r.ops != nil:
		return s.commitDelta(ctx, r, opts, now)
	case r.w == nil || r.report.Entities == 0:
		return fail(errors.New("the file holds no entities: an empty list never replaces a good one"))
	}
	rep := r.report
	date, how := listDate(rep.Version, r.path)
	m := &Meta{
		Dataset: rep.Dataset, ListDate: date, DateSource: how, ImportedAt: now.UTC(),
		Files: rep.Files, SHA256: r.sha, Origin: opts.Origin, Format: r.format.Name,
		Entities: rep.Entities, Names: rep.Names, Links: rep.Links, Skipped: rep.Skipped,
		NonOfficial: rep.NonOfficial, Report: rep,
	}
	if len(m.Files) == 0 {
		m.Files = []string{r.path}
	}
	m.Version = versionID(date, r.sha)
	cur, err := s.Current(m.Dataset)
	if err != nil && !errors.Is(err, ErrNoData) {
		return fail(err)
	}
	if cur != nil && cur.SHA256 == m.SHA256 {
		r.w.abort()
		res.Status, res.Meta = StatusUnchanged, cur
		return res
	}
	return s.commitVersion(ctx, r, m, cur, opts)
}

// commitVersion commits the version written by r.w and makes it current
// unless cur is preferred (see prefer) or the new version fails
// CheckShrink against cur, in which case it is not stored at all.
func (s *Store) commitVersion(ctx context.Context, r *readResult, m *Meta, cur *Meta, opts ImportOptions) ImportResult {
	res := ImportResult{Path: r.path, Report: r.report}
	fail := func(err error) ImportResult {
		res.Status, res.Err = StatusFailed, err
		return res
	}
	if cur != nil {
		res.Previous = cur.Version
	}
	keep := ""
	if cur != nil {
		keep = prefer(cur, m, opts)
	}
	if keep == "" && !opts.AllowShrink {
		ratio := opts.MinRatio
		if ratio == 0 {
			ratio = DefaultMinRatio
		}
		m.Aliases, m.Counted = r.w.aliases, true
		if err := CheckShrink(cur, m, ratio); err != nil {
			r.w.abort()
			res.Status, res.Err = StatusRefused, err
			return res
		}
	}
	if _, err := r.w.commit(m); err != nil {
		return fail(err)
	}
	res.Meta = m
	if keep != "" {
		res.Status = keep
		if keep == StatusNonOfficial {
			res.Err = fmt.Errorf("stored as %s but not made current: not an official publication (%s), and the current version %s is one (--allow-non-official makes it current)",
				m.Version, strings.Join(m.NonOfficial, "; "), cur.Version)
		}
		return res
	}
	if cur != nil {
		sum, err := DiffSummaryOf(ctx, s.VersionEntities(ctx, cur), s.VersionEntities(ctx, m))
		if err != nil {
			return fail(fmt.Errorf("comparing with the current version: %w", err))
		}
		res.Changes = &sum
	}
	if err := s.setCurrent(m.Dataset, m.Version); err != nil {
		return fail(err)
	}
	res.Status = StatusCurrent
	if err := s.prune(m.Dataset); err != nil {
		res.Err = err
	}
	return res
}

// prefer returns "" when m should replace the current version cur, else
// the status that says why cur stays: StatusNonOfficial when m is not an
// official publication and cur is (official publications are preferred
// whatever their dates), StatusOlder when m is older by list date.
// ForceCurrent (update, delta) skips the date comparison only.
func prefer(cur, m *Meta, opts ImportOptions) string {
	mOfficial, curOfficial := len(m.NonOfficial) == 0, len(cur.NonOfficial) == 0
	switch {
	case curOfficial && !mOfficial && !opts.AllowNonOfficial:
		return StatusNonOfficial
	case mOfficial && !curOfficial:
		return ""
	case !opts.ForceCurrent && older(m, cur):
		return StatusOlder
	}
	return ""
}

// older reports whether version m should not replace cur: its list date is
// earlier, or it is undated while cur states a date. Between two undated
// versions the later import wins.
func older(m, cur *Meta) bool {
	mDated, curDated := dated(m), dated(cur)
	switch {
	case mDated && curDated:
		return m.ListDate < cur.ListDate
	case curDated:
		return true
	}
	return false
}

// dated reports whether a version's list date was stated by the list or
// its file name (not taken from a file's modification time, as older
// releases did).
func dated(m *Meta) bool {
	return m.ListDate != "" && (m.DateSource == "list" || m.DateSource == "filename")
}

// versionID names a version "<list date>-<sha12>", or "undated-<sha12>".
func versionID(date, sha string) string {
	if date == "" {
		date = Undated
	}
	return date + "-" + sha[:12]
}

var fileDate = regexp.MustCompile(`(19|20)\d\d-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?`)

// listDate returns the list's date: the one it states, else one in its
// path, else "" ("none"): a file's modification date says when it was
// copied, not when the list was published, so it is never used.
func listDate(stated, path string) (date, how string) {
	if m := fileDate.FindString(stated); m != "" {
		return m, "list"
	}
	if m := fileDate.FindAllString(filepath.ToSlash(path), -1); len(m) > 0 {
		return m[len(m)-1], "filename"
	}
	return "", "none"
}

// hashFiles returns the hex sha256 over the files' names (base) and
// contents, in sorted order.
func hashFiles(files []string) (string, error) {
	sorted := append([]string(nil), files...)
	sort.Strings(sorted)
	h := sha256.New()
	for _, f := range sorted {
		fh, err := os.Open(f)
		if err != nil {
			return "", fmt.Errorf("lists: hashing: %w", err)
		}
		io.WriteString(h, filepath.Base(f)+"\x00")
		_, err = io.Copy(h, fh)
		fh.Close()
		if err != nil {
			return "", fmt.Errorf("lists: hashing %s: %w", f, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// commitDelta applies an FtM delta file to the current version of its
// dataset and stores the result as a new version.
func (s *Store) commitDelta(ctx context.Context, r *readResult, opts ImportOptions, now time.Time) ImportResult {
	res := ImportResult{Path: r.path, Report: r.report}
	fail := func(err error) ImportResult {
		res.Status, res.Err = StatusFailed, err
		return res
	}
	rep := r.report
	cur, err := s.Current(rep.Dataset)
	if err != nil {
		return fail(fmt.Errorf("a delta file changes a stored version of dataset %q, and there is none (%w): import its full entities file first, or name the dataset it applies to with --dataset", rep.Dataset, err))
	}
	// Later operations on the same id win; ADD and MOD replace wholly.
	final := map[string]*ftm.Op{}
	var order []string
	for i := range r.ops {
		op := &r.ops[i]
		if _, ok := final[op.ID]; !ok {
			order = append(order, op.ID)
		}
		final[op.ID] = op
	}
	w, err := s.newVersionWriter()
	if err != nil {
		return fail(err)
	}
	out := &source.Report{Dataset: rep.Dataset, Format: "ftm-delta", Files: append(append([]string{}, cur.Files...), r.path),
		Version: rep.Version, Records: rep.Records, Skipped: rep.Skipped, Problems: rep.Problems}
	emit := out.Counted(w.write)
	for e, err := range s.VersionEntities(ctx, cur) {
		if err == nil {
			if op, ok := final[e.ID]; ok {
				delete(final, e.ID)
				if op.Op == ftm.OpDel {
					continue
				}
				e = op.Entity
			}
			err = emit(e)
		}
		if err != nil {
			w.abort()
			return fail(err)
		}
	}
	for _, id := range order {
		if op, ok := final[id]; ok && op.Op != ftm.OpDel {
			if err := emit(op.Entity); err != nil {
				w.abort()
				return fail(err)
			}
		}
	}
	date, how := listDate(rep.Version, r.path)
	m := &Meta{Dataset: rep.Dataset, ListDate: date, DateSource: how, ImportedAt: now.UTC(), Files: out.Files,
		SHA256: r.sha, Origin: opts.Origin, Format: out.Format, Entities: out.Entities, Names: out.Names,
		Links: out.Links, Skipped: out.Skipped, NonOfficial: cur.NonOfficial, Report: out}
	m.Version = versionID(date, r.sha)
	r.w = w
	r.report = out
	opts.ForceCurrent = true // a delta builds on the current version
	res = s.commitVersion(ctx, r, m, cur, opts)
	res.Report = out
	return res
}

// isDelta reports whether an FtM file is a delta file: its first line is an
// operation ({"op": ..., "entity": ...}) rather than an entity.
func isDelta(path string) bool {
	head, err := source.Head(path, 4096)
	if err != nil {
		return false
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(head)), "\n")
	return strings.Contains(line, `"op"`) && strings.Contains(line, `"entity"`)
}
