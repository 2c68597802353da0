package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
)

// toEntity turns a query example into an entity; it returns a message
// saying what is wrong with it.
func (ex *example) toEntity(key string) (*entity.Entity, string) {
	if ex == nil {
		return nil, fmt.Sprintf("query %q is null", key)
	}
	if ex.Schema == "" {
		return nil, fmt.Sprintf("query %q: schema is required", key)
	}
	if !entity.Known(ex.Schema) {
		return nil, fmt.Sprintf("query %q: unknown schema %q", key, ex.Schema)
	}
	if !entity.Matchable(ex.Schema) {
		return nil, fmt.Sprintf("query %q: schema %s cannot be matched (use a party schema such as Person, Company, LegalEntity, Vessel)", key, ex.Schema)
	}
	e := &entity.Entity{ID: ex.ID, Schema: ex.Schema, Properties: make(map[string][]string, len(ex.Properties))}
	values := 0
	for prop, raw := range ex.Properties {
		vals, err := propValues(raw)
		if err != nil {
			return nil, fmt.Sprintf("query %q: property %q: %v", key, prop, err)
		}
		if values += len(vals); values > MaxQueryValues {
			return nil, fmt.Sprintf("query %q: more than %d property values (limit: %d)", key, MaxQueryValues, MaxQueryValues)
		}
		e.Add(prop, vals...)
	}
	names := 0
	for _, p := range entity.NameProps {
		names += len(e.Properties[p])
	}
	if names > MaxQueryNames {
		return nil, fmt.Sprintf("query %q: %d names (limit: %d names per query, name, alias, previousName and weakAlias together)", key, names, MaxQueryNames)
	}
	if err := match.CheckQuery(e); err != nil {
		return nil, fmt.Sprintf("query %q: %v", key, err)
	}
	return e, ""
}

// propValues reads a property value: a string, a number, or a list of
// those.
func propValues(raw json.RawMessage) ([]string, error) {
	// Fast paths for the usual shapes: a list of strings, one string.
	if len(raw) > 0 {
		switch raw[0] {
		case '[':
			var ss []string
			// (null in a list is skipped, which []string would not do.)
			if !bytes.Contains(raw, []byte("null")) && json.Unmarshal(raw, &ss) == nil {
				return ss, nil
			}
		case '"':
			var s string
			if json.Unmarshal(raw, &s) == nil {
				return []string{s}, nil
			}
		}
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	var out []string
	var add func(v any, depth int) error
	add = func(v any, depth int) error {
		switch x := v.(type) {
		case nil:
		case string:
			out = append(out, x)
		case float64:
			out = append(out, strconv.FormatFloat(x, 'f', -1, 64))
		case bool:
			out = append(out, strconv.FormatBool(x))
		case []any:
			if depth > 0 {
				return fmt.Errorf("nested lists are not allowed")
			}
			for _, y := range x {
				if err := add(y, depth+1); err != nil {
					return err
				}
			}
		default:
			return fmt.Errorf("want a string or a list of strings")
		}
		return nil
	}
	return out, add(v, 0)
}

// matchOptions reads threshold, cutoff, limit and algorithm from the
// query string. The ranges and the MinScore clamp are match.Options.Validate's,
// as on the command line: threshold in (0, 1], cutoff in [0, 1] and never
// above the threshold.
func (s *Server) matchOptions(r *http.Request, defLimit int) (match.Options, string) {
	o := s.opts.Match
	o.Limit = defLimit
	q := r.URL.Query()
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxLimit {
			return o, fmt.Sprintf("limit %q: want an integer from 1 to %d", v, MaxLimit)
		}
		o.Limit = n
	}
	for _, p := range []struct {
		name string
		to   *float64
	}{{"threshold", &o.Threshold}, {"cutoff", &o.MinScore}} { // cutoff: yente's deprecated lower bound
		if v := q.Get(p.name); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return o, fmt.Sprintf("%s %q: want a number", p.name, v)
			}
			*p.to = f
		}
	}
	switch a := q.Get("algorithm"); strings.ToLower(a) {
	case "", "redline", "best", "default", "logic-v1", "logic-v2", "name-based", "name-qualified", "regression-v1", "regression-v2":
		o.Algorithm = match.Redline
	case "ofac":
		o.Algorithm = match.OFAC
	default:
		return o, fmt.Sprintf("algorithm %q: want redline or ofac (yente's names are accepted and mean redline)", a)
	}
	if err := o.Validate(); err != nil {
		var oe *match.OptionError
		if errors.As(err, &oe) {
			name := map[string]string{"min_score": "cutoff"}[oe.Field]
			if name == "" {
				name = oe.Field
			}
			return o, fmt.Sprintf("%s %q: want %s", name, q.Get(name), oe.Want)
		}
		return o, err.Error()
	}
	return o, ""
}

// datasetFilter resolves the {dataset} path value: nil for every list, or
// the one dataset; ok is false for an unknown dataset.
func (s *Server) datasetFilter(name string) ([]string, bool) {
	if allDatasets[name] {
		return nil, true
	}
	known := s.knownDatasets()
	if known == nil { // no list store: accept any name
		return []string{name}, true
	}
	if slices.Contains(known, name) {
		return []string{name}, true
	}
	return nil, false
}

// datasetCache caches the names of the imported datasets.
type datasetCache struct {
	sync.Mutex
	at    time.Time
	names []string
}

// knownDatasets returns the datasets in the list store, cached for ten
// seconds; nil when the server has no list store.
func (s *Server) knownDatasets() []string {
	if s.opts.Lists == nil {
		return nil
	}
	c := &s.datasets
	c.Lock()
	defer c.Unlock()
	if c.names != nil && time.Since(c.at) < 10*time.Second {
		return c.names
	}
	names, err := s.opts.Lists.Datasets()
	if err != nil {
		s.log.Error("lists", "err", err)
		names = []string{}
	}
	c.at, c.names = time.Now(), names
	return names
}
