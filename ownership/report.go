package ownership

// The text and JSON reports of `redline ownership`, moved here from
// cmd/redline (ownership.go): the command keeps its flags and wiring.

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/redline-sanctions/redline/source"
)

// Report is what `redline ownership --format json` shows for one party: the
// verdict, its twins, and its owners and holdings as trees.
type Report struct {
	Result Result `json:"result"`
	// Twins are the same party's entries on other lists (by registry
	// identifier).
	Twins    []string   `json:"twins,omitempty"`
	Owners   []TreeNode `json:"owners"`
	Holdings []TreeNode `json:"holdings"`
}

// TreeNode is one link of the ownership tree up (owners) or down
// (holdings), with the standing of the party at its far end.
type TreeNode struct {
	Link Link `json:"link"`
	// Party is the far end: the owner going up, the asset going down.
	Party    string     `json:"party"`
	Standing string     `json:"standing"`
	Children []TreeNode `json:"children,omitempty"`
}

// Report is the report on id with depth levels of owners and holdings.
func (g *Graph) Report(id string, depth int) Report {
	return Report{
		Result:   g.Blocked(id),
		Twins:    g.Twins(id),
		Owners:   tree(g, id, depth, true, map[string]bool{id: true}),
		Holdings: tree(g, id, depth, false, map[string]bool{id: true}),
	}
}

// tree walks owners (up) or holdings (down) of id to depth levels, never
// revisiting a party on the current branch.
func tree(g *Graph, id string, depth int, up bool, onBranch map[string]bool) []TreeNode {
	if depth == 0 {
		return nil
	}
	links := g.Holdings(id)
	if up {
		links = g.Owners(id)
	}
	var out []TreeNode
	for _, l := range links {
		far := l.Asset
		if up {
			far = l.Owner
		}
		n := TreeNode{Link: l, Party: far, Standing: standing(g, far)}
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
func standing(g *Graph, id string) string {
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
func designations(ds []Designation) []string {
	var out []string
	for _, d := range ds {
		if s := d.String(); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// pct writes a share in per cent, "more than" it when open.
func pct(v float64, open bool) string {
	s := strconv.FormatFloat(v, 'f', -1, 64) + "%"
	if open {
		return "more than " + s
	}
	return s
}

// WriteReport prints the verdict on one party, its owners and holdings as
// trees (depth levels; none when depth is 0), and the explanation: the text
// of `redline ownership`.
func WriteReport(w io.Writer, g *Graph, id string, depth int) {
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

// writeTree prints nodes, indented, under WriteReport.
func writeTree(w io.Writer, g *Graph, nodes []TreeNode, up bool, indent string) {
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

// AllBlocked is every unlisted party the rule blocks, the possible ones,
// and the problems in the ownership data: `redline ownership --all --format
// json`.
type AllBlocked struct {
	Stats    Stats            `json:"stats"`
	Blocked  []Result         `json:"blocked"`
	Possible []Result         `json:"possible"`
	Problems []source.Problem `json:"problems"`
}

// AllBlockedReport gathers AllBlocked (empty lists, never nil).
func (g *Graph) AllBlockedReport() AllBlocked {
	return AllBlocked{g.Stats(), nonNil(g.AllBlocked()), nonNil(g.AllPossible()), nonNil(g.Problems())}
}

// WriteAllBlocked prints every unlisted party the rule blocks, then the
// possible ones, then the problems: the text of `redline ownership --all`.
func WriteAllBlocked(w io.Writer, g *Graph) {
	blocked, possible := g.AllBlocked(), g.AllPossible()
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
}

// writeBrief prints one line of WriteAllBlocked.
func writeBrief(w io.Writer, r Result) {
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
