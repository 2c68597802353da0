package pipeline

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// ints yields 0..n-1, then err when it is not nil.
func ints(n int, err error) iter.Seq2[int, error] {
	return func(yield func(int, error) bool) {
		for i := range n {
			if !yield(i, nil) {
				return
			}
		}
		if err != nil {
			yield(0, err)
		}
	}
}

// collect runs Run over src with fn and returns what the sink got, in
// order.
func collect(ctx context.Context, opts Options, src iter.Seq2[int, error], fn func(context.Context, int) (string, error)) ([]string, error) {
	var got []string
	err := Run(ctx, opts, src, fn, func(in []int, out []string) error {
		if len(in) != len(out) {
			return fmt.Errorf("%d items, %d results", len(in), len(out))
		}
		got = append(got, out...)
		return nil
	})
	return got, err
}

func jitter(_ context.Context, i int) (string, error) {
	if rand.IntN(4) == 0 {
		time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
	}
	return fmt.Sprint(i), nil
}

func want(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprint(i)
	}
	return out
}

func TestOrder(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		opts Options
	}{
		{"empty", 0, Options{}},
		{"one", 1, Options{}},
		{"defaults", 2000, Options{}},
		{"batch of one", 300, Options{Workers: 4, BatchSize: 1, Window: 2}},
		{"partial last batch", 1001, Options{Workers: 3, BatchSize: 10}},
		{"one worker", 500, Options{Workers: 1, BatchSize: 7, Window: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := collect(context.Background(), tc.opts, ints(tc.n, nil), jitter)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want(tc.n)) {
				t.Errorf("got %d results out of order or missing: %.20v", len(got), got)
			}
		})
	}
}

// TestSourceError checks that the items before a source error are all
// handed on, and the error is returned as it is.
func TestSourceError(t *testing.T) {
	bad := errors.New("line 42: bad record")
	got, err := collect(context.Background(), Options{Workers: 4, BatchSize: 8}, ints(103, bad), jitter)
	if err != bad {
		t.Fatalf("err = %v, want %v", err, bad)
	}
	if !slices.Equal(got, want(103)) {
		t.Errorf("%d results before the error, want 103 in order", len(got))
	}
}

func TestFnError(t *testing.T) {
	bad := errors.New("matcher broke")
	got, err := collect(context.Background(), Options{Workers: 4, BatchSize: 8}, ints(10000, nil), func(ctx context.Context, i int) (string, error) {
		if i == 500 {
			return "", bad
		}
		return jitter(ctx, i)
	})
	if err != bad {
		t.Fatalf("err = %v, want %v", err, bad)
	}
	if len(got) > 500 || !slices.Equal(got, want(len(got))) {
		t.Errorf("%d results, want at most the 500 before the failing item, in order", len(got))
	}
}

func TestSinkError(t *testing.T) {
	bad := errors.New("disk full")
	calls := 0
	err := Run(context.Background(), Options{Workers: 2, BatchSize: 4}, ints(1000, nil), jitter, func([]int, []string) error {
		calls++
		if calls == 3 {
			return bad
		}
		return nil
	})
	if err != bad {
		t.Fatalf("err = %v, want %v", err, bad)
	}
	if calls != 3 {
		t.Errorf("sink called %d times, want 3 (none after its error)", calls)
	}
}

// TestCancel checks that a cancelled run returns the cause, hands nothing
// on after it, and does not wait for a source blocked in a read.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := errors.New("operator stopped the run")
	blocked := make(chan struct{})
	defer close(blocked)
	src := func(yield func(int, error) bool) {
		for i := range 100 {
			if !yield(i, nil) {
				return
			}
		}
		<-blocked // a read that never returns while the test runs
	}
	var after atomic.Bool
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Workers: 2, BatchSize: 10}, src, jitter, func(in []int, _ []string) error {
			if ctx.Err() != nil {
				after.Store(true)
			}
			if in[len(in)-1] == 99 {
				cancel(stop)
			}
			return nil
		})
	}()
	select {
	case err := <-done:
		if !errors.Is(err, stop) {
			t.Errorf("err = %v, want the cause %v", err, stop)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run waited for a blocked source after cancellation")
	}
	if after.Load() {
		t.Error("a batch was handed on after cancellation")
	}
}

// TestWindow checks that memory is bounded: while the first batch is
// stuck in a worker, the other workers go on, but no more than Window
// batches are read.
func TestWindow(t *testing.T) {
	const batchSize, window = 10, 6
	stalled, release := make(chan struct{}), make(chan struct{})
	var seen atomic.Int64
	done := make(chan error, 1)
	var got []string
	go func() {
		var err error
		got, err = collect(context.Background(), Options{Workers: 4, BatchSize: batchSize, Window: window}, ints(100000, nil), func(_ context.Context, i int) (string, error) {
			seen.Add(1)
			if i == 0 {
				close(stalled)
				<-release
			}
			return fmt.Sprint(i), nil
		})
		done <- err
	}()
	<-stalled
	time.Sleep(200 * time.Millisecond) // let the other workers take all they can
	n := seen.Load()
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n > batchSize*window {
		t.Errorf("%d items processed while the first batch was stuck; the window allows %d", n, batchSize*window)
	}
	if n < 2*batchSize {
		t.Errorf("only %d items processed while the first batch was stuck: the other workers did not go on", n)
	}
	if !slices.Equal(got, want(100000)) {
		t.Errorf("%d results, want 100000 in order", len(got))
	}
}

// BenchmarkRun measures the pipeline's own cost per item, with a function
// that does almost nothing.
func BenchmarkRun(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				err := Run(context.Background(), Options{}, ints(n, nil), func(_ context.Context, i int) (int, error) { return i * 2, nil }, func([]int, []int) error { return nil })
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/item")
		})
	}
}
