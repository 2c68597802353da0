package server

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
)

// Query parameters of /match and /search (issue 15, item 7: parameters
// that were not implemented were ignored, so a client asking for a filter
// got unfiltered results). Every parameter of yente's /match and /search
// is either implemented as yente documents it or refused with a 400 that
// names it; so is any parameter yente does not have.
//
// Implemented, as in yente:
//
//	/match:  limit threshold cutoff algorithm include_dataset exclude_dataset
//	         exclude_schema topics exclude_entity_ids
//	/search: q schema limit offset countries topics datasets target fuzzy
//	         include_dataset exclude_dataset exclude_schema
//
// fuzzy is accepted with either value: redline's name matching is always
// fuzzy. Refused: changed_since (redline keeps no per-entity change
// dates), sort and facets (results are ordered by score; no facets are
// computed), filter.
var (
	matchParams  = []string{"limit", "threshold", "cutoff", "algorithm", "include_dataset", "exclude_dataset", "exclude_schema", "topics", "exclude_entity_ids"}
	searchParams = []string{"q", "schema", "limit", "offset", "threshold", "cutoff", "algorithm", "countries", "topics", "datasets", "target", "fuzzy", "include_dataset", "exclude_dataset", "exclude_schema"}
	// refusedParams are yente parameters redline does not implement, with
	// the reason.
	refusedParams = map[string]string{
		"changed_since": "redline keeps no per-entity change dates",
		"sort":          "results are always ordered by score",
		"facets":        "redline computes no facets",
		"filter":        "use countries, topics, datasets or exclude_schema",
	}
)

// MaxOffset is the largest offset /search accepts.
const MaxOffset = MaxLimit

// resultFilter holds the filters that apply to each result, after
// matching.
type resultFilter struct {
	excludeDatasets []string
	excludeSchemas  []string
	topics          []string
	countries       []string
	excludeIDs      []string
	// target, when set, keeps only entities whose target flag equals it.
	target *bool
}

// active reports whether any filter is set.
func (f *resultFilter) active() bool {
	return len(f.excludeDatasets)+len(f.excludeSchemas)+len(f.topics)+len(f.countries)+len(f.excludeIDs) > 0 || f.target != nil
}

// keep reports whether a result passes the filters.
func (f *resultFilter) keep(e *entity.Entity) bool {
	for _, d := range f.excludeDatasets {
		if e.InDataset(d) {
			return false
		}
	}
	if slices.Contains(f.excludeSchemas, e.Schema) || slices.Contains(f.excludeIDs, e.ID) {
		return false
	}
	if len(f.topics) > 0 && !anyValue(e, f.topics, entity.Topics) {
		return false
	}
	if len(f.countries) > 0 && !anyValue(e, f.countries, entity.Country, entity.Nationality, entity.Citizenship, entity.Jurisdiction) {
		return false
	}
	if f.target != nil && entity.Matchable(e.Schema) != *f.target {
		return false
	}
	return true
}

// anyValue reports whether e has one of want (case-insensitive) in one of
// props.
func anyValue(e *entity.Entity, want []string, props ...string) bool {
	for _, p := range props {
		for _, v := range e.Properties[p] {
			for _, w := range want {
				if strings.EqualFold(v, w) {
					return true
				}
			}
		}
	}
	return false
}

// listParam returns the values of a repeated parameter, also accepting
// comma-separated values, trimmed and without empties.
func listParam(q url.Values, name string) []string {
	var out []string
	for _, v := range q[name] {
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	return out
}

// checkParams returns a message naming the first parameter of q that is
// not in allowed, or "".
func checkParams(q url.Values, allowed []string) string {
	names := make([]string, 0, len(q))
	for k := range q {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if slices.Contains(allowed, k) {
			continue
		}
		if why, ok := refusedParams[k]; ok {
			return fmt.Sprintf("parameter %q is not supported: %s", k, why)
		}
		return fmt.Sprintf("unknown parameter %q (supported: %s)", k, strings.Join(allowed, ", "))
	}
	return ""
}

// filters reads the result filters and the dataset selection of a /match
// or /search request. ds is the selection of the {dataset} path value (nil
// for every list); the datasets and include_dataset parameters narrow it.
// It returns the options' dataset selection (empty match when the
// selections do not meet: none is a non-nil empty slice), the filters, and
// a message when a parameter is wrong.
func (s *Server) filters(q url.Values, ds []string, allowed []string) ([]string, resultFilter, string) {
	var f resultFilter
	if msg := checkParams(q, allowed); msg != "" {
		return nil, f, msg
	}
	include := append(listParam(q, "include_dataset"), listParam(q, "datasets")...)
	// Dataset names are not checked against the list store: a merged
	// entity names datasets of its own (an OpenSanctions entity on
	// eu_fsf), which filter as well.
	f.excludeDatasets = listParam(q, "exclude_dataset")
	if len(include) > 0 {
		if ds == nil {
			ds = include
		} else {
			var both []string
			for _, d := range ds {
				if slices.Contains(include, d) {
					both = append(both, d)
				}
			}
			if both == nil {
				both = []string{}
			}
			ds = both
		}
	}
	f.excludeSchemas = listParam(q, "exclude_schema")
	for _, sc := range f.excludeSchemas {
		if !entity.Known(sc) {
			return nil, f, fmt.Sprintf("exclude_schema %q: unknown schema", sc)
		}
	}
	f.topics = listParam(q, "topics")
	for _, c := range listParam(q, "countries") {
		code, err := match.CheckCountry(c)
		if err != nil {
			return nil, f, "countries: " + err.Error()
		}
		// Both: an entity may carry the name or the code.
		f.countries = append(f.countries, c, code)
	}
	f.excludeIDs = listParam(q, "exclude_entity_ids")
	if len(f.excludeIDs) > 50 {
		return nil, f, fmt.Sprintf("exclude_entity_ids: %d ids (limit: 50)", len(f.excludeIDs))
	}
	if v := q.Get("target"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, f, fmt.Sprintf("target %q: want true or false", v)
		}
		f.target = &b
	}
	if v := q.Get("fuzzy"); v != "" {
		if _, err := strconv.ParseBool(v); err != nil {
			return nil, f, fmt.Sprintf("fuzzy %q: want true or false", v)
		}
	}
	return ds, f, ""
}

// offsetParam reads /search's offset.
func offsetParam(q url.Values) (int, string) {
	v := q.Get("offset")
	if v == "" {
		return 0, ""
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > MaxOffset {
		return 0, fmt.Sprintf("offset %q: want an integer from 0 to %d", v, MaxOffset)
	}
	return n, ""
}

// window matches with opts and returns the results that pass f, from
// offset, at most opts.Limit. With filters or an offset it asks the
// matcher for more results first (MaxLimit), so that filtering does not
// empty a page that had results to show. An error of run is returned as
// is.
func window(opts match.Options, offset int, f *resultFilter, run func(match.Options) ([]match.Result, error)) ([]match.Result, error) {
	if opts.Datasets != nil && len(opts.Datasets) == 0 {
		return nil, nil // the dataset selections do not meet
	}
	limit := opts.Limit
	if f.active() || offset > 0 {
		opts.Limit = MaxLimit
	}
	res, err := run(opts)
	if err != nil {
		return nil, err
	}
	if f.active() {
		kept := res[:0]
		for _, r := range res {
			if f.keep(r.Entity) {
				kept = append(kept, r)
			}
		}
		res = kept
	}
	if offset >= len(res) {
		return nil, nil
	}
	res = res[offset:]
	if len(res) > limit {
		res = res[:limit]
	}
	return res, nil
}
