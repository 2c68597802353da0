package alerts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"github.com/redline-sanctions/redline/internal/fold"
	"slices"
	"strings"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/shipment"
)

// Flagged reports whether a shipment's risk level raises an alert: high or
// medium.
func Flagged(level string) bool { return level == "high" || level == "medium" }

// ShipmentAlert returns the alert of kind shipment of an assessed shipment,
// and false when its level is below medium. See casestore.KindShipment for
// what each field holds; for example, shipment S-17 from Shenzhen Hua
// Tong to OOO Vector (RU), risk 87, flagged by listed_party and
// chpl_goods, gives
//
//	PartyKey      shipment:S-17|3f9a…   (id and a digest of the record)
//	PartyName     S-17
//	EntityID      rules:chpl_goods,listed_party
//	EntityCaption Shenzhen Hua Tong → OOO Vector
//	Score         0.87
func ShipmentAlert(a *shipment.Assessment) (casestore.Alert, bool) {
	if !Flagged(a.Level) {
		return casestore.Alert{}, false
	}
	var s shipment.Shipment
	if a.Shipment != nil {
		s = *a.Shipment
	}
	s.ID, s.Line = a.ShipmentID, 0
	content, _ := json.Marshal(s) // the shipment wherever it stands in its file
	s.Line = a.Line
	party, _ := json.Marshal(s)

	var ruleIDs, datasets, names []string
	flags := make([]string, 0, len(a.Flags))
	for _, f := range a.Flags {
		ruleIDs = append(ruleIDs, f.Rule)
		if f.Dataset != "" {
			datasets = append(datasets, f.Dataset)
		}
		// What the verdict rests on, not its wording or weights: the
		// same shipment with the same flags is the same alert.
		flags = append(flags, strings.Join([]string{f.Rule, f.Role, f.Party, f.Country, f.EntityID, f.Dataset, f.Ownership, f.HSCode, f.Tier, f.Concern}, "\x1f"))
	}
	slices.Sort(ruleIDs)
	slices.Sort(datasets)
	slices.Sort(flags)
	for _, p := range s.Parties {
		if p.Name != "" && !slices.Contains(names, p.Name) {
			names = append(names, p.Name)
		}
	}
	expl, _ := json.Marshal(shipment.RecordOf(a))
	return casestore.Alert{
		Kind:          casestore.KindShipment,
		PartyKey:      "shipment:" + a.ShipmentID + "|" + digest(content),
		PartyName:     a.ShipmentID,
		Party:         party,
		EntityID:      "rules:" + strings.Join(slices.Compact(ruleIDs), ","),
		EntityCaption: strings.Join(names, " → "),
		EntityHash:    digest([]byte(a.Level + "\x1e" + strings.Join(flags, "\x1e"))),
		Dataset:       strings.Join(slices.Compact(datasets), ", "),
		Score:         float64(a.Risk) / 100,
		Explanation:   expl,
	}, true
}

// digest is the hex of the first 16 bytes of the SHA-256 of b.
func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// Matcher matches a party again to explain a hit; *match.Matcher is one.
type Matcher interface {
	Entities
	Match(ctx context.Context, q *entity.Entity, o match.Options) ([]match.Result, error)
}

// Shipments records the alerts of a shipment run: for each assessment
// (Add), an alert of kind shipment when it is flagged (ShipmentAlert), and
// an alert of kind party for each party the listed_party rule matched,
// once per party and listed entity in the run.
type Shipments struct {
	Rec *Recorder
	// M holds the entities screened against (the shipment engine's
	// matcher); it gives the version hash of each matched entity and
	// explains the match. Without it no party alerts are made.
	M Matcher

	seen    map[string]bool
	flagged int
}

// Flagged returns the number of flagged shipments added so far.
func (s *Shipments) Flagged() int { return s.flagged }

// Add records one assessed shipment.
func (s *Shipments) Add(ctx context.Context, a *shipment.Assessment) error {
	s.Rec.Screened(1)
	var as []casestore.Alert
	if al, ok := ShipmentAlert(a); ok {
		s.flagged++
		as = append(as, al)
	}
	if s.M != nil {
		for _, f := range a.Flags {
			if f.EntityID == "" || f.MatchScore == 0 || f.Party == "" { // only listed_party flags carry a match score
				continue
			}
			pa, ok, err := s.partyAlert(ctx, a, f)
			if err != nil {
				return err
			}
			if ok {
				as = append(as, pa)
			}
		}
	}
	return s.Rec.Add(ctx, as...)
}

// partyAlert returns the party alert of a listed_party flag, false when the
// run has one for the party and entity already or the entity is gone.
func (s *Shipments) partyAlert(ctx context.Context, a *shipment.Assessment, f shipment.Flag) (casestore.Alert, bool, error) {
	key := "party:" + fold.Lower(f.Party) + "|" + f.Country
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if s.seen[key+"\x00"+f.EntityID] {
		return casestore.Alert{}, false, nil
	}
	s.seen[key+"\x00"+f.EntityID] = true
	e := s.M.Entity(f.EntityID)
	if e == nil {
		s.Rec.stats.Hits++ // counted, not alerted: the entity left the index
		return casestore.Alert{}, false, nil
	}
	// The engine keeps the score, not the explanation: the party is
	// matched again, as the engine matched it (shipment.Matcher).
	q := &entity.Entity{Schema: entity.LegalEntity, Properties: map[string][]string{entity.Name: {f.Party}}}
	if len(f.Country) == 2 {
		q.Properties[entity.Country] = []string{f.Country}
	}
	score := f.MatchScore
	ex := match.Explanation{QueryName: f.Party, MatchedName: f.EntityCaption,
		Features: []match.Feature{{Name: "shipment", Value: f.Evidence}}}
	rs, err := s.M.Match(ctx, q, match.DefaultOptions())
	if err != nil {
		return casestore.Alert{}, false, err
	}
	for _, r := range rs {
		if r.Entity.ID == f.EntityID {
			score, ex = r.Score, r.Explanation
			break
		}
	}
	party := map[string]any{"name": f.Party, "role": f.Role, "shipment": a.ShipmentID, "line": a.Line}
	if f.Country != "" {
		party["country"] = f.Country
	}
	if a.Shipment != nil {
		for _, p := range a.Shipment.Parties {
			if p.Name == f.Party && string(p.Role) == f.Role && p.Address != "" {
				party["address"] = p.Address
			}
		}
	}
	pj, _ := json.Marshal(party)
	ej, _ := json.Marshal(ex)
	return casestore.Alert{
		Kind: casestore.KindParty, PartyKey: key, PartyName: f.Party, Party: pj,
		EntityID: f.EntityID, EntityCaption: f.EntityCaption, EntityHash: casestore.EntityHash(e),
		Dataset: f.Dataset, Score: score, Explanation: ej,
	}, true, nil
}
