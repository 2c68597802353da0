// Package svgchart draws the charts of redline's self-contained HTML
// reports as inline SVG: horizontal bar charts (Bars) and line charts
// (Lines). A chart is laid out in Go, with every coordinate computed, and
// drawn by the templates of Template, so a page needs no script and no
// external asset.
//
// A page parses Template next to its own and draws a chart with
//
//	{{template "chart" .SomeBars}}   or   {{template "lines" .SomeLines}}
package svgchart

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// Bar is a horizontal bar chart: one row per label, each bar made of
// coloured segments.
type Bar struct {
	ID, Title     string
	Width, Height int
	Rows          []BarRow
	Axis          []Tick
	// AxisY is where the grid lines end, AxisLabelY where their labels sit.
	AxisY, AxisLabelY int
}

// BarRow is one labelled bar.
type BarRow struct {
	Label    string
	Y, TextY int
	Segments []Segment
	Value    string
	ValueX   int
}

// Segment is one coloured part of a bar; Title is its tooltip.
type Segment struct {
	X, W  float64
	Y     int
	Fill  string
	Title string
}

// Tick is a grid line at X (bar charts) or Y (line charts) and its label.
type Tick struct {
	X, Y  float64
	Label string
}

const (
	labelW = 190
	barW   = 480
	rowH   = 22
)

// Bars lays out rows of segment values (each row's values in the order of
// colors, named by names) on a nice axis: ticks every 1, 2, 2.5 or 5
// times a power of ten (NiceStep), at most five steps, up to the first
// tick at or above the largest row total, labelled with thousands
// separators. valueText writes the text after bar i; the chart is wide
// enough for the longest of them.
func Bars(id, title string, labels []string, values [][]float64, colors []string, names []string, valueText func(i int) string) Bar {
	c := Bar{ID: id, Title: title}
	maxTotal := 0.0
	for _, row := range values {
		t := 0.0
		for _, v := range row {
			t += v
		}
		maxTotal = max(maxTotal, t)
	}
	step := NiceStep(maxTotal / 5)
	axisMax := step * max(math.Ceil(maxTotal/step), 1)
	right := 0
	for i, label := range labels {
		y := 10 + i*rowH
		r := BarRow{Label: label, Y: y, TextY: y + 14, Value: valueText(i)}
		x := float64(labelW)
		for j, v := range values[i] {
			if v <= 0 {
				continue
			}
			w := v / axisMax * barW
			r.Segments = append(r.Segments, Segment{X: x, Y: y, W: max(w, 0.5), Fill: colors[j], Title: fmt.Sprintf("%s: %s — %s", label, names[j], TickLabel(v))})
			x += w
		}
		r.ValueX = int(x) + 6
		right = max(right, r.ValueX+TextWidth(r.Value))
		c.Rows = append(c.Rows, r)
	}
	c.Width = max(labelW+barW+30, right+10)
	c.Height = 10 + len(labels)*rowH + 24
	c.AxisY = 10 + len(labels)*rowH
	c.AxisLabelY = c.AxisY + 16
	for k := 0.0; k*step <= axisMax+step/1e6; k++ {
		c.Axis = append(c.Axis, Tick{X: float64(labelW) + k*step/axisMax*barW, Label: TickLabel(k * step)})
	}
	return c
}

// NiceStep returns the smallest of 1, 2, 2.5 and 5 times a power of ten
// that is at least x; 1 for x <= 0, and at least 1 (counts get whole
// ticks).
func NiceStep(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= x*(1-1e-9) {
			if m*p < 1 {
				return 1
			}
			return m * p
		}
	}
	return 10 * p
}

// TickLabel writes an axis value: from a million on shortly (Number:
// "2.5bn"), whole numbers below with thousands separators ("2,500"),
// others with one decimal.
func TickLabel(v float64) string {
	if math.Abs(v) >= 1e6 {
		return Number(v)
	}
	if v != math.Trunc(v) {
		return fmt.Sprintf("%.1f", v)
	}
	return Thousands(int64(v))
}

// Thousands writes n with commas between groups of three digits.
func Thousands(n int64) string {
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

// TextWidth is a generous estimate of the width, in pixels, of a label in
// the charts' 12 px font (digits and Latin letters about 7 px).
func TextWidth(s string) int { return 8 * utf8.RuneCountInString(s) }

// Line is a line chart: series of values over the same X labels.
type Line struct {
	ID, Title     string
	Width, Height int
	// Plot is the plotting area: left, top, right, bottom.
	Left, Top, Right, Bottom float64
	Paths                    []Path
	XTicks, YTicks           []Tick
	// Bands are shaded spans of the X axis (a baseline period).
	Bands []Band
	// Marks are points drawn as circles with a tooltip (partial periods).
	Marks []Mark
	// maxV is the value at the top of the plot.
	maxV float64
}

// Path is one series drawn as a polyline.
type Path struct {
	Name, Stroke, Dash string
	Points             string
}

// Band is a shaded span of the X axis with a label.
type Band struct {
	X, W   float64
	Label  string
	LabelX float64
}

// Mark is a circled point.
type Mark struct {
	X, Y  float64
	Fill  string
	Title string
}

// LineSeries is one series for Lines: a value per X label (NaN for none).
type LineSeries struct {
	Name, Stroke, Dash string
	Values             []float64
}

// Lines lays out series over xLabels (one value per label); every
// labelEvery-th label is written under the axis. Values are scaled from 0
// to the largest.
func Lines(id, title string, xLabels []string, labelEvery int, series []LineSeries) Line {
	c := Line{ID: id, Title: title, Width: 760, Height: 230, Left: 70, Top: 12, Right: 740, Bottom: 195}
	maxV := 0.0
	for _, s := range series {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				maxV = max(maxV, v)
			}
		}
	}
	if maxV == 0 {
		maxV = 1
	}
	c.maxV = maxV
	for k := 0; k <= 4; k++ {
		v := maxV * float64(k) / 4
		c.YTicks = append(c.YTicks, Tick{Y: c.y(v, maxV), Label: Number(v)})
	}
	if labelEvery < 1 {
		labelEvery = 1
	}
	for i, l := range xLabels {
		if i%labelEvery == 0 {
			c.XTicks = append(c.XTicks, Tick{X: c.x(i, len(xLabels)), Label: l})
		}
	}
	for _, s := range series {
		p := Path{Name: s.Name, Stroke: s.Stroke, Dash: s.Dash}
		for i, v := range s.Values {
			if math.IsNaN(v) {
				continue
			}
			p.Points += fmt.Sprintf("%.1f,%.1f ", c.x(i, len(xLabels)), c.y(v, maxV))
		}
		c.Paths = append(c.Paths, p)
	}
	return c
}

// x is the horizontal position of label i of n.
func (c *Line) x(i, n int) float64 {
	if n <= 1 {
		return c.Left
	}
	return c.Left + float64(i)*(c.Right-c.Left)/float64(n-1)
}

func (c *Line) y(v, maxV float64) float64 { return c.Bottom - v/maxV*(c.Bottom-c.Top) }

// AddBand shades labels from..to (indexes of the X labels, n of them).
func (c *Line) AddBand(from, to, n int, label string) {
	x0, x1 := c.x(from, n), c.x(to, n)
	c.Bands = append(c.Bands, Band{X: x0, W: max(x1-x0, 2), Label: label, LabelX: x0 + 4})
}

// AddMark circles the value v at label i of n.
func (c *Line) AddMark(i, n int, v float64, fill, title string) {
	c.Marks = append(c.Marks, Mark{X: c.x(i, n), Y: c.y(v, c.maxV), Fill: fill, Title: title})
}

// Number writes a value shortly: 1.2bn, 350M, 12k, 0.8.
func Number(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return trim(fmt.Sprintf("%.2f", v/1e9)) + "bn"
	case a >= 1e6:
		return trim(fmt.Sprintf("%.1f", v/1e6)) + "M"
	case a >= 1e3:
		return trim(fmt.Sprintf("%.1f", v/1e3)) + "k"
	case a == math.Trunc(a):
		return fmt.Sprintf("%.0f", v)
	}
	return trim(fmt.Sprintf("%.2f", v))
}

// trim drops the trailing zeros of a decimal ("1.50" → "1.5", "2.0" → "2").
func trim(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
