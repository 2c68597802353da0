package server

import (
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// loginLimiter slows password guessing (issue 15, item 6). It counts
// failed logins in the last loginWindow two ways:
//
//   - per user name and client address: maxLoginFailures failures for a
//     name from one address refuse further logins for that name from that
//     address. A stranger who fails logins as alice therefore locks out
//     only themself, never alice at her own address;
//   - per client address, across names: maxAddressFailures failures
//     refuse every login from the address. Spraying many names from one
//     address stops there.
//
// Both tables are bounded LRUs (loginEntries each): memory stays bounded,
// and pushing an entry out needs that many failed logins, which the
// per-address limit slows to maxAddressFailures a minute per address. (The
// old limiter forgot every counter once 100,000 names had failed.)
//
// Behind a reverse proxy every client has the proxy's address: the
// per-address limit then applies to all of them together.
type loginLimiter struct {
	once  sync.Once
	pairs *lru.Cache[string, []time.Time]
	addrs *lru.Cache[string, []time.Time]
}

const (
	maxLoginFailures   = 5
	maxAddressFailures = 30
	loginWindow        = time.Minute
	loginEntries       = 100_000
)

func (l *loginLimiter) init() {
	l.once.Do(func() {
		l.pairs, _ = lru.New[string, []time.Time](loginEntries)
		l.addrs, _ = lru.New[string, []time.Time](loginEntries)
	})
}

func pairKey(name, addr string) string { return addr + "\x00" + name }

// blocked reports whether a login for name from addr is refused now.
func (l *loginLimiter) blocked(name, addr string, now time.Time) bool {
	l.init()
	return len(recent(l.pairs, pairKey(name, addr), now)) >= maxLoginFailures ||
		len(recent(l.addrs, addr, now)) >= maxAddressFailures
}

// fail records a failed login for name from addr.
func (l *loginLimiter) fail(name, addr string, now time.Time) {
	l.init()
	for _, t := range []struct {
		c   *lru.Cache[string, []time.Time]
		key string
	}{{l.pairs, pairKey(name, addr)}, {l.addrs, addr}} {
		// Peek-then-Add is not atomic across goroutines; a lost
		// failure under a race only makes the count one lower.
		t.c.Add(t.key, append(recent(t.c, t.key, now), now))
	}
}

// succeed forgets the failures of name from addr (not the address's).
func (l *loginLimiter) succeed(name, addr string) {
	l.init()
	l.pairs.Remove(pairKey(name, addr))
}

// recent returns the failures under key within the window.
func recent(c *lru.Cache[string, []time.Time], key string, now time.Time) []time.Time {
	fs, _ := c.Peek(key)
	i := 0
	for i < len(fs) && now.Sub(fs[i]) > loginWindow {
		i++
	}
	// A copy: the slice in the cache may be appended to concurrently.
	return append([]time.Time(nil), fs[i:]...)
}
