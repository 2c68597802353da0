package match

import (
	"errors"
	"strings"
	"testing"

	"github.com/redline-sanctions/redline/entity"
)

func TestCheckQuery(t *testing.T) {
	tests := []struct {
		name  string
		props map[string][]string
		// want is "" for a valid query, else a part of the message.
		want string
	}{
		{"name only", map[string][]string{"name": {"Ivan Petrov"}}, ""},
		{"identifier only", map[string][]string{"innCode": {"7707083893"}}, ""},
		{"no properties", map[string][]string{}, "the query is empty"},
		{"blank name", map[string][]string{"name": {"  \t"}}, "the query is empty"},
		{"blank name and country", map[string][]string{"name": {""}, "country": {"ru"}}, "the query is empty"},
		{"year", map[string][]string{"name": {"x"}, "birthDate": {"1985"}}, ""},
		{"year and month", map[string][]string{"name": {"x"}, "birthDate": {"1985-03"}}, ""},
		{"full date", map[string][]string{"name": {"x"}, "birthDate": {" 1985-03-31 "}}, ""},
		{"leap day", map[string][]string{"name": {"x"}, "birthDate": {"2000-02-29"}}, ""},
		{"no leap day", map[string][]string{"name": {"x"}, "birthDate": {"1999-02-29"}}, `birthDate: date "1999-02-29": want a real date as YYYY, YYYY-MM or YYYY-MM-DD`},
		{"day 30 of February", map[string][]string{"name": {"x"}, "birthDate": {"1985-02-30"}}, `date "1985-02-30"`},
		{"month 13", map[string][]string{"name": {"x"}, "birthDate": {"1985-13"}}, `date "1985-13"`},
		{"day first", map[string][]string{"name": {"x"}, "birthDate": {"31.03.1985"}}, `date "31.03.1985"`},
		{"words", map[string][]string{"name": {"x"}, "birthDate": {"yesterday"}}, `date "yesterday"`},
		{"short month", map[string][]string{"name": {"x"}, "birthDate": {"1985-3"}}, `date "1985-3"`},
		{"empty date", map[string][]string{"name": {"x"}, "birthDate": {""}}, `date ""`},
		{"code lower case", map[string][]string{"name": {"x"}, "country": {"ru"}}, ""},
		{"code upper case", map[string][]string{"name": {"x"}, "nationality": {"IR"}}, ""},
		{"country name", map[string][]string{"name": {"x"}, "citizenship": {"Russian Federation"}}, ""},
		{"list spelling", map[string][]string{"name": {"x"}, "jurisdiction": {"Korea, North"}}, ""},
		{"Kosovo", map[string][]string{"name": {"x"}, "country": {"XK"}}, ""},
		{"unknown code", map[string][]string{"name": {"x"}, "country": {"QQ"}}, `country: country "QQ": not an ISO 3166 country code or a known country name`},
		{"unknown name", map[string][]string{"name": {"x"}, "nationality": {"Narnia"}}, `nationality: country "Narnia"`},
		{"alpha-3", map[string][]string{"name": {"x"}, "country": {"RUSS"}}, `country "RUSS"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckQuery(&entity.Entity{Schema: entity.Person, Properties: tc.props})
			if tc.want == "" {
				if err != nil {
					t.Fatalf("CheckQuery: %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrQuery) {
				t.Fatalf("CheckQuery: %v, want an ErrQuery containing %q", err, tc.want)
			}
		})
	}
}

func TestCheckCountry(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ru", "RU"}, {"Russia", "RU"}, {"Iran (Islamic Republic of)", "IR"}, {"Burma", "MM"}, {"Atlantis", ""}, {"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := CheckCountry(tc.in)
			if got != tc.want || (err == nil) != (tc.want != "") {
				t.Fatalf("CheckCountry(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}
