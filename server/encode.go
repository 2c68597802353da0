package server

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
)

// The /match hot path encodes its responses by hand: the output is byte
// for byte what encoding/json gives for the same values (TestEncodeMatch
// and FuzzAppendString check it), without reflection.
//
// What it gains, by BenchmarkEncodeMatch (a response of five results;
// 2026-12-04, benchstat over -count=6 on a shared, loaded 2-core machine,
// so the times are medians with wide spreads; the allocations are exact):
//
//	hand, with the entity cache    4.0 µs     0 allocs      0 B
//	hand, entities encoded too    51 µs      45 allocs   3.5 KiB
//	encoding/json                134 µs      61 allocs  12.9 KiB
//
// Most of the gain is the cached entity JSON; the hand-written encoder
// also removes every allocation. Both are kept.

// errUnsupportedFloat is returned for NaN and infinite numbers, which JSON
// cannot carry (encoding/json refuses them too).
var errUnsupportedFloat = errors.New("json: unsupported value: NaN or infinite number")

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string, escaped as encoding/json does
// by default: control characters, quote and backslash, the HTML
// characters <, > and &, U+2028 and U+2029; invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendFloat appends f as encoding/json writes a float64.
func appendFloat(b []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, errUnsupportedFloat
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// appendStrings appends a []string (null when nil).
func appendStrings(b []byte, vs []string) []byte {
	if vs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, v)
	}
	return append(b, ']')
}

// appendProperties appends a property map with its keys sorted, as
// encoding/json does (null when nil).
func appendProperties(b []byte, props map[string][]string) []byte {
	if props == nil {
		return append(b, "null"...)
	}
	var arr [16]string
	keys := arr[:0]
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = appendStrings(b, props[k])
	}
	return append(b, '}')
}

// appendQuery appends a queryJSON.
func appendQuery(b []byte, q queryJSON) []byte {
	b = append(b, '{')
	if q.ID != "" {
		b = append(b, `"id":`...)
		b = appendString(b, q.ID)
		b = append(b, ',')
	}
	b = append(b, `"schema":`...)
	b = appendString(b, q.Schema)
	b = append(b, `,"properties":`...)
	b = appendProperties(b, q.Properties)
	return append(b, '}')
}

// appendFeatures appends the features map with its keys sorted (null when
// nil).
func appendFeatures(b []byte, f map[string]float64) ([]byte, error) {
	if f == nil {
		return append(b, "null"...), nil
	}
	var arr [16]string
	keys := arr[:0]
	for k := range f {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	var err error
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		if b, err = appendFloat(b, f[k]); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

// appendExplanation appends a match.Explanation with its JSON tags.
func appendExplanation(b []byte, ex *match.Explanation) ([]byte, error) {
	b = append(b, `{"query_name":`...)
	b = appendString(b, ex.QueryName)
	b = append(b, `,"matched_name":`...)
	b = appendString(b, ex.MatchedName)
	if ex.QueryForm != "" {
		b = append(b, `,"query_form":`...)
		b = appendString(b, ex.QueryForm)
	}
	if ex.MatchedForm != "" {
		b = append(b, `,"matched_form":`...)
		b = appendString(b, ex.MatchedForm)
	}
	b = append(b, `,"name_score":`...)
	var err error
	if b, err = appendFloat(b, ex.NameScore); err != nil {
		return b, err
	}
	if len(ex.Features) > 0 {
		b = append(b, `,"features":[`...)
		for i := range ex.Features {
			ft := &ex.Features[i]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":`...)
			b = appendString(b, ft.Name)
			if ft.Value != "" {
				b = append(b, `,"value":`...)
				b = appendString(b, ft.Value)
			}
			b = append(b, `,"weight":`...)
			if b, err = appendFloat(b, ft.Weight); err != nil {
				return b, err
			}
			b = append(b, `,"contribution":`...)
			if b, err = appendFloat(b, ft.Contribution); err != nil {
				return b, err
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(ex.DecidedBy) > 0 {
		b = append(b, `,"decided_by":[`...)
		for i, id := range ex.DecidedBy {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, id)
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

// appendScoreFields appends the fields scoredJSON adds to an entity
// (score, match, features, explanation), without the braces, after a
// comma.
func appendScoreFields(b []byte, r *scoredJSON) ([]byte, error) {
	var err error
	b = append(b, `"score":`...)
	if b, err = appendFloat(b, r.Score); err != nil {
		return b, err
	}
	b = append(b, `,"match":`...)
	b = appendBool(b, r.Match)
	b = append(b, `,"features":`...)
	if b, err = appendFeatures(b, r.Features); err != nil {
		return b, err
	}
	b = append(b, `,"explanation":`...)
	if b, err = appendExplanation(b, &r.Explanation); err != nil {
		return b, err
	}
	b = append(b, `,"records":`...)
	return appendRecords(b, r.Records)
}

// appendRecords appends a result's records as encoding/json writes them
// (null for nil).
func appendRecords(b []byte, recs []match.Record) ([]byte, error) {
	if recs == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '[')
	var err error
	for i := range recs {
		rec := &recs[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = appendString(b, rec.ID)
		b = append(b, `,"dataset":`...)
		b = appendString(b, rec.Dataset)
		b = append(b, `,"source_id":`...)
		b = appendString(b, rec.SourceID)
		if rec.Sublist != "" {
			b = append(b, `,"sublist":`...)
			b = appendString(b, rec.Sublist)
		}
		b = append(b, `,"name":`...)
		b = appendString(b, rec.Name)
		b = append(b, `,"score":`...)
		if b, err = appendFloat(b, rec.Score); err != nil {
			return b, err
		}
		b = append(b, '}')
	}
	return append(b, ']'), nil
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
	sc.entityJSON = partyJSON(r)
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
	// The records' scores rounded as the score is.
	recs := make([]match.Record, len(r.Records))
	for i, rec := range r.Records {
		rec.Score = round(rec.Score)
		recs[i] = rec
	}
	return scoredJSON{Score: round(r.Score), Match: r.Match, Features: f, Explanation: r.Explanation, Records: recs}
}

// scoredCached is a result with its entity's cached JSON; a party on
// several lists is encoded afresh (partyJSON).
func (s *Server) scoredCached(r match.Result) scoredJSON {
	if len(r.Records) > 1 {
		return toScored(r)
	}
	raw := s.encodedEntity(r.Entity)
	if raw == nil {
		return toScored(r)
	}
	sc := scoredOnly(r)
	sc.raw = raw
	return sc
}

// round is match.RoundScore, the one rounding of scores written out.
func round(x float64) float64 { return match.RoundScore(x) }

// featureDocsJSON is featureDocs encoded once.
var featureDocsJSON, _ = json.Marshal(featureDocs)

// encodeMatch appends resp to b as json.Marshal would write it (keys are
// its responses' keys, sorted), by hand and with the results' cached
// entity JSON: the /match hot path. BenchmarkEncodeMatch, benchstat over
// -count=10 in one run (2 shared cores, December 2026), on a response of
// five results: 21.7 µs ±67% and 0 allocations by hand with the cached
// entity JSON, 86 µs (45 allocations) by hand encoding the entities too,
// 272 µs ±21% (61 allocations) with encoding/json: json.Marshal is 12.6
// times slower (p=0.000), so the encoder stays.
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
// past 1 MiB are not kept. BenchmarkResponseBuffer (benchstat, -count=10,
// one run): encoding the usual response into a pooled buffer takes
// 16.7 µs ±34% and no allocation, into a new 16 KiB buffer 40.2 µs ±66%
// and one allocation of 16 KiB (p=0.000), so the pool stays.
var responseBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}
