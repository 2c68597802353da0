package textscreen

import (
	"strings"
	"unicode/utf8"
)

// place is one country as texts name it: as a noun or adjective in
// English, by stems in Russian (which decline), and in Chinese; capitals
// and seats of power that stand for the state in news wording ("Moscow",
// "the Kremlin", "Tehran") count as the country.
type place struct {
	code string
	en   []string // nouns and adjectives, as written (capitalised)
	ru   []string // stems, lower case
	zh   []string
}

// places are the countries that the claims and country rules know: the
// ones that appear in reporting on supply to Russia's military (suppliers,
// transit and recipients), plus the large trading nations a clean text
// names. Others are read through the country package when written in
// English ("Kazakhstan").
var places = []place{
	{"ru", []string{"Russia", "Russian", "Russia's", "Moscow", "Kremlin", "Russian Federation"}, []string{"росси", "российск", "москв", "кремл", "рф"}, []string{"俄罗斯", "俄方", "俄军", "俄国", "莫斯科", "克里姆林宫"}},
	{"cn", []string{"China", "Chinese", "China's", "Beijing", "PRC"}, []string{"кита", "китайск", "пекин", "кнр"}, []string{"中国", "中方", "北京", "中华人民共和国"}},
	{"hk", []string{"Hong Kong"}, []string{"гонконг"}, []string{"香港"}},
	{"ir", []string{"Iran", "Iranian", "Iran's", "Tehran"}, []string{"иран", "иранск", "тегеран"}, []string{"伊朗", "德黑兰"}},
	{"kp", []string{"North Korea", "North Korean", "Pyongyang", "DPRK"}, []string{"кндр", "северокорейск", "пхеньян"}, []string{"朝鲜", "平壤"}},
	{"by", []string{"Belarus", "Belarusian", "Minsk"}, []string{"белорус", "беларус", "белорусск", "минск"}, []string{"白俄罗斯", "明斯克"}},
	{"tr", []string{"Turkey", "Türkiye", "Turkish", "Ankara"}, []string{"турци", "турецк", "анкар"}, []string{"土耳其", "安卡拉"}},
	{"ae", []string{"UAE", "United Arab Emirates", "Emirati", "Dubai"}, []string{"оаэ", "эмират", "дуба"}, []string{"阿联酋", "迪拜"}},
	{"in", []string{"India", "Indian", "New Delhi"}, []string{"инди", "индийск"}, []string{"印度"}},
	{"kz", []string{"Kazakhstan", "Kazakh"}, []string{"казахстан", "казахстанск"}, []string{"哈萨克斯坦"}},
	{"kg", []string{"Kyrgyzstan", "Kyrgyz"}, []string{"киргиз", "кыргыз"}, []string{"吉尔吉斯"}},
	{"am", []string{"Armenia", "Armenian"}, []string{"армени", "армянск"}, []string{"亚美尼亚"}},
	{"uz", []string{"Uzbekistan", "Uzbek"}, []string{"узбек"}, []string{"乌兹别克斯坦"}},
	{"ua", []string{"Ukraine", "Ukrainian", "Kyiv", "Kiev"}, []string{"украин", "украинск", "киев"}, []string{"乌克兰", "基辅"}},
	{"us", []string{"United States", "US", "U.S.", "American", "Washington"}, []string{"сша", "американск", "вашингтон"}, []string{"美国", "华盛顿"}},
	{"de", []string{"Germany", "German", "Berlin"}, []string{"германи", "немецк", "берлин"}, []string{"德国", "柏林"}},
	{"fr", []string{"France", "French", "Paris"}, []string{"франци", "французск", "париж"}, []string{"法国", "巴黎"}},
	{"gb", []string{"United Kingdom", "UK", "Britain", "British", "London"}, []string{"британ", "великобритан", "лондон"}, []string{"英国", "伦敦"}},
	{"jp", []string{"Japan", "Japanese", "Tokyo"}, []string{"япони", "японск", "токио"}, []string{"日本", "东京"}},
	{"kr", []string{"South Korea", "South Korean", "Seoul"}, []string{"южнокорейск", "сеул"}, []string{"韩国", "首尔"}},
	{"sy", []string{"Syria", "Syrian", "Damascus"}, []string{"сири", "сирийск", "дамаск"}, []string{"叙利亚"}},
	{"rs", []string{"Serbia", "Serbian"}, []string{"серби", "сербск"}, []string{"塞尔维亚"}},
	{"ge", []string{"Georgia", "Georgian"}, []string{"грузи", "грузинск"}, []string{"格鲁吉亚"}},
	{"my", []string{"Malaysia", "Malaysian"}, []string{"малайзи"}, []string{"马来西亚"}},
	{"th", []string{"Thailand", "Thai"}, []string{"таиланд"}, []string{"泰国"}},
	{"vn", []string{"Vietnam", "Vietnamese"}, []string{"вьетнам"}, []string{"越南"}},
	{"br", []string{"Brazil", "Brazilian"}, []string{"бразил"}, []string{"巴西"}},
	{"it", []string{"Italy", "Italian"}, []string{"итали"}, []string{"意大利"}},
	{"nl", []string{"Netherlands", "Dutch"}, []string{"нидерланд", "голланд"}, []string{"荷兰"}},
}

// placeMention is a country named in the text.
type placeMention struct {
	start, end int
	code       string
}

// placeIndex finds places by the word that starts them.
type placeIndex struct {
	en  map[string][]enPlace // first word → phrases
	ru  []ruStem
	zh  []zhName
	max int
}

type enPlace struct {
	words []string
	code  string
}
type ruStem struct{ stem, code string }
type zhName struct{ name, code string }

var placesIx = func() *placeIndex {
	ix := &placeIndex{en: map[string][]enPlace{}}
	for _, p := range places {
		for _, n := range p.en {
			w := strings.Fields(strings.ReplaceAll(strings.TrimSuffix(n, "'s"), ".", ""))
			ix.en[w[0]] = append(ix.en[w[0]], enPlace{w, p.code})
		}
		for _, s := range p.ru {
			ix.ru = append(ix.ru, ruStem{s, p.code})
		}
		for _, z := range p.zh {
			ix.zh = append(ix.zh, zhName{z, p.code})
		}
	}
	return ix
}()

// findPlaces returns the countries named in text[sp] over its tokens.
func findPlaces(text string, toks []token) []placeMention {
	var out []placeMention
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		w := text[t.start:t.end]
		if t.han {
			run := w
			for j := 0; j < len(run); {
				best := zhName{}
				for _, z := range placesIx.zh {
					if strings.HasPrefix(run[j:], z.name) && len(z.name) > len(best.name) {
						best = z
					}
				}
				if best.name != "" {
					out = append(out, placeMention{t.start + j, t.start + j + len(best.name), best.code})
					j += len(best.name)
					continue
				}
				_, n := utf8.DecodeRuneInString(run[j:])
				j += n
			}
			continue
		}
		if !t.upper {
			// Russian adjectives are written in lower case.
			lw := strings.ToLower(w)
			for _, s := range placesIx.ru {
				if strings.HasSuffix(s.stem, "ск") && strings.HasPrefix(lw, s.stem) && cyrillic(w) {
					out = append(out, placeMention{t.start, t.end, s.code})
					break
				}
			}
			continue
		}
		if cyrillic(w) {
			lw := strings.ToLower(w)
			for _, s := range placesIx.ru {
				if strings.HasPrefix(lw, s.stem) && !strings.Contains(s.stem, " ") {
					out = append(out, placeMention{t.start, t.end, s.code})
					break
				}
			}
			continue
		}
		for _, p := range placesIx.en[w] {
			if i+len(p.words) > len(toks) {
				continue
			}
			ok := true
			for k := 1; k < len(p.words); k++ {
				if text[toks[i+k].start:toks[i+k].end] != p.words[k] {
					ok = false
					break
				}
			}
			if ok {
				end := toks[i+len(p.words)-1].end
				out = append(out, placeMention{t.start, end, p.code})
				i += len(p.words) - 1
				break
			}
		}
	}
	return out
}

func cyrillic(s string) bool {
	for _, r := range s {
		if r >= 0x400 && r <= 0x4FF {
			return true
		}
	}
	return false
}
