package server

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"iter"
	"sync"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/lists"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/source"
)

// NewShipmentScreener returns a ShipmentScreener: the shipment engine of
// shipment.NewSetup (the same the CLI builds: the default rules, the
// embedded goods classifier, the listed-address index and the OFAC 50
// Percent Rule) over the current index. The engine is rebuilt when the
// index is swapped.
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
		s, err := shipment.NewSetup(ctx, func(ctx context.Context) iter.Seq2[*entity.Entity, error] { return st.Entities(ctx) },
			shipment.SetupConfig{Threshold: threshold, Matcher: m})
		if err != nil {
			return nil, err
		}
		cur, eng = m, s.Engine
		return eng, nil
	}
	return func(ctx context.Context, r io.Reader, name, format string, out func(*shipment.Assessment) error) (*source.Report, error) {
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
		}, out, nil)
		return rep, err
	}
}
