package goods

import "sync"

// A Cache memoizes a Classifier: shipment files repeat the same few
// thousand goods lines across millions of rows. It is safe for concurrent
// use. When it holds max entries it starts afresh, which bounds memory
// without bookkeeping per entry.
//
// Classifications returned from a Cache share their Evidence slice with
// the cache and with other callers: do not modify it.
type Cache struct {
	c   *Classifier
	max int

	mu sync.RWMutex
	m  map[cacheKey]Classification
}

type cacheKey struct{ desc, hs string }

// NewCache returns a cache of at most max classifications of c (max < 1
// means 100,000).
func NewCache(c *Classifier, max int) *Cache {
	if max < 1 {
		max = 100_000
	}
	return &Cache{c: c, max: max, m: make(map[cacheKey]Classification)}
}

// Classify returns c.Classify(description, hsCode), from the cache when it
// has been asked before.
func (k *Cache) Classify(description, hsCode string) Classification {
	key := cacheKey{description, hsCode}
	k.mu.RLock()
	r, ok := k.m[key]
	k.mu.RUnlock()
	if ok {
		return r
	}
	r = k.c.Classify(description, hsCode)
	// Keys are copied so that a cached entry does not pin a caller's
	// larger buffer (a line of a file).
	key = cacheKey{string([]byte(description)), string([]byte(hsCode))}
	k.mu.Lock()
	if len(k.m) >= k.max {
		k.m = make(map[cacheKey]Classification)
	}
	k.m[key] = r
	k.mu.Unlock()
	return r
}

// Len returns the number of cached classifications.
func (k *Cache) Len() int {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return len(k.m)
}
