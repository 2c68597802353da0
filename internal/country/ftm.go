package country

import "strings"

// ftmTerritories are the values of FollowTheMoney's country type that are
// not ISO 3166-1 alpha-2 codes of this package's table: historical states,
// disputed and occupied territories, sub-national regions and
// organisations (FtM defaultModel.json, types.country.values). OpenSanctions
// data and yente clients use them, so a query carrying one is valid.
var ftmTerritories = map[string]string{
	"ac": "Ascension Island", "az-nk": "Artsakh", "bv": "Bouvet Island", "cn-xz": "Tibet",
	"cp": "Clipperton Island", "cq": "Sark", "cshh": "Czechoslovakia", "csxx": "Serbia and Montenegro",
	"cy-trnc": "Northern Cyprus", "dd": "East Germany", "dg": "Diego Garcia", "eu": "European Union",
	"gb-nir": "Northern Ireland", "gb-sct": "Scotland", "gb-wls": "Wales", "ge-ab": "Abkhazia (Occupied Georgia)",
	"gs": "South Georgia and the South Sandwich Islands", "hm": "Heard and McDonald Islands", "ic": "Canary Islands",
	"iq-kr": "Kurdistan", "md-pmr": "Transnistria (PMR)", "pk-km": "Kashmir", "pn": "Pitcairn",
	"sj": "Svalbard and Jan Mayen", "so-som": "Somaliland", "suhh": "Soviet Union", "ta": "Tristan da Cunha",
	"tf": "French Southern Territories", "ua-cri": "Crimea (Occupied Ukraine)", "ua-dpr": "Donetsk (Occupied Ukraine)",
	"ua-lpr": "Luhansk (Occupied Ukraine)", "um": "U.S. Outlying Islands", "un": "United Nations",
	"wf": "Wallis and Futuna", "x-so": "South Ossetia (Occupied Georgia)", "yucs": "Yugoslavia", "zr": "Zaire",
	"zz": "Global",
}

// FtMTerritory returns the name of a FollowTheMoney country value that is
// not in the ISO table (ftmTerritories: "suhh", "ua-cri", "zz", …),
// case-insensitively, and whether it is one.
func FtMTerritory(code string) (string, bool) {
	n, ok := ftmTerritories[strings.ToLower(strings.TrimSpace(code))]
	return n, ok
}
