package lists

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// FileOutcome is one input file of an import that was not stored, or was
// stored but not made current.
type FileOutcome struct {
	Path    string `json:"path"`
	Dataset string `json:"dataset,omitempty"`
	Status  string `json:"status"`
	// Reason says why, with the file position where the reader gave one.
	Reason string `json:"reason"`
}

// ImportRecord is what the store remembers of the last `lists import`
// (lists/.import/last.json), so that status pages can show what did not
// go in after the command's output is gone.
type ImportRecord struct {
	At    time.Time `json:"at"`
	Files int       `json:"files"`
	// NotImported are the files not stored: failed, refused, unrecognized.
	NotImported []FileOutcome `json:"not_imported,omitempty"`
	// NotCurrent are the files stored but not made current: older or
	// non-official versions.
	NotCurrent []FileOutcome `json:"not_current,omitempty"`
}

func (s *Store) importRecordPath() string { return filepath.Join(s.dir, ".import", "last.json") }

// LastImport returns the record of the last import (zero when none was
// recorded).
func (s *Store) LastImport() (ImportRecord, error) {
	var rec ImportRecord
	b, err := os.ReadFile(s.importRecordPath())
	if errors.Is(err, os.ErrNotExist) {
		return rec, nil
	}
	if err != nil {
		return rec, fmt.Errorf("lists: %w", err)
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		return rec, fmt.Errorf("lists: %s: %w", s.importRecordPath(), err)
	}
	return rec, nil
}

// recordImport writes the import record, and remembers each failed or
// refused file of a known dataset in that dataset's UpdateState (where
// status pages already show failed updates); a version made current clears
// an earlier import failure of its dataset.
func (s *Store) recordImport(results []ImportResult, at time.Time) error {
	rec := ImportRecord{At: at.UTC(), Files: len(results)}
	for _, r := range results {
		o := FileOutcome{Path: r.Path, Status: r.Status, Reason: errText(r.Err)}
		if r.Report != nil {
			o.Dataset = r.Report.Dataset
		}
		if r.Meta != nil {
			o.Dataset = r.Meta.Dataset
		}
		switch {
		case !Imported(r.Status):
			rec.NotImported = append(rec.NotImported, o)
		case r.Status == StatusOlder || r.Status == StatusNonOfficial:
			if o.Reason == "" {
				o.Reason = fmt.Sprintf("stored as %s, not current: the current version %s is newer", r.Meta.Version, r.Previous)
			}
			rec.NotCurrent = append(rec.NotCurrent, o)
		}
		if o.Dataset == "" || !validName(o.Dataset) {
			continue
		}
		switch {
		case !Imported(r.Status):
			st, err := s.UpdateState(o.Dataset)
			if err != nil {
				return err
			}
			st.LastFailure, st.FailureReason, st.FailureKind, st.FailurePath = at.UTC(), r.Status+": "+errText(r.Err), "import", r.Path
			if err := s.saveState(st); err != nil {
				return err
			}
		case r.Status == StatusCurrent:
			st, err := s.UpdateState(o.Dataset)
			if err != nil {
				return err
			}
			if st.FailureReason != "" && st.FailureKind == "import" {
				st.FailureReason, st.FailureKind, st.FailurePath = "", "", ""
				if err := s.saveState(st); err != nil {
					return err
				}
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(s.importRecordPath()), 0o755); err != nil {
		return fmt.Errorf("lists: %w", err)
	}
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return fmt.Errorf("lists: encoding the import record: %w", err)
	}
	tmp := s.importRecordPath() + ".tmp"
	if err := writeFileSync(tmp, b); err != nil {
		return err
	}
	if err := os.Rename(tmp, s.importRecordPath()); err != nil {
		return fmt.Errorf("lists: %w", err)
	}
	return syncDir(filepath.Dir(tmp))
}

// FailedDatasets returns the remembered state of every dataset whose last
// import or update failed (FailureReason not empty), sorted by dataset,
// including datasets that have no version at all.
func (s *Store) FailedDatasets() ([]UpdateState, error) {
	des, err := os.ReadDir(filepath.Join(s.dir, ".update"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("lists: %w", err)
	}
	var out []UpdateState
	for _, de := range des {
		ds, ok := strings.CutSuffix(de.Name(), ".json")
		if !ok || !validName(ds) {
			continue
		}
		if st := s.UpdateStateOf(ds); st.FailureReason != "" {
			out = append(out, st)
		}
	}
	return out, nil
}
