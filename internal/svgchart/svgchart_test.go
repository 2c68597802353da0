package svgchart

import (
	"bytes"
	"html/template"
	"math"
	"strings"
	"testing"
)

func TestNumber(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"}, {12, "12"}, {0.456, "0.46"}, {1500, "1.5k"}, {2_000_000, "2M"}, {753_166_806, "753.2M"},
		{2_161_661_700, "2.16bn"}, {-47_121_082_055, "-47.12bn"},
	}
	for _, tt := range tests {
		if got := Number(tt.in); got != tt.want {
			t.Errorf("Number(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestLines: the largest value touches the top of the plot, zero its
// bottom, the first label its left edge and the last its right; a NaN is
// left out of the line; the templates draw it.
func TestLines(t *testing.T) {
	c := Lines("x", "title", []string{"2019", "2020", "2021"}, 1, []LineSeries{{Name: "v", Stroke: "#000", Values: []float64{0, math.NaN(), 10}}})
	want := "70.0,195.0 740.0,12.0 "
	if c.Paths[0].Points != want {
		t.Errorf("points %q, want %q", c.Paths[0].Points, want)
	}
	c.AddBand(0, 1, 3, "baseline")
	c.AddMark(2, 3, 5, "#fff", "partial")
	if c.Marks[0].Y != 103.5 || c.Bands[0].X != 70 || c.Bands[0].W != 335 {
		t.Errorf("mark %+v band %+v", c.Marks[0], c.Bands[0])
	}
	tpl := template.Must(template.New("t").Funcs(Funcs).Parse(`{{template "lines" .}}` + Template))
	var b bytes.Buffer
	if err := tpl.Execute(&b, c); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`id="chart-x"`, `points="70.0,195.0 740.0,12.0 "`, `class="band"`, "<circle"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("drawing lacks %s:\n%s", s, b.String())
		}
	}
}

func TestBars(t *testing.T) {
	c := Bars("b", "title", []string{"a", "b"}, [][]float64{{2, 2}, {1, 0}}, []string{"#f00", "#00f"}, []string{"x", "y"}, func(i int) string { return "" })
	if len(c.Rows) != 2 || len(c.Rows[0].Segments) != 2 || len(c.Rows[1].Segments) != 1 || c.Rows[0].Segments[1].X != labelW+barW/2 || c.Rows[1].Segments[0].W != barW/4 {
		t.Errorf("bars %+v", c.Rows)
	}
}
