package casestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// SaveParties records the parties a run screened.
func (db *DB) SaveParties(ctx context.Context, runID int64, ps []Party) error {
	for i, p := range ps {
		if p.Key == "" || !json.Valid(p.Query) {
			return fmt.Errorf("casestore: save parties: party %d: %w: a key and a JSON query are required", i, ErrInvalid)
		}
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.now().UnixMicro()
		for _, p := range ps {
			_, err := tx.ExecContext(ctx, db.q(`INSERT INTO parties (party_key, name, query, first_run, last_run, updated_at) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (party_key) DO UPDATE SET name = excluded.name, query = excluded.query, last_run = excluded.last_run, updated_at = excluded.updated_at`),
				p.Key, p.Name, string(p.Query), runID, runID, now)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("casestore: save parties of run %d: %w", runID, err)
	}
	return nil
}

// Parties lists the stored parties with a key after the given one.
func (db *DB) Parties(ctx context.Context, after string, limit int) ([]Party, error) {
	rows, err := db.r.QueryContext(ctx, db.q("SELECT party_key, name, query, first_run, last_run, updated_at FROM parties WHERE party_key > ? ORDER BY party_key LIMIT ?"), after, clampLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("casestore: parties: %w", err)
	}
	defer rows.Close()
	var out []Party
	for rows.Next() {
		var p Party
		var q string
		var u int64
		if err := rows.Scan(&p.Key, &p.Name, &q, &p.FirstRun, &p.LastRun, &u); err != nil {
			return nil, fmt.Errorf("casestore: parties: %w", err)
		}
		p.Query, p.Updated = json.RawMessage(q), micro(u)
		out = append(out, p)
	}
	return out, rows.Err()
}

// CountParties counts the stored parties.
func (db *DB) CountParties(ctx context.Context) (int, error) {
	var n int
	if err := db.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM parties").Scan(&n); err != nil {
		return 0, fmt.Errorf("casestore: count parties: %w", err)
	}
	return n, nil
}
