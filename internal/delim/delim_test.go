package delim

import "testing"

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name, head string
		want       rune
	}{
		{"comma", "id,name,country\n1,a;b,RU", ','},
		{"semicolon", "id;name;country\n1,2,3,4,5", ';'},
		{"tab with a comma in a header", "id\tname\tnote, with a comma", '\t'},
		{"pipe", "id|name|country", '|'},
		{"tie goes to comma", "a,b\tc", ','},
		{"tie between tab and semicolon goes to tab", "a\tb;c", '\t'},
		{"one column", "name", ','},
		{"empty", "", ','},
		{"only the first line counts", "a;b\n,,,,,,", ';'},
		{"CRLF", "a;b;c\r\n", ';'},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sniff([]byte(tc.head)); got != tc.want {
				t.Errorf("Sniff(%q) = %q, want %q", tc.head, got, tc.want)
			}
		})
	}
}
