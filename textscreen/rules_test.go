package textscreen

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"english", "Iran shipped drones. Russia used them! Did it?", []string{"Iran shipped drones.", "Russia used them!", "Did it?"}},
		{"abbreviations", "Shenzhen Foo Co. Ltd. sold chips to Mr. V. Petrov in the U.S. market. Then it stopped.",
			[]string{"Shenzhen Foo Co. Ltd. sold chips to Mr. V. Petrov in the U.S. market.", "Then it stopped."}},
		{"pdf line breaks", "Iran shipped\ndrones to Russia.\n\nA new paragraph\nhere.", []string{"Iran shipped\ndrones to Russia.", "A new paragraph\nhere."}},
		{"russian", "По данным Reuters, завод в г. Казань закупил станки. Позже это опровергли. Ген. Петров молчит.",
			[]string{"По данным Reuters, завод в г. Казань закупил станки.", "Позже это опровергли.", "Ген. Петров молчит."}},
		{"chinese", "伊朗向俄罗斯出口无人机。中方否认！真的吗？", []string{"伊朗向俄罗斯出口无人机。", "中方否认！", "真的吗？"}},
		{"quotes", "«Алмаз-Антей» закупил чипы. «Это ложь», — заявили в компании.", []string{"«Алмаз-Антей» закупил чипы.", "«Это ложь», — заявили в компании."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, sp := range Sentences(tc.in) {
				got = append(got, tc.in[sp.Start:sp.End])
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("sentences (-want +got):\n%s", d)
			}
		})
	}
}

func TestModels(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Shahed-136 and Geran-2 drones, Mohajer-6, Lancet-3 and Orlan-10", []string{"Shahed-136", "Geran-2", "Mohajer-6", "Lancet-3", "Orlan-10"}},
		{"Su-34s and Ka-52 helicopters, Tu-22M3 bombers, MiG-31K", []string{"Su-34", "Ka-52", "Tu-22M3", "MiG-31K"}},
		{"Iskander-M, Kh-101, Kalibr, Kinzhal, 9M723, KN-23, S-400", []string{"Iskander-M", "Kh-101", "Kalibr", "Kinzhal", "9M723", "KN-23", "S-400"}},
		{"Герань-2, Ланцет, Су-34, Ка-52, Х-101, Искандер-М, Т-90М", []string{"Герань-2", "Ланцет", "Су-34", "Ка-52", "Х-101", "Искандер-М", "Т-90М"}},
		{"苏-34和卡-52，伊斯坎德尔-M，见证者-136", []string{"苏-34", "卡-52", "伊斯坎德尔-M", "见证者-136"}},
		// Not designations: part of a longer word or number, ordinary words.
		{"ABSu-34, Su-3400, the orion constellation, a lancet, model T-1000X, 2022-34", nil},
	}
	for _, tc := range tests {
		var got []string
		for _, m := range findModels(tc.in) {
			got = append(got, tc.in[m.start:m.end])
		}
		slices.SortFunc(got, func(a, b string) int { return strings.Index(tc.in, a) - strings.Index(tc.in, b) })
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("%q (-want +got):\n%s", tc.in, d)
		}
	}
}

// TestMentionsByCues finds parties without any list: legal forms,
// organisation words, quotes and Chinese suffixes, with their country.
func TestMentionsByCues(t *testing.T) {
	tests := []struct {
		in   string
		want []string // text|kind|country
	}{
		{"The Russian company Foo Technologies bought chips.", []string{"Foo Technologies|Company|ru"}},
		{"The Kalashnikov Concern and the Iranian Aircraft Company.", []string{"Kalashnikov Concern|Company|", "Aircraft Company|Company|ir"}},
		{"Shenzhen Blue Falcon Electronics Co., Ltd. (China) shipped parts.", []string{"Shenzhen Blue Falcon Electronics Co., Ltd.|Company|cn"}},
		{"АО «Концерн ВКО «Алмаз – Антей»» и ООО «Ромашка» подписали договор.", []string{"АО «Концерн ВКО «Алмаз – Антей»»|Company|", "ООО «Ромашка»|Company|"}},
		{"российская компания «Ромашка» закупила станки", []string{"«Ромашка»|Company|ru"}},
		{"据报道，深圳市蓝鹰电子有限公司向俄罗斯出口了无人机。", []string{"深圳市蓝鹰电子有限公司|Company|"}},
		{"俄罗斯联合航空制造集团生产飞机。", []string{"俄罗斯联合航空制造集团|Company|ru"}},
		{"The 「星河」 brand and the Ministry of Defence of Belarus.", []string{"「星河」|LegalEntity|", "Ministry of Defence of Belarus|Organization|by"}},
		{"Germany and France agreed to expand rail freight.", nil},
		{"Its founder Ivan Petrov chartered the tanker Ocean Star.", []string{"Ivan Petrov|Person|", "Ocean Star|Vessel|"}},
		{"Гендиректор Иван Петров отправил груз на судне «Мария».", []string{"Иван Петров|Person|", "«Мария»|Vessel|"}},
		{"President Putin met Mr. Xi.", nil},
	}
	for _, tc := range tests {
		checkLines(t, tc.in, tc.want, func(r *Result) (out []string) {
			for _, p := range r.Parties {
				out = append(out, p.Text+"|"+p.Kind+"|"+p.Country)
			}
			return out
		})
	}
}

// checkLines screens in without lists and compares lines of the result,
// as f writes them, with want.
func checkLines(t *testing.T, in string, want []string, f func(*Result) []string) {
	t.Helper()
	d, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, f(New(nil, Options{}).Screen(context.Background(), d))); diff != "" {
		t.Errorf("%q (-want +got):\n%s", in, diff)
	}
}

func TestClaims(t *testing.T) {
	tests := []struct {
		in   string
		want []string // supplier|recipient|item|quantity|date|status|source
	}{
		{"Iran is reported to have supplied 300 Shahed-136 drones to Russia in 2022, according to Reuters.",
			[]string{"Iran|Russia|Shahed-136 drones|300|in 2022|reported|Reuters"}},
		{"Drones were allegedly delivered to Russia by Iran in August 2022.", []string{"Iran|Russia|Drones||August 2022|alleged|"}},
		{"Tehran has denied supplying missiles to Moscow.", []string{"Iran|Russia|missiles|||denied|"}},
		{"Russia bought microchips from China, officials confirmed.", []string{"China|Russia|microchips|||confirmed|"}},
		{"По данным Reuters, Иран поставил России дроны «Герань-2».", []string{"Iran|Russia|дроны «Герань-2»|||reported|Reuters"}},
		{"Пекин опроверг сообщения о поставках беспилотников в Россию.", []string{"China|Russia|беспилотников|||denied|"}},
		{"据报道，伊朗2023年向俄罗斯交付了数百架无人机。", []string{"Iran|Russia|无人机|数百架|2023年|reported|"}},
		{"中方否认向俄罗斯提供无人机。", []string{"China|Russia|无人机|||denied|"}},
		{"According to Reuters, ZALA Aero LLC shipped Lancet-3 drones to the Russian army.", []string{"ZALA Aero LLC|Russia|Lancet-3 drones|||reported|Reuters"}},
		{"Germany exported cars to France.", nil},
		{"The drones crashed near Kyiv.", nil},
	}
	for _, tc := range tests {
		checkLines(t, tc.in, tc.want, func(r *Result) (out []string) {
			for _, c := range r.Claims {
				out = append(out, strings.Join([]string{c.Supplier, c.Recipient, c.Item, c.Quantity, c.Date, c.Status, c.Source}, "|"))
			}
			return out
		})
	}
}

// checkResult checks the invariants of a result over text: every span in
// bounds and on UTF-8 boundaries, parties and goods sorted and not
// overlapping, each mention's text its span's.
func checkResult(t *testing.T, text string, r *Result) {
	t.Helper()
	span := func(what string, sp Span) {
		if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End {
			t.Fatalf("%s span %+v out of [0, %d]", what, sp, len(text))
		}
		if !utf8.RuneStart(text[sp.Start]) || sp.End < len(text) && !utf8.RuneStart(text[sp.End]) {
			t.Fatalf("%s span %+v not on a UTF-8 boundary", what, sp)
		}
	}
	for i, p := range r.Parties {
		span("party", p.Span)
		if text[p.Start:p.End] != p.Text {
			t.Fatalf("party text %q is not its span's %q", p.Text, text[p.Start:p.End])
		}
		if i > 0 && p.Start < r.Parties[i-1].End {
			t.Fatalf("party %+v overlaps or precedes %+v", p.Span, r.Parties[i-1].Span)
		}
	}
	for i, g := range r.Goods {
		span("good", g.Span)
		if text[g.Start:g.End] != g.Text {
			t.Fatalf("good text %q is not its span's", g.Text)
		}
		if i > 0 && g.Start < r.Goods[i-1].End {
			t.Fatalf("good %+v overlaps or precedes %+v", g.Span, r.Goods[i-1].Span)
		}
	}
	for _, c := range r.Claims {
		span("claim sentence", c.Sentence)
	}
}

func FuzzScreen(f *testing.F) {
	for _, tx := range readEvalFile(f) {
		f.Add(tx.Text)
	}
	for _, s := range []string{"«", "«a «b»", "「」", "Co., Ltd.", "ООО «", "有限公司", "Su-", "\u00a0\u2028", "A. B. C. D."} {
		f.Add(s)
	}
	s := New(nil, Options{})
	f.Fuzz(func(t *testing.T, in string) {
		d, err := Parse([]byte(in))
		if err != nil {
			return
		}
		checkResult(t, d.Text, s.Screen(context.Background(), d))
	})
}
