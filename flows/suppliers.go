package flows

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// SupplierQuery selects the transaction-level flows of Suppliers and
// Monthly. The zero value selects everything.
type SupplierQuery struct {
	// To is the destination country (ISO alpha-2); "" for any. A record
	// without a destination counts under its consignee's country.
	To string
	// CHPL keeps only goods on the Common High Priority List.
	CHPL bool
	// Listed keeps only consignees (or end users) that are listed or
	// owned 50% or more by listed parties.
	Listed bool
	// From and Until bound the months, inclusive (YYYY-MM, "" for open).
	From, Until string
	// Monthly splits the rows by month.
	Monthly bool
	// Limit caps the rows (0: no cap).
	Limit int
}

// SupplierRow is one flow of goods from a supplier to a consignee: one HS
// code and currency, over the months of the query (or one month).
type SupplierRow struct {
	SupplierCountry  string `json:"supplier_country"`
	Supplier         string `json:"supplier"`
	Consignee        string `json:"consignee"`
	ConsigneeCountry string `json:"consignee_country"`
	Destination      string `json:"destination"`
	HS               string `json:"hs"`
	CHPLTier         string `json:"chpl_tier"`
	// Month is set when the query is Monthly.
	Month string `json:"month,omitempty"`
	// FirstMonth and LastMonth are the first and last months with a
	// shipment; Months counts the months with one.
	FirstMonth string  `json:"first_month"`
	LastMonth  string  `json:"last_month"`
	Months     int     `json:"months"`
	Shipments  int64   `json:"shipments"`
	Value      float64 `json:"value"`
	Currency   string  `json:"currency"`
	// Listed: the consignee (or end user) is listed or 50%-owned.
	Listed bool `json:"listed"`
	// Entities are the list entries that make it a concern; Caption and
	// Score are known for entries seen in imported shipments, not for
	// those only in Beam aggregates.
	Entities []Entity `json:"entities"`
}

// where builds the WHERE clause and its arguments.
func (q SupplierQuery) where() (string, []any) {
	var conds []string
	var args []any
	if q.To != "" {
		conds = append(conds, "coalesce(nullif(destination, ''), consignee_country) = ?")
		args = append(args, strings.ToUpper(q.To))
	}
	if q.CHPL {
		conds = append(conds, "chpl_tier <> ''")
	}
	if q.Listed {
		conds = append(conds, "listed")
	}
	if q.From != "" {
		conds = append(conds, "month >= ?")
		args = append(args, q.From)
	}
	if q.Until != "" {
		conds = append(conds, "month <= ?")
		args = append(args, q.Until)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// ErrBadMonth is returned for a month bound that is not YYYY-MM.
var ErrBadMonth = errors.New("want YYYY-MM")

func checkMonth(m string) error {
	if m == "" {
		return nil
	}
	if len(m) != 7 || m[4] != '-' || strings.Trim(m[:4]+m[5:], "0123456789") != "" || m[5:] < "01" || m[5:] > "12" {
		return fmt.Errorf("flows: month %q: %w", m, ErrBadMonth)
	}
	return nil
}

// prepare checks the query's months and makes sure the tables exist.
func (db *DB) prepare(ctx context.Context, q SupplierQuery) error {
	if err := checkMonth(q.From); err != nil {
		return err
	}
	if err := checkMonth(q.Until); err != nil {
		return err
	}
	return db.ensureTx(ctx)
}

// Suppliers answers "who ships what to whom": the flows of the view
// flows_tx_rows (imported shipments and Beam aggregates) selected by q,
// grouped by supplier country, supplier, consignee, HS code and currency
// (and month when q.Monthly), largest value first, each with its figures
// and the list entries that make the consignee a concern.
func (db *DB) Suppliers(ctx context.Context, q SupplierQuery) ([]SupplierRow, error) {
	if err := db.prepare(ctx, q); err != nil {
		return nil, err
	}
	where, args := q.where()
	month, group := "''", ""
	if q.Monthly {
		month, group = "month", ", month"
	}
	query := fmt.Sprintf(`SELECT supplier_country, supplier, consignee, consignee_country,
		coalesce(nullif(destination, ''), consignee_country) AS dest, hs, chpl_tier, currency, %s AS m,
		min(month), max(month), count(DISTINCT month), sum(shipments)::BIGINT, sum(value), bool_or(listed),
		coalesce(string_agg(DISTINCT entity_ids, ';') FILTER (WHERE entity_ids <> ''), '')
	FROM flows_tx_rows%s
	GROUP BY supplier_country, supplier, consignee, consignee_country, dest, hs, chpl_tier, currency%s
	ORDER BY sum(value) DESC, supplier_country, supplier, consignee, hs, m`, month, where, group)
	if q.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	rows, err := db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("flows: suppliers: %w", err)
	}
	defer rows.Close()
	var out []SupplierRow
	for rows.Next() {
		var r SupplierRow
		var ids string
		if err := rows.Scan(&r.SupplierCountry, &r.Supplier, &r.Consignee, &r.ConsigneeCountry, &r.Destination, &r.HS, &r.CHPLTier, &r.Currency, &r.Month,
			&r.FirstMonth, &r.LastMonth, &r.Months, &r.Shipments, &r.Value, &r.Listed, &ids); err != nil {
			return nil, fmt.Errorf("flows: suppliers: %w", err)
		}
		r.Entities = splitEntityIDs(ids)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("flows: suppliers: %w", err)
	}
	rows.Close()
	if err := db.describeEntities(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// splitEntityIDs reads ";"-joined "dataset:entity_id" keys, deduplicated
// and sorted.
func splitEntityIDs(ids string) []Entity {
	var keys []string
	for k := range strings.SplitSeq(ids, ";") {
		if k = strings.TrimSpace(k); k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	out := make([]Entity, 0, len(keys))
	for _, k := range keys {
		ds, id, ok := strings.Cut(k, ":")
		if !ok || ds == "" || id == "" {
			ds, id = "", k // no dataset: the key as it is
		}
		out = append(out, Entity{Dataset: ds, EntityID: id})
	}
	return out
}

// describeEntities fills in the caption, best score and standing of the
// entities from the imported shipments' list entries.
func (db *DB) describeEntities(ctx context.Context, rs []SupplierRow) error {
	need := map[string]bool{}
	for _, r := range rs {
		for _, e := range r.Entities {
			need[e.Key()] = true
		}
	}
	if len(need) == 0 {
		return nil
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT dataset, entity_id, any_value(caption), max(score), string_agg(DISTINCT how, ',' ORDER BY how)
		FROM flows_tx_entities WHERE role IN ('consignee', 'end_user') GROUP BY dataset, entity_id`)
	if err != nil {
		return fmt.Errorf("flows: suppliers: %w", err)
	}
	defer rows.Close()
	known := map[string]Entity{}
	for rows.Next() {
		var e Entity
		if err := rows.Scan(&e.Dataset, &e.EntityID, &e.Caption, &e.Score, &e.How); err != nil {
			return fmt.Errorf("flows: suppliers: %w", err)
		}
		if need[e.Key()] {
			known[e.Key()] = e
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("flows: suppliers: %w", err)
	}
	for i := range rs {
		for j, e := range rs[i].Entities {
			if k, ok := known[e.Key()]; ok {
				rs[i].Entities[j] = k
			}
		}
	}
	return nil
}

// MonthlyRow is the flow of one month to one destination of one HS code
// and currency: the monthly aggregate by partner and HS behind spikes.
type MonthlyRow struct {
	Month       string  `json:"month"`
	Destination string  `json:"destination"`
	HS          string  `json:"hs"`
	Currency    string  `json:"currency"`
	Shipments   int64   `json:"shipments"`
	Value       float64 `json:"value"`
}

// Monthly sums the transaction-level flows selected by q (Monthly and
// Limit aside) by month, destination, HS code and currency, in that order.
func (db *DB) Monthly(ctx context.Context, q SupplierQuery) ([]MonthlyRow, error) {
	if err := db.prepare(ctx, q); err != nil {
		return nil, err
	}
	where, args := q.where()
	rows, err := db.sql.QueryContext(ctx, `SELECT month, coalesce(nullif(destination, ''), consignee_country) AS dest, hs, currency,
		sum(shipments)::BIGINT, sum(value) FROM flows_tx_rows`+where+`
		GROUP BY month, dest, hs, currency ORDER BY month, dest, hs, currency`, args...)
	if err != nil {
		return nil, fmt.Errorf("flows: monthly: %w", err)
	}
	defer rows.Close()
	var out []MonthlyRow
	for rows.Next() {
		var r MonthlyRow
		if err := rows.Scan(&r.Month, &r.Destination, &r.HS, &r.Currency, &r.Shipments, &r.Value); err != nil {
			return nil, fmt.Errorf("flows: monthly: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("flows: monthly: %w", err)
	}
	return out, nil
}

// TransactionRows counts the rows of transaction-level records in the
// store: imported shipments and aggregate rows.
func (db *DB) TransactionRows(ctx context.Context) (int64, error) {
	if err := db.ensureTx(ctx); err != nil {
		return 0, err
	}
	var n int64
	if err := db.sql.QueryRowContext(ctx, "SELECT count(*) FROM flows_tx_rows").Scan(&n); err != nil {
		return 0, fmt.Errorf("flows: %w", err)
	}
	return n, nil
}
