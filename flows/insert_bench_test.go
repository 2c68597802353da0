//go:build cgo

package flows

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"testing"

	"github.com/duckdb/duckdb-go/v2"
)

// BenchmarkInsert measures how ImportTransactions could write its rows:
// multi-row INSERT statements of 256 rows through database/sql, Parquet
// staging files loaded with INSERT … SELECT (what it does, see stager),
// and DuckDB's appender (which needs the driver package, imported here in
// a test only: the package's code stays on database/sql).
func BenchmarkInsert(b *testing.B) {
	const rows = 20_000
	ctx := context.Background()
	vals := make([][]any, rows)
	for i := range vals {
		vals[i] = []any{"bench.csv", int32(i + 2), fmt.Sprintf("S-%d", i), "2024-03-05", "2024-03", fmt.Sprintf("Supplier %d GmbH", i%2000), "DE",
			fmt.Sprintf("Consignee %d LLC", i%5000), "KZ", "KZ", "854231", "2", "", 1234.5, "USD", i%100 == 0, i%100 == 0, "", int32(40), "medium"}
	}
	insert := func(b *testing.B, batch int) {
		db := benchDB(b)
		for b.Loop() {
			tx, err := db.sql.BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			in := newInserter(tx, "flows_tx", txColumns, batch)
			for _, v := range vals {
				if err := in.add(ctx, v...); err != nil {
					b.Fatal(err)
				}
			}
			if err := in.flush(ctx); err != nil {
				b.Fatal(err)
			}
			in.close()
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	}
	b.Run("insert-256", func(b *testing.B) { insert(b, 256) })
	b.Run("parquet-staging", func(b *testing.B) {
		db := benchDB(b)
		ts := make([]Transaction, rows)
		for i, v := range vals {
			ts[i] = Transaction{File: v[0].(string), Line: int(v[1].(int32)), ID: v[2].(string), Date: v[3].(string), Month: v[4].(string),
				Supplier: v[5].(string), SupplierCountry: v[6].(string), Consignee: v[7].(string), ConsigneeCountry: v[8].(string), Destination: v[9].(string),
				HS: v[10].(string), CHPLTier: v[11].(string), Value: v[13].(float64), Currency: v[14].(string), Listed: v[15].(bool), PartyListed: v[16].(bool),
				Risk: 40, Level: "medium"}
		}
		for b.Loop() {
			st, err := newStager(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			for i := range ts {
				if err := st.add(&ts[i]); err != nil {
					b.Fatal(err)
				}
			}
			if err := st.close(); err != nil {
				b.Fatal(err)
			}
			if err := db.loadStaged(ctx, "bench.csv", st); err != nil {
				b.Fatal(err)
			}
			st.remove()
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("appender", func(b *testing.B) {
		db := benchDB(b)
		conn, err := db.sql.Conn(ctx)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close()
		dv := make([]driver.Value, len(txColumns))
		for b.Loop() {
			if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
				b.Fatal(err)
			}
			err := conn.Raw(func(c any) error {
				app, err := duckdb.NewAppenderFromConn(c.(driver.Conn), "", "flows_tx")
				if err != nil {
					return err
				}
				for _, v := range vals {
					for i := range v {
						dv[i] = v[i]
					}
					if err := app.AppendRow(dv...); err != nil {
						return err
					}
				}
				return app.Close()
			})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}

// inserter (for the comparison only) writes rows in multi-row INSERT statements of batch rows,
// prepared once per statement size.
type inserter struct {
	tx    *sql.Tx
	table string
	cols  []string
	batch int
	args  []any
	stmt  *sql.Stmt // for a full batch
}

func newInserter(tx *sql.Tx, table string, cols []string, batch int) *inserter {
	if batch <= 0 {
		batch = 256
	}
	return &inserter{tx: tx, table: table, cols: cols, batch: batch}
}

func (in *inserter) statement(rows int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", in.table, strings.Join(in.cols, ", "))
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(in.cols)), ", ") + ")"
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

func (in *inserter) add(ctx context.Context, vals ...any) error {
	if len(vals) != len(in.cols) {
		return fmt.Errorf("flows: %s: %d values for %d columns", in.table, len(vals), len(in.cols))
	}
	in.args = append(in.args, vals...)
	if len(in.args) < in.batch*len(in.cols) {
		return nil
	}
	if in.stmt == nil {
		st, err := in.tx.PrepareContext(ctx, in.statement(in.batch))
		if err != nil {
			return fmt.Errorf("flows: %s: %w", in.table, err)
		}
		in.stmt = st
	}
	_, err := in.stmt.ExecContext(ctx, in.args...)
	in.args = in.args[:0]
	if err != nil {
		return fmt.Errorf("flows: %s: %w", in.table, err)
	}
	return nil
}

func (in *inserter) flush(ctx context.Context) error {
	n := len(in.args) / len(in.cols)
	if n == 0 {
		return nil
	}
	_, err := in.tx.ExecContext(ctx, in.statement(n), in.args...)
	in.args = in.args[:0]
	if err != nil {
		return fmt.Errorf("flows: %s: %w", in.table, err)
	}
	return nil
}

func (in *inserter) close() {
	if in.stmt != nil {
		in.stmt.Close()
	}
}

// benchDB opens a store in a temporary folder with the transaction tables.
func benchDB(b *testing.B) *DB {
	ctx := context.Background()
	db, err := Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.ensureTx(ctx); err != nil {
		b.Fatal(err)
	}
	return db
}
