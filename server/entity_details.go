package server

import (
	"cmp"
	"slices"
	"strings"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/country"
	"github.com/redline-sanctions/redline/match"
)

// valueView is one property value as the entity page shows it: a country
// with its name, another entity with its caption (an address with its
// text) and a link, or the value itself.
type valueView struct {
	Text string
	// Href links to the referenced entity's page; empty for plain values.
	Href string
	// Note says why a value is shown raw, e.g. a reference to an entity
	// the loaded lists do not hold.
	Note string
}

// listingView is one list's record of the party: under which programmes
// and since when it lists it, as the list says.
type listingView struct {
	List         string
	Programs     []string
	Dates        []string
	Descriptions []string
	Authorities  []string
	Reasons      []string
	// Merged marks the party's own record when it merges several lists
	// (OpenSanctions): the data does not say which list gives which
	// programme or date.
	Merged bool
}

// refProps are properties whose values are ids of other entities even
// when the loaded lists do not hold them.
var refProps = map[string]bool{"addressEntity": true}

// addressParts are an FtM Address's parts, in the order they are written
// when the address has no full text.
var addressParts = []string{"street", "street2", "postOfficeBox", "city", "postalCode", "region", "state", entity.Country}

// detailValues turns a property's raw values into what a reader wants:
// country names with the code, and links to referenced entities.
func detailValues(m *match.Matcher, self, prop string, vals []string) []valueView {
	out := make([]valueView, 0, len(vals))
	for _, v := range vals {
		switch {
		case entity.IsCountryProp(prop):
			out = append(out, valueView{Text: countryText(v)})
		case v != self && m.Entity(v) != nil:
			out = append(out, valueView{Text: entityText(m.Entity(v)), Href: "/ui/entities/" + v})
		case refProps[prop]:
			out = append(out, valueView{Text: v, Note: "record not in the loaded lists"})
		default:
			out = append(out, valueView{Text: v})
		}
	}
	return out
}

// countryText is "Russia (RU)" for "ru", or the value itself when it is not
// a known code.
func countryText(v string) string {
	if n, ok := country.Name(v); ok && len(v) == 2 {
		return n + " (" + strings.ToUpper(v) + ")"
	}
	return v
}

// entityText is how a referenced entity is named: an address by its text,
// anything else by its caption.
func entityText(e *entity.Entity) string {
	if e.Schema != "Address" {
		return e.Caption()
	}
	if f := e.First("full"); f != "" {
		return f
	}
	var parts []string
	for _, p := range addressParts {
		for _, v := range e.Get(p) {
			if p == entity.Country {
				v = countryText(v)
			}
			parts = append(parts, v)
		}
	}
	if len(parts) == 0 {
		return e.ID
	}
	return strings.Join(parts, ", ")
}

// listingsOf gathers, for each list naming the party, its programmes and
// listing dates: from the party's own record (program, programId,
// listingDate as the OFAC, UN, EU, UK and CSL readers set them) and from
// the FtM Sanction entities that name it (startDate, listingDate, summary,
// authority, reason). A list that gives no date gets none. An address or
// other non-party record with neither gets no listing.
func listingsOf(d entityResponse) []listingView {
	var out []listingView
	own := listingView{List: strings.Join(d.Datasets, ", "), Merged: len(d.Datasets) > 1}
	fill(&own, d.Properties)
	if len(own.Programs)+len(own.Dates) > 0 || (d.Target && len(d.Links) == 0) {
		out = append(out, own)
	}
	start := len(out)
	for _, l := range d.Links {
		if l.Schema != entity.Sanction {
			continue
		}
		lv := listingView{List: strings.Join(l.Datasets, ", ")}
		fill(&lv, l.Properties)
		lv.Descriptions = l.Properties[entity.Summary]
		lv.Authorities = l.Properties[entity.Authority]
		lv.Reasons = l.Properties[entity.Reason]
		out = append(out, lv)
	}
	slices.SortStableFunc(out[start:], func(a, b listingView) int {
		return cmp.Or(strings.Compare(a.List, b.List), slices.Compare(a.Dates, b.Dates))
	})
	return out
}

// fill sets a listing's programmes and dates from a record's properties.
func fill(lv *listingView, props map[string][]string) {
	for _, p := range []string{entity.Program, entity.ProgramID} {
		for _, v := range props[p] {
			if !slices.Contains(lv.Programs, v) {
				lv.Programs = append(lv.Programs, v)
			}
		}
	}
	lv.Dates = slices.Clone(props[entity.ListingDate])
	if len(lv.Dates) == 0 {
		lv.Dates = slices.Clone(props[entity.StartDate])
	}
	slices.Sort(lv.Dates)
}
