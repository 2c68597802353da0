package shipment

import (
	"context"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
)

// Matcher screens parties with the screening engine: each party becomes a
// LegalEntity query of its name and country.
type Matcher struct {
	M    *match.Matcher
	Opts match.Options
}

// ScreenParty implements PartyScreener.
func (m Matcher) ScreenParty(ctx context.Context, name, country string) ([]Hit, error) {
	q := &entity.Entity{Schema: entity.LegalEntity, Properties: map[string][]string{entity.Name: {name}}}
	if country != "" && len(country) == 2 {
		q.Properties[entity.Country] = []string{country}
	}
	rs, err := m.M.Match(ctx, q, m.Opts)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	hits := make([]Hit, 0, len(rs))
	for _, r := range rs {
		h := Hit{EntityID: r.Entity.ID, Caption: r.Entity.Caption(), Dataset: r.Entity.Dataset, Datasets: r.Entity.Datasets, Score: r.Score, Matched: r.Explanation.MatchedName}
		hits = append(hits, h)
	}
	return hits, nil
}
