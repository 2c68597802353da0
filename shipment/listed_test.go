package shipment

import (
	"slices"
	"testing"

	"github.com/redline-sanctions/redline/shipment/rules"
)

func TestListedParties(t *testing.T) {
	kinds := map[string]string{"listed_party": rules.KindListedParty, "owned_by_listed": rules.KindOwnedByListed, "destination_russia": "destination"}
	a := &Assessment{Flags: []Flag{
		{Rule: "listed_party", Role: "consignee", Dataset: "us_ofac_sdn", EntityID: "ofac-1", EntityCaption: "A"},
		{Rule: "listed_party", Role: "consignee", Dataset: "us_ofac_sdn", EntityID: "ofac-1"}, // the same again
		{Rule: "listed_party", Role: "shipper", Dataset: "eu_fsf", EntityID: "eu-2"},
		{Rule: "owned_by_listed", Role: "end_user", Dataset: "test", EntityID: "co-3", Ownership: "blocked"},
		{Rule: "owned_by_listed", Role: "end_user", Dataset: "test", EntityID: "co-4", Ownership: "possible"},
		{Rule: "owned_by_listed", Role: "notify", EntityID: "co-5", Ownership: "same_as"},
		{Rule: "destination_russia", Role: "consignee"},
		{Rule: "listed_party", Role: "consignee"}, // no entity
	}}
	var got []string
	for _, p := range ListedParties(a, kinds) {
		got = append(got, p.Role+" "+p.How+" "+p.Key()+" "+map[bool]string{true: "end user", false: "other"}[p.EndUser()])
	}
	want := []string{
		"consignee listed us_ofac_sdn:ofac-1 end user",
		"shipper listed eu_fsf:eu-2 other",
		"end_user blocked test:co-3 end user",
		"notify same_as co-5 other",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
