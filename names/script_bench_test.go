package names

import "testing"

// BenchmarkAnalyzeScripts measures Analyze on one name per script that
// the negatives of the screening benchmark hold.
func BenchmarkAnalyzeScripts(b *testing.B) {
	for _, tc := range []struct{ name, in string }{
		{"arabic", "لارا نور العجلان"},
		{"han", "习近平"},
		{"greek", "Κυριάκος Μητσοτάκης"},
		{"latin-diacritics", "Maria Alice Nathan Leão"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Analyze(tc.in)
			}
		})
	}
}
