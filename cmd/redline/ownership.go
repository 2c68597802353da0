package main

import (
	"context"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/ownership"
	"github.com/redline-sanctions/redline/source"
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
		return writeAllBlocked(a.stdout, g, *format)
	}
	ids, how, err := resolveParty(ctx, a, g, query, len(files) > 0)
	if err != nil {
		return err
	}
	if *format == "json" {
		out := make([]ownershipReport, 0, len(ids))
		for _, id := range ids {
			out = append(out, ownershipReport{
				Result:   g.Blocked(id),
				Twins:    g.Twins(id),
				Owners:   tree(g, id, *depth, true, map[string]bool{id: true}),
				Holdings: tree(g, id, *depth, false, map[string]bool{id: true}),
			})
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
		writeOwnership(a.stdout, g, id, *depth)
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

// ownershipReport is the JSON output for one party.
type ownershipReport struct {
	Result ownership.Result `json:"result"`
	// Twins are the same party's entries on other lists (by registry
	// identifier).
	Twins    []string   `json:"twins,omitempty"`
	Owners   []treeNode `json:"owners"`
	Holdings []treeNode `json:"holdings"`
}

// treeNode is one link of the ownership tree up (owners) or down
// (holdings), with the standing of the party at its far end.
type treeNode struct {
	Link ownership.Link `json:"link"`
	// Party is the far end: the owner going up, the asset going down.
	Party    string     `json:"party"`
	Standing string     `json:"standing"`
	Children []treeNode `json:"children,omitempty"`
}

// tree walks owners (up) or holdings (down) of id to depth levels, never
// revisiting a party on the current branch.
func tree(g *ownership.Graph, id string, depth int, up bool, onBranch map[string]bool) []treeNode {
	if depth == 0 {
		return nil
	}
	links := g.Holdings(id)
	if up {
		links = g.Owners(id)
	}
	var out []treeNode
	for _, l := range links {
		far := l.Asset
		if up {
			far = l.Owner
		}
		n := treeNode{Link: l, Party: far, Standing: standing(g, far)}
		if !onBranch[far] {
			onBranch[far] = true
			n.Children = tree(g, far, depth-1, up, onBranch)
			delete(onBranch, far)
		} else {
			n.Standing += ", cycle"
		}
		out = append(out, n)
	}
	return out
}

// standing says in a few words where a party stands under the rule.
func standing(g *ownership.Graph, id string) string {
	r := g.Blocked(id)
	var s []string
	if r.Listed {
		s = append(s, "LISTED "+strings.Join(designations(r.Designations), ", "))
	}
	switch {
	case r.Blocked:
		s = append(s, "BLOCKED by the rule ("+pct(r.Share, r.ShareOpen)+")")
	case r.Possible:
		s = append(s, "possibly blocked (up to "+pct(r.ShareMax, false)+")")
	}
	if p, ok := g.Party(id); ok && !p.Known {
		s = append(s, "not in the lists")
	}
	if len(s) == 0 {
		return "not blocked"
	}
	return strings.Join(s, "; ")
}

// designations writes each distinct designation once (a party may carry
// several Sanction entities saying the same).
func designations(ds []ownership.Designation) []string {
	var out []string
	for _, d := range ds {
		if s := d.String(); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func pct(v float64, open bool) string {
	s := strconv.FormatFloat(v, 'f', -1, 64) + "%"
	if open {
		return "more than " + s
	}
	return s
}

// writeOwnership prints the verdict on one party, its owners and holdings
// as trees, and the explanation.
func writeOwnership(w io.Writer, g *ownership.Graph, id string, depth int) {
	r := g.Blocked(id)
	fmt.Fprintf(w, "%s  (%s, %s)\n", r.Name, r.ID, r.Schema)
	cmpWord := "50% or more"
	if r.Strict {
		cmpWord = "more than " + pct(r.Threshold, false)
	} else if r.Threshold != 50 {
		cmpWord = pct(r.Threshold, false) + " or more"
	}
	verdict := "NOT BLOCKED by the rule"
	switch {
	case r.Blocked:
		verdict = "BLOCKED by the rule"
	case r.Possible:
		verdict = "POSSIBLY BLOCKED (only if unclear shares are at their upper bound): check"
	}
	if r.Listed {
		verdict = "LISTED (blocked in its own right); by ownership: " + verdict
	}
	fmt.Fprintf(w, "verdict:  %s  (as of %s; blocked when blocked persons own %s in the aggregate)\n", verdict, r.AsOf, cmpWord)
	if r.Listed {
		for _, d := range designations(r.Designations) {
			fmt.Fprintf(w, "listed:   %s\n", d)
		}
	} else {
		fmt.Fprintln(w, "listed:   no")
	}
	fmt.Fprintf(w, "share:    %s held by blocked persons (at most %s)\n", pct(r.Share, r.ShareOpen), pct(r.ShareMax, false))
	for _, t := range g.Twins(id) {
		if p, ok := g.Party(t); ok {
			fmt.Fprintf(w, "same as:  %s (%s, %s), by registry identifier: see its owners and holdings too\n", p.Name, p.ID, p.Dataset)
		}
	}
	if len(r.Paths) > 0 {
		fmt.Fprintln(w, "\nwhy:")
		for i, p := range r.Paths {
			var b strings.Builder
			for _, st := range p.Steps {
				b.WriteString(st.Name)
				if len(st.Designations) > 0 {
					b.WriteString(" (" + strings.Join(designations(st.Designations), "; ") + ")")
				}
				if st.Share != nil {
					b.WriteString(" --" + st.Share.String() + "--> ")
				}
			}
			fmt.Fprintf(w, "  %d. %s\n", i+1, b.String())
		}
		if r.Truncated {
			fmt.Fprintln(w, "  ... more paths not shown")
		}
	}
	if len(r.Control) > 0 {
		fmt.Fprintln(w, "\ncontrol by blocked persons (noted; control without ownership does not block):")
		for _, c := range r.Control {
			fmt.Fprintf(w, "  %s (%s): %s\n", c.OwnerName, c.Owner, c.Role)
		}
	}
	if depth == 0 {
		return
	}
	fmt.Fprintln(w, "\nowners (up):")
	writeTree(w, g, tree(g, id, depth, true, map[string]bool{id: true}), true, "  ")
	fmt.Fprintln(w, "\nholdings (down):")
	writeTree(w, g, tree(g, id, depth, false, map[string]bool{id: true}), false, "  ")
}

func writeTree(w io.Writer, g *ownership.Graph, nodes []treeNode, up bool, indent string) {
	if len(nodes) == 0 && indent == "  " {
		fmt.Fprintln(w, "  (none)")
	}
	for _, n := range nodes {
		name := n.Link.AssetName
		if up {
			name = n.Link.OwnerName
		}
		when := ""
		switch {
		case !n.Link.Active:
			when = " (" + n.Link.Inactive + ")"
		case n.Link.StartDate != "":
			when = " (since " + n.Link.StartDate + ")"
		}
		role := ""
		if n.Link.Role != "" {
			role = " " + n.Link.Role
		}
		share := n.Link.Share.String()
		if !n.Link.Share.Known && n.Link.Share.Raw != "" {
			share += fmt.Sprintf(" (%q)", n.Link.Share.Raw)
		}
		fmt.Fprintf(w, "%s%-8s %s (%s)%s%s  [%s]  link %s, %s\n", indent, share, name, n.Party, role, when, n.Standing, n.Link.ID, n.Link.Dataset)
		writeTree(w, g, n.Children, up, indent+"    ")
	}
}

// writeAllBlocked prints every unlisted party the rule blocks, then the
// possible ones.
func writeAllBlocked(w io.Writer, g *ownership.Graph, format string) error {
	blocked, possible := g.AllBlocked(), g.AllPossible()
	if format == "json" {
		return writeJSON(w, rawHTML, struct {
			Stats    ownership.Stats    `json:"stats"`
			Blocked  []ownership.Result `json:"blocked"`
			Possible []ownership.Result `json:"possible"`
			Problems []source.Problem   `json:"problems"`
		}{g.Stats(), nonNil(blocked), nonNil(possible), nonNil(g.Problems())})
	}
	st := g.Stats()
	o := g.Options()
	fmt.Fprintf(w, "as of %s: %d parties, %d ownership links (%d current), %d listed parties, %d problems\n",
		o.AsOf.Format("2006-01-02"), st.Parties, st.Links, st.Active, st.Listed, st.Problems)
	fmt.Fprintf(w, "\nblocked by the rule, not listed: %d\n", len(blocked))
	for _, r := range blocked {
		writeBrief(w, r)
	}
	fmt.Fprintf(w, "\npossibly blocked (unclear shares), not listed: %d\n", len(possible))
	for _, r := range possible {
		writeBrief(w, r)
	}
	for _, p := range g.Problems() {
		fmt.Fprintf(w, "problem: %s\n", p)
	}
	return nil
}

func writeBrief(w io.Writer, r ownership.Result) {
	fmt.Fprintf(w, "  %-12s %s (%s)\n", pct(r.Share, r.ShareOpen)+"-"+pct(r.ShareMax, false), r.Name, r.ID)
	for _, h := range r.Owners {
		fmt.Fprintf(w, "      %s held by %s (%s)\n", h.Share, h.OwnerName, h.Owner)
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
