package casestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// keyPrefixLen is how much of a key is kept in clear: "rl_" and 8 hex
// digits.
const keyPrefixLen = 11

// CreateKey makes a new API key "rl_" + 64 hex digits and returns it in
// clear; only its SHA-256 is stored.
func (db *DB) CreateKey(ctx context.Context, actor, name string, role Role) (string, Key, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 64 {
		return "", Key{}, fmt.Errorf("casestore: create key: %w: a key name is 1-64 characters", ErrInvalid)
	}
	if !role.Valid() {
		return "", Key{}, fmt.Errorf("casestore: create key %s: %w: role %q", name, ErrInvalid, role)
	}
	for attempt := 0; ; attempt++ {
		secret := newToken("rl_")
		k := Key{Prefix: secret[:keyPrefixLen], Name: name, Role: role, CreatedBy: actor, Created: micro(db.now().UnixMicro())}
		err := db.tx(ctx, func(tx *sql.Tx) error {
			id, err := db.insert(ctx, tx, "INSERT INTO api_keys (prefix, hash, name, role, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
				k.Prefix, tokenHash(secret), name, string(role), actor, k.Created.UnixMicro())
			if err != nil {
				return err
			}
			k.ID = id
			_, err = db.audit(ctx, tx, actor, "key.create", "key:"+k.Prefix, map[string]any{"name": name, "role": role})
			return err
		})
		if isUnique(err) && attempt < 3 {
			continue // prefix collision: draw again
		}
		if err != nil {
			return "", Key{}, fmt.Errorf("casestore: create key %s: %w", name, err)
		}
		return secret, k, nil
	}
}

// Keys lists the keys, revoked ones included, newest first.
func (db *DB) Keys(ctx context.Context) ([]Key, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT id, prefix, name, role, created_by, created_at, revoked_at FROM api_keys ORDER BY id DESC")
	if err != nil {
		return nil, fmt.Errorf("casestore: keys: %w", err)
	}
	defer rows.Close()
	var out []Key
	for rows.Next() {
		var k Key
		var role string
		var c int64
		var rv sql.NullInt64
		if err := rows.Scan(&k.ID, &k.Prefix, &k.Name, &role, &k.CreatedBy, &c, &rv); err != nil {
			return nil, fmt.Errorf("casestore: keys: %w", err)
		}
		k.Role, k.Created = Role(role), micro(c)
		if rv.Valid {
			t := micro(rv.Int64)
			k.Revoked = &t
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// RevokeKey revokes a key by id or prefix.
func (db *DB) RevokeKey(ctx context.Context, actor, idOrPrefix string) error {
	col, arg := "prefix", any(idOrPrefix)
	if id, err := strconv.ParseInt(idOrPrefix, 10, 64); err == nil {
		col, arg = "id", id
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var prefix string
		var rv sql.NullInt64
		err := tx.QueryRowContext(ctx, db.q("SELECT prefix, revoked_at FROM api_keys WHERE "+col+" = ?"), arg).Scan(&prefix, &rv)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if rv.Valid {
			return nil // already revoked
		}
		if _, err := tx.ExecContext(ctx, db.q("UPDATE api_keys SET revoked_at = ? WHERE prefix = ?"), db.now().UnixMicro(), prefix); err != nil {
			return err
		}
		_, err = db.audit(ctx, tx, actor, "key.revoke", "key:"+prefix, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("casestore: revoke key %s: %w", idOrPrefix, err)
	}
	return nil
}

// KeyPrincipal returns who holds a key.
func (db *DB) KeyPrincipal(ctx context.Context, secret string) (Principal, error) {
	if !strings.HasPrefix(secret, "rl_") || len(secret) != 3+64 {
		return Principal{}, fmt.Errorf("casestore: key: %w", ErrCredentials)
	}
	var name, role string
	err := db.r.QueryRowContext(ctx, db.q("SELECT name, role FROM api_keys WHERE hash = ? AND revoked_at IS NULL"), tokenHash(secret)).Scan(&name, &role)
	if errors.Is(err, sql.ErrNoRows) {
		return Principal{}, fmt.Errorf("casestore: key %s: %w", secret[:keyPrefixLen], ErrCredentials)
	}
	if err != nil {
		return Principal{}, fmt.Errorf("casestore: key: %w", err)
	}
	return Principal{Name: "key:" + name, Role: Role(role), Kind: "key"}, nil
}
