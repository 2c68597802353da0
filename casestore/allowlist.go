package casestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// IsAllowed reports whether the pair is allow-listed for that entity
// version.
func (db *DB) IsAllowed(ctx context.Context, partyKey, entityID, entityHash string) (bool, error) {
	var one int
	err := db.r.QueryRowContext(ctx, db.q("SELECT 1 FROM allow_list WHERE party_key = ? AND entity_id = ? AND entity_hash = ?"),
		partyKey, entityID, entityHash).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("casestore: allow-list: %w", err)
	}
	return true, nil
}

// AllowList lists the allow-list, newest first.
func (db *DB) AllowList(ctx context.Context, limit int) ([]Allowed, error) {
	rows, err := db.r.QueryContext(ctx, db.q("SELECT party_key, entity_id, entity_hash, decision_id, actor, created_at FROM allow_list ORDER BY created_at DESC, decision_id DESC LIMIT ?"), clampLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("casestore: allow-list: %w", err)
	}
	defer rows.Close()
	var out []Allowed
	for rows.Next() {
		var a Allowed
		var c int64
		if err := rows.Scan(&a.PartyKey, &a.EntityID, &a.EntityHash, &a.DecisionID, &a.Actor, &c); err != nil {
			return nil, fmt.Errorf("casestore: allow-list: %w", err)
		}
		a.Created = micro(c)
		out = append(out, a)
	}
	return out, rows.Err()
}
