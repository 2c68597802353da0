package testutil

import (
	"path/filepath"
	"testing"
)

func TestSharedData(t *testing.T) {
	// This package sits two folders below the module root.
	for _, tt := range []struct {
		elem []string
		want string
	}{
		{nil, filepath.Join("..", "..", "..", "shared", "data")},
		{[]string{"lists", "un"}, filepath.Join("..", "..", "..", "shared", "data", "lists", "un")},
	} {
		if got := SharedData(tt.elem...); got != tt.want {
			t.Errorf("SharedData(%q) = %q, want %q", tt.elem, got, tt.want)
		}
	}
}
