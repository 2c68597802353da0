package shipment_test

import "github.com/redline-sanctions/redline/shipment"

// goodsClassifier is a development stand-in until package goods lands:
// CHPL tiers and concerns by HS code.
func goodsClassifier() shipment.GoodsClassifier { return shipment.DefaultGoods() }

type stubGoods struct{}

var stubTiers = map[string]string{"854231": "1", "854232": "1", "854233": "1", "854239": "1", "852691": "2", "853224": "2", "853221": "2", "851762": "2",
	"854129": "3.A", "854110": "3.A", "850440": "3.A", "853669": "3.A", "852910": "3.A", "848210": "3.B", "848250": "3.B", "901420": "3.B", "880730": "3.B",
	"903020": "4.A", "853400": "4.A", "845710": "4.B", "845811": "4.B"}

func (stubGoods) ClassifyGoods(desc, hs string) shipment.Goods {
	d := []rune{}
	for _, r := range hs {
		if r >= '0' && r <= '9' {
			d = append(d, r)
		}
	}
	if len(d) < 6 {
		return shipment.Goods{}
	}
	h := string(d[:6])
	g := shipment.Goods{HSCode: h, HSHeading: h[:4], CHPLTier: stubTiers[h]}
	switch {
	case h[:4] == "8806":
		g.Concern = "uav"
	case h == "840710" || h[:4] == "8411":
		g.Concern = "engines"
	case h == "854370":
		g.Concern = "ew"
	}
	return g
}
