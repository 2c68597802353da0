package casestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// decisions are the valid decisions, in the order messages list them.
var decisions = []Decision{TrueMatch, FalsePositive, NeedsReview}

// ValidDecisions returns the valid decisions (a new slice each call).
func ValidDecisions() []Decision { return append([]Decision(nil), decisions...) }

// CheckDecision returns nil for a valid decision, else an error wrapping
// ErrInvalid that lists the valid ones:
//
//	invalid argument: decision "clear": want one of true_match, false_positive, needs_review
func CheckDecision(d Decision) error {
	if d.Valid() {
		return nil
	}
	want := make([]string, len(decisions))
	for i, x := range decisions {
		want[i] = string(x)
	}
	if d == "" {
		return fmt.Errorf("%w: no decision: want one of %s", ErrInvalid, strings.Join(want, ", "))
	}
	return fmt.Errorf("%w: decision %q: want one of %s", ErrInvalid, d, strings.Join(want, ", "))
}

// Decide records a decision on an alert. On false_positive the pair is
// allow-listed for the alert's entity version; any other decision removes
// such an allow-listing.
func (db *DB) Decide(ctx context.Context, alertID int64, d Decision, reason, actor string) (DecisionRecord, error) {
	reason = strings.TrimSpace(reason)
	if err := CheckDecision(d); err != nil {
		return DecisionRecord{}, fmt.Errorf("casestore: decide alert %d: %w", alertID, err)
	}
	if reason == "" {
		return DecisionRecord{}, fmt.Errorf("casestore: decide alert %d: %w: a reason is required", alertID, ErrInvalid)
	}
	if actor == "" {
		return DecisionRecord{}, fmt.Errorf("casestore: decide alert %d: %w: no actor", alertID, ErrInvalid)
	}
	rec := DecisionRecord{AlertID: alertID, Decision: d, Reason: reason, Actor: actor}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var pk, eid, eh string
		err := tx.QueryRowContext(ctx, db.q("SELECT party_key, entity_id, entity_hash FROM alerts WHERE id = ?"), alertID).Scan(&pk, &eid, &eh)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		now := db.now().UnixMicro()
		rec.Created = micro(now)
		id, err := db.insert(ctx, tx, "INSERT INTO decisions (alert_id, decision, reason, actor, created_at) VALUES (?, ?, ?, ?, ?)",
			alertID, string(d), reason, actor, now)
		if err != nil {
			return err
		}
		rec.ID = id
		if _, err := tx.ExecContext(ctx, db.q("UPDATE alerts SET status = ?, updated_at = ? WHERE id = ?"), string(d), now, alertID); err != nil {
			return err
		}
		if d == FalsePositive {
			_, err = tx.ExecContext(ctx, db.q(`INSERT INTO allow_list (party_key, entity_id, entity_hash, decision_id, actor, created_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`), pk, eid, eh, id, actor, now)
		} else {
			_, err = tx.ExecContext(ctx, db.q("DELETE FROM allow_list WHERE party_key = ? AND entity_id = ? AND entity_hash = ?"), pk, eid, eh)
		}
		if err != nil {
			return err
		}
		_, err = db.audit(ctx, tx, actor, "decision.add", "alert:"+strconv.FormatInt(alertID, 10), map[string]any{
			"decision_id": id, "decision": d, "reason": reason, "party_key": pk, "entity_id": eid, "entity_hash": eh,
		})
		return err
	})
	if err != nil {
		return DecisionRecord{}, fmt.Errorf("casestore: decide alert %d: %w", alertID, err)
	}
	return rec, nil
}

// Decisions lists the decisions on an alert, oldest first.
func (db *DB) Decisions(ctx context.Context, alertID int64) ([]DecisionRecord, error) {
	rows, err := db.r.QueryContext(ctx, db.q("SELECT id, alert_id, decision, reason, actor, created_at FROM decisions WHERE alert_id = ? ORDER BY id"), alertID)
	if err != nil {
		return nil, fmt.Errorf("casestore: decisions of alert %d: %w", alertID, err)
	}
	defer rows.Close()
	var out []DecisionRecord
	for rows.Next() {
		var r DecisionRecord
		var d string
		var c int64
		if err := rows.Scan(&r.ID, &r.AlertID, &d, &r.Reason, &r.Actor, &c); err != nil {
			return nil, fmt.Errorf("casestore: decisions: %w", err)
		}
		r.Decision, r.Created = Decision(d), micro(c)
		out = append(out, r)
	}
	return out, rows.Err()
}
