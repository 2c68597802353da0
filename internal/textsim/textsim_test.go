package textsim

import (
	"github.com/redline-sanctions/redline/internal/ascii"
	"math"
	"strings"
	"testing"
)

func TestSimilarities(t *testing.T) {
	long := strings.Repeat("ab", 50)
	tests := []struct {
		name, a, b string
		jw         float64
		lev, osa   int
	}{
		{"equal", "putin", "putin", 1, 0, 0},
		{"empty both", "", "", 1, 0, 0},
		{"empty one", "abc", "", 0, 3, 3},
		{"martha", "martha", "marhta", 0.961, 2, 1},
		{"dwayne", "dwayne", "duane", 0.840, 2, 2},
		{"dixon", "dixon", "dicksonx", 0.813, 4, 4},
		{"disjoint", "abc", "xyz", 0, 3, 3},
		{"cyrillic", "путин", "пютин", 0.880, 1, 1},
		{"longer than the stack buffers", long, long + "c", 0.998, 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := []rune(tc.a), []rune(tc.b)
			if got := JaroWinkler(a, b); math.Abs(got-tc.jw) > 0.001 {
				t.Errorf("JaroWinkler = %.4f, want %.3f", got, tc.jw)
			}
			if got := Levenshtein(a, b); got != tc.lev {
				t.Errorf("Levenshtein = %d, want %d", got, tc.lev)
			}
			if got := OSA(a, b); got != tc.osa {
				t.Errorf("OSA = %d, want %d", got, tc.osa)
			}
			if ascii.Is(tc.a) && ascii.Is(tc.b) {
				if got := OSABytes(tc.a, tc.b); got != tc.osa {
					t.Errorf("OSABytes = %d, want %d", got, tc.osa)
				}
			}
			if JaroWinkler(a, b) != JaroWinkler(b, a) || Levenshtein(a, b) != Levenshtein(b, a) || OSA(a, b) != OSA(b, a) {
				t.Error("not symmetric")
			}
		})
	}
}

func FuzzSimilarities(f *testing.F) {
	f.Add("martha", "marhta")
	f.Add("", "x")
	f.Add("путин", "putin")
	f.Add("medvedchuk", "medvedtchuk")
	f.Add("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl", "bacdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl")
	f.Fuzz(func(t *testing.T, x, y string) {
		a, b := []rune(x), []rune(y)
		if s := JaroWinkler(a, b); s < 0 || s > 1.0000001 {
			t.Fatalf("JaroWinkler %v out of [0, 1]", s)
		}
		l, o := Levenshtein(a, b), OSA(a, b)
		if o > l || l > max(len(a), len(b)) || l < abs(len(a)-len(b)) {
			t.Fatalf("Levenshtein %d, OSA %d out of bounds for lengths %d, %d", l, o, len(a), len(b))
		}
		if ascii.Is(x) && ascii.Is(y) && OSABytes(x, y) != o {
			t.Fatalf("OSABytes %d, OSA %d for %q, %q", OSABytes(x, y), o, x, y)
		}
		if len(a) <= stackRunes && len(b) <= stackRunes {
			if big := osaLarge(a, b); big != o {
				t.Fatalf("OSA %d, OSA with full rows %d for %q, %q", o, big, x, y)
			}
		}
		if (l == 0) != (x == y) && string(a) == x && string(b) == y {
			t.Fatalf("Levenshtein %d for %q, %q", l, x, y)
		}
	})
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func BenchmarkJaroWinkler(b *testing.B) {
	x, y := []rune("medvedchuk"), []rune("medvedtchuk")
	b.ReportAllocs()
	for b.Loop() {
		JaroWinkler(x, y)
	}
}

func BenchmarkOSA(b *testing.B) {
	x, y := []rune("medvedchuk"), []rune("medvedtchuk")
	b.ReportAllocs()
	for b.Loop() {
		OSA(x, y)
	}
}
