package shipment

import (
	"context"
	"runtime"

	"golang.org/x/sync/errgroup"
)

// batchSize is how many shipments travel together between the reader, the
// workers and the writer.
const batchSize = 256

type batch struct {
	seq   int
	items []*Shipment
	out   []*Assessment
}

// Run assesses every shipment that read passes to its emit function, on
// all workers, and calls out with each assessment in input order. At most
// 4 × workers batches of 256 shipments are in flight, so memory stays
// bounded whatever the input size. out is called from one goroutine.
// progress, if not nil, is called after each batch with the number of
// shipments written so far.
func (e *Engine) Run(ctx context.Context, read func(emit func(*Shipment) error) error, out func(*Assessment) error, progress func(done int)) error {
	workers := e.opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	g, ctx := errgroup.WithContext(ctx)
	tokens := make(chan struct{}, 4*workers)
	jobs := make(chan *batch, workers)
	done := make(chan *batch, 4*workers)

	g.Go(func() error {
		defer close(jobs)
		seq := 0
		cur := &batch{}
		send := func() error {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			cur.seq = seq
			seq++
			select {
			case jobs <- cur:
			case <-ctx.Done():
				return ctx.Err()
			}
			cur = &batch{}
			return nil
		}
		err := read(func(s *Shipment) error {
			cur.items = append(cur.items, s)
			if len(cur.items) == batchSize {
				return send()
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(cur.items) > 0 {
			return send()
		}
		return nil
	})
	var wg errgroup.Group
	for range workers {
		wg.Go(func() error {
			for b := range jobs {
				b.out = make([]*Assessment, len(b.items))
				for i, s := range b.items {
					a, err := e.Assess(ctx, s)
					if err != nil {
						return err
					}
					b.out[i] = a
				}
				select {
				case done <- b:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		err := wg.Wait()
		close(done)
		return err
	})
	g.Go(func() error {
		pending := map[int]*batch{}
		next, n := 0, 0
		for b := range done {
			pending[b.seq] = b
			for {
				b, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				for _, a := range b.out {
					if err := out(a); err != nil {
						return err
					}
				}
				n += len(b.out)
				<-tokens
				if progress != nil {
					progress(n)
				}
			}
		}
		return nil
	})
	return g.Wait()
}
