package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/match"
)

// Limits of the matching API, as in yente.
const (
	// MaxQueries is the most queries one /match request may carry.
	MaxQueries = 100
	// MaxLimit is the largest limit parameter.
	MaxLimit = 500
	// MaxQueryNames is the most names (name, alias, previousName and
	// weakAlias values together) one query may carry, and MaxQueryValues
	// the most property values: the time to match a query grows faster
	// than its number of names (10,000 names took 0.6 s, 300,000 over
	// five minutes), so larger queries are refused with a 400.
	MaxQueryNames  = 100
	MaxQueryValues = 1000
	// matchPage is /match's default limit (yente's MATCH_PAGE).
	matchPage = 5
	// searchPage is /search's default limit.
	searchPage = 10
)

// allDatasets are the {dataset} path values that mean every list. yente
// calls its collections "default", "sanctions" and "all".
var allDatasets = map[string]bool{"default": true, "all": true, "sanctions": true}

// entityJSON is an entity as yente returns it (EntityResponse), plus
// redline's source_id and sublist.
type entityJSON struct {
	ID         string              `json:"id"`
	Caption    string              `json:"caption"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	Datasets   []string            `json:"datasets"`
	Referents  []string            `json:"referents"`
	Target     bool                `json:"target"`
	SourceID   string              `json:"source_id,omitempty"`
	Sublist    string              `json:"sublist,omitempty"`
}

func toJSON(e *entity.Entity) entityJSON {
	ds := e.AllDatasets()
	if ds == nil {
		ds = []string{}
	}
	props := e.Properties
	if props == nil {
		props = map[string][]string{}
	}
	return entityJSON{
		ID: e.ID, Caption: e.Caption(), Schema: e.Schema, Properties: props, Datasets: ds,
		Referents: []string{}, Target: entity.Matchable(e.Schema), SourceID: e.SourceID, Sublist: e.Sublist,
	}
}

// scoredJSON is a result of /match or /search: yente's
// ScoredEntityResponse (score, match, features) plus redline's full
// explanation.
type scoredJSON struct {
	entityJSON
	Score       float64            `json:"score"`
	Match       bool               `json:"match"`
	Features    map[string]float64 `json:"features"`
	Explanation match.Explanation  `json:"explanation"`
	// raw, when set, is the encoded entityJSON (from the entity cache).
	raw []byte
}

// MarshalJSON writes the entity's fields (cached when possible) followed by
// the score fields, in one object.
func (r scoredJSON) MarshalJSON() ([]byte, error) {
	return r.appendJSON(make([]byte, 0, 1024))
}

// appendJSON appends what MarshalJSON returns.
func (r *scoredJSON) appendJSON(b []byte) ([]byte, error) {
	ent := r.raw
	if ent == nil {
		var err error
		if ent, err = json.Marshal(r.entityJSON); err != nil {
			return b, err
		}
	}
	b = append(b, ent[:len(ent)-1]...)
	b = append(b, ',')
	b, err := appendScoreFields(b, r)
	if err != nil {
		return b, err
	}
	return append(b, '}'), nil
}

// maxCachedEntities bounds the entity cache: past it the cache starts
// afresh. It is also emptied when a new index is swapped in.
const maxCachedEntities = 50_000

// encodedEntity returns the JSON of a listed entity, cached by entity (an
// index never changes its entities, and a new list version brings new
// ones), so that the hot path does not encode the same properties again
// and again.
func (s *Server) encodedEntity(e *entity.Entity) []byte {
	if cur := s.opts.Holder.Load(); s.entsFor.Load() != cur && s.entsFor.Swap(cur) != cur {
		// A new index: the cached entities are the replaced index's;
		// let them go with it.
		s.ents.Clear()
		s.entsN.Store(0)
	}
	if v, ok := s.ents.Load(e); ok {
		return v.([]byte)
	}
	b, err := json.Marshal(toJSON(e))
	if err != nil {
		return nil
	}
	if s.entsN.Add(1) > maxCachedEntities {
		s.ents.Clear()
		s.entsN.Store(1)
	}
	s.ents.Store(e, b)
	return b
}

func toScored(r match.Result) scoredJSON {
	sc := scoredOnly(r)
	sc.entityJSON = toJSON(r.Entity)
	return sc
}

// scoredOnly is toScored without the entity's fields, for results that
// are encoded with the cached entity JSON.
func scoredOnly(r match.Result) scoredJSON {
	f := make(map[string]float64, len(r.Explanation.Features)+1)
	f["name_score"] = round(r.Explanation.NameScore)
	for _, ft := range r.Explanation.Features {
		f[ft.Name] = round(ft.Contribution)
	}
	return scoredJSON{Score: round(r.Score), Match: r.Match, Features: f, Explanation: r.Explanation}
}

// scoredCached is a result with its entity's cached JSON.
func (s *Server) scoredCached(r match.Result) scoredJSON {
	raw := s.encodedEntity(r.Entity)
	if raw == nil {
		return toScored(r)
	}
	sc := scoredOnly(r)
	sc.raw = raw
	return sc
}

func round(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// total is yente's TotalSpec.
type total struct {
	Value    int    `json:"value"`
	Relation string `json:"relation"`
}

// example is one query of /match: yente's EntityExample. Property values
// may be a string or a list.
type example struct {
	ID         string                     `json:"id,omitempty"`
	Schema     string                     `json:"schema"`
	Properties map[string]json.RawMessage `json:"properties"`
}

// matchRequest is the body of /match (yente's EntityMatchQuery). Weights
// and config are accepted for compatibility; redline's weights are set by
// the server's options.
type matchRequest struct {
	Queries map[string]*example `json:"queries"`
	Weights map[string]float64  `json:"weights,omitempty"`
	Config  map[string]any      `json:"config,omitempty"`
}

// queryJSON echoes a query back, normalised.
type queryJSON struct {
	ID         string              `json:"id,omitempty"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
}

type matchesJSON struct {
	Status  int          `json:"status"`
	Results []scoredJSON `json:"results"`
	Total   total        `json:"total"`
	Query   queryJSON    `json:"query"`
}

// featureDoc describes a feature in the response's "matcher" section.
type featureDoc struct {
	Description string  `json:"description"`
	Coefficient float64 `json:"coefficient"`
	URL         string  `json:"url"`
}

type matchResponse struct {
	Responses map[string]matchesJSON `json:"responses"`
	Matcher   map[string]featureDoc  `json:"matcher"`
	Limit     int                    `json:"limit"`
}

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

// matchOptions reads threshold, limit and algorithm from the query string.
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
	if v := q.Get("threshold"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 1 || math.IsNaN(f) {
			return o, fmt.Sprintf("threshold %q: want a number from 0 to 1", v)
		}
		o.Threshold = f
		if o.MinScore > f {
			o.MinScore = f
		}
	}
	if v := q.Get("cutoff"); v != "" { // yente's deprecated lower bound
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 1 || math.IsNaN(f) {
			return o, fmt.Sprintf("cutoff %q: want a number from 0 to 1", v)
		}
		o.MinScore = min(f, o.Threshold)
	}
	switch a := q.Get("algorithm"); strings.ToLower(a) {
	case "", "redline", "best", "default", "logic-v1", "logic-v2", "name-based", "name-qualified", "regression-v1", "regression-v2":
		o.Algorithm = match.Redline
	case "ofac":
		o.Algorithm = match.OFAC
	default:
		return o, fmt.Sprintf("algorithm %q: want redline or ofac (yente's names are accepted and mean redline)", a)
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

// matcher returns the current index or writes 503.
func (s *Server) matcher(w http.ResponseWriter) *match.Matcher {
	m := s.opts.Holder.Load()
	if m == nil {
		writeError(w, http.StatusServiceUnavailable, "no index loaded yet: import lists with `redline lists import`")
	}
	return m
}

var featureDocs = map[string]featureDoc{
	"name_score": {Description: "Similarity of the best pair of names after normalisation and transliteration", Coefficient: 1, URL: "/openapi.json"},
}

// match answers POST /match/{dataset}, yente's query-by-example matcher.
func (s *Server) match(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	ds, ok := s.datasetFilter(r.PathValue("dataset"))
	if !ok {
		writeError(w, http.StatusNotFound, "dataset %q not found", r.PathValue("dataset"))
		return
	}
	ds, filter, msg := s.filters(r.URL.Query(), ds, matchParams)
	if msg != "" {
		writeError(w, http.StatusBadRequest, "%s", msg)
		return
	}
	opts, msg := s.matchOptions(r, matchPage)
	if msg != "" {
		writeError(w, http.StatusBadRequest, "%s", msg)
		return
	}
	opts.Datasets = ds
	var req matchRequest
	if !s.decodeJSON(w, r, &req) {
		return
	}
	if len(req.Queries) == 0 {
		writeError(w, http.StatusBadRequest, "no queries provided: send {\"queries\": {\"q1\": {\"schema\": \"Person\", \"properties\": {\"name\": [\"...\"]}}}}")
		return
	}
	if len(req.Queries) > MaxQueries {
		writeError(w, http.StatusBadRequest, "too many queries in one batch: %d (limit: %d)", len(req.Queries), MaxQueries)
		return
	}
	keys := make([]string, 0, len(req.Queries))
	for k := range req.Queries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	ents := make([]*entity.Entity, len(keys))
	for i, k := range keys {
		e, msg := req.Queries[k].toEntity(k)
		if msg != "" {
			writeError(w, http.StatusBadRequest, "%s", msg)
			return
		}
		ents[i] = e
	}
	m := s.matcher(w)
	if m == nil {
		return
	}
	resp := matchResponse{Responses: make(map[string]matchesJSON, len(keys)), Matcher: featureDocs, Limit: opts.Limit}
	var audit []any
	for i, k := range keys {
		res, err := window(opts, 0, &filter, func(o match.Options) ([]match.Result, error) { return m.Match(r.Context(), ents[i], o) })
		if err != nil {
			writeError(w, http.StatusServiceUnavailable, "matching timed out")
			return
		}
		out := make([]scoredJSON, len(res))
		var matched []string
		for j, x := range res {
			out[j] = s.scoredCached(x)
			if x.Match {
				matched = append(matched, x.Entity.ID)
			}
		}
		e := ents[i]
		resp.Responses[k] = matchesJSON{Status: 200, Results: out, Total: total{Value: len(out), Relation: "eq"},
			Query: queryJSON{ID: e.ID, Schema: e.Schema, Properties: e.Properties}}
		s.metrics.queries.Inc()
		if s.audit != nil {
			audit = append(audit, map[string]any{"query": k, "schema": e.Schema, "name": e.Names(), "matches": matched})
		}
	}
	if s.audit != nil {
		s.audit.add(p.Name, "match", "dataset:"+r.PathValue("dataset"), map[string]any{"queries": audit, "threshold": opts.Threshold, "algorithm": opts.Algorithm})
	}
	w.Header().Set("X-Batch-Size", strconv.Itoa(len(keys)))
	bp := responseBuffers.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= 1<<20 {
			responseBuffers.Put(bp)
		}
	}()
	b, err := encodeMatch((*bp)[:0], resp, keys)
	*bp = b[:0]
	if err != nil {
		s.internalError(w, r, "encoding the response failed", err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}

// featureDocsJSON is featureDocs encoded once.
var featureDocsJSON, _ = json.Marshal(featureDocs)

// encodeMatch appends resp to b as json.Marshal would write it (keys are
// its responses' keys, sorted), by hand and with the results' cached
// entity JSON: the /match hot path.
func encodeMatch(b []byte, resp matchResponse, keys []string) ([]byte, error) {
	b = append(b, `{"responses":{`...)
	var err error
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		a := resp.Responses[k]
		b = appendString(b, k)
		b = append(b, `:{"status":`...)
		b = strconv.AppendInt(b, int64(a.Status), 10)
		b = append(b, `,"results":`...)
		if a.Results == nil {
			b = append(b, "null"...)
		} else {
			b = append(b, '[')
			for j := range a.Results {
				if j > 0 {
					b = append(b, ',')
				}
				if b, err = a.Results[j].appendJSON(b); err != nil {
					return b, err
				}
			}
			b = append(b, ']')
		}
		b = append(b, `,"total":{"value":`...)
		b = strconv.AppendInt(b, int64(a.Total.Value), 10)
		b = append(b, `,"relation":`...)
		b = appendString(b, a.Total.Relation)
		b = append(b, `},"query":`...)
		b = appendQuery(b, a.Query)
		b = append(b, '}')
	}
	b = append(b, `},"matcher":`...)
	b = append(b, featureDocsJSON...)
	b = append(b, `,"limit":`...)
	b = strconv.AppendInt(b, int64(resp.Limit), 10)
	return append(b, "}\n"...), nil
}

// responseBuffers recycles the /match response buffers; buffers that grew
// past 1 MiB are not kept.
var responseBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// searchResponse is yente's SearchResponse.
type searchResponse struct {
	Limit   int            `json:"limit"`
	Offset  int            `json:"offset"`
	Total   total          `json:"total"`
	Results []scoredJSON   `json:"results"`
	Facets  map[string]any `json:"facets"`
}

// search answers GET /search/{dataset}?q=NAME[&schema=S][&limit=N].
func (s *Server) search(w http.ResponseWriter, r *http.Request, p casestore.Principal) {
	ds, ok := s.datasetFilter(r.PathValue("dataset"))
	if !ok {
		writeError(w, http.StatusNotFound, "dataset %q not found", r.PathValue("dataset"))
		return
	}
	ds, filter, msg := s.filters(r.URL.Query(), ds, searchParams)
	if msg != "" {
		writeError(w, http.StatusBadRequest, "%s", msg)
		return
	}
	offset, msg := offsetParam(r.URL.Query())
	if msg != "" {
		writeError(w, http.StatusBadRequest, "%s", msg)
		return
	}
	opts, msg := s.matchOptions(r, searchPage)
	if msg != "" {
		writeError(w, http.StatusBadRequest, "%s", msg)
		return
	}
	opts.Datasets = ds
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 1000 {
		writeError(w, http.StatusBadRequest, "q longer than 1000 bytes")
		return
	}
	schema := r.URL.Query().Get("schema")
	if schema == "" {
		schema = entity.LegalEntity
	}
	if !entity.Known(schema) || !entity.Matchable(schema) {
		writeError(w, http.StatusBadRequest, "schema %q: want a party schema such as Person, Company, LegalEntity, Vessel", schema)
		return
	}
	query := &entity.Entity{Schema: schema, Properties: map[string][]string{entity.Name: {q}}}
	if err := match.CheckQuery(query); err != nil {
		writeError(w, http.StatusBadRequest, "q: %v", err)
		return
	}
	m := s.matcher(w)
	if m == nil {
		return
	}
	resp := searchResponse{Limit: opts.Limit, Offset: offset, Results: []scoredJSON{}, Facets: map[string]any{}}
	res, err := window(opts, offset, &filter, func(o match.Options) ([]match.Result, error) { return m.Match(r.Context(), query, o) })
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "matching timed out")
		return
	}
	for _, x := range res {
		resp.Results = append(resp.Results, s.scoredCached(x))
	}
	s.metrics.queries.Inc()
	if s.audit != nil {
		s.audit.add(p.Name, "search", "dataset:"+r.PathValue("dataset"), map[string]any{"q": q, "schema": schema, "results": len(resp.Results)})
	}
	resp.Total = total{Value: len(resp.Results), Relation: "eq"}
	writeJSON(w, http.StatusOK, resp)
}

// entityResponse is GET /entities/{id}: the entity, the links and sanctions
// that name it, and the entities at the other end of those links.
type entityResponse struct {
	entityJSON
	Links   []entityJSON          `json:"links"`
	Related map[string]entityJSON `json:"related"`
}

func (s *Server) entityDetail(m *match.Matcher, id string) (entityResponse, bool) {
	e := m.Entity(id)
	if e == nil {
		return entityResponse{}, false
	}
	resp := entityResponse{entityJSON: toJSON(e), Links: []entityJSON{}, Related: map[string]entityJSON{}}
	for _, l := range m.Links(id) {
		resp.Links = append(resp.Links, toJSON(l))
		for _, vals := range l.Properties {
			for _, v := range vals {
				if v == id {
					continue
				}
				if o := m.Entity(v); o != nil && !entity.IsLink(o.Schema) && o.Schema != entity.Sanction {
					resp.Related[v] = toJSON(o)
				}
			}
		}
	}
	return resp, true
}

// entity answers GET /entities/{id}.
func (s *Server) entity(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	m := s.matcher(w)
	if m == nil {
		return
	}
	resp, ok := s.entityDetail(m, r.PathValue("id"))
	if !ok {
		writeError(w, http.StatusNotFound, "entity %q not found", r.PathValue("id"))
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// listJSON describes one imported list for GET /lists.
type listJSON struct {
	Dataset    string    `json:"dataset"`
	Version    string    `json:"version"`
	ListDate   string    `json:"list_date"`
	ImportedAt time.Time `json:"imported_at"`
	AgeSeconds float64   `json:"age_seconds"`
	Format     string    `json:"format"`
	Entities   int       `json:"entities"`
	Names      int       `json:"names"`
	Links      int       `json:"links"`
	Skipped    int       `json:"skipped"`
	Versions   int       `json:"versions"`
	Origin     string    `json:"origin,omitempty"`
	// Previous is the version before the current one, Changes what
	// changed since it (nil for a first version).
	Previous string             `json:"previous,omitempty"`
	Changes  *lists.DiffSummary `json:"changes,omitempty"`
	// LastSuccess, LastFailure and FailureReason come from the
	// scheduled/manual update state.
	LastChecked   *time.Time `json:"last_checked,omitempty"`
	LastSuccess   *time.Time `json:"last_success,omitempty"`
	LastFailure   *time.Time `json:"last_failure,omitempty"`
	FailureReason string     `json:"failure_reason,omitempty"`
}

type listsResponse struct {
	Lists []listJSON `json:"lists"`
	// Problems names the stored datasets that are not loaded (listhealth.go).
	Problems []string `json:"problems,omitempty"`
	Index    struct {
		Loaded   bool `json:"loaded"`
		Entities int  `json:"entities"`
		Forms    int  `json:"forms"`
	} `json:"index"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// diffSummary returns what changed from one version of a list to another,
// computed once per pair and remembered; nil when it cannot be computed.
func (s *Server) diffSummary(ctx context.Context, old, cur *lists.Meta) *lists.DiffSummary {
	key := old.Dataset + "|" + old.Version + "|" + cur.Version
	if v, ok := s.diffs.Load(key); ok {
		d := v.(lists.DiffSummary)
		return &d
	}
	d, err := lists.DiffSummaryOf(ctx, s.opts.Lists.VersionEntities(ctx, old), s.opts.Lists.VersionEntities(ctx, cur))
	if err != nil {
		s.log.Error("lists: diff", "dataset", cur.Dataset, "err", err)
		return nil
	}
	s.diffs.Store(key, d)
	return &d
}

// listStatus describes the imported lists.
func (s *Server) listStatus(ctx context.Context) (listsResponse, error) {
	var resp listsResponse
	resp.Lists = []listJSON{}
	if m := s.opts.Holder.Load(); m != nil {
		resp.Index.Loaded, resp.Index.Entities, resp.Index.Forms = true, m.Len(), m.Forms()
	}
	if s.opts.Lists == nil {
		return resp, nil
	}
	names, err := s.opts.Lists.Datasets()
	if err != nil {
		return resp, err
	}
	resp.Problems = s.listProblems(ctx)
	for _, ds := range names {
		meta, err := s.opts.Lists.Current(ds)
		if err != nil {
			continue // reported in Problems
		}
		vs, _ := s.opts.Lists.Versions(ds)
		st := s.opts.Lists.UpdateStateOf(ds)
		var prev *lists.Meta
		for i, v := range vs {
			if v.Version == meta.Version && i > 0 {
				prev = vs[i-1]
			}
		}
		var changes *lists.DiffSummary
		prevVersion := ""
		if prev != nil {
			prevVersion = prev.Version
			changes = s.diffSummary(ctx, prev, meta)
		}
		resp.Lists = append(resp.Lists, listJSON{
			Previous: prevVersion, Changes: changes,
			Dataset: ds, Version: meta.Version, ListDate: meta.ListDate, ImportedAt: meta.ImportedAt,
			AgeSeconds: math.Round(time.Since(meta.ImportedAt).Seconds()), Format: meta.Format,
			Entities: meta.Entities, Names: meta.Names, Links: meta.Links, Skipped: meta.Skipped,
			Versions: len(vs), Origin: meta.Origin,
			LastChecked: timePtr(st.LastChecked), LastSuccess: timePtr(st.LastSuccess),
			LastFailure: timePtr(st.LastFailure), FailureReason: st.FailureReason,
		})
	}
	return resp, nil
}

// listVersions maps each dataset to its current version, for runs.
func (s *Server) listVersions() map[string]string {
	out := map[string]string{}
	if s.opts.Lists == nil {
		return out
	}
	for _, ds := range s.knownDatasets() {
		if m, err := s.opts.Lists.Current(ds); err == nil {
			out[ds] = m.Version
		}
	}
	return out
}

// lists answers GET /lists.
func (s *Server) lists(w http.ResponseWriter, r *http.Request, _ casestore.Principal) {
	resp, err := s.listStatus(r.Context())
	if err != nil {
		s.internalError(w, r, "reading the list store failed", err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}
