// # How a text is screened
//
// Read takes UTF-8 plain text (PDF-extracted text included) or HTML, at
// most MaxInput (16 MiB) bytes, and refuses with a clear, wrapped error
// what it cannot read: an empty or blank file (ErrEmpty), binary data, a
// PDF not yet extracted (ErrBinary), UTF-16 or a legacy 8-bit encoding
// (ErrEncoding), a longer input (ErrTooLarge; the reader stops after
// MaxInput+1 bytes, so memory stays bounded). A few stray invalid bytes are
// replaced by U+FFFD and reported in the Warnings. HTML is read with
// golang.org/x/net/html: scripts, styles and other non-content elements
// are dropped, entities decoded, block elements separated by blank lines;
// offsets then point into Result.Text.
//
// A Screener (New, once per list version) then, on the text:
//
//  1. splits sentences (Sentences: Unicode sentence rules through
//     github.com/rivo/uniseg, single line breaks ignored, abbreviations
//     such as "Co." and "Mr." kept inside) and words;
//  2. finds goods: the goods classifier's own lexicon and part numbers
//     (goods.Classifier.Find), kept when their concern is a category of
//     concern (uav, ew, navigation, aircraft, engines, microelectronics,
//     machine_tools, military, radar, semiconductor_equipment) or their
//     subheading is on the CHPL (optics, bearings, electronics of the
//     list), with the HS code and CHPL tier of goods.Classify; and
//     weapon-system
//     designations by the documented
//     table of models.go (Shahed-136, Geran-2, Lancet-3, Ka-52, Kh-101,
//     9M723, ...);
//  3. finds party mentions by the text's own cues (parties.go): Latin
//     capitalised runs ending in a legal form (names' legal-form table) or
//     an organisation word ("Corporation", "Plant", "Bureau"), or starting
//     with a head word ("Ministry of ..."); Russian legal forms before a
//     name (ООО, АО, ПАО, ФГУП, ...) and quoted names after them or after
//     an organisation word («...», “...”, "...", 「...」); Chinese names
//     read back from a company-type suffix (有限公司, 集团, 研究所, ...);
//     and by a scan against the screening index: every run of up to eight
//     capitalised words (and every Chinese substring) that spells a listed
//     name form as written is a candidate. Every candidate is matched with
//     match.Matcher at the normal threshold; a scan candidate is kept only
//     when it matches, a cued one always (an unlisted supplier is worth
//     seeing). Overlaps are resolved in favour of a matched mention, then
//     the longer one. The party's country is read from the words around
//     it ("Russian company X", "X (China)", "Ministry of Defence of
//     Belarus", "俄罗斯…");
//  4. reads claims sentence by sentence (claims.go documents the rules):
//     verbs of supply and acquisition in the three languages decide which
//     actor (party or country) is the supplier and which the recipient;
//     one claim per supplier–recipient–item, with quantity, date, status
//     and cited source.
//
// The evaluation set (testdata/eval, see its README) measures precision
// and recall of parties, goods and claims on a held-out split; the
// benchmark BenchmarkScreen the speed on a ten-page report.
package textscreen

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/redline-sanctions/redline/goods"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/names"
	"github.com/redline-sanctions/redline/screen"
)

// Options say how to screen a text. The zero value screens without lists
// (mentions found by the text's own cues, no matches) with the default
// goods classifier and match options.
type Options struct {
	// Lang is "", "auto", "en", "ru" or "zh": the language the text is in,
	// or detection when empty or "auto". It is reported in Result.Lang;
	// the rules of all three languages always run (texts mix them).
	Lang string
	// Match are the options for matching each mention (threshold, limit,
	// datasets); the zero value means match.DefaultOptions with limit 5.
	Match match.Options
	// Goods classifies the goods found; nil means goods.Default().
	Goods *goods.Classifier
}

// concernCategories are the goods concern categories reported as goods
// of concern; goods of other categories (bearings, test equipment,
// ordinary electronics, no category) are not reported. Weapon-system
// designations are always reported.
var concernCategories = map[string]bool{
	"uav": true, "ew": true, "navigation": true, "aircraft": true, "engines": true,
	"microelectronics": true, "machine_tools": true, "military": true, "radar": true,
	"semiconductor_equipment": true,
}

// Screener screens texts against one Matcher. It is immutable and safe for
// concurrent use; build it once per list version (New scans the index's
// name forms, about a second for the full lists).
type Screener struct {
	m    *match.Matcher
	scan *scanner
	opts Options
}

// New returns a Screener over m (nil: no list matching).
func New(m *match.Matcher, opts Options) *Screener {
	if opts.Goods == nil {
		opts.Goods = goods.Default()
	}
	if opts.Match.Threshold == 0 && opts.Match.Limit == 0 {
		opts.Match = match.DefaultOptions()
		opts.Match.Limit = 5
	}
	return &Screener{m: m, scan: newScanner(m), opts: opts}
}

// Screen screens one document read by Read. It never fails on the text:
// what it could not read is in Result.Warnings. It stops early (with a
// warning) when ctx is done.
func (s *Screener) Screen(ctx context.Context, d *Document) *Result {
	text := d.Text
	res := &Result{SHA256: d.SHA256, Format: d.Format, Parties: []Party{}, Goods: []Good{}, Claims: []Claim{}}
	if !d.Input {
		res.Text = text
	}
	res.Warnings = append(res.Warnings, d.Warnings...)
	lang, warn := detectLang(text)
	switch s.opts.Lang {
	case "", "auto":
	case "en", "ru", "zh":
		lang = s.opts.Lang
	default:
		res.Warnings = append(res.Warnings, fmt.Sprintf("unknown language %q: detected %s", s.opts.Lang, lang))
	}
	res.Lang = lang
	if warn != "" {
		res.Warnings = append(res.Warnings, warn)
	}
	sents := Sentences(text)

	// Goods: the classifier's terms of concern and the designations.
	res.Goods = s.findGoods(text)

	// Parties: text cues and the index scan, sentence by sentence.
	var cands []mention
	toksBySent := make([][]token, len(sents))
	for i, sp := range sents {
		if i%64 == 0 && ctx.Err() != nil {
			res.Warnings = append(res.Warnings, fmt.Sprintf("stopped at byte %d of %d: %v", sp.Start, len(text), ctx.Err()))
			break
		}
		toks := tokenize(text, sp)
		toksBySent[i] = toks
		cands = append(cands, textMentions(text, sp, toks)...)
		if s.scan != nil && len(s.scan.forms) > 0 {
			normed := make([]string, len(toks))
			for k, t := range toks {
				if !t.han {
					normed[k] = names.Normalize(text[t.start:t.end])
				}
			}
			cands = append(cands, s.scan.scan(text, toks, normed)...)
		}
	}
	// Mentions that are a designation are goods, not parties.
	cands = slices.DeleteFunc(cands, func(c mention) bool {
		for _, g := range res.Goods {
			if g.Model != "" && c.Start < g.End && g.Start < c.End && c.cue != "legal" {
				return true
			}
		}
		return false
	})
	var err error
	if res.Parties, err = resolve(ctx, s.m, s.opts.Match, text, cands, sents); err != nil {
		res.Warnings = append(res.Warnings, fmt.Sprintf("parties matched in part: %v", err))
	}
	// A goods word inside a party's name ("Kalashnikov Concern", "Iran
	// Aircraft Manufacturing ...") names the party, not goods.
	res.Goods = slices.DeleteFunc(res.Goods, func(g Good) bool {
		for _, p := range res.Parties {
			if g.Start < p.End && p.Start < g.End {
				return true
			}
		}
		return false
	})

	// Claims.
	gi, pi := 0, 0
	for i, sp := range sents {
		var sg []Good
		for gi < len(res.Goods) && res.Goods[gi].Start < sp.Start {
			gi++
		}
		for k := gi; k < len(res.Goods) && res.Goods[k].End <= sp.End; k++ {
			sg = append(sg, res.Goods[k])
		}
		if len(sg) == 0 {
			continue
		}
		for pi < len(res.Parties) && res.Parties[pi].Start < sp.Start {
			pi++
		}
		var acts []actor
		for k := pi; k < len(res.Parties) && res.Parties[k].End <= sp.End; k++ {
			acts = append(acts, actor{res.Parties[k].Span, res.Parties[k].Text, res.Parties[k].Kind == "Vessel"})
		}
		toks := toksBySent[i]
		if toks == nil {
			toks = tokenize(text, sp)
		}
		for _, pm := range findPlaces(text, toks) {
			// A country word that qualifies a party ("the Russian company
			// X") is the party's country, not an actor.
			// Nor is one in an apposition to a party ("Sozvezdie, a
			// Russian maker of ..., bought").
			overlap := false
			for k := pi; k < len(res.Parties) && res.Parties[k].End <= sp.End; k++ {
				p := res.Parties[k]
				if p.Country == pm.code && p.Start >= pm.end && p.Start-pm.end <= 40 {
					overlap = true
				}
				if p.End <= pm.start && apposition.MatchString(text[p.End:pm.start]) {
					overlap = true
				}
			}
			for _, a := range acts {
				if pm.start < a.End && a.Start < pm.end {
					overlap = true
					break
				}
			}
			if !overlap {
				acts = append(acts, actor{Span{pm.start, pm.end}, placeName(pm.code), false})
			}
		}
		slices.SortFunc(acts, func(a, b actor) int { return a.Start - b.Start })
		res.Claims = append(res.Claims, claimsOf(text, sp, acts, joinItems(text, sg))...)
	}
	return res
}

// Rematch matches a stored party mention again, against the Screener's
// lists (after a list update), as Screen matched it: by its text, kind
// and country. A mention found only by the index scan that no longer
// matches gets no match; it is the caller's to drop or keep. An error of
// the matcher (a cancelled context) is returned, never an empty match.
func (s *Screener) Rematch(ctx context.Context, p Party) ([]screen.Match, error) {
	if s.m == nil {
		return []screen.Match{}, nil
	}
	ms, err := matchName(ctx, s.m, s.opts.Match, mention{Span: p.Span, name: p.Text, kind: p.Kind, cue: "legal"}, p.Country)
	if err != nil {
		return nil, err
	}
	if ms == nil {
		ms = []screen.Match{}
	}
	return ms, nil
}

// findGoods returns the goods of concern and designations of text, in
// order, without overlaps.
func (s *Screener) findGoods(text string) []Good {
	c := s.opts.Goods
	var out []Good
	models := findModels(text)
	for _, m := range models {
		cl := c.Classify(m.d.goods, "")
		out = append(out, Good{Text: text[m.start:m.end], Span: Span{m.start, m.end}, Concern: m.d.concern,
			HSCode: dotHS(cl.HSCode), CHPLTier: cl.CHPLTier, Model: text[m.start:m.end]})
	}
	for _, m := range c.Find(text) {
		if m.Concern == "" {
			continue
		}
		overlap := false
		for _, g := range out[:len(models)] {
			if m.Start < g.End && g.Start < m.End {
				overlap = true
				break
			}
		}
		if overlap {
			continue
		}
		t := text[m.Start:m.End]
		cl := c.Classify(t, "")
		hs := cl.HSCode
		if hs == "" || len(m.HS) >= 4 && !strings.HasPrefix(hs, m.HS[:4]) {
			hs = m.HS
		}
		if !concernCategories[m.Concern] && goods.Tier(hs) == "" {
			continue // optics, bearings, electronics ... off the CHPL
		}
		out = append(out, Good{Text: t, Span: Span{m.Start, m.End}, Concern: m.Concern, HSCode: dotHS(hs), CHPLTier: goods.Tier(hs)})
	}
	slices.SortFunc(out, func(a, b Good) int { return a.Start - b.Start })
	// Adjacent lexicon terms make one noun phrase ("FPGA chips", "radar
	// modules", "热成像摄像头"): one good, the last term's code (the head
	// noun).
	merged := out[:0]
	for _, g := range out {
		if k := len(merged) - 1; k >= 0 && g.Model == "" && merged[k].Model == "" && g.Start >= merged[k].End &&
			strings.TrimSpace(text[merged[k].End:g.Start]) == "" && g.Start-merged[k].End <= 2 {
			g.Start, g.Text = merged[k].Start, text[merged[k].Start:g.End]
			merged[k] = g
			continue
		}
		merged = append(merged, g)
	}
	// No two overlap: findModels and Find each return disjoint spans, and
	// a term overlapping a designation was left out above.
	return merged
}

// dotHS writes a six-digit subheading as 8806.21, a heading as is.
func dotHS(hs string) string {
	if len(hs) == 6 {
		return hs[:4] + "." + hs[4:]
	}
	return hs
}

// apposition matches the text between a party and a country word that
// describes it: ", a ", ", an ", ", the ", ", one of " and no further
// comma.
var apposition = re(`^,\s+(?:a|an|the|one of)\s+[^,]*$`)

// placeName is the English name a claim gives a country actor.
func placeName(code string) string {
	for _, p := range places {
		if p.code == code {
			return p.en[0]
		}
	}
	return strings.ToUpper(code)
}
