package match_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
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
			f, err := os.Open(filepath.Join("..", "eval", "scripts", tc.set+".csv"))
			if err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(f).ReadAll()
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			var n, found [2]int // dev, held-out
			for _, r := range rows[1:] {
				if r[4] != "1" || r[3] == "" || m.Entity(r[3]) == nil {
					continue
				}
				h := 0
				if eval.HeldOut("scripts/"+tc.set, r[0]+"|"+r[2]) {
					h = 1
				}
				n[h]++
				q := &entity.Entity{Schema: r[1], Properties: map[string][]string{entity.Name: {r[0]}}}
				res := m.Match(context.Background(), q, o)
				hit := false
				for _, x := range res {
					if x.Match && (x.Entity.ID == r[3] || strings.EqualFold(x.Entity.Caption(), r[2])) {
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
					t.Logf("dev miss: %s (want %s %q): %v", r[0], r[3], r[2], top)
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
