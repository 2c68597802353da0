package main

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/ownership"
	"github.com/redline-sanctions/redline/source/ftm"
)

// runOwnership traces who owns an entity and whether the 50% rule blocks
// it.
func runOwnership(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "ownership")
	format := fs.String("format", "table", "output format: table or json")
	rule := fs.String("rule", "ofac", "ofac (SDN, 50% or more) or eu (EU FSF, more than 50%)")
	asOf := fs.String("as-of", "", "judge ownerships on this day, YYYY-MM-DD (default today)")
	depth := fs.Int("depth", 3, "levels of owners and holdings to print")
	all := fs.Bool("all", false, "list every unlisted entity the rule blocks (no ENTITY needed)")
	var blocking, topics, files stringList
	fs.Var(&blocking, "blocking", "a list whose parties are blocked persons, DATASET or DATASET:SUBLIST (repeatable; replaces the rule's lists)")
	fs.Var(&topics, "topic", "also treat parties with this FtM topic as blocked persons, e.g. sanction (repeatable)")
	fs.Var(&files, "file", "read this FtM JSON lines file instead of the imported lists (repeatable)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: redline ownership [flags] ENTITY_ID|NAME\n       redline ownership --all [flags]")
		fs.PrintDefaults()
	}
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := checkFormat(*format, "table", "json"); err != nil {
		return err
	}
	query := strings.Join(rest, " ")
	if query == "" && !*all {
		return usagef("ownership: give an entity id or name, or --all")
	}
	if *depth < 0 {
		return usagef("ownership: --depth %d: want 0 or more", *depth)
	}
	var opts ownership.Options
	switch *rule {
	case "ofac":
		opts = ownership.OFACOptions()
	case "eu":
		opts = ownership.EUOptions()
	default:
		return usagef("ownership: --rule %q: want ofac or eu", *rule)
	}
	if len(blocking) > 0 {
		opts.Blocking = nil
		for _, b := range blocking {
			ds, sub, _ := strings.Cut(b, ":")
			if ds == "" {
				return usagef("ownership: --blocking %q: want DATASET or DATASET:SUBLIST", b)
			}
			opts.Blocking = append(opts.Blocking, ownership.List{Dataset: ds, Sublist: sub})
		}
	}
	opts.Topics = topics
	if *asOf != "" {
		d, err := time.Parse("2006-01-02", *asOf)
		if err != nil {
			return usagef("ownership: --as-of %q: want YYYY-MM-DD", *asOf)
		}
		opts.AsOf = d
	}

	entities, err := ownershipEntities(ctx, a, files)
	if err != nil {
		return err
	}
	g, err := ownership.Build(ctx, entities, opts)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if *all {
		if *format == "json" {
			return writeJSON(a.stdout, rawHTML, g.AllBlockedReport())
		}
		ownership.WriteAllBlocked(a.stdout, g)
		return nil
	}
	ids, how, err := resolveParty(ctx, a, g, query, len(files) > 0)
	if err != nil {
		return err
	}
	if *format == "json" {
		out := make([]ownership.Report, 0, len(ids))
		for _, id := range ids {
			out = append(out, g.Report(id, *depth))
		}
		return writeJSON(a.stdout, rawHTML, out)
	}
	if how != "" {
		fmt.Fprintln(a.stdout, how)
	}
	for i, id := range ids {
		if i > 0 {
			fmt.Fprintln(a.stdout)
		}
		ownership.WriteReport(a.stdout, g, id, *depth)
	}
	if n := g.Stats().Problems; n > 0 {
		fmt.Fprintf(a.stderr, "redline ownership: %d problems in the ownership data; `redline ownership --all` lists them\n", n)
	}
	return nil
}

// ownershipEntities streams the entities of files, or of the imported lists
// when files is empty.
func ownershipEntities(ctx context.Context, a *app, files []string) (iter.Seq2[*entity.Entity, error], error) {
	if len(files) == 0 {
		st, err := openLists(a)
		if err != nil {
			return nil, err
		}
		ds, err := st.Datasets()
		if err != nil {
			return nil, err
		}
		if len(ds) == 0 {
			return nil, fmt.Errorf("no list imported in %s: run `redline lists import` first, or give --file", st.Dir())
		}
		return st.Entities(ctx), nil
	}
	var es []*entity.Entity
	for _, f := range files {
		rep, err := ftm.Reader{}.Read(ctx, f, func(e *entity.Entity) error {
			es = append(es, e)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("ownership: %w", err)
		}
		if rep.Skipped > 0 {
			fmt.Fprintf(a.stderr, "redline ownership: %s: %d records skipped\n", f, rep.Skipped)
		}
	}
	return func(yield func(*entity.Entity, error) bool) {
		for _, e := range es {
			if !yield(e, nil) {
				return
			}
		}
	}, nil
}

// resolveParty finds the parties an id or name names: the id itself, the
// parties with that exact name (any case), or else the best match of the
// screening engine over the imported lists. how says which, for the
// reader.
func resolveParty(ctx context.Context, a *app, g *ownership.Graph, q string, fromFiles bool) (ids []string, how string, err error) {
	if ids := g.Find(q); len(ids) > 0 {
		if len(ids) > 1 {
			how = fmt.Sprintf("%d parties are named %q:", len(ids), q)
		}
		return ids, how, nil
	}
	if fromFiles {
		return nil, "", fmt.Errorf("ownership: no party with id or name %q", q)
	}
	m, err := loadMatcher(ctx, a, engineOptions{})
	if err != nil {
		return nil, "", err
	}
	query := &entity.Entity{Schema: entity.LegalEntity, Properties: map[string][]string{}}
	query.Add(entity.Name, q)
	res, err := m.Match(ctx, query, match.DefaultOptions())
	if err != nil {
		return nil, "", err
	}
	for _, r := range res {
		if !r.Match {
			break
		}
		if _, ok := g.Party(r.Entity.ID); ok {
			return []string{r.Entity.ID}, fmt.Sprintf("%q matches %q (%s, score %.2f)", q, r.Explanation.MatchedName, r.Entity.ID, r.Score), nil
		}
	}
	return nil, "", fmt.Errorf("ownership: no party with id or name %q, and no match in the lists", q)
}
