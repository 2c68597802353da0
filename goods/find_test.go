package goods

import (
	"slices"
	"testing"
	"unicode/utf8"
)

func TestFind(t *testing.T) {
	c := Default()
	tests := []struct {
		name, text string
		want       []string // mention texts, in order
		concerns   []string
	}{
		{"english", "Iran shipped drones and aircraft engines to Russia.", []string{"drones", "aircraft engines"}, []string{"uav", "engines"}},
		{"russian", "Поставка беспилотников и микросхем в Россию", []string{"беспилотников", "микросхем"}, []string{"uav", "microelectronics"}},
		{"chinese", "该公司向俄罗斯出口无人机和芯片。", []string{"无人机", "芯片"}, []string{"uav", "microelectronics"}},
		{"part number", "The board carried an STM32F407VGT6 microcontroller.", []string{"STM32F407VGT6", "microcontroller"}, nil},
		{"no concern", "The bakery sold bread and coffee to tourists.", []string{"coffee"}, []string{""}},
		{"invalid utf8", "drones\xff\xfemissiles", []string{"drones", "missiles"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ms := c.Find(tc.text)
			var got []string
			for i, m := range ms {
				if m.Start < 0 || m.End > len(tc.text) || m.Start >= m.End || !utf8.RuneStart(tc.text[m.Start]) {
					t.Fatalf("bad span %+v", m)
				}
				if i > 0 && m.Start < ms[i-1].End {
					t.Fatalf("overlap %+v after %+v", m, ms[i-1])
				}
				got = append(got, tc.text[m.Start:m.End])
				if i < len(tc.concerns) && m.Concern != tc.concerns[i] {
					t.Errorf("%q: concern %q, want %q", got[i], m.Concern, tc.concerns[i])
				}
			}
			t.Logf("%q -> %+v", got, ms)
			if tc.want != nil && !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"drones to Russia", "无人机和芯片", "STM32F407 микросхемы", "\xff\xfe"} {
		f.Add(s)
	}
	c := Default()
	f.Fuzz(func(t *testing.T, s string) {
		ms := c.Find(s)
		for i, m := range ms {
			if m.Start < 0 || m.End > len(s) || m.Start >= m.End {
				t.Fatalf("span %+v out of [0,%d]", m, len(s))
			}
			if i > 0 && m.Start < ms[i-1].End {
				t.Fatalf("overlap %+v after %+v", m, ms[i-1])
			}
		}
	})
}
