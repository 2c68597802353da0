package trade

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Comtrade reads UN Comtrade data as its API (CSV) and bulk files (CSV or
// tab-separated TXT) write it: one row per reporter, partner, flow,
// commodity and period, with the columns typeCode, freqCode, refPeriodId,
// refYear, refMonth, period, reporterCode, reporterISO, reporterDesc,
// flowCode, flowDesc, partnerCode, partnerISO, partnerDesc, partner2Code,
// ..., cmdCode, cmdDesc, ..., customsCode, motCode, ..., qtyUnitAbbr, qty,
// netWgt, ..., cifvalue, fobvalue, primaryValue. Annual (freqCode A) and
// monthly (M) files. Values are in US dollars.
//
// A row broken down by customs procedure, mode of transport or second
// partner (customsCode other than C00, motCode other than 0, partner2Code
// other than 0) keeps that breakdown as its Procedure, so that it is not
// added to the total row of the same figure.
type Comtrade struct{}

// DetectComtrade recognises a Comtrade file by its header: a reporter
// column (reporterCode or reporterISO), partnerCode or partnerISO, cmdCode
// and primaryValue.
func DetectComtrade(path string, head []byte) bool {
	h := headerNames(head)
	return (h["reportercode"] || h["reporteriso"]) && (h["partnercode"] || h["partneriso"]) && h["cmdcode"] && h["primaryvalue"]
}

// Read streams the file at path to emit.
func (Comtrade) Read(ctx context.Context, path string, emit Emit) (*Report, error) {
	return readFile(ctx, path, "comtrade", readComtrade, emit)
}

// ReadInput reads Comtrade data from in, positioned as name.
func (Comtrade) ReadInput(ctx context.Context, name string, in io.Reader, emit Emit) (*Report, error) {
	return readInput(ctx, name, "comtrade", in, readComtrade, emit)
}

func readComtrade(ctx context.Context, in *bufio.Reader, rep *Report, emit Emit) error {
	head, _ := in.Peek(4096)
	t, err := newTable(in, head, rep, "reportercode|reporteriso", "partnercode|partneriso", "cmdcode", "primaryvalue", "flowcode|flowdesc", "period|refyear")
	if err != nil {
		return err
	}
	c := comtradeCols{
		freq: t.col("freqcode"), period: t.col("period"), year: t.col("refyear"), month: t.col("refmonth"),
		repCode: t.col("reportercode"), repISO: t.col("reporteriso"), repDesc: t.col("reporterdesc"),
		parCode: t.col("partnercode"), parISO: t.col("partneriso"), parDesc: t.col("partnerdesc"),
		par2: t.col("partner2code"), flowCode: t.col("flowcode"), flowDesc: t.col("flowdesc"),
		cmd: t.col("cmdcode"), cmdDesc: t.col("cmddesc"), customs: t.col("customscode"), mot: t.col("motcode"),
		qty: t.col("qty"), qtyUnit: t.col("qtyunitabbr"), netWgt: t.col("netwgt"),
		cif: t.col("cifvalue"), fob: t.col("fobvalue"), primary: t.col("primaryvalue"),
	}
	base := filepath.Base(rep.File)
	for {
		ok, err := t.next(ctx)
		if err != nil || !ok {
			return err
		}
		r := Record{Currency: "USD", Format: "comtrade", File: rep.File, Line: t.line}
		if reason, field := c.row(t, &r); reason != "" {
			t.rep.skip(t.line, field, reason)
			continue
		}
		rep.Records++
		if err := emit(r); err != nil {
			return fmt.Errorf("%s:%d: %w", base, t.line, err)
		}
	}
}

type comtradeCols struct {
	freq, period, year, month          int
	repCode, repISO, repDesc           int
	parCode, parISO, parDesc, par2     int
	flowCode, flowDesc, cmd, cmdDesc   int
	customs, mot, qty, qtyUnit, netWgt int
	cif, fob, primary                  int
}

func (c comtradeCols) row(t *table, r *Record) (reason, field string) {
	var ok bool
	if r.Reporter, r.ReporterName, ok = comtradeArea(t.get(c.repISO), t.get(c.repCode), t.get(c.repDesc)); !ok {
		return fmt.Sprintf("unknown reporter %q %q %q", t.get(c.repISO), t.get(c.repCode), t.get(c.repDesc)), "reporterISO"
	}
	if r.Partner, r.PartnerName, ok = comtradeArea(t.get(c.parISO), t.get(c.parCode), t.get(c.parDesc)); !ok {
		return fmt.Sprintf("unknown partner %q %q %q", t.get(c.parISO), t.get(c.parCode), t.get(c.parDesc)), "partnerISO"
	}
	flow := t.get(c.flowCode)
	if flow == "" {
		flow = t.get(c.flowDesc)
	}
	f, err := parseFlow(flow)
	if err != nil {
		return err.Error(), "flowCode"
	}
	r.Flow = f
	// The period: "period" (2019 or 201908), else refYear and refMonth
	// (52 for a year).
	p := t.get(c.period)
	if p == "" {
		p = t.get(c.year)
		if m := t.get(c.month); m != "" && m != "52" && m != "0" {
			p += fmt.Sprintf("M%02s", m)
		}
	}
	if r.Period, err = ParsePeriod(p); err != nil {
		return err.Error(), "period"
	}
	switch strings.ToUpper(t.get(c.freq)) {
	case "A":
		if !r.Period.Annual() {
			return fmt.Sprintf("freqCode A with the monthly period %q", p), "period"
		}
	case "M":
		if r.Period.Annual() {
			return fmt.Sprintf("freqCode M with the annual period %q", p), "period"
		}
	}
	cmd := t.get(c.cmd)
	switch {
	case strings.EqualFold(cmd, "total"):
		r.HS = Total
	case isDigits(cmd) && len(cmd) >= 2 && len(cmd) <= 10:
		r.HS = cmd
	default:
		return fmt.Sprintf("cmdCode %q is neither TOTAL nor an HS code", cmd), "cmdCode"
	}
	r.ProductName = t.get(c.cmdDesc)
	r.Procedure = Total
	var parts []string
	if v := t.get(c.customs); v != "" && v != "C00" {
		parts = append(parts, "customs="+v)
	}
	if v := t.get(c.mot); v != "" && v != "0" {
		parts = append(parts, "mot="+v)
	}
	if v := t.get(c.par2); v != "" && v != "0" {
		parts = append(parts, "partner2="+v)
	}
	if len(parts) > 0 {
		r.Procedure = strings.Join(parts, ";")
	}
	valueCol, valueName := c.primary, "primaryValue"
	if t.get(valueCol) == "" {
		// primaryValue is FOB for exports, CIF for imports.
		valueCol, valueName = c.fob, "fobvalue"
		if r.Flow == Import || r.Flow == ReImport {
			valueCol, valueName = c.cif, "cifvalue"
		}
	}
	v, err := number(t.get(valueCol))
	if err != nil {
		return "value " + err.Error(), valueName
	}
	if v < 0 {
		return fmt.Sprintf("negative value %v", v), valueName
	}
	r.Value = v
	if s := t.get(c.qty); s != "" {
		if q, err := number(s); err == nil {
			r.Quantity, r.QuantityUnit = &q, t.get(c.qtyUnit)
		}
	}
	if s := t.get(c.netWgt); s != "" {
		if q, err := number(s); err == nil {
			r.NetMass = &q
		}
	}
	return "", ""
}

// comtradeArea maps Comtrade's ISO alpha-3 code (W00 for the world), its
// numeric code or, failing both, its description.
func comtradeArea(iso, code, desc string) (string, string, bool) {
	name := desc
	if name == "" {
		name = iso
	}
	if iso != "" {
		if c, ok := areaCode(strings.ToUpper(iso)); ok {
			return c, name, true
		}
	}
	if code != "" {
		if c, ok := areaCode(code); ok && !isDigits(c) {
			return c, name, true
		}
	}
	if desc != "" {
		if c, _, ok := Area(desc); ok {
			return c, name, true
		}
	}
	return "", name, false
}
