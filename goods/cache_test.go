package goods

import (
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCache(t *testing.T) {
	c := Default()
	k := NewCache(c, 3)
	inputs := []struct{ d, hs string }{{"STM32F407VGT6", ""}, {"STM32F407VGT6", "8473.30"}, {"Cotton T-shirts", ""}, {"北斗卫星导航定位模块", ""}}
	for round := 0; round < 2; round++ {
		for _, in := range inputs {
			if diff := cmp.Diff(c.Classify(in.d, in.hs), k.Classify(in.d, in.hs)); diff != "" {
				t.Errorf("cache differs for %q %q (-direct +cached):\n%s", in.d, in.hs, diff)
			}
			if k.Len() > 3 {
				t.Fatalf("cache holds %d entries, max 3", k.Len())
			}
		}
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				in := inputs[i%len(inputs)]
				if got := k.Classify(in.d, in.hs); got.HSCode == "" {
					t.Errorf("no code for %q", in.d)
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkCache classifies a stream with the repetition of shipment
// files: 1,000 distinct lines.
func BenchmarkCache(b *testing.B) {
	rows := readLabelled(b)
	lines := make([]string, 1000)
	for i := range lines {
		lines[i] = fmt.Sprintf("%s, lot %d", rows[i%len(rows)].desc, i)
	}
	k := NewCache(Default(), 0)
	for _, l := range lines {
		k.Classify(l, "")
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k.Classify(lines[i%len(lines)], "")
		i++
	}
}
