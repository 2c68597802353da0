package goods

import (
	"errors"
	"fmt"
	"strings"
)

// Errors that ParseHS wraps, so callers can tell a malformed code from one
// that is well formed but not in the HS 2022 nomenclature.
var (
	// ErrHSFormat: the text is not an HS code (letters, too few or too many
	// digits).
	ErrHSFormat = errors.New("not an HS code")
	// ErrHSUnknown: the digits are well formed but name no HS 2022
	// heading or subheading.
	ErrHSUnknown = errors.New("not in the HS 2022 nomenclature")
)

// Code is a parsed HS code.
//
// Subheading is the six-digit HS subheading ("854231"), or "" when the
// input named a heading only ("8542"). Heading is always the four-digit
// heading. National holds the digits beyond the sixth of a national tariff
// line (CN, HTS, TN VED, China's 10-digit codes), "" when none.
type Code struct {
	Subheading string
	Heading    string
	National   string
}

// String returns the dotted form: "8542.31", or "8542" for a heading.
func (c Code) String() string {
	if c.Subheading == "" {
		return c.Heading
	}
	return c.Subheading[:4] + "." + c.Subheading[4:]
}

// NormalizeHS returns the six-digit HS 2022 subheading written in code, in
// any of the common ways of writing it: "8542.31", "854231", "8542 31",
// "8542.31.0000", "8542-31-00-00", a national 8 to 10 digit tariff line
// ("85423190" maps to "854231"), with an optional "HS" prefix.
//
// A four-digit heading ("8542", "85.42") returns the heading itself, four
// digits, with ok true: callers tell a heading from a subheading by the
// length of the result. Codes whose leading zero a spreadsheet dropped
// (3 or 5 digits, "10121") get it back when that gives a known code.
//
// ok is false when code is not an HS code or names nothing in the HS 2022
// nomenclature; ParseHS says why.
func NormalizeHS(code string) (hs6 string, ok bool) {
	c, err := ParseHS(code)
	if err != nil {
		return "", false
	}
	if c.Subheading == "" {
		return c.Heading, true
	}
	return c.Subheading, true
}

// ParseHS parses an HS code as NormalizeHS does and says why it fails: the
// error wraps ErrHSFormat or ErrHSUnknown.
func ParseHS(code string) (Code, error) {
	return nomenclature().parse(code)
}

// maxHSInput bounds the text ParseHS looks at; a tariff line with all its
// separators is far shorter.
const maxHSInput = 64

func (n *hsTable) parse(code string) (Code, error) {
	if len(code) > maxHSInput {
		return Code{}, fmt.Errorf("goods: HS code of %d bytes: %w", len(code), ErrHSFormat)
	}
	s := strings.TrimSpace(code)
	if len(s) >= 2 && (s[0] == 'H' || s[0] == 'h') && (s[1] == 'S' || s[1] == 's') {
		s = strings.TrimLeft(s[2:], " :")
	}
	var buf [maxHSInput]byte
	d := buf[:0]
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			d = append(d, c)
		case c == '.' || c == ' ' || c == '-' || c == '/' || c == '\t':
		default:
			return Code{}, fmt.Errorf("goods: HS code %q: unexpected %q at byte %d: %w", code, rune(c), i, ErrHSFormat)
		}
	}
	digits := string(d)
	switch len(digits) {
	case 0:
		return Code{}, fmt.Errorf("goods: HS code %q has no digits: %w", code, ErrHSFormat)
	case 1, 2:
		return Code{}, fmt.Errorf("goods: HS code %q names a chapter at most, not a heading: %w", code, ErrHSFormat)
	case 3:
		digits = "0" + digits
		fallthrough
	case 4:
		if _, ok := n.desc[digits]; !ok {
			return Code{}, fmt.Errorf("goods: HS heading %s: %w", digits, ErrHSUnknown)
		}
		return Code{Heading: digits}, nil
	case 5:
		digits = "0" + digits
	}
	if len(digits) > 10 {
		return Code{}, fmt.Errorf("goods: HS code %q has %d digits, more than a 10-digit tariff line: %w", code, len(digits), ErrHSFormat)
	}
	six := digits[:6]
	if _, ok := n.desc[six]; !ok && len(digits)%2 == 1 {
		// 7 or 9 digits: a national line that lost its leading zero.
		if p := "0" + digits; n.desc[p[:6]] != "" {
			digits, six = p, p[:6]
		}
	}
	if _, ok := n.desc[six]; !ok {
		if _, ok := n.desc[six[:4]]; !ok {
			return Code{}, fmt.Errorf("goods: HS code %q: neither subheading %s nor heading %s exists: %w", code, six, six[:4], ErrHSUnknown)
		}
		return Code{}, fmt.Errorf("goods: HS code %q: heading %s has no subheading %s: %w", code, six[:4], six, ErrHSUnknown)
	}
	return Code{Subheading: six, Heading: six[:4], National: digits[6:]}, nil
}
