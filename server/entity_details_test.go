package server

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/redline-sanctions/redline/internal/testutil"
	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/match"
)

// TestListingsOFAC reads the real OFAC SDN sample: every party gets one
// listing with its programmes and no invented date (OFAC's SDN file gives
// none), and its countries are shown by name.
func TestListingsOFAC(t *testing.T) {
	path := "../../shared/data/lists/ofac/sample_ofac_sdn_xml_2020-04-22.xml"
	ctx := context.Background()
	st, err := lists.Open(filepath.Join(t.TempDir(), "lists"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := st.Import(ctx, []string{path}, lists.ImportOptions{})
	if err != nil {
		testutil.Skipf(t, "OFAC sample not readable at %s: %v", path, err)
	}
	if len(res) != 1 || res[0].Status != lists.StatusCurrent {
		t.Fatalf("import: %+v", res)
	}
	m, err := match.Build(ctx, st.Entities(ctx))
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{}
	hits, err := m.Search(ctx, "Muhammad SAEED", match.Options{Limit: 1})
	if err != nil || len(hits) == 0 {
		t.Fatalf("search: %v, %d results", err, len(hits))
	}
	d, ok := s.entityDetail(m, hits[0].Entity.ID)
	if !ok {
		t.Fatal("no entity for Muhammad SAEED")
	}
	got := listingsOf(d)
	if len(got) != 1 || !slices.Equal(got[0].Programs, []string{"SDGT"}) || len(got[0].Dates) != 0 || got[0].List != "us_ofac_sdn" {
		t.Errorf("listings = %+v, want one us_ofac_sdn listing under SDGT without a date", got)
	}
	for _, p := range []string{"nationality", "country"} {
		vals := detailValues(m, d.ID, p, d.Properties[p])
		if !slices.Contains(vals, valueView{Text: "Pakistan (PK)"}) {
			t.Errorf("%s shown as %+v, want Pakistan (PK)", p, vals)
		}
	}
}

// TestLabel: FtM property names as the pages label them, abbreviations
// in capitals.
func TestLabel(t *testing.T) {
	tests := []struct{ prop, want string }{
		{"birthDate", "Birth date"},
		{"innCode", "INN code"},
		{"ogrnCode", "OGRN code"},
		{"unscId", "UN SC ID"},
		{"sourceUrl", "Source URL"},
		{"idNumber", "ID number"},
		{"uniqueEntityId", "Unique entity ID"},
		{"id", "ID"},
		{"name", "Name"},
		{"end user", "End user"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := label(tt.prop); got != tt.want {
			t.Errorf("label(%q) = %q, want %q", tt.prop, got, tt.want)
		}
	}
}
