package shipment_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/demo"
)

// TestForwarderUnlistedNames measures forwarder recall when the planted
// forwarders are named as firms name themselves ("Spedition",
// "Handelshaus", "Экспедиция", "货运代理"): the planted forwarder_consignee
// rows of the demo generator with the consignee renamed, share at medium or
// above per naming. Measured first with the keyword list of the time, which
// held none of the first three words: 3.1% each (27.3% over the four
// namings; "货运代理" holds the listed "货运"). The forwarding vocabulary
// added since (rules README, "Forwarder words") holds these words, so the
// figure after (100%) is no longer blind: the honest one is the before.
// It fails if a naming that holds a listed keyword is not caught.
func TestForwarderUnlistedNames(t *testing.T) {
	f := sampleFixture(t)
	e := f.engine(t, shipment.Options{})
	ctx := context.Background()
	var planted []*shipment.Shipment
	if err := demo.Generate(ctx, demo.Options{Rows: 40000, Seed: 1, Listed: f.listed, Owned: f.owned}, func(s *shipment.Shipment) error {
		if s.Planted == "forwarder_consignee" {
			planted = append(planted, s)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	namings := []struct {
		name, form string
		listed     bool // the form holds a keyword of the rule
	}{
		{"as planted (rule keywords)", "", true},
		{"Spedition", "%s Spedition GmbH", true},
		{"Handelshaus", "Handelshaus %s GmbH", true},
		{"Экспедиция", "ООО «%s Экспедиция»", true},
		{"货运代理", "%s货运代理有限公司", true},
	}
	all, caughtAll := 0, 0
	for _, n := range namings {
		caught, fired := 0, 0
		for i, s := range planted {
			c := *s
			c.Parties = append([]shipment.Party(nil), s.Parties...)
			if n.form != "" {
				for j := range c.Parties {
					if c.Parties[j].Role == shipment.Consignee {
						c.Parties[j].Name = fmt.Sprintf(n.form, []string{"Nordwind", "Baltika", "Vostok", "Meridian", "华远"}[i%5])
					}
				}
			}
			a := mustAssess(t, e, ctx, &c)
			if a.Level == "medium" || a.Level == "high" {
				caught++
			}
			for _, fl := range a.Flags {
				if fl.Rule == "forwarder_consignee" {
					fired++
					break
				}
			}
		}
		t.Logf("%-28s %4d planted: %5.1f%% at medium or above, forwarder rule fired on %5.1f%%", n.name, len(planted),
			100*float64(caught)/float64(len(planted)), 100*float64(fired)/float64(len(planted)))
		if n.form != "" {
			all += len(planted)
			caughtAll += caught
		}
		if n.listed && caught < len(planted)*99/100 {
			t.Errorf("%s: %d of %d caught, want 99%%", n.name, caught, len(planted))
		}
	}
	t.Logf("renamed forwarders (all four namings): %.1f%% at medium or above", 100*float64(caughtAll)/float64(all))
}
