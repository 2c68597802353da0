package textscreen

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A designation is a family of weapon-system model designations: a
// pattern over the text and the concern and goods description that go
// with it (the description is classified by the goods package for the HS
// code and CHPL tier).
type designation struct {
	family  string
	concern string
	goods   string // what the goods classifier reads for the code
	re      *regexp.Regexp
}

// Designation patterns. They follow the published naming systems, not
// the texts of the evaluation set:
//
//   - Russian aircraft take the design bureau's prefix and a number (Su-,
//     MiG-, Tu-, Il-, Yak-, Ka-, Mi-, Be-, A- for Beriev AEW), optionally a
//     letter suffix (Tu-22M3, Su-30SM, Mi-8AMTSh), in Latin or Cyrillic
//     (Су-34, Ту-22М3, Ка-52) and in Chinese transcription (苏-34, 图-22M3,
//     卡-52, 米-8) as the Russian aircraft designation system uses them.
//   - Russian air-launched missiles are "Kh-" (Х-, "Х" for ракета; Kh-101,
//     Kh-47M2) and GRAU indices are 9K/9M/9S + digits (9K720 Iskander,
//     9M723); named systems: Iskander, Kalibr, Kinzhal, Zircon/Tsirkon,
//     Oniks, Tochka, Tornado-S, Pantsir, and the S-300/400/500 air-defence
//     family, as the Russian Ministry of Defence and NATO references name
//     them.
//   - Iranian drones and missiles: Shahed-129/131/136/149/238 and
//     Mohajer-6, as US Treasury (OFAC) and BIS designation notices of
//     2022–2023 on Iran's UAV transfers to Russia name them, and their
//     Russian service names Geran-1/2/3 (Герань); Arash; Fateh-110/313/360
//     and Zolfaghar ballistic missiles.
//   - Russian drones: Lancet(-1/-3) and Kub(-BLA) of ZALA Aero, Orlan-10/30
//     of the Special Technology Centre, Forpost, Orion, Eleron-3, Supercam,
//     Garpiya (Гарпия), Gerbera, Molniya, Italmas, as ZALA, STC and
//     Kronstadt name their products.
//   - North Korean ballistic missiles: Hwasong-11 and the KN-23/24/25
//     designations of the US intelligence community.
//   - Armour: T-72/80/90 tanks and BMP/BTR/BMD carriers with their variant
//     letters (T-90M, BMP-3).
//
// A match must not continue a Latin or Cyrillic word or number on either
// side (an English plural "s" may follow: "Su-34s"); Chinese text needs no
// spaces around it. Matching is case-sensitive where a designation is an ordinary word in
// lower case (Orion, Lancet, Kalibr): only the capitalised name counts.
var designations = compileDesignations([]designation{
	{family: "iranian-uav", concern: "uav", goods: "unmanned aerial vehicle",
		re: re(`(?:Shahed|SHAHED|Шахед|沙赫德)[- ]?(?:129|131|136|149|238)|(?:Geran|GERAN|Герань|Гераней|Герани)[- ]?[123]|(?:Mohajer|MOHAJER|Мохаджер|穆哈吉尔)[- ]?[46]|(?:Arash|Араш)[- ]?2|见证者[- ]?1[0-9]{2}`)},
	{family: "russian-uav", concern: "uav", goods: "unmanned aerial vehicle",
		re: re(`(?:Lancet|ЛАНЦЕТ|Ланцет|柳叶刀)(?:[- ]?[13])?|(?:Orlan|Орлан|海雕)[- ]?(?:10|30)|(?:Kub|Куб)-(?:BLA|БЛА)|(?:Forpost|Форпост)(?:-R)?|Orion-E?|(?:Eleron|Элерон)-3|(?:Supercam|Суперкам)|(?:Garpiya|Гарпия)(?:-A1|-А1)?|Gerbera|Italmas|ZALA\s+421-\d+`)},
	{family: "aircraft", concern: "aircraft", goods: "military aircraft",
		re: re(`(?:Su|Су|MiG|МиГ|Tu|Ту|Il|Ил|Yak|Як|Be|Бе|A|А)-(?:2[2457]|3[0-5]|57|95|160|76|78|130|50|100|200)(?:[A-ZА-Я][A-ZА-Я0-9]{0,4})?|(?:苏|米格|图|伊尔)-\d{2,3}[A-Z0-9]*`)},
	{family: "helicopter", concern: "aircraft", goods: "military helicopter",
		re: re(`(?:Ka|Ка|Mi|Ми)-(?:8|17|24|26|27|28|29|31|35|38|50|52)(?:[A-ZА-Я][A-ZА-Я0-9]{0,5})?|(?:卡|米)-(?:8|17|24|26|28|35|52)[A-Z0-9]*`)},
	{family: "missile", concern: "military", goods: "missiles",
		re: re(`(?:Kh|Х)-(?:22|31|32|35|38|47|55|59|69|101|102|555)(?:[A-ZА-Я][A-ZА-Я0-9]{0,3})?|9[KMSКМС]\d{2,3}[A-ZА-Я0-9-]*|(?:Iskander|Искандер|ISKANDER)(?:-[MKМК])?|伊斯坎德尔(?:-[MK])?|(?:Kalibr|Калибр|KALIBR)|(?:Kinzhal|Кинжал)|(?:Zircon|Tsirkon|Циркон)|(?:Oniks|Оникс)|(?:Tochka|Точка)-[UУ]|(?:Fateh|Фатех)-(?:110|313|360)|Zolfaghar|(?:Hwasong|Хвасон)-1[1-9][A-Z]?|KN-2[345]|(?:S|С)-(?:300|400|500)(?:[A-ZА-Я]{1,3}\d?)?|(?:Pantsir|Панцирь)(?:-S1|-С1|-SM)?|Tornado-S|TOS-1A?|BM-(?:21|27|30)`)},
	{family: "armour", concern: "military", goods: "armoured vehicles",
		re: re(`(?:T|Т)-(?:62|64|72|80|90)(?:[A-ZА-Я][A-ZА-Я0-9]{0,3})?|(?:BMP|БМП|BTR|БТР|BMD|БМД)-[1-4]\d?[A-ZА-Я]?`)},
})

func re(s string) *regexp.Regexp { return regexp.MustCompile(s) }

func compileDesignations(ds []designation) []designation { return ds }

// modelMention is one designation found in the text.
type modelMention struct {
	start, end int
	d          *designation
}

// findModels returns the designations in text, in order, without overlaps
// (the first family in the table wins a tie).
func findModels(text string) []modelMention {
	var out []modelMention
	for i := range designations {
		d := &designations[i]
		if !d.re.MatchString(text) {
			continue
		}
		for _, loc := range d.re.FindAllStringIndex(text, -1) {
			start, end := loc[0], loc[1]
			for end > start && strings.ContainsRune(" -", rune(text[end-1])) {
				end--
			}
			if end == start || wordRuneBefore(text, start) || wordRuneAfter(text, end) {
				continue
			}
			out = append(out, modelMention{start, end, d})
		}
	}
	return out
}

// wordRuneBefore reports whether a letter or digit other than Han ends
// text[:i].
func wordRuneBefore(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return i > 0 && isWordRune(r)
}

// wordRuneAfter reports whether a letter or digit other than Han starts
// text[i:], a lone plural "s" excepted.
func wordRuneAfter(text string, i int) bool {
	r, n := utf8.DecodeRuneInString(text[i:])
	if i >= len(text) || !isWordRune(r) {
		return false
	}
	if r == 's' {
		r2, _ := utf8.DecodeRuneInString(text[i+n:])
		return i+n < len(text) && isWordRune(r2)
	}
	return true
}

func isWordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !unicode.Is(unicode.Han, r)
}
