package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestServeFourEyesFlags: a four-eyes setting that makes no sense stops
// serve before it opens anything.
func TestServeFourEyesFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"negative score", []string{"--four-eyes-score", "-0.5"}, "four-eyes score -0.5"},
		{"viewer checker", []string{"--four-eyes-checker", "viewer"}, `checker role "viewer"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			a := &app{dataDir: t.TempDir(), stdout: &out, stderr: &out}
			err := runServe(t.Context(), a, tc.args)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("serve %v: %v; want an error saying %q", tc.args, err, tc.want)
			}
		})
	}
}
