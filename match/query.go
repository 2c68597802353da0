package match

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/internal/country"
)

// ErrQuery is matched (errors.Is) by the errors CheckQuery, CheckDate and
// CheckCountry return: the query is refused, not matched.
var ErrQuery = errors.New("invalid query")

// queryError is a refused query; its message says what is wrong without
// repeating "invalid query".
type queryError struct{ msg string }

func (e *queryError) Error() string        { return e.msg }
func (e *queryError) Is(target error) bool { return target == ErrQuery }

func queryErrorf(format string, args ...any) error {
	return &queryError{fmt.Sprintf(format, args...)}
}

// DateForms names the birth-date forms a query accepts, for messages.
const DateForms = "YYYY, YYYY-MM or YYYY-MM-DD"

// dateLayouts are the layouts of DateForms.
var dateLayouts = []string{"2006", "2006-01", "2006-01-02"}

// queryCountryProps are the properties of a query that hold countries.
var queryCountryProps = []string{entity.Country, entity.Nationality, entity.Citizenship, entity.Jurisdiction}

// CheckQuery reports the first thing wrong with a query entity that a
// person typed or an API client sent, before it is matched: a query with
// no name and no identifier (or only blank ones), a birth date that is
// not a real date in one of DateForms, a country that is neither an ISO
// 3166 code nor a country name. The error matches ErrQuery and names the
// property and value. Lists are not checked this way: their odd dates and
// countries are read as well as they can be.
func CheckQuery(q *entity.Entity) error {
	if !hasValue(q, entity.NameProps) && !hasValue(q, identifierProps()) {
		return queryErrorf("the query is empty: give a name (or an identifier)")
	}
	for _, v := range q.Properties[entity.BirthDate] {
		if err := CheckDate(v); err != nil {
			return queryErrorf("%s: %v", entity.BirthDate, err)
		}
	}
	for _, p := range queryCountryProps {
		for _, v := range q.Properties[p] {
			if _, err := CheckCountry(v); err != nil {
				return queryErrorf("%s: %v", p, err)
			}
		}
	}
	return nil
}

// CheckDate reports whether v is a real date in one of DateForms
// (1985, 1985-03, 1985-03-31; not 1985-02-30).
func CheckDate(v string) error {
	s := strings.TrimSpace(v)
	for _, l := range dateLayouts {
		if len(s) == len(l) {
			if _, err := time.Parse(l, s); err == nil {
				return nil
			}
		}
	}
	return queryErrorf("date %q: want a real date as %s", v, DateForms)
}

// CheckCountry returns the ISO 3166-1 alpha-2 code (upper case) of a
// country code or name ("ru", "RU", "Russia", "Russian Federation"), or
// FollowTheMoney's own value for a territory outside ISO ("SUHH", "UA-CRI",
// "ZZ": country.FtMTerritory), or an error naming v when it is neither.
func CheckCountry(v string) (string, error) {
	if c, ok := country.Code(v); ok {
		return c, nil
	}
	if _, ok := country.FtMTerritory(v); ok {
		// FtM's own territory values (OpenSanctions, yente clients).
		return strings.ToUpper(strings.TrimSpace(v)), nil
	}
	return "", queryErrorf("country %q: not an ISO 3166 country code or a known country name", v)
}

// hasValue reports whether q has a non-blank value in one of props.
func hasValue(q *entity.Entity, props []string) bool {
	for _, p := range props {
		for _, v := range q.Properties[p] {
			if strings.TrimSpace(v) != "" {
				return true
			}
		}
	}
	return false
}

// identifierProps are the properties the matcher reads identifiers from.
func identifierProps() []string {
	out := make([]string, len(idProps))
	for i, ip := range idProps {
		out[i] = ip.prop
	}
	return out
}
