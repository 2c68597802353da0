// Package country maps the country names that sanctions lists use to
// ISO 3166-1 alpha-2 codes.
//
// Lists spell countries in many ways: the UN writes "Iran (Islamic Republic
// of)" and "Democratic People's Republic of Korea", OFAC "Korea, North" and
// "Burma", the EU upper case "CONGO, Democratic Republic of (was Zaire)".
// Code folds case, spaces, punctuation and diacritics before looking a name
// up, so one table entry covers the obvious variants. Add spellings to names
// below; never remove one.
package country

import (
	"github.com/redline-sanctions/redline/internal/ascii"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Code returns the ISO 3166-1 alpha-2 code (upper case) for a country name
// or code as lists write it, and false when the name is not known. A
// two-letter input that is a known code is returned upper-cased.
func Code(name string) (string, bool) {
	codes, index := tables()
	k := key(name)
	if k == "" {
		return "", false
	}
	if len(k) == 2 {
		up := strings.ToUpper(k)
		if _, ok := codes[up]; ok {
			return up, true
		}
	}
	c, ok := index[k]
	return c, ok
}

// Known reports whether code is an ISO 3166-1 alpha-2 code in the table
// (plus the user-assigned XK for Kosovo).
func Known(code string) bool {
	codes, _ := tables()
	_, ok := codes[strings.ToUpper(code)]
	return ok
}

// Name returns the common English short name of an ISO 3166-1 alpha-2
// code in either case ("ru" → "Russia"), and false when the code is not in
// the table.
func Name(code string) (string, bool) {
	ns := names[strings.ToUpper(strings.TrimSpace(code))]
	if len(ns) == 0 {
		return "", false
	}
	return ns[0], true
}

// key folds a name for lookup: lower case, diacritics removed, "&" read as
// "and", punctuation turned into spaces, spaces collapsed, a leading "the"
// dropped.
func key(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if !ascii.Is(s) {
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		if f, _, err := transform.String(t, s); err == nil {
			s = f
		}
	}
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "&", " and ")
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		if r == '\'' || r == '’' {
			continue // "people's" and "peoples" read alike
		}
		space = true
	}
	return strings.TrimPrefix(b.String(), "the ")
}

// Alpha3 returns the ISO 3166-1 alpha-2 code of an alpha-3 code ("DEU" →
// "DE"), as UN Comtrade writes reporterISO and partnerISO, and false when
// the code is not a known country.
func Alpha3(code string) (string, bool) {
	if len(code) != 3 {
		return "", false
	}
	r, err := language.ParseRegion(code)
	if err != nil || !r.IsCountry() {
		return "", false
	}
	c := r.String()
	if !Known(c) {
		return "", false
	}
	return c, true
}

// tables builds, once, the set of codes and the folded-name index.
var tables = sync.OnceValues(func() (map[string]bool, map[string]string) {
	codes, index := map[string]bool{}, map[string]string{}
	for code, ns := range names {
		codes[code] = true
		for _, n := range ns {
			index[key(n)] = code
		}
	}
	for code, ns := range demonyms {
		for _, n := range ns {
			index[key(n)] = code
		}
	}
	return codes, index
})

// names lists, for each code, the spellings lists use. The first is the
// common English short name.
var names = map[string][]string{
	"AD": {"Andorra"},
	"AE": {"United Arab Emirates", "UAE", "U.A.E."},
	"AF": {"Afghanistan", "Islamic Republic of Afghanistan", "Islamic Emirate of Afghanistan"},
	"AG": {"Antigua and Barbuda"},
	"AI": {"Anguilla"},
	"AL": {"Albania"},
	"AM": {"Armenia"},
	"AO": {"Angola"},
	"AQ": {"Antarctica"},
	"AR": {"Argentina"},
	"AS": {"American Samoa"},
	"AT": {"Austria"},
	"AU": {"Australia"},
	"AW": {"Aruba"},
	"AX": {"Aland Islands", "Åland Islands"},
	"AZ": {"Azerbaijan"},
	"BA": {"Bosnia and Herzegovina", "Bosnia-Herzegovina", "Bosnia", "Bosnia Herzegovina"},
	"BB": {"Barbados"},
	"BD": {"Bangladesh"},
	"BE": {"Belgium"},
	"BF": {"Burkina Faso"},
	"BG": {"Bulgaria"},
	"BH": {"Bahrain"},
	"BI": {"Burundi"},
	"BJ": {"Benin"},
	"BL": {"Saint Barthelemy", "Saint Barthélemy", "Saint-Barth?lemy"}, // the last as Armenia's import statistics write it (é lost)
	"BM": {"Bermuda"},
	"BN": {"Brunei", "Brunei Darussalam"},
	"BO": {"Bolivia", "Bolivia (Plurinational State of)", "Plurinational State of Bolivia"},
	"BQ": {"Bonaire, Sint Eustatius and Saba", "Caribbean Netherlands"},
	"BR": {"Brazil"},
	"BS": {"Bahamas", "Bahamas, The"},
	"BT": {"Bhutan"},
	"BW": {"Botswana"},
	"BY": {"Belarus", "Republic of Belarus", "Byelorussia"},
	"BZ": {"Belize"},
	"CA": {"Canada"},
	"CC": {"Cocos (Keeling) Islands"},
	"CD": {"Democratic Republic of the Congo", "Congo, Democratic Republic of the", "Congo, Democratic Republic of (was Zaire)", "Congo, The Democratic Republic of the", "Democratic Republic of Congo", "DRC", "DR Congo", "Congo (Kinshasa)", "Zaire"},
	"CF": {"Central African Republic", "CAR"},
	"CG": {"Congo", "Republic of the Congo", "Congo, Republic of the", "Congo (Brazzaville)", "Congo-Brazzaville"},
	"CH": {"Switzerland"},
	"CI": {"Cote d'Ivoire", "Côte d'Ivoire", "Ivory Coast", "Cote d' Ivoire"},
	"CK": {"Cook Islands"},
	"CL": {"Chile"},
	"CM": {"Cameroon"},
	"CN": {"China", "People's Republic of China", "China, People's Republic of", "PRC"},
	"CO": {"Colombia"},
	"CR": {"Costa Rica"},
	"CU": {"Cuba"},
	"CV": {"Cabo Verde", "Cape Verde"},
	"CW": {"Curacao", "Curaçao"},
	"CX": {"Christmas Island"},
	"CY": {"Cyprus"},
	"CZ": {"Czechia", "Czech Republic"},
	"DE": {"Germany", "Federal Republic of Germany"},
	"DJ": {"Djibouti"},
	"DK": {"Denmark"},
	"DM": {"Dominica"},
	"DO": {"Dominican Republic"},
	"DZ": {"Algeria"},
	"EC": {"Ecuador"},
	"EE": {"Estonia"},
	"EG": {"Egypt"},
	"EH": {"Western Sahara"},
	"ER": {"Eritrea"},
	"ES": {"Spain"},
	"ET": {"Ethiopia"},
	"FI": {"Finland"},
	"FJ": {"Fiji"},
	"FK": {"Falkland Islands", "Falkland Islands (Malvinas)"},
	"FM": {"Micronesia", "Micronesia, Federated States of", "Micronesia (Federated States of)"},
	"FO": {"Faroe Islands"},
	"FR": {"France"},
	"GA": {"Gabon"},
	"GB": {"United Kingdom", "United Kingdom of Great Britain and Northern Ireland", "UK", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland"},
	"GD": {"Grenada"},
	"GE": {"Georgia"},
	"GF": {"French Guiana"},
	"GG": {"Guernsey"},
	"GH": {"Ghana"},
	"GI": {"Gibraltar"},
	"GL": {"Greenland"},
	"GM": {"Gambia", "Gambia, The"},
	"GN": {"Guinea"},
	"GP": {"Guadeloupe"},
	"GQ": {"Equatorial Guinea"},
	"GR": {"Greece"},
	"GT": {"Guatemala"},
	"GU": {"Guam"},
	"GW": {"Guinea-Bissau", "Guinea Bissau"},
	"GY": {"Guyana"},
	"HK": {"Hong Kong", "China, Hong Kong Special Administrative Region", "Hong Kong SAR", "Hong Kong, China", "Hong Kong Special Administrative Region of China"},
	"HN": {"Honduras"},
	"HR": {"Croatia"},
	"HT": {"Haiti"},
	"HU": {"Hungary"},
	"ID": {"Indonesia"},
	"IE": {"Ireland", "Ireland (Eire)"},
	"IL": {"Israel"},
	"IM": {"Isle of Man"},
	"IN": {"India"},
	"IO": {"British Indian Ocean Territory"},
	"IQ": {"Iraq"},
	"IR": {"Iran", "Iran (Islamic Republic of)", "Islamic Republic of Iran", "Iran, Islamic Republic of"},
	"IS": {"Iceland"},
	"IT": {"Italy"},
	"JE": {"Jersey"},
	"JM": {"Jamaica"},
	"JO": {"Jordan"},
	"JP": {"Japan"},
	"KE": {"Kenya"},
	"KG": {"Kyrgyzstan", "Kyrgyz Republic"},
	"KH": {"Cambodia"},
	"KI": {"Kiribati"},
	"KM": {"Comoros"},
	"KN": {"Saint Kitts and Nevis", "St. Kitts and Nevis"},
	"KP": {"North Korea", "Korea, DPR of", "Korea, North", "Democratic People's Republic of Korea", "Korea, Democratic People's Republic of", "Korea (Democratic People's Republic of)", "DPRK", "North Korea (Democratic People's Republic of Korea)"},
	"KR": {"South Korea", "Korea, South", "Republic of Korea", "Korea, Republic of", "Korea (Republic of)"},
	"KW": {"Kuwait"},
	"KY": {"Cayman Islands"},
	"KZ": {"Kazakhstan"},
	"LA": {"Laos", "Lao People's Democratic Republic", "Lao PDR"},
	"LB": {"Lebanon"},
	"LC": {"Saint Lucia", "St. Lucia"},
	"LI": {"Liechtenstein"},
	"LK": {"Sri Lanka"},
	"LR": {"Liberia"},
	"LS": {"Lesotho"},
	"LT": {"Lithuania"},
	"LU": {"Luxembourg"},
	"LV": {"Latvia"},
	"LY": {"Libya", "Libyan Arab Jamahiriya", "State of Libya"},
	"MA": {"Morocco"},
	"MC": {"Monaco", "Monako"},
	"MD": {"Moldova", "Republic of Moldova", "Moldova, Republic of"},
	"ME": {"Montenegro"},
	"MF": {"Saint Martin", "Saint Martin (French part)"},
	"MG": {"Madagascar"},
	"MH": {"Marshall Islands"},
	"MK": {"North Macedonia", "Macedonia", "The former Yugoslav Republic of Macedonia", "Macedonia, The Former Yugoslav Republic of", "Republic of North Macedonia"},
	"ML": {"Mali"},
	"MM": {"Myanmar", "Burma", "Myanmar (Burma)"},
	"MN": {"Mongolia"},
	"MO": {"Macao", "Macau", "China, Macao Special Administrative Region"},
	"MP": {"Northern Mariana Islands"},
	"MQ": {"Martinique"},
	"MR": {"Mauritania"},
	"MS": {"Montserrat"},
	"MT": {"Malta"},
	"MU": {"Mauritius"},
	"MV": {"Maldives"},
	"MW": {"Malawi"},
	"MX": {"Mexico"},
	"MY": {"Malaysia"},
	"MZ": {"Mozambique"},
	"NA": {"Namibia"},
	"NC": {"New Caledonia"},
	"NE": {"Niger"},
	"NF": {"Norfolk Island"},
	"NG": {"Nigeria"},
	"NI": {"Nicaragua"},
	"NL": {"Netherlands", "Netherlands (Kingdom of the)", "Holland"},
	"NO": {"Norway"},
	"NP": {"Nepal"},
	"NR": {"Nauru"},
	"NU": {"Niue"},
	"NZ": {"New Zealand"},
	"OM": {"Oman"},
	"PA": {"Panama"},
	"PE": {"Peru"},
	"PF": {"French Polynesia"},
	"PG": {"Papua New Guinea"},
	"PH": {"Philippines"},
	"PK": {"Pakistan"},
	"PL": {"Poland"},
	"PM": {"Saint Pierre and Miquelon"},
	"PR": {"Puerto Rico"},
	"PS": {"Palestine", "State of Palestine", "Palestinian Territory", "Palestinian Territories", "Occupied Palestinian Territory", "West Bank", "Gaza", "Gaza Strip", "West Bank and Gaza"},
	"PT": {"Portugal"},
	"PW": {"Palau"},
	"PY": {"Paraguay"},
	"QA": {"Qatar"},
	"RE": {"Reunion", "Réunion"},
	"RO": {"Romania"},
	"RS": {"Serbia", "Republic of Serbia"},
	"RU": {"Russia", "Russian Federation", "Russia Federation"},
	"RW": {"Rwanda"},
	"SA": {"Saudi Arabia", "Kingdom of Saudi Arabia"},
	"SB": {"Solomon Islands"},
	"SC": {"Seychelles"},
	"SD": {"Sudan"},
	"SE": {"Sweden"},
	"SG": {"Singapore"},
	"SH": {"Saint Helena"},
	"SI": {"Slovenia"},
	"SK": {"Slovakia", "Slovak Republic"},
	"SL": {"Sierra Leone"},
	"SM": {"San Marino"},
	"SN": {"Senegal"},
	"SO": {"Somalia"},
	"SR": {"Suriname"},
	"SS": {"South Sudan"},
	"ST": {"Sao Tome and Principe", "São Tomé and Príncipe"},
	"SV": {"El Salvador"},
	"SX": {"Sint Maarten", "Sint Maarten (Dutch part)"},
	"SY": {"Syria", "Syrian Arab Republic"},
	"SZ": {"Eswatini", "Swaziland"},
	"TC": {"Turks and Caicos Islands"},
	"TD": {"Chad"},
	"TG": {"Togo"},
	"TH": {"Thailand"},
	"TJ": {"Tajikistan"},
	"TK": {"Tokelau"},
	"TL": {"Timor-Leste", "East Timor"},
	"TM": {"Turkmenistan"},
	"TN": {"Tunisia"},
	"TO": {"Tonga"},
	"TR": {"Turkey", "Türkiye", "Turkiye", "Republic of Turkey", "Republic of Türkiye"},
	"TT": {"Trinidad and Tobago"},
	"TV": {"Tuvalu"},
	"TW": {"Taiwan", "Taiwan, Province of China", "Chinese Taipei"},
	"TZ": {"Tanzania", "United Republic of Tanzania", "Tanzania, United Republic of"},
	"UA": {"Ukraine"},
	"UG": {"Uganda"},
	"US": {"United States", "United States of America", "USA", "U.S.A.", "US", "U.S."},
	"UY": {"Uruguay"},
	"UZ": {"Uzbekistan"},
	"VA": {"Holy See", "Vatican", "Vatican City"},
	"VC": {"Saint Vincent and the Grenadines", "St. Vincent and the Grenadines"},
	"VE": {"Venezuela", "Venezuela (Bolivarian Republic of)", "Bolivarian Republic of Venezuela"},
	"VG": {"British Virgin Islands", "Virgin Islands, British", "Virgin Islands (British)"},
	"VI": {"United States Virgin Islands", "Virgin Islands, U.S.", "US Virgin Islands"},
	"VN": {"Vietnam", "Viet Nam"},
	"VU": {"Vanuatu"},
	"WS": {"Samoa"},
	"XK": {"Kosovo"},
	"YE": {"Yemen"},
	"YT": {"Mayotte"},
	"ZA": {"South Africa"},
	"ZM": {"Zambia"},
	"ZW": {"Zimbabwe"},
}

// demonyms lists the nationality adjectives lists write in nationality
// fields ("Pakistani", "Russian"). Adjectives shared by two countries
// ("Congolese", "Korean", "Dominican") are left out on purpose.
var demonyms = map[string][]string{
	"AE": {"Emirati"},
	"AF": {"Afghan", "Afghani"},
	"AL": {"Albanian"},
	"AM": {"Armenian"},
	"AO": {"Angolan"},
	"AR": {"Argentinian", "Argentine"},
	"AT": {"Austrian"},
	"AU": {"Australian"},
	"AZ": {"Azerbaijani", "Azeri"},
	"BA": {"Bosnian"},
	"BD": {"Bangladeshi"},
	"BE": {"Belgian"},
	"BG": {"Bulgarian"},
	"BH": {"Bahraini"},
	"BI": {"Burundian"},
	"BR": {"Brazilian"},
	"BY": {"Belarusian", "Belarussian", "Byelorussian"},
	"CA": {"Canadian"},
	"CF": {"Central African"},
	"CH": {"Swiss"},
	"CI": {"Ivorian"},
	"CM": {"Cameroonian"},
	"CN": {"Chinese"},
	"CO": {"Colombian"},
	"CU": {"Cuban"},
	"CY": {"Cypriot"},
	"CZ": {"Czech"},
	"DE": {"German"},
	"DJ": {"Djiboutian"},
	"DK": {"Danish"},
	"DZ": {"Algerian"},
	"EE": {"Estonian"},
	"EG": {"Egyptian"},
	"ER": {"Eritrean"},
	"ES": {"Spanish"},
	"ET": {"Ethiopian"},
	"FI": {"Finnish"},
	"FR": {"French"},
	"GA": {"Gabonese"},
	"GB": {"British"},
	"GE": {"Georgian"},
	"GH": {"Ghanaian"},
	"GN": {"Guinean"},
	"GR": {"Greek"},
	"GW": {"Bissau-Guinean"},
	"HR": {"Croatian"},
	"HT": {"Haitian"},
	"HU": {"Hungarian"},
	"ID": {"Indonesian"},
	"IE": {"Irish"},
	"IL": {"Israeli"},
	"IN": {"Indian"},
	"IQ": {"Iraqi"},
	"IR": {"Iranian"},
	"IT": {"Italian"},
	"JO": {"Jordanian"},
	"JP": {"Japanese"},
	"KE": {"Kenyan"},
	"KG": {"Kyrgyz", "Kyrgyzstani"},
	"KH": {"Cambodian"},
	"KP": {"North Korean"},
	"KR": {"South Korean"},
	"KW": {"Kuwaiti"},
	"KZ": {"Kazakh", "Kazakhstani"},
	"LA": {"Laotian", "Lao"},
	"LB": {"Lebanese"},
	"LK": {"Sri Lankan"},
	"LR": {"Liberian"},
	"LT": {"Lithuanian"},
	"LV": {"Latvian"},
	"LY": {"Libyan"},
	"MA": {"Moroccan"},
	"MD": {"Moldovan"},
	"ME": {"Montenegrin"},
	"MK": {"Macedonian"},
	"ML": {"Malian"},
	"MM": {"Burmese"},
	"MN": {"Mongolian"},
	"MR": {"Mauritanian"},
	"MT": {"Maltese"},
	"MX": {"Mexican"},
	"MY": {"Malaysian"},
	"MZ": {"Mozambican"},
	"NE": {"Nigerien"},
	"NG": {"Nigerian"},
	"NI": {"Nicaraguan"},
	"NL": {"Dutch"},
	"NO": {"Norwegian"},
	"NP": {"Nepalese", "Nepali"},
	"NZ": {"New Zealander"},
	"OM": {"Omani"},
	"PA": {"Panamanian"},
	"PH": {"Filipino", "Philippine"},
	"PK": {"Pakistani"},
	"PL": {"Polish"},
	"PS": {"Palestinian"},
	"PT": {"Portuguese"},
	"QA": {"Qatari"},
	"RO": {"Romanian"},
	"RS": {"Serbian"},
	"RU": {"Russian"},
	"RW": {"Rwandan"},
	"SA": {"Saudi", "Saudi Arabian"},
	"SD": {"Sudanese"},
	"SE": {"Swedish"},
	"SG": {"Singaporean"},
	"SI": {"Slovenian"},
	"SK": {"Slovak"},
	"SL": {"Sierra Leonean"},
	"SN": {"Senegalese"},
	"SO": {"Somali"},
	"SS": {"South Sudanese"},
	"SY": {"Syrian"},
	"TD": {"Chadian"},
	"TH": {"Thai"},
	"TJ": {"Tajik", "Tajikistani"},
	"TM": {"Turkmen"},
	"TN": {"Tunisian"},
	"TR": {"Turkish"},
	"TZ": {"Tanzanian"},
	"UA": {"Ukrainian"},
	"UG": {"Ugandan"},
	"US": {"American"},
	"UZ": {"Uzbek", "Uzbekistani"},
	"VE": {"Venezuelan"},
	"VN": {"Vietnamese"},
	"YE": {"Yemeni"},
	"ZA": {"South African"},
	"ZM": {"Zambian"},
	"ZW": {"Zimbabwean"},
}
