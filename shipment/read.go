package shipment

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/redline-sanctions/redline/internal/delim"
	"github.com/redline-sanctions/redline/internal/readlimit"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"

	"github.com/redline-sanctions/redline/internal/country"
	"github.com/redline-sanctions/redline/source"
)

// The fields a column can map to. A party field is the role followed by
// "", "_country", "_address" or "_incorporated", e.g. "consignee_country".
const (
	FieldID          = "shipment_id"
	FieldHSCode      = "hs_code"
	FieldDescription = "description"
	FieldQuantity    = "quantity"
	FieldValue       = "value"
	FieldCurrency    = "currency"
	FieldDate        = "date"
	FieldOrigin      = "origin"
	FieldDestination = "destination"
	FieldRoute       = "route"
	FieldPlanted     = "planted"
)

// partySuffixes are the party field suffixes and the header words that
// name them after a role word ("Exporter Country", "buyer_address").
var partySuffixes = map[string][]string{
	"":              {"", "name", "company", "companyname", "наименование", "название", "名称"},
	"_country":      {"country", "countrycode", "ctry", "страна", "国家", "国别"},
	"_address":      {"address", "addr", "адрес", "地址"},
	"_incorporated": {"incorporated", "incorporationdate", "incorporation", "registrationdate", "registered", "founded", "established", "датарегистрации", "成立日期", "注册日期"},
}

// roleWords are the header words that name each party role.
var roleWords = map[Role][]string{
	Shipper:   {"shipper", "exporter", "seller", "supplier", "consignor", "sender", "vendor", "отправитель", "грузоотправитель", "экспортер", "экспортёр", "продавец", "поставщик", "发货人", "出口商", "卖方", "供应商"},
	Consignee: {"consignee", "importer", "buyer", "receiver", "recipient", "получатель", "грузополучатель", "импортер", "импортёр", "покупатель", "收货人", "进口商", "买方"},
	Notify:    {"notify", "notifyparty", "уведомляемаясторона", "通知人"},
	EndUser:   {"enduser", "finaluser", "ultimateconsignee", "конечныйпользователь", "最终用户"},
}

// roleGenitive are the Russian genitive forms of the role words, for
// headers such as "Страна получателя" (country of the consignee), where
// the field word comes first.
var roleGenitive = map[Role][]string{
	Shipper:   {"отправителя", "грузоотправителя", "экспортера", "экспортёра", "продавца", "поставщика", "shipper", "exporter", "seller", "supplier"},
	Consignee: {"получателя", "грузополучателя", "импортера", "импортёра", "покупателя", "consignee", "importer", "buyer"},
	EndUser:   {"конечногопользователя", "enduser"},
}

// fieldWords are the header words of the other fields.
var fieldWords = map[string][]string{
	FieldID:          {"shipmentid", "id", "recordid", "declarationnumber", "declarationno", "declarationid", "billoflading", "bol", "blnumber", "manifestid", "entrynumber", "номердекларации", "номердт", "报关单号"},
	FieldHSCode:      {"hscode", "hs", "hts", "htscode", "hsn", "tnved", "тнвэд", "кодтнвэд", "commoditycode", "tariffcode", "harmonizedcode", "商品编码", "hs编码", "海关编码"},
	FieldDescription: {"description", "goodsdescription", "goods", "product", "productdescription", "commodity", "commoditydescription", "item", "itemdescription", "описание", "описаниетовара", "наименованиетовара", "товар", "商品名称", "品名", "货物描述"},
	FieldQuantity:    {"quantity", "qty", "количество", "数量"},
	FieldValue:       {"value", "amount", "invoicevalue", "totalvalue", "valueusd", "usdvalue", "customsvalue", "fobvalue", "стоимость", "таможеннаястоимость", "金额", "总价"},
	FieldCurrency:    {"currency", "curr", "валюта", "币制", "币种"},
	FieldDate:        {"date", "shipmentdate", "arrivaldate", "departuredate", "declarationdate", "shipdate", "дата", "日期"},
	FieldOrigin:      {"origin", "origincountry", "countryoforigin", "departurecountry", "exportcountry", "countryofexport", "странапроисхождения", "странаотправления", "原产国", "启运国"},
	FieldDestination: {"destination", "destinationcountry", "countryofdestination", "importcountry", "countryofimport", "странаназначения", "目的国", "运抵国"},
	FieldRoute:       {"route", "transit", "via", "transitcountries", "transitcountry", "transshipment", "routing", "маршрут", "транзит", "途经国"},
	FieldPlanted:     {"planted"},
}

// headerIndex maps a folded header word to its field.
var headerIndex = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for f, words := range fieldWords {
		for _, w := range words {
			m[w] = f
		}
	}
	for role, words := range roleWords {
		for _, w := range words {
			for suffix, sw := range partySuffixes {
				for _, s := range sw {
					m[w+s] = string(role) + suffix
				}
			}
		}
	}
	for role, words := range roleGenitive {
		for _, w := range words {
			for suffix, sw := range partySuffixes {
				for _, s := range sw {
					if s != "" {
						m[s+w] = string(role) + suffix
					}
				}
			}
		}
	}
	return m
})

// Fields returns every field name a column can be mapped to, sorted.
func Fields() []string {
	seen := map[string]bool{}
	for _, f := range headerIndex() {
		seen[f] = true
	}
	out := make([]string, 0, len(seen))
	for f := range seen {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

// foldHeader folds a header for lookup: lower case, letters and digits only,
// so "Consignee Country", "consignee_country" and "CONSIGNEE-COUNTRY" are one.
func foldHeader(h string) string {
	var b strings.Builder
	for _, r := range strings.TrimPrefix(h, "\ufeff") {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// ReadOptions configure reading a shipment file. The zero value recognises
// the columns by their headers and the format by the file name.
type ReadOptions struct {
	// Mapping maps a field (see Fields) to the header of the column that
	// holds it, overriding recognition: {"consignee": "Buyer Name"}.
	Mapping map[string]string
	// Format is "csv", "jsonl" or "parquet"; "" guesses from the file
	// name (.csv, .tsv, .jsonl, .ndjson, .json, .parquet) and content.
	Format string
	// MaxLine is the longest line accepted, in bytes (default 1 MiB). A
	// longer JSON line is skipped and reported; a longer CSV line stops
	// the read with an error.
	MaxLine int
	// Problem, when set, is called with every problem as it is found,
	// skipped records and warnings alike, also past the 1000 the report
	// keeps (bulk pipelines write each skipped record to a dead-letter
	// output).
	Problem func(source.Problem)
}

// ParseMapping parses "field=Header Name" pairs (the --map flag).
func ParseMapping(pairs []string) (map[string]string, error) {
	m := map[string]string{}
	known := Fields()
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" || strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("shipment: mapping %q: want field=Header", p)
		}
		if !slices.Contains(known, k) {
			return nil, fmt.Errorf("shipment: mapping %q: unknown field %q (known: %s)", p, k, strings.Join(known, ", "))
		}
		m[k] = strings.TrimSpace(v)
	}
	return m, nil
}

// columns maps column positions (or keys) to fields.
type columns struct {
	byFold map[string]string // folded header -> field
}

func newColumns(mapping map[string]string) *columns {
	c := &columns{byFold: map[string]string{}}
	for k, v := range headerIndex() {
		c.byFold[k] = v
	}
	for field, header := range mapping {
		// The override wins: drop the recognised meaning of that header and
		// any other header recognised as the same field.
		for k, f := range c.byFold {
			if f == field {
				delete(c.byFold, k)
			}
		}
		c.byFold[foldHeader(header)] = field
	}
	return c
}

func (c *columns) field(header string) string { return c.byFold[foldHeader(header)] }

// ErrNoColumns is returned when a file has no column recognised as a party
// or as goods.
var ErrNoColumns = errors.New("no party or goods column recognised")

// Read reads the shipment file at path and calls emit for each record in
// file order. Records that cannot be read are counted in the report's
// Skipped with a positioned Problem, and reading goes on. An error means the
// file as a whole could not be read (or emit failed); the report holds what
// was counted until then.
func Read(ctx context.Context, path string, opts ReadOptions, emit func(*Shipment) error) (*source.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return &source.Report{Files: []string{path}}, fmt.Errorf("shipment: %w", err)
	}
	defer f.Close()
	format := opts.Format
	if format == "" {
		format = guessFormat(path, f)
	}
	switch format {
	case "csv", "tsv":
		return ReadCSV(ctx, f, path, opts, emit)
	case "jsonl", "json", "ndjson":
		return ReadJSONL(ctx, f, path, opts, emit)
	case "parquet":
		st, err := f.Stat()
		if err != nil {
			return &source.Report{Files: []string{path}}, fmt.Errorf("shipment: %w", err)
		}
		return ReadParquet(ctx, f, st.Size(), path, opts, emit)
	}
	return &source.Report{Files: []string{path}}, fmt.Errorf("shipment: %s: unknown format %q (want csv, jsonl or parquet)", path, format)
}

func guessFormat(path string, f *os.File) string {
	switch strings.ToLower(filepath.Ext(strings.TrimSuffix(path, ".gz"))) {
	case ".csv", ".tsv", ".txt":
		return "csv"
	case ".jsonl", ".ndjson", ".json":
		return "jsonl"
	case ".parquet", ".pq":
		return "parquet"
	}
	head := make([]byte, 512)
	n, _ := f.ReadAt(head, 0)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("PAR1")):
		return "parquet"
	case bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n\ufeff"), []byte("{")):
		return "jsonl"
	}
	return "csv"
}

// builder turns field values into a Shipment and records field problems.
type builder struct {
	file      string
	report    *source.Report
	countries map[string]string
	onProblem func(source.Problem)
}

func newBuilder(file, format string, opts ReadOptions) *builder {
	return &builder{
		onProblem: opts.Problem,
		file:      file,
		report:    &source.Report{Format: format, Files: []string{file}},
		countries: map[string]string{},
	}
}

func (b *builder) problem(line int, field, reason string, skipped bool) {
	if skipped {
		b.report.Skipped++
	}
	p := source.Problem{File: b.file, Line: line, Field: field, Reason: reason, Skipped: skipped}
	if b.onProblem != nil {
		b.onProblem(p)
	}
	// Keep the report bounded on a file full of bad rows; the count stays
	// exact.
	if len(b.report.Problems) < 1000 {
		b.report.Problems = append(b.report.Problems, p)
	}
}

// localCountries are Russian and Chinese country names, as Russian and
// Chinese customs records write them, that internal/country (built for the
// lists' English and French spellings) does not know.
var localCountries = map[string]string{
	"россия": "RU", "рф": "RU", "российская федерация": "RU", "беларусь": "BY", "белоруссия": "BY", "республика беларусь": "BY",
	"китай": "CN", "кнр": "CN", "гонконг": "HK", "макао": "MO", "казахстан": "KZ", "киргизия": "KG", "кыргызстан": "KG",
	"армения": "AM", "грузия": "GE", "узбекистан": "UZ", "таджикистан": "TJ", "турция": "TR", "оаэ": "AE",
	"объединенные арабские эмираты": "AE", "германия": "DE", "великобритания": "GB", "сша": "US", "индия": "IN",
	"сербия": "RS", "сингапур": "SG", "тайвань": "TW", "израиль": "IL", "мексика": "MX", "бразилия": "BR", "юар": "ZA",
	"никарагуа": "NI", "япония": "JP", "корея": "KR", "южная корея": "KR", "франция": "FR", "италия": "IT",
	"нидерланды": "NL", "польша": "PL", "финляндия": "FI", "эстония": "EE", "латвия": "LV", "литва": "LT",
	"монголия": "MN", "вьетнам": "VN", "малайзия": "MY", "таиланд": "TH", "азербайджан": "AZ", "иран": "IR",
	"中国": "CN", "中华人民共和国": "CN", "俄罗斯": "RU", "俄罗斯联邦": "RU", "白俄罗斯": "BY", "香港": "HK", "中国香港": "HK",
	"澳门": "MO", "哈萨克斯坦": "KZ", "吉尔吉斯斯坦": "KG", "亚美尼亚": "AM", "格鲁吉亚": "GE", "乌兹别克斯坦": "UZ",
	"塔吉克斯坦": "TJ", "土耳其": "TR", "阿联酋": "AE", "阿拉伯联合酋长国": "AE", "德国": "DE", "英国": "GB", "美国": "US",
	"印度": "IN", "新加坡": "SG", "台湾": "TW", "中国台湾": "TW", "日本": "JP", "韩国": "KR", "蒙古": "MN", "越南": "VN",
	"马来西亚": "MY", "泰国": "TH", "塞尔维亚": "RS", "以色列": "IL", "墨西哥": "MX", "巴西": "BR", "南非": "ZA",
}

// country returns the ISO code of a country value, or the value itself
// (trimmed) when it is not recognised.
func (b *builder) country(v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	if c, ok := b.countries[v]; ok {
		return c
	}
	c, ok := country.Code(v)
	if !ok {
		c, ok = localCountries[strings.ToLower(v)]
	}
	if !ok {
		c = v
	}
	if len(b.countries) < 10000 {
		b.countries[v] = c
	}
	return c
}

// set stores one field value in s.
func (b *builder) set(s *Shipment, line int, field, v string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return
	}
	switch field {
	case FieldID:
		s.ID = v
	case FieldHSCode:
		s.HSCode = v
	case FieldDescription:
		s.Description = v
	case FieldQuantity:
		s.Quantity = v
	case FieldValue:
		f, err := parseNumber(v)
		if err == nil && (math.IsNaN(f) || math.IsInf(f, 0)) {
			err = errors.New("not finite")
		}
		if err != nil {
			b.problem(line, field, fmt.Sprintf("value %q is not a number", v), false)
			return
		}
		s.Value = f
	case FieldCurrency:
		s.Currency = strings.ToUpper(v)
	case FieldDate:
		s.Date = v
	case FieldOrigin:
		s.Origin = b.country(v)
	case FieldDestination:
		s.Destination = b.country(v)
	case FieldRoute:
		for _, c := range splitRoute(v) {
			s.Route = append(s.Route, b.country(c))
		}
	case FieldPlanted:
		s.Planted = v
	default:
		role, suffix := splitPartyField(field)
		if role == "" {
			return
		}
		p := partyOf(s, role)
		switch suffix {
		case "":
			p.Name = v
		case "_country":
			p.Country = b.country(v)
		case "_address":
			p.Address = v
		case "_incorporated":
			d, ok := parseDate(v)
			if !ok {
				b.problem(line, field, fmt.Sprintf("incorporation date %q not understood", v), false)
				return
			}
			p.Incorporated = d
		}
	}
}

func splitPartyField(field string) (Role, string) {
	for _, r := range Roles {
		if rest, ok := strings.CutPrefix(field, string(r)); ok {
			if _, known := partySuffixes[rest]; known {
				return r, rest
			}
		}
	}
	return "", ""
}

// partyOf returns the party of a role, adding it in role order.
func partyOf(s *Shipment, role Role) *Party {
	if p := s.Party(role); p != nil {
		return p
	}
	s.Parties = append(s.Parties, Party{Role: role})
	slices.SortStableFunc(s.Parties, func(a, b Party) int {
		return slices.Index(Roles, a.Role) - slices.Index(Roles, b.Role)
	})
	return s.Party(role)
}

// finish validates a built record; it reports whether to emit it.
func (b *builder) finish(s *Shipment) bool {
	// Parties with only a country or address but no name are dropped
	// from screening but keep their country for the route rules.
	named := 0
	for _, p := range s.Parties {
		if p.Name != "" {
			named++
		}
	}
	if named == 0 && s.HSCode == "" && s.Description == "" {
		b.problem(s.Line, "", "record names no party and no goods", true)
		return false
	}
	if s.ID == "" {
		s.ID = "line-" + strconv.Itoa(s.Line)
	}
	b.report.Records++
	return true
}

func splitRoute(v string) []string {
	v = strings.NewReplacer("->", ";", "→", ";", "—", ";", ">", ";", "|", ";", "/", ";", ",", ";").Replace(v)
	var out []string
	for _, p := range strings.Split(v, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseNumber reads an amount written the English way ("1,200.50") or the
// continental way ("1 200,50", "1.200,50").
func parseNumber(v string) (float64, error) {
	v = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' || r == '$' || r == '_' || r == '\'' {
			return -1
		}
		return r
	}, v)
	dot, comma := strings.LastIndexByte(v, '.'), strings.LastIndexByte(v, ',')
	switch {
	case comma > dot && (dot >= 0 || len(v)-comma-1 != 3):
		// The comma is the decimal separator.
		v = strings.ReplaceAll(v[:comma], ".", "") + "." + v[comma+1:]
	default:
		v = strings.ReplaceAll(v, ",", "")
	}
	return strconv.ParseFloat(v, 64)
}

var dateLayouts = []string{"2006-01-02", "2006/01/02", "02.01.2006", "2006-01-02T15:04:05Z07:00", "2 Jan 2006", "02 Jan 2006", "January 2, 2006", "20060102"}

// parseDate reads a date in a common layout (or a bare year) and returns it
// as YYYY-MM-DD.
func parseDate(v string) (string, bool) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	if len(v) == 4 {
		if y, err := strconv.Atoi(v); err == nil && y > 1800 && y < 2200 {
			return v + "-01-01", true
		}
	}
	return "", false
}

// ErrLineTooLong is wrapped by the error for a CSV line longer than
// MaxLine.
var ErrLineTooLong = readlimit.ErrLineTooLong

func maxLine(o ReadOptions) int {
	if o.MaxLine > 0 {
		return o.MaxLine
	}
	return 1 << 20
}

// ReadCSV reads a CSV (or tab- or semicolon-separated) shipment file whose
// first line is a header. name is used in problems and errors.
func ReadCSV(ctx context.Context, r io.Reader, name string, opts ReadOptions, emit func(*Shipment) error) (*source.Report, error) {
	b := newBuilder(name, "csv", opts)
	br := bufio.NewReaderSize(&readlimit.Lines{R: r, Max: maxLine(opts), Err: ErrLineTooLong}, 64<<10)
	head, _ := br.Peek(4096)
	cr := csv.NewReader(br)
	cr.Comma = delim.Sniff(head)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return b.report, fmt.Errorf("shipment: %s: empty file, no header", name)
		}
		return b.report, fmt.Errorf("shipment: %s:1: reading header: %w", name, err)
	}
	cols := newColumns(opts.Mapping)
	fields := make([]string, len(header))
	recognised := false
	for i, h := range header {
		fields[i] = cols.field(h)
		if fields[i] != "" && fields[i] != FieldID && fields[i] != FieldPlanted {
			recognised = true
		}
	}
	if !recognised || !validUTF8(header) {
		return b.report, fmt.Errorf("shipment: %s:1: %w (headers: %q)", name, ErrNoColumns, header)
	}
	errRun := 0
	for {
		if err := ctx.Err(); err != nil {
			return b.report, err
		}
		rec, err := cr.Read()
		if err == io.EOF {
			return b.report, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(err, ErrLineTooLong) {
				b.problem(pe.StartLine, "", pe.Err.Error(), true)
				if errRun++; errRun > 1000 {
					return b.report, fmt.Errorf("shipment: %s:%d: too many malformed rows in a row, giving up: %w", name, pe.Line, err)
				}
				continue
			}
			return b.report, fmt.Errorf("shipment: %s:%d: %w", name, line, err)
		}
		errRun = 0
		if len(rec) != len(header) {
			b.problem(line, "", fmt.Sprintf("%d fields, header has %d", len(rec), len(header)), true)
			continue
		}
		if !validUTF8(rec) {
			b.problem(line, "", "invalid UTF-8", true)
			continue
		}
		s := &Shipment{Line: line}
		for i, v := range rec {
			if fields[i] != "" {
				b.set(s, line, fields[i], v)
			}
		}
		if !b.finish(s) {
			continue
		}
		if err := emit(s); err != nil {
			return b.report, err
		}
	}
}

func validUTF8(rec []string) bool {
	for _, v := range rec {
		if !utf8.ValidString(v) {
			return false
		}
	}
	return true
}

// ReadJSONL reads a JSON lines shipment file: one object a line whose keys
// are headers as in a CSV file; a route may be an array.
func ReadJSONL(ctx context.Context, r io.Reader, name string, opts ReadOptions, emit func(*Shipment) error) (*source.Report, error) {
	b := newBuilder(name, "jsonl", opts)
	cols := newColumns(opts.Mapping)
	keyField := map[string]string{}
	max := maxLine(opts)
	// Slack -1: a line may be max bytes with its newline.
	sc := &readlimit.Scanner{R: bufio.NewReaderSize(r, 64<<10), Max: max, Slack: -1}
	recognisedAny := false
	for {
		if err := ctx.Err(); err != nil {
			return b.report, err
		}
		buf, err := sc.Next()
		line := sc.Line()
		switch {
		case errors.Is(err, readlimit.ErrLineTooLong):
			b.problem(line, "", fmt.Sprintf("line longer than %d bytes", max), true)
			continue
		case err != nil && err != io.EOF:
			return b.report, fmt.Errorf("shipment: %s:%d: %w", name, line+1, err)
		}
		if t := bytes.TrimSpace(buf); len(t) > 0 {
			if s, ok := b.jsonRecord(t, line, cols, keyField, &recognisedAny); ok {
				if err := emit(s); err != nil {
					return b.report, err
				}
			}
		}
		if err == io.EOF {
			if b.report.Records == 0 && b.report.Skipped > 0 && !recognisedAny {
				return b.report, fmt.Errorf("shipment: %s: %w", name, ErrNoColumns)
			}
			return b.report, nil
		}
	}
}

func (b *builder) jsonRecord(t []byte, line int, cols *columns, keyField map[string]string, recognised *bool) (*Shipment, bool) {
	if !utf8.Valid(t) {
		b.problem(line, "", "invalid UTF-8", true)
		return nil, false
	}
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(t))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		b.problem(line, "", "not a JSON object: "+err.Error(), true)
		return nil, false
	}
	if dec.More() {
		b.problem(line, "", "more than one JSON value on the line", true)
		return nil, false
	}
	s := &Shipment{Line: line}
	for k, v := range obj {
		f, ok := keyField[k]
		if !ok {
			f = cols.field(k)
			if len(keyField) < 1000 {
				keyField[k] = f
			}
		}
		if f == "" {
			continue
		}
		*recognised = true
		switch v := v.(type) {
		case string:
			b.set(s, line, f, v)
		case json.Number:
			b.set(s, line, f, v.String())
		case bool:
			b.set(s, line, f, strconv.FormatBool(v))
		case nil:
		case []any:
			parts := make([]string, 0, len(v))
			for _, x := range v {
				if str, ok := x.(string); ok {
					parts = append(parts, str)
				}
			}
			b.set(s, line, f, strings.Join(parts, ";"))
		default:
			b.problem(line, f, fmt.Sprintf("key %q holds an object, want a string", k), false)
		}
	}
	return s, b.finish(s)
}

// ReadParquet reads a flat Parquet shipment file whose column names are
// headers as in a CSV file. Rows are numbered from 1 in problems.
func ReadParquet(ctx context.Context, r io.ReaderAt, size int64, name string, opts ReadOptions, emit func(*Shipment) error) (rep *source.Report, err error) {
	b := newBuilder(name, "parquet", opts)
	defer func() {
		// parquet-go panics on some corrupt files; turn that into an error.
		if p := recover(); p != nil {
			rep, err = b.report, fmt.Errorf("shipment: %s: corrupt parquet file: %v", name, p)
		}
	}()
	pf, err := parquet.OpenFile(r, size)
	if err != nil {
		return b.report, fmt.Errorf("shipment: %s: %w", name, err)
	}
	cols := newColumns(opts.Mapping)
	var fields []string
	recognised := false
	for _, path := range pf.Schema().Columns() {
		f := ""
		if len(path) == 1 {
			f = cols.field(path[0])
		}
		fields = append(fields, f)
		if f != "" && f != FieldID && f != FieldPlanted {
			recognised = true
		}
	}
	if !recognised {
		return b.report, fmt.Errorf("shipment: %s: %w (columns: %q)", name, ErrNoColumns, pf.Schema().Columns())
	}
	pr := parquet.NewReader(pf)
	defer pr.Close()
	rows := make([]parquet.Row, 256)
	n := 0
	for {
		if err := ctx.Err(); err != nil {
			return b.report, err
		}
		k, rerr := pr.ReadRows(rows)
		for _, row := range rows[:k] {
			n++
			s := &Shipment{Line: n}
			bad := false
			for _, v := range row {
				c := v.Column()
				if c < 0 || c >= len(fields) || fields[c] == "" || v.IsNull() {
					continue
				}
				str := v.String()
				if !utf8.ValidString(str) {
					bad = true
					break
				}
				b.set(s, n, fields[c], str)
			}
			if bad {
				b.problem(n, "", "invalid UTF-8", true)
				continue
			}
			if !b.finish(s) {
				continue
			}
			if err := emit(s); err != nil {
				return b.report, err
			}
		}
		if rerr == io.EOF {
			return b.report, nil
		}
		if rerr != nil {
			return b.report, fmt.Errorf("shipment: %s: row %d: %w", name, n+1, rerr)
		}
	}
}
