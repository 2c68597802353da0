package trade

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Comext reads Eurostat Comext exports as the Comext data browser writes
// them ("Relational view" CSV): columns REPORTER, PARTNER, PRODUCT, FLOW,
// PERIOD and VALUE_IN_EUR, with STAT_PROCEDURE and the quantity columns
// (QUANTITY_IN_100KG, QUANTITY_IN_KG, SUPPLEMENTARY_QUANTITY) when present,
// in any label style: plain labels, codes with labels or codes alone.
// Values are in euro.
type Comext struct{}

// DetectComext recognises a Comext export by its header: REPORTER,
// PARTNER, PERIOD and a VALUE_IN_EUR (or VALUE_EUR) column.
func DetectComext(path string, head []byte) bool {
	h := headerNames(head)
	return h["reporter"] && h["partner"] && h["period"] && (h["value_in_eur"] || h["value_eur"] || h["value_in_euros"])
}

// Read streams the file at path to emit.
func (Comext) Read(ctx context.Context, path string, emit Emit) (*Report, error) {
	return readFile(ctx, path, "comext", readComext, emit)
}

// ReadInput reads a Comext export from in, positioned as name.
func (Comext) ReadInput(ctx context.Context, name string, in io.Reader, emit Emit) (*Report, error) {
	return readInput(ctx, name, "comext", in, readComext, emit)
}

func readComext(ctx context.Context, in *bufio.Reader, rep *Report, emit Emit) error {
	head, _ := in.Peek(4096)
	t, err := newTable(in, head, rep, "reporter", "partner", "period", "value_in_eur|value_eur|value_in_euros", "flow")
	if err != nil {
		return err
	}
	var (
		cReporter  = t.col("reporter")
		cPartner   = t.col("partner")
		cProduct   = t.col("product")
		cFlow      = t.col("flow")
		cProcedure = t.col("stat_procedure")
		cPeriod    = t.col("period")
		cValue     = t.col("value_in_eur", "value_eur", "value_in_euros")
		c100kg     = t.col("quantity_in_100kg")
		cKg        = t.col("quantity_in_kg")
		cSupp      = t.col("supplementary_quantity", "sup_quantity")
	)
	base := filepath.Base(rep.File)
	for {
		ok, err := t.next(ctx)
		if err != nil || !ok {
			return err
		}
		r := Record{Currency: "EUR", Format: "comext", File: rep.File, Line: t.line, HS: Total, Procedure: Total}
		if reason, field := comextRow(t, &r, cReporter, cPartner, cProduct, cFlow, cProcedure, cPeriod, cValue); reason != "" {
			t.rep.skip(t.line, field, reason)
			continue
		}
		if v := t.get(c100kg); v != "" && v != ":" {
			if q, err := number(v); err == nil {
				q *= 100
				r.NetMass = &q
			}
		}
		if v := t.get(cKg); v != "" && v != ":" {
			if q, err := number(v); err == nil {
				r.NetMass = &q
			}
		}
		if v := t.get(cSupp); v != "" && v != ":" {
			if q, err := number(v); err == nil {
				r.Quantity, r.QuantityUnit = &q, "supplementary unit"
			}
		}
		rep.Records++
		if err := emit(r); err != nil {
			return fmt.Errorf("%s:%d: %w", base, t.line, err)
		}
	}
}

// comextRow fills r from the current row and returns why it cannot, with
// the column at fault.
func comextRow(t *table, r *Record, cReporter, cPartner, cProduct, cFlow, cProcedure, cPeriod, cValue int) (reason, field string) {
	var ok bool
	if r.Reporter, r.ReporterName, ok = Area(t.get(cReporter)); !ok {
		return fmt.Sprintf("unknown country or area %q", t.get(cReporter)), "REPORTER"
	}
	if r.Partner, r.PartnerName, ok = Area(t.get(cPartner)); !ok {
		return fmt.Sprintf("unknown country or area %q", t.get(cPartner)), "PARTNER"
	}
	f, err := parseFlow(t.get(cFlow))
	if err != nil {
		return err.Error(), "FLOW"
	}
	r.Flow = f
	if cProduct >= 0 {
		if r.HS, r.ProductName, err = parseProduct(t.get(cProduct)); err != nil {
			return err.Error(), "PRODUCT"
		}
	}
	if cProcedure >= 0 {
		if r.Procedure, err = parseProcedure(t.get(cProcedure)); err != nil {
			return err.Error(), "STAT_PROCEDURE"
		}
	}
	if r.Period, err = ParsePeriod(t.get(cPeriod)); err != nil {
		return err.Error(), "PERIOD"
	}
	v, err := number(t.get(cValue))
	if err != nil {
		return "value " + err.Error(), "VALUE_IN_EUR"
	}
	if v < 0 {
		return fmt.Sprintf("negative value %v", v), "VALUE_IN_EUR"
	}
	r.Value = v
	return "", ""
}

// codeLabel splits "2-EXPORT" or "8542-Electronic integrated circuits"
// into its code and label when the part before the first '-' is a code.
func codeLabel(s string) (code, label string) {
	c, l, ok := strings.Cut(s, "-")
	if c = strings.TrimSpace(c); ok && (isCode(c) || isDigits(c)) {
		return c, strings.TrimSpace(l)
	}
	return "", s
}

// parseFlow reads Comext's "EXPORT", "2-EXPORT", "2" and Comtrade's "X",
// "Export", "Re-export".
func parseFlow(s string) (Flow, error) {
	code, label := codeLabel(s)
	switch strings.ToLower(code) {
	case "1", "m":
		return Import, nil
	case "2", "x":
		return Export, nil
	}
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "export", "exports", "x", "2":
		return Export, nil
	case "import", "imports", "m", "1":
		return Import, nil
	case "re-export", "re-exports", "rx":
		return ReExport, nil
	case "re-import", "re-imports", "rm":
		return ReImport, nil
	}
	return "", fmt.Errorf("flow %q: want EXPORT or IMPORT", s)
}

// parseProduct reads "Total", "TOTAL-Total", "8542", "85423190-Electronic
// ..." into an HS code (digits) or Total. A label without a code cannot be
// placed in the nomenclature and is refused: export with codes.
func parseProduct(s string) (hs, name string, err error) {
	code, label := codeLabel(s)
	if code == "" && isDigits(strings.TrimSpace(s)) {
		code, label = strings.TrimSpace(s), ""
	}
	switch {
	case strings.EqualFold(code, "total") || strings.EqualFold(strings.TrimSpace(s), "total"):
		return Total, label, nil
	case isDigits(code) && len(code) >= 2 && len(code) <= 10:
		return code, label, nil
	case s == "":
		return "", "", fmt.Errorf("empty product")
	}
	return "", s, fmt.Errorf("product %q has no HS or CN code (export with 'code and label' or 'code' labels)", s)
}

// parseProcedure reads STAT_PROCEDURE: "Total", "TOTAL-Total", "NORMAL",
// "1-Normal", "Inward processing" become TOTAL, NORMAL, INWARD_PROCESSING.
func parseProcedure(s string) (string, error) {
	code, label := codeLabel(s)
	if strings.EqualFold(code, "total") {
		return Total, nil
	}
	label = strings.TrimSpace(label)
	if label == "" {
		label = code
	}
	if label == "" {
		return Total, nil // an empty procedure is the figure over all of them
	}
	return strings.ToUpper(strings.Join(strings.Fields(label), "_")), nil
}
