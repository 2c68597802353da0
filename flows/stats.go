package flows

import (
	"bufio"
	"cmp"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redline-sanctions/redline/source"
	"github.com/redline-sanctions/redline/trade"
)

// The statistics table: one row per figure (reporter, partner, flow, HS
// code, statistical procedure, period, currency), with the file and line it
// was read from. Month 0 is a whole year. Re-importing a figure replaces
// it (INSERT OR REPLACE on the primary key), so importing a file twice, or
// two downloads of the same extract, never doubles a value.
const statsSchema = `
CREATE TABLE IF NOT EXISTS trade_stats (
	reporter      VARCHAR NOT NULL,
	partner       VARCHAR NOT NULL,
	flow          VARCHAR NOT NULL,
	hs            VARCHAR NOT NULL,
	procedure     VARCHAR NOT NULL,
	year          INTEGER NOT NULL,
	month         INTEGER NOT NULL,
	currency      VARCHAR NOT NULL,
	value         DOUBLE  NOT NULL,
	quantity      DOUBLE,
	quantity_unit VARCHAR,
	net_mass      DOUBLE,
	reporter_name VARCHAR NOT NULL,
	partner_name  VARCHAR NOT NULL,
	product_name  VARCHAR NOT NULL,
	format        VARCHAR NOT NULL,
	file          VARCHAR NOT NULL,
	line          INTEGER NOT NULL,
	imported_at   TIMESTAMP NOT NULL,
	PRIMARY KEY (reporter, partner, flow, hs, procedure, year, month, currency)
)`

const statsColumns = "reporter, partner, flow, hs, procedure, year, month, currency, value, quantity, quantity_unit, net_mass, reporter_name, partner_name, product_name, format, file, line, imported_at"

// StatsImport tells what ImportStats read and stored.
type StatsImport struct {
	// Files are the reports of the files read, in order; Failed the
	// files that could not be read at all (nothing of them is stored).
	Files  []trade.Report `json:"files"`
	Failed []FailedFile   `json:"failed,omitempty"`
	// Ignored are files found in folders that are not data files (by
	// their extension: README.md, LICENSE).
	Ignored []string `json:"ignored,omitempty"`
	// Records counts the figures read, Stored those written, Replaced
	// those among them that replaced a figure already in the store (a
	// re-import), Repeated the figures read twice in this import (the
	// later one is stored; each is a problem of its file).
	Records  int `json:"records"`
	Stored   int `json:"stored"`
	Replaced int `json:"replaced"`
	Repeated int `json:"repeated"`
	Skipped  int `json:"skipped"`
	// Coverage says which periods each reporter's figures cover.
	Coverage []Coverage `json:"coverage"`
}

// FailedFile is a file that could not be read.
type FailedFile struct {
	File  string `json:"file"`
	Error string `json:"error"`
}

// Coverage is the periods of one reporter's figures for one flow.
type Coverage struct {
	Reporter string     `json:"reporter"`
	Flow     trade.Flow `json:"flow"`
	Currency string     `json:"currency"`
	// Months are runs of consecutive months ("2019-01..2024-08"), Years
	// the whole years with an annual figure.
	Months  []string `json:"months,omitempty"`
	Years   []int    `json:"years,omitempty"`
	Figures int      `json:"figures"`
}

// String writes "EU27 export (EUR): months 2019-01..2024-08 (68); years 2019-2023".
func (c Coverage) String() string {
	var parts []string
	if len(c.Months) > 0 {
		parts = append(parts, "months "+strings.Join(c.Months, ", "))
	}
	if len(c.Years) > 0 {
		var ys []string
		for _, r := range runs(c.Years) {
			if r[0] == r[1] {
				ys = append(ys, fmt.Sprint(r[0]))
			} else {
				ys = append(ys, fmt.Sprintf("%d-%d", r[0], r[1]))
			}
		}
		parts = append(parts, "years "+strings.Join(ys, ", "))
	}
	return fmt.Sprintf("%s %s (%s, %d figures): %s", c.Reporter, c.Flow, c.Currency, c.Figures, strings.Join(parts, "; "))
}

// runs groups sorted integers into runs of consecutive values.
func runs(xs []int) [][2]int {
	var out [][2]int
	for _, x := range xs {
		if n := len(out); n > 0 && out[n-1][1]+1 == x {
			out[n-1][1] = x
			continue
		}
		out = append(out, [2]int{x, x})
	}
	return out
}

// IsStatsFile reports whether a file met in a folder is read as a
// statistics file, by its extension (.csv, .tsv, .txt, gzipped or not).
func IsStatsFile(name string) bool { return dataFile(name) }

// dataFile reports whether a file met in a folder is a statistics file by
// its extension.
func dataFile(name string) bool {
	name = strings.TrimSuffix(strings.ToLower(name), ".gz")
	switch filepath.Ext(name) {
	case ".csv", ".tsv", ".txt":
		return true
	}
	return false
}

func (db *DB) statsTable(ctx context.Context) error {
	if db.sql == nil {
		return ErrNeedsCgo
	}
	if _, err := db.sql.ExecContext(ctx, statsSchema); err != nil {
		return fmt.Errorf("flows: creating trade_stats: %w", err)
	}
	return nil
}

type statKey struct {
	reporter, partner, hs, procedure, currency string
	flow                                       trade.Flow
	period                                     trade.Period
}

// fileRead is what reading one file gave.
type fileRead struct {
	rep  *trade.Report
	recs []trade.Record
	err  error
}

type statPos struct {
	file  string
	line  int
	value float64
}

// ImportStats reads trade statistics files (Comext, Comtrade; detected by
// trade.Detect) and stores their figures in one transaction. paths are
// files or folders (read recursively; there only .csv, .tsv and .txt
// files, gzipped or not). A file that cannot be read at all is listed in
// Failed and contributes nothing; the others are stored. The returned
// error is for the store, not for the files.
func (db *DB) ImportStats(ctx context.Context, paths []string) (*StatsImport, error) {
	if err := db.statsTable(ctx); err != nil {
		return nil, err
	}
	res := &StatsImport{}
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			res.Failed = append(res.Failed, FailedFile{p, err.Error()})
			continue
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		// The separator makes WalkDir follow a root that is a symbolic
		// link to a folder.
		err = filepath.WalkDir(p+string(filepath.Separator), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() {
				if dataFile(d.Name()) {
					files = append(files, path)
				} else {
					res.Ignored = append(res.Ignored, path)
				}
			}
			return nil
		})
		if err != nil {
			res.Failed = append(res.Failed, FailedFile{p, err.Error()})
		}
	}

	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("flows: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("flows: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE trade_stats_new AS SELECT * FROM trade_stats LIMIT 0`); err != nil {
		return nil, fmt.Errorf("flows: %w", err)
	}
	// The figures go through a CSV file that DuckDB reads in one
	// statement: binding them as parameters costs ten times more.
	tmp, err := os.CreateTemp("", "redline-flows-*.csv")
	if err != nil {
		return nil, fmt.Errorf("flows: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	bw := bufio.NewWriterSize(tmp, 256<<10)
	cw := csv.NewWriter(bw)
	seen := map[statKey]statPos{}
	cover := map[[3]string]map[trade.Period]bool{}
	counts := map[[3]string]int{}
	now := time.Now().UTC().Format("2006-01-02 15:04:05")
	row := make([]string, 19)
	// The files are read two at a time, their figures kept in order.
	reads := make([]fileRead, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(2, len(files)) {
		wg.Go(func() {
			for i := range next {
				r := &reads[i]
				r.rep, r.err = trade.ReadFile(ctx, files[i], func(rec trade.Record) error {
					r.recs = append(r.recs, rec)
					return nil
				})
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i, path := range files {
		abs, err := filepath.Abs(path)
		if err != nil {
			abs = path
		}
		rep, recs := reads[i].rep, reads[i].recs
		if err := reads[i].err; err != nil {
			res.Failed = append(res.Failed, FailedFile{path, err.Error()})
			continue
		}
		res.Files = append(res.Files, *rep)
		frep := &res.Files[len(res.Files)-1]
		res.Skipped += rep.Skipped
		for _, r := range recs {
			res.Records++
			k := statKey{r.Reporter, r.Partner, r.HS, r.Procedure, r.Currency, r.Flow, r.Period}
			if prev, ok := seen[k]; ok {
				res.Repeated++
				frep.Problems = append(frep.Problems, source.Problem{File: path, Line: r.Line,
					Reason: fmt.Sprintf("repeats the figure of %s:%d (%s %s %s %s %s: %.2f there, %.2f here); this one is stored",
						prev.file, prev.line, r.Reporter, r.Partner, r.Flow, r.HS, r.Period, prev.value, r.Value)})
			}
			seen[k] = statPos{path, r.Line, r.Value}
			ck := [3]string{r.Reporter, string(r.Flow), r.Currency}
			counts[ck]++
			if cover[ck] == nil {
				cover[ck] = map[trade.Period]bool{}
			}
			cover[ck][r.Period] = true
			row = append(row[:0], r.Reporter, r.Partner, string(r.Flow), r.HS, r.Procedure, strconv.Itoa(r.Period.Year), strconv.Itoa(r.Period.Month), r.Currency,
				strconv.FormatFloat(r.Value, 'g', -1, 64), nullText(r.Quantity), cmp.Or(r.QuantityUnit, nullCSV), nullText(r.NetMass),
				r.ReporterName, r.PartnerName, r.ProductName, r.Format, abs, strconv.Itoa(r.Line), now)
			if err := cw.Write(row); err != nil {
				return nil, fmt.Errorf("flows: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cmp.Or(cw.Error(), bw.Flush(), tmp.Close()); err != nil {
		return nil, fmt.Errorf("flows: %w", err)
	}
	load := `INSERT INTO trade_stats_new SELECT * FROM read_csv(` + sqlString(tmp.Name()) + `, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '` + nullCSV + `',
		columns = {'reporter': 'VARCHAR', 'partner': 'VARCHAR', 'flow': 'VARCHAR', 'hs': 'VARCHAR', 'procedure': 'VARCHAR',
			'year': 'INTEGER', 'month': 'INTEGER', 'currency': 'VARCHAR', 'value': 'DOUBLE', 'quantity': 'DOUBLE', 'quantity_unit': 'VARCHAR',
			'net_mass': 'DOUBLE', 'reporter_name': 'VARCHAR', 'partner_name': 'VARCHAR', 'product_name': 'VARCHAR', 'format': 'VARCHAR',
			'file': 'VARCHAR', 'line': 'INTEGER', 'imported_at': 'TIMESTAMP'})`
	if res.Records > 0 {
		if _, err := tx.ExecContext(ctx, load); err != nil {
			return nil, fmt.Errorf("flows: storing: %w", err)
		}
	}
	// A figure read twice: the later row (the last file, the last line)
	// is stored.
	const dedup = `CREATE OR REPLACE TEMP TABLE trade_stats_new AS
		SELECT * FROM trade_stats_new
		QUALIFY row_number() OVER (PARTITION BY reporter, partner, flow, hs, procedure, year, month, currency ORDER BY rowid DESC) = 1`
	if res.Repeated > 0 {
		if _, err := tx.ExecContext(ctx, dedup); err != nil {
			return nil, fmt.Errorf("flows: %w", err)
		}
	}
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM trade_stats_new n JOIN trade_stats s
		USING (reporter, partner, flow, hs, procedure, year, month, currency)`).Scan(&res.Replaced)
	if err != nil {
		return nil, fmt.Errorf("flows: %w", err)
	}
	insert := `INSERT INTO trade_stats SELECT * FROM trade_stats_new`
	if res.Replaced > 0 {
		insert = `INSERT OR REPLACE INTO trade_stats SELECT * FROM trade_stats_new`
	}
	r, err := tx.ExecContext(ctx, insert)
	if err != nil {
		return nil, fmt.Errorf("flows: storing: %w", err)
	}
	if n, err := r.RowsAffected(); err == nil {
		res.Stored = int(n)
	}
	if _, err := tx.ExecContext(ctx, `DROP TABLE trade_stats_new`); err != nil {
		return nil, fmt.Errorf("flows: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("flows: storing: %w", err)
	}
	res.Coverage = coverage(cover, counts)
	return res, nil
}

// nullCSV stands for NULL in the CSV file of an import.
const nullCSV = `\N`

func nullText(p *float64) string {
	if p == nil {
		return nullCSV
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// coverage summarises the periods read per reporter, flow and currency.
func coverage(cover map[[3]string]map[trade.Period]bool, counts map[[3]string]int) []Coverage {
	var out []Coverage
	for k, periods := range cover {
		c := Coverage{Reporter: k[0], Flow: trade.Flow(k[1]), Currency: k[2]}
		var months []int
		for p := range periods {
			if p.Annual() {
				c.Years = append(c.Years, p.Year)
			} else {
				months = append(months, p.Year*12+p.Month-1)
			}
		}
		slices.Sort(c.Years)
		slices.Sort(months)
		for _, r := range runs(months) {
			from := trade.Period{Year: r[0] / 12, Month: r[0]%12 + 1}
			to := trade.Period{Year: r[1] / 12, Month: r[1]%12 + 1}
			c.Months = append(c.Months, fmt.Sprintf("%s..%s (%d)", from, to, r[1]-r[0]+1))
		}
		c.Figures = counts[k]
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Coverage) int {
		return cmp.Or(cmp.Compare(a.Reporter, b.Reporter), cmp.Compare(a.Flow, b.Flow), cmp.Compare(a.Currency, b.Currency))
	})
	return out
}

// queryRows runs q and calls scan for each row.
func queryRows(ctx context.Context, db *sql.DB, q string, args []any, scan func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("flows: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("flows: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("flows: %w", err)
	}
	return nil
}
