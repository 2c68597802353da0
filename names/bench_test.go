package names

import "testing"

func BenchmarkAnalyze(b *testing.B) {
	for _, tc := range []struct{ name, in string }{
		{"latin", "Viktor Volodymyrovych MEDVEDCHUK"},
		{"company", "Hangzhou Hikvision Digital Technology Co., Ltd."},
		{"cyrillic", `Общество с ограниченной ответственностью "Ромашка"`},
		{"han", "杭州海康威视数字技术股份有限公司"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Analyze(tc.in)
			}
		})
	}
}

func BenchmarkNormalize(b *testing.B) {
	for _, tc := range []struct{ name, in string }{
		{"ascii", "BORTNIKOV, Alexander Vasilievich"},
		{"unicode", "Nicolás Maduro Moros — Erdoğan"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Normalize(tc.in)
			}
		})
	}
}
