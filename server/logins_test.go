package server

import (
	"fmt"
	"testing"
	"time"
)

// TestLoginLimiterSpray checks that spraying user names does not reset the
// counters (issue 15, item 6: the old limiter forgot every counter past
// 100,000 names), and that the failures of one address do not block
// another.
func TestLoginLimiterSpray(t *testing.T) {
	var l loginLimiter
	now := time.Now()
	for range maxLoginFailures {
		l.fail("alice", "203.0.113.9", now)
	}
	if !l.blocked("alice", "203.0.113.9", now) {
		t.Fatal("alice from the guessing address is not blocked after 5 failures")
	}
	if l.blocked("alice", "198.51.100.1", now) {
		t.Fatal("alice from her own address is blocked by a stranger's failures")
	}
	// Spray 150,000 names from the guessing address: the first
	// maxAddressFailures count, then the address is refused.
	sprayed := 0
	for i := range 150_000 {
		name := fmt.Sprint("user", i)
		if l.blocked(name, "203.0.113.9", now) {
			continue
		}
		l.fail(name, "203.0.113.9", now)
		sprayed++
	}
	if sprayed > maxAddressFailures {
		t.Fatalf("%d sprayed failures counted from one address, want at most %d", sprayed, maxAddressFailures)
	}
	if !l.blocked("alice", "203.0.113.9", now) {
		t.Fatal("spraying names reset alice's counter")
	}
	// Even sprayed from 150,000 addresses (one failure each), the tables
	// stay bounded.
	for i := range 150_000 {
		l.fail("x", fmt.Sprintf("10.%d.%d.%d", i>>16, i>>8&255, i&255), now)
	}
	if n := l.pairs.Len(); n > loginEntries {
		t.Fatalf("%d pair entries, want at most %d", n, loginEntries)
	}
	if n := l.addrs.Len(); n > loginEntries {
		t.Fatalf("%d address entries, want at most %d", n, loginEntries)
	}
	// A minute later the guessing address may try again.
	if l.blocked("alice", "203.0.113.9", now.Add(loginWindow+time.Second)) {
		t.Fatal("still blocked after the window")
	}
}
