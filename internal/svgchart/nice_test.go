package svgchart

import "testing"

func TestNiceStepAndThousands(t *testing.T) {
	for _, tc := range []struct{ x, want float64 }{{0, 1}, {0.3, 1}, {1374.6, 2000}, {430.6, 500}, {46.8, 50}, {21, 25}, {1000, 1000}, {1001, 2000}} {
		if got := NiceStep(tc.x); got != tc.want {
			t.Errorf("NiceStep(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
	for _, tc := range []struct {
		n    int64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {8644, "8,644"}, {1234567, "1,234,567"}, {-4322, "-4,322"}} {
		if got := Thousands(tc.n); got != tc.want {
			t.Errorf("Thousands(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
