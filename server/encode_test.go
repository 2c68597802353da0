package server

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

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
			got, err := encodeMatch(nil, tc.resp, tc.keys)
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

// scoreFields are the fields scoredJSON adds to the entity, for
// encoding/json to encode as the reference of appendScoreFields.
type scoreFields struct {
	Score       float64            `json:"score"`
	Match       bool               `json:"match"`
	Features    map[string]float64 `json:"features"`
	Explanation match.Explanation  `json:"explanation"`
	Records     []match.Record     `json:"records"`
}

// TestAppendByHand checks that the hand-written encoders write byte for
// byte what encoding/json writes.
func TestAppendByHand(t *testing.T) {
	ex := match.Explanation{
		QueryName: "Олег <Иванов> & \"Co\"", MatchedName: "王伟\u2028x\x01\xff", QueryForm: "oleg ivanov", MatchedForm: "wang wei",
		NameScore: 0.93,
		Features: []match.Feature{
			{Name: "name", Value: "oleg ivanov ~ wang wei", Weight: 1, Contribution: 0.93},
			{Name: "birth_date_mismatch", Weight: -0.1, Contribution: -1e-7},
			{Name: "huge", Value: "\t\b\f\r\n\\", Weight: 1e21, Contribution: 123456789.125},
		},
		DecidedBy: []string{"ofac-306", "us-csl-SDN-306"},
	}
	recs := []match.Record{
		{ID: "ofac-306", Dataset: "us_ofac_sdn", SourceID: "306", Name: "BANCO \"NACIONAL\" <x>", Score: 0.93},
		{ID: "us-csl-SDN-306", Dataset: "us_trade_csl", SourceID: "306", Sublist: "Specially Designated Nationals (SDN) - Treasury Department", Name: "王伟", Score: 1e-9},
	}
	tests := []struct {
		name string
		r    scoredJSON
	}{
		{"empty", scoredJSON{}},
		{"full", scoredJSON{Score: 0.9312, Match: true, Features: map[string]float64{"name_score": 0.93, "b": 0, "a": -0.5}, Explanation: ex, Records: recs}},
		{"no records", scoredJSON{Score: 0.5, Features: map[string]float64{}, Records: []match.Record{}}},
		{"no forms or features", scoredJSON{Score: 1, Features: map[string]float64{}, Explanation: match.Explanation{QueryName: "x", NameScore: 1e-9}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := appendScoreFields(nil, &tc.r)
			if err != nil {
				t.Fatal(err)
			}
			want, err := json.Marshal(scoreFields{tc.r.Score, tc.r.Match, tc.r.Features, tc.r.Explanation, tc.r.Records})
			if err != nil {
				t.Fatal(err)
			}
			if w := string(want[1 : len(want)-1]); string(got) != w {
				t.Errorf("appendScoreFields:\n got %s\nwant %s", got, w)
			}
			q := queryJSON{ID: tc.name, Schema: "Person", Properties: map[string][]string{"name": {ex.QueryName, ex.MatchedName}, "alias": nil, "country": {}}}
			want, _ = json.Marshal(q)
			if got := appendQuery(nil, q); string(got) != string(want) {
				t.Errorf("appendQuery:\n got %s\nwant %s", got, want)
			}
		})
	}
	t.Run("NaN", func(t *testing.T) {
		if _, err := appendScoreFields(nil, &scoredJSON{Score: math.NaN()}); err == nil {
			t.Error("NaN encoded without error")
		}
	})
}

// TestExplanationFields fails when match.Explanation, match.Feature or
// match.Record gain
// an exported field, which appendExplanation (appendRecords) would not write: add it there
// (and to TestAppendByHand) and update the counts.
func TestExplanationFields(t *testing.T) {
	count := func(v any) (n int) {
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			if typ.Field(i).IsExported() {
				n++
			}
		}
		return n
	}
	if n := count(match.Explanation{}); n != 7 {
		t.Errorf("match.Explanation has %d exported fields; appendExplanation writes 7", n)
	}
	if n := count(match.Record{}); n != 7 {
		t.Errorf("match.Record has %d exported fields; appendRecords writes 6 and skips Entity: 7", n)
	}
	if n := count(match.Feature{}); n != 4 {
		t.Errorf("match.Feature has %d exported fields; appendExplanation writes 4", n)
	}
}

// FuzzAppendString checks appendString against encoding/json on any
// string, valid UTF-8 or not.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "Олег Иванов", "王伟", "<&>\"\\", "\x00\x1f\x7f", "\xff\xfe", "\u2028\u2029", "a\xe2\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); string(got) != string(want) {
			t.Fatalf("appendString(%q) = %s, want %s", s, got, want)
		}
		f := float64(len(s)) / 7e7
		want, _ = json.Marshal(f)
		if got, _ := appendFloat(nil, f); string(got) != string(want) {
			t.Fatalf("appendFloat(%v) = %s, want %s", f, got, want)
		}
	})
}

// TestPropValues checks the property value shapes /match accepts, fast
// paths and general path alike.
func TestPropValues(t *testing.T) {
	tests := []struct {
		raw  string
		want []string
		err  bool
	}{
		{`"Олег Иванов"`, []string{"Олег Иванов"}, false},
		{`["a","b\u0041"]`, []string{"a", "bA"}, false},
		{`[]`, nil, false},
		{`["a",null,"b"]`, []string{"a", "b"}, false},
		{`["Knullsen"]`, []string{"Knullsen"}, false},
		{`null`, nil, false},
		{`[1.5,true,"x"]`, []string{"1.5", "true", "x"}, false},
		{`42`, []string{"42"}, false},
		{`[["nested"]]`, nil, true},
		{`{"a":1}`, nil, true},
		{`"unterminated`, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.raw, func(t *testing.T) {
			got, err := propValues(json.RawMessage(tc.raw))
			if (err != nil) != tc.err {
				t.Fatalf("err = %v, want error %v", err, tc.err)
			}
			if tc.err {
				return
			}
			if d := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
