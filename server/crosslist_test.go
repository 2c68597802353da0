package server_test

import (
	"context"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/server"
	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/source/csl"
	"github.com/redline-sanctions/redline/source/ofac"
	"github.com/redline-sanctions/redline/source/un"
)

var (
	crossOnce    sync.Once
	crossMatcher *match.Matcher
	crossErr     error
)

// crossListIndex is a Matcher over the real SDN (2021), UN and CSL (2022)
// lists, where one party is often listed three or four times.
func crossListIndex(t *testing.T) *match.Matcher {
	t.Helper()
	realIndex(t) // skips without the shared data
	crossOnce.Do(func() {
		var es []*entity.Entity
		for _, f := range []struct {
			path string
			r    source.Reader
		}{
			{"lists/ofac/sdn-2021-07/sdn.csv", ofac.CSVReader{}},
			{"lists/un/consolidated-2026-02-27.xml", un.Reader{}},
			{"lists/us-csl/consolidated-2022-05.csv.gz", csl.Reader{}},
		} {
			if _, crossErr = f.r.Read(context.Background(), filepath.Join(shared, f.path), func(e *entity.Entity) error {
				es = append(es, e)
				return nil
			}); crossErr != nil {
				return
			}
		}
		crossMatcher, crossErr = match.Build(context.Background(), func(yield func(*entity.Entity, error) bool) {
			for _, e := range es {
				if !yield(e, nil) {
					return
				}
			}
		})
	})
	if crossErr != nil {
		t.Fatal(crossErr)
	}
	return crossMatcher
}

// TestMatchCrossList checks that /match answers one result per party: the
// SDN, UN and CSL records of Ayman al-Zawahiri come back as one yente
// result whose datasets name the three lists, whose referents name the
// other two records and whose records carry each list's own id, with the
// record(s) that decided the score in the explanation.
func TestMatchCrossList(t *testing.T) {
	h := &match.Holder{}
	h.Swap(crossListIndex(t))
	e := newEnv(t, func(o *server.Options) { o.Holder = h })
	body := `{"queries": {"q": {"schema": "Person", "properties": {"name": ["Ayman al-Zawahiri"], "birthDate": ["1951-06-19"]}}}}`
	code, b := e.do("POST", "/match/default", casestore.Viewer, body, "Content-Type", "application/json")
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, b)
	}
	var resp struct {
		Responses map[string]struct {
			Results []struct {
				ID          string            `json:"id"`
				Caption     string            `json:"caption"`
				Schema      string            `json:"schema"`
				Properties  map[string][]any  `json:"properties"`
				Datasets    []string          `json:"datasets"`
				Referents   []string          `json:"referents"`
				Target      *bool             `json:"target"`
				Score       float64           `json:"score"`
				Match       bool              `json:"match"`
				Features    map[string]any    `json:"features"`
				Explanation match.Explanation `json:"explanation"`
				Records     []match.Record    `json:"records"`
			} `json:"results"`
		} `json:"responses"`
	}
	decode(t, b, &resp)
	rs := resp.Responses["q"].Results
	if len(rs) == 0 {
		t.Fatalf("no results: %s", b)
	}
	top := rs[0]
	if top.ID != "ofac-2676" || !top.Match || top.Target == nil || top.Features == nil || top.Caption == "" {
		t.Fatalf("first result %s %q (match %v): want ofac-2676 matched, yente-shaped", top.ID, top.Caption, top.Match)
	}
	for _, ds := range []string{"us_ofac_sdn", "un_sc_sanctions", "us_trade_csl"} {
		if !slices.Contains(top.Datasets, ds) {
			t.Errorf("datasets %v lack %s", top.Datasets, ds)
		}
	}
	if !slices.Contains(top.Referents, "us-csl-SDN-2676") || !slices.ContainsFunc(top.Referents, func(r string) bool { return strings.HasPrefix(r, "unsc-") }) {
		t.Errorf("referents %v: want the CSL copy and the UN record", top.Referents)
	}
	if len(top.Records) != 3 || top.Records[0].ID != top.ID {
		t.Errorf("records %+v: want three, the top record first", top.Records)
	}
	for _, r := range top.Records {
		if r.SourceID == "" || r.Dataset == "" || r.Name == "" {
			t.Errorf("record %+v lacks its list, own id or name", r)
		}
	}
	if len(top.Explanation.DecidedBy) == 0 || top.Explanation.DecidedBy[0] != top.ID {
		t.Errorf("explanation.decided_by %v: want the top record first", top.Explanation.DecidedBy)
	}
	// One result per party: no other result is one of the top's records.
	for _, r := range rs[1:] {
		if slices.ContainsFunc(top.Records, func(x match.Record) bool { return x.ID == r.ID }) {
			t.Errorf("%s comes back again as a result of its own", r.ID)
		}
	}
}
