package server

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
)

// benchResponse is a /match response of the usual size: one query with
// five results, each with a Cyrillic and a Latin name, a birth date, a
// country and two explanation features; cached says whether the results
// carry their entity JSON from the entity cache, as on the hot path.
func benchResponse(cached bool) (matchResponse, []string) {
	var rs []scoredJSON
	for i := range 5 {
		e := entity.New(entity.Person, "us_ofac_sdn", fmt.Sprintf("ofac-%d", 10000+i))
		e.Add(entity.Name, fmt.Sprintf("IVANOV, Ivan Ivanovich %d", i), "Иванов Иван Иванович")
		e.Add(entity.BirthDate, "1961-03-04")
		e.Add(entity.Country, "ru")
		r := toScored(match.Result{Entity: e, Score: 0.93 - float64(i)/100, Match: i < 3, Explanation: match.Explanation{
			QueryName: "Ivan Ivanov", MatchedName: "IVANOV, Ivan Ivanovich", QueryForm: "ivan ivanov", MatchedForm: "ivanov ivan ivanovich",
			NameScore: 0.9, Features: []match.Feature{
				{Name: "name", Value: "ivan ivanov ~ ivanov ivan ivanovich", Weight: 1, Contribution: 0.9},
				{Name: "birth_date_match", Value: "1961-03-04", Weight: 0.03, Contribution: 0.03},
			}}})
		if cached {
			r.raw, _ = json.Marshal(toJSON(e))
		}
		rs = append(rs, r)
	}
	resp := matchResponse{Responses: map[string]matchesJSON{"q1": {Status: 200, Results: rs, Total: total{len(rs), "eq"},
		Query: queryJSON{Schema: "Person", Properties: map[string][]string{"name": {"Ivan Ivanov"}}}}}, Matcher: featureDocs, Limit: 5}
	return resp, []string{"q1"}
}

// BenchmarkEncodeMatch is the A/B of the hand-written /match encoder
// against encoding/json on the same response: "hand" is the hot path
// (cached entity JSON, reused buffer), "hand-uncached" encodes the
// entities too, "encoding-json" is json.Marshal. Compare with benchstat
// over -count=10; the figures are in encodeMatch's doc comment.
func BenchmarkEncodeMatch(b *testing.B) {
	hand := func(cached bool) func(b *testing.B) {
		return func(b *testing.B) {
			resp, keys := benchResponse(cached)
			buf := make([]byte, 0, 16<<10)
			b.ReportAllocs()
			for b.Loop() {
				out, err := encodeMatch(buf[:0], resp, keys)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(out)))
			}
		}
	}
	b.Run("impl=hand", hand(true))
	b.Run("impl=hand-uncached", hand(false))
	b.Run("impl=encoding-json", func(b *testing.B) {
		resp, _ := benchResponse(false)
		b.ReportAllocs()
		for b.Loop() {
			out, err := json.Marshal(resp)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(out)))
		}
	})
}
