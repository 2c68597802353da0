// Package evidence joins text screening to the case store's evidence
// ledger: it turns what textscreen found in a document into the records
// the ledger keeps (Record), and matches the stored party mentions again
// after a list update (Rematch), so that a party listed after the article
// was read shows up on the article.
package evidence

import (
	"context"
	"fmt"
	"strconv"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/textscreen"
)

// Meta is what the analyst says about a document.
type Meta struct {
	Title     string
	SourceURL string
	// Published is the publication date, YYYY-MM-DD.
	Published string
}

// Entities looks up a listed entity by id; *match.Matcher is one.
type Entities interface {
	Entity(id string) *entity.Entity
}

// Record turns a screening result into the document the ledger stores.
// content is the original bytes that were screened. Only matches at or
// above the threshold (Match set) are kept, each with the version of the
// listed entity (from ents) and of its list (from versions, dataset ->
// version). A match on an entity ents does not know is left out and said
// so in the document's warnings.
func Record(res *textscreen.Result, content []byte, meta Meta, ents Entities, versions map[string]string) casestore.NewDocument {
	d := casestore.NewDocument{
		Title: meta.Title, SourceURL: meta.SourceURL, Published: meta.Published,
		Format: res.Format, Lang: res.Lang, Content: content, SHA256: res.SHA256, Text: res.Text,
		Warnings: append([]string(nil), res.Warnings...),
	}
	for _, p := range res.Parties {
		m := casestore.Mention{Text: p.Text, Span: casestore.Span{Start: p.Start, End: p.End}, Kind: p.Kind, Country: p.Country}
		for _, x := range p.Matches {
			if !x.Match {
				continue
			}
			e := ents.Entity(x.EntityID)
			if e == nil {
				d.Warnings = append(d.Warnings, fmt.Sprintf("match of %q on %s left out: the entity is not in the index", p.Text, x.EntityID))
				continue
			}
			m.Matches = append(m.Matches, casestore.MentionMatch{
				EntityID: x.EntityID, Caption: x.Caption, Dataset: x.Dataset, Score: x.Score,
				EntityHash: casestore.EntityHash(e), ListVersion: versions[x.Dataset],
			})
		}
		d.Mentions = append(d.Mentions, m)
	}
	for _, g := range res.Goods {
		d.Goods = append(d.Goods, casestore.GoodMention{
			Text: g.Text, Span: casestore.Span{Start: g.Start, End: g.End},
			Concern: g.Concern, HSCode: g.HSCode, CHPLTier: g.CHPLTier, Model: g.Model,
		})
	}
	for _, c := range res.Claims {
		d.Claims = append(d.Claims, casestore.Claim{
			Supplier: c.Supplier, Recipient: c.Recipient, Item: c.Item, Quantity: c.Quantity, Date: c.Date,
			Status: c.Status, Source: c.Source, Sentence: casestore.Span{Start: c.Sentence.Start, End: c.Sentence.End},
		})
	}
	return d
}

// Query is the screening query of a stored mention: its text as the name,
// its kind as the schema (LegalEntity when the kind is not a matchable
// schema) and its country.
func Query(m casestore.StoredMention) *entity.Entity {
	schema := m.Kind
	if !entity.Known(schema) || !entity.Matchable(schema) {
		schema = entity.LegalEntity
	}
	q := &entity.Entity{ID: "mention-" + strconv.FormatInt(m.ID, 10), Schema: schema, Properties: map[string][]string{entity.Name: {m.Text}}}
	if m.Country != "" {
		q.Properties[entity.Country] = []string{m.Country}
	}
	return q
}

// Stats counts what Rematch did.
type Stats struct {
	// Mentions were matched again; Hits is how many matches reached the
	// threshold; Created were recorded (new, or on a changed entity);
	// Repeated were already recorded.
	Mentions int `json:"mentions"`
	Hits     int `json:"hits"`
	Created  int `json:"created"`
	Repeated int `json:"repeated"`
}

// Store is the part of the case store Rematch needs.
type Store interface {
	StoredMentions(ctx context.Context, after int64, limit int) ([]casestore.StoredMention, error)
	AddMentionMatches(ctx context.Context, runID int64, ms []casestore.MentionMatch) ([]casestore.Outcome, error)
}

// Rematch matches every stored party mention again with m and records,
// against run runID, the matches that are new or on a listed entity that
// changed, with the version of its list (versions, dataset -> version).
func Rematch(ctx context.Context, st Store, m *match.Matcher, opts match.Options, runID int64, versions map[string]string) (Stats, error) {
	var s Stats
	var after int64
	for {
		ms, err := st.StoredMentions(ctx, after, 500)
		if err != nil {
			return s, fmt.Errorf("evidence: rematch: %w", err)
		}
		if len(ms) == 0 {
			return s, nil
		}
		after = ms[len(ms)-1].ID
		var found []casestore.MentionMatch
		for _, sm := range ms {
			s.Mentions++
			res, err := m.Match(ctx, Query(sm), opts)
			if err != nil {
				return s, fmt.Errorf("evidence: rematch: mention %d: %w", sm.ID, err)
			}
			for _, r := range res {
				if !r.Match {
					continue
				}
				s.Hits++
				found = append(found, casestore.MentionMatch{
					MentionID: sm.ID, EntityID: r.Entity.ID, Caption: r.Entity.Caption(), Dataset: r.Entity.Dataset,
					Score: r.Score, EntityHash: casestore.EntityHash(r.Entity), ListVersion: versions[r.Entity.Dataset],
				})
			}
		}
		if err := ctx.Err(); err != nil {
			return s, fmt.Errorf("evidence: rematch: %w", err)
		}
		if len(found) == 0 {
			continue
		}
		outs, err := st.AddMentionMatches(ctx, runID, found)
		if err != nil {
			return s, fmt.Errorf("evidence: rematch: %w", err)
		}
		for _, o := range outs {
			if o == casestore.Created {
				s.Created++
			} else {
				s.Repeated++
			}
		}
	}
}
