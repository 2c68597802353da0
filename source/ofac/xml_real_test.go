package ofac

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/source/sourcetest"
)

// TestXMLRealSample reads the extract of the official SDN XML of
// 2020-04-22 (8 entries).
func TestXMLRealSample(t *testing.T) {
	sourcetest.NeedData(t, dataDir)
	path := filepath.Join(dataDir, "sample_ofac_sdn_xml_2020-04-22.xml")
	byID, all, rep, err := readAll(t, XMLReader{}, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("records %d, entities %d, names %d, links %d, skipped %d, warnings %d, schemas %v, version %s",
		rep.Records, rep.Entities, rep.Names, rep.Links, rep.Skipped, rep.Warnings(), rep.Schemas, rep.Version)
	for _, p := range rep.Problems {
		t.Log(p)
	}
	if rep.Records != 8 || rep.Skipped != 0 || rep.Schemas[entity.Person] != 6 || rep.Schemas[entity.Organisation] != 2 {
		t.Errorf("records %d skipped %d schemas %v; want 8 entries, 0 skipped, 6 Person, 2 Organization", rep.Records, rep.Skipped, rep.Schemas)
	}
	if rep.Version != "2020-04-22" {
		t.Errorf("version %q, want 2020-04-22", rep.Version)
	}
	e := byID["ofac-10689"]
	if e == nil {
		t.Fatal("no ofac-10689")
	}
	for prop, want := range map[string]string{
		entity.Name: "SAEED, Muhammad", entity.BirthDate: "1950-06-05", entity.Nationality: "pk",
		entity.PassportNumber: "BE5978421", entity.IDNumber: "23250460642", entity.WeakAlias: "HAFIZ SAHIB",
		entity.Alias: "SAEED, Hafiz", entity.BirthPlace: "Sargodha, Punjab, Pakistan", entity.Program: "SDGT",
	} {
		if !slices.Contains(e.Get(prop), want) {
			t.Errorf("ofac-10689 %s = %q, want it to hold %q", prop, e.Get(prop), want)
		}
	}
	// "(Linked To: SUMIYOSHI-KAI)" names no entry of the extract: a note.
	if !slices.Contains(byID["ofac-15496"].Get(entity.Notes), "Linked To: SUMIYOSHI-KAI") {
		t.Errorf("ofac-15496 notes %q, want the unresolved link kept", byID["ofac-15496"].Get(entity.Notes))
	}
	checkRoundTrip(t, all)
}
