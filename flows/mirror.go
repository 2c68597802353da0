package flows

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/redline-sanctions/redline/trade"
)

// MirrorQuery compares what an exporter declares it shipped to each
// partner with what the partner declares it received from the exporter.
type MirrorQuery struct {
	// Exporter is a country or aggregate code ("EU27", "DE").
	Exporter string
	// Baseline are the years whose ratio is the reference; Period the
	// year compared.
	Baseline Years
	Period   int
	// Importer, when set, keeps that partner only; HS keeps the codes
	// that start with it ("" keeps all, TOTAL included).
	Importer, HS string
	// Members adds a row per member country when Exporter is an aggregate
	// with a fixed membership (EU27): which member's figures diverge. The
	// members' periods are judged complete by the aggregate's.
	Members bool
	// PartialShare is the share of the year before below which the
	// importer's annual total in its latest year marks that year as
	// clearly partial; 0 means 0.5.
	PartialShare float64
}

// Mirror is one exporter, importer and HS code: both declarations in the
// period, their ratio, and the same ratio over the baseline.
type Mirror struct {
	Exporter     string `json:"exporter"`
	Importer     string `json:"importer"`
	ImporterName string `json:"importer_name"`
	HS           string `json:"hs"`
	Period       string `json:"period"`
	Baseline     string `json:"baseline"`
	// ExporterReported is the exporter's declared exports to the
	// importer, ImporterReported the importer's declared imports from the
	// exporter.
	ExporterReported float64 `json:"exporter_reported"`
	ImporterReported float64 `json:"importer_reported"`
	// Ratio is ImporterReported / ExporterReported; BaselineRatio the
	// same over the complete baseline years (their sums); Change is
	// Ratio / BaselineRatio. Each is nil when it cannot be computed: a
	// side with no figure, or an incomplete period.
	Ratio         *float64 `json:"ratio"`
	BaselineRatio *float64 `json:"baseline_ratio"`
	Change        *float64 `json:"change"`
	// ExporterBase and ImporterBase are the baseline sums the baseline
	// ratio rests on.
	ExporterBase float64 `json:"exporter_base"`
	ImporterBase float64 `json:"importer_base"`
	Currency     string  `json:"currency"`
	// Incomplete says why the period (or a baseline year) could not be
	// compared; Notes how a side was put together.
	Incomplete []string `json:"incomplete,omitempty"`
	Notes      []string `json:"notes,omitempty"`
}

// Mirror compares, for each partner that reports its imports, the
// exporter's declared exports with the partner's declared imports from it.
//
// A side is incomplete in a year when its figures do not cover the twelve
// months, or when it is the importer's latest year and its total imports
// from all partners are below PartialShare of the year before (the latest
// year of a country's own statistics is often published in part). An incomplete
// period gets no ratio; an incomplete baseline year is left out of the
// baseline ratio; both are listed in Incomplete. When the importer reports
// no imports from an aggregate exporter (EU27) as such, its imports from
// the members are summed, and the row says so.
func (db *DB) Mirror(ctx context.Context, q MirrorQuery) ([]Mirror, error) {
	if q.Baseline.From == 0 || q.Baseline.To < q.Baseline.From || q.Period == 0 {
		return nil, fmt.Errorf("flows: mirror needs a baseline (years) and a period (a year)")
	}
	if q.PartialShare == 0 {
		q.PartialShare = 0.5
	}
	exporters := []string{q.Exporter}
	members := trade.Members(q.Exporter)
	if q.Members {
		exporters = append(exporters, members...)
	}
	exp, err := db.loadFigures(ctx, trade.Export, "reporter IN ("+placeholders(len(exporters))+")", anys(exporters)...)
	if err != nil {
		return nil, err
	}
	if len(exp.cells) == 0 {
		return nil, fmt.Errorf("flows: exports of %s: %w", q.Exporter, ErrNoData)
	}
	cur := exp.currency()
	partners := append([]string{q.Exporter}, members...)
	imp, err := db.loadFigures(ctx, trade.Import, "currency = ? AND partner IN ("+placeholders(len(partners))+")", append([]any{cur}, anys(partners)...)...)
	if err != nil {
		return nil, err
	}
	totals, err := db.importTotals(ctx, cur)
	if err != nil {
		return nil, err
	}
	var out []Mirror
	years := []int{q.Period}
	for y := q.Baseline.From; y <= q.Baseline.To; y++ {
		years = append(years, y)
	}
	for k, ec := range exp.cells {
		if q.Importer != "" && k.partner != q.Importer || q.HS != "" && !strings.HasPrefix(k.hs, q.HS) {
			continue
		}
		importer := k.partner
		if _, reports := imp.cover[importer]; !reports {
			continue
		}
		m := Mirror{Exporter: k.reporter, Importer: importer, ImporterName: exp.names[importer], HS: k.hs,
			Period: fmt.Sprint(q.Period), Baseline: q.Baseline.String(), Currency: exp.currency()}
		// The importer's figure for imports from the exporter.
		ic := imp.cells[cellKey{importer, k.reporter, k.hs}]
		if ic == nil {
			ms := trade.Members(k.reporter)
			var parts []*cell
			for _, p := range ms {
				if c := imp.cells[cellKey{importer, p, k.hs}]; c != nil {
					parts = append(parts, c)
				}
			}
			if len(parts) == 0 {
				continue
			}
			ic = sumCells(parts)
			m.Notes = append(m.Notes, fmt.Sprintf("%s reports no imports from %s as such: its imports from %d of the %d members are summed", importer, k.reporter, len(parts), len(ms)))
		}
		val := map[int][2]float64{}
		bad := map[int]bool{}
		for _, y := range years {
			var why []string
			// A member's periods are judged by the aggregate's: a month
			// without a figure is zero trade, not a gap in the data.
			em := exp.months(k.reporter, y)
			if k.reporter != q.Exporter {
				em = exp.months(q.Exporter, y)
			}
			im := imp.months(importer, y)
			if em != fullYear {
				why = append(why, fmt.Sprintf("%s's exports in %d cover %s only", k.reporter, y, monthText(em)))
			}
			if im != fullYear {
				why = append(why, fmt.Sprintf("%s's imports in %d cover %s only", importer, y, monthText(im)))
			} else if t, prev, latest := totals.share(importer, y); latest && t < q.PartialShare*prev {
				why = append(why, fmt.Sprintf("%s's imports from all partners in %d, its latest year, total %.0f, %.0f%% of %d (%.0f): clearly partial",
					importer, y, t, 100*t/prev, y-1, prev))
			}
			ev, _ := ec.value(y, fullYear)
			iv, _ := ic.value(y, fullYear)
			val[y] = [2]float64{ev, iv}
			if len(why) > 0 {
				bad[y] = true
				m.Incomplete = append(m.Incomplete, why...)
			}
		}
		m.ExporterReported, m.ImporterReported = val[q.Period][0], val[q.Period][1]
		if !bad[q.Period] && m.ExporterReported > 0 {
			r := m.ImporterReported / m.ExporterReported
			m.Ratio = &r
		}
		for y := q.Baseline.From; y <= q.Baseline.To; y++ {
			if !bad[y] {
				m.ExporterBase += val[y][0]
				m.ImporterBase += val[y][1]
			}
		}
		if m.ExporterBase > 0 {
			r := m.ImporterBase / m.ExporterBase
			m.BaselineRatio = &r
		}
		if m.Ratio != nil && m.BaselineRatio != nil && *m.BaselineRatio > 0 {
			c := *m.Ratio / *m.BaselineRatio
			m.Change = &c
		}
		if m.ExporterReported == 0 && m.ImporterReported == 0 && m.ExporterBase == 0 && m.ImporterBase == 0 {
			continue
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Mirror) int {
		if c := cmp.Compare(rank(a.Exporter != q.Exporter), rank(b.Exporter != q.Exporter)); c != 0 {
			return c // the exporter asked for first, then its members
		}
		return cmp.Or(cmp.Compare(distance(b.Change), distance(a.Change)), cmp.Compare(a.Exporter, b.Exporter), cmp.Compare(a.Importer, b.Importer), cmp.Compare(a.HS, b.HS))
	})
	return out, nil
}

func rank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// distance is how far a change is from 1 on a log scale (nil: -1, last).
func distance(c *float64) float64 {
	if c == nil || *c <= 0 {
		return -1
	}
	return math.Abs(math.Log(*c))
}

func sumCells(cs []*cell) *cell {
	out := &cell{vals: map[trade.Period]float64{}}
	for _, c := range cs {
		for p, v := range c.vals {
			out.vals[p] += v
		}
	}
	return out
}

// importTotals are each reporter's total imports per year over its country
// partners (aggregates left out), all goods.
type importTotals map[string]map[int]float64

func (db *DB) importTotals(ctx context.Context, currency string) (importTotals, error) {
	f, err := db.loadFigures(ctx, trade.Import, "hs = 'TOTAL' AND currency = ?", currency)
	if err != nil {
		return nil, err
	}
	t := importTotals{}
	for k, c := range f.cells {
		if trade.IsAggregate(k.partner) {
			continue
		}
		if t[k.reporter] == nil {
			t[k.reporter] = map[int]float64{}
		}
		years := map[int]bool{}
		for p := range c.vals {
			years[p.Year] = true
		}
		for y := range years {
			v, _ := c.value(y, fullYear)
			t[k.reporter][y] += v
		}
	}
	return t, nil
}

// share returns the reporter's total in year and in the year before, and
// whether year is the latest year of its figures.
func (t importTotals) share(reporter string, year int) (total, prev float64, latest bool) {
	latest = true
	for y := range t[reporter] {
		if y > year {
			latest = false
		}
	}
	return t[reporter][year], t[reporter][year-1], latest
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
