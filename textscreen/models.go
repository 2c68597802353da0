package textscreen

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A designation is a family of weapon-system model designations: the
// literal ways its names start (prefixes), a pattern for the rest, and the
// concern and goods description that go with it (the description is
// classified by the goods package for the HS code and CHPL tier).
type designation struct {
	family   string
	concern  string
	goods    string // what the goods classifier reads for the code
	prefixes []string
	rest     *regexp.Regexp // anchored; matched right after a prefix
}

// Designation patterns. They follow the published naming systems, not
// the texts of the evaluation set:
//
//   - Russian aircraft take the design bureau's prefix and a number (Su-,
//     MiG-, Tu-, Il-, Yak-, Be-, A- for Beriev AEW; helicopters Ka-, Mi-),
//     optionally a letter suffix (Tu-22M3, Su-30SM, Mi-8AMTSh), in Latin
//     or Cyrillic (Су-34, Ту-22М3, Ка-52) and in Chinese transcription
//     (苏-34, 图-22M3, 卡-52, 米-8), as the Russian aircraft designation
//     system writes them.
//   - Russian air-launched missiles are "Kh-" (Х-, "Х" for ракета; Kh-101,
//     Kh-47M2) and GRAU indices are 9K/9M/9S + digits (9K720 Iskander,
//     9M723); named systems: Iskander, Kalibr, Kinzhal, Zircon/Tsirkon,
//     Oniks, Tochka-U, Tornado-S, Pantsir, TOS-1A, BM-21/27/30 and the
//     S-300/400/500 air-defence family, as the Russian Ministry of Defence
//     and NATO references name them.
//   - Iranian drones and missiles: Shahed-129/131/136/149/238 and
//     Mohajer-4/6, as US Treasury (OFAC) and BIS designation notices of
//     2022–2023 on Iran's UAV transfers to Russia name them, their Russian
//     service names Geran-1/2/3 (Герань), Arash-2, and the Fateh-110/313/
//     360 and Zolfaghar ballistic missiles; Chinese 见证者 (Shahed) and
//     沙赫德.
//   - Russian drones: Lancet(-1/-3) and Kub-BLA of ZALA Aero, Orlan-10/30
//     of the Special Technology Centre, Forpost, Orion, Eleron-3,
//     Supercam, Garpiya (Гарпия), Gerbera, Italmas, as their makers name
//     their products.
//   - North Korean ballistic missiles: Hwasong-11 and the KN-23/24/25
//     designations of the US intelligence community.
//   - Armour: T-62/64/72/80/90 tanks and BMP/BTR/BMD carriers with their
//     variant letters (T-90M, BMP-3).
//
// A match must not continue a Latin or Cyrillic word or number on either
// side (an English plural "s" may follow: "Su-34s"); Chinese text needs no
// spaces around it. Matching is case-sensitive: only the capitalised name
// counts (Orion, Lancet, Kalibr are also ordinary words).
var designations = []designation{
	d("iranian-uav", "uav", "unmanned aerial vehicle", "Shahed|SHAHED|Шахед|沙赫德", `[- ]?(?:129|131|136|149|238)`),
	d("iranian-uav", "uav", "unmanned aerial vehicle", "Geran|GERAN|Герань|Герани|Гераней", `[- ]?[123]`),
	d("iranian-uav", "uav", "unmanned aerial vehicle", "Mohajer|MOHAJER|Мохаджер|穆哈吉尔", `[- ]?[46]`),
	d("iranian-uav", "uav", "unmanned aerial vehicle", "Arash|Араш", `[- ]?2`),
	d("iranian-uav", "uav", "unmanned aerial vehicle", "见证者", `[- ]?1\d\d`),
	d("russian-uav", "uav", "unmanned aerial vehicle", "Lancet|LANCET|Ланцет|ЛАНЦЕТ|柳叶刀", `(?:[- ]?[13])?`),
	d("russian-uav", "uav", "unmanned aerial vehicle", "Orlan|ORLAN|Орлан|海雕", `[- ]?(?:10|30)`),
	d("russian-uav", "uav", "unmanned aerial vehicle", "Kub-|Куб-", `(?:BLA|БЛА)`),
	d("russian-uav", "uav", "unmanned aerial vehicle", "Forpost|Форпост|Eleron-3|Элерон-3|Supercam|Суперкам|Gerbera|Italmas|Orion-E", `(?:-R)?`),
	d("russian-uav", "uav", "unmanned aerial vehicle", "Garpiya|Гарпия", `(?:-A1|-А1)?`),
	d("russian-uav", "uav", "unmanned aerial vehicle", "ZALA 421-", `\d+`),
	d("aircraft", "aircraft", "military aircraft", "Su-|Су-|MiG-|МиГ-|Tu-|Ту-|Il-|Ил-|Yak-|Як-|Be-|Бе-|A-|А-",
		`(?:2[2457]|3[0-5]|57|95|160|76|78|130|50|100|200)(?:[A-ZА-Я][A-ZА-Я0-9]{0,4})?`),
	d("aircraft", "aircraft", "military aircraft", "苏-|米格-|图-|伊尔-", `\d{2,3}[A-Z0-9]*`),
	d("helicopter", "aircraft", "military helicopter", "Ka-|Ка-|Mi-|Ми-|卡-|米-",
		`(?:8|17|24|26|27|28|29|31|35|38|50|52)(?:[A-ZА-Я][A-ZА-Я0-9]{0,5})?`),
	d("missile", "military", "missiles", "Kh-|Х-", `(?:22|31|32|35|38|47|55|59|69|101|102|555)(?:[A-ZА-Я][A-ZА-Я0-9]{0,3})?`),
	d("missile", "military", "missiles", "9K|9M|9S|9К|9М|9С", `\d{2,3}[A-ZА-Я0-9-]*`),
	d("missile", "military", "missiles", "Iskander|ISKANDER|Искандер|伊斯坎德尔", `(?:-[MKМК])?`),
	d("missile", "military", "missiles", "Kalibr|KALIBR|Калибр|Kinzhal|Кинжал|Zircon|Tsirkon|Циркон|Oniks|Оникс|Zolfaghar|Tornado-S|Торнадо-С", ``),
	d("missile", "military", "missiles", "Tochka-|Точка-", `[UУ]`),
	d("missile", "military", "missiles", "Fateh-|Фатех-", `(?:110|313|360)`),
	d("missile", "military", "missiles", "Hwasong-|Хвасон-", `1[1-9][A-Z]?`),
	d("missile", "military", "missiles", "KN-", `2[345]`),
	d("missile", "military", "missiles", "S-|С-", `(?:300|400|500)(?:[A-ZА-Я]{1,3}\d?)?`),
	d("missile", "military", "missiles", "Pantsir|Панцирь", `(?:-S1|-С1|-SM)?`),
	d("missile", "military", "missiles", "TOS-", `1A?`),
	d("missile", "military", "missiles", "BM-", `(?:21|27|30)`),
	d("armour", "military", "armoured vehicles", "T-|Т-", `(?:62|64|72|80|90)(?:[A-ZА-Я][A-ZА-Я0-9]{0,3})?`),
	d("armour", "military", "armoured vehicles", "BMP-|БМП-|BTR-|БТР-|BMD-|БМД-", `[1-4]\d?[A-ZА-Я]?`),
}

// d builds a designation from its prefixes ("|"-separated) and the
// pattern of the rest.
func d(family, concern, goods, prefixes, rest string) designation {
	return designation{family: family, concern: concern, goods: goods, prefixes: strings.Split(prefixes, "|"),
		rest: regexp.MustCompile(`^(?:` + rest + `)`)}
}

// modelMention is one designation found in the text.
type modelMention struct {
	start, end int
	d          *designation
}

// findModels returns the designations in text, in order, without overlaps
// (the longest wins). Prefixes are found by substring search, so the cost
// is a few passes of a fast string search over the text plus a short
// anchored match at each prefix found.
func findModels(text string) []modelMention {
	var out []modelMention
	for i := range designations {
		d := &designations[i]
		for _, p := range d.prefixes {
			for off := 0; ; {
				k := strings.Index(text[off:], p)
				if k < 0 {
					break
				}
				start := off + k
				off = start + len(p)
				loc := d.rest.FindStringIndex(text[off:min(len(text), off+24)])
				if loc == nil {
					continue
				}
				end := off + loc[1]
				for end > start && strings.ContainsRune(" -", rune(text[end-1])) {
					end--
				}
				if end == start || wordRuneBefore(text, start) || wordRuneAfter(text, end) {
					continue
				}
				out = append(out, modelMention{start, end, d})
			}
		}
	}
	slices.SortFunc(out, func(a, b modelMention) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	kept := out[:0]
	for _, m := range out {
		if len(kept) > 0 && m.start < kept[len(kept)-1].end {
			continue
		}
		kept = append(kept, m)
	}
	return kept
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
