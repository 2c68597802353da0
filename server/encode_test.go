package server

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
)

// TestEncodeMatch checks that the hand-assembled /match response is the
// JSON encoding/json gives for the same value.
func TestEncodeMatch(t *testing.T) {
	e := entity.New(entity.Person, "un_sc_sanctions", "6907993")
	e.Add(entity.Name, "ERIC BADEGE", "Эрик \"Бадеге\" <b>")
	e.Add(entity.BirthDate, "1971")
	r := toScored(match.Result{Entity: e, Score: 0.93, Match: true, Explanation: match.Explanation{
		QueryName: "Eric Badege", MatchedName: "ERIC BADEGE", NameScore: 0.93,
		Features: []match.Feature{{Name: "birth_date_match", Value: "1971", Weight: 0.03, Contribution: 0.03}},
	}})
	cached := r
	cached.raw, _ = json.Marshal(toJSON(e))
	tests := []struct {
		name string
		resp matchResponse
		keys []string
	}{
		{"empty results", matchResponse{Responses: map[string]matchesJSON{"q1": {Status: 200, Results: []scoredJSON{}, Total: total{0, "eq"}, Query: queryJSON{Schema: "Person", Properties: map[string][]string{"name": {"x"}}}}}, Matcher: featureDocs, Limit: 5}, []string{"q1"}},
		{"results, odd keys", matchResponse{Responses: map[string]matchesJSON{
			"a\"b": {Status: 200, Results: []scoredJSON{r, cached}, Total: total{2, "eq"}, Query: queryJSON{ID: "x", Schema: "Person", Properties: map[string][]string{"name": {"Eric Badege"}}}},
			"é":    {Status: 200, Results: []scoredJSON{cached}, Total: total{1, "eq"}, Query: queryJSON{Schema: "Person", Properties: map[string][]string{}}},
		}, Matcher: featureDocs, Limit: 3}, []string{"a\"b", "é"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := encodeMatch(tc.resp, tc.keys)
			if err != nil {
				t.Fatal(err)
			}
			want, err := json.Marshal(tc.resp)
			if err != nil {
				t.Fatal(err)
			}
			var g, w any
			if err := json.Unmarshal(got, &g); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, got)
			}
			json.Unmarshal(want, &w)
			if d := cmp.Diff(w, g); d != "" {
				t.Fatalf("encodeMatch differs from json.Marshal (-want +got):\n%s", d)
			}
		})
	}
}
