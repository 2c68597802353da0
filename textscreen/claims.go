package textscreen

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Claims are read sentence by sentence with these rules.
//
//  1. A sentence holds a claim when it has a verb of supply or of
//     acquisition (the tables below) and at least one good of concern or
//     weapon designation (the item).
//  2. The actors are the sentence's party mentions and the countries it
//     names (a country stands for its state: "Iran supplied Russia").
//  3. Verbs of supply (supply, ship, deliver, export, sell, transfer,
//     provide, produce for, build for; поставлять, отправлять,
//     экспортировать, передать, продать, производить для; 供应, 出口,
//     交付, 提供, 运往, 出售, 向…提供): the supplier is the nearest actor
//     before the verb, the recipient the first actor after it. In the
//     English passive ("were supplied by Iran to Russia") the actor after
//     "by" is the supplier. Chinese "A向B出口/提供 X" and "A为B生产" make B,
//     between the marker and the verb, the recipient. When the subject is
//     a vessel, the actor after "from" is the supplier (the vessel only
//     carries).
//  4. Verbs of acquisition (order, buy, purchase, procure, acquire,
//     import, receive; заказать, закупать, купить, приобрести,
//     импортировать, получить; 采购, 订购, 购买, 进口, 获得): the
//     recipient is the nearest actor before the verb, the supplier the
//     first actor after "from"/"у"/"из"/"от", or right after "в"
//     ("закупил в Китае"), or between 从/向 and the verb in Chinese.
//  5. One claim per supplier–recipient–item; the items are the goods and
//     designations after the verb (before it in the English passive: "the
//     cameras were exported to"; all of the sentence's when none is
//     found there), adjacent ones joined ("Shahed-136 drones", "дроны
//     «Герань-2»"). The quantity is a number or quantity word right
//     before the item; the date the first date expression of the
//     sentence.
//  6. The status is read from the sentence's wording, strongest first:
//     denied (deny, denied, rejected the claims; опроверг, отрицает,
//     отверг; 否认, 驳斥), confirmed (confirmed, acknowledged; подтвердил,
//     признал; 证实, 确认, 承认), alleged (allegedly, alleged, suspected,
//     accused, purportedly, claims; предположительно, якобы,
//     подозревается, обвиняют; 涉嫌, 据称, 被指, 指控), else reported.
//     A Chinese verb followed by 的 is an attribute ("进口的…", imported)
//     and reads no claim.
//  7. The source is the outlet the sentence cites ("according to X", "X
//     reported", "told X"; "по данным X", "как сообщает X"; "据X报道").
var (
	supplyVerbs = re(`\b(?:suppl(?:y|ies|ied|ying)|ship(?:s|ped|ping)?|deliver(?:s|ed|ing|y|ies)?|export(?:s|ed|ing)?|s(?:ell|ells|old|elling)|transfer(?:s|red|ring)?|provid(?:e|es|ed|ing)|send(?:s|ing)?|sent|(?:produc|manufactur|build|buil|mak|assembl)(?:e|es|ed|ing|t|s)?\s+(?:\S+\s+){0,6}?for|made\s+for)\b` +
		`|(?:поставля\p{L}*|постав(?:ил|ила|или|ит|ят|ку|ки|ка|ок|ке)\p{L}*|отправ\p{L}*|экспортир\p{L}*|переда(?:л|ла|ли|ет|ют|ть|ча|чи)\p{L}*|прода(?:л|ла|ли|ет|ют|ть|жа|жи)\p{L}*|(?:производ|выпуска|изготавлива|собира)\p{L}*[^.;]{0,60}?\sдля)` +
		`|供应|供货|出口|交付|提供|运往|运送|出售|销售|输送|转让|为[^，。；]{1,20}?(?:生产|制造)`)
	acquireVerbs = re(`\b(?:order(?:s|ed|ing)?|b(?:uy|uys|ought|uying)|purchas(?:e|es|ed|ing)|procur(?:e|es|ed|ing|ement)|acquir(?:e|es|ed|ing)|import(?:s|ed|ing)?|receiv(?:e|es|ed|ing))\b` +
		`|(?:заказ(?:ал|ала|али|ать|ывает|ывают|ывал)\p{L}*|закуп\p{L}*|купил\p{L}*|покупа\p{L}*|приобре\p{L}*|импортир\p{L}*|получ(?:ил|ила|или|ает|ают|ать)\p{L}*)` +
		`|采购|订购|购买|购置|进口|获得|收到`)
	deniedWords    = re(`\b(?:den(?:y|ies|ied|ial)|reject(?:s|ed)?\s+(?:the\s+)?(?:claim|report|allegation)s?|refut(?:e|es|ed))\b|опроверг\p{L}*|отрица\p{L}*|отверг\p{L}*|否认|驳斥`)
	confirmedWords = re(`\b(?:confirm(?:s|ed|ing)?|acknowledg(?:e|es|ed))\b|подтверд\p{L}*|подтвержд\p{L}*|признал\p{L}*|证实|确认|承认`)
	allegedWords   = re(`\b(?:alleged(?:ly)?|suspected|accused|purported(?:ly)?|claim(?:s|ed)?)\b|предположительно|якобы|подозрева\p{L}*|обвиня\p{L}*|涉嫌|据称|被指|指控`)
	// sourceKeys are the words (lower case) each source pattern needs.
	sourceKeys = [][]string{
		{"according to", "citing", "told"},
		{"reported", "reports", "said", "says", "wrote", "found"},
		{"по данным", "по информации", "сообща", "пишет", "переда"},
		{"据"},
		{"报道", "援引"},
	}
	sourceRes = []*regexp.Regexp{
		re(`(?:[Aa]ccording to|[Cc]iting|told)\s+(?:the\s+|a\s+)?((?:[A-Z][\w&.'’-]*)(?:\s+(?:[A-Z][\w&.'’-]*|of|the))*)`),
		re(`((?:The\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4})\s+(?:reported|reports|has reported|said|says|wrote|found)\b`),
		re(`(?i:по данным|по информации|как сообщает|как сообщил[оаи]?|сообщает|сообщил[оаи]?|пишет|передает|передаёт)\s+((?:«[^»]{1,60}»|[А-ЯЁA-Z][\p{L}\d.-]*)(?:\s+[А-ЯЁA-Z«][\p{L}\d.»-]*){0,3})`),
		re(`据((?:\p{Han}|[A-Za-z])[\p{Han}A-Za-z·]{0,14}?)(?:报道|消息|称|透露|援引)`),
		re(`((?:\p{Han}|[A-Za-z])[\p{Han}A-Za-z·]{1,14}?)(?:报道|援引消息人士)`),
	}
	quantityRe = re(`(?i)^(?:(?:about|some|around|more than|over|up to|nearly|almost|at least|около|более|свыше|порядка|до|约|超过|至少|近)\s*)?(\d[\d,.\s]*\d|\d+|hundreds|thousands|dozens|several hundred|several thousand|a thousand|сотни|сотен|тысячи|тысяч|десятки|десятков|数百|数千|上千|上百|数十)(?:\s*(?:million|thousand|тыс\.?|млн|万|千|百))?(?:\s+of)?(?:\s*[架枚台套个辆批部])?(?:\s+[\p{L}-]+){0,2}?\s*$`)
	dateRe     = re(`(?i)\b(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+(?:\d{1,2},?\s+)?(?:19|20)\d{2}|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+(?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}|(?:in|since|by|during|from)\s+(?:early\s+|late\s+|mid-)?(?:19|20)\d{2})\b` +
		`|\d{1,2}\s+(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)\s+(?:19|20)\d{2}|(?:январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре)\s+(?:19|20)\d{2}|(?:в|с)\s+(?:19|20)\d{2}\s+(?:году|года)` +
		`|(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?`)
	// markers before an actor that make it the recipient or supplier.
	toMarker   = re(`(?i)(?:\b(?:to|for|into|with)|\s(?:в|во|для|на))\s+(?:the\s+)?(?:\S+\s+){0,2}$`)
	byMarker   = re(`(?i)\bby\s+(?:the\s+)?(?:\S+\s+){0,1}$`)
	fromMarker = re(`(?i)(?:\bfrom|\s(?:у|из|от))\s+(?:the\s+)?(?:\S+\s+){0,2}$`)
	// passiveAux ends the words before a verb in the passive.
	passiveAux = re(`(?i)\b(?:was|were|is|are|been|being|be)\s+(?:\w+ly\s+)?$`)
	// inMarker: a country right after "в" following a verb of
	// acquisition is where the goods were bought ("закупил в Китае").
	inMarker = re(`\s(?:в|во)\s+$`)
)

// actor is a party or a country in a sentence.
type actor struct {
	Span
	name string
	// carrier: a vessel, which carries goods for the supplier.
	carrier bool
}

// item is a good or designation (adjacent ones joined).
type item struct {
	Span
	text string
}

// claimsOf reads the claims of one sentence.
func claimsOf(text string, sent Span, actors []actor, items []item) []Claim {
	if len(items) == 0 || len(actors) == 0 {
		return nil
	}
	s := text[sent.Start:sent.End]
	// The verb and status patterns are written in lower case and read
	// the sentence lower-cased (same offsets; much faster than matching
	// without case).
	ls := lowerSameOffsets(s)
	status := "reported"
	switch {
	case deniedWords.MatchString(ls):
		status = "denied"
	case confirmedWords.MatchString(ls):
		status = "confirmed"
	case allegedWords.MatchString(ls):
		status = "alleged"
	}
	source := ""
	for i, r := range sourceRes {
		if !containsAny(ls, sourceKeys[i]) {
			continue // the pattern's key words are not in the sentence
		}
		if m := r.FindStringSubmatch(s); m != nil {
			source = strings.Trim(m[1], " .,«»")
			break
		}
	}
	date := ""
	if hasYear(s) {
		date = dateRe.FindString(s)
	}
	// The source is not an actor.
	var acts []actor
	for _, a := range actors {
		if source != "" && strings.Contains(source, a.name) {
			continue
		}
		acts = append(acts, a)
	}
	var out []Claim
	seen := map[[3]string]bool{}
	add := func(sup, rec string, it item) {
		if sup == rec || sup == "" && rec == "" {
			return
		}
		k := [3]string{sup, rec, it.text}
		if seen[k] {
			return
		}
		seen[k] = true
		q := ""
		q = quantityBefore(window(text, sent.Start, it.Start, 64))
		out = append(out, Claim{Supplier: sup, Recipient: rec, Item: it.text, Quantity: q, Date: date, Status: status, Source: source, Sentence: sent})
	}
	verbs := func(r *regexp.Regexp, supply bool) {
		for _, loc := range r.FindAllStringIndex(ls, -1) {
			vs, ve := sent.Start+loc[0], sent.Start+loc[1]
			if strings.HasPrefix(text[ve:], "的") {
				continue // an attribute ("进口的" imported), not a verb
			}
			var before, after []actor
			for _, a := range acts {
				if a.End <= vs {
					before = append(before, a)
				} else if a.Start >= ve {
					after = append(after, a)
				}
			}
			sup, rec := "", ""
			if supply {
				// Chinese A向B出口: B between the marker and the verb.
				if len(before) >= 2 {
					b := before[len(before)-1]
					mk := text[before[len(before)-2].End:b.Start]
					if strings.HasSuffix(strings.TrimSpace(mk), "向") || strings.HasSuffix(strings.TrimSpace(mk), "为") || strings.HasSuffix(strings.TrimSpace(mk), "给") {
						sup, rec = before[len(before)-2].name, b.name
					}
				}
				carrier := false
				if sup == "" && len(before) > 0 {
					sup, carrier = before[len(before)-1].name, before[len(before)-1].carrier
				}
				for _, a := range after {
					if byMarker.MatchString(window(text, ve, a.Start, 40)) {
						sup = a.name
						continue
					}
					if carrier && fromMarker.MatchString(window(text, ve, a.Start, 40)) {
						// "The vessel X shipped shells from Iran to
						// Russia": the origin supplies, the vessel carries.
						sup, carrier = a.name, false
						continue
					}
					if rec == "" && a.name != sup {
						rec = a.name
					}
				}
				if rec == "" {
					// "to Russia" before the verb is rare; a recipient can
					// stand before ("Russia received ... supplied by").
					for _, a := range after {
						if toMarker.MatchString(window(text, ve, a.Start, 40)) {
							rec = a.name
						}
					}
				}
			} else {
				if len(before) >= 2 {
					b := before[len(before)-1]
					mk := strings.TrimSpace(text[before[len(before)-2].End:b.Start])
					if strings.HasSuffix(mk, "从") || strings.HasSuffix(mk, "向") || strings.HasSuffix(mk, "自") {
						rec, sup = before[len(before)-2].name, b.name
					}
				}
				if rec == "" && len(before) > 0 {
					rec = before[len(before)-1].name
				}
				for _, a := range after {
					w := window(text, ve, a.Start, 40)
					if sup == "" && (fromMarker.MatchString(w) || inMarker.MatchString(w)) {
						sup = a.name
					}
				}
				if sup == "" && len(after) > 0 && len(before) == 0 {
					sup = after[0].name
				}
			}
			// Items after the verb, else the sentence's items; before it
			// in the English passive ("cameras were exported to").
			passive := passiveAux.MatchString(window(text, sent.Start, vs, 24))
			var its []item
			for _, it := range items {
				if !passive && it.Start >= ve || passive && it.End <= vs {
					its = append(its, it)
				}
			}
			if len(its) == 0 {
				its = items
			}
			for _, it := range its {
				add(sup, rec, it)
			}
		}
	}
	verbs(supplyVerbs, true)
	verbs(acquireVerbs, false)
	return out
}

// joinItems joins goods and designations separated by white space or a
// hyphen only into items ("Shahed-136 drones", "Lancet-3 loitering
// munitions").
func joinItems(text string, goods []Good) []item {
	var out []item
	for _, g := range goods {
		if k := len(out) - 1; k >= 0 && joinable(text[out[k].End:g.Start]) {
			out[k].End = g.End
			out[k].text = text[out[k].Start:g.End]
			continue
		}
		out = append(out, item{Span: g.Span, text: g.Text})
	}
	// Close a quote opened inside an item ("дроны «Герань-2»").
	for k := range out {
		for _, q := range [][2]string{{"«", "»"}, {"“", "”"}, {"\"", "\""}} {
			open, closed := strings.Count(out[k].text, q[0]), strings.Count(out[k].text, q[1])
			unbalanced := open > closed || q[0] == q[1] && open%2 == 1
			if unbalanced && strings.HasPrefix(text[out[k].End:], q[1]) {
				out[k].End += len(q[1])
				out[k].text = text[out[k].Start:out[k].End]
			}
		}
	}
	return out
}

// quantityBefore returns the quantity that ends w ("300", "hundreds of",
// "数百架"), trying the pattern anchored at each word start of w, longest
// first, or "".
func quantityBefore(w string) string {
	for i := 0; i < len(w); i++ {
		if i > 0 && !isSpace(w[i-1]) && !(isDigit(w[i]) && !isDigit(w[i-1])) && utf8.RuneStart(w[i]) && w[i] < utf8.RuneSelf {
			continue
		}
		if !utf8.RuneStart(w[i]) {
			continue
		}
		if m := quantityRe.FindString(w[i:]); m != "" {
			q := strings.TrimSpace(m)
			return strings.TrimSuffix(strings.TrimSuffix(q, " of"), " Of")
		}
	}
	return ""
}

func containsAny(s string, keys []string) bool {
	for _, k := range keys {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

// lowerSameOffsets returns s in lower case, rune by rune, keeping every
// rune whose lower case has another length as it is, so that offsets into
// the result are offsets into s.
func lowerSameOffsets(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		l := unicode.ToLower(r)
		if utf8.RuneLen(l) != utf8.RuneLen(r) {
			l = r
		}
		b = utf8.AppendRune(b, l)
	}
	return string(b)
}

// hasYear reports whether s holds four digits starting 19 or 20: every
// date pattern has a year, and most sentences have none.
func hasYear(s string) bool {
	for i := 0; i+4 <= len(s); i++ {
		if (s[i] == '1' && s[i+1] == '9' || s[i] == '2' && s[i+1] == '0') && isDigit(s[i+2]) && isDigit(s[i+3]) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// window returns at most the last n bytes of text[from:to], cut at a
// character boundary: the markers and quantities read right before a word
// need no more, and a pattern ending in $ costs time in the length it is
// given.
func window(text string, from, to, n int) string {
	if to-from > n {
		from = to - n
		for from < to && !utf8.RuneStart(text[from]) {
			from++
		}
	}
	return text[from:to]
}

// joinable reports whether the text between two goods joins them into one
// item: white space, a hyphen or quotes, or one lower-case word between a
// designation and its kind ("KN-23 ballistic missiles", "дроны-камикадзе
// «Ланцет-3»").
func joinable(gap string) bool {
	g := strings.Trim(gap, " -«»“”\"")
	if g == "" {
		return len(gap) <= 4
	}
	switch g {
	case "and", "or", "и", "или", "та", "and/or":
		return false
	}
	for _, r := range g {
		if !unicode.IsLower(r) {
			return false // Han, digits, punctuation, a capital
		}
	}
	return len(gap) <= 24
}

func re(s string) *regexp.Regexp { return regexp.MustCompile(s) }
