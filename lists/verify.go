package lists

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// The entity files of a version folder.
const (
	entitiesJSON = "entities.jsonl.gz"
	entitiesBin  = "entities.bin"
)

// ErrCorrupt is wrapped by the error of a stored file whose bytes no longer
// match the checksum recorded when it was written.
var ErrCorrupt = errors.New("stored file damaged: its checksum does not match the one recorded at import")

// CorruptError names a damaged stored file.
type CorruptError struct {
	Path      string
	Want, Got string // hex SHA-256
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("lists: %s: %v (sha256 %s, recorded %s); nothing was loaded from it: re-import the list, or check the disk (redline lists verify checks every version)",
		e.Path, ErrCorrupt, short(e.Got), short(e.Want))
}

func (e *CorruptError) Unwrap() error { return ErrCorrupt }

func short(sum string) string {
	if len(sum) > 16 {
		return sum[:16] + "…"
	}
	return sum
}

// checkSum returns a *CorruptError unless got is the hex digest want.
func checkSum(path, want string, got []byte) error {
	if g := hex.EncodeToString(got); g != want {
		return &CorruptError{Path: path, Want: want, Got: g}
	}
	return nil
}

// VersionCheck is the outcome of verifying one stored version.
type VersionCheck struct {
	Dataset string `json:"dataset"`
	Version string `json:"version"`
	Current bool   `json:"current"`
	// OK is false when a file is missing or damaged; Err says why (a
	// *CorruptError for a damaged file); JSON gives its message.
	OK  bool  `json:"ok"`
	Err error `json:"-"`
	// Unchecked is true for a version stored without checksums (by an
	// older release): its files could only be checked for structure.
	Unchecked bool `json:"unchecked,omitempty"`
}

// MarshalJSON encodes c with Err as its message ("error").
func (c VersionCheck) MarshalJSON() ([]byte, error) {
	type plain VersionCheck
	return json.Marshal(struct {
		plain
		Err string `json:"error,omitempty"`
	}{plain(c), errText(c.Err)})
}

// Verify checks every stored version of every dataset (or of those given):
// each entity file's SHA-256 against the one recorded at import, and that
// the snapshot decodes to the entity count of its meta. Versions without
// checksums are decoded only and marked Unchecked.
func (s *Store) Verify(ctx context.Context, datasets ...string) ([]VersionCheck, error) {
	if len(datasets) == 0 {
		var err error
		if datasets, err = s.allDatasets(); err != nil {
			return nil, err
		}
	}
	var out []VersionCheck
	for _, ds := range datasets {
		cur, _ := s.Current(ds)
		vs, err := s.Versions(ds)
		if err != nil {
			return out, err
		}
		for _, m := range vs {
			if err := ctx.Err(); err != nil {
				return out, err
			}
			c := VersionCheck{Dataset: ds, Version: m.Version, Current: cur != nil && cur.Version == m.Version, Unchecked: !m.Counted}
			if err := s.verifyVersion(ctx, m); err != nil {
				c.Err = err
			} else {
				c.OK = true
			}
			out = append(out, c)
		}
	}
	return out, nil
}

// verifyVersion checks the files of one version.
func (s *Store) verifyVersion(ctx context.Context, m *Meta) error {
	dir := filepath.Join(s.dir, m.Dataset, "versions", m.Version)
	for _, name := range []string{entitiesJSON, entitiesBin} {
		want, ok := m.Checksums[name]
		if !ok {
			continue
		}
		got, err := fileSum(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		if err := checkSum(filepath.Join(dir, name), want, got); err != nil {
			return err
		}
	}
	n := 0
	for _, err := range s.VersionEntities(ctx, m) {
		if err != nil {
			return err
		}
		n++
	}
	if n != m.Entities {
		return fmt.Errorf("lists: %s: %d entities stored, meta.json says %d", dir, n, m.Entities)
	}
	return nil
}

func fileSum(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("lists: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, fmt.Errorf("lists: %s: %w", path, err)
	}
	return h.Sum(nil), nil
}

// allDatasets returns every dataset folder that holds versions, with or
// without a current version, sorted.
func (s *Store) allDatasets() ([]string, error) { return s.datasetsWith("versions") }

// DatasetProblem is a dataset that holds stored versions but would not
// load, or loads from a version that cannot be trusted.
type DatasetProblem struct {
	Dataset string `json:"dataset"`
	// Reason says what is wrong and what to do.
	Reason string `json:"reason"`
}

func (p DatasetProblem) String() string { return p.Dataset + ": " + p.Reason }

// Health reports every dataset that has stored versions but would be
// missing from Entities or fail to load: no "current" file, a "current"
// naming a version that is not there, a meta.json that cannot be read, or
// a current version whose files fail their checksums (full is false: only
// existence and meta are checked, which is cheap enough for a readiness
// probe; full true also verifies the checksums of the current version's
// files). An empty result means every stored dataset loads. Servers should
// refuse readiness while it is not empty; `redline lists status` prints it.
func (s *Store) Health(ctx context.Context, full bool) ([]DatasetProblem, error) {
	all, err := s.allDatasets()
	if err != nil {
		return nil, err
	}
	var out []DatasetProblem
	for _, ds := range all {
		if !fileExists(filepath.Join(s.dir, ds, "current")) {
			// Only then are the versions read (their metas can be large).
			if vs, _ := s.Versions(ds); len(vs) > 0 {
				out = append(out, DatasetProblem{ds, fmt.Sprintf("%d stored version(s) but no \"current\" file: the list is not loaded; re-import it or write the version id (newest: %s) into %s",
					len(vs), vs[len(vs)-1].Version, filepath.Join(s.dir, ds, "current"))})
			} // else only interrupted writes: nothing was ever stored
			continue
		}
		m, err := s.Current(ds)
		if err != nil {
			out = append(out, DatasetProblem{ds, "the current version cannot be read: " + err.Error()})
			continue
		}
		if !full {
			continue
		}
		if err := ctx.Err(); err != nil {
			return out, err
		}
		if err := s.verifyVersion(ctx, m); err != nil {
			out = append(out, DatasetProblem{ds, "the current version " + m.Version + " fails verification: " + err.Error()})
		}
	}
	return out, nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
