// Package trade reads official trade statistics: Eurostat Comext exports as
// the Comext data browser writes them, and UN Comtrade CSV as its API and
// bulk files write it. Both readers stream their input, find their columns
// by name, and emit one Record per figure; a row they cannot read is
// counted and reported as a source.Problem with its file and line, never
// dropped silently.
//
// One package holds both readers because what they share is most of the
// work: the Record they produce, periods (Period: a month or a whole year),
// and the mapping of country labels to ISO 3166-1 alpha-2 codes and of
// statistical aggregates to stable codes (Area). Country names are looked
// up in internal/country, the one home of that fact; the aggregates
// (EU27, EA20, ...) and Eurostat's special partner codes live here, in
// area.go.
//
// A worked example. The Comext line
//
//	"Germany (incl. German Democratic Republic 'DD' from 1991)","Armenia","Total","EXPORT","Total","Aug. 2024",8436420
//
// and its code-and-label twin
//
//	"DE-Germany","AM-Armenia","TOTAL-Total","2-EXPORT","TOTAL-Total","202408",8436420
//
// both read as Record{Reporter: "DE", Partner: "AM", Flow: Export, HS:
// "TOTAL", Procedure: "TOTAL", Period: Period{2024, 8}, Value: 8436420,
// Currency: "EUR"}.
package trade
