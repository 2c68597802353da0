package server

import "testing"

// TestSafeNext checks the post-login redirect target (issue 15, item 19:
// next=/%09/evil.example came back as Location: /\t/evil.example, which
// browsers resolve to evil.example).
func TestSafeNext(t *testing.T) {
	tests := []struct{ name, next, want string }{
		{"empty", "", "/ui/search"},
		{"page", "/ui/alerts", "/ui/alerts"},
		{"query kept", "/ui/alerts?status=open&q=a b", "/ui/alerts?status=open&q=a b"},
		{"escapes kept", "/ui/entities/NK-a%2Fb", "/ui/entities/NK-a%2Fb"},
		{"tab", "/\t/evil.example", "/ui/search"},
		{"escaped tab", "/%09/evil.example", "/ui/search"},
		{"newline", "/\n/evil.example", "/ui/search"},
		{"escaped newline", "/%0a/evil.example", "/ui/search"},
		{"protocol-relative", "//evil.example", "/ui/search"},
		{"backslash", "/\\evil.example", "/ui/search"},
		{"escaped backslash", "/%5cevil.example", "/ui/search"},
		{"absolute", "https://evil.example/", "/ui/search"},
		{"scheme", "javascript:alert(1)", "/ui/search"},
		{"relative", "ui/search", "/ui/search"},
		{"user info", "//user@evil.example", "/ui/search"},
		{"encoded slashes", "/%2F%2Fevil.example", "/ui/search"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := safeNext(tc.next); got != tc.want {
				t.Fatalf("safeNext(%q) = %q, want %q", tc.next, got, tc.want)
			}
		})
	}
}
