package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// chart is a horizontal bar chart drawn as SVG: one row per label, each
// bar made of coloured segments.
type chart struct {
	ID, Title     string
	Width, Height int
	Rows          []chartRow
	Axis          []tick
	// AxisY is where the grid lines end, AxisLabelY where their labels sit.
	AxisY, AxisLabelY int
}

type chartRow struct {
	Label    string
	Y, TextY int
	Segments []segment
	Value    string
	ValueX   int
}

type segment struct {
	X, W  float64
	Y     int
	Fill  string
	Title string
}

type tick struct {
	X     float64
	Label string
}

const (
	labelW = 190
	barW   = 480
	rowH   = 22
)

// bars lays out rows of segment values (each row's values in the order of
// colors) scaled to a nice axis: ticks every 1, 2, 2.5 or 5 times a power
// of ten, at most five steps up to the first tick at or above the largest
// row total; the chart is wide
// enough for the longest value label after its bar.
func bars(id, title string, labels []string, values [][]float64, colors []string, names []string, valueText func(i int) string) chart {
	c := chart{ID: id, Title: title}
	maxTotal := 0.0
	for _, row := range values {
		t := 0.0
		for _, v := range row {
			t += v
		}
		maxTotal = max(maxTotal, t)
	}
	step := niceStep(maxTotal / 5)
	axisMax := step * max(math.Ceil(maxTotal/step), 1)
	right := 0
	for i, label := range labels {
		y := 10 + i*rowH
		r := chartRow{Label: label, Y: y, TextY: y + 14, Value: valueText(i)}
		x := float64(labelW)
		for j, v := range values[i] {
			if v <= 0 {
				continue
			}
			w := v / axisMax * barW
			r.Segments = append(r.Segments, segment{X: x, Y: y, W: max(w, 0.5), Fill: colors[j], Title: fmt.Sprintf("%s: %s — %.0f", label, names[j], v)})
			x += w
		}
		r.ValueX = int(x) + 6
		right = max(right, r.ValueX+textWidth(r.Value))
		c.Rows = append(c.Rows, r)
	}
	c.Width = max(labelW+barW+30, right+10)
	c.Height = 10 + len(labels)*rowH + 24
	c.AxisY = 10 + len(labels)*rowH
	c.AxisLabelY = c.AxisY + 16
	for k := 0.0; k*step <= axisMax+step/1e6; k++ {
		c.Axis = append(c.Axis, tick{X: float64(labelW) + k*step/axisMax*barW, Label: tickLabel(k * step)})
	}
	return c
}

// niceStep returns the smallest of 1, 2, 2.5 and 5 times a power of ten
// that is at least x (1 for x <= 0).
func niceStep(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= x*(1-1e-9) {
			if m*p < 1 { // counts: whole ticks
				return 1
			}
			return m * p
		}
	}
	return 10 * p
}

// tickLabel writes a tick value with thousands separators ("2,500").
func tickLabel(v float64) string {
	if v != math.Trunc(v) {
		return fmt.Sprintf("%.1f", v)
	}
	return thousands(int64(v))
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// textWidth is a generous estimate of the width, in pixels, of a label in
// the charts' 12 px font (digits and Latin letters about 7 px).
func textWidth(s string) int { return 8 * utf8.RuneCountInString(s) }

var levelColors = map[string]string{"high": "#b2182b", "medium": "#ef8a62", "low": "#fddbc7", "none": "#d9d9d9"}

func (c *Collector) levelChart() chart {
	var labels []string
	var vals [][]float64
	var colors []string
	for _, l := range Levels {
		labels = append(labels, l)
		colors = append(colors, levelColors[l])
	}
	for i, l := range Levels {
		row := make([]float64, len(Levels))
		row[i] = float64(c.levels[l])
		vals = append(vals, row)
	}
	return bars("levels", "Shipments by risk level", labels, vals, colors, Levels, func(i int) string { return thousands(int64(c.levels[Levels[i]])) })
}

func tierColors() (colors, names []string) {
	for _, t := range Tiers {
		colors = append(colors, tierColor(t))
		names = append(names, tierLabel(t))
	}
	return colors, names
}

// destChart: the 15 destinations with the most flagged shipments, each bar
// split by CHPL tier.
func (c *Collector) destChart() chart {
	keys := make([]string, 0, len(c.dest))
	for k := range c.dest {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if d := cmp.Compare(c.dest[b].flagged, c.dest[a].flagged); d != 0 {
			return d
		}
		if d := cmp.Compare(c.dest[b].total, c.dest[a].total); d != 0 {
			return d
		}
		return cmp.Compare(a, b)
	})
	keys = keys[:min(len(keys), 15)]
	colors, names := tierColors()
	var vals [][]float64
	for _, k := range keys {
		var row []float64
		for _, t := range Tiers {
			row = append(row, float64(c.dest[k].byTier[t]))
		}
		vals = append(vals, row)
	}
	return bars("flows", "Shipments by destination country and CHPL tier (15 destinations with most medium/high risks)", keys, vals, colors, names,
		func(i int) string {
			return fmt.Sprintf("%s (%s flagged)", thousands(int64(c.dest[keys[i]].total)), thousands(int64(c.dest[keys[i]].flagged)))
		})
}

// tierChart: shipments per CHPL tier, flagged (medium+) and not.
func (c *Collector) tierChart() chart {
	var labels []string
	var vals [][]float64
	for _, t := range Tiers {
		f := c.tiers[t]
		if f == nil {
			continue
		}
		labels = append(labels, tierLabel(t))
		vals = append(vals, []float64{float64(f.flagged), float64(f.total - f.flagged)})
	}
	return bars("tiers", "Shipments by CHPL tier: medium/high risk and the rest", labels, vals,
		[]string{"#b2182b", "#d9d9d9"}, []string{"medium or high", "low or none"},
		func(i int) string {
			return thousands(int64(vals[i][0])) + " / " + thousands(int64(vals[i][0]+vals[i][1]))
		})
}

// ruleChart: shipments per rule fired.
func (c *Collector) ruleChart() chart {
	keys := make([]string, 0, len(c.rules))
	for k := range c.rules {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if d := cmp.Compare(c.rules[b], c.rules[a]); d != 0 {
			return d
		}
		return cmp.Compare(a, b)
	})
	var vals [][]float64
	for _, k := range keys {
		vals = append(vals, []float64{float64(c.rules[k])})
	}
	return bars("rules", "Shipments per red flag", keys, vals, []string{"#4393c3"}, []string{"shipments"},
		func(i int) string { return thousands(int64(c.rules[keys[i]])) })
}
