package lists

import (
	"context"
	"iter"
	"sort"

	"github.com/redline-sanctions/redline/entity"
)

// DiffSummary counts the differences between two versions of a list.
type DiffSummary struct {
	Added     int `json:"added"`
	Removed   int `json:"removed"`
	Changed   int `json:"changed"`
	Unchanged int `json:"unchanged"`
}

// Change is one entity present in both versions with different values.
type Change struct {
	ID      string `json:"id"`
	Schema  string `json:"schema"`
	Caption string `json:"caption"`
	// Props are the properties whose values differ, sorted; "schema" and
	// "datasets" (entity.DatasetsField) when those differ.
	Props []string `json:"properties"`
	// Old and New hold the values of the changed properties.
	Old map[string][]string `json:"old"`
	New map[string][]string `json:"new"`
}

// Diff is the full difference between two versions of a list.
type Diff struct {
	Summary DiffSummary      `json:"summary"`
	Added   []*entity.Entity `json:"added"`
	Removed []*entity.Entity `json:"removed"`
	Changed []Change         `json:"changed"`
}

// Compare returns the difference from the entities of old to those of new.
// Entities are matched by ID. The old side is held in memory; the new side
// streams. Added, Removed and Changed are sorted by ID.
func Compare(ctx context.Context, old, new iter.Seq2[*entity.Entity, error]) (*Diff, error) {
	prev := map[string]*entity.Entity{}
	for e, err := range old {
		if err != nil {
			return nil, err
		}
		prev[e.ID] = e
	}
	d := &Diff{}
	seen := make(map[string]bool, len(prev))
	for e, err := range new {
		if err != nil {
			return nil, err
		}
		seen[e.ID] = true
		p, ok := prev[e.ID]
		if !ok {
			d.Added = append(d.Added, e)
			continue
		}
		props := entity.ChangedProps(p, e)
		if p.Schema != e.Schema {
			props = append([]string{"schema"}, props...)
		}
		if len(props) == 0 {
			d.Summary.Unchanged++
			continue
		}
		c := Change{ID: e.ID, Schema: e.Schema, Caption: e.Caption(), Props: props,
			Old: map[string][]string{}, New: map[string][]string{}}
		for _, k := range props {
			if k == "schema" {
				c.Old[k], c.New[k] = []string{p.Schema}, []string{e.Schema}
				continue
			}
			if k == entity.DatasetsField {
				c.Old[k], c.New[k] = p.AllDatasets(), e.AllDatasets()
				continue
			}
			c.Old[k], c.New[k] = p.Properties[k], e.Properties[k]
		}
		d.Changed = append(d.Changed, c)
	}
	for id, e := range prev {
		if !seen[id] {
			d.Removed = append(d.Removed, e)
		}
	}
	sort.Slice(d.Added, func(i, j int) bool { return d.Added[i].ID < d.Added[j].ID })
	sort.Slice(d.Removed, func(i, j int) bool { return d.Removed[i].ID < d.Removed[j].ID })
	sort.Slice(d.Changed, func(i, j int) bool { return d.Changed[i].ID < d.Changed[j].ID })
	d.Summary.Added, d.Summary.Removed, d.Summary.Changed = len(d.Added), len(d.Removed), len(d.Changed)
	return d, ctx.Err()
}

// DiffSummaryOf counts the differences between two versions.
func DiffSummaryOf(ctx context.Context, old, new iter.Seq2[*entity.Entity, error]) (DiffSummary, error) {
	d, err := Compare(ctx, old, new)
	if err != nil {
		return DiffSummary{}, err
	}
	return d.Summary, nil
}
