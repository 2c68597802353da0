package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/ownership"
)

// importZala imports the real ZALA Aero network (FtM, with Ownership and
// Sanction entities) into a fresh data folder.
func importZala(t *testing.T) (*app, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	if _, err := os.Stat(sharedData); err != nil {
		testutil.Skipf(t, "reference data not found at %s (%v): skipping", sharedData, err)
	}
	var out, errs bytes.Buffer
	a := &app{dataDir: t.TempDir(), stdout: &out, stderr: &errs}
	path := filepath.Join(sharedData, "lists", "opensanctions", "yente_fixtures", "zala_entities.ftm.json")
	if err := runListsImport(context.Background(), a, []string{path}); err != nil {
		t.Fatalf("lists import: %v\n%s", err, errs.String())
	}
	out.Reset()
	errs.Reset()
	return a, &out, &errs
}

func TestOwnershipCommand(t *testing.T) {
	a, stdout, _ := importZala(t)
	ctx := context.Background()

	// --all on 2021-06-01: the SDN Aleksandr Zakharov then held 75% of
	// OOO "SPS", which is on no list.
	if err := runOwnership(ctx, a, []string{"--all", "--as-of", "2021-06-01", "--format", "json"}); err != nil {
		t.Fatal(err)
	}
	var all struct {
		Stats   ownership.Stats
		Blocked []ownership.Result
	}
	if err := json.Unmarshal(stdout.Bytes(), &all); err != nil {
		t.Fatalf("--all json: %v\n%s", err, stdout)
	}
	if len(all.Blocked) != 1 || all.Blocked[0].ID != "NK-9Xa4Kg7Y7nfccE7VcZt6Q6" || all.Blocked[0].Share != 75 || all.Stats.Links != 14 {
		t.Errorf("--all: %+v", all)
	}
	stdout.Reset()

	tests := []struct {
		name string
		args []string
		want []string // substrings of the table output
	}{
		{"by id", []string{"--as-of", "2026-01-15", "NK-abdzbEBkqyT29GyREbiURZ"},
			[]string{"BLOCKED by the rule", "listed:   us_ofac_sdn [RUSSIA-EO14024]", "share:    100%", "--51%-->", "JSC NPO IZHMASH (us_ofac_sdn) --at least 49%-->", "control by blocked persons", "owners (up):", "JSC NPO IZHMASH"}},
		{"by exact name, any case", []string{"--as-of", "2026-01-15", "zala aero jsc"},
			[]string{"ZALA AERO JSC", "NOT BLOCKED", "listed:   no", "(ended 2024-06-24)"}},
		{"by name through the screening engine", []string{"--depth", "0", "Zala Aero Grup"},
			[]string{`matches "Groupe Zala Aero"`, "NK-abdzbEBkqyT29GyREbiURZ"}},
		{"possible on a day with no percentage", []string{"--as-of", "2024-04-01", "NK-cPks3aTbes8k4aCerfBAzN"},
			[]string{"POSSIBLY BLOCKED", "at most 100%"}},
		{"EU rule", []string{"--rule", "eu", "--as-of", "2026-01-15", "NK-abdzbEBkqyT29GyREbiURZ"},
			[]string{"more than 50%", "listed:   eu_fsf", "BLOCKED by the rule"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdout.Reset()
			if err := runOwnership(ctx, a, tc.args); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, stdout)
				}
			}
		})
	}

	// With the full SDN list of January 2023 imported too, Izhmash (EGRUL
	// OGRN 1111832003018) meets its SDN entry KALASHNIKOV CONCERN
	// (ofac-16911, Registration Number 1111832003018) as its twin. Izhmash
	// is on the SDN list by its own datasets already, so its 49% of TsST
	// counts (51% + 49%) without the twin's designation.
	t.Run("SDN twin by registry identifier", func(t *testing.T) {
		sdn := filepath.Join(sharedData, "lists", "ofac", "sdn-2023-01-resaved-nonofficial")
		if err := runListsImport(ctx, a, []string{sdn}); err != nil {
			t.Fatal(err)
		}
		stdout.Reset()
		if err := runOwnership(ctx, a, []string{"--as-of", "2026-01-15", "--depth", "0", "NK-abdzbEBkqyT29GyREbiURZ"}); err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"share:    100%", "JSC NPO IZHMASH (us_ofac_sdn) --at least 49%-->"} {
			if !strings.Contains(stdout.String(), w) {
				t.Errorf("output lacks %q:\n%s", w, stdout)
			}
		}
		stdout.Reset()
		if err := runOwnership(ctx, a, []string{"--depth", "1", "ofac-16911"}); err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"same as:  JSC NPO IZHMASH (NK-nR5AXM9AVPq4pQaSPSaVam, mc_fund_freezes)"} {
			if !strings.Contains(stdout.String(), w) {
				t.Errorf("output lacks %q:\n%s", w, stdout)
			}
		}
	})

	var u usageError
	for _, args := range [][]string{{}, {"--rule", "un", "x"}, {"--as-of", "yesterday", "x"}, {"--format", "xml", "x"}} {
		if err := runOwnership(ctx, a, args); !errors.As(err, &u) {
			t.Errorf("ownership %q: %v, want a usage error", args, err)
		}
	}
	if err := runOwnership(ctx, a, []string{"Nobody Whatsoever Ltd"}); err == nil || errors.As(err, &u) {
		t.Errorf("unknown party: %v, want a plain error", err)
	}
}
