package textscreen

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

//go:embed report.html
var reportHTML string

var reportTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"score": func(f float64) string { return fmt.Sprintf("%.2f", f) },
}).Parse(reportHTML))

// segment is a run of text covered by the same marks.
type segment struct {
	Text    string
	Class   string
	Title   string
	Anchor  string
	Newline bool
}

// WriteReport writes a self-contained HTML page (no scripts, no outside
// resources) of the result: the text with the parties, goods and claims'
// sentences highlighted, and the tables. text is the screened text
// (Document.Text); name titles the page.
func WriteReport(w io.Writer, r *Result, text, name string) error {
	type mark struct {
		Span
		class, title, anchor string
	}
	var marks []mark
	for i, p := range r.Parties {
		cl, title := "party", "party: "+p.Kind
		if len(p.Matches) > 0 {
			cl = "party listed"
			title = fmt.Sprintf("listed: %s (%s, %.2f)", p.Matches[0].Caption, p.Matches[0].Dataset, p.Matches[0].Score)
		}
		marks = append(marks, mark{p.Span, cl, title, fmt.Sprintf("p%d", i)})
	}
	for i, g := range r.Goods {
		title := "goods: " + g.Concern
		if g.Model != "" {
			title += ", model " + g.Model
		}
		if g.HSCode != "" {
			title += ", HS " + g.HSCode
		}
		if g.CHPLTier != "" {
			title += ", CHPL tier " + g.CHPLTier
		}
		marks = append(marks, mark{g.Span, "good", title, fmt.Sprintf("g%d", i)})
	}
	for i, c := range r.Claims {
		marks = append(marks, mark{c.Sentence, "claim", fmt.Sprintf("claim: %s → %s: %s (%s)", c.Supplier, c.Recipient, c.Item, c.Status), fmt.Sprintf("c%d", i)})
	}
	// Cut the text at every mark boundary; each piece carries the classes
	// of the marks that cover it.
	cuts := []int{0, len(text)}
	for _, m := range marks {
		if m.Start >= 0 && m.End <= len(text) && m.Start < m.End {
			cuts = append(cuts, m.Start, m.End)
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var segs []segment
	for k := 0; k+1 < len(cuts); k++ {
		a, b := cuts[k], cuts[k+1]
		var cls, titles []string
		anchor := ""
		for _, m := range marks {
			if m.Start <= a && b <= m.End {
				cls = append(cls, m.class)
				titles = append(titles, m.title)
				if m.Start == a && anchor == "" {
					anchor = m.anchor
				}
			}
		}
		// Keep paragraphs: split the piece at blank lines.
		for i, para := range strings.Split(text[a:b], "\n\n") {
			if i > 0 {
				segs = append(segs, segment{Newline: true})
			}
			segs = append(segs, segment{Text: para, Class: strings.Join(cls, " "), Title: strings.Join(titles, "\n"), Anchor: anchor})
			anchor = ""
		}
	}
	return reportTmpl.Execute(w, map[string]any{"Name": name, "R": r, "Segments": segs})
}

// WriteTable writes the result as tables for people: parties, goods,
// claims, and the warnings.
func WriteTable(w io.Writer, r *Result, text string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "format %s, language %s, sha256 %s\n\n", r.Format, r.Lang, r.SHA256[:min(12, len(r.SHA256))])
	fmt.Fprintf(tw, "PARTIES (%d)\nTEXT\tAT\tKIND\tCOUNTRY\tLISTED AS\tDATASET\tSCORE\n", len(r.Parties))
	for _, p := range r.Parties {
		listed, ds, sc := "-", "", ""
		if len(p.Matches) > 0 {
			listed, ds, sc = p.Matches[0].Caption, p.Matches[0].Dataset, fmt.Sprintf("%.2f", p.Matches[0].Score)
			if n := len(p.Matches) - 1; n > 0 {
				listed += fmt.Sprintf(" (+%d)", n)
			}
		}
		fmt.Fprintf(tw, "%s\t%d-%d\t%s\t%s\t%s\t%s\t%s\n", oneLine(p.Text), p.Start, p.End, p.Kind, p.Country, oneLine(listed), ds, sc)
	}
	fmt.Fprintf(tw, "\nGOODS (%d)\nTEXT\tAT\tCONCERN\tHS\tCHPL\tMODEL\n", len(r.Goods))
	for _, g := range r.Goods {
		fmt.Fprintf(tw, "%s\t%d-%d\t%s\t%s\t%s\t%s\n", oneLine(g.Text), g.Start, g.End, g.Concern, g.HSCode, g.CHPLTier, g.Model)
	}
	fmt.Fprintf(tw, "\nCLAIMS (%d)\nSUPPLIER\tRECIPIENT\tITEM\tQUANTITY\tDATE\tSTATUS\tSOURCE\tSENTENCE\n", len(r.Claims))
	for _, c := range r.Claims {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d-%d\n", dash(c.Supplier), dash(c.Recipient), oneLine(c.Item), c.Quantity, c.Date, c.Status, c.Source, c.Sentence.Start, c.Sentence.End)
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintln(tw, "\nWARNINGS")
		for _, wr := range r.Warnings {
			fmt.Fprintln(tw, "- "+wr)
		}
	}
	if len(r.Parties)+len(r.Goods)+len(r.Claims) == 0 {
		fmt.Fprintf(tw, "\nnothing found in %d bytes of text\n", len(text))
	}
	return tw.Flush()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return oneLine(s)
}
