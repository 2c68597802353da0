package match_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/eval"
	"github.com/redline-sanctions/redline/match"
)

// TestJapaneseSet holds the Japanese labelled set (katakana readings of
// Arabic names and kanji names of listed Japanese persons) to floors on
// its dev rows and logs the held-out figures (never tuned on). Before the
// kanji readings (main at 6f1f2e7) the dev figures were 18/58 found, 0/73
// negatives matched.
func TestJapaneseSet(t *testing.T) {
	dev, held := scoreScriptSet(t, "japanese")
	t.Logf("held-out: %v", held)
	t.Logf("dev:      %v", dev)
	if r := ratio(dev.hit, dev.pos); r < 0.5 {
		t.Errorf("dev recall %.3f, want >= 0.5", r)
	}
	if r := ratio(dev.fm, dev.neg); r > 0.02 {
		t.Errorf("dev false-match rate %.3f, want <= 0.02", r)
	}
}

func TestKanjiReads(t *testing.T) {
	for _, tc := range []struct {
		name, kanji, latin string
		want               bool
	}{
		{"family name first", "山田太郎", "YAMADA, Taro", true},
		{"given name first", "山田太郎", "Taro Yamada", true},
		{"spaced", "山田 太郎", "Yamada Taro", true},
		{"long vowel spelled", "佐藤健", "Satoh Ken", true},
		{"syllabic n before m", "本間健", "Homma Ken", true},
		{"sokuon", "八田一", "Hatta Hajime", true},
		{"h read p after another reading", "山田一平", "Yamada Ippei", true},
		{"family name alone", "中川", "Nakagawa", true},
		{"another given name", "山田太郎", "Yamada Hanako", false},
		{"a letter more", "山田太郎", "Yamada Taros", false},
		{"a character unread", "山田太郎", "Yamada", false},
		{"one character", "森", "Mori", false},
		{"one Latin token is not read", "小米", "Komai", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := entity.Entity{Schema: entity.Person, Properties: map[string][]string{entity.Name: {tc.kanji}}}
			c := entity.Entity{Schema: entity.Person, Properties: map[string][]string{entity.Name: {tc.latin}}}
			s, _ := match.Score(&q, &c, match.DefaultOptions())
			if got := s >= 0.95; got != tc.want {
				t.Errorf("Score(%s, %s) = %.3f, want reads %v", tc.kanji, tc.latin, s, tc.want)
			}
			off := match.DefaultOptions()
			off.Ablate = match.KanjiReadings
			if s2, _ := match.Score(&q, &c, off); tc.want && s2 >= s {
				t.Logf("%s ~ %s: %.3f without the readings too", tc.kanji, tc.latin, s2)
			}
		})
	}
}

// TestJapaneseRetrieval: the positives of the Japanese set that are on
// the benchmark lists are found through the whole index (Match): the
// listed record among the matches. The dev figure is logged with its
// misses; the held-out figure is logged.
func TestJapaneseRetrieval(t *testing.T) {
	m := match.ListsMatcher(t)
	o := match.DefaultOptions()
	var n, found [2]int // dev, held-out
	for _, r := range readScriptSet(t, "japanese") {
		if !r.label || r.listID == "" || m.Entity(r.listID) == nil {
			continue
		}
		h := 0
		if eval.HeldOut("scripts/japanese", r.query+"|"+r.name) {
			h = 1
		}
		n[h]++
		q := &entity.Entity{Schema: r.schema, Properties: map[string][]string{entity.Name: {r.query}}}
		res, err := m.Match(context.Background(), q, o)
		if err != nil {
			t.Fatal(err)
		}
		hit := slices.ContainsFunc(res, func(x match.Result) bool { return x.Match && x.Entity.ID == r.listID })
		if hit {
			found[h]++
		} else if h == 0 && testing.Verbose() {
			var top []string
			for i, x := range res {
				if i < 3 {
					top = append(top, fmt.Sprintf("%s %q %.3f", x.Entity.ID, x.Entity.Caption(), x.Score))
				}
			}
			t.Logf("dev miss: %s (want %s %q): %v", r.query, r.listID, r.name, top)
		}
	}
	t.Logf("held-out: listed record matched for %d of %d", found[1], n[1])
	t.Logf("dev:      listed record matched for %d of %d", found[0], n[0])
	if n[0] == 0 || float64(found[0])/float64(n[0]) < 0.8 {
		t.Errorf("dev: %d of %d found, want >= 0.8", found[0], n[0])
	}
}
