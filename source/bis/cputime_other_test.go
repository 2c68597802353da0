//go:build !unix

package bis

import "time"

// cpuTime is not measured on this system; benchmarks then omit MB/cpu-s.
func cpuTime() time.Duration { return 0 }
