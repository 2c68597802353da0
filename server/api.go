package server

import (
	"context"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
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

// matcher returns the current index or writes 503.
func (s *Server) matcher(w http.ResponseWriter) *match.Matcher {
	m := s.opts.Holder.Load()
	if m == nil {
		writeError(w, http.StatusServiceUnavailable, "no index loaded yet: import lists with `redline lists import`")
	}
	return m
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
		st, err := s.opts.Lists.UpdateState(ds)
		if err != nil {
			// A damaged state file shows as the failure, naming the file.
			st.FailureReason = err.Error()
		}
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
