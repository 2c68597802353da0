package flows

import (
	"context"
	"fmt"
	"slices"

	"github.com/redline-sanctions/redline/trade"
)

// SeriesQuery asks for one reporter's trade with each of some partners over
// time, for charts.
type SeriesQuery struct {
	Reporter string
	// Partners are the partners wanted; none means every partner.
	Partners []string
	// Flow is trade.Export when empty; HS is trade.Total when empty.
	Flow trade.Flow
	HS   string
	// Monthly asks for one point per month, else one per year.
	Monthly bool
	// Currency selects one currency when the reporter has several.
	Currency string
}

// Series is one partner's values over time.
type Series struct {
	Reporter    string  `json:"reporter"`
	Partner     string  `json:"partner"`
	PartnerName string  `json:"partner_name"`
	HS          string  `json:"hs"`
	Currency    string  `json:"currency"`
	Points      []Point `json:"points"`
}

// Point is the value of one period. For a year built from monthly
// figures, Months is the number of months the reporter's figures cover
// that year and Partial is true when it is fewer than twelve.
type Point struct {
	Period  string  `json:"period"`
	Year    int     `json:"year"`
	Month   int     `json:"month,omitempty"`
	Value   float64 `json:"value"`
	Months  int     `json:"months"`
	Partial bool    `json:"partial"`
}

// Series returns the yearly or monthly series of q.Reporter's trade with
// each partner, over every period the reporter has figures for (an absent
// figure in a covered period is zero), partners in the order asked.
func (db *DB) Series(ctx context.Context, q SeriesQuery) ([]Series, error) {
	if q.Flow == "" {
		q.Flow = trade.Export
	}
	if q.HS == "" {
		q.HS = trade.Total
	}
	where, args := "reporter = ? AND hs = ?", []any{q.Reporter, q.HS}
	if len(q.Partners) > 0 {
		where += " AND partner IN (" + placeholders(len(q.Partners)) + ")"
		args = append(args, anys(q.Partners)...)
	}
	if q.Currency != "" {
		where, args = where+" AND currency = ?", append(args, q.Currency)
	}
	f, err := db.loadFigures(ctx, q.Flow, where, args...)
	if err != nil {
		return nil, err
	}
	if len(f.cells) == 0 {
		return nil, fmt.Errorf("flows: %s %s: %w", q.Reporter, q.Flow, ErrNoData)
	}
	var years []int
	for y := range f.cover[q.Reporter] {
		years = append(years, y)
	}
	slices.Sort(years)
	partners := q.Partners
	if len(partners) == 0 {
		for k := range f.cells {
			partners = append(partners, k.partner)
		}
		slices.Sort(partners)
	}
	var out []Series
	for _, p := range partners {
		c := f.cells[cellKey{q.Reporter, p, q.HS}]
		if c == nil {
			continue
		}
		s := Series{Reporter: q.Reporter, Partner: p, PartnerName: f.names[p], HS: q.HS, Currency: f.currency()}
		for _, y := range years {
			mask := f.months(q.Reporter, y)
			if !q.Monthly {
				v, ok := c.value(y, mask)
				if !ok {
					continue
				}
				s.Points = append(s.Points, Point{Period: fmt.Sprint(y), Year: y, Value: v, Months: monthCount(mask), Partial: mask != fullYear})
				continue
			}
			for m := 1; m <= 12; m++ {
				if mask&(1<<m) == 0 || f.cover[q.Reporter][y]&1 != 0 {
					continue // an annual figure has no months
				}
				per := trade.Period{Year: y, Month: m}
				s.Points = append(s.Points, Point{Period: per.String(), Year: y, Month: m, Value: c.vals[per], Months: 1})
			}
		}
		out = append(out, s)
	}
	return out, nil
}
