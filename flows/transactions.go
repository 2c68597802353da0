package flows

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/redline-sanctions/redline/shipment"
	"github.com/redline-sanctions/redline/shipment/rules"
	"github.com/redline-sanctions/redline/source"
)

// Transaction-level records live in three tables:
//
//	flows_tx           one row per screened shipment (file, line, parties,
//	                   goods, value, the screening outcome)
//	flows_tx_entities  the list entries behind a listed or 50%-owned party
//	                   of a shipment (file, line, role, how, dataset,
//	                   entity_id, caption, score)
//	flows_tx_agg       the Beam pipeline's monthly aggregates (see
//	                   AggregateColumns), with the file they came from
//
// and the view flows_tx_rows puts flows_tx and flows_tx_agg into one
// shape: the aggregate contract's columns (a shipment is a row of one
// shipment) plus "source" ("transactions" or "aggregates"). Every analysis
// of transaction-level data reads that view, so it reads imported
// shipments and Beam aggregates alike; the view does not group, the
// analysis does (once).
const txSchema = `
CREATE TABLE IF NOT EXISTS flows_tx (
	file VARCHAR NOT NULL,
	line INTEGER NOT NULL,
	id VARCHAR NOT NULL,
	date VARCHAR NOT NULL,
	month VARCHAR NOT NULL,
	supplier VARCHAR NOT NULL,
	supplier_country VARCHAR NOT NULL,
	consignee VARCHAR NOT NULL,
	consignee_country VARCHAR NOT NULL,
	destination VARCHAR NOT NULL,
	hs VARCHAR NOT NULL,
	chpl_tier VARCHAR NOT NULL,
	concern VARCHAR NOT NULL,
	value DOUBLE NOT NULL,
	currency VARCHAR NOT NULL,
	listed BOOLEAN NOT NULL,
	party_listed BOOLEAN NOT NULL,
	entity_ids VARCHAR NOT NULL,
	risk INTEGER NOT NULL,
	level VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS flows_tx_entities (
	file VARCHAR NOT NULL,
	line INTEGER NOT NULL,
	role VARCHAR NOT NULL,
	how VARCHAR NOT NULL,
	dataset VARCHAR NOT NULL,
	entity_id VARCHAR NOT NULL,
	caption VARCHAR NOT NULL,
	score DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS flows_tx_agg (
	file VARCHAR NOT NULL,
	month VARCHAR NOT NULL,
	supplier_country VARCHAR NOT NULL,
	supplier VARCHAR NOT NULL,
	consignee VARCHAR NOT NULL,
	consignee_country VARCHAR NOT NULL,
	destination VARCHAR NOT NULL,
	hs VARCHAR NOT NULL,
	chpl_tier VARCHAR NOT NULL,
	listed BOOLEAN NOT NULL,
	entity_ids VARCHAR NOT NULL,
	shipments BIGINT NOT NULL,
	value DOUBLE NOT NULL,
	currency VARCHAR NOT NULL
);
CREATE OR REPLACE VIEW flows_tx_rows AS
SELECT month, supplier_country, supplier, consignee, consignee_country, destination, hs, chpl_tier,
	listed, entity_ids, 1::BIGINT AS shipments, value, currency, 'transactions' AS source
FROM flows_tx
UNION ALL
SELECT month, supplier_country, supplier, consignee, consignee_country, destination, hs, chpl_tier,
	listed, entity_ids, shipments, value, currency, 'aggregates' AS source
FROM flows_tx_agg;
`

// txColumns are the columns of flows_tx in insert order.
var txColumns = []string{"file", "line", "id", "date", "month", "supplier", "supplier_country", "consignee", "consignee_country",
	"destination", "hs", "chpl_tier", "concern", "value", "currency", "listed", "party_listed", "entity_ids", "risk", "level"}

var entityColumns = []string{"file", "line", "role", "how", "dataset", "entity_id", "caption", "score"}

// ensureTx creates the transaction tables and the view.
func (db *DB) ensureTx(ctx context.Context) error {
	if db.sql == nil {
		return ErrNeedsCgo
	}
	if _, err := db.sql.ExecContext(ctx, txSchema); err != nil {
		return fmt.Errorf("flows: creating the transaction tables: %w", err)
	}
	return nil
}

// Transaction is one screened shipment as flows_tx stores it.
type Transaction struct {
	File string
	Line int
	ID   string
	// Date is the shipment date (YYYY-MM-DD) and Month its YYYY-MM, both
	// "" when the file gives no date.
	Date, Month string
	// Supplier is the shipper; Consignee the consignee. Countries are ISO
	// codes when the file's value was recognised.
	Supplier, SupplierCountry   string
	Consignee, ConsigneeCountry string
	// Destination is the destination country, else the consignee's.
	Destination string
	// HS is the 6-digit code of the classified goods, CHPLTier their
	// CHPL tier and Concern their concern category ("" if none).
	HS, CHPLTier, Concern string
	Value                 float64
	Currency              string
	// Listed: the consignee or the end user matched a listed entity, or
	// an entity blocked by the OFAC 50 Percent Rule ("blocked" or
	// "same_as"). PartyListed: any party did.
	Listed, PartyListed bool
	// Entities are the list entries that make a party a concern.
	Entities []Entity
	Risk     int
	Level    string
}

// Entity is a list entry that makes a party of a shipment a concern.
type Entity struct {
	// Role is the party's role (consignee, end_user, shipper, notify).
	Role string `json:"role,omitempty"`
	// How is "listed" (the party matched a listed entity) or the 50%
	// rule standing of the entity it matched ("blocked", "same_as").
	How      string  `json:"how,omitempty"`
	Dataset  string  `json:"dataset"`
	EntityID string  `json:"entity_id"`
	Caption  string  `json:"caption,omitempty"`
	Score    float64 `json:"score,omitempty"`
}

// Key is "dataset:entity_id", the form of the aggregate contract's
// entity_ids (the entity id alone when the dataset is unknown).
func (e Entity) Key() string {
	if e.Dataset == "" {
		return e.EntityID
	}
	return e.Dataset + ":" + e.EntityID
}

// String names the entry in evidence: "caption (dataset:id, 0.97)", with
// the 50% rule standing when it is not listed itself, or the key alone
// when the caption is unknown.
func (e Entity) String() string {
	switch {
	case e.Caption == "":
		return e.Key()
	case e.How == "" || e.How == "listed":
		return fmt.Sprintf("%s (%s, %.2f)", e.Caption, e.Key(), e.Score)
	}
	return fmt.Sprintf("%s (%s, %.2f, %s by the 50%% rule)", e.Caption, e.Key(), e.Score, e.How)
}

// end user roles: a listed party in one of them makes the shipment's
// Listed true.
func endUserRole(role string) bool {
	return role == string(shipment.Consignee) || role == string(shipment.EndUser)
}

// FromAssessment turns an assessment into the stored record. kinds maps
// each rule id to its kind (see rules.Set); the listed_party flags and the
// owned_by_listed flags whose standing is "blocked" or "same_as" make a
// party a concern ("possible" and "partial" standings do not).
func FromAssessment(file string, a *shipment.Assessment, kinds map[string]string) Transaction {
	s := a.Shipment
	t := Transaction{File: file, Line: a.Line, ID: a.ShipmentID, HS: a.Goods.HSCode, CHPLTier: a.Goods.CHPLTier, Concern: a.Goods.Concern,
		Risk: a.Risk, Level: a.Level}
	if s != nil {
		t.Date, t.Value, t.Currency, t.Destination = s.Date, s.Value, s.Currency, s.Destination
		if p := s.Party(shipment.Shipper); p != nil {
			t.Supplier, t.SupplierCountry = p.Name, p.Country
		}
		if p := s.Party(shipment.Consignee); p != nil {
			t.Consignee, t.ConsigneeCountry = p.Name, p.Country
		}
		if t.HS == "" {
			t.HS = s.HSCode
		}
	}
	if t.Destination == "" {
		t.Destination = t.ConsigneeCountry
	}
	if len(t.Date) >= 7 {
		t.Month = t.Date[:7]
	}
	for _, p := range shipment.ListedParties(a, kinds) {
		t.Entities = append(t.Entities, Entity{Role: p.Role, How: p.How, Dataset: p.Dataset, EntityID: p.EntityID, Caption: p.Caption, Score: p.Score})
		t.PartyListed = true
		if p.EndUser() {
			t.Listed = true
		}
	}
	return t
}

// EntityIDs is the ";"-joined "dataset:entity_id" of the entries that
// make the consignee or end user a concern, sorted, as in the aggregate
// contract.
func (t *Transaction) EntityIDs() string {
	var ids []string
	for _, e := range t.Entities {
		if endUserRole(e.Role) && !slices.Contains(ids, e.Key()) {
			ids = append(ids, e.Key())
		}
	}
	slices.Sort(ids)
	return strings.Join(ids, ";")
}

// RuleKinds maps each rule id of the set (nil: the default rules) to its
// kind.
func RuleKinds(set *rules.Set) map[string]string {
	if set == nil {
		set = rules.Default()
	}
	m := make(map[string]string, len(set.Rules))
	for _, r := range set.Rules {
		m[r.ID] = r.Kind
	}
	return m
}

// ImportOptions configure ImportTransactions. The zero value reads the
// file by its name and headers with the default rules' kinds.
type ImportOptions struct {
	// Read configures the shipment reader (format, column mapping).
	Read shipment.ReadOptions
	// Rules are the rules the engine was built with (nil: the default
	// rules); their kinds say which flags make a party listed.
	Rules *rules.Set
	// TempDir holds the staging files of an import (default: the store's
	// folder, or the system's temporary folder for an in-memory store).
	TempDir string
	// Progress, if not nil, is called with the rows stored so far.
	Progress func(rows int)
}

// ImportReport says what one import read and stored.
type ImportReport struct {
	File string `json:"file"`
	// Kind is "shipments" (transaction-level records, screened on import),
	// "screened" (shipments screened elsewhere, see ScreenedColumns) or
	// "aggregates" (the Beam pipeline's Parquet).
	Kind string `json:"kind"`
	// Rows counts the rows stored; Listed those whose consignee or end
	// user is a concern; CHPL those of CHPL goods.
	Rows   int `json:"rows"`
	Listed int `json:"listed"`
	CHPL   int `json:"chpl"`
	// FirstMonth and LastMonth bound the months covered.
	FirstMonth string `json:"first_month,omitempty"`
	LastMonth  string `json:"last_month,omitempty"`
	// Read is the reader's report: Skipped counts the rows that could not
	// be read, Problems says where and why.
	Read *source.Report `json:"read"`
}

func (r *ImportReport) month(m string) {
	if m == "" {
		return
	}
	if r.FirstMonth == "" || m < r.FirstMonth {
		r.FirstMonth = m
	}
	if m > r.LastMonth {
		r.LastMonth = m
	}
}

// ImportTransactions imports a file of transaction-level records into
// the store. A Parquet file of the Beam pipeline's aggregates (see
// IsAggregates) or of shipments screened elsewhere (IsScreened) is loaded
// as it is, and eng may be nil for it; any other
// file is read as shipments (CSV, JSON lines or Parquet, see
// shipment.Read), each screened and classified by eng, which the caller
// builds over the lists.
//
// The screened rows are staged in Parquet files (see stager) and loaded in
// one transaction: a file imported again replaces its rows, and a failed
// import leaves the store as it was. Rows the reader could
// not read are in the report's Read.Skipped and Read.Problems, with line.
func (db *DB) ImportTransactions(ctx context.Context, path string, eng *shipment.Engine, opts ImportOptions) (*ImportReport, error) {
	if err := db.ensureTx(ctx); err != nil {
		return nil, err
	}
	if IsAggregates(path) {
		return db.importAggregates(ctx, path)
	}
	if IsScreened(path) {
		return db.importScreened(ctx, path)
	}
	if eng == nil {
		return nil, fmt.Errorf("flows: %s: shipments are screened on import: no screening engine given", path)
	}
	rep := &ImportReport{File: path, Kind: "shipments"}
	dir := opts.TempDir
	if dir == "" && db.path != "" {
		dir = filepath.Dir(db.path)
	}
	st, err := newStager(dir)
	if err != nil {
		return rep, err
	}
	defer st.remove()
	kinds := RuleKinds(opts.Rules)
	err = eng.Run(ctx, func(emit func(*shipment.Shipment) error) error {
		var rerr error
		rep.Read, rerr = shipment.Read(ctx, path, opts.Read, emit)
		return rerr
	}, func(a *shipment.Assessment) error {
		t := FromAssessment(fileKey(path), a, kinds)
		rep.Rows++
		rep.month(t.Month)
		if t.Listed {
			rep.Listed++
		}
		if t.CHPLTier != "" {
			rep.CHPL++
		}
		if opts.Progress != nil && rep.Rows%4096 == 0 {
			opts.Progress(rep.Rows)
		}
		return st.add(&t)
	}, nil)
	if err == nil {
		err = st.close()
	}
	if err == nil {
		err = db.loadStaged(ctx, fileKey(path), st)
	}
	if err != nil {
		return rep, fmt.Errorf("flows: importing %s: %w", path, err)
	}
	if opts.Progress != nil {
		opts.Progress(rep.Rows)
	}
	return rep, nil
}

// fileKey is the file column of a path's rows: its absolute path, so
// that importing a file again by another relative path replaces its rows.
func fileKey(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// errStop stops a read after the first record (detection).
var errStop = errors.New("stop")
