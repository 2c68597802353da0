package shipment

import (
	"github.com/redline-sanctions/redline/goods"
)

// Classifier classifies goods with package goods: part numbers, the
// multilingual lexicon and the HS nomenclature, the declared HS code
// winning unless it contradicts the description.
type Classifier struct {
	C *goods.Classifier
}

// DefaultGoods returns the embedded goods classifier.
func DefaultGoods() GoodsClassifier { return Classifier{C: goods.Default()} }

// ClassifyGoods implements GoodsClassifier.
func (c Classifier) ClassifyGoods(description, hsCode string) Goods {
	r := c.C.Classify(description, hsCode)
	return Goods{HSCode: r.HSCode, HSHeading: r.HSHeading, CHPLTier: r.CHPLTier, Concern: r.Concern, Military: r.Military,
		MilitaryList: r.MilitaryList(), Confidence: r.Confidence, Evidence: r.Evidence}
}
