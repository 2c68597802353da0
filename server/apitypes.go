package server

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/match"
)

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
	refs := e.Referents
	if refs == nil {
		refs = []string{}
	}
	return entityJSON{
		ID: e.ID, Caption: e.Caption(), Schema: e.Schema, Properties: props, Datasets: ds,
		Referents: refs, Target: entity.Matchable(e.Schema), SourceID: e.SourceID, Sublist: e.Sublist,
	}
}

// partyJSON is toJSON of a result's top record, for a party on several
// lists: datasets lists every list of the party (match.Result.Datasets),
// and referents the ids of its other records besides the record's own
// referents, as yente lists the ids a merged entity was built from.
func partyJSON(r match.Result) entityJSON {
	j := toJSON(r.Entity)
	if len(r.Records) < 2 {
		return j
	}
	j.Datasets = r.Datasets()
	j.Referents = append([]string(nil), j.Referents...)
	for _, rec := range r.Records {
		if rec.ID != r.Entity.ID && !slices.Contains(j.Referents, rec.ID) {
			j.Referents = append(j.Referents, rec.ID)
		}
	}
	return j
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
	// Records are every listed record of the party (the same party on
	// other lists), the top record first: list, the list's own id, name
	// and score.
	Records []match.Record `json:"records"`
	// raw, when set, is the encoded entityJSON (from the entity cache).
	raw []byte
}

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

var featureDocs = map[string]featureDoc{
	"name_score": {Description: "Similarity of the best pair of names after normalisation and transliteration", Coefficient: 1, URL: "/openapi.json"},
}

// searchResponse is yente's SearchResponse.
type searchResponse struct {
	Limit   int            `json:"limit"`
	Offset  int            `json:"offset"`
	Total   total          `json:"total"`
	Results []scoredJSON   `json:"results"`
	Facets  map[string]any `json:"facets"`
}

// entityResponse is GET /entities/{id}: the entity, the links and sanctions
// that name it, and the entities at the other end of those links.
type entityResponse struct {
	entityJSON
	Links   []entityJSON          `json:"links"`
	Related map[string]entityJSON `json:"related"`
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
