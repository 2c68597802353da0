package ofac

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseRemarks(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want remarks
	}{
		{"empty", "", remarks{}},
		{"dob day", "DOB 12 Jan 1950", remarks{Props: []propValue{{"birthDate", "1950-01-12"}}}},
		{"dob month", "DOB Mar 1945.", remarks{Props: []propValue{{"birthDate", "1945-03"}}}},
		{"dob year", "DOB 1950", remarks{Props: []propValue{{"birthDate", "1950"}}}},
		{"dob circa", "DOB circa 1950", remarks{Props: []propValue{{"birthDate", "1950"}}}},
		{"dob circa dash", "DOB circa-1951", remarks{Props: []propValue{{"birthDate", "1951"}}}},
		{"dob year range", "DOB 1960 to 1962", remarks{Props: []propValue{{"birthDate", "1960"}, {"birthDate", "1961"}, {"birthDate", "1962"}}}},
		{"dob circa year range", "DOB circa 1979-1982", remarks{Props: []propValue{{"birthDate", "1979"}, {"birthDate", "1980"}, {"birthDate", "1981"}, {"birthDate", "1982"}}}},
		{"dob date range", "DOB 01 Jan 1961 to 31 Dec 1962", remarks{Props: []propValue{{"birthDate", "1961-01-01"}, {"birthDate", "1962-12-31"}}}},
		{"alt dob", "DOB 1950; alt. DOB 1951", remarks{Props: []propValue{{"birthDate", "1950"}, {"birthDate", "1951"}}}},
		{"bad dob", "DOB sometime", remarks{Unparsed: []string{"DOB sometime"}}},
		{"pob", "POB Moscow, Russia", remarks{Props: []propValue{{"birthPlace", "Moscow, Russia"}}}},
		{"nationality", "nationality Russia; citizen Korea, North; alt. nationality Burma",
			remarks{Props: []propValue{{"nationality", "RU"}, {"citizenship", "KP"}, {"nationality", "MM"}}}},
		{"nationality unknown country", "nationality Atlantis", remarks{Props: []propValue{{"nationality", "Atlantis"}}}},
		{"passport", "Passport 1234 (Russia); alt. Passport L 191609 issued 28 Feb 1996 expires 27 Feb 2001",
			remarks{Props: []propValue{{"passportNumber", "1234"}, {"passportNumber", "L 191609"}}}},
		{"generic passport", "British National Overseas Passport 750200421 (United Kingdom)", remarks{Props: []propValue{{"passportNumber", "750200421"}}}},
		{"national id", "National ID No. 660000 73767 (Belgium)", remarks{Props: []propValue{{"idNumber", "660000 73767"}}}},
		{"tax id russia is an inn", "Tax ID No. 7707083893 (Russia)", remarks{Props: []propValue{{"taxNumber", "7707083893"}, {"innCode", "7707083893"}}}},
		{"tax id elsewhere", "Tax ID No. 100036386 (Serbia)", remarks{Props: []propValue{{"taxNumber", "100036386"}}}},
		{"ogrn", "Registration Number 1027700342890 (Russia)", remarks{Props: []propValue{{"registrationNumber", "1027700342890"}, {"ogrnCode", "1027700342890"}}}},
		{"inn ogrn keys", "INN 7707083893; OGRN 1027700342890", remarks{Props: []propValue{{"innCode", "7707083893"}, {"ogrnCode", "1027700342890"}}}},
		{"uscc", "Unified Social Credit Code (USCC) 91222401MA0Y31E659 (China).", remarks{Props: []propValue{{"uscCode", "91222401MA0Y31E659"}}}},
		{"gender", "Gender Male", remarks{Props: []propValue{{"gender", "male"}}}},
		{"imo", "Vessel Registration Identification IMO 9187629; MMSI 123456789", remarks{Props: []propValue{{"imoNumber", "9187629"}, {"mmsi", "123456789"}}}},
		{"imo as identification number", "Identification Number IMO 5342883.", remarks{Props: []propValue{{"imoNumber", "5342883"}}}},
		{"vessel facts", "Former Vessel Flag Malta; Vessel Year of Build 1990; Nationality of Registration Russia",
			remarks{Props: []propValue{{"pastFlags", "MT"}, {"buildDate", "1990"}, {"country", "RU"}}}},
		{"contact", "Website www.x.com; Email Address x@y.com", remarks{Props: []propValue{{"website", "www.x.com"}, {"email", "x@y.com"}}}},
		{"swift crypto", "SWIFT/BIC ABCDRUMM; Digital Currency Address - XBT 1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo",
			remarks{Props: []propValue{{"swiftBic", "ABCDRUMM"}, {"cryptoWallet", "1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo"}}}},
		{"established", "Organization Established Date 17 Dec 2016", remarks{Props: []propValue{{"incorporationDate", "2016-12-17"}}}},
		{"names", "a.k.a. 'FOO'; f.k.a. 'BAR'; n.k.a. 'BAZ'.", remarks{Props: []propValue{{"weakAlias", "FOO"}, {"previousName", "BAR"}, {"alias", "BAZ"}}}},
		{"nickname", "a.k.a. ''FOOPIE''.", remarks{Props: []propValue{{"weakAlias", "FOOPIE"}}}},
		{"apostrophes in a name", "a.k.a. ''ABD-AL-'IZ'; a.k.a. 'MERA'I'.", remarks{Props: []propValue{{"weakAlias", "'ABD-AL-'IZ"}, {"weakAlias", "MERA'I"}}}},
		{"linked to", "Linked To: SOME ENTITY; Linked To: OTHER, S.A.", remarks{Links: []string{"SOME ENTITY", "OTHER, S.A."}}},
		{"linked to in parentheses", "(Linked To: SUMIYOSHI-KAI)", remarks{Links: []string{"SUMIYOSHI-KAI"}}},
		{"semicolon in parentheses", "Registration Number 123 (issued by X; Y)", remarks{Props: []propValue{{"registrationNumber", "123"}}}},
		{"unclosed parenthesis", "Passport 123 (Russia; DOB 1950; Gender Male", remarks{Props: []propValue{{"passportNumber", "123"}, {"birthDate", "1950"}, {"gender", "male"}}}},
		{"sanctions info", "Additional Sanctions Information - Subject to Secondary Sanctions",
			remarks{Notes: []string{"Additional Sanctions Information - Subject to Secondary Sanctions"}}},
		{"free text", "Member of the State Duma of the Federal Assembly of the Russian Federation.",
			remarks{Unparsed: []string{"Member of the State Duma of the Federal Assembly of the Russian Federation."}}},
		{"generic id", "Cartilla de Servicio Militar Nacional B4111940 (Mexico)", remarks{Props: []propValue{{"idNumber", "B4111940"}}}},
		{"not an imo number", "Vessel Registration Identification RS 130280 (Russia)", remarks{Props: []propValue{{"registrationNumber", "RS 130280"}}}},
		{"generic with colon", "Italian Fiscal Code: KMMMHD68D03Z352N.", remarks{Props: []propValue{{"taxNumber", "KMMMHD68D03Z352N"}}}},
		{"generic with parenthesis", "Social Insurance Number (SIN) 12345 (Canada)", remarks{Props: []propValue{{"idNumber", "12345"}}}},
		{"generic registration", "Istanbul Chamber of Comm. No. 537070 (Turkey)", remarks{Props: []propValue{{"registrationNumber", "537070"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := parseRemarks(tc.in)
			if d := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("parseRemarks(%q) (-want +got):\n%s", tc.in, d)
			}
		})
	}
}
