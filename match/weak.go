package match

import (
	"slices"
	"strings"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/names"
)

// Weak aliases copied without their mark. The US Consolidated Screening
// List copies every SDN entry, a.k.a.s included, but keeps no category:
// OFAC's weak a.k.a.s ('MPC' of MOBIN PETROCHEMICAL COMPANY, SDN 15952)
// become ordinary alt_names there. A CSL row of the SDN sublist whose key
// is an SDN entry's ent_num inherits that entry's weak marks: its names
// equal (after names.Normalize) to one of the entry's weak aliases are
// weak too, unless the CSL row marks weak aliases of its own.

// Datasets and sublist whose weak marks are inherited (source/ofac,
// source/csl name them so).
const (
	sdnDataset = "us_ofac_sdn"
	cslDataset = "us_trade_csl"
	cslSDN     = "Specially Designated Nationals"
)

// inheritWeak marks the weak names of the CSL's copies of SDN entries
// among parties.
func inheritWeak(parties []*party) {
	weak := map[string][]string{} // SDN ent_num -> normalized weak aliases
	for _, p := range parties {
		if p.ent.Dataset != sdnDataset {
			continue
		}
		for _, w := range p.ent.Properties[entity.WeakAlias] {
			weak[p.ent.SourceID] = append(weak[p.ent.SourceID], names.Normalize(w))
		}
	}
	if len(weak) == 0 {
		return
	}
	for _, p := range parties {
		e := p.ent
		if e.Dataset != cslDataset || !strings.HasPrefix(e.Sublist, cslSDN) || len(e.Properties[entity.WeakAlias]) > 0 {
			continue
		}
		ws := weak[e.SourceID]
		if len(ws) == 0 {
			continue
		}
		for i := range p.names {
			if slices.Contains(ws, names.Normalize(p.names[i].Original)) {
				p.markWeak(i)
			}
		}
	}
}
