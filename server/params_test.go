package server_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/server"
)

// matchBody is a /match body of one query with the given names and extra
// properties.
func matchBody(schema string, names []string, props map[string][]string) string {
	p := map[string]any{"name": names}
	for k, v := range props {
		p[k] = v
	}
	b, _ := json.Marshal(map[string]any{"queries": map[string]any{"q": map[string]any{"schema": schema, "properties": p}}})
	return string(b)
}

// TestMatchNamesCap checks the cap on names and values per /match query
// (issue 15, item 16: one query of 300,000 names ran for minutes past the
// request timeout).
func TestMatchNamesCap(t *testing.T) {
	e := newEnv(t, nil)
	names := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("Kony %d", i)
		}
		return out
	}
	tests := []struct {
		name string
		body string
		code int
		want string
	}{
		{"at the cap", matchBody("Person", names(server.MaxQueryNames), nil), 200, `"responses"`},
		{"one name over", matchBody("Person", names(server.MaxQueryNames+1), nil), 400, "limit: 100 names per query"},
		{"aliases count", matchBody("Person", names(60), map[string][]string{"alias": names(41)}), 400, "101 names"},
		{"300,000 names", matchBody("Person", names(300_000), nil), 400, "(limit: "},
		{"too many values", matchBody("Person", names(1), map[string][]string{"idNumber": names(server.MaxQueryValues)}), 400, "property values"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, body := e.do("POST", "/match/default", casestore.Viewer, tc.body, "Content-Type", "application/json")
			if code != tc.code || !strings.Contains(string(body), tc.want) {
				t.Fatalf("status %d, want %d with %q: %.300s", code, tc.code, tc.want, body)
			}
		})
	}
}

// searchResults runs a /search and returns its results' ids, datasets,
// schemas, countries and topics.
type hitJSON struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Datasets   []string            `json:"datasets"`
	Properties map[string][]string `json:"properties"`
}

func (e *env) hits(t *testing.T, method, path, body string) []hitJSON {
	t.Helper()
	code, b := e.do(method, path, casestore.Viewer, body, "Content-Type", "application/json")
	if code != 200 {
		t.Fatalf("%s %s: status %d: %s", method, path, code, b)
	}
	var out struct {
		Results   []hitJSON `json:"results"`
		Responses map[string]struct {
			Results []hitJSON `json:"results"`
		} `json:"responses"`
	}
	decode(t, b, &out)
	if method == "POST" {
		return out.Responses["q"].Results
	}
	return out.Results
}

func ids(hs []hitJSON) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.ID)
	}
	return out
}

// TestYenteParams checks that every parameter of yente's /search and
// /match either works or is refused by name (issue 15, item 7: datasets,
// countries, offset and others were silently ignored).
func TestYenteParams(t *testing.T) {
	e := newEnv(t, nil)
	t.Run("refused by name", func(t *testing.T) {
		for _, tc := range []struct{ method, path, want string }{
			{"GET", "/search/default?q=Kony&colour=red", `unknown parameter \"colour\"`},
			{"GET", "/search/default?q=Kony&changed_since=2024-01-01", `\"changed_since\" is not supported`},
			{"GET", "/search/default?q=Kony&sort=caption", `\"sort\" is not supported`},
			{"GET", "/search/default?q=Kony&offset=-1", "offset"},
			{"GET", "/search/default?q=Kony&target=maybe", "target"},
			{"POST", "/match/default?offset=5", `unknown parameter \"offset\"`},
			{"POST", "/match/default?countries=ru", `unknown parameter \"countries\"`},
			{"POST", "/match/default?exclude_schema=Nonsense", "unknown schema"},
		} {
			code, body := e.do(tc.method, tc.path, casestore.Viewer, matchBody("Person", []string{"Kony"}, nil))
			if code != 400 || !strings.Contains(string(body), tc.want) {
				t.Errorf("%s %s: status %d %s, want 400 with %s", tc.method, tc.path, code, body, tc.want)
			}
		}
	})

	// The fixture holds the UN list and the ZALA network; "Zakharov"
	// finds several, on several datasets.
	all := e.hits(t, "GET", "/search/default?q=Zakharov&limit=50", "")
	datasets := map[string]bool{}
	for _, h := range all {
		for _, d := range h.Datasets {
			datasets[d] = true
		}
	}
	if len(all) < 3 {
		t.Fatalf("search Zakharov: %d results, want several to filter", len(all))
	}

	t.Run("offset", func(t *testing.T) {
		page := e.hits(t, "GET", "/search/default?q=Zakharov&limit=2&offset=1", "")
		if want := ids(all[1:3]); !slices.Equal(ids(page), want) {
			t.Fatalf("offset 1 limit 2: %v, want %v", ids(page), want)
		}
	})
	for d := range datasets {
		t.Run("datasets="+d, func(t *testing.T) {
			for _, path := range []string{"/search/default?q=Zakharov&limit=50&datasets=" + d, "/search/default?q=Zakharov&limit=50&include_dataset=" + d} {
				got := e.hits(t, "GET", path, "")
				if len(got) == 0 {
					t.Fatalf("%s: no results", path)
				}
				for _, h := range got {
					if !slices.Contains(h.Datasets, d) {
						t.Fatalf("%s: %s is in %v", path, h.ID, h.Datasets)
					}
				}
			}
			for _, h := range e.hits(t, "GET", "/search/default?q=Zakharov&limit=50&exclude_dataset="+d, "") {
				if slices.Contains(h.Datasets, d) {
					t.Fatalf("exclude_dataset=%s: %s is in %v", d, h.ID, h.Datasets)
				}
			}
		})
	}
	t.Run("countries", func(t *testing.T) {
		country := ""
		for _, h := range all {
			if c := h.Properties["country"]; len(c) > 0 {
				country = c[0]
				break
			}
		}
		if country == "" {
			t.Fatal("no result with a country to filter on")
		}
		got := e.hits(t, "GET", "/search/default?q=Zakharov&limit=50&countries="+url.QueryEscape(country), "")
		if len(got) == 0 {
			t.Fatalf("countries=%s: no results", country)
		}
		for _, h := range got {
			p := h.Properties
			if !slices.Contains(append(append(append(p["country"], p["nationality"]...), p["citizenship"]...), p["jurisdiction"]...), country) {
				t.Fatalf("countries=%s: %s has %v", country, h.ID, p)
			}
		}
	})
	t.Run("match filters", func(t *testing.T) {
		body := matchBody("LegalEntity", []string{"Zala Aero"}, nil)
		base := e.hits(t, "POST", "/match/default?limit=20", body)
		if len(base) < 2 {
			t.Fatalf("match Zala Aero: %d results", len(base))
		}
		first := base[0]
		got := e.hits(t, "POST", "/match/default?limit=20&exclude_entity_ids="+url.QueryEscape(first.ID), body)
		if slices.Contains(ids(got), first.ID) {
			t.Fatalf("exclude_entity_ids=%s still returns it", first.ID)
		}
		for _, h := range e.hits(t, "POST", "/match/default?limit=20&exclude_schema="+first.Schema, body) {
			if h.Schema == first.Schema {
				t.Fatalf("exclude_schema=%s returns %s", first.Schema, h.ID)
			}
		}
		for _, h := range e.hits(t, "POST", "/match/default?limit=20&topics=sanction", body) {
			if !slices.Contains(h.Properties["topics"], "sanction") {
				t.Fatalf("topics=sanction returns %s with topics %v", h.ID, h.Properties["topics"])
			}
		}
	})
}
