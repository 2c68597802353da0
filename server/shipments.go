package server

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"sync"

	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/rules"
	"github.com/redline-sanctions/redline/source"
)

// NewShipmentScreener returns a ShipmentScreener: a shipment engine over the
// current index, with the default rules and the embedded goods classifier.
// The engine (and its address index) is rebuilt when the index is swapped.
func NewShipmentScreener(st *lists.Store, h *match.Holder, threshold float64) ShipmentScreener {
	var (
		mu  sync.Mutex
		cur *match.Matcher
		eng *shipment.Engine
	)
	engine := func(ctx context.Context) (*shipment.Engine, error) {
		m := h.Load()
		mu.Lock()
		defer mu.Unlock()
		if eng != nil && cur == m {
			return eng, nil
		}
		addrs, err := shipment.NewAddressIndex(ctx, st.Entities(ctx))
		if err != nil {
			return nil, err
		}
		set := rules.Default()
		for i := range set.Rules {
			if set.Rules[i].Kind == rules.KindListedParty {
				set.Rules[i].Params.MinScore = threshold
			}
		}
		mopts := match.DefaultOptions()
		mopts.Limit, mopts.Threshold = 3, threshold
		e, err := shipment.New(shipment.Options{Rules: set, Parties: shipment.Matcher{M: m, Opts: mopts}, Goods: shipment.DefaultGoods(), Addresses: addrs})
		if err != nil {
			return nil, err
		}
		cur, eng = m, e
		return e, nil
	}
	return func(ctx context.Context, r io.Reader, name, format string, out func(shipment.Record) error) (*source.Report, error) {
		e, err := engine(ctx)
		if err != nil {
			return nil, err
		}
		br := bufio.NewReaderSize(r, 64<<10)
		if format == "" {
			format = "csv"
			head, _ := br.Peek(512)
			if t := bytes.TrimLeft(head, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
				format = "jsonl"
			}
		}
		var rep *source.Report
		err = e.Run(ctx, func(emit func(*shipment.Shipment) error) error {
			var err error
			ropts := shipment.ReadOptions{Format: format}
			if format == "jsonl" {
				rep, err = shipment.ReadJSONL(ctx, br, name, ropts, emit)
			} else {
				rep, err = shipment.ReadCSV(ctx, br, name, ropts, emit)
			}
			return err
		}, func(a *shipment.Assessment) error { return out(shipment.RecordOf(a)) }, nil)
		return rep, err
	}
}
