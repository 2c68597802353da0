package casestore

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// SearchAuditMode says how much of each /match and /search request the
// audit log keeps. The server's audit batcher groups the requests of one
// actor, action and subject per flush into one entry; CompactRequests
// builds that entry's detail.
type SearchAuditMode string

const (
	// SearchAuditFull keeps every request as the server saw it: the names
	// queried, their schemas and matches (about 420 bytes per /match of
	// one name).
	SearchAuditFull SearchAuditMode = "full"
	// SearchAuditHits keeps the requests that matched something in full
	// (a hit is evidence) and of the others only the time, and per query
	// a 10-byte digest of its schema and names, which proves that a given
	// party was screened (hash the party the same way and look for it)
	// without keeping the name.
	SearchAuditHits SearchAuditMode = "hits"
	// SearchAuditCount keeps per entry only counts (requests, queries,
	// queries with a match), the time span and the matched entity ids.
	SearchAuditCount SearchAuditMode = "count"
)

// ParseSearchAuditMode checks a mode name ("" is SearchAuditHits).
func ParseSearchAuditMode(s string) (SearchAuditMode, error) {
	switch m := SearchAuditMode(s); m {
	case "":
		return SearchAuditHits, nil
	case SearchAuditFull, SearchAuditHits, SearchAuditCount:
		return m, nil
	}
	return "", fmt.Errorf("casestore: search audit mode %q: %w: want full, hits or count", s, ErrInvalid)
}

// QueryDigest is the digest SearchAuditHits keeps of a query that matched
// nothing: the first 10 bytes (80 bits), in hex, of the SHA-256 of its
// schema, a newline, and its names sorted and joined by newlines.
func QueryDigest(schema string, names []string) string {
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	sum := sha256.Sum256([]byte(schema + "\n" + strings.Join(sorted, "\n")))
	return hex.EncodeToString(sum[:10])
}

// CompactRequests returns the detail of one batched audit entry holding
// reqs, the requests' details as the server collects them: "at" (RFC 3339),
// and for /match "queries", a list of {"query", "schema", "name" (a list of
// names), "matches" (matched entity ids)}, with "threshold" and
// "algorithm"; a /search has "q" and "results" instead.
//
// Full mode keeps them as they are. Hits mode keeps in full every request
// that is not a /match or that matched something, under "requests", and
// folds the /match requests that matched nothing into "misses": their
// times as milliseconds after "first", one QueryDigest per query, and
// their threshold and algorithm once when all share them. Count mode keeps
// the counts, the time span and the matched entity ids.
func CompactRequests(mode SearchAuditMode, reqs []map[string]any) (json.RawMessage, error) {
	switch mode {
	case SearchAuditFull:
		return json.Marshal(map[string]any{"count": len(reqs), "requests": reqs})
	case SearchAuditHits:
		kept := []map[string]any{}
		var m misses
		for _, r := range reqs {
			qs, isMatch := r["queries"].([]any)
			if !isMatch || anyMatched(qs) {
				kept = append(kept, r)
				continue
			}
			m.add(r, qs)
		}
		out := map[string]any{"count": len(reqs), "mode": string(mode), "requests": kept}
		if m.n > 0 {
			out["misses"] = m.json()
		}
		return json.Marshal(out)
	case SearchAuditCount:
		queries, hits := 0, 0
		matched := []string{}
		var first, last time.Time
		for _, r := range reqs {
			if at, ok := timeOf(r["at"]); ok {
				if first.IsZero() || at.Before(first) {
					first = at
				}
				if at.After(last) {
					last = at
				}
			}
			qs, _ := r["queries"].([]any)
			queries += len(qs)
			for _, q := range qs {
				m, _ := q.(map[string]any)
				if ids := stringsOf(m["matches"]); len(ids) > 0 {
					hits++
					matched = append(matched, ids...)
				}
			}
		}
		return json.Marshal(map[string]any{"count": len(reqs), "mode": string(mode), "queries": queries, "hits": hits,
			"matched": matched, "first": first, "last": last})
	}
	return nil, fmt.Errorf("casestore: search audit mode %q: %w", mode, ErrInvalid)
}

// misses folds /match requests that matched nothing (hits mode).
type misses struct {
	n       int
	first   time.Time
	ats     []time.Time
	digests [][]string
	params  map[string]any // threshold and algorithm, while all requests share them
	mixed   bool
}

func (m *misses) add(r map[string]any, qs []any) {
	m.n++
	at, _ := timeOf(r["at"])
	if m.first.IsZero() || (!at.IsZero() && at.Before(m.first)) {
		m.first = at
	}
	m.ats = append(m.ats, at)
	ds := make([]string, 0, len(qs))
	for _, q := range qs {
		qm, _ := q.(map[string]any)
		schema, _ := qm["schema"].(string)
		ds = append(ds, QueryDigest(schema, stringsOf(qm["name"])))
	}
	m.digests = append(m.digests, ds)
	p := map[string]any{"threshold": r["threshold"], "algorithm": r["algorithm"]}
	switch {
	case m.params == nil:
		m.params = p
	case fmt.Sprint(m.params) != fmt.Sprint(p):
		m.mixed = true
	}
}

func (m *misses) json() map[string]any {
	ms := make([]int64, len(m.ats))
	for i, at := range m.ats {
		ms[i] = at.Sub(m.first).Milliseconds()
	}
	out := map[string]any{"n": m.n, "first": m.first, "ms": ms, "digests": m.digests}
	if !m.mixed {
		for k, v := range m.params {
			out[k] = v
		}
	}
	return out
}

func timeOf(v any) (time.Time, bool) {
	s, _ := v.(string)
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

func anyMatched(qs []any) bool {
	for _, q := range qs {
		if m, _ := q.(map[string]any); len(stringsOf(m["matches"])) > 0 {
			return true
		}
	}
	return false
}

// stringsOf reads a []string, or a []any of strings (decoded JSON).
func stringsOf(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, s := range x {
			if s, ok := s.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
