//go:build !unix

package sourcetest

import "time"

// CPUTime is not measured on this system; benchmarks then omit MB/cpu-s.
func CPUTime() time.Duration { return 0 }
