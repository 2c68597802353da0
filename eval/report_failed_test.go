package eval

import (
	"slices"
	"testing"
)

// TestFailed checks that a bar not met is reported (redline bench then
// exits non-zero) and that rows without a bar never are.
func TestFailed(t *testing.T) {
	tests := []struct {
		name string
		add  func(r *Report)
		want []string
	}{
		{"all met", func(r *Report) {
			r.add("F1", 0.97, nil, "", ">=", 0.96)
			r.add("p99", 1.5, nil, "ms", "<=", 2)
		}, nil},
		{"no bar", func(r *Report) { r.add("heap", 900, nil, "MiB", "", 0) }, nil},
		{"one missed", func(r *Report) {
			r.add("F1", 0.95, nil, "", ">=", 0.96)
			r.add("p99", 1.5, nil, "ms", "<=", 2)
		}, []string{"F1 0.9500 (bar >= 0.96)"}},
		{"upper bar missed", func(r *Report) { r.add("build", 2.5, nil, "s", "<=", 2) }, []string{"build 2.50 s (bar <= 2)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Report
			tt.add(&r)
			if got := r.Failed(); !slices.Equal(got, tt.want) {
				t.Errorf("Failed() = %q, want %q", got, tt.want)
			}
		})
	}
}
