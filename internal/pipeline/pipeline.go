// Package pipeline runs a function over a stream on several goroutines and
// hands the results back in input order, in bounded memory: the one
// order-preserving parallel pipeline behind building the Matcher (match),
// screening party files (screen) and assessing shipments (shipment).
//
// One goroutine reads the source into batches of Options.BatchSize items,
// Options.Workers goroutines apply the function to the items of a batch,
// and the goroutine that called Run hands each batch, with its results, to
// the sink, batch after batch in input order. At most Options.Window
// batches are between being read and being handed to the sink at any time,
// so memory is bounded by Window × BatchSize items whatever the length of
// the stream or the order in which workers finish. For example, with
// BatchSize 2 the stream a b c d e is read as [a b] [c d] [e]; if a worker
// finishes [c d] first, the sink waits for [a b] and gets [a b], then
// [c d], then [e].
package pipeline

import (
	"context"
	"iter"
	"runtime"
	"sync"
)

// Options size a Run. The zero value runs GOMAXPROCS workers on batches of
// 256 items with a window of 4 batches a worker.
type Options struct {
	// Workers is the number of goroutines applying the function; 0 means
	// GOMAXPROCS.
	Workers int
	// BatchSize is the number of items a worker takes at a time; 0 means
	// 256.
	BatchSize int
	// Window is the most batches between reading and the sink; 0 means
	// 4 × Workers.
	Window int
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 256
	}
	if o.Window <= 0 {
		o.Window = 4 * o.Workers
	}
	return o
}

// batch is a run of consecutive items; done is closed once out is filled.
type batch[In, Out any] struct {
	in   []In
	out  []Out
	done chan struct{}
}

// Run applies fn to every item of src on opts.Workers goroutines and calls
// sink with each batch of items and their results (out[i] is fn's result
// for in[i]), in input order, from the calling goroutine. The slices
// belong to sink until it returns.
//
// src is iterated on a goroutine of its own. An error it yields ends the
// stream: the items before it are still handed to sink, then Run returns
// the error as it is. The first error of fn or sink, or the cancellation
// of ctx (its cause), stops Run: no batch is handed to sink after it, the
// workers are waited for, and the error is returned as it is. Run does not
// wait for src after it stops early, since src may be blocked in a read
// that only its input can end; src must stop at the next yield that
// returns false.
func Run[In, Out any](ctx context.Context, opts Options, src iter.Seq2[In, error], fn func(context.Context, In) (Out, error), sink func(in []In, out []Out) error) error {
	opts = opts.withDefaults()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	slots := make(chan struct{}, opts.Window)          // batches in flight
	ordered := make(chan *batch[In, Out], opts.Window) // in input order; never full, slots bound it
	work := make(chan *batch[In, Out], opts.Workers)
	var srcErr error // set by the source goroutine before it closes ordered

	go func() {
		defer close(work)
		defer close(ordered)
		cur := &batch[In, Out]{in: make([]In, 0, opts.BatchSize), done: make(chan struct{})}
		send := func() bool {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return false
			}
			ordered <- cur
			select {
			case work <- cur:
			case <-ctx.Done():
				return false
			}
			cur = &batch[In, Out]{in: make([]In, 0, opts.BatchSize), done: make(chan struct{})}
			return true
		}
		for v, err := range src {
			if err != nil {
				srcErr = err
				break
			}
			cur.in = append(cur.in, v)
			if len(cur.in) == opts.BatchSize && !send() {
				return
			}
		}
		if len(cur.in) > 0 {
			send()
		}
	}()

	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Go(func() {
			for {
				var b *batch[In, Out]
				select {
				case b = <-work:
				case <-ctx.Done():
					return
				}
				if b == nil {
					return // work is closed
				}
				b.out = make([]Out, len(b.in))
				for i, v := range b.in {
					if ctx.Err() != nil {
						return
					}
					out, err := fn(ctx, v)
					if err != nil {
						cancel(err)
						return
					}
					b.out[i] = out
				}
				close(b.done)
			}
		})
	}
	defer wg.Wait()

	for {
		var (
			b  *batch[In, Out]
			ok bool
		)
		select {
		case b, ok = <-ordered:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		if !ok {
			break // the stream has ended
		}
		select {
		case <-b.done:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		// Results computed under a cancelled context may be incomplete:
		// none of them is handed on.
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		if err := sink(b.in, b.out); err != nil {
			cancel(err)
			return err
		}
		<-slots
	}
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return srcErr
}
