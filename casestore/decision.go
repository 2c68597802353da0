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
// such an allow-listing. When the store's four-eyes policy covers the
// decision (FourEyes.Covers), nothing is decided yet: Decide records a
// clearance request awaiting a second person (Decided.Pending, see
// foureyes.go); ErrConflict when one already awaits. A decision applied
// supersedes the requests pending on the alert.
func (db *DB) Decide(ctx context.Context, alertID int64, d Decision, reason, actor string) (Decided, error) {
	reason = strings.TrimSpace(reason)
	if err := CheckDecision(d); err != nil {
		return Decided{}, fmt.Errorf("casestore: decide alert %d: %w", alertID, err)
	}
	if reason == "" {
		return Decided{}, fmt.Errorf("casestore: decide alert %d: %w: a reason is required", alertID, ErrInvalid)
	}
	if actor == "" {
		return Decided{}, fmt.Errorf("casestore: decide alert %d: %w: no actor", alertID, ErrInvalid)
	}
	var out Decided
	err := db.tx(ctx, func(tx *sql.Tx) error {
		a, err := scanAlert(tx.QueryRowContext(ctx, db.q("SELECT "+alertCols+" FROM alerts WHERE id = ?"), alertID))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if rule, ok := db.opts.FourEyes.Covers(a, d); ok {
			c, err := db.requestClearance(ctx, tx, a, d, reason, actor, rule)
			out.Pending = &c
			return err
		}
		out.DecisionRecord, err = db.applyDecision(ctx, tx, a, d, reason, actor, nil)
		if err != nil {
			return err
		}
		return db.supersede(ctx, tx, alertID, 0, out.ID, d, actor)
	})
	if err != nil {
		return Decided{}, fmt.Errorf("casestore: decide alert %d: %w", alertID, err)
	}
	return out, nil
}

// applyDecision records decision d on alert a inside tx: the decision, the
// alert's status, the allow-list, and the decision.add audit entry (with
// extra in its detail).
func (db *DB) applyDecision(ctx context.Context, tx *sql.Tx, a Alert, d Decision, reason, actor string, extra map[string]any) (DecisionRecord, error) {
	now := db.now().UnixMicro()
	rec := DecisionRecord{AlertID: a.ID, Decision: d, Reason: reason, Actor: actor, Created: micro(now)}
	id, err := db.insert(ctx, tx, "INSERT INTO decisions (alert_id, decision, reason, actor, created_at) VALUES (?, ?, ?, ?, ?)",
		a.ID, string(d), reason, actor, now)
	if err != nil {
		return rec, err
	}
	rec.ID = id
	if _, err := tx.ExecContext(ctx, db.q("UPDATE alerts SET status = ?, updated_at = ? WHERE id = ?"), string(d), now, a.ID); err != nil {
		return rec, err
	}
	pk, eid, eh := a.PartyKey, a.EntityID, a.EntityHash
	if d == FalsePositive {
		_, err = tx.ExecContext(ctx, db.q(`INSERT INTO allow_list (party_key, entity_id, entity_hash, decision_id, actor, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`), pk, eid, eh, id, actor, now)
	} else {
		_, err = tx.ExecContext(ctx, db.q("DELETE FROM allow_list WHERE party_key = ? AND entity_id = ? AND entity_hash = ?"), pk, eid, eh)
	}
	if err != nil {
		return rec, err
	}
	detail := map[string]any{
		"decision_id": id, "decision": d, "reason": reason, "party_key": pk, "entity_id": eid, "entity_hash": eh,
	}
	for k, v := range extra {
		detail[k] = v
	}
	_, err = db.audit(ctx, tx, actor, "decision.add", "alert:"+strconv.FormatInt(a.ID, 10), detail)
	return rec, err
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
