package casestore

import (
	"context"
	"database/sql"
	"encoding/json"
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

// CreateRun records the start of a screening run.
func (db *DB) CreateRun(ctx context.Context, r Run) (Run, error) {
	if r.Kind == "" || r.Actor == "" {
		return Run{}, fmt.Errorf("casestore: create run: %w: kind and actor are required", ErrInvalid)
	}
	if r.ListVersions == nil {
		r.ListVersions = map[string]string{}
	}
	if len(r.Settings) == 0 {
		r.Settings = json.RawMessage("{}")
	}
	if !json.Valid(r.Settings) {
		return Run{}, fmt.Errorf("casestore: create run: %w: settings are not JSON", ErrInvalid)
	}
	lv, _ := json.Marshal(r.ListVersions)
	r.Started = micro(db.now().UnixMicro())
	r.Finished = nil
	err := db.tx(ctx, func(tx *sql.Tx) error {
		id, err := db.insert(ctx, tx, `INSERT INTO runs (actor, kind, source, list_versions, settings, started_at, parties, hits, alerts, suppressed, repeated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.Actor, r.Kind, r.Source, string(lv), string(r.Settings), r.Started.UnixMicro(),
			r.Parties, r.Hits, r.Alerts, r.Suppressed, r.Repeated)
		if err != nil {
			return err
		}
		r.ID = id
		_, err = db.audit(ctx, tx, r.Actor, "run.create", "run:"+strconv.FormatInt(id, 10), map[string]any{
			"kind": r.Kind, "source": r.Source, "list_versions": r.ListVersions, "settings": r.Settings,
		})
		return err
	})
	if err != nil {
		return Run{}, fmt.Errorf("casestore: create run: %w", err)
	}
	return r, nil
}

// FinishRun records a run's end and counts.
func (db *DB) FinishRun(ctx context.Context, id int64, st RunStats) error {
	return db.endRun(ctx, id, st, "")
}

const runCols = "id, actor, kind, source, list_versions, settings, started_at, finished_at, parties, hits, alerts, suppressed, repeated, error"

func scanRun(sc interface{ Scan(...any) error }) (Run, error) {
	var r Run
	var lv, settings string
	var st int64
	var fin sql.NullInt64
	if err := sc.Scan(&r.ID, &r.Actor, &r.Kind, &r.Source, &lv, &settings, &st, &fin,
		&r.Parties, &r.Hits, &r.Alerts, &r.Suppressed, &r.Repeated, &r.Error); err != nil {
		return Run{}, err
	}
	if err := json.Unmarshal([]byte(lv), &r.ListVersions); err != nil {
		return Run{}, fmt.Errorf("run %d list versions: %w", r.ID, err)
	}
	r.Settings = json.RawMessage(settings)
	r.Started = micro(st)
	if fin.Valid {
		t := micro(fin.Int64)
		r.Finished = &t
	}
	return r, nil
}

// Run returns one run.
func (db *DB) Run(ctx context.Context, id int64) (Run, error) {
	r, err := scanRun(db.r.QueryRowContext(ctx, db.q("SELECT "+runCols+" FROM runs WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return Run{}, fmt.Errorf("casestore: run %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Run{}, fmt.Errorf("casestore: run %d: %w", id, err)
	}
	return r, nil
}

// Runs lists the latest runs, newest first.
func (db *DB) Runs(ctx context.Context, limit int) ([]Run, error) {
	return db.queryRuns(ctx, "runs", "SELECT "+runCols+" FROM runs ORDER BY id DESC LIMIT ?", clampLimit(limit))
}
