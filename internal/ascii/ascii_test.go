package ascii

import "testing"

func TestIs(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want bool
	}{
		{"empty", "", true},
		{"latin", "Viktor MEDVEDCHUK 1954-08-07", true},
		{"control and DEL", "\t\n\x7f", true},
		{"accent", "Gaddafi Muʿammar", false},
		{"cyrillic", "Ростех", false},
		{"invalid UTF-8", "ab\xff", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Is(tc.in); got != tc.want {
				t.Errorf("Is(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func BenchmarkIs(b *testing.B) {
	s := "Joint Stock Company Kalashnikov Concern"
	b.ReportAllocs()
	for b.Loop() {
		Is(s)
	}
}
