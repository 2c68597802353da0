package trade

import (
	"fmt"

	"github.com/redline-sanctions/redline/source"
)

// Flow is the direction of a figure, as its reporter declares it.
type Flow string

// The flows. Comtrade's re-exports and re-imports are kept apart from
// exports and imports.
const (
	Export   Flow = "export"
	Import   Flow = "import"
	ReExport Flow = "re-export"
	ReImport Flow = "re-import"
)

// Total is the HS code and the statistical procedure of a figure over all
// goods or all procedures.
const Total = "TOTAL"

// Record is one figure of trade statistics: what Reporter declares it
// traded with Partner in one Period, for one product and procedure.
type Record struct {
	// Reporter and Partner are ISO 3166-1 alpha-2 codes or the stable
	// codes of aggregates and special areas (Area); the names are the
	// labels as the file wrote them.
	Reporter, ReporterName string
	Partner, PartnerName   string
	Flow                   Flow
	// HS is the product code as digits (2 to 8 of them: chapter, heading,
	// HS6, CN8), or Total; ProductName its label when the file gives one.
	HS, ProductName string
	// Procedure is the statistical procedure (Comext STAT_PROCEDURE,
	// Comtrade customs code and mode of transport): Total for the figure
	// over all of them.
	Procedure string
	Period    Period
	// Value is the trade value in Currency ("EUR" for Comext, "USD" for
	// Comtrade), as declared: Comtrade's primaryValue is FOB for exports
	// and CIF for imports, as are Comext's values.
	Value    float64
	Currency string
	// Quantity (in QuantityUnit) and NetMass (kg) are set when the file
	// has them.
	Quantity     *float64
	QuantityUnit string
	NetMass      *float64
	// Format ("comext", "comtrade"), File and Line say where the figure
	// was read.
	Format string
	File   string
	Line   int
}

// Valid reports why r is not a figure the readers may emit, or nil.
func (r *Record) Valid() error {
	switch {
	case r.Reporter == "" || r.Partner == "":
		return fmt.Errorf("no reporter or partner")
	case r.Flow == "":
		return fmt.Errorf("no flow")
	case r.HS == "":
		return fmt.Errorf("no product code")
	case !r.Period.Valid():
		return fmt.Errorf("invalid period %+v", r.Period)
	case r.Value != r.Value || r.Value < 0:
		return fmt.Errorf("invalid value %v", r.Value)
	case r.Currency == "":
		return fmt.Errorf("no currency")
	case r.File == "" || r.Line < 2:
		return fmt.Errorf("not positioned")
	}
	return nil
}

// Report tells what a reader read from one file.
type Report struct {
	// File is the file read, Format the format it was read as.
	File   string `json:"file"`
	Format string `json:"format"`
	// Rows counts the data rows seen (read or not), Records the figures
	// emitted.
	Rows    int `json:"rows"`
	Records int `json:"records"`
	// Skipped counts the rows that could not be read; Problems lists them
	// (and the issues that did not stop a row), each with file and line.
	Skipped  int              `json:"skipped"`
	Problems []source.Problem `json:"problems,omitempty"`
}

// skip records a row that could not be read.
func (r *Report) skip(line int, field, reason string) {
	r.Skipped++
	r.Problems = append(r.Problems, source.Problem{File: r.File, Line: line, Field: field, Reason: reason, Skipped: true})
}

// Emit receives each record a reader reads. Returning an error stops the
// read, which returns that error wrapped.
type Emit func(Record) error
