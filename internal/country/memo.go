package country

import (
	"sync"
	"sync/atomic"
)

// memoMax bounds a Memo: lists repeat a few hundred country spellings, but
// queries can bring any text.
const memoMax = 4096

// A Memo remembers the answers of a function of country names (a look-up
// in the country table with a reader's own rules around it): lists repeat
// a few hundred spellings thousands of times, and Code normalises Unicode
// on every call. It remembers at most 4,096 names; later ones are computed
// each time. The zero value is ready, a nil *Memo remembers nothing, and
// a Memo is safe for concurrent use.
type Memo[V any] struct {
	m sync.Map // string -> V
	n atomic.Int32
}

// Get returns f(name), remembered. f must always give the same answer for
// the same name.
func (c *Memo[V]) Get(name string, f func(string) V) V {
	if c == nil {
		return f(name)
	}
	if v, ok := c.m.Load(name); ok {
		return v.(V)
	}
	v := f(name)
	if c.n.Add(1) <= memoMax {
		c.m.Store(name, v)
	}
	return v
}
