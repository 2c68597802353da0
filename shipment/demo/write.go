package demo

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/redline-sanctions/redline/shipment"
)

// Header is the header of the generated files, in the style of customs
// records; shipment.Read recognises every column.
var Header = []string{
	"Declaration No", "Date", "Exporter", "Exporter Country", "Exporter Address", "Exporter Incorporation Date",
	"Importer", "Importer Country", "Importer Address", "Importer Incorporation Date",
	"Notify Party", "Notify Party Country", "Notify Party Address", "End User", "End User Country", "End User Address",
	"HS Code", "Goods Description", "Quantity", "Value", "Currency",
	"Country of Origin", "Destination Country", "Transit", "planted",
}

// row is one generated record in Header order; its parquet names are the
// headers.
type row struct {
	ID                  string `parquet:"Declaration No"`
	Date                string `parquet:"Date"`
	Exporter            string `parquet:"Exporter"`
	ExporterCountry     string `parquet:"Exporter Country"`
	ExporterAddress     string `parquet:"Exporter Address"`
	ExporterIncorporate string `parquet:"Exporter Incorporation Date"`
	Importer            string `parquet:"Importer"`
	ImporterCountry     string `parquet:"Importer Country"`
	ImporterAddress     string `parquet:"Importer Address"`
	ImporterIncorporate string `parquet:"Importer Incorporation Date"`
	Notify              string `parquet:"Notify Party"`
	NotifyCountry       string `parquet:"Notify Party Country"`
	NotifyAddress       string `parquet:"Notify Party Address"`
	EndUser             string `parquet:"End User"`
	EndUserCountry      string `parquet:"End User Country"`
	EndUserAddress      string `parquet:"End User Address"`
	HSCode              string `parquet:"HS Code"`
	Description         string `parquet:"Goods Description"`
	Quantity            string `parquet:"Quantity"`
	Value               string `parquet:"Value"`
	Currency            string `parquet:"Currency"`
	Origin              string `parquet:"Country of Origin"`
	Destination         string `parquet:"Destination Country"`
	Transit             string `parquet:"Transit"`
	Planted             string `parquet:"planted"`
}

func toRow(s *shipment.Shipment) row {
	r := row{ID: s.ID, Date: s.Date, HSCode: s.HSCode, Description: s.Description, Quantity: s.Quantity,
		Value: strconv.FormatFloat(s.Value, 'f', -1, 64), Currency: s.Currency, Origin: s.Origin,
		Destination: s.Destination, Transit: strings.Join(s.Route, ";"), Planted: s.Planted}
	for _, p := range s.Parties {
		switch p.Role {
		case shipment.Shipper:
			r.Exporter, r.ExporterCountry, r.ExporterAddress, r.ExporterIncorporate = p.Name, p.Country, p.Address, p.Incorporated
		case shipment.Consignee:
			r.Importer, r.ImporterCountry, r.ImporterAddress, r.ImporterIncorporate = p.Name, p.Country, p.Address, p.Incorporated
		case shipment.Notify:
			r.Notify, r.NotifyCountry, r.NotifyAddress = p.Name, p.Country, p.Address
		case shipment.EndUser:
			r.EndUser, r.EndUserCountry, r.EndUserAddress = p.Name, p.Country, p.Address
		}
	}
	return r
}

func (r row) fields() []string {
	return []string{r.ID, r.Date, r.Exporter, r.ExporterCountry, r.ExporterAddress, r.ExporterIncorporate, r.Importer, r.ImporterCountry,
		r.ImporterAddress, r.ImporterIncorporate, r.Notify, r.NotifyCountry, r.NotifyAddress, r.EndUser, r.EndUserCountry, r.EndUserAddress, r.HSCode,
		r.Description, r.Quantity, r.Value, r.Currency, r.Origin, r.Destination, r.Transit, r.Planted}
}

// WriteCSV writes shipments as CSV with Header (the planted column
// included), e.g. to save records read from another file in one layout.
func WriteCSV(w io.Writer, ships []*shipment.Shipment) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return err
	}
	for _, s := range ships {
		if err := cw.Write(toRow(s).fields()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Write generates a sample and writes it to w as "csv", "jsonl" or
// "parquet".
func Write(ctx context.Context, w io.Writer, format string, opts Options) error {
	switch format {
	case "csv", "":
		bw := bufio.NewWriterSize(w, 256<<10)
		cw := csv.NewWriter(bw)
		if err := cw.Write(Header); err != nil {
			return err
		}
		err := Generate(ctx, opts, func(s *shipment.Shipment) error { return cw.Write(toRow(s).fields()) })
		if err != nil {
			return err
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		return bw.Flush()
	case "jsonl":
		bw := bufio.NewWriterSize(w, 256<<10)
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		err := Generate(ctx, opts, func(s *shipment.Shipment) error {
			f := toRow(s).fields()
			obj := make(map[string]string, len(Header))
			for i, h := range Header {
				if f[i] != "" {
					obj[h] = f[i]
				}
			}
			return enc.Encode(obj)
		})
		if err != nil {
			return err
		}
		return bw.Flush()
	case "parquet":
		pw := parquet.NewGenericWriter[row](w)
		buf := make([]row, 0, 1024)
		flush := func() error {
			if _, err := pw.Write(buf); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			buf = buf[:0]
			return nil
		}
		err := Generate(ctx, opts, func(s *shipment.Shipment) error {
			buf = append(buf, toRow(s))
			if len(buf) == cap(buf) {
				return flush()
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := flush(); err != nil {
			return err
		}
		return pw.Close()
	}
	return fmt.Errorf("demo: unknown format %q (want csv, jsonl or parquet)", format)
}
