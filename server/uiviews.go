package server

import (
	"github.com/redline-sanctions/redline/names"
	"sort"
	"strings"
	"unicode"

	"github.com/redline-sanctions/redline/casestore"
	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/screen"
	"github.com/redline-sanctions/redline/shipment"
)

// searchView is the data of the search page.
type searchView struct {
	Q, Schema string
	Results   []scoredJSON
	Threshold float64
	Entities  int
}

// nameView is one name of an entity with its script.
type nameView struct {
	Prop, Value, Script string
}

// propView is one non-name property.
type propView struct {
	Label  string
	Values []string
	// Items are the values as shown on the entity page (country names,
	// links to referenced entities); nil elsewhere.
	Items []valueView
	key   string // the FtM property
}

type entityView struct {
	E           entityJSON
	Names       []nameView
	Scripts     []string
	Identifiers []propView
	// Listings are each list's programmes and listing dates.
	Listings []listingView
	Other    []propView
	Links    []linkView
	// Evidence are the ledger's documents that mention the entity.
	Evidence []casestore.Document
}

// linkView is a link or sanction naming the entity, with the other party.
type linkView struct {
	Schema  string
	Caption string
	Other   *entityJSON
	Props   []propView
}

var identifierProps = []string{entity.IDNumber, entity.PassportNumber, entity.TaxNumber, entity.InnCode, entity.OgrnCode,
	entity.RegistrationNum, entity.LeiCode, entity.SwiftBic, entity.UnifiedCode, entity.ImoNumber, entity.Mmsi,
	entity.CallSign, entity.UNSCReference, entity.CryptoWallet, entity.SerialNumber}

func buildEntityView(d entityResponse) entityView {
	v := entityView{E: d.entityJSON}
	used := map[string]bool{}
	seenScript := map[string]bool{}
	for _, p := range entity.NameProps {
		for _, n := range d.Properties[p] {
			sc := names.ScriptName(n)
			v.Names = append(v.Names, nameView{Prop: p, Value: n, Script: sc})
			if !seenScript[sc] {
				seenScript[sc] = true
				v.Scripts = append(v.Scripts, sc)
			}
		}
		used[p] = true
	}
	for _, p := range identifierProps {
		if vals := d.Properties[p]; len(vals) > 0 {
			v.Identifiers = append(v.Identifiers, propView{Label: label(p), Values: vals})
		}
		used[p] = true
	}
	// Programmes and listing dates are shown per list (listingsOf).
	for _, p := range []string{entity.Program, entity.ProgramID, entity.ListingDate} {
		used[p] = true
	}
	var other []string
	for p := range d.Properties {
		if !used[p] {
			other = append(other, p)
		}
	}
	sort.Strings(other)
	for _, p := range other {
		v.Other = append(v.Other, propView{Label: label(p), Values: d.Properties[p], key: p})
	}
	for _, l := range d.Links {
		if l.Schema == entity.Sanction {
			continue // shown in Listings
		}
		lv := linkView{Schema: l.Schema, Caption: l.Caption}
		var keys []string
		for p := range l.Properties {
			keys = append(keys, p)
		}
		sort.Strings(keys)
		for _, p := range keys {
			vals := l.Properties[p]
			isRef := false
			for _, x := range vals {
				if o, ok := d.Related[x]; ok {
					oc := o
					lv.Other = &oc
					isRef = true
				} else if x == d.ID {
					isRef = true
				}
			}
			if !isRef {
				lv.Props = append(lv.Props, propView{Label: label(p), Values: vals})
			}
		}
		v.Links = append(v.Links, lv)
	}
	return v
}

// label turns an FtM property name into words: "birthDate" -> "Birth
// date"; the abbreviations people know in capitals: "innCode" -> "INN
// code", "unscId" -> "UN SC ID", "sourceUrl" -> "Source URL".
func label(p string) string {
	var words []string
	start := 0
	for i, r := range p {
		if i > 0 && unicode.IsUpper(r) {
			words = append(words, p[start:i])
			start = i
		}
	}
	words = append(words, p[start:])
	for i, w := range words {
		w = strings.ToLower(w)
		switch {
		case labelCaps[w] != "":
			w = labelCaps[w]
		case i == 0 && w != "":
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		words[i] = w
	}
	return strings.Join(words, " ")
}

// labelCaps spells the abbreviations in FtM property names.
var labelCaps = map[string]string{
	"id": "ID", "inn": "INN", "ogrn": "OGRN", "kpp": "KPP", "okpo": "OKPO",
	"bik": "BIK", "lei": "LEI", "imo": "IMO", "mmsi": "MMSI", "vat": "VAT",
	"swift": "SWIFT", "bic": "BIC", "duns": "DUNS", "npi": "NPI", "isin": "ISIN",
	"ric": "RIC", "url": "URL", "uri": "URI", "unsc": "UN SC",
	"icij": "ICIJ", "opencorporates": "OpenCorporates",
}

type alertsView struct {
	Alerts []alertRow
	Counts map[string]int
	// Total counts every alert in the store: none means the queue was
	// never filled, and the page says how alerts are made.
	Total int
	F     casestore.AlertFilter
	Next  string
	Prev  string
	// CanScreen: the user may screen files (the upload page); CanShip:
	// the server screens shipments.
	CanScreen, CanShip bool
	// Pending marks the alerts whose clearance awaits a second person.
	Pending map[int64]bool
}

type alertView struct {
	A         casestore.Alert
	Party     map[string]any
	Expl      match.Explanation
	Decisions []casestore.DecisionRecord
	Entity    *entityJSON
	// Records are every listed record of the alert's party (the same
	// party on other lists), the alert's entity among them; no scores.
	Records   []match.Record
	Changed   bool
	CanDecide bool
	// Clearances are the alert's clearance requests, newest first;
	// Pending the one awaiting a second person, if any. CanCheck says
	// whether the user may settle it (checker role, not its maker);
	// FourEyes describes the policy when clearing this alert needs a
	// second person.
	Clearances []casestore.Clearance
	Pending    *casestore.Clearance
	CanCheck   bool
	FourEyes   string
	// Evidence are the ledger's documents that mention the alert's entity
	// (a shipment alert's: the entities its flags name).
	Evidence []casestore.Document
	// Ship is set for an alert of kind shipment.
	Ship *shipmentAlertView
}

type uploadView struct {
	Kind      string
	File      string
	Run       casestore.Run
	Stats     screen.Stats
	RunStats  casestore.RunStats
	Records   []screen.Record
	Shipments []shipment.Record
	Total     int
	// Flagged counts the shipments at medium or high risk.
	Flagged    int
	Shown      int
	CanShip    bool
	Problems   []string
	ElapsedSec float64
}
