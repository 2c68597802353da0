package flows

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/redline-sanctions/redline/goods"
	"github.com/redline-sanctions/redline/trade"
)

// SpikeQuery asks which partners (and HS codes) a reporter's trade grew
// with most between a baseline and a period.
type SpikeQuery struct {
	// Reporter is a country or aggregate code (trade.Area: "EU27", "DE").
	Reporter string
	// Flow is trade.Export (the zero value means export) or trade.Import.
	Flow trade.Flow
	// Baseline are the years to compare with; Period a year or a month.
	Baseline Years
	Period   trade.Period
	// MinBase drops rows whose baseline is below it (in the currency of
	// the figures); 0 keeps every row.
	MinBase float64
	// HS keeps the codes that start with it; CHPL keeps the codes of the
	// Common High Priority List (six-digit subheadings, longer codes
	// under them, and the four-digit headings that hold one). Neither
	// keeps every code, TOTAL included.
	HS   string
	CHPL bool
	// Partner, when set, keeps that partner only.
	Partner string
	// Currency selects the figures of one currency when the reporter has
	// figures in more than one ("EUR" from Comext, "USD" from Comtrade).
	Currency string
	// Members adds the rows of each member country when Reporter is an
	// aggregate with a fixed membership (EU27): which member's trade with
	// a partner grew. The members' periods are judged complete by the
	// aggregate's: a member's missing month is zero trade.
	Members bool
}

// Spike is one partner's (and HS code's) figures: the baseline mean, the
// current value and how they compare.
type Spike struct {
	Reporter     string `json:"reporter"`
	ReporterName string `json:"reporter_name"`
	Partner      string `json:"partner"`
	PartnerName  string `json:"partner_name"`
	Flow         string `json:"flow"`
	HS           string `json:"hs"`
	Period       string `json:"period"`
	Baseline     string `json:"baseline"`
	// Months are the months compared in each year ("Jan-Dec", or
	// "Jan-Aug" when the period is a partial year).
	Months string `json:"months"`
	// Base is the baseline mean per year (per month when Period is a
	// month), BaseYears the baseline years' values it is the mean of.
	Base      float64   `json:"base"`
	BaseYears []float64 `json:"base_years"`
	Current   float64   `json:"current"`
	// Ratio is Current / Base, nil when Base is zero (the flow is new).
	Ratio    *float64 `json:"ratio"`
	Excess   float64  `json:"excess"`
	Currency string   `json:"currency"`
	// Partial is true when the period is a part of a year compared with
	// the same months of the baseline years.
	Partial bool `json:"partial"`
}

// Spikes is the answer to a SpikeQuery: the rows, sorted by ratio
// (highest first; flows without a baseline after them, by excess), and
// notes on how the periods were compared.
type Spikes struct {
	Rows  []Spike  `json:"rows"`
	Notes []string `json:"notes,omitempty"`
}

// chplCodes are the CHPL subheadings and the headings that hold one.
func chplCodes() map[string]bool {
	m := map[string]bool{}
	for _, c := range goods.CHPL() {
		m[c] = true
		m[c[:4]] = true
	}
	return m
}

// Spikes compares, for each partner and HS code of q.Reporter, the value
// in q.Period with the mean of the baseline years.
//
// A year is compared over the months the reporter's figures cover in it:
// when the latest year has only January to August, each baseline year
// contributes its January to August too, and the rows say Partial. A month
// is compared with the mean month of the baseline years. A baseline year
// that lacks some of the compared months is named in the notes (its
// missing months count as zero). A partner with no baseline trade gets a
// nil ratio.
func (db *DB) Spikes(ctx context.Context, q SpikeQuery) (*Spikes, error) {
	if q.Flow == "" {
		q.Flow = trade.Export
	}
	if q.Baseline.From == 0 || q.Baseline.To < q.Baseline.From || !q.Period.Valid() || q.Period.Year == 0 {
		return nil, fmt.Errorf("flows: spikes need a baseline (years) and a period")
	}
	reporters := []string{q.Reporter}
	if q.Members {
		reporters = append(reporters, trade.Members(q.Reporter)...)
	}
	want := map[string]bool{}
	for _, r := range reporters {
		want[r] = true
	}
	where := "reporter IN (" + placeholders(len(reporters)) + ") AND (year BETWEEN ? AND ? OR year = ?)"
	args := append(anys(reporters), q.Baseline.From, q.Baseline.To, q.Period.Year)
	if q.Currency != "" {
		where, args = where+" AND currency = ?", append(args, q.Currency)
	}
	f, err := db.loadFigures(ctx, q.Flow, where, args...)
	if err != nil {
		return nil, err
	}
	mask := f.months(q.Reporter, q.Period.Year)
	if !q.Period.Annual() {
		mask &= 1 << q.Period.Month
	}
	if mask == 0 {
		return nil, fmt.Errorf("flows: %s %s in %s: %w", q.Reporter, q.Flow, q.Period, ErrNoData)
	}
	out := &Spikes{}
	// The months each baseline year is compared over.
	baseMask := map[int]uint16{}
	baseMonths := 0
	for y := q.Baseline.From; y <= q.Baseline.To; y++ {
		have := f.months(q.Reporter, y)
		need := mask
		if !q.Period.Annual() {
			need = fullYear // a month is compared with the mean month
		}
		if have&need != need {
			out.Notes = append(out.Notes, fmt.Sprintf("baseline year %d: %s %s has figures for %s only; the months missing count as zero", y, q.Reporter, q.Flow, monthText(have)))
		}
		baseMask[y] = need
		baseMonths += monthCount(need)
	}
	if q.Period.Annual() && mask != fullYear {
		out.Notes = append(out.Notes, fmt.Sprintf("%d is incomplete: %s %s has figures for %s %d only; each baseline year is compared over the same months",
			q.Period.Year, q.Reporter, q.Flow, monthText(mask), q.Period.Year))
	}
	var chpl map[string]bool
	if q.CHPL {
		chpl = chplCodes()
	}
	for k, c := range f.cells {
		if !want[k.reporter] || (q.Partner != "" && k.partner != q.Partner) || !hsMatch(k.hs, q.HS, chpl) {
			continue
		}
		s := Spike{Reporter: k.reporter, ReporterName: f.names[k.reporter], Partner: k.partner, PartnerName: f.names[k.partner],
			Flow: string(q.Flow), HS: k.hs, Period: q.Period.String(), Baseline: q.Baseline.String(), Months: monthText(mask),
			Currency: f.currency(), Partial: q.Period.Annual() && mask != fullYear}
		cur, ok := c.value(q.Period.Year, mask)
		if !ok {
			return nil, fmt.Errorf("flows: %s → %s %s: only an annual figure for %d, cannot take %s of it", k.reporter, k.partner, k.hs, q.Period.Year, monthText(mask))
		}
		sum := 0.0
		for y := q.Baseline.From; y <= q.Baseline.To; y++ {
			v, ok := c.value(y, baseMask[y])
			if !ok {
				return nil, fmt.Errorf("flows: %s → %s %s: only an annual figure for %d, cannot compare its %s with %s", k.reporter, k.partner, k.hs, y, monthText(mask), q.Period)
			}
			s.BaseYears = append(s.BaseYears, v)
			sum += v
		}
		if q.Period.Annual() {
			s.Base = sum / float64(q.Baseline.Len())
		} else {
			s.Base = sum / float64(baseMonths) // the mean month
		}
		s.Current = cur
		s.Excess = cur - s.Base
		if s.Base > 0 {
			r := cur / s.Base
			s.Ratio = &r
		}
		if s.Base < q.MinBase || (s.Base == 0 && cur == 0) {
			continue
		}
		out.Rows = append(out.Rows, s)
	}
	slices.SortFunc(out.Rows, func(a, b Spike) int {
		ra, rb := math.Inf(-1), math.Inf(-1)
		if a.Ratio != nil {
			ra = *a.Ratio
		}
		if b.Ratio != nil {
			rb = *b.Ratio
		}
		return cmp.Or(cmp.Compare(rb, ra), cmp.Compare(b.Excess, a.Excess), cmp.Compare(a.Partner, b.Partner), cmp.Compare(a.HS, b.HS))
	})
	return out, nil
}
