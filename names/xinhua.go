package names

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Chinese transcriptions of foreign names. Chinese writes a foreign name by
// sound, one character a syllable, from a fixed set of characters (the
// Xinhua News Agency's tables, GB/T 17693): 梅德韦杰夫 is Medvedev,
// 卡拉什尼科夫 Kalashnikov. Read through pinyin such a name is nothing
// like its Latin spelling (mei de wei jie fu), so these names are also read
// back by the table in data/xinhua.txt: each character gives the Russian
// sound it transcribes (梅 me, 德 d, 韦 ve, 杰 de, 夫 v → medvedev). A name
// is read so only when every character of it is in the table; Chinese
// personal names (习近平) use others and keep their pinyin only.

//go:embed data/xinhua.txt
var xinhuaData string

// xinhuaReading is the Latin reading of one transcription character or
// customary word.
type xinhuaReading struct{ primary, alternate string }

// xinhuaTab holds the readings of characters and of the customary words
// (names whose transcription is older than the table: 尼古拉 Nikolai, not
// nigula), and the longest word in runes.
type xinhuaTab struct {
	words  map[string]xinhuaReading
	maxLen int
}

// parseXinhua reads the table format of data/xinhua.txt: a character (or
// a customary word), TAB, its primary reading and optionally TAB and an
// alternate. Errors name the line.
func parseXinhua(data string) (*xinhuaTab, error) {
	t := &xinhuaTab{words: map[string]xinhuaReading{}}
	for i, line := range strings.Split(data, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 || len(f) > 3 {
			return nil, fmt.Errorf("xinhua.txt:%d: want character, reading and an optional alternate separated by tabs, got %q", i+1, line)
		}
		if f[0] == "" {
			return nil, fmt.Errorf("xinhua.txt:%d: empty character", i+1)
		}
		for _, r := range f[0] {
			if !unicode.Is(unicode.Han, r) {
				return nil, fmt.Errorf("xinhua.txt:%d: %q is not written in Chinese characters", i+1, f[0])
			}
		}
		if _, dup := t.words[f[0]]; dup {
			return nil, fmt.Errorf("xinhua.txt:%d: %q is given twice", i+1, f[0])
		}
		rd := xinhuaReading{primary: f[1], alternate: f[1]}
		if len(f) == 3 {
			rd.alternate = f[2]
		}
		if !isASCIILower(rd.primary) || !isASCIILower(rd.alternate) {
			return nil, fmt.Errorf("xinhua.txt:%d: readings must be lower-case ASCII letters, got %q", i+1, line)
		}
		t.words[f[0]] = rd
		t.maxLen = max(t.maxLen, utf8.RuneCountInString(f[0]))
	}
	return t, nil
}

func isASCIILower(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// xinhuaTable is the embedded table; it is checked by TestXinhuaTable.
var xinhuaTable = sync.OnceValue(func() *xinhuaTab {
	m, err := parseXinhua(xinhuaData)
	if err != nil {
		panic(err) // the embedded table is fixed at build time
	}
	return m
})

// XinhuaReadings returns the Latin readings of a Chinese transcription of a
// foreign name, one spelling per token: the primary readings first and,
// when some character has another, the alternate readings. It returns nil
// when a token is not made wholly of transcription characters (then the
// name is Chinese, not a transcription) or holds a single character.
// XinhuaReadings("梅德韦杰夫") == [["medvedev"]],
// XinhuaReadings("弗拉基米尔·普京") == [["vladimir" "putin"] ["vladimir" "pkin"]].
func XinhuaReadings(name string) [][]string {
	return xinhuaTokens(strings.Fields(Normalize(name)))
}

// xinhuaTokens is XinhuaReadings of normalized tokens.
func xinhuaTokens(toks []string) [][]string {
	t := xinhuaTable()
	var prim, alt []string
	differ := false
	for _, tok := range toks {
		var p, a strings.Builder
		rs := []rune(tok)
		if len(rs) < 2 {
			return nil
		}
		for k, r := range rs {
			rs[k] = simplified(r) // 梅德韋傑夫 is 梅德韦杰夫
		}
		for i := 0; i < len(rs); {
			n := 0
			var rd xinhuaReading
			for l := min(t.maxLen, len(rs)-i); l >= 1; l-- {
				if r, ok := t.words[string(rs[i:i+l])]; ok {
					n, rd = l, r
					break
				}
			}
			if n == 0 {
				return nil
			}
			p.WriteString(rd.primary)
			a.WriteString(rd.alternate)
			differ = differ || rd.alternate != rd.primary
			i += n
		}
		prim = append(prim, p.String())
		alt = append(alt, a.String())
	}
	if len(prim) == 0 {
		return nil
	}
	if !differ {
		return [][]string{prim}
	}
	return [][]string{prim, alt}
}
