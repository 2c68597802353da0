package country

import (
	"fmt"
	"sync"
	"testing"
)

func TestMemo(t *testing.T) {
	calls := 0
	f := func(s string) string { calls++; c, _ := Code(s); return c }
	var m Memo[string]
	for range 3 {
		if got := m.Get("Russian Federation", f); got != "RU" {
			t.Fatalf("Get = %q, want RU", got)
		}
	}
	if calls != 1 {
		t.Errorf("f called %d times for one name, want 1", calls)
	}
	var none *Memo[string]
	if got := none.Get("Iran", f); got != "IR" {
		t.Errorf("nil Memo: Get = %q, want IR", got)
	}
	// Bounded: past memoMax names, answers are still right.
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range memoMax {
				s := fmt.Sprint(w, "-", i)
				if got := m.Get(s, func(s string) string { return s + "!" }); got != s+"!" {
					t.Errorf("Get(%q) = %q", s, got)
					return
				}
			}
		})
	}
	wg.Wait()
	n := 0
	m.m.Range(func(any, any) bool { n++; return true })
	if n > memoMax {
		t.Errorf("%d names remembered, want at most %d", n, memoMax)
	}
}
