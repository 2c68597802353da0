package lists

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/source"
)

// ReadFile reads one list file without storing it: its format is detected
// among formats (nil means Formats()).
func ReadFile(ctx context.Context, path string, formats []Format) ([]*entity.Entity, *source.Report, error) {
	if formats == nil {
		formats = Formats()
	}
	f, err := detect(formats, path)
	if err != nil {
		return nil, nil, err
	}
	if f == nil {
		return nil, nil, fmt.Errorf("lists: %s: no reader recognises this file's format", path)
	}
	var out []*entity.Entity
	rep, err := f.Reader.Read(ctx, path, func(e *entity.Entity) error {
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, rep, fmt.Errorf("lists: reading %s: %w", path, err)
	}
	return out, rep, nil
}

// Resolve turns a version reference into the entities it names. A reference
// is "DATASET" or "DATASET@current" (the current version),
// "DATASET@previous" (the version before the current one by list date),
// "DATASET@VERSION" (a stored version id), or otherwise the path of a list
// file, read without being stored.
func (s *Store) Resolve(ctx context.Context, ref string) (iter.Seq2[*entity.Entity, error], string, error) {
	ds, ver, hasAt := strings.Cut(ref, "@")
	if !hasAt && !validName(ds) {
		return s.resolveFile(ctx, ref)
	}
	if !hasAt {
		if _, err := s.Current(ds); err != nil {
			return s.resolveFile(ctx, ref)
		}
		ver = "current"
	}
	var m *Meta
	var err error
	switch ver {
	case "current":
		m, err = s.Current(ds)
	case "previous":
		var cur *Meta
		if cur, err = s.Current(ds); err != nil {
			break
		}
		vs, verr := s.Versions(ds)
		if verr != nil {
			return nil, "", verr
		}
		for _, v := range vs {
			if v.Version != cur.Version && !versionLess(cur, v) {
				m = v
			}
		}
		if m == nil {
			err = fmt.Errorf("lists: %s has no version before %s: %w", ds, cur.Version, ErrNoData)
		}
	default:
		m, err = s.Version(ds, ver)
	}
	if err != nil {
		return nil, "", err
	}
	return s.VersionEntities(ctx, m), m.Dataset + "@" + m.Version, nil
}

func (s *Store) resolveFile(ctx context.Context, path string) (iter.Seq2[*entity.Entity, error], string, error) {
	es, rep, err := ReadFile(ctx, path, nil)
	if err != nil {
		return nil, "", err
	}
	label := path
	if rep != nil && rep.Dataset != "" {
		label = rep.Dataset + " (" + path + ")"
	}
	return func(yield func(*entity.Entity, error) bool) {
		for _, e := range es {
			if !yield(e, nil) {
				return
			}
		}
	}, label, nil
}
