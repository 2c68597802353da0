// Package flows analyses trade flows: official trade statistics (Eurostat
// Comext, UN Comtrade) and transaction-level shipment records, stored in an
// embedded DuckDB file in the data folder and queried for spikes, mirror
// gaps and the suppliers of listed end users.
//
// DuckDB needs cgo. Only db.go imports the driver; a binary built with
// CGO_ENABLED=0 still compiles this package, and Open then returns
// ErrNeedsCgo.
package flows
