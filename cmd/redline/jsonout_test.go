package main

import (
	"bytes"
	"testing"
)

func TestWriteJSON(t *testing.T) {
	v := map[string]string{"a": "<b> & c"}
	tests := []struct {
		name string
		esc  htmlEscape
		want string
	}{
		{"raw", rawHTML, "{\n  \"a\": \"<b> & c\"\n}\n"},
		{"escaped", escapedHTML, "{\n  \"a\": \"\\u003cb\\u003e \\u0026 c\"\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := writeJSON(&b, tt.esc, v); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got %q, want %q", b.String(), tt.want)
			}
		})
	}
}
