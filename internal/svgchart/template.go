package svgchart

// Template defines the templates "chart" (a Bar) and "lines" (a Line).
// Parse it into the page's template set.
const Template = `{{define "chart"}}<figure>
<svg class="chart" id="chart-{{.ID}}" xmlns="http://www.w3.org/2000/svg" width="{{.Width}}" height="{{.Height}}" viewBox="0 0 {{.Width}} {{.Height}}" role="img" aria-label="{{.Title}}">
{{range .Axis}}<line x1="{{.X}}" x2="{{.X}}" y1="4" y2="{{$.AxisY}}" stroke="#ccc"/><text x="{{.X}}" y="{{$.AxisLabelY}}" text-anchor="middle" fill="#777">{{.Label}}</text>{{end}}
{{range .Rows}}<text x="184" y="{{.TextY}}" text-anchor="end">{{.Label}}</text>
{{range .Segments}}<rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="18" fill="{{.Fill}}"><title>{{.Title}}</title></rect>{{end}}
<text x="{{.ValueX}}" y="{{.TextY}}">{{.Value}}</text>
{{end}}
</svg>
<figcaption class="meta">{{.Title}}</figcaption>
</figure>{{end}}
{{define "lines"}}<figure>
<svg class="chart lines" id="chart-{{.ID}}" xmlns="http://www.w3.org/2000/svg" width="{{.Width}}" height="{{.Height}}" viewBox="0 0 {{.Width}} {{.Height}}" role="img" aria-label="{{.Title}}">
{{range .Bands}}<rect class="band" x="{{.X}}" y="{{$.Top}}" width="{{.W}}" height="{{printf "%.1f" (sub $.Bottom $.Top)}}" fill="#eef3f8"/><text x="{{.LabelX}}" y="{{printf "%.1f" (add $.Top 12)}}" fill="#678">{{.Label}}</text>{{end}}
{{range .YTicks}}<line x1="{{$.Left}}" x2="{{$.Right}}" y1="{{.Y}}" y2="{{.Y}}" stroke="#e4e4e4"/><text x="{{printf "%.1f" (sub $.Left 6)}}" y="{{printf "%.1f" (add .Y 4)}}" text-anchor="end" fill="#777">{{.Label}}</text>{{end}}
{{range .XTicks}}<line x1="{{.X}}" x2="{{.X}}" y1="{{$.Bottom}}" y2="{{printf "%.1f" (add $.Bottom 4)}}" stroke="#999"/><text x="{{.X}}" y="{{printf "%.1f" (add $.Bottom 18)}}" text-anchor="middle" fill="#777">{{.Label}}</text>{{end}}
{{range .Paths}}<polyline fill="none" stroke="{{.Stroke}}" stroke-width="2"{{if .Dash}} stroke-dasharray="{{.Dash}}"{{end}} points="{{.Points}}"><title>{{.Name}}</title></polyline>{{end}}
{{range .Marks}}<circle cx="{{.X}}" cy="{{.Y}}" r="4" fill="{{.Fill}}"><title>{{.Title}}</title></circle>{{end}}
</svg>
<figcaption class="meta">{{.Title}}{{range .Paths}} · <span style="color:{{.Stroke}}">{{if .Dash}}- - -{{else}}——{{end}} {{.Name}}</span>{{end}}</figcaption>
</figure>{{end}}`

// Funcs are the functions Template uses; add them to the page's template
// set before parsing it.
var Funcs = map[string]any{
	"add": func(a, b float64) float64 { return a + b },
	"sub": func(a, b float64) float64 { return a - b },
}
