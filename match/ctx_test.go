package match

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/redline-sanctions/redline/entity"
)

// mustMatch runs m.Match under a live context and fails the test on an
// error.
func mustMatch(tb testing.TB, m *Matcher, q *entity.Entity, o Options) []Result {
	tb.Helper()
	res, err := m.Match(context.Background(), q, o)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// mustSearch runs m.Search under a live context and fails the test on an
// error.
func mustSearch(tb testing.TB, m *Matcher, text string, o Options) []Result {
	tb.Helper()
	res, err := m.Search(context.Background(), text, o)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// expiring is a context whose deadline passes after its Err has been
// asked live times: it stands for a deadline that falls while a query
// runs, deterministically.
type expiring struct {
	context.Context
	live  int64
	calls atomic.Int64
}

func (c *expiring) Err() error {
	if c.calls.Add(1) > c.live {
		return context.DeadlineExceeded
	}
	return nil
}

// TestMatchContext: a cancelled or expired context is an error, never an
// empty result (issue 11: Match returned nil, indistinguishable from "no
// hit"); and the context is checked while candidates are scored, so a
// deadline that falls during a query stops it.
func TestMatchContext(t *testing.T) {
	var listed []*entity.Entity
	for i := range 100 {
		listed = append(listed, &entity.Entity{ID: fmt.Sprint("p", i), Schema: entity.Person, Dataset: "test",
			Properties: map[string][]string{entity.Name: {fmt.Sprintf("Ivan Petrov %c", 'A'+i%26)}}})
	}
	m, err := Build(context.Background(), seq(listed))
	if err != nil {
		t.Fatal(err)
	}
	q := &entity.Entity{Schema: entity.Person, Properties: map[string][]string{entity.Name: {"Ivan Petrov"}}}
	o := DefaultOptions()
	o.Threshold, o.Limit = 0.5, 50
	if res := mustMatch(t, m, q, o); len(res) < ctxEvery {
		t.Fatalf("live context: %d results, want at least %d for the test to mean anything", len(res), ctxEvery)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		want error
	}{
		{"cancelled before", cancelled, context.Canceled},
		{"deadline during the candidate loop", &expiring{Context: context.Background(), live: 1}, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := m.Match(tt.ctx, q, o)
			if !errors.Is(err, tt.want) || res != nil {
				t.Errorf("Match = %d results, %v; want no results and %v", len(res), err, tt.want)
			}
			if _, err := m.Search(tt.ctx, "Ivan Petrov", o); err == nil {
				t.Errorf("Search: no error")
			}
		})
	}
}
