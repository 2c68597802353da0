package dates

import "testing"

func TestISO(t *testing.T) {
	for _, tc := range []struct {
		name, in, prefix string
		is               bool
	}{
		{"year", "1971", "1971", true},
		{"month", "1971-05", "1971-05", true},
		{"day", "1971-05-03", "1971-05-03", true},
		{"timestamp", "2014-03-01T00:00:00Z", "2014-03-01", false},
		{"zoned", "2015-04-07-04:00", "2015-04-07", false},
		{"short year", "971", "", false},
		{"one-digit month", "1971-5", "1971", false},
		{"uk form", "03/05/1971", "", false},
		{"empty", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ISOPrefix(tc.in); got != tc.prefix {
				t.Errorf("ISOPrefix(%q) = %q, want %q", tc.in, got, tc.prefix)
			}
			if got := IsISO(tc.in); got != tc.is {
				t.Errorf("IsISO(%q) = %v, want %v", tc.in, got, tc.is)
			}
		})
	}
}

func TestMonth(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"jan", 1}, {"Jan", 1}, {"JAN.", 1}, {"january", 1}, {"Febr", 2}, {"sep", 9}, {"Sept", 9}, {"sept.", 9},
		{"September", 9}, {"may", 5}, {"Dec", 12},
		{"ja", 0}, {"", 0}, {"mayor", 0}, {"marta", 0}, {"septiembre", 0}, {"novgorod", 0}, {"januaryx", 0},
	} {
		if got := Month(tc.in); got != tc.want {
			t.Errorf("Month(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
	for m := 1; m <= 12; m++ {
		if Month(MonthName(m)) != m || Month(MonthName(m)[:3]) != m {
			t.Errorf("month %d does not read back from %q", m, MonthName(m))
		}
	}
	if MonthName(0) != "" || MonthName(13) != "" {
		t.Error("MonthName out of range is not empty")
	}
}
