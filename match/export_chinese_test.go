package match

import "testing"

// ListsMatcher gives external tests (package match_test, which may
// import eval) the matcher on the benchmark lists, skipping without data.
func ListsMatcher(tb testing.TB) *Matcher {
	needData(tb)
	return buildMatcher(tb, "all", allLists)
}
