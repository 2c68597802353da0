package pipeline

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/parquet-go/parquet-go"

	"github.com/redline-sanctions/redline/flows/aggregate"
	"github.com/redline-sanctions/redline/shipment"
)

// FlowsConfig configures the trade-flow aggregation: the shipments are
// read and assessed as by Shipments (same fields), then summed per
// FlowRow key and written as Parquet shards PREFIX-SSSSS-of-NNNNN.parquet.
type FlowsConfig = ShipmentsConfig

// FlowRow is one row of the transaction aggregates the pipeline writes:
// the shipments of one month from one supplier to one consignee of one HS
// code, in one currency. Its columns are the contract that `redline flows
// import` reads, defined once in package aggregate.
type FlowRow = aggregate.Row

// FlowSum is the summed part of a FlowRow.
type FlowSum struct {
	Shipments int64
	Value     float64
}

var (
	monthRE = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)
	hsRE    = regexp.MustCompile(`^[0-9]{6}$`)
)

// FlowOf returns the aggregate row (with Shipments 1 and the shipment's
// value) of one assessed shipment, or a reason when it cannot be placed
// in a month and an HS code. kinds maps rule ids to their kinds: the
// listed_party flags, and the owned_by_listed flags whose standing is
// "blocked" or "same_as", of the consignee or the end user make it listed.
func FlowOf(a *shipment.Assessment, kinds map[string]string) (FlowRow, string) {
	s := a.Shipment
	r := FlowRow{HS: a.Goods.HSCode, CHPLTier: a.Goods.CHPLTier, Shipments: 1, Value: s.Value, Currency: s.Currency, Destination: s.Destination}
	if p := s.Party(shipment.Shipper); p != nil {
		r.Supplier, r.SupplierCountry = p.Name, p.Country
	}
	if p := s.Party(shipment.Consignee); p != nil {
		r.Consignee, r.ConsigneeCountry = p.Name, p.Country
	}
	if r.HS == "" {
		r.HS = s.HSCode
	}
	if r.Destination == "" {
		r.Destination = r.ConsigneeCountry
	}
	if len(s.Date) >= 7 {
		r.Month = s.Date[:7]
	}
	var ids []string
	for _, p := range shipment.ListedParties(a, kinds) {
		if !p.EndUser() {
			continue
		}
		r.Listed = true
		if !slices.Contains(ids, p.Key()) {
			ids = append(ids, p.Key())
		}
	}
	slices.Sort(ids)
	r.EntityIDs = strings.Join(ids, ";")
	switch {
	case !monthRE.MatchString(r.Month):
		return r, fmt.Sprintf("no shipment date (YYYY-MM-DD) to place it in a month (date %q)", s.Date)
	case !hsRE.MatchString(r.HS):
		return r, fmt.Sprintf("no 6-digit HS code (hs %q)", r.HS)
	}
	return r, ""
}

// flowKey is the grouping key of a row: its columns but the sums.
func flowKey(r FlowRow) string {
	r.Shipments, r.Value = 0, 0
	b, _ := json.Marshal(r) // strings and a bool: cannot fail
	return string(b)
}

var flowsUnplaced = beam.NewCounter("redline", "flows_unplaced")

// flowFn assesses ShipmentRows and keys each by its aggregate row.
type flowFn struct {
	Lists     Lists   `json:"lists"`
	Rules     []byte  `json:"rules"`
	Threshold float64 `json:"threshold"`

	setup *shipment.Setup
	kinds map[string]string
}

func (f *flowFn) Setup(ctx context.Context) error {
	s, err := shipmentSetup(ctx, f.Lists, f.Rules, f.Threshold)
	if err != nil {
		return err
	}
	f.setup = s
	f.kinds = map[string]string{}
	for _, r := range s.Rules.Rules {
		f.kinds[r.ID] = r.Kind
	}
	return nil
}

func (f *flowFn) ProcessElement(ctx context.Context, row ShipmentRow, emit func(string, FlowSum), dead func(string)) error {
	var s shipment.Shipment
	if err := json.Unmarshal(row.Shipment, &s); err != nil {
		return fmt.Errorf("%s: decoding a shipment: %w", row.File, err)
	}
	a, err := f.setup.Engine.Assess(ctx, &s)
	if err != nil {
		return fmt.Errorf("%s:%d: %w", row.File, s.Line, err)
	}
	r, why := FlowOf(a, f.kinds)
	if why != "" {
		flowsUnplaced.Inc(ctx, 1)
		dead(DeadLetter{File: row.File, Line: s.Line, ID: s.ID, Reason: why}.line())
		return nil
	}
	emit(flowKey(r), FlowSum{Shipments: r.Shipments, Value: r.Value})
	return nil
}

// addFlows sums two partial aggregates.
func addFlows(a, b FlowSum) FlowSum {
	return FlowSum{Shipments: a.Shipments + b.Shipments, Value: a.Value + b.Value}
}

// flowShardFn turns a summed key into its row, keyed by its shard.
type flowShardFn struct {
	N int `json:"n"`
}

func (f *flowShardFn) ProcessElement(key string, sum FlowSum) (int, string, error) {
	var r FlowRow
	if err := json.Unmarshal([]byte(key), &r); err != nil {
		return 0, "", err
	}
	r.Shipments, r.Value = sum.Shipments, sum.Value
	b, err := json.Marshal(r)
	if err != nil {
		return 0, "", err
	}
	shard, _ := (&shardKeyFn{N: f.N}).ProcessElement(key)
	return shard, string(b), nil
}

// writeFlowsFn writes the rows of one shard as a Parquet file, sorted by
// month, supplier country, supplier, consignee, HS and the rest of the
// key.
type writeFlowsFn struct {
	Prefix string `json:"prefix"`
	N      int    `json:"n"`
}

func (f *writeFlowsFn) ProcessElement(ctx context.Context, shard int, _ func(*int) bool, rows func(*string) bool) error {
	var all []FlowRow
	var line string
	for rows(&line) {
		var r FlowRow
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return err
		}
		all = append(all, r)
	}
	slices.SortFunc(all, func(a, b FlowRow) int {
		return cmp.Or(cmp.Compare(a.Month, b.Month), cmp.Compare(a.SupplierCountry, b.SupplierCountry), cmp.Compare(a.Supplier, b.Supplier),
			cmp.Compare(a.Consignee, b.Consignee), cmp.Compare(a.HS, b.HS), cmp.Compare(flowKey(a), flowKey(b)))
	})
	return writeFile(ctx, ShardName(f.Prefix, shard, f.N, ".parquet"), func(w io.Writer) error {
		pw := parquet.NewGenericWriter[FlowRow](w, parquet.Compression(&parquet.Zstd))
		if _, err := pw.Write(all); err != nil {
			return err
		}
		return pw.Close()
	})
}

// Flows adds the trade-flow aggregation to s: cfg.Input's shipments
// assessed against the staged lists, summed per FlowRow key, written as
// Parquet shards under cfg.Output; skipped records and shipments with no
// month or HS code go to the dead-letter output.
func Flows(s beam.Scope, cfg FlowsConfig) {
	s = s.Scope("Flows")
	n := max(cfg.Shards, 1)
	rows, dead := readShipments(s, cfg.Input, cfg.Format, cfg.Mapping)
	keyed, unplaced := beam.ParDo2(s, &flowFn{Lists: cfg.Lists, Rules: cfg.Rules, Threshold: cfg.Threshold}, rows)
	summed := beam.CombinePerKey(s, addFlows, keyed)
	sharded := beam.ParDo(s, &flowShardFn{N: n}, summed)
	grouped := beam.CoGroupByKey(s, shardIndexes(s, n), sharded)
	beam.ParDo0(s, &writeFlowsFn{Prefix: cfg.Output, N: n}, grouped)
	writeLines(s.Scope("DeadLetters"), DeadLetterPrefix(cfg.Output), 1, beam.Flatten(s, dead, unplaced))
}
