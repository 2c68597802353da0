package report

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/redline-sanctions/redline/internal/svgchart"
)

// chart is a horizontal bar chart, drawn by the "chart" template of
// svgchart.
type chart = svgchart.Bar

// bars lays out rows of segment values (each row's values in the order of
// colors) on a nice axis (svgchart.Bars).
var bars = svgchart.Bars

// thousands writes n with commas between groups of three digits.
var thousands = svgchart.Thousands

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
