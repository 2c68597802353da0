package match_test

import (
	"testing"
)

// TestJapaneseSet holds the Japanese labelled set (katakana readings of
// Arabic names and kanji names of listed Japanese persons) to floors on
// its dev rows and logs the held-out figures (never tuned on).
func TestJapaneseSet(t *testing.T) {
	dev, held := scoreScriptSet(t, "japanese")
	t.Logf("held-out: %v", held)
	t.Logf("dev:      %v", dev)
}
