// Package report writes the HTML report of a shipment screening run: one
// self-contained page (no external assets, charts drawn as inline SVG by
// this package) with the summary, the flows by country and CHPL tier, the
// flags per rule and the top risks with every flag and its evidence, fit to
// send on to an analyst.
//
// A Collector takes the assessments one by one and keeps only aggregates
// and the top risks, so a report of a million shipments needs little
// memory.
package report

import (
	"cmp"
	"container/heap"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/redline-sanctions/redline/internal/svgchart"
	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/rules"
)

//go:embed report.html
var pageHTML string

// Options configure a report.
type Options struct {
	// Title heads the page.
	Title string
	// Input names the screened file.
	Input string
	// Top is how many of the riskiest shipments are listed with their
	// flags (default 100).
	Top int
	// Rules are the rules applied, listed at the end of the report.
	Rules *rules.Set
	// Now stamps the report (default time.Now).
	Now func() time.Time
}

// Levels in display order.
var Levels = []string{"high", "medium", "low", "none"}

// Tiers in display order; "" is goods not on the CHPL.
var Tiers = []string{"1", "2", "3.A", "3.B", "4.A", "4.B", ""}

type flow struct {
	byTier  map[string]int
	total   int
	flagged int                // medium or above
	value   map[string]float64 // by currency ("" when the file gives none)
}

type patternStat struct{ total, caught int }

// Collector aggregates assessments for the report. It is not safe for
// concurrent use; Engine.Run calls its output function from one goroutine.
type Collector struct {
	opts     Options
	total    int
	levels   map[string]int
	rules    map[string]int
	dest     map[string]*flow
	pairs    map[[2]string]*flow
	tiers    map[string]*flow
	patterns map[string]*patternStat
	top      topHeap
}

// New returns an empty Collector.
func New(opts Options) *Collector {
	if opts.Top <= 0 {
		opts.Top = 100
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Title == "" {
		opts.Title = "redline shipment screening report"
	}
	return &Collector{opts: opts, levels: map[string]int{}, rules: map[string]int{}, dest: map[string]*flow{},
		pairs: map[[2]string]*flow{}, tiers: map[string]*flow{}, patterns: map[string]*patternStat{}}
}

func flowOf[K comparable](m map[K]*flow, k K) *flow {
	f := m[k]
	if f == nil {
		f = &flow{byTier: map[string]int{}, value: map[string]float64{}}
		m[k] = f
	}
	return f
}

// Add counts one assessment.
func (c *Collector) Add(a *shipment.Assessment) {
	c.total++
	c.levels[a.Level]++
	seen := map[string]bool{}
	for _, f := range a.Flags {
		if !seen[f.Rule] {
			seen[f.Rule] = true
			c.rules[f.Rule]++
		}
	}
	flagged := a.Level == "high" || a.Level == "medium"
	s := a.Shipment
	dest, origin, value, currency := "", "", 0.0, ""
	if s != nil {
		dest, origin, value, currency = s.Destination, s.Origin, s.Value, strings.ToUpper(s.Currency)
	}
	if dest == "" {
		dest = "?"
	}
	if origin == "" {
		origin = "?"
	}
	for _, f := range []*flow{flowOf(c.dest, dest), flowOf(c.pairs, [2]string{origin, dest}), flowOf(c.tiers, a.Goods.CHPLTier)} {
		f.total++
		f.byTier[a.Goods.CHPLTier]++
		if value != 0 {
			f.value[currency] += value
		}
		if flagged {
			f.flagged++
		}
	}
	if a.Planted != "" || len(c.patterns) > 0 {
		p := a.Planted
		if p == "" {
			p = "(clean)"
		}
		ps := c.patterns[p]
		if ps == nil {
			ps = &patternStat{}
			c.patterns[p] = ps
		}
		ps.total++
		if flagged {
			ps.caught++
		}
	}
	if a.Level == "none" {
		return
	}
	if len(c.top) < c.opts.Top {
		heap.Push(&c.top, a)
	} else if less(c.top[0], a) {
		c.top[0] = a
		heap.Fix(&c.top, 0)
	}
}

// less orders assessments by risk, then by earlier line first.
func less(a, b *shipment.Assessment) bool {
	if a.Risk != b.Risk {
		return a.Risk < b.Risk
	}
	return a.Line > b.Line
}

type topHeap []*shipment.Assessment

func (h topHeap) Len() int           { return len(h) }
func (h topHeap) Less(i, j int) bool { return less(h[i], h[j]) }
func (h topHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *topHeap) Push(x any)        { *h = append(*h, x.(*shipment.Assessment)) }
func (h *topHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Top returns the riskiest assessments kept, riskiest first.
func (c *Collector) Top() []*shipment.Assessment {
	out := slices.Clone([]*shipment.Assessment(c.top))
	slices.SortFunc(out, func(a, b *shipment.Assessment) int {
		if less(a, b) {
			return 1
		}
		if less(b, a) {
			return -1
		}
		return 0
	})
	return out
}

// Total returns the number of assessments added.
func (c *Collector) Total() int { return c.total }

// Level returns how many assessments had a level.
func (c *Collector) Level(level string) int { return c.levels[level] }

// view is what the template renders.
type view struct {
	Title, Input, Generated string
	Total                   int
	Levels                  []levelRow
	LevelChart              chart
	DestChart               chart
	TierChart               chart
	RuleChart               chart
	Pairs                   []pairRow
	Patterns                []patternRow
	Top                     []topRow
	Rules                   []rules.Rule
	TierLegend              []legend
}

type levelRow struct {
	Level string
	Count int
	Share string
}

type pairRow struct {
	Origin, Destination string
	Total, Flagged      int
	Value               string
}

type patternRow struct {
	Pattern       string
	Total, Caught int
	Rate          string
}

type topRow struct {
	ID, Level, Shipper, Consignee, Goods, HS, Tier, Route, Value string
	// Military names the munitions-list categories of a military item.
	Military   string
	Line, Risk int
	Flags      []shipment.Flag
}

type legend struct{ Label, Color string }

// Write renders the report.
func (c *Collector) Write(w io.Writer) error {
	v := view{Title: c.opts.Title, Input: c.opts.Input, Generated: c.opts.Now().UTC().Format("2006-01-02 15:04 UTC"), Total: c.total}
	for _, l := range Levels {
		share := "0%"
		if c.total > 0 {
			share = fmt.Sprintf("%.2f%%", 100*float64(c.levels[l])/float64(c.total))
		}
		v.Levels = append(v.Levels, levelRow{l, c.levels[l], share})
	}
	v.LevelChart = c.levelChart()
	v.DestChart = c.destChart()
	v.TierChart = c.tierChart()
	v.RuleChart = c.ruleChart()
	for _, t := range Tiers {
		v.TierLegend = append(v.TierLegend, legend{tierLabel(t), tierColor(t)})
	}
	type kv struct {
		k [2]string
		f *flow
	}
	var pairs []kv
	for k, f := range c.pairs {
		pairs = append(pairs, kv{k, f})
	}
	slices.SortFunc(pairs, func(a, b kv) int {
		if d := cmp.Compare(b.f.flagged, a.f.flagged); d != 0 {
			return d
		}
		if d := cmp.Compare(b.f.total, a.f.total); d != 0 {
			return d
		}
		return cmp.Compare(a.k[0]+a.k[1], b.k[0]+b.k[1])
	})
	for _, p := range pairs[:min(len(pairs), 20)] {
		v.Pairs = append(v.Pairs, pairRow{p.k[0], p.k[1], p.f.total, p.f.flagged, valueText(p.f.value)})
	}
	for name, p := range c.patterns {
		v.Patterns = append(v.Patterns, patternRow{name, p.total, p.caught, fmt.Sprintf("%.1f%%", 100*float64(p.caught)/float64(max(p.total, 1)))})
	}
	slices.SortFunc(v.Patterns, func(a, b patternRow) int { return cmp.Compare(a.Pattern, b.Pattern) })
	for _, a := range c.Top() {
		r := topRow{ID: a.ShipmentID, Line: a.Line, Risk: a.Risk, Level: a.Level, HS: a.Goods.HSCode, Tier: a.Goods.CHPLTier, Flags: a.Flags, Military: a.Goods.MilitaryList}
		if s := a.Shipment; s != nil {
			r.Goods = s.Description
			if s.Value != 0 {
				r.Value = valueText(map[string]float64{strings.ToUpper(s.Currency): s.Value})
			}
			if p := s.Party(shipment.Shipper); p != nil {
				r.Shipper = partyText(p)
			}
			if p := s.Party(shipment.Consignee); p != nil {
				r.Consignee = partyText(p)
			}
			r.Route = s.Origin
			for _, x := range s.Route {
				r.Route += " → " + x
			}
			r.Route += " → " + s.Destination
		}
		v.Top = append(v.Top, r)
	}
	if c.opts.Rules != nil {
		v.Rules = c.opts.Rules.Rules
	}
	t, err := template.New("report").Funcs(template.FuncMap{"tier": tierLabel}).Funcs(svgchart.Funcs).Parse(pageHTML + svgchart.Template)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := t.Execute(w, v); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// valueText writes values by currency, largest first: "1,234,567 EUR +
// 3,000 USD"; a value without a currency says so.
func valueText(by map[string]float64) string {
	if len(by) == 0 {
		return "—"
	}
	curs := make([]string, 0, len(by))
	for c := range by {
		curs = append(curs, c)
	}
	slices.SortFunc(curs, func(a, b string) int {
		if d := cmp.Compare(by[b], by[a]); d != 0 {
			return d
		}
		return cmp.Compare(a, b)
	})
	parts := make([]string, len(curs))
	for i, c := range curs {
		if c == "" {
			c = "(currency not given)"
		}
		parts[i] = thousands(int64(math.Round(by[curs[i]]))) + " " + c
	}
	return strings.Join(parts, " + ")
}

func partyText(p *shipment.Party) string {
	if p.Country != "" {
		return p.Name + " (" + p.Country + ")"
	}
	return p.Name
}

func tierLabel(t string) string {
	if t == "" {
		return "not CHPL"
	}
	return "Tier " + t
}

func tierColor(t string) string {
	switch t {
	case "1":
		return "#b2182b"
	case "2":
		return "#d6604d"
	case "3.A":
		return "#f4a582"
	case "3.B":
		return "#fddbc7"
	case "4.A":
		return "#92c5de"
	case "4.B":
		return "#4393c3"
	}
	return "#d9d9d9"
}
