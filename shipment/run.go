package shipment

import (
	"context"
	"errors"

	"github.com/redline-sanctions/redline/internal/pipeline"
)

// batchSize is how many shipments travel together between the reader, the
// workers and the writer.
const batchSize = 256

// Run assesses every shipment that read passes to its emit function, on
// all workers, and calls out with each assessment in input order. At most
// 4 × workers batches of 256 shipments are in flight, so memory stays
// bounded whatever the input size. out is called from one goroutine.
// progress, if not nil, is called after each batch with the number of
// shipments written so far. The first error of read, of an assessment or
// of out, or the cancellation of ctx, stops the run and is returned; the
// shipments read before an error of read are all assessed and passed to
// out first.
func (e *Engine) Run(ctx context.Context, read func(emit func(*Shipment) error) error, out func(*Assessment) error, progress func(done int)) error {
	shipments := func(yield func(*Shipment, error) bool) {
		err := read(func(s *Shipment) error {
			if !yield(s, nil) {
				return errStopped
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStopped) {
			yield(nil, err)
		}
	}
	n := 0
	write := func(_ []*Shipment, as []*Assessment) error {
		for _, a := range as {
			if err := out(a); err != nil {
				return err
			}
		}
		n += len(as)
		if progress != nil {
			progress(n)
		}
		return nil
	}
	return pipeline.Run(ctx, pipeline.Options{Workers: e.opts.Workers, BatchSize: batchSize}, shipments, e.Assess, write)
}

// errStopped tells read that the run no longer takes shipments.
var errStopped = errors.New("shipment: run stopped")
