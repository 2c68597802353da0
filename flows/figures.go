package flows

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/bits"
	"strings"

	"github.com/redline-sanctions/redline/trade"
)

// ErrNoData is wrapped by the errors of analyses that find no figures for
// what they were asked.
var ErrNoData = errors.New("no trade statistics for the query")

// fullYear is the month mask of a whole year (bits 1 to 12).
const fullYear uint16 = 0x1ffe

// figureQuery selects the figures of the statistics table that an analysis
// rests on, one per reporter, partner, flow, HS code, period and currency:
// for a figure given per statistical procedure, the TOTAL row when there is
// one, else the sum of the procedures.
const figureQuery = `
SELECT reporter, partner, hs, year, month, currency,
	CASE WHEN bool_or(procedure = 'TOTAL') THEN sum(value) FILTER (WHERE procedure = 'TOTAL') ELSE sum(value) END AS value,
	max(reporter_name), max(partner_name)
FROM trade_stats
WHERE %s
GROUP BY reporter, partner, flow, hs, year, month, currency`

// figures are one flow's figures, by reporter, partner and HS code.
type figures struct {
	cells map[cellKey]*cell
	// cover is, per reporter and year, the months that any figure of the
	// reporter covers (bits 1 to 12; bit 0 when there is an annual figure).
	cover      map[string]map[int]uint16
	currencies map[string]bool
	names      map[string]string
}

type cellKey struct{ reporter, partner, hs string }

type cell struct {
	vals map[trade.Period]float64
}

// loadFigures reads the figures of flow matching where (SQL over the
// trade_stats columns, with args).
func (db *DB) loadFigures(ctx context.Context, flow trade.Flow, where string, args ...any) (*figures, error) {
	if err := db.statsTable(ctx); err != nil {
		return nil, err
	}
	f := &figures{cells: map[cellKey]*cell{}, cover: map[string]map[int]uint16{}, currencies: map[string]bool{}, names: map[string]string{}}
	q := fmt.Sprintf(figureQuery, "flow = ? AND ("+where+")")
	err := queryRows(ctx, db.sql, q, append([]any{string(flow)}, args...), func(rows *sql.Rows) error {
		var k cellKey
		var year, month int
		var cur, rname, pname string
		var v float64
		if err := rows.Scan(&k.reporter, &k.partner, &k.hs, &year, &month, &cur, &v, &rname, &pname); err != nil {
			return err
		}
		c := f.cells[k]
		if c == nil {
			c = &cell{vals: map[trade.Period]float64{}}
			f.cells[k] = c
		}
		c.vals[trade.Period{Year: year, Month: month}] = v
		if f.cover[k.reporter] == nil {
			f.cover[k.reporter] = map[int]uint16{}
		}
		f.cover[k.reporter][year] |= 1 << month
		f.currencies[cur] = true
		f.names[k.reporter] = rname
		f.names[k.partner] = pname
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(f.currencies) > 1 {
		var cs []string
		for c := range f.currencies {
			cs = append(cs, c)
		}
		return nil, fmt.Errorf("flows: figures in more than one currency (%s): choose one with Currency", strings.Join(cs, ", "))
	}
	return f, nil
}

func (f *figures) currency() string {
	for c := range f.currencies {
		return c
	}
	return ""
}

// months returns the months of year the reporter's figures cover: all
// twelve when it has annual figures for the year.
func (f *figures) months(reporter string, year int) uint16 {
	m := f.cover[reporter][year]
	if m&1 != 0 {
		return fullYear
	}
	return m
}

// value is the cell's value over the months of mask in year: the annual
// figure when mask is the whole year and there is one, else the sum of the
// monthly figures (an absent month is zero trade). ok is false when mask
// is part of a year for which the cell has only an annual figure.
func (c *cell) value(year int, mask uint16) (v float64, ok bool) {
	if c == nil {
		return 0, true
	}
	if a, has := c.vals[trade.Period{Year: year}]; has {
		if mask == fullYear {
			return a, true
		}
		return 0, false
	}
	for m := 1; m <= 12; m++ {
		if mask&(1<<m) != 0 {
			v += c.vals[trade.Period{Year: year, Month: m}]
		}
	}
	return v, true
}

// monthText writes a month mask as "Jan-Dec", "Jan-Aug" or "Jan, Mar".
func monthText(mask uint16) string {
	if mask == 0 {
		return "none"
	}
	var ms []int
	for m := 1; m <= 12; m++ {
		if mask&(1<<m) != 0 {
			ms = append(ms, m)
		}
	}
	var parts []string
	for _, r := range runs(ms) {
		if r[0] == r[1] {
			parts = append(parts, trade.MonthName(r[0]))
		} else {
			parts = append(parts, trade.MonthName(r[0])+"-"+trade.MonthName(r[1]))
		}
	}
	return strings.Join(parts, ", ")
}

func monthCount(mask uint16) int { return bits.OnesCount16(mask &^ 1) }

// Years is an inclusive range of years, as "2019-2021" or "2019".
type Years struct{ From, To int }

// ParseYears reads "2019-2021" or "2019".
func ParseYears(s string) (Years, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		b = a
	}
	pa, err1 := trade.ParsePeriod(a)
	pb, err2 := trade.ParsePeriod(b)
	if err1 != nil || err2 != nil || !pa.Annual() || !pb.Annual() || pb.Year < pa.Year {
		return Years{}, fmt.Errorf("years %q: want FROM-TO, e.g. 2019-2021", s)
	}
	return Years{pa.Year, pb.Year}, nil
}

func (y Years) String() string {
	if y.From == y.To {
		return fmt.Sprint(y.From)
	}
	return fmt.Sprintf("%d-%d", y.From, y.To)
}

// Len is the number of years.
func (y Years) Len() int { return y.To - y.From + 1 }

// hsMatch reports whether code is selected by an HS prefix and, with chpl,
// is a Common High Priority List code (or a heading or chapter holding one).
func hsMatch(code, prefix string, chpl map[string]bool) bool {
	if prefix != "" && !strings.HasPrefix(code, prefix) {
		return false
	}
	if chpl != nil {
		if code == trade.Total || len(code) < 2 {
			return false
		}
		return chpl[code[:min(len(code), 6)]]
	}
	return true
}
