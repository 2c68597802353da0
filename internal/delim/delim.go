// Package delim tells which separator a delimited text file uses, from its
// header line: the one rule of the party (screen), shipment and trade
// readers.
package delim

import "bytes"

// candidates are the separators Sniff knows, in the order that breaks ties.
var candidates = [...]byte{',', '\t', ';', '|'}

// Sniff returns the separator the first line of head uses most: comma,
// tab, semicolon or pipe; a tie goes to the earlier of these, and a line
// with none of them is comma-separated: "id;name;country" gives ';',
// "id\tname\tnote, with a comma" gives '\t', "a,b\tc" gives ',' (a tie)
// and "name" gives ','.
func Sniff(head []byte) rune {
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	best, n := candidates[0], bytes.Count(head, candidates[:1])
	for _, c := range candidates[1:] {
		if k := bytes.Count(head, []byte{c}); k > n {
			best, n = c, k
		}
	}
	return rune(best)
}
