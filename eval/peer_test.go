package eval

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/entity"
)

// fakeYente is a FAKE peer: a local httptest server that answers in the
// shape of yente's /algorithms and /match/{dataset} responses. It exercises
// only the client code path (request building, response parsing); it says
// nothing about yente's accuracy or speed.
func fakeYente(t *testing.T) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/algorithms":
			json.NewEncoder(w).Encode(map[string]any{"algorithms": []map[string]any{{"name": "logic-v2"}}, "default": "logic-v2"})
		case r.URL.Path == "/match/default" && r.Method == http.MethodPost:
			var body struct {
				Queries map[string]struct {
					Schema     string              `json:"schema"`
					Properties map[string][]string `json:"properties"`
				} `json:"queries"`
			}
			if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			if r.URL.Query().Get("limit") != "10" {
				http.Error(w, "limit missing", http.StatusBadRequest)
				return
			}
			resp := map[string]any{}
			for k, q := range body.Queries {
				name := q.Properties["name"][0]
				results := []map[string]any{}
				if strings.Contains(strings.ToLower(name), "bortnikov") {
					results = append(results, map[string]any{
						"id": "NK-x", "caption": "Alexander Bortnikov", "schema": "Person",
						"properties": map[string][]string{"name": {"Alexander Bortnikov"}, "alias": {"Александр Бортников"}},
						"score":      0.97, "match": true, "features": map[string]float64{"name_literal_match": 1},
					})
				}
				resp[k] = map[string]any{"status": 200, "results": results, "total": map[string]any{"value": len(results)}}
			}
			json.NewEncoder(w).Encode(map[string]any{"responses": resp, "limit": 10})
		default:
			http.NotFound(w, r)
		}
	}))
}

// fakeWatchman is a FAKE peer in the shape of watchman's v2 search
// response, for the client code path only.
func fakeWatchman(t *testing.T) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v2/search" {
			http.NotFound(w, r)
			return
		}
		name := r.URL.Query().Get("name")
		ents := []map[string]any{}
		if strings.Contains(strings.ToLower(name), "putin") {
			ents = append(ents, map[string]any{"name": "Vladimir PUTIN", "entityType": "person", "sourceList": "us_ofac",
				"sourceID": "35096", "match": 0.91, "person": map[string]any{"altNames": []string{"Vladimir Vladimirovich PUTIN"}}})
		}
		json.NewEncoder(w).Encode(map[string]any{"entities": ents})
	}))
}

func TestPeer(t *testing.T) {
	ctx := context.Background()
	y := fakeYente(t)
	defer y.Close()
	wm := fakeWatchman(t)
	defer wm.Close()
	tests := []struct {
		name     string
		url      string
		kind     string
		query    string
		wantHit  string
		wantName string
		match    bool
	}{
		{"fake yente hit", y.URL, Yente, "Alexander Bortnikov", "Alexander Bortnikov", "Александр Бортников", true},
		{"fake yente no hit", y.URL + "/", Yente, "Nobody Atall", "", "", false},
		{"fake watchman hit", wm.URL, Watchman, "Vladimir Putin", "Vladimir PUTIN", "Vladimir Vladimirovich PUTIN", true},
		{"fake watchman no hit", wm.URL, Watchman, "Nobody Atall", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := DetectPeer(ctx, tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if p.Kind != tt.kind {
				t.Fatalf("detected %q, want %q", p.Kind, tt.kind)
			}
			q := &entity.Entity{Schema: entity.Person, Properties: map[string][]string{entity.Name: {tt.query}, entity.BirthDate: {"1951"}}}
			hits, err := p.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantHit == "" {
				if len(hits) != 0 {
					t.Fatalf("hits %+v, want none", hits)
				}
				return
			}
			if len(hits) != 1 || hits[0].Caption != tt.wantHit || hits[0].Match != tt.match || !strings.Contains(strings.Join(hits[0].Names, "|"), tt.wantName) {
				t.Fatalf("hits %+v, want %q with name %q", hits, tt.wantHit, tt.wantName)
			}
		})
	}
}

func TestPeerErrors(t *testing.T) {
	ctx := context.Background()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
	}))
	defer down.Close()
	if _, err := DetectPeer(ctx, down.URL, nil); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("DetectPeer on a failing server: err = %v", err)
	}
	if _, err := DetectPeer(ctx, "not a url", nil); err == nil {
		t.Error("DetectPeer accepted an address that is not a URL")
	}
	garbage := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/algorithms" {
			w.Write([]byte(`{"algorithms": [{}]}`))
			return
		}
		w.Write([]byte(`{"responses": {"other": {}}}`))
	}))
	defer garbage.Close()
	p, err := DetectPeer(ctx, garbage.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	q := &entity.Entity{Schema: entity.Person, Properties: map[string][]string{entity.Name: {"x"}}}
	if _, err := p.Search(ctx, q); err == nil {
		t.Error("a response without the query's answer was accepted")
	}
}
