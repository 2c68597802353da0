package ownership

import (
	"errors"
	"fmt"
	"github.com/redline-sanctions/redline/internal/fold"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrShare is wrapped by every error ParseShare returns.
var ErrShare = errors.New("not an ownership percentage")

// Share is an ownership percentage as a list states it: an exact value
// ("50", "50.00", "25%"), a range ("25-50"), a bound ("more than 50%",
// "at least 25", "less than 10%") or a word ("majority", "wholly owned").
// Bounds are in percent, 0 <= Min <= Max <= 100.
//
// A link that gives no percentage has the unknown share: Min 0, Max 100,
// Known false. The 50% rule counts Min towards "blocked" and Max towards
// "possibly blocked".
type Share struct {
	// Raw is the text as the list gave it ("" when none was given).
	Raw string `json:"raw,omitempty"`
	// Min and Max bound the share in percent.
	Min float64 `json:"min"`
	Max float64 `json:"max"`
	// MinOpen says Min itself is excluded ("more than 50%", "majority");
	// MaxOpen says Max is ("less than 25%", "minority").
	MinOpen bool `json:"min_open,omitempty"`
	MaxOpen bool `json:"max_open,omitempty"`
	// Known is false when no percentage was given.
	Known bool `json:"known"`
}

// Unknown is the share of a link that states no percentage.
var Unknown = Share{Min: 0, Max: 100}

// Exact reports whether the share is one value.
func (s Share) Exact() bool { return s.Known && s.Min == s.Max && !s.MinOpen && !s.MaxOpen }

// String writes the share in a form ParseShare reads back to the same
// bounds: "50%", "25-50%", "more than 50%", "at least 25%", "less than 10%",
// "at most 10%", "unknown". Shares open on both sides, which ParseShare
// never makes, are written as the closed range.
func (s Share) String() string {
	if !s.Known {
		return "unknown"
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	switch {
	case s.Exact():
		return f(s.Min) + "%"
	case s.Max == 100 && !s.MaxOpen:
		if s.MinOpen {
			return "more than " + f(s.Min) + "%"
		}
		return "at least " + f(s.Min) + "%"
	case s.Min == 0 && !s.MinOpen:
		if s.MaxOpen {
			return "less than " + f(s.Max) + "%"
		}
		return "at most " + f(s.Max) + "%"
	}
	// ParseShare makes no share open inside (0, 100) on both sides.
	return f(s.Min) + "-" + f(s.Max) + "%"
}

// maxShareText bounds the text ParseShare looks at; a percentage is never
// longer.
const maxShareText = 200

// words are the percentages stated in words.
var words = map[string]Share{
	"majority":       {Min: 50, Max: 100, MinOpen: true},
	"majority owned": {Min: 50, Max: 100, MinOpen: true},
	"minority":       {Min: 0, Max: 50, MaxOpen: true},
	"minority owned": {Min: 0, Max: 50, MaxOpen: true},
	"wholly owned":   {Min: 100, Max: 100},
	"wholly":         {Min: 100, Max: 100},
	"whole":          {Min: 100, Max: 100},
	"full":           {Min: 100, Max: 100},
	"sole":           {Min: 100, Max: 100},
	"sole owner":     {Min: 100, Max: 100},
	"all":            {Min: 100, Max: 100},
}

// The bound phrases, longest first within each kind so that "more than or
// equal to" wins over "more than".
var (
	atLeast  = []string{"more than or equal to", "greater than or equal to", "not less than", "no less than", "at least", "minimum of", "minimum", "min.", "min", ">=", "≥", "=>"}
	moreThan = []string{"greater than", "more than", "in excess of", "exceeding", "above", "over", ">"}
	atMost   = []string{"less than or equal to", "not more than", "no more than", "up to", "at most", "maximum of", "maximum", "max.", "max", "<=", "≤", "=<"}
	lessThan = []string{"less than", "fewer than", "below", "under", "<"}
)

// ParseShare reads an ownership percentage. It accepts "50", "50.00",
// "50,5" (decimal comma), "25%", "25 %", "25 percent", ranges "25-50",
// "25 – 50%", "25 to 50", "between 25 and 50%", bounds ("more than 50%",
// "over 50", ">50", "at least 50", ">=50", "less than 25", "up to 25",
// "<25") and the words "majority", "minority", "wholly owned", "sole",
// "full". Values must lie in [0, 100]. Any other text is an error wrapping
// ErrShare that quotes the text; the caller keeps Raw either way.
//
// A fraction such as "0.5" is read as 0.5%, not 50%: FtM's percentage
// property is in percent.
func ParseShare(text string) (Share, error) {
	raw := text
	if len(text) > maxShareText {
		return Share{Raw: raw}, fmt.Errorf("%w: %d bytes of text", ErrShare, len(text))
	}
	if !utf8.ValidString(text) {
		return Share{Raw: raw}, fmt.Errorf("%w: invalid UTF-8 %q", ErrShare, text)
	}
	s := fold.Lower(text)
	if s == "" {
		return Share{Raw: raw}, fmt.Errorf("%w: empty", ErrShare)
	}
	fail := func(why string) (Share, error) {
		return Share{Raw: raw}, fmt.Errorf("%w: %q: %s", ErrShare, text, why)
	}
	s = strings.TrimSpace(strings.TrimSuffix(s, "."))
	s = strings.TrimSpace(strings.TrimSuffix(s, " of shares"))
	s = strings.TrimSpace(strings.TrimSuffix(s, " of the shares"))
	if w, ok := words[s]; ok {
		w.Raw, w.Known = raw, true
		return w, nil
	}
	// Bounds.
	for _, k := range []struct {
		phrases []string
		lower   bool
		open    bool
	}{{atLeast, true, false}, {moreThan, true, true}, {atMost, false, false}, {lessThan, false, true}} {
		for _, p := range k.phrases {
			rest, ok := strings.CutPrefix(s, p)
			if !ok {
				continue
			}
			v, err := percent(rest)
			if err != nil {
				return fail(err.Error())
			}
			sh := Share{Raw: raw, Known: true, Min: 0, Max: 100}
			if k.lower {
				sh.Min, sh.MinOpen = v, k.open
				if v == 100 && k.open {
					return fail("more than 100%")
				}
			} else {
				sh.Max, sh.MaxOpen = v, k.open
				if v == 0 && k.open {
					return fail("less than 0%")
				}
			}
			return sh, nil
		}
	}
	// "50+" and "50%+" are "at least 50%".
	if rest, ok := strings.CutSuffix(s, "+"); ok {
		v, err := percent(rest)
		if err != nil {
			return fail(err.Error())
		}
		return Share{Raw: raw, Known: true, Min: v, Max: 100}, nil
	}
	// Ranges.
	if rest, ok := strings.CutPrefix(s, "between "); ok {
		if a, b, ok := strings.Cut(rest, " and "); ok {
			return rangeShare(raw, a, b, fail)
		}
		return fail("\"between\" without \"and\"")
	}
	if rest, ok := strings.CutPrefix(s, "from "); ok {
		if a, b, ok := strings.Cut(rest, " to "); ok {
			return rangeShare(raw, a, b, fail)
		}
		return fail("\"from\" without \"to\"")
	}
	for _, sep := range []string{" to ", "–", "—", "-"} {
		// A leading "-" is a sign, not a range.
		if i := strings.Index(s, sep); i > 0 {
			return rangeShare(raw, s[:i], s[i+len(sep):], fail)
		}
	}
	v, err := percent(s)
	if err != nil {
		return fail(err.Error())
	}
	return Share{Raw: raw, Min: v, Max: v, Known: true}, nil
}

func rangeShare(raw, a, b string, fail func(string) (Share, error)) (Share, error) {
	lo, err := percent(a)
	if err != nil {
		return fail(err.Error())
	}
	hi, err := percent(b)
	if err != nil {
		return fail(err.Error())
	}
	if lo > hi {
		return fail("range runs backwards")
	}
	return Share{Raw: raw, Min: lo, Max: hi, Known: true}, nil
}

// percent reads one number in [0, 100] with an optional percent sign or
// word.
func percent(s string) (float64, error) {
	s = strings.TrimSpace(s)
	for _, suf := range []string{"%", "percent", "per cent", "pct", "pct."} {
		s = strings.TrimSpace(strings.TrimSuffix(s, suf))
	}
	if s == "" {
		return 0, errors.New("no number")
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' && r != ',' {
			return 0, fmt.Errorf("unexpected %q", r)
		}
	}
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, errors.New("not a number")
	}
	if math.IsNaN(v) || v < 0 || v > 100 {
		return 0, fmt.Errorf("%v is outside 0-100", v)
	}
	return v, nil
}
