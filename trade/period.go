package trade

import (
	"fmt"
	"github.com/redline-sanctions/redline/internal/dates"
	"strconv"
	"strings"
)

// Period is a month (Month 1 to 12) or a whole year (Month 0).
type Period struct {
	Year  int
	Month int
}

// Valid reports whether p is a month or a year between 1900 and 2100.
func (p Period) Valid() bool {
	return p.Year >= 1900 && p.Year <= 2100 && p.Month >= 0 && p.Month <= 12
}

// Annual reports whether p is a whole year.
func (p Period) Annual() bool { return p.Month == 0 }

// String writes "2024" for a year and "2024-08" for a month.
func (p Period) String() string {
	if p.Month == 0 {
		return strconv.Itoa(p.Year)
	}
	return fmt.Sprintf("%d-%02d", p.Year, p.Month)
}

// MonthName is the three-letter English name of month m (1 to 12).
func MonthName(m int) string {
	if m < 1 || m > 12 {
		return "?"
	}
	s := dates.MonthName(m)
	return strings.ToUpper(s[:1]) + s[1:3]
}

// ParsePeriod reads a period in any of the forms Comext and Comtrade write:
// a month as "Aug. 2024", "August 2024", "2024M08", "202408", "2024-08" or
// "202408-Aug. 2024"; a year as "2019", "Y2019", "Jan.-Dec. 2019",
// "201952" or "201952-Jan.-Dec. 2019" (Comext's period code 52 is the whole
// year). Other ranges of months ("Jan.-Jun. 2019") are refused: they are
// neither a month nor a year.
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Period{}, fmt.Errorf("empty period")
	}
	// Code and label: the code decides.
	if code, _, ok := strings.Cut(s, "-"); ok && isDigits(code) && len(code) == 6 {
		s = code
	}
	p, err := parsePeriodCode(s)
	if err != nil {
		return Period{}, err
	}
	if !p.Valid() {
		return Period{}, fmt.Errorf("period %q out of range", s)
	}
	return p, nil
}

func parsePeriodCode(s string) (Period, error) {
	bad := fmt.Errorf("period %q: want a month (Aug. 2024, 2024M08, 202408) or a year (2019, Y2019, Jan.-Dec. 2019, 201952)", s)
	switch {
	case isDigits(s) && len(s) == 4:
		y, _ := strconv.Atoi(s)
		return Period{Year: y}, nil
	case (s[0] == 'Y' || s[0] == 'y') && isDigits(s[1:]) && len(s) == 5:
		y, _ := strconv.Atoi(s[1:])
		return Period{Year: y}, nil
	case isDigits(s) && len(s) == 6:
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[4:])
		if m == 52 {
			return Period{Year: y}, nil
		}
		if m < 1 || m > 12 {
			return Period{}, bad
		}
		return Period{y, m}, nil
	case len(s) == 7 && isDigits(s[:4]) && (s[4] == 'M' || s[4] == 'm' || s[4] == '-') && isDigits(s[5:]):
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[5:])
		if m < 1 || m > 12 {
			return Period{}, bad
		}
		return Period{y, m}, nil
	}
	// Labels: "Aug. 2024", "May 2024", "Sept. 2024", "Jan.-Dec. 2019".
	name, year, ok := strings.Cut(s, " ")
	if !ok || !isDigits(year) || len(year) != 4 {
		return Period{}, bad
	}
	y, _ := strconv.Atoi(year)
	name = strings.ToLower(strings.TrimSpace(name))
	if from, to, ok := strings.Cut(name, "-"); ok {
		if month(from) == 1 && month(to) == 12 {
			return Period{Year: y}, nil
		}
		return Period{}, fmt.Errorf("period %q is a range of months, neither a month nor a year", s)
	}
	if m := month(name); m > 0 {
		return Period{y, m}, nil
	}
	return Period{}, bad
}

// month reads an English month name or its abbreviation ("aug.", "sept",
// "august"); 0 when it is none.
func month(s string) int {
	return dates.Month(strings.TrimSpace(s))
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
