package casestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// FailRun records the end of a run that did not screen every row: its
// counts so far and why it stopped (required). A failed run has both
// Finished and Error set.
func (db *DB) FailRun(ctx context.Context, id int64, st RunStats, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return fmt.Errorf("casestore: fail run %d: %w: a reason is required", id, ErrInvalid)
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var actor string
		err := tx.QueryRowContext(ctx, db.q("SELECT actor FROM runs WHERE id = ?"), id).Scan(&actor)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, db.q(`UPDATE runs SET finished_at = ?, parties = ?, hits = ?, alerts = ?, suppressed = ?, repeated = ?, error = ? WHERE id = ?`),
			db.now().UnixMicro(), st.Parties, st.Hits, st.Alerts, st.Suppressed, st.Repeated, reason, id)
		if err != nil {
			return err
		}
		_, err = db.audit(ctx, tx, actor, "run.fail", "run:"+strconv.FormatInt(id, 10), map[string]any{"stats": st, "error": reason})
		return err
	})
	if err != nil {
		return fmt.Errorf("casestore: fail run %d: %w", id, err)
	}
	return nil
}

// UnfinishedRuns lists the runs neither finished nor failed, oldest first.
func (db *DB) UnfinishedRuns(ctx context.Context) ([]Run, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT "+runCols+" FROM runs WHERE finished_at IS NULL ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("casestore: unfinished runs: %w", err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("casestore: unfinished runs: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("casestore: unfinished runs: %w", err)
	}
	return out, nil
}
