package lists

import (
	"github.com/redline-sanctions/redline/source/bis"
	"github.com/redline-sanctions/redline/source/csl"
	"github.com/redline-sanctions/redline/source/eu"
	"github.com/redline-sanctions/redline/source/ftm"
	"github.com/redline-sanctions/redline/source/ofac"
	"github.com/redline-sanctions/redline/source/uk"
	"github.com/redline-sanctions/redline/source/un"
)

// Formats returns the list formats redline reads, in the order they are
// tried. Detection looks at the file name and the first 64 KiB.
func Formats() []Format {
	return []Format{
		{Name: "ofac-csv", Detect: ofac.DetectCSV, Reader: ofac.CSVReader{}},
		{Name: "ofac-xml", Detect: ofac.DetectXML, Reader: ofac.XMLReader{}},
		{Name: "un-xml", Detect: un.Detect, Reader: un.Reader{}},
		{Name: "eu-fsf-xml", Detect: eu.Detect, Reader: eu.Reader{}},
		{Name: "uk-fcdo-csv", Detect: uk.DetectFCDO, Reader: uk.FCDOReader{}},
		{Name: "uk-ofsi-conlist-csv", Detect: uk.DetectConList, Reader: uk.ConListReader{}},
		{Name: "us-csl-csv", Detect: csl.Detect, Reader: csl.Reader{}},
		{Name: "us-bis-dpl", Detect: bis.Detect, Reader: bis.DPLReader{}},
		{Name: "ftm-json", Detect: ftm.Detect, Reader: ftm.Reader{}},
		{Name: "senzing-json", Detect: ftm.DetectSenzing, Reader: ftm.SenzingReader{}},
	}
}
