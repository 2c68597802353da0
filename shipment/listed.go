package shipment

import (
	"slices"

	"github.com/redline-sanctions/redline/shipment/rules"
)

// ListedParty is a party of a shipment that a flag found listed, or
// blocked by the OFAC 50 Percent Rule, with the list entry that says so.
type ListedParty struct {
	// Role is the party's role (consignee, end_user, shipper, notify).
	Role string
	// How is "listed" (the party matched a listed entity) or the 50%
	// rule standing of the entity it matched ("blocked", "same_as").
	How      string
	Dataset  string
	EntityID string
	Caption  string
	Score    float64
}

// EndUser reports whether the party receives the goods: the consignee or
// the end user.
func (p ListedParty) EndUser() bool {
	return p.Role == string(Consignee) || p.Role == string(EndUser)
}

// Key is "dataset:entity_id" (the entity id alone when the dataset is
// unknown).
func (p ListedParty) Key() string {
	if p.Dataset == "" {
		return p.EntityID
	}
	return p.Dataset + ":" + p.EntityID
}

// ListedParties returns the parties of an assessment that its flags find
// listed (listed_party) or blocked (owned_by_listed with standing
// "blocked" or "same_as"; a party only possibly or partly owned is not),
// once per role and entity, in flag order. kinds maps each rule id to its
// kind (rules.Set). Trade-flow analysis (package flows, the Beam
// pipelines) reads "listed or 50%-owned end user" from it, so that every
// path counts the same parties.
func ListedParties(a *Assessment, kinds map[string]string) []ListedParty {
	var out []ListedParty
	for _, f := range a.Flags {
		var how string
		switch kinds[f.Rule] {
		case rules.KindListedParty:
			how = "listed"
		case rules.KindOwnedByListed:
			if f.Ownership != "blocked" && f.Ownership != "same_as" {
				continue
			}
			how = f.Ownership
		default:
			continue
		}
		if f.EntityID == "" {
			continue
		}
		p := ListedParty{Role: f.Role, How: how, Dataset: f.Dataset, EntityID: f.EntityID, Caption: f.EntityCaption, Score: f.MatchScore}
		if slices.ContainsFunc(out, func(x ListedParty) bool { return x.Role == p.Role && x.Key() == p.Key() }) {
			continue
		}
		out = append(out, p)
	}
	return out
}
