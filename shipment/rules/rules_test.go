package rules

import (
	"os"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/internal/testutil"
)

// TestDefault checks the embedded file: it parses, every rule cites a
// source named in red-flags.md, and the rules the issue asks for are there.
func TestDefault(t *testing.T) {
	s := Default()
	doc, err := os.ReadFile("../../../shared/docs/red-flags.md")
	if err != nil {
		testutil.Skipf(t, "../shared/docs/red-flags.md not found, cannot check citations: %v", err)
	}
	guidance := string(doc)
	cited := map[string]string{
		"FIN-2022-Alert003": "FIN-2022-Alert003", "BIS CHPL": "CHPL", "EU Annex XL": "Annex XL", "tri-seal note 2023": "tri-seal",
		"May 2023 alert": "May 2023 alert", "BIS red-flag indicators": "BIS red-flag indicators", "EU Regulation 833/2014": "833/2014",
		"G7 joint guidance 2024": "G7 joint guidance", "FinCEN/BIS supplemental alert": "supplemental alert",
		"OFAC 50 Percent Rule": "OFAC 50 Percent Rule",
	}
	// The munitions lists are not Russia-evasion guidance and are not in
	// red-flags.md: they are cited, with their public documents, in
	// package goods (MilitaryCategories).
	munitions := map[string]bool{"Wassenaar Arrangement Munitions List ML1-ML22": true, "EU Common Military List": true, "US Munitions List": true}
	kinds := map[string]bool{}
	for _, r := range s.Rules {
		kinds[r.Kind] = true
		for _, src := range strings.Split(r.Source, ";") {
			src = strings.TrimSpace(src)
			src, _, _ = strings.Cut(src, " (")
			if munitions[src] && r.Kind == KindMilitaryItem {
				continue
			}
			key, ok := cited[src]
			if !ok || !strings.Contains(guidance, key) {
				t.Errorf("rule %s cites %q, not found in red-flags.md", r.ID, src)
			}
		}
		if r.Description == "" || r.Doc == "" {
			t.Errorf("rule %s is not documented", r.ID)
		}
	}
	for _, k := range Kinds {
		if !kinds[k] {
			t.Errorf("no default rule of kind %s", k)
		}
	}
	for _, hub := range []string{"AM", "CN", "KZ", "KG", "TR", "AE", "UZ", "HK", "MO", "RS", "GE", "IN"} {
		if !s.Expand([]string{"@hubs"})[hub] {
			t.Errorf("hub %s missing", hub)
		}
	}
}

func TestMerge(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		check   func(t *testing.T, s *Set)
		wantErr string
	}{
		{
			name: "testdata override: weights, hub list, a disabled and a new rule",
			file: "../testdata/override.json",
			check: func(t *testing.T, s *Set) {
				if s.Levels.Medium != 35 || s.Levels.High != 70 {
					t.Errorf("levels %+v", s.Levels)
				}
				if got := s.Countries["hubs"]; len(got) != 7 || got[6] != "MN" {
					t.Errorf("hubs %v", got)
				}
				byID := map[string]Rule{}
				for _, r := range s.Rules {
					byID[r.ID] = r
				}
				if r := byID["destination_russia"]; r.Weight != 80 || r.Source == "" || len(r.Params.Countries) == 0 {
					t.Errorf("destination_russia not merged field by field: %+v", r)
				}
				if !byID["forwarder_consignee"].Disabled || len(byID["forwarder_consignee"].Params.Keywords) == 0 {
					t.Errorf("forwarder_consignee: %+v", byID["forwarder_consignee"])
				}
				if r, ok := byID["hub_mongolia"]; !ok || r.Kind != KindTransshipmentHub {
					t.Errorf("new rule not added: %+v", r)
				}
				if len(s.Rules) != len(Default().Rules)+1 {
					t.Errorf("%d rules", len(s.Rules))
				}
			},
		},
		{name: "syntax error is positioned", file: "inline:{\n  \"levels\": {\"high\": 70,,}\n}", wantErr: "line 2, column"},
		{name: "unknown field", file: `inline:{"rules": [{"id": "chpl_goods", "wieght": 3}]}`, wantErr: "unknown field"},
		{name: "new rule without kind", file: `inline:{"rules": [{"id": "mine", "source": "BIS CHPL", "weight": 3}]}`, wantErr: "unknown kind"},
		{name: "weight out of range", file: `inline:{"rules": [{"id": "chpl_goods", "weight": 300}]}`, wantErr: "outside 0-100"},
		{name: "unknown country set", file: `inline:{"rules": [{"id": "transshipment_hub", "params": {"countries": ["@nowhere"]}}]}`, wantErr: "unknown country set"},
		{name: "bad date", file: `inline:{"rules": [{"id": "new_company_chpl", "params": {"after": "24/02/2022"}}]}`, wantErr: "after"},
		{name: "ownership factor out of range", file: `inline:{"rules": [{"id": "owned_by_listed", "params": {"possible": 1.5}}]}`, wantErr: "factors in 0-1"},
		{name: "levels out of order", file: `inline:{"levels": {"high": 20, "medium": 40}}`, wantErr: "levels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var data []byte
			if in, ok := strings.CutPrefix(tt.file, "inline:"); ok {
				data = []byte(in)
			} else {
				var err error
				if data, err = os.ReadFile(tt.file); err != nil {
					t.Fatal(err)
				}
			}
			s := Default()
			err := s.Merge(data)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, s)
		})
	}
}

func TestLevels(t *testing.T) {
	l := Default().Levels
	for _, tt := range []struct {
		risk float64
		want string
	}{{0, "none"}, {9, "none"}, {10, "low"}, {39, "low"}, {40, "medium"}, {69, "medium"}, {70, "high"}, {100, "high"}} {
		if got := l.Level(tt.risk); got != tt.want {
			t.Errorf("Level(%v) = %s, want %s", tt.risk, got, tt.want)
		}
	}
}

// FuzzMerge: any input either merges into a valid set or fails with an
// error; never a panic, never an invalid set.
func FuzzMerge(f *testing.F) {
	for _, p := range []string{"../testdata/override.json", "default.json"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"rules":[{"id":"x"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := Default()
		if err := s.Merge(data); err != nil {
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("merged set invalid: %v", err)
		}
	})
}
