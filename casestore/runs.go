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
	if strings.TrimSpace(reason) == "" {
		return fmt.Errorf("casestore: fail run %d: %w: a reason is required", id, ErrInvalid)
	}
	return db.endRun(ctx, id, st, strings.TrimSpace(reason))
}

// endRun records the end of a run with its counts: finished when reason is
// empty, else failed with it (a finished run's error is cleared).
func (db *DB) endRun(ctx context.Context, id int64, st RunStats, reason string) error {
	action, verb, detail := "run.finish", "finish", any(st)
	if reason != "" {
		action, verb, detail = "run.fail", "fail", map[string]any{"stats": st, "error": reason}
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
		_, err = db.audit(ctx, tx, actor, action, "run:"+strconv.FormatInt(id, 10), detail)
		return err
	})
	if err != nil {
		return fmt.Errorf("casestore: %s run %d: %w", verb, id, err)
	}
	return nil
}

// UnfinishedRuns lists the runs neither finished nor failed, oldest first.
func (db *DB) UnfinishedRuns(ctx context.Context) ([]Run, error) {
	return db.queryRuns(ctx, "unfinished runs", "SELECT "+runCols+" FROM runs WHERE finished_at IS NULL ORDER BY id")
}

// queryRuns runs a query of runCols and scans the runs; what names it in
// errors.
func (db *DB) queryRuns(ctx context.Context, what, query string, args ...any) ([]Run, error) {
	rows, err := db.r.QueryContext(ctx, db.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("casestore: %s: %w", what, err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("casestore: %s: %w", what, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("casestore: %s: %w", what, err)
	}
	return out, nil
}
