package match_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/eval"
	"github.com/redline-sanctions/redline/match"
)

// TestChineseRetrieval: the positives of the Chinese sets that are on the
// benchmark lists are found through the whole index (Match, not a pairwise
// Score): the listed record, or a copy of it on another list under the same
// name (the CSL copies SDN rows, the UN list has the SDN's North Korean
// entities), among the matches. Floors on dev rows; the
// held-out rows' figures are logged.
func TestChineseRetrieval(t *testing.T) {
	m := match.ListsMatcher(t)
	o := match.DefaultOptions()
	for _, tc := range []struct {
		set   string
		floor float64
	}{
		{"chinese_transcriptions", 0.85},
		{"chinese_companies", 0.6},
	} {
		t.Run(tc.set, func(t *testing.T) {
			var n, found [2]int // dev, held-out
			for _, r := range readScriptSet(t, tc.set) {
				if !r.label || r.listID == "" || m.Entity(r.listID) == nil {
					continue
				}
				h := 0
				if eval.HeldOut("scripts/"+tc.set, r.query+"|"+r.name) {
					h = 1
				}
				n[h]++
				q := &entity.Entity{Schema: r.schema, Properties: map[string][]string{entity.Name: {r.query}}}
				res, err := m.Match(context.Background(), q, o)
				if err != nil {
					t.Fatal(err)
				}
				hit := false
				for _, x := range res {
					if x.Match && (x.Has(r.listID) || strings.EqualFold(x.Entity.Caption(), r.name)) {
						hit = true
						break
					}
				}
				if hit {
					found[h]++
				} else if h == 0 && testing.Verbose() {
					var top []string
					for i, x := range res {
						if i < 3 {
							top = append(top, fmt.Sprintf("%s %q %.3f", x.Entity.ID, x.Entity.Caption(), x.Score))
						}
					}
					t.Logf("dev miss: %s (want %s %q): %v", r.query, r.listID, r.name, top)
				}
			}
			t.Logf("held-out: listed record matched for %d of %d", found[1], n[1])
			t.Logf("dev:      listed record matched for %d of %d", found[0], n[0])
			if n[0] == 0 || float64(found[0])/float64(n[0]) < tc.floor {
				t.Errorf("dev: %d of %d found, want >= %.2f", found[0], n[0], tc.floor)
			}
		})
	}
}
