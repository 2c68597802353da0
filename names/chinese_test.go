package names

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestXinhuaTable(t *testing.T) {
	tab, err := parseXinhua(xinhuaData)
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.words) < 200 {
		t.Errorf("xinhua table has %d entries, want the whole table (>= 200)", len(tab.words))
	}
}

func TestParseXinhuaErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"梅\tme\n梅\tmei\n", "xinhua.txt:2: \"梅\" is given twice"},
		{"m\tme\n", "xinhua.txt:1: \"m\" is not written in Chinese characters"},
		{"梅\tMe\n", "xinhua.txt:1: readings must be lower-case ASCII letters"},
		{"# c\n梅\n", "xinhua.txt:2: want character, reading"},
		{"梅\tme\tmi\tmo\n", "xinhua.txt:1: want character, reading"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			_, err := parseXinhua(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("parseXinhua(%q) = %v, want an error with %q", tc.in, err, tc.want)
			}
		})
	}
}

func TestXinhuaReadings(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [][]string // nil: not read as a transcription
	}{
		{"梅德韦杰夫", [][]string{{"medvedev"}, {"medvejef"}}},
		{"梅德韋傑夫", [][]string{{"medvedev"}, {"medvejef"}}}, // traditional characters
		{"卡拉什尼科夫", [][]string{{"kalashnikov"}, {"karashnikof"}}},
		{"普京", [][]string{{"putin"}, {"pkin"}}},
		{"绍伊古", [][]string{{"shoigu"}, {"shoygu"}}},
		{"弗拉基米尔·普京", [][]string{{"vladimir", "putin"}, {"vladimir", "pkin"}}},
		{"尼古拉·帕特鲁舍夫", [][]string{{"nikolay", "patrushev"}, {"nikolay", "patrushef"}}},
		{"习近平", nil},      // a Chinese name: 习 and 近 are not transcription characters
		{"北京理工大学", nil},   // a Chinese company name
		{"斯", nil},        // one character is no name
		{"普京 Putin", nil}, // mixed: Latin letters are not in the table
	} {
		t.Run(tc.in, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, XinhuaReadings(tc.in)); diff != "" {
				t.Errorf("XinhuaReadings(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestGlossary(t *testing.T) {
	g, err := parseGlossary(glossaryData)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.zh) < 80 || len(g.ru) < 40 {
		t.Errorf("glossary has %d Chinese and %d Russian terms, want the whole file", len(g.zh), len(g.ru))
	}
	for _, tc := range []struct {
		term string
		want []string
	}{
		{"研究所", []string{"research institute", "institute"}},
		{"有限公司", nil}, // a legal form: legal.go has it, not the glossary
		{"Конструкторское бюро", []string{"design bureau", "kb"}},
		{"завод", []string{"plant", "factory"}},
	} {
		if diff := cmp.Diff(tc.want, Translate(tc.term)); diff != "" {
			t.Errorf("Translate(%q) (-want +got):\n%s", tc.term, diff)
		}
	}
	for _, tc := range []struct{ en, want string }{
		{"aviation", "航空"}, {"Aviation", "авиационный"}, {"plant", "завод"}, {"university", "大学"},
	} {
		if got := GlossaryTerms(tc.en); !slices.Contains(got, tc.want) {
			t.Errorf("GlossaryTerms(%q) = %q, want it to hold %q", tc.en, got, tc.want)
		}
	}
}

func TestParseGlossaryErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"zh\t大学\n", "glossary.txt:1: want language, term and translations"},
		{"de\tWerk\tplant\n", "glossary.txt:1: unknown language \"de\""},
		{"zh\t大学\tuniversity\nzh\t大学\tcollege\n", "glossary.txt:2: \"大学\" is given twice"},
		{"zh\tABC\tx\n", "glossary.txt:1: Chinese term \"ABC\" has a character that is not Chinese"},
		{"ru\tзавод\tplant||factory\n", "glossary.txt:1: empty translation"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			_, err := parseGlossary(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("parseGlossary(%q) = %v, want an error with %q", tc.in, err, tc.want)
			}
		})
	}
}

// TestGlossaryForms: the Latin forms Analyze gives Chinese and Russian
// company names, generic terms translated.
func TestGlossaryForms(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"北京理工大学", "beijing institute of technology"},
		{"成都海光集成电路设计有限公司", "chengdu haiguang integrated circuit design"},
		{"中国电子科技集团公司第三十八研究所", "china electronics technology group corporation 38th research institute"},
		{"中国航天科工集团第三研究院", "china aerospace science and industry group 3 academy"},
		{"華信船務(香港)有限公司", "huaxin shipping hong kong"},
		{"哈尔滨工程大学", "haerbin engineering university"},
		{"Концерн Радиоэлектронные технологии", "concern radio electronic technologies"},
		{"Центральный научно-исследовательский институт Циклон", "central scientific research institute tsiklon"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			n := Analyze(tc.in)
			var got []string
			for _, f := range n.Forms {
				if f.Translit == "glossary" {
					got = append(got, f.Text())
				}
			}
			if !slices.Contains(got, tc.want) {
				t.Errorf("Analyze(%q) glossary forms %q, want one %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestHanNumber(t *testing.T) {
	for _, tc := range []struct {
		in      string
		n, took int
		ord     string
	}{
		{"三研究院", 3, 1, "3rd"}, {"十四研究所", 14, 2, "14th"}, {"三十八所", 38, 3, "38th"},
		{"五十五", 55, 3, "55th"}, {"七〇二所", 702, 3, "702nd"}, {"一百零二", 102, 4, "102nd"},
		{"十一", 11, 2, "11th"}, {"研究所", 0, 0, "0th"},
		{"一一一一一", 0, 0, "0th"}, // not a number below 1000
	} {
		n, took := hanNumber([]rune(tc.in))
		if n != tc.n || took != tc.took || ordinal(n) != tc.ord {
			t.Errorf("hanNumber(%q) = %d, %d (%s), want %d, %d (%s)", tc.in, n, took, ordinal(n), tc.n, tc.took, tc.ord)
		}
	}
}

func chineseSeeds(f *testing.F) {
	fh, err := os.Open("testdata/chinese_seeds.txt")
	if err != nil {
		f.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		f.Add(sc.Text())
	}
}

// FuzzXinhua: reading a name never panics, gives lower-case ASCII tokens,
// is the same for the name and its normalized form (normalization is
// idempotent), and the glossary readings hold no empty token.
func FuzzXinhua(f *testing.F) {
	chineseSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		r := XinhuaReadings(s)
		for _, v := range r {
			for _, tok := range v {
				if !isASCIILower(tok) {
					t.Fatalf("XinhuaReadings(%q) gave token %q", s, tok)
				}
			}
		}
		if diff := cmp.Diff(r, XinhuaReadings(Normalize(s))); diff != "" {
			t.Fatalf("XinhuaReadings(%q) differs from that of its normalized form:\n%s", s, diff)
		}
		toks := strings.Fields(Normalize(s))
		for _, g := range append(glossaryHan(toks), glossaryCyrillic(toks)...) {
			if len(g) == 0 || slices.Contains(g, "") {
				t.Fatalf("glossary reading of %q has an empty token: %q", s, g)
			}
		}
		n := Analyze(s)
		for _, f := range n.Forms {
			if len(f.Tokens) != len(f.Skeletons) || len(f.Tokens) != len(f.Phonetics) {
				t.Fatalf("Analyze(%q): form %q with %d tokens, %d skeletons", s, f.Text(), len(f.Tokens), len(f.Skeletons))
			}
		}
	})
}

// FuzzParseGlossary: the glossary and table parsers never panic, and what
// they accept reads back the same.
func FuzzParseGlossary(f *testing.F) {
	f.Add("zh\t大学\tuniversity\nru\tзавод\tplant|factory\n")
	f.Add("梅\tme\n夫\tv\tf\n")
	f.Add(glossaryData[:400])
	f.Fuzz(func(t *testing.T, s string) {
		if g, err := parseGlossary(s); err == nil {
			for term, ens := range g.zh {
				if len(ens) == 0 || term == "" {
					t.Fatalf("parseGlossary(%q): term %q with %q", s, term, ens)
				}
			}
		}
		if tab, err := parseXinhua(s); err == nil {
			for w, rd := range tab.words {
				if w == "" || !isASCIILower(rd.primary) || !isASCIILower(rd.alternate) {
					t.Fatalf("parseXinhua(%q): %q read %+v", s, w, rd)
				}
			}
		}
	})
}

// BenchmarkAnalyzeChinese measures Analyze on a Chinese transcription and
// a Chinese company name, beside a Chinese personal name (pinyin only).
func BenchmarkAnalyzeChinese(b *testing.B) {
	for _, tc := range []struct{ name, in string }{
		{"han-person", "习近平"},
		{"transcription", "弗拉基米尔·普京"},
		{"company", "中国电子科技集团公司第三十八研究所"},
		{"russian-company", "Концерн Радиоэлектронные технологии"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Analyze(tc.in)
			}
		})
	}
}
