package flows

import (
	"fmt"
	"html/template"
	"io"
)

// suppliersTable is the supplier table of the flows report and the web
// UI: a fragment (no page around it), every value escaped.
var suppliersTable = template.Must(template.New("suppliers").Funcs(template.FuncMap{
	"money": func(v float64) string { return fmt.Sprintf("%.2f", v) },
}).Parse(`<table class="flows-suppliers results">
<thead><tr><th>From</th><th>Supplier</th><th>Consignee</th><th>To</th><th>HS</th><th>CHPL</th><th>Months</th><th>Shipments</th><th>Value</th><th>Listed entries</th></tr></thead>
<tbody>
{{- range .}}
<tr{{if .Listed}} class="listed"{{end}}><td>{{.SupplierCountry}}</td><td>{{.Supplier}}</td><td>{{.Consignee}}</td><td>{{.Destination}}</td><td>{{.HS}}</td><td>{{.CHPLTier}}</td>
<td>{{if .Month}}{{.Month}}{{else}}{{.FirstMonth}}{{if ne .LastMonth .FirstMonth}} – {{.LastMonth}}{{end}}{{end}}</td><td class="num">{{.Shipments}}</td><td class="num">{{money .Value}} {{.Currency}}</td>
<td>{{range $i, $e := .Entities}}{{if $i}}<br>{{end}}{{if $e.Caption}}{{$e.Caption}} <small>({{$e.Key}}{{if $e.Score}}, {{printf "%.2f" $e.Score}}{{end}}{{if and $e.How (ne $e.How "listed")}}, {{$e.How}} by the 50% rule{{end}})</small>{{else}}{{$e.Key}}{{end}}{{end}}</td></tr>
{{- else}}
<tr><td colspan="10">No shipments match.</td></tr>
{{- end}}
</tbody>
</table>
`))

// WriteSuppliersHTML writes rows as an HTML table fragment (class
// "flows-suppliers"; rows of listed consignees have class "listed"), for
// the flows report and the web UI.
func WriteSuppliersHTML(w io.Writer, rows []SupplierRow) error {
	return suppliersTable.Execute(w, rows)
}
