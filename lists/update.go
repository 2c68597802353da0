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
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Source is where a dataset is published.
type Source struct {
	// Dataset is the dataset the download must contain.
	Dataset string `json:"dataset"`
	// URL is the official address.
	URL string `json:"url"`
	// File names the downloaded file (its extension guides format
	// detection), e.g. "sdn.xml".
	File string `json:"file"`
	// Note is shown to users (licence terms, for example).
	Note string `json:"note,omitempty"`
}

// DefaultSources returns the official publication addresses, as documented
// by each publisher. Override them with UpdateOptions.Sources.
func DefaultSources() []Source {
	return []Source{
		{Dataset: "us_ofac_sdn", URL: "https://www.treasury.gov/ofac/downloads/sdn.xml", File: "sdn.xml"},
		{Dataset: "us_ofac_cons", URL: "https://www.treasury.gov/ofac/downloads/consolidated/consolidated.xml", File: "consolidated.xml"},
		{Dataset: "un_sc_sanctions", URL: "https://scsanctions.un.org/resources/xml/en/consolidated.xml", File: "un-consolidated.xml"},
		{Dataset: "eu_fsf", URL: "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw", File: "eu-fsf.xml"},
		{Dataset: "gb_fcdo_sanctions", URL: "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv", File: "UK-Sanctions-List.csv"},
		{Dataset: "us_trade_csl", URL: "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv", File: "consolidated.csv"},
		{Dataset: "us_bis_denied", URL: "https://www.bis.doc.gov/dpl/dpl.txt", File: "dpl.txt"},
		{Dataset: "sanctions", URL: "https://data.opensanctions.org/datasets/latest/sanctions/entities.ftm.json", File: "entities.ftm.json",
			Note: "OpenSanctions data is licensed CC BY-NC 4.0: commercial use needs a licence from OpenSanctions"},
	}
}

// UpdateOptions controls Update.
type UpdateOptions struct {
	// Sources are the publication addresses; nil means DefaultSources().
	Sources []Source
	// Client makes the requests; nil means a client with a 10-minute
	// timeout.
	Client *http.Client
	// UserAgent is sent with every request.
	UserAgent string
	// MinRatio rejects a download with fewer entities, names or aliases
	// than this share of the current version's (CheckShrink; 0 means
	// DefaultMinRatio, negative disables the check).
	MinRatio float64
	// Import is passed to the import of each download (Formats, Progress).
	Import ImportOptions
	// OnProgress, if set, wraps each response body (e.g. a progress bar)
	// given its dataset and size (-1 when unknown).
	OnProgress func(dataset string, size int64, body io.Reader) io.Reader
}

// UpdateState is what the store remembers about a dataset's downloads.
type UpdateState struct {
	Dataset      string    `json:"dataset"`
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	SHA256       string    `json:"sha256,omitempty"`
	LastChecked  time.Time `json:"last_checked"`
	LastSuccess  time.Time `json:"last_success,omitempty"`
	LastFailure  time.Time `json:"last_failure,omitempty"`
	// FailureReason says why the last attempt failed ("" after a success).
	FailureReason string `json:"failure_reason,omitempty"`
	// FailureKind says what failed: "update" (a download) or "import" (a
	// file given to lists import); FailurePath is the file or address.
	// A failed import of a file of the dataset is remembered here too, so
	// that status pages show it like a failed update; the next version
	// made current by either clears FailureReason.
	FailureKind string `json:"failure_kind,omitempty"`
	FailurePath string `json:"failure_path,omitempty"`
}

// Update outcomes.
const (
	UpdateNew         = "updated"      // a new version was downloaded and made current
	UpdateNotModified = "not-modified" // the server or the checksum says nothing changed
	UpdateFailed      = "failed"       // nothing replaced; see Err
)

// UpdateResult is the outcome for one dataset.
type UpdateResult struct {
	Dataset string        `json:"dataset"`
	URL     string        `json:"url"`
	Status  string        `json:"status"`
	Bytes   int64         `json:"bytes"`
	Import  *ImportResult `json:"import,omitempty"`
	// Err says why the update failed (or, with a status other than
	// failed, what went wrong after it); JSON gives its message.
	Err  error  `json:"-"`
	Note string `json:"note,omitempty"`
}

// MarshalJSON encodes r with Err as its message ("error").
func (r UpdateResult) MarshalJSON() ([]byte, error) {
	type plain UpdateResult
	return json.Marshal(struct {
		plain
		Err string `json:"error,omitempty"`
	}{plain(r), errText(r.Err)})
}

// Update downloads each dataset (all sources when datasets is empty) with
// a conditional GET, verifies that the download is complete and parses
// fully, and only then swaps it in as the current version. A failed,
// partial or unparseable download never replaces the current version; the
// reason is returned and remembered in the dataset's UpdateState.
func (s *Store) Update(ctx context.Context, datasets []string, opts UpdateOptions) ([]UpdateResult, error) {
	srcs := opts.Sources
	if srcs == nil {
		srcs = DefaultSources()
	}
	want := map[string]bool{}
	for _, d := range datasets {
		want[d] = true
	}
	var picked []Source
	for _, src := range srcs {
		if len(want) == 0 || want[src.Dataset] {
			picked = append(picked, src)
			delete(want, src.Dataset)
		}
	}
	for d := range want {
		return nil, fmt.Errorf("lists: no publication address known for dataset %q", d)
	}
	var out []UpdateResult
	for _, src := range picked {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		out = append(out, s.updateOne(ctx, src, opts))
	}
	return out, nil
}

func (s *Store) statePath(dataset string) string {
	return filepath.Join(s.dir, ".update", dataset+".json")
}

// StateError says that a dataset's remembered update state (a JSON file in
// the store's .update folder) could not be read or decoded. The file is
// left as it is: nothing is downloaded or remembered over it until it is
// repaired or removed.
type StateError struct {
	Path string
	Err  error
}

func (e *StateError) Error() string {
	return fmt.Sprintf("lists: update state %s: %v (repair or remove the file; it is not overwritten)", e.Path, e.Err)
}

func (e *StateError) Unwrap() error { return e.Err }

// UpdateState returns the remembered download state of a dataset (its zero
// value, Dataset set, when never updated). A state file that cannot be
// read or decoded is a *StateError.
func (s *Store) UpdateState(dataset string) (UpdateState, error) {
	st := UpdateState{Dataset: dataset}
	path := s.statePath(dataset)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, &StateError{Path: path, Err: err}
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return UpdateState{Dataset: dataset}, &StateError{Path: path, Err: err}
	}
	return st, nil
}

// UpdateStateOf is UpdateState for status displays, which show a state
// and have no error to return: a state file that cannot be read gives the
// zero state with FailureKind "state" and the *StateError's message as
// FailureReason, so that the damage shows where failures do.
func (s *Store) UpdateStateOf(dataset string) UpdateState {
	st, err := s.UpdateState(dataset)
	if err != nil {
		st.FailureKind, st.FailureReason, st.FailurePath = "state", err.Error(), s.statePath(dataset)
	}
	return st
}

func (s *Store) saveState(st UpdateState) error {
	if err := os.MkdirAll(filepath.Dir(s.statePath(st.Dataset)), 0o755); err != nil {
		return fmt.Errorf("lists: %w", err)
	}
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("lists: encoding the update state of %s: %w", st.Dataset, err)
	}
	tmp := s.statePath(st.Dataset) + ".tmp"
	if err := writeFileSync(tmp, b); err != nil {
		return err
	}
	if err := os.Rename(tmp, s.statePath(st.Dataset)); err != nil {
		return fmt.Errorf("lists: %w", err)
	}
	return syncDir(filepath.Dir(tmp))
}

func (s *Store) updateOne(ctx context.Context, src Source, opts UpdateOptions) UpdateResult {
	res := UpdateResult{Dataset: src.Dataset, URL: src.URL, Note: src.Note}
	fail := func(err error) UpdateResult {
		res.Status, res.Err = UpdateFailed, err
		return res
	}
	if !validName(src.Dataset) {
		return fail(fmt.Errorf("invalid dataset name %q", src.Dataset))
	}
	st, err := s.UpdateState(src.Dataset)
	if err != nil {
		return fail(err) // not remembered: that would overwrite the damaged file
	}
	st.URL = src.URL
	st.LastChecked = time.Now().UTC()
	fail = func(err error) UpdateResult {
		res.Status, res.Err = UpdateFailed, err
		st.LastFailure, st.FailureReason = time.Now().UTC(), err.Error()
		st.FailureKind, st.FailurePath = "update", src.URL
		if serr := s.saveState(st); serr != nil {
			res.Err = fmt.Errorf("%w; also %w", err, serr)
		}
		return res
	}
	cur, err := s.Current(src.Dataset)
	if err != nil && !errors.Is(err, ErrNoData) {
		return fail(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src.URL, nil)
	if err != nil {
		return fail(err)
	}
	ua := opts.UserAgent
	if ua == "" {
		ua = "redline (sanctions screening; list updater)"
	}
	req.Header.Set("User-Agent", ua)
	if cur != nil { // conditional GET only when we hold the version it refers to
		if st.ETag != "" {
			req.Header.Set("If-None-Match", st.ETag)
		}
		if st.LastModified != "" {
			req.Header.Set("If-Modified-Since", st.LastModified)
		}
	}
	client := opts.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Minute}
	}
	resp, err := client.Do(req)
	if err != nil {
		return fail(fmt.Errorf("download: %w", err))
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		res.Status = UpdateNotModified
		return res.saved(s, st)
	}
	if resp.StatusCode != http.StatusOK {
		return fail(fmt.Errorf("download: %s answered %s", src.URL, resp.Status))
	}
	// Download into the store's own temporary folder, named so that
	// format detection sees the publisher's file name.
	tmpDir, err := os.MkdirTemp(s.dir, ".download-")
	if err != nil {
		return fail(err)
	}
	defer os.RemoveAll(tmpDir)
	name := src.File
	if name == "" {
		name = path.Base(req.URL.Path)
	}
	file := filepath.Join(tmpDir, filepath.Base(name))
	f, err := os.Create(file)
	if err != nil {
		return fail(err)
	}
	h := sha256.New()
	var body io.Reader = resp.Body
	if opts.OnProgress != nil {
		body = opts.OnProgress(src.Dataset, resp.ContentLength, body)
	}
	n, err := copyCtx(ctx, io.MultiWriter(f, h), body)
	res.Bytes = n
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(fmt.Errorf("download interrupted after %d bytes: %w", n, err))
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return fail(fmt.Errorf("download incomplete: %d of %d bytes", n, resp.ContentLength))
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if cur != nil && sum == st.SHA256 {
		res.Status = UpdateNotModified
		st.ETag, st.LastModified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
		return res.saved(s, st)
	}
	iopts := opts.Import
	iopts.ForceCurrent = true
	iopts.NoRecord = true
	iopts.Origin = src.URL
	iopts.Dataset = src.Dataset
	iopts.MinRatio = opts.MinRatio // the same guard as lists import (CheckShrink)
	results, err := s.Import(ctx, []string{file}, iopts)
	if err != nil {
		return fail(err)
	}
	if len(results) != 1 {
		return fail(fmt.Errorf("download produced %d import results", len(results)))
	}
	ir := results[0]
	ir.Path = src.URL
	res.Import = &ir
	switch ir.Status {
	case StatusCurrent, StatusUnchanged:
	default:
		// Name the download by its address, not by its temporary file.
		return fail(fmt.Errorf("download not usable (%s): %s", ir.Status, strings.ReplaceAll(ir.Err.Error(), file, src.URL)))
	}
	res.Status = UpdateNew
	if ir.Status == StatusUnchanged {
		res.Status = UpdateNotModified
	}
	st.ETag, st.LastModified, st.SHA256 = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"), sum
	return res.saved(s, st)
}

func (res UpdateResult) saved(s *Store, st UpdateState) UpdateResult {
	st.LastSuccess, st.FailureReason, st.FailureKind, st.FailurePath = time.Now().UTC(), "", "", ""
	if err := s.saveState(st); err != nil {
		res.Err = err
	}
	return res
}

// ParseSourceOverride parses "dataset=URL" into a Source, keeping the
// default file name of a known dataset.
func ParseSourceOverride(s string, defaults []Source) (Source, error) {
	ds, u, ok := strings.Cut(s, "=")
	if !ok || ds == "" || u == "" {
		return Source{}, fmt.Errorf("lists: source override %q: want dataset=URL", s)
	}
	for _, d := range defaults {
		if d.Dataset == ds {
			d.URL = u
			return d, nil
		}
	}
	return Source{Dataset: ds, URL: u, File: path.Base(u)}, nil
}
