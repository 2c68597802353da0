package ownership

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/redline-sanctions/redline/entity"
)

// merged is an OpenSanctions-style company that belongs to several
// datasets, the first its primary one.
func merged(id string, datasets ...string) *entity.Entity {
	e := company(id, "")
	e.SetDatasets(datasets...)
	return e
}

// dated sets a Sanction's start and end dates.
func dated(e *entity.Entity, start, end string) *entity.Entity {
	e.Add(entity.StartDate, start)
	e.Add(entity.EndDate, end)
	return e
}

// TestDatasetDesignations checks that a party is designated by every one of
// its datasets that a blocking list covers, and that a Sanction of the same
// list, being dated, takes the place of that undated designation.
func TestDatasetDesignations(t *testing.T) {
	csl := func(id, sublist string) *entity.Entity {
		e := company(id, "us_trade_csl")
		e.Sublist = sublist
		return e
	}
	tests := []struct {
		name     string
		opts     Options
		input    []*entity.Entity
		listed   map[string][]Designation // designations of each listed party
		blocked  []string                 // unlisted parties blocked by the rule
		possible []string
	}{
		{
			name:  "SDN as second dataset",
			input: []*entity.Entity{merged("P", "gb_coh_disqualified", "us_ofac_sdn"), company("A", "ext_ru_egrul"), own("P", "A", "50", "")},
			listed: map[string][]Designation{
				"P": {{Dataset: "us_ofac_sdn"}},
			},
			blocked: []string{"A"},
		},
		{
			name: "programs of a merged entity not kept",
			input: []*entity.Entity{func() *entity.Entity {
				e := merged("P", "us_ofac_sdn", "eu_fsf")
				e.Add(entity.Program, "EU-UKR")
				return e
			}()},
			listed: map[string][]Designation{
				"P": {{Dataset: "us_ofac_sdn"}},
			},
		},
		{
			name:  "not on a blocking list",
			input: []*entity.Entity{merged("P", "gb_coh_disqualified", "ua_nsdc_sanctions"), company("A", "ext_ru_egrul"), own("P", "A", "100", "")},
		},
		{
			name:  "EU rule reads eu_fsf among the datasets",
			opts:  EUOptions(),
			input: []*entity.Entity{merged("P", "mc_fund_freezes", "us_ofac_sdn", "eu_fsf"), company("A", "ext_ru_egrul"), company("B", "ext_ru_egrul"), own("P", "A", "51", ""), own("P", "B", "50", "")},
			listed: map[string][]Designation{
				"P": {{Dataset: "eu_fsf"}},
			},
			blocked:  []string{"A"},
			possible: nil,
		},
		{
			name: "one designation per dataset",
			opts: Options{Blocking: []List{{Dataset: "us_ofac_sdn"}, {Dataset: "eu_fsf"}}},
			input: []*entity.Entity{
				merged("P", "us_ofac_sdn", "eu_fsf", "us_ofac_sdn"),
				merged("P", "eu_fsf", "us_ofac_sdn"), // the same party read again
			},
			listed: map[string][]Designation{
				"P": {{Dataset: "us_ofac_sdn"}, {Dataset: "eu_fsf"}},
			},
		},
		{
			name: "a sublist needs the primary dataset",
			input: []*entity.Entity{
				csl("C1", "Specially Designated Nationals (SDN) - Treasury Department"),
				func() *entity.Entity {
					e := merged("C2", "ext_ru_egrul", "us_trade_csl")
					e.Sublist = "Specially Designated Nationals (SDN) - Treasury Department"
					return e
				}(),
				merged("C3", "us_trade_csl", "ext_ru_egrul"),
			},
			listed: map[string][]Designation{
				"C1": {{Dataset: "us_trade_csl", Sublist: "Specially Designated Nationals (SDN) - Treasury Department"}},
			},
		},
		{
			name: "a Sanction of the list replaces the dataset designation",
			input: []*entity.Entity{
				merged("P", "ext_ru_egrul", "us_ofac_sdn", "eu_fsf"),
				sanction("P", "us_ofac_sdn"),
			},
			listed: map[string][]Designation{
				"P": {{Dataset: "us_ofac_sdn", Program: []string{"RUSSIA-EO14024"}, Authority: "Office of Foreign Assets Control", Sanction: "sanction-us_ofac_sdn-P"}},
			},
		},
		{
			name: "a Sanction not yet in force undoes the dataset designation",
			opts: Options{AsOf: date("2023-06-01"), Blocking: []List{{Dataset: "ua_nsdc_sanctions"}}},
			input: []*entity.Entity{
				merged("P", "ext_ru_egrul", "ua_nsdc_sanctions"),
				company("A", "ext_ru_egrul"),
				own("P", "A", "100", ""),
				dated(sanction("P", "ua_nsdc_sanctions"), "2023-07-01", "2033-07-01"),
			},
		},
		{
			name: "an ended Sanction undoes it, a current one of the list designates",
			opts: Options{AsOf: date("2025-01-01"), Blocking: []List{{Dataset: "ua_nsdc_sanctions"}}},
			input: []*entity.Entity{
				merged("P", "ext_ru_egrul", "ua_nsdc_sanctions"),
				dated(sanction("P", "ua_nsdc_sanctions"), "2021-10-30", "2024-10-30"),
				func() *entity.Entity {
					e := dated(sanction("P", "ua_nsdc_sanctions"), "2024-11-12", "2034-11-12")
					e.ID += "-2"
					return e
				}(),
			},
			listed: map[string][]Designation{
				"P": {{Dataset: "ua_nsdc_sanctions", Program: []string{"RUSSIA-EO14024"}, Authority: "Office of Foreign Assets Control", Sanction: "sanction-ua_nsdc_sanctions-P-2"}},
			},
		},
		{
			name: "a Sanction of another list leaves it",
			input: []*entity.Entity{
				merged("P", "ext_ru_egrul", "us_ofac_sdn", "ua_nsdc_sanctions"),
				dated(sanction("P", "ua_nsdc_sanctions"), "2030-01-01", ""),
			},
			listed: map[string][]Designation{
				"P": {{Dataset: "us_ofac_sdn"}},
			},
		},
		{
			name: "a Sanction of several datasets",
			input: []*entity.Entity{
				company("P", "ext_ru_egrul"),
				func() *entity.Entity {
					e := sanction("P", "")
					e.SetDatasets("gb_fcdo_sanctions", "us_ofac_sdn")
					return e
				}(),
			},
			listed: map[string][]Designation{
				"P": {{Dataset: "us_ofac_sdn", Program: []string{"RUSSIA-EO14024"}, Authority: "Office of Foreign Assets Control", Sanction: "sanction--P"}},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := Build(context.Background(), seq(tc.input...), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			listed := map[string][]Designation{}
			for _, nd := range g.nodes {
				if len(nd.designations) > 0 {
					listed[nd.id] = nd.designations
				}
			}
			if len(tc.listed) == 0 {
				tc.listed = map[string][]Designation{}
			}
			if diff := cmp.Diff(tc.listed, listed); diff != "" {
				t.Errorf("designations (-want +got):\n%s", diff)
			}
			if g.Stats().Listed != len(tc.listed) {
				t.Errorf("Stats.Listed %d, want %d", g.Stats().Listed, len(tc.listed))
			}
			var blocked, possible []string
			for _, r := range g.AllBlocked() {
				blocked = append(blocked, r.ID)
			}
			for _, r := range g.AllPossible() {
				possible = append(possible, r.ID)
			}
			if diff := cmp.Diff(tc.blocked, blocked); diff != "" {
				t.Errorf("blocked (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.possible, possible); diff != "" {
				t.Errorf("possible (-want +got):\n%s", diff)
			}
		})
	}
}
