// Package report draws the trade-flow report: a self-contained HTML page
// (no external assets, charts drawn as inline SVG by internal/svgchart)
// with, for one reporter, a line chart per top partner (baseline against
// the period after it), the ranked spikes, the mirror gap between what the
// reporter declares and what its partners declare, and a section for the
// supplier table of transaction-level records (Data.Suppliers), which the
// transaction-level part of flows fills.
package report

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"time"

	"github.com/redline-sanctions/redline/flows"
	"github.com/redline-sanctions/redline/internal/svgchart"
	"github.com/redline-sanctions/redline/trade"
)

//go:embed report.html
var pageHTML string

// Options say what the report shows.
type Options struct {
	Title string
	// Reporter, Flow, Baseline and Period are the spikes query; MinBase
	// leaves out partners with a smaller baseline from the charts and
	// the ranking.
	Reporter string
	Flow     trade.Flow
	Baseline flows.Years
	Period   trade.Period
	MinBase  float64
	HS       string
	CHPL     bool
	// Members adds the member countries of an aggregate reporter (EU27)
	// to the spikes, the charts and the mirror.
	Members bool
	// MirrorPeriod is the year of the mirror comparison; 0 means
	// Period's year.
	MirrorPeriod int
	// Top is how many partners get a line chart (0 means 6) and how many
	// rows the ranking shows (four times as many).
	Top int
	// Now dates the report (time.Now when nil).
	Now func() time.Time
}

// Data is what the page shows.
type Data struct {
	Options   Options
	Spikes    *flows.Spikes
	Series    []flows.Series
	Monthly   bool
	Mirror    []flows.Mirror
	MirrorErr string
	// Suppliers is the supplier table of transaction-level records
	// (`redline flows suppliers`): nil until that part fills it; the
	// page then says that no transaction-level records were analysed.
	Suppliers *Table
}

// Table is a section's table: the supplier table, or any other a part of
// flows adds.
type Table struct {
	Title, Note string
	Columns     []string
	Rows        [][]string
}

func (o *Options) defaults() {
	if o.Top <= 0 {
		o.Top = 6
	}
	if o.Flow == "" {
		o.Flow = trade.Export
	}
	if o.MirrorPeriod == 0 {
		o.MirrorPeriod = o.Period.Year
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Title == "" {
		o.Title = fmt.Sprintf("Trade flows: %s %ss, %s against %s", o.Reporter, o.Flow, o.Period, o.Baseline)
	}
}

// Collect runs the report's queries on db.
func Collect(ctx context.Context, db *flows.DB, opts Options) (*Data, error) {
	opts.defaults()
	d := &Data{Options: opts}
	var err error
	d.Spikes, err = db.Spikes(ctx, flows.SpikeQuery{Reporter: opts.Reporter, Flow: opts.Flow, Baseline: opts.Baseline, Period: opts.Period,
		MinBase: opts.MinBase, HS: opts.HS, CHPL: opts.CHPL, Members: opts.Members})
	if err != nil {
		return nil, err
	}
	// A line chart for each of the top reporter → partner pairs with a
	// ratio: monthly when the figures are monthly, else yearly.
	seen := map[[2]string]bool{}
	d.Monthly = true
	for _, s := range d.Spikes.Rows {
		pair := [2]string{s.Reporter, s.Partner}
		if s.Ratio == nil || seen[pair] || len(seen) == opts.Top {
			continue
		}
		seen[pair] = true
		q := flows.SeriesQuery{Reporter: s.Reporter, Partners: []string{s.Partner}, Flow: opts.Flow, Monthly: d.Monthly, Currency: s.Currency}
		ss, err := db.Series(ctx, q)
		if err == nil && monthlyEmpty(ss) && d.Monthly {
			d.Monthly, q.Monthly = false, false
			d.Series = nil
			ss, err = db.Series(ctx, q)
		}
		if err != nil {
			return nil, err
		}
		d.Series = append(d.Series, ss...)
	}
	d.Mirror, err = db.Mirror(ctx, flows.MirrorQuery{Exporter: opts.Reporter, Baseline: opts.Baseline, Period: opts.MirrorPeriod, HS: opts.HS, Members: opts.Members})
	if err != nil {
		if !errors.Is(err, flows.ErrNoData) {
			return nil, err
		}
		d.MirrorErr = err.Error()
	}
	return d, nil
}

func monthlyEmpty(ss []flows.Series) bool {
	for _, s := range ss {
		if len(s.Points) > 0 {
			return false
		}
	}
	return true
}

// view is what the template renders.
type view struct {
	*Data
	Title, Generated string
	Lines            []svgchart.Line
	Ranking          svgchart.Bar
	MirrorChart      svgchart.Bar
	HasMirrorChart   bool
	Rows             []flows.Spike
}

const (
	colorCurrent  = "#b2182b"
	colorBaseline = "#4393c3"
	colorImporter = "#f4a582"
)

// Write renders the page.
func Write(w io.Writer, d *Data) error {
	d.Options.defaults()
	v := view{Data: d, Title: d.Options.Title, Generated: d.Options.Now().UTC().Format("2006-01-02 15:04 UTC")}
	for i, s := range d.Series {
		v.Lines = append(v.Lines, lineChart(i, s, d))
	}
	v.Ranking = ranking(d)
	v.MirrorChart, v.HasMirrorChart = mirrorChart(d.Mirror)
	v.Rows = d.Spikes.Rows[:min(len(d.Spikes.Rows), 4*d.Options.Top)]
	t, err := template.New("flows").Funcs(svgchart.Funcs).Funcs(template.FuncMap{
		"num":   svgchart.Number,
		"ratio": ratioText,
	}).Parse(pageHTML + svgchart.Template)
	if err != nil {
		return fmt.Errorf("flows report: %w", err)
	}
	if err := t.Execute(w, v); err != nil {
		return fmt.Errorf("flows report: %w", err)
	}
	return nil
}

func ratioText(r *float64) string {
	if r == nil {
		return "—"
	}
	return fmt.Sprintf("%.2f", *r)
}

// lineChart draws one partner's series: the baseline years shaded, the
// baseline's mean per month (or year) dashed, partial years circled.
func lineChart(i int, s flows.Series, d *Data) svgchart.Line {
	var labels []string
	var vals []float64
	from, to := -1, -1
	sum, n := 0.0, 0
	for j, p := range s.Points {
		label := p.Period
		if d.Monthly {
			label = fmt.Sprint(p.Year)
		}
		labels = append(labels, label)
		vals = append(vals, p.Value)
		if p.Year >= d.Options.Baseline.From && p.Year <= d.Options.Baseline.To {
			if from < 0 {
				from = j
			}
			to = j
			sum += p.Value
			n++
		}
	}
	mean := math.NaN()
	if n > 0 {
		mean = sum / float64(n)
	}
	flat := make([]float64, len(vals))
	for j := range flat {
		flat[j] = mean
	}
	unit := "year"
	every := 1
	if d.Monthly {
		unit, every = "month", 12
	}
	title := fmt.Sprintf("%s %ss to %s (%s), per %s, %s", s.Reporter, d.Options.Flow, s.PartnerName, s.Partner, unit, s.Currency)
	c := svgchart.Lines(fmt.Sprintf("series-%d", i), title, labels, every, []svgchart.LineSeries{
		{Name: "value", Stroke: colorCurrent, Values: vals},
		{Name: fmt.Sprintf("baseline mean %s (%s per %s)", d.Options.Baseline, svgchart.Number(mean), unit), Stroke: colorBaseline, Dash: "6 4", Values: flat},
	})
	if from >= 0 {
		c.AddBand(from, to, len(labels), "baseline "+d.Options.Baseline.String())
	}
	for j, p := range s.Points {
		if p.Partial {
			c.AddMark(j, len(labels), p.Value, "#fff", fmt.Sprintf("%s: %d months only", p.Period, p.Months))
		}
	}
	return c
}

// ranking draws the spikes with a ratio, highest first.
func ranking(d *Data) svgchart.Bar {
	var labels []string
	var vals [][]float64
	var texts []string
	for _, s := range d.Spikes.Rows {
		if s.Ratio == nil || len(labels) >= 4*d.Options.Top {
			continue
		}
		label := fmt.Sprintf("%s (%s)", short(s.PartnerName), s.Partner)
		if d.Options.Members {
			label = s.Reporter + " → " + label
		}
		if s.HS != trade.Total {
			label += " " + s.HS
		}
		labels = append(labels, label)
		vals = append(vals, []float64{*s.Ratio})
		texts = append(texts, fmt.Sprintf("×%.2f · %s → %s", *s.Ratio, svgchart.Number(s.Base), svgchart.Number(s.Current)))
	}
	title := fmt.Sprintf("%s %ss: %s against the mean of %s (ratio), by partner", d.Options.Reporter, d.Options.Flow, d.Options.Period, d.Options.Baseline)
	if len(d.Spikes.Rows) > 0 && d.Spikes.Rows[0].Partial {
		title += fmt.Sprintf(" — %s of each year compared", d.Spikes.Rows[0].Months)
	}
	return svgchart.Bars("spikes", title, labels, vals, []string{colorCurrent}, []string{"ratio"}, func(i int) string { return texts[i] })
}

// mirrorChart draws, for each exporter → importer pair with a ratio, what
// each side declares.
func mirrorChart(ms []flows.Mirror) (svgchart.Bar, bool) {
	var labels []string
	var vals [][]float64
	var texts []string
	period := ""
	for _, m := range ms {
		if m.Ratio == nil || m.HS != trade.Total || len(labels) >= 40 {
			continue
		}
		period = m.Period
		labels = append(labels, fmt.Sprintf("%s → %s, %s says", m.Exporter, m.Importer, m.Exporter), fmt.Sprintf("%s → %s, %s says", m.Exporter, m.Importer, m.Importer))
		vals = append(vals, []float64{m.ExporterReported, 0}, []float64{0, m.ImporterReported})
		change := "—"
		if m.Change != nil {
			change = fmt.Sprintf("%.2f", *m.Change)
		}
		texts = append(texts, svgchart.Number(m.ExporterReported), fmt.Sprintf("%s · ratio %.2f (baseline %s, change %s)", svgchart.Number(m.ImporterReported), *m.Ratio, ratioText(m.BaselineRatio), change))
	}
	if len(labels) == 0 {
		return svgchart.Bar{}, false
	}
	return svgchart.Bars("mirror", "Mirror statistics "+period+": declared exports against the partner's declared imports", labels, vals,
		[]string{colorBaseline, colorImporter}, []string{"exporter's declaration", "importer's declaration"}, func(i int) string { return texts[i] }), true
}

// short cuts a Comext label at its first parenthesis: "Germany (incl.
// German Democratic Republic 'DD' from 1991)" is drawn as "Germany".
func short(s string) string {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == ' ' && s[i+1] == '(' {
			return s[:i]
		}
	}
	return s
}
