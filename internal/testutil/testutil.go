// Package testutil holds what redline's tests share: the rule for a
// missing prerequisite (the shared data folder, PostgreSQL, Chromium),
// where the shared data folder is, and the CPU time a measurement took.
package testutil

import (
	"fmt"
	"os"
	"testing"
)

// RequireEnv is the environment variable that turns a missing
// prerequisite from a skip into a failure. .ci/run sets it, so that a
// broken data path or a database that did not start can never turn CI
// green by skipping.
const RequireEnv = "REDLINE_REQUIRE_ALL"

// Skipf skips the test for a missing prerequisite, or fails it when
// RequireEnv is set to a non-empty value.
func Skipf(tb testing.TB, format string, args ...any) {
	tb.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv(RequireEnv) != "" {
		tb.Fatalf("%s (%s is set: a missing prerequisite fails the test)", msg, RequireEnv)
	}
	tb.Skip(msg)
}
