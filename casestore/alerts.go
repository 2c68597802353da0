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

// AddAlerts records the hits of a run: each becomes a new alert unless its
// pair is allow-listed for the same entity version (Suppressed) or an alert
// for the same pair and entity version exists (Repeated).
func (db *DB) AddAlerts(ctx context.Context, runID int64, hits []Alert) ([]Outcome, error) {
	out := make([]Outcome, len(hits))
	for i := range hits {
		h := &hits[i]
		if h.PartyKey == "" || h.EntityID == "" || h.EntityHash == "" {
			return nil, fmt.Errorf("casestore: add alerts: hit %d: %w: party key, entity id and entity hash are required", i, ErrInvalid)
		}
		if h.Kind == "" {
			h.Kind = KindParty
		}
		if !h.Kind.Valid() {
			return nil, fmt.Errorf("casestore: add alerts: hit %d: %w: kind %q: want party or shipment", i, ErrInvalid, h.Kind)
		}
		if len(h.Party) == 0 {
			h.Party = json.RawMessage("{}")
		}
		if len(h.Explanation) == 0 {
			h.Explanation = json.RawMessage("{}")
		}
		if !json.Valid(h.Party) || !json.Valid(h.Explanation) {
			return nil, fmt.Errorf("casestore: add alerts: hit %d: %w: party or explanation is not JSON", i, ErrInvalid)
		}
	}
	var actor string
	var counts = map[Outcome]int{}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, db.q("SELECT actor FROM runs WHERE id = ?"), runID).Scan(&actor); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("run %d: %w", runID, ErrNotFound)
			}
			return err
		}
		now := db.now().UnixMicro()
		allowed, err := tx.PrepareContext(ctx, db.q("SELECT 1 FROM allow_list WHERE party_key = ? AND entity_id = ? AND entity_hash = ?"))
		if err != nil {
			return err
		}
		defer allowed.Close()
		seen, err := tx.PrepareContext(ctx, db.q("SELECT 1 FROM alerts WHERE party_key = ? AND entity_id = ? AND entity_hash = ? LIMIT 1"))
		if err != nil {
			return err
		}
		defer seen.Close()
		insert, err := tx.PrepareContext(ctx, db.q(`INSERT INTO alerts (run_id, kind, party_key, party_name, party, entity_id, entity_caption, entity_hash, dataset, score, explanation, status, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`))
		if err != nil {
			return err
		}
		defer insert.Close()
		for i := range hits {
			h := &hits[i]
			var one int
			err := allowed.QueryRowContext(ctx, h.PartyKey, h.EntityID, h.EntityHash).Scan(&one)
			if err == nil {
				out[i] = Suppressed
				counts[Suppressed]++
				continue
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			err = seen.QueryRowContext(ctx, h.PartyKey, h.EntityID, h.EntityHash).Scan(&one)
			if err == nil {
				out[i] = Repeated
				counts[Repeated]++
				continue
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			var id int64
			err = insert.QueryRowContext(ctx, runID, string(h.Kind), h.PartyKey, h.PartyName, string(h.Party), h.EntityID, h.EntityCaption, h.EntityHash, h.Dataset,
				h.Score, string(h.Explanation), StatusOpen, now, now).Scan(&id)
			if err != nil {
				return err
			}
			h.ID, h.RunID, h.Status, h.Created, h.Updated = id, runID, StatusOpen, micro(now), micro(now)
			out[i] = Created
			counts[Created]++
		}
		if len(hits) == 0 {
			return nil
		}
		_, err = db.audit(ctx, tx, actor, "alerts.add", "run:"+strconv.FormatInt(runID, 10), map[string]int{
			"hits": len(hits), "created": counts[Created], "suppressed": counts[Suppressed], "repeated": counts[Repeated],
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("casestore: add alerts to run %d: %w", runID, err)
	}
	return out, nil
}

const alertCols = "id, run_id, kind, party_key, party_name, party, entity_id, entity_caption, entity_hash, dataset, score, explanation, status, created_at, updated_at"

func scanAlert(sc interface{ Scan(...any) error }) (Alert, error) {
	var a Alert
	var party, expl string
	var c, u int64
	var kind string
	if err := sc.Scan(&a.ID, &a.RunID, &kind, &a.PartyKey, &a.PartyName, &party, &a.EntityID, &a.EntityCaption, &a.EntityHash,
		&a.Dataset, &a.Score, &expl, &a.Status, &c, &u); err != nil {
		return Alert{}, err
	}
	a.Kind = AlertKind(kind)
	a.Party, a.Explanation, a.Created, a.Updated = json.RawMessage(party), json.RawMessage(expl), micro(c), micro(u)
	return a, nil
}

// Alert returns one alert.
func (db *DB) Alert(ctx context.Context, id int64) (Alert, error) {
	a, err := scanAlert(db.r.QueryRowContext(ctx, db.q("SELECT "+alertCols+" FROM alerts WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return Alert{}, fmt.Errorf("casestore: alert %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Alert{}, fmt.Errorf("casestore: alert %d: %w", id, err)
	}
	return a, nil
}

// Alerts lists alerts, newest first.
func (db *DB) Alerts(ctx context.Context, f AlertFilter) ([]Alert, error) {
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, f.Status)
	}
	if f.Kind != "" {
		where, args = append(where, "kind = ?"), append(args, string(f.Kind))
	}
	if f.RunID != 0 {
		where, args = append(where, "run_id = ?"), append(args, f.RunID)
	}
	if f.MinScore > 0 {
		where, args = append(where, "score >= ?"), append(args, f.MinScore)
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		pat := "%" + likeEscape(strings.ToLower(t)) + "%"
		where, args = append(where, `(LOWER(party_name) LIKE ? ESCAPE '\' OR LOWER(entity_caption) LIKE ? ESCAPE '\' OR entity_id = ?)`), append(args, pat, pat, t)
	}
	q := "SELECT " + alertCols + " FROM alerts"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id DESC LIMIT ? OFFSET ?"
	args = append(args, clampLimit(f.Limit), max(f.Offset, 0))
	rows, err := db.r.QueryContext(ctx, db.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("casestore: alerts: %w", err)
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("casestore: alerts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CountAlerts counts alerts per status.
func (db *DB) CountAlerts(ctx context.Context) (map[string]int, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT status, COUNT(*) FROM alerts GROUP BY status")
	if err != nil {
		return nil, fmt.Errorf("casestore: count alerts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("casestore: count alerts: %w", err)
		}
		out[s] = n
	}
	return out, rows.Err()
}
