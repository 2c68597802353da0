package flows

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// A stager writes screened shipments to Parquet files that DuckDB then
// loads with one INSERT … SELECT FROM read_parquet. Through database/sql,
// parameterised INSERTs cost DuckDB tens of microseconds a value, and its
// appender is in the driver package, which only db.go may import;
// BenchmarkInsert measures the three ways (staging about as fast as the
// appender, both far ahead of batched INSERTs).
type stager struct {
	txFile, entFile *os.File
	tx              *parquet.GenericWriter[stagedTx]
	ent             *parquet.GenericWriter[stagedEntity]
	txBuf           []stagedTx
	entBuf          []stagedEntity
}

// stagedTx is a Transaction as staged: flows_tx's columns less file.
type stagedTx struct {
	Line             int32   `parquet:"line"`
	ID               string  `parquet:"id"`
	Date             string  `parquet:"date,dict"`
	Month            string  `parquet:"month,dict"`
	Supplier         string  `parquet:"supplier,dict"`
	SupplierCountry  string  `parquet:"supplier_country,dict"`
	Consignee        string  `parquet:"consignee,dict"`
	ConsigneeCountry string  `parquet:"consignee_country,dict"`
	Destination      string  `parquet:"destination,dict"`
	HS               string  `parquet:"hs,dict"`
	CHPLTier         string  `parquet:"chpl_tier,dict"`
	Concern          string  `parquet:"concern,dict"`
	Value            float64 `parquet:"value"`
	Currency         string  `parquet:"currency,dict"`
	Listed           bool    `parquet:"listed"`
	PartyListed      bool    `parquet:"party_listed"`
	EntityIDs        string  `parquet:"entity_ids,dict"`
	Risk             int32   `parquet:"risk"`
	Level            string  `parquet:"level,dict"`
}

// stagedEntity is an Entity of a staged shipment: flows_tx_entities'
// columns less file.
type stagedEntity struct {
	Line     int32   `parquet:"line"`
	Role     string  `parquet:"role,dict"`
	How      string  `parquet:"how,dict"`
	Dataset  string  `parquet:"dataset,dict"`
	EntityID string  `parquet:"entity_id,dict"`
	Caption  string  `parquet:"caption,dict"`
	Score    float64 `parquet:"score"`
}

const stageBatch = 4096

// newStager creates the staging files in dir ("" for the system's
// temporary folder).
func newStager(dir string) (*stager, error) {
	st := &stager{}
	var err error
	if st.txFile, err = os.CreateTemp(dir, "flows-stage-*.parquet"); err != nil {
		return nil, fmt.Errorf("flows: staging: %w", err)
	}
	if st.entFile, err = os.CreateTemp(dir, "flows-stage-entities-*.parquet"); err != nil {
		st.remove()
		return nil, fmt.Errorf("flows: staging: %w", err)
	}
	st.tx = parquet.NewGenericWriter[stagedTx](st.txFile, parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(1<<17))
	st.ent = parquet.NewGenericWriter[stagedEntity](st.entFile, parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(1<<17))
	return st, nil
}

// add stages one shipment and its entities.
func (st *stager) add(t *Transaction) error {
	st.txBuf = append(st.txBuf, stagedTx{Line: int32(t.Line), ID: t.ID, Date: t.Date, Month: t.Month, Supplier: t.Supplier, SupplierCountry: t.SupplierCountry,
		Consignee: t.Consignee, ConsigneeCountry: t.ConsigneeCountry, Destination: t.Destination, HS: t.HS, CHPLTier: t.CHPLTier, Concern: t.Concern,
		Value: t.Value, Currency: t.Currency, Listed: t.Listed, PartyListed: t.PartyListed, EntityIDs: t.EntityIDs(), Risk: int32(t.Risk), Level: t.Level})
	for _, e := range t.Entities {
		st.entBuf = append(st.entBuf, stagedEntity{Line: int32(t.Line), Role: e.Role, How: e.How, Dataset: e.Dataset, EntityID: e.EntityID, Caption: e.Caption, Score: e.Score})
	}
	if len(st.txBuf) >= stageBatch {
		return st.flush()
	}
	return nil
}

func (st *stager) flush() error {
	if _, err := st.tx.Write(st.txBuf); err != nil {
		return fmt.Errorf("flows: staging: %w", err)
	}
	if _, err := st.ent.Write(st.entBuf); err != nil {
		return fmt.Errorf("flows: staging: %w", err)
	}
	st.txBuf, st.entBuf = st.txBuf[:0], st.entBuf[:0]
	return nil
}

// close flushes and closes the files.
func (st *stager) close() error {
	if err := st.flush(); err != nil {
		return err
	}
	for _, c := range []interface{ Close() error }{st.tx, st.ent, st.txFile, st.entFile} {
		if err := c.Close(); err != nil {
			return fmt.Errorf("flows: staging: %w", err)
		}
	}
	return nil
}

// remove deletes the files.
func (st *stager) remove() {
	for _, f := range []*os.File{st.txFile, st.entFile} {
		if f != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}
}

// loadStaged replaces the rows of file by the staged ones, in one
// transaction.
func (db *DB) loadStaged(ctx context.Context, file string, st *stager) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	txCols := strings.Join(txColumns[1:], ", ")
	entCols := strings.Join(entityColumns[1:], ", ")
	for _, q := range []string{
		"DELETE FROM flows_tx WHERE file = " + sqlString(file),
		"DELETE FROM flows_tx_entities WHERE file = " + sqlString(file),
		fmt.Sprintf("INSERT INTO flows_tx (file, %s) SELECT %s, %s FROM read_parquet(%s)", txCols, sqlString(file), txCols, sqlString(st.txFile.Name())),
		fmt.Sprintf("INSERT INTO flows_tx_entities (file, %s) SELECT %s, %s FROM read_parquet(%s)", entCols, sqlString(file), entCols, sqlString(st.entFile.Name())),
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return tx.Commit()
}
