package ownership

import (
	"regexp"
	"strings"
	"time"
)

// List names a list, or one part of a composite list, whose parties are
// blocked persons for the rule.
type List struct {
	// Dataset is the dataset name, e.g. "us_ofac_sdn".
	Dataset string `json:"dataset"`
	// Sublist, when not empty, limits a composite list to one part: it
	// matches an entity's Sublist (or a Sanction's program) either whole,
	// case-insensitively, or by the code in its parentheses, so "SDN"
	// matches "Specially Designated Nationals (SDN) - Treasury Department".
	Sublist string `json:"sublist,omitempty"`
}

// Options say which parties are blocked persons and how the rule counts.
// The zero value applies the OFAC rule as of today (see OFACOptions).
type Options struct {
	// Blocking lists the lists whose parties are blocked persons: a party
	// is blocked when one of its datasets (entity.Entity.AllDatasets) is
	// one of them, or when it is the subject of a Sanction entity of one
	// of them (which then decides for that list; see the package doc). Nil means OFACOptions().Blocking;
	// an empty, non-nil slice means no list (only Topics then block).
	Blocking []List
	// Topics, when not empty, also make blocked any party carrying one of
	// these FtM topics (e.g. "sanction" in OpenSanctions data). Topics do
	// not say which authority designated a party, so they are off by
	// default: a Ukrainian designation does not block under the OFAC rule.
	Topics []string
	// AsOf is the day on which ownerships and designations are judged:
	// links that ended before it, or start after it, do not count. Zero
	// means today (UTC).
	AsOf time.Time
	// Threshold is the aggregate percentage at which an entity is blocked.
	// Zero means 50.
	Threshold float64
	// Strict makes the rule need more than Threshold (the EU ownership
	// criterion, "more than 50%") instead of Threshold or more (OFAC's
	// "50 percent or more").
	Strict bool
	// IgnoreIdentifiers turns off joining parties by registry identifier.
	// By default two parties of different lists that share a registry
	// identifier (INN, OGRN, registration or tax number of 10 characters
	// or more, LEI, IMO, SWIFT, Chinese USCC) are the same party for the
	// rule: an unlisted party takes the
	// designations of its listed twin (Designation.SameAs says so). This
	// is how an OpenSanctions company with its EGRUL holdings meets its
	// OFAC SDN entry, which has other ids.
	IgnoreIdentifiers bool
	// MaxPaths bounds the explanation paths one Result lists; the share
	// and verdict do not depend on it. Zero means 64.
	MaxPaths int
}

// OFACOptions applies OFAC's 50 Percent Rule: blocked persons are the
// parties on the SDN list (us_ofac_sdn, and the SDN part of the
// Consolidated Screening List); 50% or more in the aggregate blocks.
func OFACOptions() Options {
	return Options{
		Blocking: []List{{Dataset: "us_ofac_sdn"}, {Dataset: "us_trade_csl", Sublist: "SDN"}},
	}
}

// EUOptions applies the EU ownership criterion (Council "best practices"
// on restrictive measures: an entity more than 50% owned by a listed
// person is presumed to be owned by it): blocked persons are those on the
// EU Financial Sanctions File (eu_fsf), and the share must exceed 50%.
// Whether holdings of different listed persons add up under EU law is a
// legal judgment; these options add them, as OFAC does, so treat an EU
// finding that depends on aggregation as a lead to review.
func EUOptions() Options {
	return Options{Blocking: []List{{Dataset: "eu_fsf"}}, Strict: true}
}

// withDefaults fills the zero fields.
func (o Options) withDefaults() Options {
	if o.Blocking == nil {
		o.Blocking = OFACOptions().Blocking
	}
	if o.AsOf.IsZero() {
		o.AsOf = time.Now().UTC()
	}
	if o.Threshold == 0 {
		o.Threshold = 50
	}
	if o.MaxPaths == 0 {
		o.MaxPaths = 64
	}
	return o
}

// sublistCode finds the code in parentheses of a sublist name.
var sublistCode = regexp.MustCompile(`\(([^()]+)\)`)

// matches reports whether the list covers a record of dataset ds whose
// sublist (or program, for a Sanction) is one of parts.
func (l List) matches(ds string, parts []string) bool {
	if l.Dataset != ds {
		return false
	}
	if l.Sublist == "" {
		return true
	}
	for _, p := range parts {
		if strings.EqualFold(p, l.Sublist) {
			return true
		}
		for _, m := range sublistCode.FindAllStringSubmatch(p, -1) {
			if strings.EqualFold(strings.TrimSpace(m[1]), l.Sublist) {
				return true
			}
		}
	}
	return false
}

// reaches reports whether an aggregate share with lower bound sum (open
// when open) reaches the threshold.
func (o Options) reaches(sum float64, open bool) bool {
	const eps = 1e-6 // 33.33 + 16.67 is 50, whatever floating point says
	if o.Strict {
		return sum > o.Threshold+eps || (open && sum >= o.Threshold-eps)
	}
	return sum >= o.Threshold-eps
}
