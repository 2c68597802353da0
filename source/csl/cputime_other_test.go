//go:build !unix

package csl

import "time"

// cpuTime is not measured on this system; benchmarks then omit MB/cpu-s.
func cpuTime() time.Duration { return 0 }
