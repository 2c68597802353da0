package demo

import (
	"testing"

	"github.com/redline-sanctions/redline/goods"
)

// TestCatalogClassifies checks that the goods classifier reads every
// description of the catalogue, in each language and without an HS code,
// as the goods it stands for: the same CHPL tier (none for civilian goods)
// and, for goods of concern, the concern.
func TestCatalogClassifies(t *testing.T) {
	c := goods.Default()
	for _, list := range [][]item{civilian, chpl, concern} {
		for _, it := range list {
			for lang, d := range map[string]string{"en": it.en, "ru": it.ru, "zh": it.zh} {
				got := c.Classify(d, "")
				if got.CHPLTier != it.tier {
					t.Errorf("%s %q: tier %q, want %q (hs %s; evidence %v)", lang, d, got.CHPLTier, it.tier, got.HSCode, got.Evidence)
				}
				if it.concern != "" && got.Concern != it.concern {
					t.Errorf("%s %q: concern %q, want %q (hs %s)", lang, d, got.Concern, it.concern, got.HSCode)
				}
				withHS := c.Classify(d, it.hs)
				if withHS.CHPLTier != it.tier || (it.concern != "" && withHS.Concern != it.concern) {
					t.Errorf("%s %q with HS %s: tier %q concern %q, want %q %q", lang, d, it.hs, withHS.CHPLTier, withHS.Concern, it.tier, it.concern)
				}
			}
		}
	}
}
